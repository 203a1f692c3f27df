using System.Text.Json.Nodes;
using static Course.Notebooks.Tests.NotebookFixture;

namespace Course.Notebooks.Tests;

/// <summary>
/// <c>Microsoft.DotNet.Interactive.Formatting.Formatter</c> as Polyglot notebooks use it: registered formatters and
/// preferred MIME types decide how values display, per notebook session.
/// </summary>
public sealed class FormatterTests : IDisposable
{
    readonly NotebookFixture fx = new();

    public void Dispose() => fx.Dispose();

    /// <summary>A type that displays as HTML by the engine's own rules (ToHtml), and two derived/implementing types.</summary>
    const string Types = """
        using Microsoft.DotNet.Interactive.Formatting;
        public interface IShape { }
        public class Money { public decimal V; public Money(decimal v) => V = v; public string ToHtml() => "<b>money</b>"; public override string ToString() => "money " + V; }
        public class Coin : Money, IShape { public Coin() : base(1) { } }
        public class Square : IShape { public override string ToString() => "square"; }
        """;

    /// <summary>The MIME bundle of cell <paramref name="number"/>'s only execute_result or display_data output.</summary>
    static Dictionary<string, string> Bundle(JsonObject nb, int number) =>
        Outputs(nb, number).Single(o => (string?)o!["output_type"] is "execute_result" or "display_data")!["data"]!.AsObject()
            .ToDictionary(kv => kv.Key, kv => Text(kv.Value));

    async Task<JsonObject> RunPassing(params string[] cells)
    {
        var path = fx.Write($"nb{Guid.NewGuid():N}.ipynb", cells.Select(c => Code(c)).ToArray());
        var (result, nb) = await fx.RunAsync(path);
        Assert.True(result.Passed, result.FailureSummary);
        return nb;
    }

    [Fact]
    public async Task ARegisteredFormatterWithItsPreferredMimeTypeReplacesTheEngineRules()
    {
        // the pattern of TorchSharp's tutorial 1: text/plain preferred, then a Func<T, string> formatter
        var nb = await RunPassing(Types,
            "new Money(3)",
            "Formatter.SetPreferredMimeTypesFor(typeof(Money), \"text/plain\");\nFormatter.Register<Money>((Money m) => $\"{m.V:0.00} EUR\");",
            "new Money(3)",
            "display(new Money(4));",
            "new Coin()");

        Assert.Equal(new() { ["text/html"] = "<b>money</b>", ["text/plain"] = "money 3" }, Bundle(nb, 2));   // before: the engine's rules
        Assert.Equal(new() { ["text/plain"] = "3.00 EUR" }, Bundle(nb, 4));
        Assert.Equal(new() { ["text/plain"] = "4.00 EUR" }, Bundle(nb, 5));
        Assert.Equal(new() { ["text/plain"] = "1.00 EUR" }, Bundle(nb, 6));   // a derived type uses its base type's registration
    }

    [Fact]
    public async Task TheMostSpecificRegistrationWinsThenTheLatest()
    {
        var nb = await RunPassing(Types,
            """
            Formatter.Register<object>((object o) => "<i>any</i>", "text/html");
            Formatter.Register<IShape>((IShape s) => "<i>shape</i>", "text/html");
            Formatter.Register<Money>((Money m) => "<i>money</i>", "text/html");
            Formatter.Register<Money>((Money m) => "<i>money, later</i>", "text/html");
            """,
            "new Money(2)", "new Coin()", "new Square()", "new System.Text.StringBuilder(\"sb\")");

        // each bundle keeps text/plain from ToString() beside the registered text/html
        Assert.Equal(new() { ["text/html"] = "<i>money, later</i>", ["text/plain"] = "money 2" }, Bundle(nb, 3));
        // Coin is a Money and an IShape: the later of the two equally applicable (unrelated) registrations wins
        Assert.Equal("<i>money, later</i>", Bundle(nb, 4)["text/html"]);
        Assert.Equal(new() { ["text/html"] = "<i>shape</i>", ["text/plain"] = "square" }, Bundle(nb, 5));
        Assert.Equal(new() { ["text/html"] = "<i>any</i>", ["text/plain"] = "sb" }, Bundle(nb, 6));
    }

