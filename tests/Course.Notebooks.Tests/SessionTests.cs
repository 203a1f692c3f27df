using System.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Course.Notebooks.Tests;

/// <summary>Records everything a session sends, as the kernel would publish it.</summary>
internal sealed class RecordingOutput : ICellOutput
{
    public List<(string Kind, string Text)> Items { get; } = new();

    public string Stdout => string.Concat(Items.Where(i => i.Kind == "stdout").Select(i => i.Text));
    public string Stderr => string.Concat(Items.Where(i => i.Kind == "stderr").Select(i => i.Text));
    public string? Result => Items.LastOrDefault(i => i.Kind == "result").Text;

    void Add(string kind, string text) { lock (Items) Items.Add((kind, text)); }

    public void Stream(string name, string text) => Add(name, text);
    public void Display(IReadOnlyDictionary<string, string> data, string displayId, DisplayedType? type) => Add("display", data["text/plain"]);
    public void UpdateDisplay(IReadOnlyDictionary<string, string> data, string displayId, DisplayedType? type) => Add("update", data["text/plain"]);
    public void ExecuteResult(IReadOnlyDictionary<string, string> data, int executionCount, DisplayedType? type) => Add("result", data["text/plain"]);
    public void ClearOutput(bool wait) => Add("clear", wait.ToString());
    public void Page(IReadOnlyDictionary<string, string> data) => Add("page", data["text/plain"]);
    public void Error(CellError error) => Add("error", $"{error.Name}: {error.Message}");
}

