using System.Globalization;
using System.Text;

namespace TorchSharp;

/// <summary>How <see cref="torch.Tensor.ToString(TensorStringStyle, string?, int?, CultureInfo?, string?)"/> lays a tensor out.</summary>
public enum TensorStringStyle
{
    /// <summary>Only shape, dtype and device: <c>[2x3], type = Float32, device = cpu</c>.</summary>
    Metadata,
    /// <summary>The metadata line, then the values as Julia prints arrays (aligned columns, one 2-D slice at a time).</summary>
    Julia,
    /// <summary>Nested brackets as NumPy prints arrays: <c>[[1, 2]\n [3, 4]]</c>.</summary>
    Numpy,
    /// <summary>The metadata, then a C# array initializer: <c>float [,] {{1f, 2f}, …}</c>.</summary>
    CSharp,
    /// <summary>Whatever <see cref="torch.TensorStringStyle"/> is set to.</summary>
    Default,
}

public static partial class torch
{
    static TensorStringStyle style = TensorStringStyle.Julia;
    internal static string floatFormat = "g5";
    internal static string newLine = Environment.NewLine;
    internal static int lineWidth = 100, maxRows = 6, maxColumns = 6;

    /// <summary>
    /// The style <see cref="TensorStringStyle.Default"/> stands for (Julia unless set), used by <c>str()</c>, <c>print()</c> and
    /// <c>ToString(TensorStringStyle.Default)</c>. The parameterless <c>ToString()</c> keeps the course's PyTorch-like layout.
    /// </summary>
    /// <exception cref="ArgumentException">Set to <see cref="TensorStringStyle.Default"/>.</exception>
    public static TensorStringStyle TensorStringStyle
    {
        get => style;
        set => style = value == TensorStringStyle.Default ? throw new ArgumentException("The default tensor string style cannot be set to 'Default'.", nameof(value)) : value;
    }

    /// <summary>The Julia style (for <c>t.ToString(torch.julia)</c>).</summary>
    public const TensorStringStyle julia = TensorStringStyle.Julia;
    /// <summary>The NumPy style.</summary>
    public const TensorStringStyle numpy = TensorStringStyle.Numpy;
    /// <summary>The C# style.</summary>
    public const TensorStringStyle csharp = TensorStringStyle.CSharp;

    /// <summary>Sets printing options as PyTorch's <c>set_printoptions</c>: <paramref name="precision"/> digits, fixed or scientific.</summary>
    /// <param name="precision">Digits after the decimal point.</param>
    /// <param name="linewidth">Characters per line (Julia style).</param>
    /// <param name="newLine">The line separator (default <see cref="Environment.NewLine"/>).</param>
    /// <param name="sci_mode">Scientific notation (<c>E</c> format) instead of fixed (<c>F</c>).</param>
    /// <param name="maxRows">Rows shown before eliding with <c>...</c> (NumPy and C# styles).</param>
    /// <param name="maxColumns">Columns shown before eliding (NumPy and C# styles).</param>
    public static void set_printoptions(int precision, int? linewidth = null, string? newLine = null, bool sci_mode = false, int? maxRows = null, int? maxColumns = null)
    {
        if (precision < 0) throw new ArgumentOutOfRangeException(nameof(precision), precision, "precision must not be negative");
        SetPrintOptions(null, (sci_mode ? "E" : "F") + precision.ToString(CultureInfo.InvariantCulture), linewidth, newLine, maxRows, maxColumns);
    }

    /// <summary>Sets printing options; options left null keep their value.</summary>
    /// <param name="style">The style <see cref="TensorStringStyle.Default"/> stands for.</param>
    /// <param name="floatFormat">A .NET numeric format for floating-point values (default <c>"g5"</c>).</param>
    /// <param name="linewidth">Characters per line (Julia style, default 100).</param>
    /// <param name="newLine">The line separator.</param>
    /// <param name="maxRows">Rows shown before eliding (default 6).</param>
    /// <param name="maxColumns">Columns shown before eliding (default 6).</param>
    public static void set_printoptions(TensorStringStyle? style = null, string? floatFormat = null, int? linewidth = null, string? newLine = null, int? maxRows = null, int? maxColumns = null) =>
        SetPrintOptions(style, floatFormat, linewidth, newLine, maxRows, maxColumns);

