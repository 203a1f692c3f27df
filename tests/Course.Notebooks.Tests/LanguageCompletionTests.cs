using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Course.Notebooks.Tests;

/// <summary>Globals for the language-service tests (the engine's own globals class cannot be constructed here).</summary>
public sealed class LanguageTestGlobals
{
    public int Epochs = 3;
}

/// <summary>Script states and contexts shaped like the engine's, and docs read straight from the SDK's reference pack.</summary>
internal static class LanguageTestSupport
{
    static readonly string[] Imports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    static readonly Lazy<MetadataReference[]> FrameworkReferences = new(() => Directory
        .GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
        .Order(StringComparer.Ordinal)
        .Where(HasMetadata)
        .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
        .ToArray());

    /// <summary>Options like the engine's: latest language, the default imports, every framework assembly (plus <paramref name="extra"/>).</summary>
    public static ScriptOptions Options(params string[] extra) => ScriptOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithImports(Imports)
        .WithReferences(FrameworkReferences.Value.Concat(extra.Select(p => MetadataReference.CreateFromFile(p))));

    /// <summary>Runs <paramref name="cells"/> as consecutive submissions and returns the context for the next one.</summary>
    public static async Task<ScriptContext> AfterCellsAsync(ScriptOptions options, params string[] cells)
    {
        ScriptState<object>? state = null;
        foreach (var cell in cells)
            state = state is null
                ? await CSharpScript.RunAsync(cell, options, new LanguageTestGlobals(), typeof(LanguageTestGlobals))
                : await state.ContinueWithAsync(cell, options);
        return new ScriptContext(state?.Script, options, typeof(LanguageTestGlobals), Environment.CurrentDirectory);
    }

    public static Task<ScriptContext> AfterCellsAsync(params string[] cells) => AfterCellsAsync(Options(), cells);

    /// <summary>The context before any cell has run.</summary>
    public static ScriptContext Fresh(string? workingDirectory = null) =>
        new(null, Options(), typeof(LanguageTestGlobals), workingDirectory ?? Environment.CurrentDirectory);

    /// <summary>The whitespace-normalised &lt;summary&gt; of a documentation id in the reference pack's XML for <paramref name="assembly"/>, or null without a pack.</summary>
    public static string? ReferencePackSummary(string assembly, string documentationId)
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var packs = Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs)) return null;
        var tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var xml = Directory.GetDirectories(packs)
            .Select(d => Path.Combine(d, "ref", tfm, assembly + ".xml"))
            .Where(File.Exists)
            .OrderByDescending(p => p, StringComparer.Ordinal)
            .FirstOrDefault(p => Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(p))))!
                .StartsWith($"{Environment.Version.Major}.{Environment.Version.Minor}.", StringComparison.Ordinal));
        if (xml is null) return null;
        var member = XDocument.Load(xml).Descendants("member").FirstOrDefault(m => (string?)m.Attribute("name") == documentationId);
        var summary = member?.Element("summary")?.Value;
        return summary is null ? null : string.Join(" ", summary.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Compiles a small library with XML docs into <paramref name="directory"/> and returns the dll's path.</summary>
    public static string BuildLibrary(string directory, string name, string source)
    {
        var compilation = CSharpCompilation.Create(name,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(documentationMode: DocumentationMode.Diagnose))],
            FrameworkReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var dll = Path.Combine(directory, name + ".dll");
        using (var pe = File.Create(dll))
        using (var xml = File.Create(Path.Combine(directory, name + ".xml")))
        {
            var result = compilation.Emit(pe, xmlDocumentationStream: xml);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        }
        return dll;
    }

    static bool HasMetadata(string file)
    {
        try
        {
            using var pe = new PEReader(File.OpenRead(file));
            return pe.HasMetadata;
        }
        catch (BadImageFormatException) { return false; }
    }
}

public sealed class LanguageCompletionTests
{
    static async Task<CompletionResult> CompleteAtEnd(ScriptContext context, string code) =>
        await LanguageServices.CompleteAsync(context, code, code.Length);

