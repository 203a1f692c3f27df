using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Course.Polyglot;

namespace Course.Figures;

/// <summary>
/// A Plotly figure (<c>data</c> traces + <c>layout</c>) with a small fluent API in the style of Plotly.NET.
/// Fluent methods return a new chart; <see cref="ToJson"/> gives the figure JSON, <see cref="ToHtml"/> a notebook snippet.
/// </summary>
[TypeFormatterSource(typeof(CourseFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed partial class Chart
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly List<JsonObject> _data;
    private readonly JsonObject _layout;

    /// <summary>Creates a chart from trace objects and a layout object (both deep-copied).</summary>
    public Chart(IEnumerable<JsonObject> data, JsonObject? layout = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        _data = data.Select(t => (JsonObject)t.DeepClone()).ToList();
        _layout = (JsonObject?)layout?.DeepClone() ?? new JsonObject();
    }

    /// <summary>Number of traces.</summary>
    public int TraceCount => _data.Count;

    /// <summary>The plotly trace type of each trace (e.g. "scatter", "bar", "heatmap").</summary>
    public IReadOnlyList<string> TraceTypes => _data.Select(t => (string?)t["type"] ?? "scatter").ToList();

    /// <summary>A copy of the figure: <c>{ "data": [...], "layout": {...} }</c>.</summary>
    public JsonObject ToFigure() => new()
    {
        ["data"] = new JsonArray(_data.Select(t => (JsonNode)t.DeepClone()).ToArray()),
        ["layout"] = _layout.DeepClone(),
    };

    /// <summary>The figure as JSON (System.Text.Json; HTML-sensitive characters escaped, safe inside &lt;script&gt;).</summary>
    public string ToJson(bool indented = false) => ToFigure().ToJsonString(indented ? Indented : Compact);

    /// <summary>A copy of this chart with <paramref name="edit"/> applied to the copy's traces and layout.</summary>
    private Chart With(Action<List<JsonObject>, JsonObject> edit)
    {
        var copy = new Chart(_data, _layout);
        edit(copy._data, copy._layout);
        return copy;
    }

    /// <summary>Returns a copy whose layout has been edited by <paramref name="edit"/> (escape hatch for any plotly attribute).</summary>
    public Chart WithLayout(Action<JsonObject> edit) => With((_, l) => edit(l));

    /// <summary>Returns a copy with <paramref name="edit"/> applied to every trace.</summary>
    public Chart WithTraces(Action<JsonObject> edit) => With((d, _) => d.ForEach(edit));

    /// <summary>Sets the chart title.</summary>
    public Chart WithTitle(string title) => With((_, l) => l["title"] = Text(title));

    /// <summary>Sets the (first) x axis title.</summary>
    public Chart WithXAxisTitle(string title) => With((_, l) => Obj(l, "xaxis")["title"] = Text(title));

    /// <summary>Sets the (first) y axis title.</summary>
    public Chart WithYAxisTitle(string title) => With((_, l) => Obj(l, "yaxis")["title"] = Text(title));

    /// <summary>Sets the x range of the (first) x axis.</summary>
    public Chart WithXRange(double min, double max) => With((_, l) => Obj(l, "xaxis")["range"] = new JsonArray(min, max));

    /// <summary>Sets the y range of the (first) y axis.</summary>
    public Chart WithYRange(double min, double max) => With((_, l) => Obj(l, "yaxis")["range"] = new JsonArray(min, max));

    /// <summary>Sets the figure size in pixels.</summary>
    public Chart WithSize(int width, int height)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Chart size must be positive, got {width}x{height}.");
        return With((_, l) => { l["width"] = width; l["height"] = height; });
    }

    /// <summary>Shows or hides the legend.</summary>
    public Chart WithLegend(bool show) => With((_, l) => l["showlegend"] = show);

    /// <summary>
    /// Moves this chart's traces to a second y axis (<c>yaxis2</c>, overlaying "y", on the right); combine it with
    /// a chart on the first axis via <see cref="Combine(Chart[])"/>. The legend moves above the plot.
    /// </summary>
    public Chart OnSecondaryYAxis(string? title = null) => With((d, l) =>
    {
        foreach (var t in d) t["yaxis"] = "y2";
        var axis = new JsonObject { ["overlaying"] = "y", ["side"] = "right", ["showgrid"] = false };
        if (title is not null) axis["title"] = Text(title);
        l["yaxis2"] = axis;
        l["legend"] = new JsonObject { ["orientation"] = "h", ["x"] = 0, ["y"] = 1.02, ["xanchor"] = "left", ["yanchor"] = "bottom" };
    });

    /// <summary>Overlays several charts: traces are concatenated, layouts merged (earlier charts win on conflicts).</summary>
    public static Chart Combine(params Chart[] charts) => Combine((IEnumerable<Chart>)charts);

    /// <inheritdoc cref="Combine(Chart[])"/>
    public static Chart Combine(IEnumerable<Chart> charts)
    {
        ArgumentNullException.ThrowIfNull(charts);
        var list = charts.ToList();
        if (list.Count == 0) throw new ArgumentException("Chart.Combine needs at least one chart.", nameof(charts));
        var layout = new JsonObject();
        foreach (var c in list) Merge(layout, c._layout);
        return new Chart(list.SelectMany(c => c._data), layout);
    }

    /// <summary>Adds keys of <paramref name="source"/> missing from <paramref name="target"/>; objects merge recursively, annotation arrays concatenate.</summary>
    internal static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is null) continue;
            if (!target.ContainsKey(key) || target[key] is null) target[key] = value.DeepClone();
            else if (target[key] is JsonObject t && value is JsonObject s) Merge(t, s);
            else if (target[key] is JsonArray ta && value is JsonArray sa && key is "annotations" or "shapes")
                foreach (var item in sa) ta.Add(item?.DeepClone());
        }
    }

    /// <summary>An HTML fragment: a uniquely identified div plus a script that loads plotly.js (see <see cref="PlotlyJs"/>) and draws the figure.</summary>
    public string ToHtml()
    {
        var id = HtmlUtil.NewId("course-plot");
        var sb = new StringBuilder();
        string style = _layout["width"] is JsonValue w && _layout["height"] is JsonValue h
            ? $" style=\"width:{w.ToJsonString()}px;height:{h.ToJsonString()}px;\"" : "";
        sb.Append($"<div id=\"{id}\" class=\"course-plot\"{style}></div>\n");
        if (PlotlyJs.Mode == PlotlyJsMode.Inline)
        {
            sb.Append("<script type=\"text/javascript\">if (typeof window.Plotly === 'undefined') {\n")
              .Append(EscapeScript(PlotlyJs.InlineSource()))
              .Append("\n}</script>\n");
        }
        sb.Append("<script type=\"text/javascript\">\n(function () {\n");
        sb.Append($"  var id = '{id}';\n  var figure = {ToJson()};\n");
        // a live chart may be replaced (update_display_data) before plotly.js has loaded: then there is nothing to draw into
        sb.Append("  function render(P) { if (!document.getElementById(id)) return; (P || window.Plotly).newPlot(id, figure.data, figure.layout, { responsive: true }); }\n");
        if (PlotlyJs.Mode == PlotlyJsMode.Inline)
            sb.Append("  render(window.Plotly);\n");
        else
            sb.Append(LoaderScript(PlotlyJs.ScriptUrl()));
        sb.Append("})();\n</script>");
        return sb.ToString();
    }

    /// <summary>A complete standalone HTML page showing this chart.</summary>
    public string ToHtmlDocument(string? pageTitle = null) => HtmlPage.Document(pageTitle ?? "Chart", ToHtml());

    /// <summary>
    /// Loads plotly.js via require.js (as Plotly.NET.Interactive does) or, without require.js, a plain script tag, trying
    /// the candidate URLs in order: in <see cref="PlotlyJsMode.Jupyter"/> mode first the copy the Jupyter server serves
    /// (its base URL read from the page: classic Notebook's <c>data-base-url</c>, JupyterLab's page config), then <paramref name="url"/>.
    /// </summary>
    private static string LoaderScript(string url)
    {
        string jupyterPath = JsonSerializer.Serialize(PlotlyJs.Mode == PlotlyJsMode.Jupyter ? PlotlyJs.Path ?? "" : "");
        return $$"""
          var urls = [];
          var rel = {{jupyterPath}};
          if (rel) {
            var base = document.body && document.body.getAttribute('data-base-url');
            var cfg = document.getElementById('jupyter-config-data');
            if (!base && cfg) { try { base = JSON.parse(cfg.textContent).baseUrl; } catch (e) { } }
            if (base) urls.push(base.replace(/\/?$/, '/') + rel);
          }
          urls.push({{JsonSerializer.Serialize(url)}});
          if (typeof window.Plotly !== 'undefined') { render(window.Plotly); return; }
          if (typeof requirejs === 'function' && typeof requirejs.config === 'function') {
            var amd = urls.map(function (u) { return u.replace(/\.js$/, ''); });
            var req = requirejs.config({ context: 'course-plotly', paths: { plotly: amd }, shim: { plotly: { exports: 'Plotly' } } }) || require;
            req(['plotly'], function (P) { render(P); });
            return;
          }
          function load(i) {
            var tag = document.querySelector('script[data-course-plotly="' + urls[i] + '"]');
            if (!tag) {
              tag = document.createElement('script');
              tag.src = urls[i];
              tag.setAttribute('data-course-plotly', urls[i]);
              document.head.appendChild(tag);
            }
            tag.addEventListener('load', function () { render(window.Plotly); });
            tag.addEventListener('error', function () {
              if (i + 1 < urls.length) load(i + 1);
              else document.getElementById(id).textContent = 'Could not load plotly.js from ' + urls.join(' or ');
            });
          }
          load(0);

        """;
    }

    private static string EscapeScript(string js) =>
        js.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override string ToString()
    {
        var title = (string?)_layout["title"]?["text"];
        return $"Chart{(title is null ? "" : $" '{title}'")}: {TraceCount} trace(s) [{string.Join(", ", TraceTypes)}]";
    }

    internal static JsonObject Text(string text) => new() { ["text"] = text };

    internal static JsonObject Obj(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject o) return o;
        var created = new JsonObject();
        parent[key] = created;
        return created;
    }
}
