using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Course.Cli;
using Course.Notebooks;
using Course.TestSupport;
using Microsoft.Playwright;

namespace Course.Tests;

/// <summary>
/// The notebooks as .NET 10 file-based apps (<c>apps/</c>, <c>./course export --app</c>): the committed apps match the
/// notebooks, and every app's smoke run (<c>dotnet run apps/NN.cs -- --smoke</c>) prints the numbers the runner's smoke
/// run of the same notebook shows and writes a page whose charts Chromium draws.
/// </summary>
public partial class AppTests
{
    static string Root => TestEnv.RepoRoot;

    static IReadOnlyList<string> Notebooks => BatchRunner.ExpandPaths([Path.Combine(Root, "notebooks")]);

    [Fact]
    public void The_committed_apps_match_their_notebooks()
    {
        Assert.Equal(17, Notebooks.Count);
        var drift = ExportCommand.Drift(Notebooks, Path.Combine(Root, "apps"), wholeFolder: true);
        Assert.True(drift.Count == 0, "apps/ drifted from the notebooks (run ./course export --app):\n" + string.Join("\n", drift));
    }

    [Fact]
    public void The_export_check_reports_an_edited_app()
    {
        var dir = Directory.CreateTempSubdirectory("apps-drift").FullName;
        var apps = Path.Combine(Root, "out", "apps-drift-" + Path.GetFileName(dir));   // as deep as apps/: same #:project paths
        try
        {
            var nb = Notebooks[1];
            var app = AppExporter.ExportFile(nb, apps);
            Assert.Empty(ExportCommand.Drift([nb], apps, wholeFolder: true));
            File.AppendAllText(app, "// edited by hand\n");
            File.WriteAllText(Path.Combine(apps, "99-gone.cs"), "");
            Assert.Equal([$"differs  {Path.Combine(apps, Path.GetFileName(app))}  (from {nb})", $"stale    {Path.Combine(apps, "99-gone.cs")}  (no notebook)"],
                ExportCommand.Drift([nb], apps, wholeFolder: true));
        }
        finally { Directory.Delete(apps, recursive: true); Directory.Delete(dir, recursive: true); }
    }