    [Fact]
    public async Task MemberPrefixMatchesExactlyTheMembersStartingWithIt()
    {
        var result = await CompleteAtEnd(LanguageTestSupport.Fresh(), "Console.Wri");

        Assert.Equal(["Write", "WriteLine"], result.Matches);
        Assert.Equal(8, result.CursorStart);
        Assert.Equal(11, result.CursorEnd);
        var writeLine = result.Entries.Single(e => e.Text == "WriteLine");
        Assert.Equal("method", writeLine.Kind);
        Assert.Contains("Console.WriteLine", writeLine.Signature);
    }

    [Fact]
    public async Task VariableFromAnEarlierCellIsOffered()
    {
        var context = await LanguageTestSupport.AfterCellsAsync("var learningRate = 0.1;");

        var result = await CompleteAtEnd(context, "learn");

        Assert.Contains("learningRate", result.Matches);
        Assert.Equal(0, result.CursorStart);
        Assert.Equal(5, result.CursorEnd);
    }

    [Fact]
    public async Task MembersOfAClassFromAnEarlierCellAreOffered()
    {
        var context = await LanguageTestSupport.AfterCellsAsync("class Net { public int Layers; }");

        var result = await CompleteAtEnd(context, "new Net().La");

        Assert.Equal(["Layers"], result.Matches);
    }

