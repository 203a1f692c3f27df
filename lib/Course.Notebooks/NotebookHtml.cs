using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Markdig;

namespace Course.Notebooks;

/// <summary>Renders an (executed) notebook as one standalone HTML page.</summary>
public static class NotebookHtml
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    const string Style = """
        body { font-family: system-ui, sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em; color: #222; }
        .cell { margin: 1em 0; }
        .source { background: #f5f5f7; border-left: 3px solid #4a7ab5; padding: .6em; overflow-x: auto; }
        .prompt { color: #4a7ab5; font-family: monospace; font-size: .85em; }
        .output { margin: .3em 0 .3em 1em; overflow-x: auto; }
        .output pre { margin: 0; }
        .stderr { background: #fff0f0; }
        .error { color: #b00020; background: #fff0f0; padding: .4em; }
        img { max-width: 100%; }
        table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2em .5em; }
        """;

    /// <summary>The HTML page for <paramref name="notebook"/> with <paramref name="title"/>.</summary>
    public static string Render(NotebookDocument notebook, string title)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
          .Append(Encode(title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");
        foreach (var node in notebook.Cells)
        {
            var cell = (JsonObject)node!;
            var source = NotebookDocument.GetSource(cell);
            var type = cell["cell_type"]?.GetValue<string>();
            if (type == "markdown")
            {
                sb.Append("<div class=\"cell markdown\">\n").Append(Markdown.ToHtml(source, Pipeline)).Append("</div>\n");
                continue;
            }
            if (type != "code") continue;
            var parsed = CellParser.Parse(source, notebook.LanguageOf(cell));
            if (parsed.Language == "markdown")
            {
                sb.Append("<div class=\"cell markdown\">\n").Append(Markdown.ToHtml(parsed.Code, Pipeline)).Append("</div>\n");
                continue;
            }
            var count = cell["execution_count"]?.ToString() ?? " ";
            sb.Append("<div class=\"cell code\">\n<div class=\"prompt\">In [").Append(count).Append("]:</div>\n")
              .Append("<pre class=\"source\"><code>").Append(Encode(source)).Append("</code></pre>\n");
            if (cell["outputs"] is JsonArray outputs)
                foreach (var output in outputs.OfType<JsonObject>()) AppendOutput(sb, output);
            sb.Append("</div>\n");
        }
        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>
    /// A page of outputs only, each laid out as <see cref="Render"/> lays out a cell's output (nbformat output JSON):
    /// the page an exported app (<see cref="App"/>) writes.
    /// </summary>
    public static string RenderOutputs(string title, IEnumerable<JsonObject> outputs)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
          .Append(Encode(title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n")
          .Append("<h1>").Append(Encode(title)).Append("</h1>\n");
        int n = 0;
        foreach (var output in outputs)
        {
            sb.Append("<div class=\"cell code\">\n<div class=\"prompt\">Out [").Append(++n).Append("]:</div>\n");
            AppendOutput(sb, output);
            sb.Append("</div>\n");
        }
        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    static void AppendOutput(StringBuilder sb, JsonObject output)
    {
        sb.Append("<div class=\"output\">");
        switch (output["output_type"]?.GetValue<string>())
        {
            case "stream":
                var name = output["name"]?.GetValue<string>();
                sb.Append("<pre class=\"").Append(name == "stderr" ? "stderr" : "stdout").Append("\">")
                  .Append(Encode(Text(output["text"]))).Append("</pre>");
                break;
            case "error":
                var trace = output["traceback"] is JsonArray t ? string.Join("\n", t.Select(x => x?.GetValue<string>())) : "";
                sb.Append("<pre class=\"error\">").Append(Encode($"{Text(output["ename"])}: {Text(output["evalue"])}"));
                if (trace.Length > 0) sb.Append('\n').Append(Encode(trace));
                sb.Append("</pre>");
                break;
            default:
                if (output["data"] is not JsonObject data) break;
                if (data["text/html"] is { } html) sb.Append(Text(html));
                else if (data["image/png"] is { } png) sb.Append("<img src=\"data:image/png;base64,").Append(Text(png).Trim()).Append("\" alt=\"output\">");
                else if (data["image/svg+xml"] is { } svg) sb.Append(Text(svg));
                else if (data["text/plain"] is { } plain) sb.Append("<pre>").Append(Encode(Text(plain))).Append("</pre>");
                break;
        }
        sb.Append("</div>\n");
    }

    static string Text(JsonNode? node) => node switch
    {
        JsonArray a => string.Concat(a.Select(x => x?.GetValue<string>())),
        JsonValue v => v.ToString(),
        _ => "",
    };

    static string Encode(string s) => WebUtility.HtmlEncode(s);
}
