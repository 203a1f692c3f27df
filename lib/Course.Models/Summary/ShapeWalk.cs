using System.Net;
using System.Text;
using TorchSharp;
using Course.Polyglot;
using static TorchSharp.torch;

namespace Course.Models;

/// <summary>One step of a <see cref="ShapeWalk"/>: a module call and the shape it produced.</summary>
public sealed record ShapeRow(string Name, string Type, long[] OutputShape);

/// <summary>The rows of a <see cref="ShapeWalk"/>, displayable as text or HTML.</summary>
[TypeFormatterSource(typeof(CourseFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class ShapeTable
{
    internal ShapeTable(long[] inputShape, IReadOnlyList<ShapeRow> rows) { InputShape = inputShape; Rows = rows; }

    /// <summary>The input shape walked.</summary>
    public long[] InputShape { get; }
    /// <summary>The calls in execution order.</summary>
    public IReadOnlyList<ShapeRow> Rows { get; }

    /// <summary>d2l's printout: "Conv2d output shape:\t[1, 6, 28, 28]" per row.</summary>
    public override string ToString()
    {
        int w = Rows.Count == 0 ? 0 : Rows.Max(r => (r.Type + " (" + r.Name + ")").Length);
        return string.Join("\n", Rows.Select(r => $"{(r.Type + " (" + r.Name + ")").PadRight(w)}  output shape: {ForwardRecorder.FormatShape(r.OutputShape)}"));
    }

    /// <summary>An HTML table: layer, type, output shape.</summary>
    public string ToHtml()
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder("<table style=\"border-collapse:collapse;font-family:monospace;font-size:12px\"><thead><tr>");
        foreach (var h in new[] { "Layer", "Type", "Output shape" })
            sb.Append($"<th style=\"text-align:left;border-bottom:2px solid #444;padding:2px 8px\">{h}</th>");
        sb.Append("</tr></thead><tbody>");
        sb.Append($"<tr><td style=\"padding:1px 8px\">input</td><td style=\"padding:1px 8px\"></td><td style=\"padding:1px 8px\">{E(ForwardRecorder.FormatShape(InputShape))}</td></tr>");
        foreach (var r in Rows)
            sb.Append($"<tr><td style=\"padding:1px 8px\">{E(r.Name)}</td><td style=\"padding:1px 8px\">{E(r.Type)}</td><td style=\"padding:1px 8px\">{E(ForwardRecorder.FormatShape(r.OutputShape))}</td></tr>");
        return sb.Append("</tbody></table>").ToString();
    }
}

/// <summary>d2l's "X.shape after each layer" walk, for any model.</summary>
public static class ShapeWalk
{
    /// <summary>
    /// Runs <paramref name="model"/> once on zeros of <paramref name="inputShape"/> (with batch dimension; evaluation
    /// mode, no gradients) and lists, in execution order, every call of the modules at <paramref name="depth"/> and of
    /// the leaf modules above it; with <paramref name="depth"/> null, every call of a leaf module (d2l's layer-by-layer walk).
    /// Example: depth 2 on d2l's VGG lists "features.0" … "features.4" (the blocks) and the classifier's layers.
    /// </summary>
    public static ShapeTable Run(nn.Module<Tensor, Tensor> model, long[] inputShape, int? depth = null)
    {
        if (depth is < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "depth must be ≥ 1 (or null for leaves).");
        var (events, _) = ForwardRecorder.Run(model, inputShape, null, ScalarType.Float32, "ShapeWalk");
        var rows = new List<ShapeRow>();
        foreach (var e in events)
        {
            if (e.Name.Length == 0) continue;
            int d = e.Name.Count(c => c == '.') + 1;
            bool leaf = !e.Module.children().Any();
            if (depth is null ? leaf : d == depth || (d < depth && leaf))
                rows.Add(new ShapeRow(e.Name, e.Module.GetName(), e.OutputShape));
        }
        return new ShapeTable((long[])inputShape.Clone(), rows);
    }

    /// <summary>Same as <see cref="Run"/>: the (name, type, output shape) rows.</summary>
    public static IReadOnlyList<ShapeRow> LayerShapes(nn.Module<Tensor, Tensor> model, long[] inputShape, int? depth = null) =>
        Run(model, inputShape, depth).Rows;
}
