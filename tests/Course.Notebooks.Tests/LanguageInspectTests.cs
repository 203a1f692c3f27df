namespace Course.Notebooks.Tests;

public sealed class LanguageInspectTests
{
    static Task<InspectResult> InspectAt(ScriptContext context, string code, string marker, int detailLevel = 0) =>
        LanguageServices.InspectAsync(context, code, code.IndexOf(marker, StringComparison.Ordinal) + marker.Length, detailLevel);

    [Fact]
    public async Task FrameworkMethodShowsItsSignatureAndTheReferencePackSummary()
    {
        const string code = "Console.WriteLine();";
        var expected = LanguageTestSupport.ReferencePackSummary("System.Console", "M:System.Console.WriteLine");

        var result = await InspectAt(LanguageTestSupport.Fresh(), code, "Console.Write");

        Assert.True(result.Found);
        Assert.Contains("void Console.WriteLine()", result.PlainText);
        Assert.Contains("```csharp\nvoid Console.WriteLine()", result.Markdown);
        Assert.NotNull(expected);
        Assert.Contains(expected, result.PlainText);
        Assert.Contains(expected, result.Markdown);
    }

    [Fact]
    public async Task MethodGroupListsItsOverloadsWithTheBoundOneFirst()
    {
        var result = await InspectAt(LanguageTestSupport.Fresh(), "Console.WriteLine(\"hi\");", "Console.WriteLine");
        var expected = LanguageTestSupport.ReferencePackSummary("System.Console", "M:System.Console.WriteLine(System.String)");

        var lines = result.PlainText!.Split('\n');
        Assert.Equal("void Console.WriteLine(string? value)", lines[0]);
        Assert.Contains("void Console.WriteLine()", lines);
        Assert.Contains("more overloads", result.PlainText);
        Assert.Contains(expected!, result.PlainText);
    }

    [Fact]
    public async Task CoreLibraryTypesAreDocumentedThroughTheAssemblyThatExposesThem()
    {
        var summary = LanguageTestSupport.ReferencePackSummary("System.Runtime", "M:System.Math.Sqrt(System.Double)");
        var parameter = "The number whose square root is to be found.";

        var brief = await InspectAt(LanguageTestSupport.Fresh(), "Math.Sqrt(2)", "Math.Sq");
        var detailed = await InspectAt(LanguageTestSupport.Fresh(), "Math.Sqrt(2)", "Math.Sq", detailLevel: 1);

        Assert.Contains("double Math.Sqrt(double d)", brief.PlainText);
        Assert.Contains(summary!, brief.PlainText);
        Assert.DoesNotContain("Parameters:", brief.PlainText);
        Assert.Contains("Parameters:", detailed.PlainText);
        Assert.Contains($"d: {parameter}", detailed.PlainText);
        Assert.Contains("Returns:", detailed.PlainText);
        Assert.Contains($"- `d`: {parameter}", detailed.Markdown);
    }

    [Fact]
    public async Task DocCommentOfAMethodFromAnEarlierCellIsShown()
    {
        var context = await LanguageTestSupport.AfterCellsAsync("""
            /// <summary>
            ///   Scales <paramref name="x"/> by the
            ///   <see cref="System.Math.PI"/> constant, see <see cref="System.String"/>.
            /// </summary>
            /// <param name="x">The value.</param>
            double Scale(double x) => x * Math.PI;
            """);

        var result = await InspectAt(context, "var y = Scale(2);", "Sca");

        Assert.True(result.Found);
        Assert.StartsWith("double Scale(double x)", result.PlainText);
        Assert.Contains("Scales x by the Math.PI constant, see String.", result.PlainText);
        Assert.Contains("Scales `x` by the `Math.PI` constant, see `String`.", result.Markdown);
    }

    [Fact]
    public async Task VariablesTypesAndDeclarationsAreFound()
    {
        var context = await LanguageTestSupport.AfterCellsAsync("var learningRate = 0.1;", "class Net { public int Layers; }");

        Assert.Equal("double learningRate", (await InspectAt(context, "learningRate * 2", "learningRate")).PlainText);
        Assert.Equal("int Net.Layers", (await InspectAt(context, "new Net().Layers", "Lay")).PlainText);
        Assert.StartsWith("class Net", (await InspectAt(context, "new Net()", "Ne")).PlainText);
        Assert.StartsWith("class String", (await InspectAt(context, "string s = null;", "str")).PlainText);
        Assert.Equal("int count", (await InspectAt(context, "int count = 3;", "cou")).PlainText);
    }

    [Fact]
    public async Task InsideAnArgumentListTheCalledMethodIsShown()
    {
        var result = await InspectAt(LanguageTestSupport.Fresh(), "Math.Max(1, ", "Math.Max(1, ");

        Assert.True(result.Found);
        Assert.Contains("Math.Max(", result.PlainText);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 2)]
    [InlineData("var x = 1;   ", 12)]
    [InlineData("// just a comment", 8)]
    [InlineData("1 + 1", 2)]
    public async Task NothingIsFoundAwayFromSymbols(string code, int cursor)
    {
        var result = await LanguageServices.InspectAsync(LanguageTestSupport.Fresh(), code, cursor);

        Assert.False(result.Found);
        Assert.Null(result.PlainText);
        Assert.Null(result.Markdown);
    }

    [Fact]
    public async Task ReferencedAssemblyDocsComeFromTheXmlFileNextToIt()
    {
        var dir = Directory.CreateTempSubdirectory("langsvc-").FullName;
        try
        {
            var dll = LanguageTestSupport.BuildLibrary(dir, "Optim", """
                namespace Optim
                {
                    /// <summary>Plain stochastic gradient descent.</summary>
                    public sealed class Sgd
                    {
                        /// <summary>Takes one step of size <paramref name="rate"/>.</summary>
                        /// <param name="rate">The learning rate.</param>
                        public void Step(double rate) { }
                    }
                }
                """);
            var context = await LanguageTestSupport.AfterCellsAsync(LanguageTestSupport.Options(dll), "var opt = new Optim.Sgd();");

            var type = await InspectAt(context, "new Optim.Sgd()", "Sg");
            var method = await InspectAt(context, "opt.Step(0.1);", "Ste", detailLevel: 1);

            Assert.Contains("Plain stochastic gradient descent.", type.PlainText);
            Assert.Contains("void Sgd.Step(double rate)", method.PlainText);
            Assert.Contains("Takes one step of size rate.", method.PlainText);
            Assert.Contains("rate: The learning rate.", method.PlainText);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
