using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static Course.Notebooks.Tests.NotebookFixture;

namespace Course.Notebooks.Tests;

public sealed class DirectiveTests : IDisposable
{
    readonly NotebookFixture fx = new();

    public void Dispose() => fx.Dispose();

    static void Compile(string name, string source, string outPath, params string[] extraReferences)
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var refs = new[] { "System.Runtime.dll", "System.Private.CoreLib.dll" }
            .Select(f => MetadataReference.CreateFromFile(Path.Combine(runtimeDir, f)))
            .Concat(extraReferences.Select(r => MetadataReference.CreateFromFile(r)));
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(source)], refs,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emit = compilation.Emit(outPath);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
    }

    [Fact]
    public async Task HashRLoadsADllRelativeToTheNotebookAndItsDependencies()
    {
        var lib = Directory.CreateDirectory(Path.Combine(fx.Dir, "lib")).FullName;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var helper = Path.Combine(lib, $"Helper{suffix}.dll");
        Compile($"Helper{suffix}", "namespace H; public static class Helper { public static string Shout(string s) => s.ToUpperInvariant() + \"!\"; }", helper);
        var greeter = Path.Combine(lib, $"Greeter{suffix}.dll");
        Compile($"Greeter{suffix}", "namespace G; public static class Greeter { public static string Hello(string who) => H.Helper.Shout(\"hello \" + who); }", greeter, helper);

        var path = fx.Write("ref.ipynb", Code($"#r \"lib/Greeter{suffix}.dll\"\nusing G;"), Code("Greeter.Hello(\"course\")"));
        var (result, nb) = await fx.RunAsync(path);

        Assert.True(result.Passed, result.FailureSummary);
        Assert.Equal("HELLO COURSE!", Text(Outputs(nb, 2).Single()!["data"]!["text/plain"]));
    }

    [Fact]
    public async Task HashRWithAMissingFileFailsAtItsLine()
    {
        var path = fx.Write("missing.ipynb", Code("var a = 1;\n#r \"nothing/here.dll\""));
        var (result, _) = await fx.RunAsync(path);
        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal(1, result.FailedCell);
        Assert.Equal(2, result.FailedLine);
        Assert.Contains("here.dll", result.ErrorMessage);
    }

    [Fact]
    public async Task NuGetReferenceIsRestoredAndUsable()
    {
        var path = fx.Write("nuget.ipynb",
            Code("#r \"nuget: Newtonsoft.Json, 13.0.1\"\nusing Newtonsoft.Json;"),
            Code("JsonConvert.SerializeObject(new { a = 1, b = new[] { \"x\" } })"),
            Code("typeof(JsonConvert).Assembly.GetName().Version.ToString()"));
        var (result, nb) = await fx.RunAsync(path);

        Assert.True(result.Passed, result.FailureSummary);
        Assert.Equal("{\"a\":1,\"b\":[\"x\"]}", Text(Outputs(nb, 2).Single()!["data"]!["text/plain"]));
        Assert.Equal("13.0.0.0", Text(Outputs(nb, 3).Single()!["data"]!["text/plain"]));
    }

    [Fact]
    public async Task LoadRunsAScriptFileInTheSameState()
    {
        File.WriteAllText(Path.Combine(fx.Dir, "helpers.csx"), "int Square(int v) => v * v;\nvar loadedValue = 5;\n");
        var path = fx.Write("load.ipynb", Code("#load \"helpers.csx\"\nSquare(loadedValue)"));
        var (result, nb) = await fx.RunAsync(path);
        Assert.True(result.Passed, result.FailureSummary);
        Assert.Equal("25", Text(Outputs(nb, 1).Single()!["data"]!["text/plain"]));
    }

    [Fact]
    public async Task TimeMagicPrintsWallTime()
    {
        var path = fx.Write("time.ipynb", Code("#!time\nSystem.Threading.Thread.Sleep(30);"));
        var (result, nb) = await fx.RunAsync(path);
        Assert.True(result.Passed, result.FailureSummary);
        var text = Text(Outputs(nb, 1).Single()!["data"]!["text/plain"]);
        var m = Regex.Match(text, @"^Wall time: (\d+(\.\d+)?)ms$");
        Assert.True(m.Success, text);
        Assert.True(double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 30, text);
    }

    [Fact]
    public async Task UnsupportedMagicFails()
    {
        var path = fx.Write("about.ipynb", Code("var a = 1;\n#!about"));
        var (result, _) = await fx.RunAsync(path);
        Assert.Equal("UnsupportedMagicCommand", result.ErrorName);
        Assert.Equal(2, result.FailedLine);
    }

    [Fact]
    public void ParserKeepsLineNumbersAndReadsNuGetVersions()
    {
        var cell = CellParser.Parse("#!time\n#r \"nuget: Foo.Bar, 1.2.3\"\n#i \"nuget: /tmp/feed\"\n#r \"x.dll\" // comment\nvar a = 1;", "C#");
        Assert.Equal("csharp", cell.Language);
        Assert.True(cell.Time);
        Assert.Equal("\n\n\n\nvar a = 1;", cell.Code);
        Assert.Equal(new[]
        {
            new Directive(DirectiveKind.NuGetReference, "Foo.Bar", 2, "1.2.3"),
            new Directive(DirectiveKind.NuGetSource, "/tmp/feed", 3),
            new Directive(DirectiveKind.Reference, "x.dll", 4),
        }, cell.Directives);
    }
}
