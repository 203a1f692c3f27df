using static Course.Notebooks.Tests.NotebookFixture;

namespace Course.Notebooks.Tests;

public sealed class DisplayTests : IDisposable
{
    readonly NotebookFixture fx = new();

    public void Dispose() => fx.Dispose();

    public sealed class Card { public string ToHtml() => "<div>card</div>"; public override string ToString() => "card"; }
    public sealed class Picture { public byte[] ToPng() => [137, 80, 78, 71, 1, 2]; }
    public sealed class PrivateHtml { string ToHtml() => "<i>hidden</i>"; public override string ToString() => "plain"; }
    public sealed class WrongReturn { public int ToHtml() => 1; public override string ToString() => "wrong"; }
    public sealed class WrongReturn2 { public override string ToString() => "x < y"; }

    [Fact]
    public void FormatterFollowsTheConvention()
    {
        Assert.Equal("<div>card</div>", DisplayFormatter.Format(new Card())["text/html"]);
        Assert.Equal(["text/html", "text/plain"], DisplayFormatter.Format(new Card()).Keys.Order());
        Assert.Equal("card", DisplayFormatter.Format(new Card())["text/plain"]);
        Assert.Equal(["image/png", "text/plain"], DisplayFormatter.Format(new Picture()).Keys.Order());
        Assert.Equal(Convert.ToBase64String(new byte[] { 137, 80, 78, 71, 1, 2 }), DisplayFormatter.Format(new Picture())["image/png"]);
        Assert.Equal("plain", DisplayFormatter.Format(new PrivateHtml())["text/plain"]);
        Assert.Equal("wrong", DisplayFormatter.Format(new WrongReturn())["text/plain"]);
        Assert.Equal("<b>", DisplayFormatter.Format("<b>")["text/plain"]);
        Assert.Equal("<null>", DisplayFormatter.Format(null)["text/plain"]);
        Assert.Equal("card", DisplayFormatter.Format(new Card(), "text/plain")["text/plain"]);
        Assert.Equal("a < b", DisplayFormatter.Format("a < b", "text/html")["text/html"]);
        Assert.Equal("<pre>x &lt; y</pre>", DisplayFormatter.Format(new WrongReturn2(), "text/html")["text/html"]);
        var e = Assert.Throws<ArgumentException>(() => DisplayFormatter.Format(new Card(), "image/png"));
        Assert.Contains("ToPng", e.Message);
    }

    [Fact]
    public async Task NotebookObjectsDisplayAsHtmlAndPng()
    {
        var path = fx.Write("convention.ipynb",
            Code("public class Card { public string ToHtml() => \"<b>card</b>\"; }\npublic class Pic { public byte[] ToPng() => new byte[] { 137, 80, 78, 71 }; }"),
            Code("new Card()"),
            Code("display(new Pic());\ndisplay(\"<i>x</i>\", \"text/html\");\nnew System.Collections.Generic.List<int>().Count"));
        var (result, nb) = await fx.RunAsync(path);

        Assert.True(result.Passed, result.FailureSummary);
        Assert.Equal("<b>card</b>", Text(Outputs(nb, 2).Single()!["data"]!["text/html"]));
        var outputs = Outputs(nb, 3);
        Assert.Equal(3, outputs.Count);
        Assert.Equal("iVBORw==", (string?)outputs[0]!["data"]!["image/png"]);
        Assert.Equal("<i>x</i>", Text(outputs[1]!["data"]!["text/html"]));
        Assert.Equal("execute_result", (string?)outputs[2]!["output_type"]);
        Assert.Equal("0", Text(outputs[2]!["data"]!["text/plain"]));
    }

    [Fact]
    public async Task HtmlPageRendersMarkdownOutputsAndErrors()
    {
        var html = Path.Combine(fx.Dir, "html");
        var path = fx.Write("page.ipynb",
            Markdown("# Big *title*\n\n| a | b |\n|---|---|\n| 1 | 2 |"),
            Code("display(HTML(\"<span id='raw'>raw html</span>\"));\npublic class Pic { public byte[] ToPng() => new byte[] { 137, 80, 78, 71 }; }\ndisplay(new Pic());\nConsole.WriteLine(\"a < b\");"),
            Code("throw new Exception(\"bad & worse\");"));
        var (result, _) = await fx.RunAsync(path, new RunnerOptions { HtmlDirectory = html });

        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal(Path.Combine(html, "page.html"), result.HtmlPath);
        var page = File.ReadAllText(result.HtmlPath!);
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("<h1", page);
        Assert.Contains("<em>title</em>", page);
        Assert.Contains("<table>", page);
        Assert.Contains("<span id='raw'>raw html</span>", page);
        Assert.Contains("src=\"data:image/png;base64,iVBORw==\"", page);
        Assert.Contains("a &lt; b", page);
        Assert.Contains("<pre class=\"error\">System.Exception: bad &amp; worse", page);
        Assert.Contains("throw new Exception(&quot;bad &amp; worse&quot;);", page);
    }
}