    static void SetPrintOptions(TensorStringStyle? style, string? floatFormat, int? linewidth, string? newLine, int? maxRows, int? maxColumns)
    {
        if (linewidth < 1) throw new ArgumentOutOfRangeException(nameof(linewidth), linewidth, "the line width must be at least 1");
        if (maxRows < 1) throw new ArgumentOutOfRangeException(nameof(maxRows), maxRows, "at least one row must be shown");
        if (maxColumns < 1) throw new ArgumentOutOfRangeException(nameof(maxColumns), maxColumns, "at least one column must be shown");
        if (style is { } s) TensorStringStyle = s;
        if (floatFormat is not null) torch.floatFormat = floatFormat;
        if (newLine is not null) torch.newLine = newLine;
        if (linewidth is { } w) lineWidth = w;
        if (maxRows is { } r) torch.maxRows = r;
        if (maxColumns is { } c) torch.maxColumns = c;
    }

    public partial class Tensor
    {
        /// <summary>
        /// The tensor as text: with <paramref name="disamb"/> in the style <see cref="torch.TensorStringStyle"/>, otherwise its
        /// metadata (shape, dtype, device).
        /// </summary>
        public string ToString(bool disamb, string? fltFormat = null, int? width = null, CultureInfo? cultureInfo = null, string? newLine = null) =>
            disamb ? ToString(torch.TensorStringStyle, fltFormat, width, cultureInfo, newLine) : Describe();

        /// <summary>The tensor as text in <paramref name="style"/> (see <see cref="TensorStringStyle"/>).</summary>
        /// <param name="style">The layout; <see cref="TensorStringStyle.Default"/> is <see cref="torch.TensorStringStyle"/>.</param>
        /// <param name="fltFormat">A .NET numeric format for floating-point values (default from <c>set_printoptions</c>: <c>"g5"</c>).</param>
        /// <param name="width">Characters per line in the Julia style (default 100).</param>
        /// <param name="cultureInfo">The culture numbers are formatted in (default: the current culture).</param>
        /// <param name="newLine">The line separator (default <see cref="Environment.NewLine"/>).</param>
        public string ToString(TensorStringStyle style, string? fltFormat = null, int? width = null, CultureInfo? cultureInfo = null, string? newLine = null)
        {
            if (style == TensorStringStyle.Default) style = torch.TensorStringStyle;
            if (style == TensorStringStyle.Metadata) return Describe();
            var text = new TensorText(this, fltFormat ?? floatFormat, cultureInfo ?? CultureInfo.CurrentCulture, newLine ?? torch.newLine);
            return style switch
            {
                TensorStringStyle.Julia => text.Julia(width ?? lineWidth),
                TensorStringStyle.Numpy => text.Numpy(),
                TensorStringStyle.CSharp => text.CSharp(),
                _ => throw new ArgumentOutOfRangeException(nameof(style), style, "unknown tensor string style"),
            };
        }
    }

    /// <summary>Lays out one tensor's values in the Julia, NumPy and C# styles (the values are copied to the CPU once).</summary>
    sealed class TensorText
    {
        readonly Tensor t;
        readonly long[] shape, strides;
        readonly Func<long, string> value;
        readonly string nl;
        int Dims => shape.Length;

        public TensorText(Tensor t, string fltFormat, CultureInfo culture, string newLine)
        {
            this.t = t;
            shape = t.shape;
            strides = new long[shape.Length];
            for (long i = shape.Length - 1, s = 1; i >= 0; s *= shape[i], i--) strides[i] = s;
            nl = newLine;
            value = Values(t, fltFormat, culture);
        }

        static Func<long, string> Values(Tensor t, string fmt, CultureInfo c)
        {
            switch (t.dtype)
            {
                case ScalarType.Float64: { var v = t.data<double>(); return i => v[i].ToString(fmt, c); }
                case ScalarType.Bool: { var v = t.data<bool>(); return i => v[i].ToString(c); }
                case ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16: { var v = Converted<float>(t, ScalarType.Float32); return i => v[i].ToString(fmt, c); }
                default: { var v = Converted<long>(t, ScalarType.Int64); return i => v[i].ToString(c); }
            }
        }

        static T[] Converted<T>(Tensor t, ScalarType type) where T : unmanaged
        {
            if (t.dtype == type) return t.data<T>();
            using var _ = no_grad();
            using var c = t.to(type, CPU);
            return c.data<T>();
        }

        // ------------------------------------------------------------ Julia

        public string Julia(int width)
        {
            var sb = new StringBuilder(t.Describe());
            if (Dims == 0) return sb.Append(", value = ").Append(value(0)).ToString();
            if (Dims == 1)
            {
                var row = Row(0, shape[0], 1, width);
                sb.Append(nl);
                OneRow(sb, row, row.Select(s => s.Length).ToArray(), row.Count < shape[0]);
            }
            else if (Dims == 2) { sb.Append(nl); Matrix(sb, 0, width); }
            else Slices(sb, 0, 0, [], width);
            return sb.ToString();
        }

