using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Course.Figures;

public sealed partial class Chart
{
    private static readonly Regex AxisKey = new(@"^(x|y)axis(\d*)$", RegexOptions.Compiled);

    /// <summary>
    /// Lays charts out in a <paramref name="rows"/> x <paramref name="cols"/> grid (row by row) using explicit axis
    /// domains: chart k gets axes x(k+1)/y(k+1); a chart's second y axis gets a fresh overlaying axis; each chart's
    /// title becomes a subplot title annotation; heatmap colour bars sit beside their cell; sub-chart sizes and
    /// legend placement are dropped (one legend for the grid).
    /// </summary>
    public static Chart Grid(int rows, int cols, IEnumerable<Chart> charts, double horizontalGap = 0.14, double verticalGap = 0.2)
    {
        ArgumentNullException.ThrowIfNull(charts);
        var list = charts.ToList();
        if (rows < 1 || cols < 1)
            throw new ArgumentOutOfRangeException(nameof(rows), $"Chart.Grid needs at least 1x1 cells, got {rows}x{cols}.");
        if (list.Count == 0 || list.Count > rows * cols)
            throw new ArgumentException($"Chart.Grid: {rows}x{cols} cells hold 1..{rows * cols} charts, got {list.Count}.", nameof(charts));

        double cellW = (1 - horizontalGap * (cols - 1)) / cols;
        double cellH = (1 - verticalGap * (rows - 1)) / rows;
        var data = new List<JsonObject>();
        var layout = new JsonObject();
        var annotations = new JsonArray();
        int nextX = rows * cols, nextY = rows * cols;

        for (int k = 0; k < list.Count; k++)
        {
            var sub = list[k];
            int r = k / cols, c = k % cols;
            double x0 = c * (cellW + horizontalGap), x1 = x0 + cellW;
            double y1 = 1 - r * (cellH + verticalGap), y0 = y1 - cellH;
            string xs = AxisId("x", k + 1), ys = AxisId("y", k + 1);
            var map = new Dictionary<string, string> { ["x"] = xs, ["y"] = ys };
            string Map(string id) => map.TryGetValue(id, out var m) ? m
                : map[id] = AxisId(id[..1], id[0] == 'x' ? ++nextX : ++nextY);

            foreach (var t in sub._data)
            {
                var trace = (JsonObject)t.DeepClone();
                trace["xaxis"] = Map((string?)trace["xaxis"] ?? "x");
                trace["yaxis"] = Map((string?)trace["yaxis"] ?? "y");
                if ((string?)trace["type"] == "heatmap")
                {
                    var bar = Obj(trace, "colorbar");
                    bar["x"] = x1 + 0.01;
                    bar["xanchor"] = "left";
                    bar["y"] = (y0 + y1) / 2;
                    bar["yanchor"] = "middle";
                    bar["len"] = cellH;
                    bar["thickness"] = 12;
                }
                data.Add(trace);
            }

            var xAxis = new JsonObject { ["domain"] = new JsonArray(x0, x1), ["anchor"] = ys };
            var yAxis = new JsonObject { ["domain"] = new JsonArray(y0, y1), ["anchor"] = xs };
            foreach (var (key, value) in sub._layout)
            {
                if (value is null) continue;
                var m = AxisKey.Match(key);
                if (m.Success)
                {
                    string oldId = m.Groups[1].Value + m.Groups[2].Value;
                    string newId = Map(oldId);
                    var axis = (JsonObject)value.DeepClone();
                    if (newId == xs) Merge(xAxis, axis);
                    else if (newId == ys) Merge(yAxis, axis);
                    else
                    {
                        axis.Remove("domain");
                        if (axis["overlaying"] is not null) axis["overlaying"] = oldId[0] == 'x' ? xs : ys;
                        axis["anchor"] = oldId[0] == 'x' ? ys : xs;
                        layout[AxisLayoutKey(newId)] = axis;
                    }
                }
                else if (key == "title" && (string?)value["text"] is { } title)
                {
                    annotations.Add(new JsonObject
                    {
                        ["text"] = title, ["showarrow"] = false,
                        ["xref"] = "paper", ["yref"] = "paper", ["x"] = (x0 + x1) / 2, ["y"] = y1,
                        ["xanchor"] = "center", ["yanchor"] = "bottom", ["font"] = new JsonObject { ["size"] = 14 },
                    });
                }
                else if (key == "annotations" && value is JsonArray subNotes)
                {
                    foreach (var note in subNotes)
                    {
                        if (note is not JsonObject n) continue;
                        var copy = (JsonObject)n.DeepClone();
                        foreach (var refKey in new[] { "xref", "yref" })
                            if ((string?)copy[refKey] is { } rf && rf != "paper")
                                copy[refKey] = rf.EndsWith(" domain") ? Map(rf[..^7]) + " domain" : Map(rf);
                        annotations.Add(copy);
                    }
                }
                else if (key is not ("width" or "height" or "legend") && !layout.ContainsKey(key))
                {
                    layout[key] = value.DeepClone();
                }
            }
            layout[AxisLayoutKey(xs)] = xAxis;
            layout[AxisLayoutKey(ys)] = yAxis;
        }
        if (annotations.Count > 0) layout["annotations"] = annotations;
        return new Chart(data, layout);
    }

    private static string AxisId(string letter, int n) => n == 1 ? letter : letter + n;

    private static string AxisLayoutKey(string id) => id[..1] + "axis" + id[1..];
}
