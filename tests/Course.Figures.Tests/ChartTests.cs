using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Course.Figures.Tests;

public class ChartTests
{
    private static JsonObject Fig(Chart c) => JsonNode.Parse(c.ToJson())!.AsObject();

    [Fact]
    public void Line_chart_json_has_traces_titles_size_and_second_axis()
    {
        var fig = Fig(SampleCharts.Lines());
        var data = fig["data"]!.AsArray();
        Assert.Equal(3, data.Count);
        Assert.Equal("scatter", (string?)data[0]!["type"]);
        Assert.Equal("lines", (string?)data[0]!["mode"]);
        Assert.Equal("train loss", (string?)data[0]!["name"]);
        Assert.Equal([1.0, 2, 3, 4, 5], data[0]!["x"]!.AsArray().Select(v => (double)v!));
        Assert.Null(data[0]!["yaxis"]);
        Assert.Equal("y2", (string?)data[2]!["yaxis"]);
        Assert.Equal("lines+markers", (string?)data[2]!["mode"]);
        var layout = fig["layout"]!;
        Assert.Equal("Loss and learning rate", (string?)layout["title"]!["text"]);
        Assert.Equal("epoch", (string?)layout["xaxis"]!["title"]!["text"]);
        Assert.Equal("loss", (string?)layout["yaxis"]!["title"]!["text"]);
        Assert.Equal("y", (string?)layout["yaxis2"]!["overlaying"]);
        Assert.Equal("right", (string?)layout["yaxis2"]!["side"]);
        Assert.Equal("learning rate", (string?)layout["yaxis2"]!["title"]!["text"]);
        Assert.Equal((640, 400), ((int)layout["width"]!, (int)layout["height"]!));
    }

    [Fact]
    public void Fluent_methods_do_not_change_the_original()
    {
        var a = Chart.Line([1.0, 2], [3.0, 4]);
        var b = a.WithTitle("t");
        Assert.Null(Fig(a)["layout"]!["title"]);
        Assert.Equal("t", (string?)Fig(b)["layout"]!["title"]!["text"]);
    }

    [Fact]
    public void Non_finite_values_become_null_and_length_mismatch_throws()
    {
        var fig = Fig(Chart.Line([1.0, 2, 3], [1.0, double.NaN, double.PositiveInfinity]));
        var y = fig["data"]![0]!["y"]!.AsArray();
        Assert.Null(y[1]);
        Assert.Null(y[2]);
        var ex = Assert.Throws<ArgumentException>(() => Chart.Line([1.0, 2], [1.0]));
        Assert.Contains("x has 2", ex.Message);
        Assert.Contains("y has 1", ex.Message);
    }

    [Fact]
    public void Bar_and_scatter_json()
    {
        var bar = Fig(SampleCharts.Bar());
        Assert.Equal(["bar", "bar"], bar["data"]!.AsArray().Select(t => (string?)t!["type"]));
        Assert.Equal("VGG", (string?)bar["data"]![0]!["x"]![2]);
        Assert.Equal("category", (string?)bar["layout"]!["xaxis"]!["type"]);
        var h = Fig(Chart.Bar(["a", "b"], [1.0, 2], horizontal: true));
        Assert.Equal("h", (string?)h["data"]![0]!["orientation"]);
        Assert.Equal("b", (string?)h["data"]![0]!["y"]![1]);
        var sc = Fig(SampleCharts.Scatter());
        Assert.Equal("markers", (string?)sc["data"]![0]!["mode"]);
        Assert.Equal(10, (double)sc["data"]![0]!["marker"]!["size"]!);
    }