        /// <summary>Prints every 2-D slice of the last two dimensions under a heading such as <c>[0,1,..,..] =</c>.</summary>
        void Slices(StringBuilder sb, int dim, long offset, List<long> index, int width)
        {
            for (long i = 0; i < shape[dim]; i++)
            {
                index.Add(i);
                if (dim == Dims - 3)
                {
                    sb.Append(nl).Append('[').Append(string.Join(",", index)).Append(",..,..] =").Append(nl);
                    Matrix(sb, offset + i * strides[dim], width);
                }
                else Slices(sb, dim + 1, offset + i * strides[dim], index, width);
                index.RemoveAt(index.Count - 1);
            }
        }

        /// <summary>A 2-D slice: each row cut to what fits in <paramref name="width"/> (all rows to the shortest), columns right-aligned.</summary>
        void Matrix(StringBuilder sb, long offset, int width)
        {
            long rows = shape[Dims - 2], cols = shape[Dims - 1];
            if (rows == 0) return;
            var cells = new List<List<string>>();
            for (long r = 0; r < rows; r++) cells.Add(Row(offset + r * strides[Dims - 2], cols, strides[Dims - 1], width));
            int shown = cells.Min(r => r.Count);
            var space = new int[shown];
            foreach (var row in cells)
                for (int j = 0; j < shown; j++) space[j] = Math.Max(space[j], row[j].Length);
            foreach (var row in cells) OneRow(sb, row.Take(shown).ToList(), space, shown < cols);
        }

        /// <summary>The formatted values of one row that fit in <paramref name="width"/>, leaving room for " ...".</summary>
        List<string> Row(long offset, long count, long stride, int width)
        {
            var row = new List<string>();
            for (long j = 0; j < count; j++)
            {
                var s = value(offset + j * stride);
                if (width - s.Length - 4 < 0) break;
                row.Add(s);
                width -= s.Length + 1;
            }
            return row;
        }

        void OneRow(StringBuilder sb, IList<string> row, int[] space, bool ellipsis)
        {
            for (int j = 0; j < row.Count; j++) sb.Append(' ').Append(row[j].PadLeft(space[j]));
            if (ellipsis) sb.Append(" ...");
            sb.Append(nl);
        }

        // ------------------------------------------------------------ NumPy and C#

        /// <summary>Brackets, value suffix and separators of a nested layout; separators get the number of dimensions left.</summary>
        sealed record Layout(string Open, string Close, string Suffix, Func<int, string> Separator, Func<int, string> AfterElision);

        public string Numpy()
        {
            var sb = new StringBuilder();
            Func<int, string> blankLines = remaining => string.Concat(Enumerable.Repeat(nl, remaining - 1));
            Nested(sb, 0, 0, true, new Layout("[", "]", "", blankLines, blankLines));
            return sb.ToString();
        }

        public string CSharp()
        {
            var sb = new StringBuilder(t.Describe()).Append(", value = ");
            if (Dims == 0) return sb.Append(value(0)).ToString();
            var (type, suffix) = t.dtype switch
            {
                ScalarType.Bool => ("bool", ""),
                ScalarType.Byte => ("byte", ""),
                ScalarType.Int8 => ("sbyte", ""),
                ScalarType.Int16 => ("short", ""),
                ScalarType.Int32 => ("int", ""),
                ScalarType.Int64 => ("long", "L"),
                ScalarType.Float32 => ("float", "f"),
                ScalarType.Float64 => ("double", ""),
                ScalarType.BFloat16 => ("bfloat16", "f"),
                ScalarType.Float16 => ("float16", "f"),
                var other => throw new NotSupportedException($"no C# element type for {other}"),
            };
            var layout = new Layout("{", "}", suffix, _ => "," + nl, _ => nl);
            if (Dims > 1) sb.Append(nl);
            sb.Append(type).Append(" [").Append(',', Dims - 1).Append("] ");
            if (Dims == 1)
            {
                Nested(sb, 0, 0, true, layout);
                return sb.ToString();
            }
            sb.Append('{').Append(nl).Append(' '); // the outermost braces stand on lines of their own
            Body(sb, 0, 0, layout);
            return sb.Append(nl).Append('}').ToString();
        }

