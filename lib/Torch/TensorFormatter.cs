using static TorchSharp.torch;
using System.Globalization;
using System.Text;

namespace TorchSharp;

/// <summary>Prints tensors the way PyTorch does: <c>tensor([[1.0000, 2.0000], ...])</c>, eliding long dimensions.</summary>
internal static class TensorFormatter
{
    const int EdgeItems = 3, Threshold = 1000;

    public static string Format(torch.Tensor t)
    {
        if (t.IsInvalid) return "tensor(<disposed>)";
        var shape = t.shape;
        double[] values;
        using (var c = t.detach().cpu().to(ScalarType.Float64)) values = c.data<double>();
        bool integral = t.dtype is ScalarType.Int64 or ScalarType.Int32 or ScalarType.Int16 or ScalarType.Int8 or ScalarType.Byte;
        bool boolean = t.dtype == ScalarType.Bool;
        bool summarize = values.Length > Threshold;
        bool sci = !integral && !boolean && values.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max() is var m && (m >= 1e4 || (m < 1e-3 && m > 0));
        string Fmt(double v) => boolean ? (v != 0 ? "True" : "False")
            : integral ? ((long)v).ToString(CultureInfo.InvariantCulture)
            : sci ? v.ToString("0.0000e+00", CultureInfo.InvariantCulture) : v.ToString("0.0000", CultureInfo.InvariantCulture);
        var width = values.Length == 0 ? 1 : values.Take(2000).Select(v => Fmt(v).Length).Max();
        var sb = new StringBuilder("tensor(");
        if (shape.Length == 0) sb.Append(Fmt(values[0]));
        else Append(sb, values, shape, 0, 0, 7, summarize, v => Fmt(v).PadLeft(width));
        var extra = new List<string>();
        if (t.dtype is not (ScalarType.Float32 or ScalarType.Int64 or ScalarType.Bool)) extra.Add($"dtype={t.dtype}");
        if (t.device.type != DeviceType.CPU) extra.Add($"device='{t.device}'");
        if (t.requires_grad) extra.Add("requires_grad=True");
        foreach (var e in extra) sb.Append(", ").Append(e);
        return sb.Append(')').ToString();
    }

    static void Append(StringBuilder sb, double[] v, long[] shape, int dim, long offset, int indent, bool summarize, Func<double, string> fmt)
    {
        long n = shape[dim];
        long stride = 1;
        for (int i = dim + 1; i < shape.Length; i++) stride *= shape[i];
        sb.Append('[');
        var idx = summarize && n > 2 * EdgeItems
            ? Enumerable.Range(0, EdgeItems).Select(i => (long)i).Append(-1).Concat(Enumerable.Range(0, EdgeItems).Select(i => n - EdgeItems + i))
            : Enumerable.Range(0, (int)n).Select(i => (long)i);
        bool first = true;
        foreach (var i in idx)
        {
            if (!first)
            {
                sb.Append(',');
                if (dim == shape.Length - 1) sb.Append(' ');
                else sb.Append('\n', shape.Length - dim - 1).Append(' ', indent + dim + 1);
            }
            first = false;
            if (i < 0) { sb.Append("..."); continue; }
            if (dim == shape.Length - 1) sb.Append(fmt(v[offset + i]));
            else Append(sb, v, shape, dim + 1, offset + i * stride, indent, summarize, fmt);
        }
        sb.Append(']');
    }
}
