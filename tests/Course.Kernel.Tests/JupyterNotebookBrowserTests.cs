using Course.TestSupport;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Course.Kernel.Tests;

/// <summary>
/// Classic Jupyter Notebook (Debian's jupyter-notebook) on 127.0.0.1 with a token, serving a copy of notebook 02 with
/// <c>smoke = true</c>, and a private Jupyter data folder holding the course kernel's kernelspec (installed by the
/// kernel's own <c>install</c> command, as <c>./course kernel install</c> does).
/// </summary>
public sealed class JupyterServerFixture : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("course-jupyter-").FullName;
    public string Token { get; } = Guid.NewGuid().ToString("N");
    public int Port { get; private set; }
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    Process? server;
    readonly List<string> serverLog = new();

    public string ServerLog { get { lock (serverLog) return string.Join("\n", serverLog.TakeLast(80)); } }

    public async Task InitializeAsync()
    {
        var repo = Repo.Root;
        var data = Path.Combine(Root, "jupyter-data");
        var install = Repo.Run("dotnet", [Repo.KernelDll, "install"], new() { ["JUPYTER_DATA_DIR"] = data });
        Assert.True(install.ExitCode == 0, install.Output);

        // notebooks/02 as a learner has it, with smoke = true; ../artifacts resolves to the built course library
        Directory.CreateDirectory(Path.Combine(Root, "notebooks"));
        File.CreateSymbolicLink(Path.Combine(Root, "artifacts"), Path.Combine(repo, "artifacts"));
        var nb = JsonNode.Parse(File.ReadAllText(Path.Combine(repo, "notebooks", "02-lenet-fashion-mnist.ipynb")))!;
        var parameters = nb["cells"]!.AsArray().Single(c => c!["metadata"]?["tags"]?.AsArray().Any(t => (string?)t == "parameters") == true)!;
        parameters["source"] = new JsonArray("var smoke = true;\n");
        File.WriteAllText(Path.Combine(Root, "notebooks", "02-lenet-fashion-mnist.ipynb"), nb.ToJsonString());

        Port = FreePort();
        var psi = new ProcessStartInfo("jupyter-notebook")
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = Root,
        };
        foreach (var a in new[] { "--no-browser", "--ip=127.0.0.1", $"--port={Port}", "--port-retries=0", $"--NotebookApp.token={Token}",
                                  $"--notebook-dir={Root}", "--allow-root" })
            psi.ArgumentList.Add(a);
        psi.Environment["JUPYTER_DATA_DIR"] = data;
        psi.Environment["JUPYTER_CONFIG_DIR"] = Path.Combine(Root, "jupyter-config");
        psi.Environment["JUPYTER_RUNTIME_DIR"] = Path.Combine(Root, "jupyter-runtime");
        psi.Environment.Remove("JUPYTER_PATH");
        if (Environment.GetEnvironmentVariable("COURSE_DATA") is { } courseData) psi.Environment["COURSE_DATA"] = courseData;
        server = Process.Start(psi)!;
        server.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (serverLog) serverLog.Add(e.Data); };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (serverLog) serverLog.Add(e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(server.HasExited, "jupyter-notebook exited:\n" + ServerLog);
            try
            {
                var r = await http.GetAsync($"http://127.0.0.1:{Port}/api/kernelspecs?token={Token}");
                if (r.IsSuccessStatusCode)
                {
                    var specs = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
                    Assert.True(specs["kernelspecs"]?[".net-csharp"] is not null, $"the server does not list the course kernel: {specs}");
                    break;
                }
            }
            catch (HttpRequestException) { }
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "jupyter-notebook did not answer within 60 s:\n" + ServerLog);
            await Task.Delay(250);
        }

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
    }

    static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        Playwright?.Dispose();
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A learner's session in a real browser: run notebook 02, watch the curves draw, interrupt a long cell.</summary>
[Collection("kernel processes")]
public sealed class JupyterNotebookBrowserTests(JupyterServerFixture jupyter) : IClassFixture<JupyterServerFixture>
{
    /// <summary>Finds the cell whose code contains <paramref name="marker"/> and returns its index.</summary>
    static async Task<int> CellIndex(IPage page, string marker) => await page.EvaluateAsync<int>(
        "m => Jupyter.notebook.get_cells().findIndex(c => c.cell_type === 'code' && c.get_text().includes(m))", marker);

