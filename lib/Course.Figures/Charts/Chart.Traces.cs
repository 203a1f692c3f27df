using System.Text.Json.Nodes;

namespace Course.Figures;

public sealed partial class Chart
{
    /// <summary>A line series (scatter trace, mode "lines" or "lines+markers").</summary>
    public static Chart Line(IEnumerable<double> x, IEnumerable<double> y, string? name = null,
        bool showMarkers = false, string? color = null, string? dash = null, double? width = null)
    {
        var trace = XY("scatter", x, y, name, "Chart.Line");
        trace["mode"] = showMarkers ? "lines+markers" : "lines";
        var line = new JsonObject();
        if (color is not null) line["color"] = color;
        if (dash is not null) line["dash"] = dash;
        if (width is { } w) line["width"] = w;
        if (line.Count > 0) trace["line"] = line;
        return new Chart([trace]);
    }

    /// <summary>A line series over x = 0, 1, 2, ...</summary>
    public static Chart Line(IEnumerable<double> y, string? name = null, bool showMarkers = false, string? color = null)
    {
        var ys = y.ToArray();
        return Line(Enumerable.Range(0, ys.Length).Select(i => (double)i), ys, name, showMarkers, color);
    }

    /// <summary>A scatter series (mode "markers" by default), optionally with per-point hover text.</summary>
    public static Chart Scatter(IEnumerable<double> x, IEnumerable<double> y, string? name = null,
        string mode = "markers", IEnumerable<string>? text = null, double? markerSize = null, string? color = null)
    {
        var trace = XY("scatter", x, y, name, "Chart.Scatter");
        trace["mode"] = mode;
        if (text is not null) trace["text"] = Strings(text, CountOf(trace["x"]), "text", "Chart.Scatter");
        var marker = new JsonObject();
        if (markerSize is { } s) marker["size"] = s;
        if (color is not null) marker["color"] = color;
        if (marker.Count > 0) trace["marker"] = marker;
        return new Chart([trace]);
    }