/// <summary>The engine itself, as the kernel drives it: one session thread, interrupts, state kept across failures.</summary>
public sealed class SessionTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("session-").FullName;
    readonly ExecutionSession session;
    int count;

    public SessionTests() => session = new ExecutionSession(dir);

    public void Dispose()
    {
        session.Dispose();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    async Task<(CellOutcome Outcome, RecordingOutput Output)> Run(string code)
    {
        var output = new RecordingOutput();
        var outcome = await session.ExecuteAsync(new CellRequest { Code = code, FileName = $"cell{++count}.csx", ExecutionCount = count }, output);
        return (outcome, output);
    }

    [Fact]
    public async Task EveryCellAndEveryAwaitContinuationRunsOnTheSessionThread()
    {
        var (first, o1) = await Run("""
            using System.Threading;
            var tl = new ThreadLocal<int>();
            tl.Value = 7;
            var ids = new List<int> { Environment.CurrentManagedThreadId };
            await Task.Delay(50);
            ids.Add(Environment.CurrentManagedThreadId);
            await Task.Run(() => Thread.Sleep(20));
            ids.Add(Environment.CurrentManagedThreadId);
            await Task.Yield();
            ids.Add(Environment.CurrentManagedThreadId);
            """);
        Assert.Equal(CellStatus.Ok, first.Status);
        var (second, o2) = await Run("ids.Add(Environment.CurrentManagedThreadId);\n$\"{ids.Distinct().Count()} {tl.Value} {ids[0]}\"");
        Assert.Equal(CellStatus.Ok, second.Status);
        Assert.Equal($"1 7 {session.Thread.ManagedThreadId}", o2.Result);
    }

    [Fact]
    public async Task VariablesAssignedBeforeAnExceptionSurviveIt()
    {
        var (failed, output) = await Run("var kept = 41;\nthrow new InvalidOperationException(\"boom\");");
        Assert.Equal(CellStatus.Error, failed.Status);
        Assert.Equal("System.InvalidOperationException", failed.Error!.Name);
        Assert.Equal(2, failed.Error.Line);
        Assert.Equal("error: System.InvalidOperationException: boom", output.Items.Single().Kind + ": " + output.Items.Single().Text);
        var (ok, o2) = await Run("kept + 1");
        Assert.Equal(CellStatus.Ok, ok.Status);
        Assert.Equal("42", o2.Result);
    }

    async Task<(CellOutcome Outcome, RecordingOutput Output, TimeSpan Took)> InterruptWhenStarted(string code, string startedMarker = "started")
    {
        var output = new RecordingOutput();
        var clock = Stopwatch.StartNew();
        var run = session.ExecuteAsync(new CellRequest { Code = code, FileName = $"cell{++count}.csx", ExecutionCount = count }, output);
        var wait = Stopwatch.StartNew();
        while (!output.Stdout.Contains(startedMarker))
        {
            Assert.True(wait.Elapsed < TimeSpan.FromSeconds(60), "the cell never started");
            Assert.False(run.IsCompleted, $"the cell ended early: {string.Join(" | ", output.Items)}");
            await Task.Delay(20);
        }
        var interruptedAt = clock.Elapsed;
        Assert.True(session.Interrupt());
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(30));
        return (outcome, output, clock.Elapsed - interruptedAt);
    }

    [Fact]
    public async Task InterruptStopsALoopThatChecksTheCellTokenAndKeepsEarlierVariables()
    {
        await Run("var before = \"still here\";");
        var (outcome, output, took) = await InterruptWhenStarted("""
            long spins = 0;
            Console.WriteLine("started");
            while (true) { CancellationToken.ThrowIfCancellationRequested(); spins++; }
            """);
        Assert.Equal(CellStatus.Interrupted, outcome.Status);
        Assert.Equal("OperationCanceledException", outcome.Error!.Name);
        Assert.Equal(3, outcome.Error.Line);
        Assert.Contains(output.Items, i => i.Kind == "error");
        Assert.True(took < TimeSpan.FromSeconds(2), $"took {took}");
        Assert.False(session.IsRunning);
        var (after, o2) = await Run("before + \" \" + (spins > 0)");
        Assert.Equal("still here True", o2.Result);
        Assert.Equal(CellStatus.Ok, after.Status);
    }

    [Fact]
    public async Task LibrariesSeeTheInterruptThroughTheAppContextConvention()
    {
        // What the course's trainer and DataLoader do, without a reference to the engine.
        var (outcome, _, took) = await InterruptWhenStarted("""
            var token = ((Func<System.Threading.CancellationToken>)AppContext.GetData("Course.Notebooks.CellCancellation")!)();
            Console.WriteLine("started");
            for (int batch = 0; ; batch++) { token.ThrowIfCancellationRequested(); System.Threading.Thread.SpinWait(1000); }
            """);
        Assert.Equal(CellStatus.Interrupted, outcome.Status);
        Assert.True(took < TimeSpan.FromSeconds(2), $"took {took}");
        var token = ((Func<CancellationToken>)AppContext.GetData(ExecutionSession.CancellationDataKey)!)();
        Assert.False(token.CanBeCanceled);   // between cells there is nothing to cancel
    }

    [Fact]
    public async Task InterruptBreaksABlockingSleep()
    {
        var (outcome, _, took) = await InterruptWhenStarted("Console.WriteLine(\"started\");\nSystem.Threading.Thread.Sleep(120_000);");
        Assert.Equal(CellStatus.Interrupted, outcome.Status);
        Assert.True(took < TimeSpan.FromSeconds(5), $"took {took}");
        var (next, o) = await Run("System.Threading.Thread.Sleep(10); 1 + 1");   // no interrupt left pending for the next cell
        Assert.Equal(CellStatus.Ok, next.Status);
        Assert.Equal("2", o.Result);
    }

    [Fact]
    public async Task AnAwaitThatIgnoresTheTokenIsLeftBehindAndTheSessionGoesOn()
    {
        var (outcome, _, took) = await InterruptWhenStarted("Console.WriteLine(\"started\");\nawait new TaskCompletionSource().Task;");
        Assert.Equal(CellStatus.Interrupted, outcome.Status);
        Assert.Contains("left behind", outcome.Error!.Message);
        Assert.True(took < ExecutionSession.AbandonAfter + TimeSpan.FromSeconds(3), $"took {took}");
        var (next, o) = await Run("\"alive\"");
        Assert.Equal("alive", o.Result);
    }

    [Fact]
    public async Task InterruptWithNothingRunningIsANoOp()
    {
        Assert.False(session.Interrupt());
        var (ok, o) = await Run("3 * 3");
        Assert.Equal("9", o.Result);
        Assert.False(session.Interrupt());
    }

    [Fact]
    public async Task WritesFromABackgroundThreadAfterTheCellEndedGoToTheLastCell()
    {
        var (_, first) = await Run("using System.Threading;\nvar gate = new ManualResetEventSlim();\nnew Thread(() => { gate.Wait(); Console.WriteLine(\"late\"); }).Start();");
        var (_, second) = await Run("gate.Set(); System.Threading.Thread.Sleep(200);");
        Assert.Contains("late", first.Stdout + second.Stdout);
    }

    [Fact]
    public async Task ReRunningAReferenceAndUsingStaticCellWhileTheWarmUpRunsKeepsOneCopyOfTheAssembly()
    {
        var dll = Path.Combine(dir, "Twicer.dll");
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var emit = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Twicer",
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("namespace L; public static class T { public static int Twice(int x) => 2 * x; }")],
            new[] { "System.Runtime.dll", "System.Private.CoreLib.dll" }.Select(f => Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(Path.Combine(runtime, f))),
            new(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary)).Emit(dll);
        Assert.True(emit.Success);
        var warm = session.WarmUpAsync();   // what the kernel does at start-up, beside the learner's first cells
        const string load = "#r \"Twicer.dll\"\nusing static L.T;";
        Assert.Equal(CellStatus.Ok, (await Run(load)).Outcome.Status);
        Assert.Equal("4", (await Run("Twice(2)")).Output.Result);
        Assert.Equal(CellStatus.Ok, (await Run(load)).Outcome.Status);   // the learner runs the first cell again
        var (again, o) = await Run("Twice(3)");
        Assert.True(again.Status == CellStatus.Ok, again.Error?.Message);
        Assert.Equal("6", o.Result);
        await warm;
    }

    [Fact]
    public async Task ClearOutputIsSentToTheSink()
    {
        var (ok, output) = await Run("Console.WriteLine(\"a\"); clear_output(); clear_output(wait: true); Console.WriteLine(\"b\");");
        Assert.Equal(CellStatus.Ok, ok.Status);
        Assert.Equal(new[] { ("stdout", "a\n"), ("clear", "False"), ("clear", "True"), ("stdout", "b\n") }, output.Items);
    }
}

