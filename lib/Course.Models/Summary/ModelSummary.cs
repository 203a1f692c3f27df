using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using TorchSharp;
using Course.Polyglot;
using static TorchSharp.torch;

namespace Course.Models;

/// <summary>
/// A torchinfo-style model summary, computed by running the model once on a zero input with forward hooks.
/// <para>Conventions (as torchinfo): parameters are counted once per module, non-recursively (a module implementing
/// <see cref="IParameterCount"/> reports its effective count); mult-adds per call are, for modules whose type name
/// contains "Conv", (own parameters) × N × H_out × W_out, and for other modules with parameters (Linear, BatchNorm, …)
/// N × (own parameters); parameter-free modules (activations, pooling) count 0. Input size = input elements × 4 bytes;
/// forward/backward pass size = 2 × the output bytes of every call of a leaf module (activations and their gradients);
/// params size = bytes of all parameter tensors; sizes in MB of 10^6 bytes.</para>
/// </summary>
[TypeFormatterSource(typeof(CourseFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class ModelSummary
{
    private ModelSummary(string modelName, long[] inputShape, IReadOnlyList<SummaryRow> rows, int depth)
    {
        ModelName = modelName; InputShape = inputShape; Rows = rows; Depth = depth;
    }

    /// <summary>The model's type name.</summary>
    public string ModelName { get; }
    /// <summary>The input shape used (with the batch dimension).</summary>
    public long[] InputShape { get; }
    /// <summary>The rows shown (modules up to <see cref="Depth"/>), model first, in registration (depth-first) order.</summary>
    public IReadOnlyList<SummaryRow> Rows { get; }
    /// <summary>Deepest level shown.</summary>
    public int Depth { get; }

    /// <summary>All parameters (effective counts).</summary>
    public long TotalParams { get; private init; }
    /// <summary>Parameters with <c>requires_grad</c>.</summary>
    public long TrainableParams { get; private init; }
    /// <summary>Parameters without <c>requires_grad</c> (e.g. LeNet-5's RBF centres).</summary>
    public long NonTrainableParams => TotalParams - TrainableParams;
    /// <summary>Total multiply-accumulates for the whole batch.</summary>
    public long TotalMultAdds { get; private init; }
    /// <summary>Input size in MB.</summary>
    public double InputSizeMB { get; private init; }
    /// <summary>Forward/backward pass size in MB.</summary>
    public double ForwardBackwardSizeMB { get; private init; }
    /// <summary>Parameter memory in MB.</summary>
    public double ParamsSizeMB { get; private init; }
    /// <summary>Input + forward/backward + params, in MB.</summary>
    public double EstimatedTotalSizeMB => InputSizeMB + ForwardBackwardSizeMB + ParamsSizeMB;

    /// <summary>
    /// Summarises <paramref name="model"/> for an input of <paramref name="inputShape"/> (with the batch dimension, e.g.
    /// [1, 1, 28, 28]). Rows deeper than <paramref name="depth"/> are folded into their ancestor at that depth
    /// (torchinfo's default depth is 3). The model runs in evaluation mode without gradients; its mode is restored.
    /// </summary>
    /// <exception cref="ArgumentException">The shape is invalid or the model cannot run on it (the message says why).</exception>
    public static ModelSummary Create(nn.Module<Tensor, Tensor> model, long[] inputShape, int depth = 3, Device? device = null)
    {
        if (depth < 0) throw new ArgumentOutOfRangeException(nameof(depth), depth, "depth must be ≥ 0.");
        var (events, _) = ForwardRecorder.Run(model, inputShape, device, ScalarType.Float32, "ModelSummary");
        var all = model.named_modules().ToList();

        // Per-module records.
        var own = new Dictionary<nn.Module, (long P, long T, long Bytes)>(ReferenceEqualityComparer.Instance);
        foreach (var (_, m) in all) own[m] = OwnParams(m);
        var calls = events.GroupBy<ForwardEvent, nn.Module>(e => e.Module, ReferenceEqualityComparer.Instance)
            .ToDictionary<IGrouping<nn.Module, ForwardEvent>, nn.Module, List<ForwardEvent>>(g => g.Key, g => g.ToList(), ReferenceEqualityComparer.Instance);

        long Macs(nn.Module m) => calls.TryGetValue(m, out var cs) ? cs.Sum(e => CallMacs(m, own[m].P, e.OutputShape)) : 0;

        var rows = new List<SummaryRow>();
        var depthCounter = new Dictionary<int, int>();
        for (int i = 0; i < all.Count; i++)
        {
            var (name, m) = all[i];
            int d = name.Length == 0 ? 0 : name.Count(c => c == '.') + 1;
            if (d > depth) continue;
            bool leaf = !m.children().Any();
            long p = own[m].P, t = own[m].T, macs = Macs(m);
            if (d == depth && !leaf)
                foreach (var (dn, dm) in all.Where(x => x.Item1.StartsWith(name + ".", StringComparison.Ordinal) || (name.Length == 0 && x.Item1.Length > 0)))
                {
                    p += own[dm].P; t += own[dm].T; macs += Macs(dm);
                }
            int idx = 0;
            if (d > 0) { depthCounter[d] = depthCounter.GetValueOrDefault(d) + 1; idx = depthCounter[d]; }
            calls.TryGetValue(m, out var cs);
            rows.Add(new SummaryRow(name, m.GetName(), d, idx, cs?[0].OutputShape, p, t, macs, leaf, cs?.Count ?? 0));
        }

        long outBytes = events.Where(e => !e.Module.children().Any()).Sum(e => e.OutputElements * 4);
        return new ModelSummary(model.GetName(), (long[])inputShape.Clone(), rows, depth)
        {
            TotalParams = own.Values.Sum(v => v.P),
            TrainableParams = own.Values.Sum(v => v.T),
            TotalMultAdds = all.Sum(x => Macs(x.Item2)),
            InputSizeMB = inputShape.Aggregate(1L, (a, b) => a * b) * 4 / 1e6,
            ForwardBackwardSizeMB = 2.0 * outBytes / 1e6,
            ParamsSizeMB = own.Values.Sum(v => v.Bytes) / 1e6,
        };
    }

    /// <summary>Own (non-recursive) effective parameter count, its trainable part, and the bytes of the tensors.</summary>
    internal static (long P, long T, long Bytes) OwnParams(nn.Module m)
    {
        var ps = m.named_parameters(recurse: false).Select(x => x.Item2).ToList();
        long bytes = ps.Sum(p => p.numel() * ElementSize(p.dtype));
        long raw = ps.Sum(p => p.numel());
        long frozen = ps.Where(p => !p.requires_grad).Sum(p => p.numel());
        if (m is IParameterCount pc)
        {
            long eff = pc.ParameterCount;
            long trainable = frozen == 0 ? eff : frozen == raw ? 0 : Math.Max(0, eff - frozen);
            return (eff, trainable, bytes);
        }
        return (raw, raw - frozen, bytes);
    }

    private static long CallMacs(nn.Module m, long ownParams, long[] output)
    {
        if (ownParams == 0 || output.Length == 0) return 0;
        if (m.GetName().Contains("Conv", StringComparison.Ordinal) || m.GetType().Name.Contains("Conv", StringComparison.Ordinal))
            return ownParams * output[0] * output.Skip(2).Aggregate(1L, (a, b) => a * b);
        return ownParams * output[0];
    }

    private static int ElementSize(ScalarType t) => t switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };

    // ---------------------------------------------------------------- rendering

    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>torchinfo's "Param #" cell: "--" without parameters, "(n)" when none is trainable.</summary>
    public static string ParamCell(SummaryRow r) => r.Params == 0 ? "--" : r.TrainableParams == 0 ? $"({N(r.Params)})" : N(r.Params);

    private string MultAddsLine()
    {
        var (unit, div) = TotalMultAdds >= 1_000_000_000 ? ("G", 1e9) : ("M", 1e6);
        return $"Total mult-adds ({unit}): {(TotalMultAdds / div).ToString("0.00", CultureInfo.InvariantCulture)}";
    }

    private IEnumerable<string> TotalLines() => new[]
    {
        $"Total params: {N(TotalParams)}",
        $"Trainable params: {N(TrainableParams)}",
        $"Non-trainable params: {N(NonTrainableParams)}",
        MultAddsLine(),
    };

    private IEnumerable<string> SizeLines() => new[]
    {
        $"Input size (MB): {InputSizeMB.ToString("0.00", CultureInfo.InvariantCulture)}",
        $"Forward/backward pass size (MB): {ForwardBackwardSizeMB.ToString("0.00", CultureInfo.InvariantCulture)}",
        $"Params size (MB): {ParamsSizeMB.ToString("0.00", CultureInfo.InvariantCulture)}",
        $"Estimated Total Size (MB): {EstimatedTotalSizeMB.ToString("0.00", CultureInfo.InvariantCulture)}",
    };

    private static string Tree(SummaryRow r) =>
        r.Depth switch { 0 => "", 1 => "├─", _ => string.Concat(Enumerable.Repeat("│    ", r.Depth - 1)) + "└─" };

    /// <summary>torchinfo's text layout: "Layer (type:depth-idx)", "Output Shape", "Param #" between "=" rules, then totals and sizes.</summary>
    public override string ToString() => ToString(showMultAdds: false);

    /// <summary>The text layout, optionally with torchinfo's "Mult-Adds" column.</summary>
    public string ToString(bool showMultAdds)
    {
        var labels = Rows.Select(r => Tree(r) + r.Label).ToList();
        int w0 = Math.Max(40, labels.Max(l => l.Length) + 1), w = 25;
        int width = w0 + w + 15 + (showMultAdds ? w : 0);
        string rule = new('=', width);
        var sb = new StringBuilder();
        sb.AppendLine(rule);
        sb.Append("Layer (type:depth-idx)".PadRight(w0)).Append("Output Shape".PadRight(w)).Append("Param #".PadRight(15));
        if (showMultAdds) sb.Append("Mult-Adds");
        sb.AppendLine().AppendLine(rule);
        for (int i = 0; i < Rows.Count; i++)
        {
            var r = Rows[i];
            sb.Append(labels[i].PadRight(w0)).Append(ForwardRecorder.FormatShape(r.OutputShape).PadRight(w)).Append(ParamCell(r).PadRight(15));
            if (showMultAdds) sb.Append(r.MultAdds == 0 ? "--" : N(r.MultAdds));
            sb.AppendLine();
        }
        sb.AppendLine(rule);
        foreach (var l in TotalLines()) sb.AppendLine(l);
        sb.AppendLine(rule);
        foreach (var l in SizeLines()) sb.AppendLine(l);
        sb.Append(rule);
        return string.Join("\n", sb.ToString().Split('\n').Select(l => l.TrimEnd('\r', ' ')));
    }

    /// <summary>An HTML table (layer, name, output shape, parameters, trainable, mult-adds) followed by the totals.</summary>
    public string ToHtml()
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var sb = new StringBuilder();
        sb.Append("<div class=\"model-summary\"><table style=\"border-collapse:collapse;font-family:monospace;font-size:12px\">");
        sb.Append($"<caption style=\"text-align:left;font-weight:bold\">{E(ModelName)} — input {E(ForwardRecorder.FormatShape(InputShape))}</caption>");
        sb.Append("<thead><tr>");
        foreach (var h in new[] { "Layer (type:depth-idx)", "Name", "Output Shape", "Param #", "Trainable", "Mult-Adds" })
            sb.Append($"<th style=\"text-align:left;border-bottom:2px solid #444;padding:2px 8px\">{E(h)}</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in Rows)
        {
            string td = "<td style=\"padding:1px 8px;border-bottom:1px solid #ddd\">";
            string tdr = "<td style=\"padding:1px 8px;border-bottom:1px solid #ddd;text-align:right\">";
            sb.Append("<tr>");
            sb.Append($"<td style=\"padding:1px 8px 1px {8 + 16 * r.Depth}px;border-bottom:1px solid #ddd\">{E(r.Label)}</td>");
            sb.Append(td).Append(E(r.Name)).Append("</td>");
            sb.Append(td).Append(E(ForwardRecorder.FormatShape(r.OutputShape))).Append("</td>");
            sb.Append(tdr).Append(E(ParamCell(r))).Append("</td>");
            sb.Append(td).Append(r.Trainable switch { null => "--", true => "True", false => "False" }).Append("</td>");
            sb.Append(tdr).Append(r.MultAdds == 0 ? "--" : N(r.MultAdds)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table><pre style=\"font-size:12px\">");
        sb.Append(E(string.Join("\n", TotalLines().Concat(SizeLines()))));
        sb.Append("</pre></div>");
        return sb.ToString();
    }

    /// <summary>
    /// JSON: model, input_shape, total_params, trainable_params, non_trainable_params, total_mult_adds, the sizes in MB,
    /// and layers (name, type, depth, output_shape (null when not run), params, trainable_params, macs, trainable (null without parameters)).
    /// </summary>
    public string ToJson(bool indented = false)
    {
        var doc = new
        {
            model = ModelName,
            input_shape = InputShape,
            total_params = TotalParams,
            trainable_params = TrainableParams,
            non_trainable_params = NonTrainableParams,
            total_mult_adds = TotalMultAdds,
            input_size_mb = Math.Round(InputSizeMB, 4),
            forward_backward_pass_size_mb = Math.Round(ForwardBackwardSizeMB, 4),
            params_size_mb = Math.Round(ParamsSizeMB, 4),
            estimated_total_size_mb = Math.Round(EstimatedTotalSizeMB, 4),
            layers = Rows.Select(r => new
            {
                name = r.Name,
                type = r.Type,
                depth = r.Depth,
                output_shape = r.OutputShape,
                @params = r.Params,
                trainable_params = r.TrainableParams,
                macs = r.MultAdds,
                trainable = r.Trainable,
            }),
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = indented });
    }
}