    [Fact]
    public async Task TextWriterFormattersOpenGenericTypesAndExplicitMimeTypes()
    {
        var nb = await RunPassing(Types,
            """
            Formatter.Register<Square>((Square s, System.IO.TextWriter w) => { w.Write("[]"); }, HtmlFormatter.MimeType);
            Formatter.Register(typeof(List<>), (object list, System.IO.TextWriter w) => w.Write($"list of {((System.Collections.ICollection)list).Count}"));
            """,
            "new List<int> { 1, 2, 3 }",
            "display(new Square(), \"text/html\", \"text/plain\");",
            "display(new List<string> { \"a\" }, \"text/html\");");

        Assert.Equal(new() { ["text/plain"] = "list of 3" }, Bundle(nb, 3));
        Assert.Equal(new() { ["text/html"] = "[]", ["text/plain"] = "square" }, Bundle(nb, 4));
        Assert.Equal(new() { ["text/html"] = "<pre>System.Collections.Generic.List`1[System.String]</pre>" }, Bundle(nb, 5));   // no text/html formatter: the engine's rule
    }

    [Fact]
    public async Task ToDisplayStringAndGetPreferredMimeTypesForFollowTheRegistrations()
    {
        var nb = await RunPassing(Types,
            """
            var before = (42.ToDisplayString(), new Money(1).ToDisplayString("text/html"), new Square().ToDisplayString("text/html"),
                string.Join(",", Formatter.GetPreferredMimeTypesFor(typeof(Money))), string.Join(",", Formatter.GetPreferredMimeTypesFor(typeof(Square))));
            Formatter.Register<int>((int i) => $"int {i}");
            Formatter.SetPreferredMimeTypesFor(typeof(Square), "text/html", "text/plain");
            var after = (42.ToDisplayString(), ((object)null).ToDisplayString(), string.Join(",", Formatter.GetPreferredMimeTypesFor(typeof(Square))));
            $"{before} {after}"
            """);

        Assert.Equal("(42, <b>money</b>, <pre>square</pre>, text/html, text/plain) (int 42, <null>, text/html,text/plain)",
            Bundle(nb, 2)["text/plain"]);
    }

    [Fact]
    public async Task ResetToDefaultForgetsTheRegistrations()
    {
        var nb = await RunPassing(Types,
            "Formatter.Register<Money>((Money m) => \"custom\");\nnew Money(5)",
            "Formatter.ResetToDefault();\nnew Money(5)");

        Assert.Equal(new() { ["text/plain"] = "custom" }, Bundle(nb, 2));
        Assert.Equal(new() { ["text/html"] = "<b>money</b>", ["text/plain"] = "money 5" }, Bundle(nb, 3));
    }

    [Fact]
    public async Task RegistrationsBelongToTheirSession()
    {
        await RunPassing("Microsoft.DotNet.Interactive.Formatting.Formatter.Register<int>((int i) => \"registered elsewhere\");\n1");
        var nb = await RunPassing("42");
        Assert.Equal(new() { ["text/plain"] = "42" }, Bundle(nb, 1));
    }

    [Theory]
    [InlineData("Formatter.Register<int>((Func<int, string>)null);", "System.ArgumentNullException", "Value cannot be null. (Parameter 'formatter')")]
    [InlineData("Formatter.Register<int>((int i) => \"x\", \"html\");", "System.ArgumentException",
        "expected a MIME type such as \"text/plain\" or \"text/html\", got \"html\" (Parameter 'mimeType')")]
    [InlineData("Formatter.SetPreferredMimeTypesFor(typeof(int));", "System.ArgumentException",
        "SetPreferredMimeTypesFor(Int32): give at least one MIME type, e.g. \"text/plain\" (Parameter 'preferredMimeTypes')")]
    public async Task BadArgumentsFailWithAClearError(string code, string name, string message)
    {
        var path = fx.Write("bad.ipynb", Code("using Microsoft.DotNet.Interactive.Formatting;\n" + code));
        var (result, _) = await fx.RunAsync(path);
        Assert.Equal((name, message), (result.ErrorName, result.ErrorMessage));
    }
}