    [Fact]
    public async Task DeclarationsFromEveryEarlierCellOfALongChainAreSeen()
    {
        var cells = Enumerable.Range(0, 12).Select(i => $"var cell{i}Value = {i};").Prepend("int Twice(int v) => 2 * v;").ToArray();
        var context = await LanguageTestSupport.AfterCellsAsync(cells);

        var first = await CompleteAtEnd(context, "cell");
        var again = await CompleteAtEnd(context, "Twi");

        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"cell{i}Value").Order(StringComparer.OrdinalIgnoreCase), first.Matches);
        Assert.Equal(["Twice"], again.Matches);
    }

    [Fact]
    public async Task NamespacesAreOffered()
    {
        var result = await CompleteAtEnd(LanguageTestSupport.Fresh(), "Syst");

        Assert.Contains("System", result.Matches);
        Assert.Equal("namespace", result.Entries.Single(e => e.Text == "System").Kind);
    }

    [Fact]
    public async Task AfterADotEveryMemberIsOfferedAndTheReplacedSpanIsEmpty()
    {
        const string code = "Math.";
        var result = await CompleteAtEnd(LanguageTestSupport.Fresh(), code);

        Assert.Contains("Max", result.Matches);
        Assert.Contains("Sqrt", result.Matches);
        Assert.Equal(code.Length, result.CursorStart);
        Assert.Equal(code.Length, result.CursorEnd);
        Assert.Equal(result.Matches.Order(StringComparer.OrdinalIgnoreCase).ThenBy(m => m, StringComparer.Ordinal), result.Matches);
        Assert.Equal(result.Matches.Count, result.Matches.Distinct().Count());
    }

    [Fact]
    public async Task MembersOfALocalOfTheCurrentCellAreOffered()
    {
        var result = await CompleteAtEnd(LanguageTestSupport.Fresh(), "var s = \"abc\"; s.Len");

        Assert.Equal(["Length"], result.Matches);
        Assert.Equal("property", result.Entries.Single().Kind);
    }

    [Fact]
    public async Task CursorInsideAnIdentifierFiltersByWhatIsBeforeItAndReplacesTheWholeWord()
    {
        const string code = "Console.WriteLine(1);";
        var result = await LanguageServices.CompleteAsync(LanguageTestSupport.Fresh(), code, "Console.Wri".Length);

        Assert.Equal(["Write", "WriteLine"], result.Matches);
        Assert.Equal(8, result.CursorStart);
        Assert.Equal(17, result.CursorEnd);
    }

    [Fact]
    public async Task WithoutACaseSensitiveMatchCaseIsIgnored()
    {
        var result = await CompleteAtEnd(LanguageTestSupport.Fresh(), "Console.writel");

        Assert.Equal(["WriteLine"], result.Matches);
    }

    [Fact]
    public async Task MembersOfTheGlobalsTypeAreOffered()
    {
        var context = await LanguageTestSupport.AfterCellsAsync("var a = Epochs;");

        Assert.Contains("Epochs", (await CompleteAtEnd(context, "Epo")).Matches);
        Assert.Contains("Epochs", (await CompleteAtEnd(LanguageTestSupport.Fresh(), "Epo")).Matches);
    }

    [Fact]
    public async Task TypesOfAReferencedAssemblyAreOffered()
    {
        var dir = Directory.CreateTempSubdirectory("langsvc-").FullName;
        try
        {
            var dll = LanguageTestSupport.BuildLibrary(dir, "Shapes", "namespace Shapes { public static class Area { public static double Circle(double r) => 3.14 * r * r; public static double Square(double s) => s * s; } }");
            var options = LanguageTestSupport.Options(dll);
            var context = await LanguageTestSupport.AfterCellsAsync(options, "var unit = 1.0;");

            var result = await CompleteAtEnd(context, "Shapes.Area.");

            Assert.Equal(["Circle", "Equals", "ReferenceEquals", "Square"], result.Matches);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public async Task DirectiveLinesAreIgnoredAndAReferenceDirectiveOfTheCellIsUsed()
    {
        var dir = Directory.CreateTempSubdirectory("langsvc-").FullName;
        try
        {
            LanguageTestSupport.BuildLibrary(dir, "Greetings", "public static class Greeter { public static string Hello(string name) => name; }");
            var code = "#!time\n#r \"Greetings.dll\"\n#r \"nuget: Foo, 1.0\"\nGreeter.He";

            var result = await CompleteAtEnd(LanguageTestSupport.Fresh(dir), code);

            Assert.Equal(["Hello"], result.Matches);
            Assert.Equal(code.Length - 2, result.CursorStart);
            Assert.Empty((await LanguageServices.CompleteAsync(LanguageTestSupport.Fresh(dir), code, 3)).Matches);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public async Task RepeatedRequestsGiveTheSameAnswer()
    {
        var context = await LanguageTestSupport.AfterCellsAsync("var alpha = 1;", "var alphabet = \"abc\";");

        var first = await CompleteAtEnd(context, "alp");
        var second = await CompleteAtEnd(context, "alp");
        var changed = await CompleteAtEnd(context, "var alpine = 2; alp");

        Assert.Equal(["alpha", "alphabet"], first.Matches);
        Assert.Equal(first.Matches, second.Matches);
        Assert.Equal(["alpha", "alphabet", "alpine"], changed.Matches);
    }

    [Fact]
    public async Task DefaultScriptOptionsWithUnresolvedReferencesWork()
    {
        var context = new ScriptContext(null, Microsoft.CodeAnalysis.Scripting.ScriptOptions.Default, null, Environment.CurrentDirectory);

        var result = await CompleteAtEnd(context, "System.Console.Wri");

        Assert.Equal(["Write", "WriteLine"], result.Matches);
    }

    [Fact]
    public async Task ConcurrentRequestsFromManyThreadsAreAnsweredCorrectly()
    {
        var context = await LanguageTestSupport.AfterCellsAsync("var learningRate = 0.1;", "class Net { public int Layers; }");
        var fresh = LanguageTestSupport.Fresh();

        var tasks = Enumerable.Range(0, 24).Select(i => Task.Run(async () => (i % 4) switch
        {
            0 => (await CompleteAtEnd(context, "learn")).Matches.Contains("learningRate"),
            1 => (await CompleteAtEnd(context, "new Net().La")).Matches.SequenceEqual(["Layers"]),
            2 => (await CompleteAtEnd(fresh, "Console.Wri")).Matches.SequenceEqual(["Write", "WriteLine"]),
            _ => (await LanguageServices.InspectAsync(context, "learningRate", 3)).PlainText == "double learningRate",
        }));

        Assert.All(await Task.WhenAll(tasks), Assert.True);
    }

    [Fact]
    public async Task WindowsLineEndingsKeepOffsets()
    {
        var code = "#r \"nuget: Foo, 1.0\"\r\nvar total = 1;\r\ntot";

        var result = await CompleteAtEnd(LanguageTestSupport.Fresh(), code);

        Assert.Contains("total", result.Matches);
        Assert.Equal(code.Length - 3, result.CursorStart);
    }
}
