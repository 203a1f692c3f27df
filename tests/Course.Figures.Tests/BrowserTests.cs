using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Course.Figures.Tests;

/// <summary>Starts Debian's headless Chromium once through Microsoft.Playwright (the driver ships inside the NuGet package).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} not found: install Debian's chromium package (apt-get install chromium).");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        Playwright?.Dispose();
    }
}

public class BrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>Set to a .png path to keep the rendered test page (the .html is written next to it); see scripts/screenshot.sh.</summary>
    public const string ScreenshotVariable = "COURSE_FIGURES_SCREENSHOT";

    private async Task<(IPage Page, List<string> Errors)> NewPageAsync()
    {
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add("console: " + m.Text); };
        page.PageError += (_, e) => errors.Add("page error: " + e);
        page.RequestFailed += (_, r) => errors.Add("request failed: " + r.Url);
        return (page, errors);
    }

    [Fact]
    public async Task Every_chart_kind_validates_against_the_plotly_schema()
    {
        var (page, errors) = await NewPageAsync();
        await page.SetContentAsync("<!DOCTYPE html><html><body></body></html>");
        await page.AddScriptTagAsync(new() { Path = Repo.PlotlyFile });
        var schema = JsonNode.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(Plotly.PlotSchema.get())"))!.AsObject();
        Assert.NotNull(schema["traces"]?["heatmap"]?["attributes"]?["texttemplate"]);

        foreach (var (name, chart) in SampleCharts.All())
        {
            var figure = chart.ToFigure();
            var keyErrors = PlotlySchema.Check(figure, schema);
            Assert.True(keyErrors.Count == 0, $"{name}: {string.Join("\n", keyErrors)}");
            var validate = await page.EvaluateAsync<string>(
                "f => JSON.stringify(Plotly.validate(f.data, f.layout) || [])", JsonNode.Parse(figure.ToJsonString()));
            Assert.True(validate == "[]", $"{name}: Plotly.validate reported {validate}");
        }
        Assert.Empty(errors);

        // the checker itself must catch invalid keys and values
        var bad = Chart.Line([1.0], [1.0]).WithTraces(t => t["colour"] = "red").WithLayout(l => l["xaxis"] = new JsonObject { ["type"] = "logarithmic" });
        var badErrors = PlotlySchema.Check(bad.ToFigure(), schema);
        Assert.Contains(badErrors, e => e.Contains(".colour"));
        Assert.Contains(badErrors, e => e.Contains("layout.xaxis.type"));
        await page.CloseAsync();
    }

    [Fact]
    public async Task Test_page_renders_every_chart_kind_without_console_errors()
    {
        var dir = Directory.CreateTempSubdirectory("figures-page").FullName;
        var target = Environment.GetEnvironmentVariable(ScreenshotVariable);
        var htmlPath = string.IsNullOrEmpty(target) ? Path.Combine(dir, "figures-test.html") : Path.ChangeExtension(Path.GetFullPath(target), ".html");
        Directory.CreateDirectory(Path.GetDirectoryName(htmlPath)!);

        string page;
        var ids = new Dictionary<string, string>();
        try
        {
            PlotlyJs.Mode = PlotlyJsMode.LocalFile;
            PlotlyJs.Path = Repo.PlotlyFile;
            var fragments = new List<string> { "<h1>Course.Figures test page</h1>" };
            foreach (var (name, chart) in SampleCharts.All())
            {
                var html = chart.ToHtml();
                ids[name] = System.Text.RegularExpressions.Regex.Match(html, "<div id=\"([^\"]+)\"").Groups[1].Value;
                fragments.Add($"<h2>{name}</h2>{html}");
            }
            fragments.Add("<h2>image grid (kernels, misclassified)</h2>" + TestImages.Kernels().ToHtml() + TestImages.Misclassified().ToHtml());
            fragments.Add("<h2>table</h2>" + new Table("Results").AddColumn("Model").AddColumn("Test acc", Align.Right, "0.00%")
                .AddRow("LeNet", 0.8912).AddRow("AlexNet", 0.9104).AddFooter("best", 0.9104).ToHtml());
            page = HtmlPage.Document("Course.Figures test page", fragments.ToArray());
        }
        finally { PlotlyJs.Reset(); }
        File.WriteAllText(htmlPath, page);

        var (p, errors) = await NewPageAsync();
        await p.GotoAsync(new Uri(htmlPath).AbsoluteUri);
        await p.WaitForFunctionAsync($"() => document.querySelectorAll('.js-plotly-plot').length === {ids.Count}", null, new() { Timeout = 30000 });

        async Task<int> Count(string name, string selector) => await p.Locator($"#{ids[name]} {selector}").CountAsync();
        Assert.Equal(3, await Count("lines", ".scatterlayer .trace"));
        Assert.Equal(2, await Count("scatter", ".scatterlayer .trace"));
        Assert.Equal(2, await Count("bar", ".barlayer .trace"));
        Assert.Equal(1, await Count("heatmap", ".heatmaplayer .hm"));
        Assert.Equal(16, await Count("heatmap", ".heatmaplayer .hm text"));         // 4x4 counts written in the cells
        Assert.Equal(4, await Count("heatmap", ".xaxislayer-above .xtick text"));          // class names on x
        Assert.Equal(5, await Count("grid", ".scatterlayer .trace"));
        Assert.Equal(2, await Count("grid", ".barlayer .trace"));
        Assert.Equal(1, await Count("grid", ".heatmaplayer .hm"));
        Assert.Equal(3, await Count("curves", ".scatterlayer .trace"));
        Assert.Equal("T-shirt", await p.Locator($"#{ids["heatmap"]} .xaxislayer-above .xtick text").First.TextContentAsync());
        Assert.Equal("Loss and learning rate", await p.Locator($"#{ids["lines"]} .gtitle").TextContentAsync());
        Assert.True(await p.Locator($"#{ids["lines"]} .y2tick").CountAsync() > 0, "second y axis ticks");
        Assert.Equal("learning rate", await p.Locator($"#{ids["lines"]} .y2title").TextContentAsync());
        Assert.Equal(2, await p.Locator("script[data-course-plotly]").CountAsync() + 1); // plotly.js injected once
        Assert.Contains("true: dog", await p.Locator(".course-image-grid .caption").First.TextContentAsync());
        Assert.True(errors.Count == 0, string.Join("\n", errors));

        if (!string.IsNullOrEmpty(target))
            await p.ScreenshotAsync(new() { Path = Path.GetFullPath(target), FullPage = true });
        await p.CloseAsync();
    }

    /// <summary>
    /// With an AMD loader present the chart must go through requirejs.config (path without ".js", shim exporting
    /// window.Plotly) as in Plotly.NET.Interactive. A tiny stand-in loader records the config and loads path + ".js".
    /// </summary>
    [Fact]
    public async Task Charts_load_plotly_through_requirejs_when_present()
    {
        string html;
        try
        {
            PlotlyJs.Mode = PlotlyJsMode.LocalFile;
            PlotlyJs.Path = Repo.PlotlyFile;
            html = SampleCharts.Bar().ToHtml() + SampleCharts.Scatter().ToHtml();
        }
        finally { PlotlyJs.Reset(); }
        const string fakeRequire = """
            <script>
            window.amdConfigs = [];
            window.requirejs = function () {};
            window.requirejs.config = function (cfg) {
              window.amdConfigs.push(cfg);
              return function (deps, cb) {
                var s = document.createElement('script');
                s.src = [].concat(cfg.paths[deps[0]])[0] + '.js';   // paths may list fallbacks
                s.onload = function () { cb(window[cfg.shim[deps[0]].exports]); };
                document.head.appendChild(s);
              };
            };
            </script>
            """;
        var dir = Directory.CreateTempSubdirectory("figures-amd").FullName;
        var path = Path.Combine(dir, "amd.html");
        File.WriteAllText(path, HtmlPage.Document("amd", fakeRequire, html));

        var (p, errors) = await NewPageAsync();
        await p.GotoAsync(new Uri(path).AbsoluteUri);
        await p.WaitForFunctionAsync("() => document.querySelectorAll('.js-plotly-plot').length === 2", null, new() { Timeout = 30000 });
        Assert.Equal(2, await p.EvaluateAsync<int>("() => window.amdConfigs.length"));
        Assert.Equal("course-plotly", await p.EvaluateAsync<string>("() => window.amdConfigs[0].context"));
        Assert.Equal(0, await p.Locator("script[data-course-plotly]").CountAsync()); // no plain <script src> fallback
        Assert.Equal(2, await p.Locator(".barlayer .trace").CountAsync());
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await p.CloseAsync();
    }

    /// <summary>
    /// Inside a Jupyter server's page the chart loads plotly.js from the course kernelspec's copy, which the server serves
    /// under its base URL (read from classic Notebook's data-base-url or JupyterLab's page config), and falls back to the
    /// CDN when that fails or when there is no Jupyter server (VS Code). Served here through Playwright routes.
    /// </summary>
    [Theory]
    [InlineData("classic", true)]
    [InlineData("lab", true)]
    [InlineData("lab", false)]
    [InlineData("none", true)]
    public async Task Jupyter_mode_loads_the_kernelspec_copy_under_the_base_url_then_the_cdn(string frontend, bool localServed)
    {
        string chart;
        try
        {
            PlotlyJs.Mode = PlotlyJsMode.Jupyter;
            PlotlyJs.Path = "kernelspecs/.net-csharp/plotly.min.js";
            chart = SampleCharts.Bar().ToHtml();
        }
        finally { PlotlyJs.Reset(); }
        var (head, body) = frontend switch
        {
            "classic" => ("", "<body data-base-url=\"/user/ada/\">"),
            "lab" => ("<script id=\"jupyter-config-data\" type=\"application/json\">{\"baseUrl\": \"/lab/base\"}</script>", "<body>"),
            _ => ("", "<body>"),
        };
        var html = $"<!DOCTYPE html><html><head>{head}</head>{body}{chart}</body></html>";
        var (p, errors) = await NewPageAsync();
        var requested = new List<string>();
        await p.RouteAsync("**/*", async route =>
        {
            var url = route.Request.Url;
            requested.Add(url);
            if (url.EndsWith("/notebook", StringComparison.Ordinal)) await route.FulfillAsync(new() { Body = html, ContentType = "text/html" });
            else if (url.Contains("/kernelspecs/") && localServed || url == PlotlyJs.CdnUrl)
                await route.FulfillAsync(new() { Path = Repo.PlotlyFile, ContentType = "application/javascript" });
            else await route.FulfillAsync(new() { Status = 404 });
        });
        await p.GotoAsync("http://jupyter.test/some/notebook");
        try { await p.WaitForFunctionAsync("() => document.querySelectorAll('.js-plotly-plot').length === 1 && !!document.querySelector('.js-plotly-plot .main-svg')", null, new() { Timeout = 30000 }); }
        catch (TimeoutException) { Assert.Fail($"no chart; requests: {string.Join(", ", requested)}; errors: {string.Join("; ", errors)}"); }
        var scripts = requested.Where(u => u.EndsWith(".js", StringComparison.Ordinal)).ToList();
        var local = frontend switch
        {
            "classic" => "http://jupyter.test/user/ada/kernelspecs/.net-csharp/plotly.min.js",
            "lab" => "http://jupyter.test/lab/base/kernelspecs/.net-csharp/plotly.min.js",
            _ => null,
        };
        var expected = local is null ? [PlotlyJs.CdnUrl] : localServed ? new[] { local } : [local, PlotlyJs.CdnUrl];
        Assert.Equal(expected, scripts);
        errors.RemoveAll(e => e.StartsWith("request failed", StringComparison.Ordinal) || e.Contains("404"));   // the 404 of the missing copy
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        await p.CloseAsync();
    }
}