/// <summary>The same engine features as the batch runner writes them into a notebook.</summary>
public sealed class RunnerEngineTests : IDisposable
{
    readonly NotebookFixture fx = new();

    public void Dispose() => fx.Dispose();

    [Fact]
    public async Task ClearOutputClearsTheCellNowOrBeforeItsNextOutput()
    {
        var path = fx.Write("clear.ipynb",
            NotebookFixture.Code("Console.WriteLine(\"gone\");\nclear_output();\nConsole.WriteLine(\"kept\");"),
            NotebookFixture.Code("display(\"first\");\nclear_output(wait: true);\ndisplay(\"second\");"));
        var (result, nb) = await fx.RunAsync(path);
        Assert.True(result.Passed, result.FailureSummary);
        Assert.Equal("kept\n", NotebookFixture.StreamText(nb, 1, "stdout"));
        var second = NotebookFixture.Outputs(nb, 2).Single()!;
        Assert.Equal("second", NotebookFixture.Text(second["data"]!["text/plain"]));
    }

    [Fact]
    public async Task AQuestionMarkShowsTheSignatureAndDocumentation()
    {
        var path = fx.Write("help.ipynb", NotebookFixture.Code("Math.Sqrt?"), NotebookFixture.Code("NoSuchThing?"));
        var (result, nb) = await fx.RunAsync(path);
        Assert.True(result.Passed, result.FailureSummary);
        var page = NotebookFixture.Outputs(nb, 1).Single()!;
        Assert.Equal("display_data", (string?)page["output_type"]);
        var text = NotebookFixture.Text(page["data"]!["text/plain"]);
        Assert.Contains("Sqrt(double", text);
        Assert.Contains("square root", text);
        Assert.Contains("No symbol named 'NoSuchThing'", NotebookFixture.StreamText(nb, 2, "stdout"));
    }

    [Fact]
    public async Task ACellTimeoutCancelsTheCellTokenSoCooperativeLoopsStop()
    {
        var marker = Path.Combine(fx.Dir, "stopped.txt");
        var path = fx.Write("timeout.ipynb",
            NotebookFixture.Code("var ready = 1;"),
            NotebookFixture.Code("try { while (true) { CancellationToken.ThrowIfCancellationRequested(); System.Threading.Thread.Sleep(10); } }\n" +
                                 $"finally {{ System.IO.File.WriteAllText(@\"{marker}\", \"stopped\"); }}"),
            NotebookFixture.Code("var after = 1;"));
        var (result, nb) = await fx.RunAsync(path, new RunnerOptions { CellTimeout = TimeSpan.FromSeconds(10) });
        Assert.Equal(NotebookStatus.TimedOut, result.Status);
        Assert.Equal(2, result.FailedCell);
        Assert.Contains("cell timeout of 10 s", result.ErrorMessage);
        Assert.Null((int?)NotebookFixture.Cell(nb, 3)["execution_count"]);
        // the runaway loop was told to stop, and did: it does not burn a core for the rest of the process
        var clock = Stopwatch.StartNew();
        while (!File.Exists(marker) && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(50);
        Assert.True(File.Exists(marker), "the timed-out cell kept running");
    }
}