    /// <summary>
    /// All 17 notebooks exported afresh, the runner's smoke run of them (<c>course run notebooks --smoke</c>), then each app
    /// built and run with <c>dotnet run -c Release APP -- --smoke</c> one after the other: each exits 0, prints the
    /// notebook's key lines (learning gates, parameter counts, accuracies, exercise checks; timings left out) in the same
    /// order, and writes its page. Then Chromium opens notebook 02's page and finds its Plotly charts drawn.
    /// </summary>
    [DataFact("mnist", "fashion-mnist")]
    public async Task Every_app_prints_the_numbers_of_the_notebooks_smoke_run_and_writes_its_page()
    {
        var work = Directory.CreateTempSubdirectory("apps-run").FullName;
        var apps = Path.Combine(Root, "out", "apps-test");
        if (Directory.Exists(apps)) Directory.Delete(apps, recursive: true);
        foreach (var nb in Notebooks) AppExporter.ExportFile(nb, apps);
        Assert.Equal(17, Directory.GetFiles(apps, "*.cs").Length);

        var executed = Path.Combine(work, "notebooks");
        var cli = Path.Combine(AppContext.BaseDirectory, "Course.Cli.dll");
        var run = await Run(Root, "dotnet", cli, "run", Path.Combine(Root, "notebooks"), "--smoke", "--jobs", "2", "--out", executed);
        Assert.True(run.Code == 0, $"course run --smoke failed:\n{run.Stdout}\n{run.Stderr}");

        var failures = new List<string>();
        foreach (var nb in Notebooks)
        {
            var name = Path.GetFileNameWithoutExtension(nb);
            var page = Path.Combine(work, "pages", name + ".html");
            var watch = Stopwatch.StartNew();
            var app = await Run(Root, "dotnet", "run", "-c", "Release", Path.Combine(apps, name + ".cs"), "--", "--smoke", "--page", page);
            Console.WriteLine($"{name}: app exit {app.Code} in {watch.Elapsed.TotalSeconds:F0} s");
            if (app.Code != 0) { failures.Add($"{name}: exit {app.Code}\n{Tail(app.Stdout + app.Stderr)}"); continue; }
            var expected = KeyLines(NotebookText(Path.Combine(executed, name + ".ipynb")));
            var actual = KeyLines(app.Stdout);
            if (expected.Count == 0) failures.Add($"{name}: the notebook's smoke run printed no key lines");
            else if (!expected.SequenceEqual(actual))
                failures.Add($"{name}: key lines differ\n  notebook: {string.Join("\n            ", expected)}\n  app:      {string.Join("\n            ", actual)}");
            if (!File.Exists(page) || !File.ReadAllText(page).Contains("class=\"output\"", StringComparison.Ordinal))
                failures.Add($"{name}: no page with outputs at {page}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        await ChartsAreDrawn(Path.Combine(work, "pages", "02-lenet-fashion-mnist.html"));
        Directory.Delete(apps, recursive: true);
    }

    /// <summary>Chromium opens the page; every chart on it (a <c>.course-plot</c>) becomes a drawn Plotly figure with traces.</summary>
    static async Task ChartsAreDrawn(string page)
    {
        const string chromium = "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"{chromium} not found: install Debian's chromium package (apt-get install chromium)");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
        var p = await browser.NewPageAsync();
        var errors = new List<string>();
        p.PageError += (_, e) => errors.Add("page error: " + e);
        p.RequestFailed += (_, r) => errors.Add("request failed: " + r.Url);
        await p.GotoAsync(new Uri(page).AbsoluteUri);
        var charts = await p.Locator(".course-plot").CountAsync();
        Assert.True(charts >= 2, $"expected the training curves and the learning-rate chart on {page}, found {charts} charts");
        await p.WaitForFunctionAsync($"() => document.querySelectorAll('.js-plotly-plot').length === {charts}", null, new() { Timeout = 30000 });
        Assert.True(await p.Locator(".js-plotly-plot .scatterlayer .trace").CountAsync() >= 2 * charts, "every chart has its traces");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>The text a notebook's outputs show: stdout streams and the text/plain of displays and results, in order.</summary>
    static string NotebookText(string path)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var cell in NotebookDocument.Load(path).Cells.OfType<JsonObject>())
            foreach (var o in (cell["outputs"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var text = o["output_type"]?.GetValue<string>() == "stream" ? o["name"]?.GetValue<string>() == "stdout" ? o["text"] : null : o["data"]?["text/plain"];
                sb.Append(text is JsonArray a ? string.Concat(a.Select(x => x?.GetValue<string>())) : text?.GetValue<string>()).Append('\n');
            }
        return sb.ToString();
    }

    [GeneratedRegex(@"learning gate|params:|Accuracy:|test acc|^(PASS|NOT YET) ")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@",? ?[\d.,]+ ?(examples/sec|ms|s)\b")]
    private static partial Regex Timing();

    /// <summary>
    /// The lines that carry the numbers to compare, without timings (which differ between runs). The live training
    /// curves' text is left out: the notebook keeps the last of its updates, the app prints the first display (its
    /// updates redraw the page, the trainer's epoch lines show the progress on the console).
    /// </summary>
    static List<string> KeyLines(string text) => text.Replace("\r\n", "\n").Split('\n')
        .Where(l => KeyLine().IsMatch(l) && !l.StartsWith("TrainingCurves:", StringComparison.Ordinal))
        .Select(l => Timing().Replace(l.Trim(), "")).ToList();

    static string Tail(string text) => text.Length <= 3000 ? text : text[^3000..];

    static async Task<(int Code, string Stdout, string Stderr)> Run(string dir, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(30));
        return (p.ExitCode, await stdout, await stderr);
    }
}