    static Task<bool> Busy(IPage page) => page.EvaluateAsync<bool>(
        "() => Jupyter.notebook.kernel_busy || Jupyter.notebook.get_cells().some(c => c.cell_type === 'code' && /\\*/.test(c.element.find('.input_prompt').text()))");

    static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> explain)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout) Assert.Fail($"timed out after {timeout.TotalSeconds} s: {await explain()}");
            await Task.Delay(100);
        }
    }

    /// <summary>As a learner does it: Escape (command mode), B (insert a cell below), Enter (edit it), type.</summary>
    static async Task InsertCellBelow(IPage page, string code)
    {
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("b");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.TypeAsync(code);
        var typed = await page.EvaluateAsync<string>("() => Jupyter.notebook.get_selected_cell().get_text()");
        Assert.True(typed == code, $"typed into the new cell: {typed}");
    }

    static async Task<string> RunNewCell(IPage page, string code, TimeSpan timeout)
    {
        await InsertCellBelow(page, code);
        int index = await page.EvaluateAsync<int>("() => Jupyter.notebook.get_selected_index()");
        await page.Keyboard.PressAsync("Control+Enter");
        await WaitUntil(async () => await page.EvaluateAsync<bool>(
            "i => { const c = Jupyter.notebook.get_cell(i); return c.input_prompt_number !== '*' && c.input_prompt_number != null; }", index),
            timeout, () => Task.FromResult($"cell {index} ({code}) did not finish"));
        return await page.EvaluateAsync<string>("i => Jupyter.notebook.get_cell(i).output_area.element.find('.output_subarea').text()", index);
    }

    [DataFact("fashion-mnist")]
    public async Task Notebook02RunsInClassicJupyterWithLiveCurvesAndTheInterruptButtonWorks()
    {
        var page = await jupyter.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 1000 } });
        var pageErrors = new List<string>();
        page.PageError += (_, e) => pageErrors.Add(e);
        await page.GotoAsync($"http://127.0.0.1:{jupyter.Port}/notebooks/notebooks/02-lenet-fashion-mnist.ipynb?token={jupyter.Token}");
        await WaitUntil(() => page.EvaluateAsync<bool>(
                "() => !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected())"),
            TimeSpan.FromSeconds(90), async () => "kernel not connected; server log:\n" + jupyter.ServerLog);

        // Watch the training cell's output: every redraw of the curves (update_display_data) puts a new plot div there.
        int training = await CellIndex(page, "AttachCurves");
        Assert.True(training > 0, "no training cell in notebook 02");
        await page.EvaluateAsync(@"i => {
            window.courseRedraws = [];
            const cell = Jupyter.notebook.get_cell(i);
            new MutationObserver(() => {
                const running = cell.input_prompt_number === '*';
                cell.output_area.element[0].querySelectorAll('.course-plot').forEach(d => {
                    if (!window.courseRedraws.some(r => r.id === d.id)) window.courseRedraws.push({ id: d.id, running });
                });
            }).observe(cell.output_area.element[0], { childList: true, subtree: true });
        }", training);

        // Cell > Run All, from the menu bar
        await page.ClickAsync("#celllink");
        await page.ClickAsync("#run_all_cells");
        await WaitUntil(async () => !await Busy(page) && await page.EvaluateAsync<bool>(
                "() => Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').every(c => typeof c.input_prompt_number === 'number')"),
            TimeSpan.FromMinutes(8), async () => "Run All did not finish; server log:\n" + jupyter.ServerLog);

        var errors = await page.Locator(".output_error").AllInnerTextsAsync();
        Assert.True(errors.Count == 0, "error output: " + string.Join("\n---\n", errors));

        // the curves drew (plotly.js from the kernelspec's copy, offline) and were redrawn while the cell ran
        var redraws = JsonNode.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.courseRedraws)"))!.AsArray();
        int whileRunning = redraws.Count(r => (bool)r!["running"]!);
        Assert.True(whileRunning >= 2, $"curves redrawn while the cell ran: {whileRunning} of {redraws.Count}");
        await WaitUntil(() => page.EvaluateAsync<bool>(
                "i => { const p = Jupyter.notebook.get_cell(i).output_area.element[0].querySelector('.js-plotly-plot'); return !!p && !!p.querySelector('.main-svg') && p.data.length >= 2; }", training),
            TimeSpan.FromSeconds(30), async () => "no Plotly chart in the training cell: " +
                await page.EvaluateAsync<string>("i => Jupyter.notebook.get_cell(i).output_area.element.text()", training));

        // the summary table and an exercise check box are visible
        int summary = await CellIndex(page, "ModelSummary.Create");
        var table = page.Locator(".cell").Nth(summary).Locator(".output_area table").First;
        Assert.True(await table.IsVisibleAsync(), "no visible summary table; the cell shows: " +
            await page.EvaluateAsync<string>("i => Jupyter.notebook.get_cell(i).output_area.element.html()", summary));
        Assert.Contains("61,706", await page.Locator(".cell").Nth(summary).Locator(".output_area").InnerTextAsync());   // total parameters
        var check = page.Locator(".output_area b", new() { HasTextString = "2.1 inputs of the first dense layer" }).First;
        Assert.True(await check.IsVisibleAsync(), "no exercise check box");
        Assert.Matches("^[✓✗] 2.1", (await check.InnerTextAsync()).Trim());

        Directory.CreateDirectory(Path.Combine(Repo.Root, "artifacts"));
        await page.EvaluateAsync("i => Jupyter.notebook.scroll_to_cell(i, 0)", training);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Repo.Root, "artifacts", "jupyter-notebook-02-curves.png") });

        // a long cell, interrupted from the toolbar; the kernel and the notebook's variables survive
        await page.EvaluateAsync("() => { const n = Jupyter.notebook.ncells(); Jupyter.notebook.select(n - 1); Jupyter.notebook.scroll_to_bottom(); }");
        await InsertCellBelow(page, "Console.WriteLine(\"training on\");\noptions.Epochs = 500;\nvar longer = new Trainer(net, options).Fit(trainLoader, testLoader);");
        int longCell = await page.EvaluateAsync<int>("() => Jupyter.notebook.get_selected_index()");
        await page.Keyboard.PressAsync("Control+Enter");
        await WaitUntil(async () => (await page.EvaluateAsync<string>("i => Jupyter.notebook.get_cell(i).output_area.element.text()", longCell)).Contains("training on"),
            TimeSpan.FromSeconds(60), async () => "the long cell never started; it shows: " +
                await page.EvaluateAsync<string>("i => Jupyter.notebook.get_cell(i).output_area.element.text()", longCell));
        await Task.Delay(1000);
        Assert.True(await Busy(page), "the long cell finished before it could be interrupted");
        var interrupted = Stopwatch.StartNew();
        await page.ClickAsync("button[data-jupyter-action='jupyter-notebook:interrupt-kernel']");
        await WaitUntil(async () => !await Busy(page), TimeSpan.FromSeconds(30), () => Task.FromResult("the interrupt did not stop the cell"));
        var longOutput = await page.EvaluateAsync<string>("i => Jupyter.notebook.get_cell(i).output_area.element.text()", longCell);
        Assert.Contains("OperationCanceledException", longOutput);
        Assert.True(interrupted.Elapsed < TimeSpan.FromSeconds(10), $"interrupt took {interrupted.Elapsed}");

        Assert.Equal("2", (await RunNewCell(page, "1 + 1", TimeSpan.FromSeconds(60))).Trim());
        Assert.Equal("True 61706", (await RunNewCell(page, "$\"{history.Epochs.Count == settings.Epochs} {summary.TotalParams}\"", TimeSpan.FromSeconds(60))).Trim());

        await page.ScreenshotAsync(new() { Path = Path.Combine(Repo.Root, "artifacts", "jupyter-notebook-02-interrupt.png") });
        Assert.True(pageErrors.Count == 0, "page errors: " + string.Join("\n", pageErrors));
    }
}