    [Fact]
    public void Confusion_matrix_has_class_names_on_both_axes_and_counts_in_cells()
    {
        var fig = Fig(Chart.ConfusionMatrix([0L, 0, 1, 1, 1, 2], [0L, 1, 1, 1, 2, 2], ["a", "b", "c"]));
        var t = fig["data"]![0]!;
        Assert.Equal("heatmap", (string?)t["type"]);
        Assert.Equal(["a", "b", "c"], t["x"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(["a", "b", "c"], t["y"]!.AsArray().Select(v => (string?)v));
        Assert.Equal([1.0, 1, 0], t["z"]![0]!.AsArray().Select(v => (double)v!));
        Assert.Equal([0.0, 2, 1], t["z"]![1]!.AsArray().Select(v => (double)v!));
        Assert.Equal("2", (string?)t["text"]![1]![1]);
        Assert.Equal("%{text}", (string?)t["texttemplate"]);
        Assert.Equal("predicted", (string?)fig["layout"]!["xaxis"]!["title"]!["text"]);
        Assert.Equal("reversed", (string?)fig["layout"]!["yaxis"]!["autorange"]);

        var norm = Fig(Chart.ConfusionMatrix([0L, 0, 1, 1, 1, 2], [0L, 1, 1, 1, 2, 2], ["a", "b", "c"], normalize: true));
        Assert.Equal(2.0 / 3, (double)norm["data"]![0]!["z"]![1]![1]!, 9);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Chart.ConfusionMatrix([0L, 3], [0L, 0], ["a", "b"]));
        Assert.Contains("true 3", ex.Message);
    }

    [Fact]
    public void Grid_assigns_axes_domains_overlays_and_subplot_titles()
    {
        var fig = Fig(SampleCharts.Grid());
        var data = fig["data"]!.AsArray();
        Assert.Equal(8, data.Count);
        var layout = fig["layout"]!.AsObject();
        // chart 1 (lines): x/y, its lr trace on a fresh overlaying axis
        Assert.Equal("x", (string?)data[0]!["xaxis"]);
        Assert.Equal("y", (string?)data[0]!["yaxis"]);
        string overlay = (string)data[2]!["yaxis"]!;
        Assert.Matches("^y[5-9]$", overlay);
        var overlayAxis = layout["yaxis" + overlay[1..]]!;
        Assert.Equal("y", (string?)overlayAxis["overlaying"]);
        Assert.Equal("right", (string?)overlayAxis["side"]);
        // chart 2 (bars) -> x2/y2 in the top-right cell, chart 3 heatmap -> x3/y3 bottom-left
        Assert.Equal("x2", (string?)data[3]!["xaxis"]);
        Assert.Equal("y3", (string?)data[5]!["yaxis"]);
        double[] D(string key) => layout[key]!["domain"]!.AsArray().Select(v => (double)v!).ToArray();
        Assert.True(D("xaxis")[1] < D("xaxis2")[0], "columns must not overlap");
        Assert.True(D("yaxis3")[1] < D("yaxis")[0], "rows must not overlap");
        Assert.Equal("y2", (string?)layout["xaxis2"]!["anchor"]);
        Assert.Equal("category", (string?)layout["xaxis2"]!["type"]);
        Assert.Equal("reversed", (string?)layout["yaxis3"]!["autorange"]);
        var titles = layout["annotations"]!.AsArray().Select(a => (string?)a!["text"]).ToList();
        Assert.Equal(["Loss and learning rate", "Accuracy", "Confusion matrix", "Scatter"], titles);
        Assert.Equal("Grid", (string?)layout["title"]!["text"]);
        Assert.Throws<ArgumentException>(() => Chart.Grid(1, 1, [Chart.Line([1.0], [1.0]), Chart.Line([1.0], [1.0])]));
    }

    [Fact]
    public void Training_curves_keep_series_apart_and_allow_fractional_epochs()
    {
        var curves = SampleCharts.Curves();
        var fig = Fig(curves.ToChart());
        var data = fig["data"]!.AsArray();
        Assert.Equal(["train loss", "train acc", "test acc"], data.Select(t => (string?)t!["name"]));
        Assert.Equal(12, data[0]!["x"]!.AsArray().Count);
        Assert.Equal(0.25, (double)data[0]!["x"]![0]!);
        Assert.Equal([1.0, 2, 3], data[2]!["x"]!.AsArray().Select(v => (double)v!));
        Assert.Equal([0.0, 3], fig["layout"]!["xaxis"]!["range"]!.AsArray().Select(v => (double)v!));
        Assert.Contains("test acc 0.75", curves.ToString());
        Assert.Contains("<div id=\"course-plot-", curves.ToHtml());
        Assert.Empty(Fig(new TrainingCurves().ToChart())["data"]!.AsArray());
    }

    [Fact]
    public void Html_uses_unique_ids_and_the_pinned_cdn_by_default()
    {
        PlotlyJs.Reset();
        var chart = SampleCharts.Bar();
        string a = chart.ToHtml(), b = chart.ToHtml();
        string IdOf(string html) => Regex.Match(html, "<div id=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEqual(IdOf(a), IdOf(b));
        Assert.Contains($"var id = '{IdOf(a)}'", a);
        Assert.Contains("https://cdn.plot.ly/plotly-" + PlotlyJs.Version + ".min.js", a);
        Assert.Contains("requirejs.config", a);
        Assert.Contains("u.replace(/\\.js$/, '')", a); // AMD paths without .js
        Assert.Contains("var rel = \"\";", a);             // no Jupyter server copy outside Jupyter mode
        Assert.Contains("document.createElement('script')", a);
        Assert.Contains("width:500px;height:400px", a);
    }

    [Fact]
    public void Cdn_version_matches_package_json_and_node_modules()
    {
        using var pkg = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "package.json")));
        var pinned = pkg.RootElement.GetProperty("dependencies").GetProperty("plotly.js-dist-min").GetString();
        Assert.Equal(PlotlyJs.Version, pinned);
        var header = File.ReadLines(Repo.PlotlyFile).Take(3).ToList();
        Assert.Contains(header, l => l.Contains("plotly.js v" + PlotlyJs.Version));
    }

    [Fact]
    public void Local_file_and_inline_modes()
    {
        try
        {
            PlotlyJs.Mode = PlotlyJsMode.LocalFile;
            PlotlyJs.Path = Repo.PlotlyFile;
            var local = SampleCharts.Scatter().ToHtml();
            Assert.Contains(new Uri(Repo.PlotlyFile).AbsoluteUri, local);
            Assert.DoesNotContain("cdn.plot.ly", local);

            PlotlyJs.Path = "js/plotly.min.js";
            Assert.Contains("\"js/plotly.min.js\"", SampleCharts.Scatter().ToHtml());

            PlotlyJs.Mode = PlotlyJsMode.Inline;
            PlotlyJs.Path = null; // found by walking up to node_modules
            var inline = SampleCharts.Scatter().ToHtml();
            Assert.True(inline.Length > 1_000_000, "inline HTML must contain plotly.js");
            Assert.Contains("plotly.js v" + PlotlyJs.Version, inline);
            Assert.DoesNotContain("cdn.plot.ly/plotly-", inline);

            PlotlyJs.Path = "/nonexistent/plotly.min.js";
            var ex = Assert.Throws<FileNotFoundException>(() => SampleCharts.Scatter().ToHtml());
            Assert.Contains("/nonexistent/plotly.min.js", ex.Message);
        }
        finally { PlotlyJs.Reset(); }
    }

    [Fact]
    public void Json_is_safe_inside_a_script_tag()
    {
        var json = Chart.Line([1.0], [2.0], name: "</script><b>").ToJson();
        Assert.DoesNotContain("</script>", json);
        Assert.Equal("</script><b>", (string?)JsonNode.Parse(json)!["data"]![0]!["name"]);
    }
}