        /// <summary>Dimension <paramref name="dim"/> at <paramref name="offset"/> in brackets, indented by its depth unless it is the first of its siblings.</summary>
        void Nested(StringBuilder sb, int dim, long offset, bool indent, Layout layout)
        {
            if (indent) sb.Append(' ', dim);
            if (Dims == 0) { sb.Append(value(0)); return; }
            sb.Append(layout.Open);
            Body(sb, dim, offset, layout);
            sb.Append(layout.Close);
        }

        /// <summary>
        /// The elements of dimension <paramref name="dim"/>: values separated by ", " in the last dimension, sub-arrays
        /// separated by the layout's separator otherwise. Beyond maxColumns values or maxRows sub-arrays, the leading and
        /// trailing ones are shown around "...".
        /// </summary>
        void Body(StringBuilder sb, int dim, long offset, Layout layout)
        {
            long n = shape[dim];
            if (n == 0) return;
            if (dim == Dims - 1)
            {
                string Cell(long j) => value(offset + j * strides[dim]) + layout.Suffix;
                var (head, tail) = Shown(n, maxColumns);
                sb.AppendJoin(", ", head.Select(Cell));
                if (tail is not null) sb.Append(", ... ").AppendJoin(", ", tail.Select(Cell));
                return;
            }
            var sep = layout.Separator(Dims - dim);
            var (rows, rest) = Shown(n, maxRows);
            bool first = true;
            foreach (var i in rows)
            {
                if (!first) sb.Append(sep);
                Nested(sb, dim + 1, offset + i * strides[dim], !first, layout);
                first = false;
            }
            if (rest is null) return;
            sb.Append(sep).Append(' ', dim).Append(" ...").Append(layout.AfterElision(Dims - dim));
            first = true;
            foreach (var i in rest)
            {
                if (!first) sb.Append(sep);
                Nested(sb, dim + 1, offset + i * strides[dim], true, layout);
                first = false;
            }
        }

        /// <summary>All indices of a dimension of size <paramref name="n"/>, or (when more than <paramref name="max"/>) the leading and trailing ones.</summary>
        static (IEnumerable<long> head, IEnumerable<long>? tail) Shown(long n, int max)
        {
            if (n <= max) return (Range(0, n), null);
            int trail = Math.Max(max / 2, 1);
            return (Range(0, max - max / 2), Range(n - trail, trail));
        }

        static IEnumerable<long> Range(long start, long count)
        {
            for (long i = 0; i < count; i++) yield return start + i;
        }
    }
}

/// <summary>TorchSharp's extension methods on tensors: printing (this file) and the .NET save format.</summary>
public static partial class TensorExtensionMethods
{
    /// <summary>The tensor as text in <paramref name="style"/> (default: <see cref="torch.TensorStringStyle"/>), like Python's <c>str</c>.</summary>
    public static string str(this torch.Tensor tensor, string? fltFormat = null, int? width = null, string? newLine = null, CultureInfo? cultureInfo = null, TensorStringStyle style = TensorStringStyle.Default) =>
        tensor.ToString(style, fltFormat, width, cultureInfo, newLine);

    /// <summary>The tensor in the Julia style.</summary>
    public static string jlstr(this torch.Tensor tensor, string? fltFormat = null, int? width = null, string? newLine = null, CultureInfo? cultureInfo = null) =>
        tensor.ToString(TensorStringStyle.Julia, fltFormat, width, cultureInfo, newLine);

    /// <summary>The tensor's metadata: shape, dtype and device.</summary>
    public static string metastr(this torch.Tensor tensor) => tensor.ToString(TensorStringStyle.Metadata);

    /// <summary>The tensor in the NumPy style.</summary>
    public static string npstr(this torch.Tensor tensor, string? fltFormat = "g5", int? width = 100, string? newLine = null, CultureInfo? cultureInfo = null) =>
        tensor.ToString(TensorStringStyle.Numpy, fltFormat, width, cultureInfo, newLine);

    /// <summary>The tensor in the C# style.</summary>
    public static string cstr(this torch.Tensor tensor, string? fltFormat = "g5", int? width = 100, string? newLine = null, CultureInfo? cultureInfo = null) =>
        tensor.ToString(TensorStringStyle.CSharp, fltFormat, width, cultureInfo, newLine);

    /// <summary>Writes the tensor to the console (style as <see cref="str"/>) and returns it, for chaining.</summary>
    public static torch.Tensor print(this torch.Tensor t, string? fltFormat = "g5", int? width = 100, string? newLine = null, CultureInfo? cultureInfo = null, TensorStringStyle style = TensorStringStyle.Default)
    {
        Console.WriteLine(t.ToString(style, fltFormat, width, cultureInfo, newLine));
        return t;
    }
}