    /// <summary>A bar series over categories (vertical, or horizontal with <paramref name="horizontal"/>).</summary>
    public static Chart Bar(IEnumerable<string> categories, IEnumerable<double> values, string? name = null,
        bool horizontal = false, string? color = null, IEnumerable<string>? text = null)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(values);
        var cats = categories.ToArray();
        var vals = Numbers(values);
        if (cats.Length != vals.Count)
            throw new ArgumentException($"Chart.Bar: {cats.Length} categories but {vals.Count} values.", nameof(values));
        var trace = new JsonObject { ["type"] = "bar" };
        trace[horizontal ? "y" : "x"] = new JsonArray(cats.Select(c => (JsonNode?)c).ToArray());
        trace[horizontal ? "x" : "y"] = vals;
        if (horizontal) trace["orientation"] = "h";
        if (name is not null) trace["name"] = name;
        if (color is not null) trace["marker"] = new JsonObject { ["color"] = color };
        if (text is not null) { trace["text"] = Strings(text, cats.Length, "text", "Chart.Bar"); trace["textposition"] = "auto"; }
        var axis = new JsonObject { ["type"] = "category" };
        return new Chart([trace], new JsonObject { [horizontal ? "yaxis" : "xaxis"] = axis });
    }

    /// <summary>
    /// A heatmap of <paramref name="z"/> [rows, cols] with optional column (<paramref name="x"/>) and row
    /// (<paramref name="y"/>) labels; <paramref name="valueFormat"/> (d3 format, e.g. "d" or ".2f") writes values into cells.
    /// Row 0 is drawn at the top.
    /// </summary>
    public static Chart Heatmap(double[,] z, IEnumerable<string>? x = null, IEnumerable<string>? y = null,
        string colorScale = "Viridis", string? valueFormat = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(z);
        int rows = z.GetLength(0), cols = z.GetLength(1);
        var zArr = new JsonArray();
        for (int r = 0; r < rows; r++)
        {
            var row = new JsonArray();
            for (int c = 0; c < cols; c++) row.Add(Num(z[r, c]));
            zArr.Add(row);
        }
        var trace = new JsonObject { ["type"] = "heatmap", ["z"] = zArr, ["colorscale"] = colorScale };
        var layout = new JsonObject
        {
            ["xaxis"] = new JsonObject(),
            ["yaxis"] = new JsonObject { ["autorange"] = "reversed" },
        };
        if (x is not null)
        {
            trace["x"] = Strings(x, cols, "x labels (columns)", "Chart.Heatmap");
            ((JsonObject)layout["xaxis"]!)["type"] = "category";
        }
        if (y is not null)
        {
            trace["y"] = Strings(y, rows, "y labels (rows)", "Chart.Heatmap");
            ((JsonObject)layout["yaxis"]!)["type"] = "category";
        }
        if (valueFormat is not null) trace["texttemplate"] = "%{z:" + valueFormat + "}";
        if (name is not null) trace["name"] = name;
        return new Chart([trace], layout);
    }

    /// <summary>A heatmap of row-major values with the given number of rows and columns.</summary>
    public static Chart Heatmap(float[] z, int rows, int cols, IEnumerable<string>? x = null, IEnumerable<string>? y = null,
        string colorScale = "Viridis", string? valueFormat = null)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (rows <= 0 || cols <= 0 || z.Length != (long)rows * cols)
            throw new ArgumentException($"Chart.Heatmap: {rows}x{cols} needs {(long)rows * cols} values, got {z.Length}.", nameof(z));
        var m = new double[rows, cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) m[r, c] = z[r * cols + c];
        return Heatmap(m, x, y, colorScale, valueFormat);
    }

    /// <summary>
    /// A confusion matrix: rows = true class, columns = predicted class, class names on both axes, counts written
    /// in the cells (white-to-blue scale). With <paramref name="normalize"/>, colours show each row's fraction and cells show "count (fraction)".
    /// </summary>
    public static Chart ConfusionMatrix(long[,] counts, IReadOnlyList<string> classNames, bool normalize = false)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(classNames);
        int k = classNames.Count;
        if (counts.GetLength(0) != k || counts.GetLength(1) != k)
            throw new ArgumentException($"Chart.ConfusionMatrix: counts must be {k}x{k} for {k} class names, got {counts.GetLength(0)}x{counts.GetLength(1)}.", nameof(counts));
        var z = new double[k, k];
        var text = new JsonArray();
        for (int r = 0; r < k; r++)
        {
            long total = 0;
            for (int c = 0; c < k; c++) total += counts[r, c];
            var row = new JsonArray();
            for (int c = 0; c < k; c++)
            {
                z[r, c] = normalize ? (total == 0 ? 0 : counts[r, c] / (double)total) : counts[r, c];
                row.Add(counts[r, c].ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            text.Add(row);
        }
        return Heatmap(z, classNames, classNames)
            .WithTraces(t =>
            {
                t["colorscale"] = new JsonArray(new JsonArray(0, "#f7fbff"), new JsonArray(0.5, "#6baed6"), new JsonArray(1, "#08306b"));
                t["text"] = text.DeepClone();
                t["texttemplate"] = normalize ? "%{text}<br>(%{z:.0%})" : "%{text}";
                t["hovertemplate"] = "true %{y}<br>predicted %{x}<br>count %{text}<extra></extra>";
                t["xgap"] = 1;
                t["ygap"] = 1;
            })
            .WithXAxisTitle("predicted")
            .WithYAxisTitle("true");
    }

    /// <summary>A confusion matrix counted from true and predicted labels (0..classes-1).</summary>
    public static Chart ConfusionMatrix(IReadOnlyList<long> trueLabels, IReadOnlyList<long> predicted,
        IReadOnlyList<string> classNames, bool normalize = false)
    {
        ArgumentNullException.ThrowIfNull(trueLabels);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(classNames);
        if (trueLabels.Count != predicted.Count)
            throw new ArgumentException($"Chart.ConfusionMatrix: {trueLabels.Count} true labels but {predicted.Count} predictions.", nameof(predicted));
        int k = classNames.Count;
        var counts = new long[k, k];
        for (int i = 0; i < trueLabels.Count; i++)
        {
            long t = trueLabels[i], p = predicted[i];
            if (t < 0 || t >= k || p < 0 || p >= k)
                throw new ArgumentOutOfRangeException(nameof(trueLabels), $"Chart.ConfusionMatrix: label pair (true {t}, predicted {p}) at index {i} is outside 0..{k - 1}.");
            counts[t, p]++;
        }
        return ConfusionMatrix(counts, classNames, normalize);
    }

    private static JsonObject XY(string type, IEnumerable<double> x, IEnumerable<double> y, string? name, string what)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var xs = Numbers(x);
        var ys = Numbers(y);
        if (xs.Count != ys.Count)
            throw new ArgumentException($"{what}: x has {xs.Count} values but y has {ys.Count}.", nameof(y));
        var trace = new JsonObject { ["type"] = type, ["x"] = xs, ["y"] = ys };
        if (name is not null) trace["name"] = name;
        return trace;
    }

    /// <summary>A JSON number, or null for NaN/infinity (plotly draws a gap).</summary>
    internal static JsonNode? Num(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(Num).ToArray());

    private static JsonArray Strings(IEnumerable<string> values, int expected, string what, string where)
    {
        var arr = values.ToArray();
        if (arr.Length != expected)
            throw new ArgumentException($"{where}: expected {expected} {what}, got {arr.Length}.", what);
        return new JsonArray(arr.Select(s => (JsonNode?)s).ToArray());
    }

    private static int CountOf(JsonNode? node) => node is JsonArray a ? a.Count : 0;
}
