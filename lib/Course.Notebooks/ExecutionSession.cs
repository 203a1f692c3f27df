using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace Course.Notebooks;

/// <summary>
/// The notebook engine: one C# script state, one session thread, one cell at a time. The batch runner
/// (<see cref="NotebookRunner"/>) and the Jupyter kernel both execute cells through this class, so cell semantics
/// (directives, magic commands, display convention, trailing expressions, errors, interrupts) are defined once.
/// </summary>
public sealed partial class ExecutionSession : IDisposable
{
    /// <summary>
    /// <see cref="AppContext"/> key under which the engine publishes a <c>Func&lt;CancellationToken&gt;</c> giving the
    /// running cell's cancellation token. Libraries that must not reference the engine (the course's trainer and data
    /// loader) read it to stop at their next batch when a cell is interrupted.
    /// </summary>
    public const string CancellationDataKey = "Course.Notebooks.CellCancellation";

    /// <summary>How long an interrupted cell that awaits something gets to finish before the session stops waiting for it.</summary>
    public static readonly TimeSpan AbandonAfter = TimeSpan.FromSeconds(2);

    static ExecutionSession() =>
        AppContext.SetData(CancellationDataKey, (Func<CancellationToken>)(() => ConsoleCapture.Owner()?.CellCancellation ?? CancellationToken.None));

    readonly object gate = new();
    readonly ScriptHost host;
    readonly List<string> imports;
    readonly SessionThread thread;
    readonly SemaphoreSlim oneCellAtATime = new(1, 1);
    ICellOutput? current, last;
    volatile RunningCell? running;
    long lastActivity = Stopwatch.GetTimestamp();
    volatile bool disposed;

    sealed class RunningCell(CancellationTokenSource cancellation)
    {
        public CancellationTokenSource Cancellation { get; } = cancellation;
        public TaskCompletionSource Abandoned { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public volatile bool Interrupted;
        int finished;
        public bool Finished => Volatile.Read(ref finished) != 0;
        /// <summary>True for the first caller only.</summary>
        public bool MarkFinished() => Interlocked.Exchange(ref finished, 1) == 0;
    }

    /// <summary>Creates a session whose <c>#r</c>/<c>#load</c> paths are relative to <paramref name="workingDirectory"/>.</summary>
    /// <param name="workingDirectory">The notebook's folder.</param>
    /// <param name="imports">Namespaces imported into every cell besides the Polyglot C# defaults.</param>
    /// <param name="standIns">Assemblies that <c>#r "nuget: …"</c> of matching packages references instead of restoring them.</param>
    public ExecutionSession(string workingDirectory, IEnumerable<string>? imports = null, IEnumerable<PackageStandIn>? standIns = null)
    {
        WorkingDirectory = Path.GetFullPath(workingDirectory);
        this.imports = imports?.ToList() ?? [];
        host = new ScriptHost(WorkingDirectory, new NotebookGlobals(this), this.imports, standIns?.ToList() ?? [],
            text => Emit(o => o.Stream("stdout", text)));
        thread = new SessionThread("notebook session", OnUnhandled);
        ConsoleCapture.Register(this);
    }

    /// <summary>The folder <c>#r</c> and <c>#load</c> paths are relative to.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The formatters this session's cells registered (<c>Microsoft.DotNet.Interactive.Formatting.Formatter</c>).</summary>
    internal FormatterRegistry Formatters { get; } = new();

    /// <summary>The thread every cell runs on.</summary>
    public Thread Thread => thread.Thread;

    /// <summary>True while a cell runs.</summary>
    public bool IsRunning => running is not null;

    /// <summary>The running cell's cancellation token (<see cref="CancellationToken.None"/> between cells).</summary>
    public CancellationToken CellCancellation => running?.Cancellation.Token ?? CancellationToken.None;

    /// <summary>What the next cell would be compiled against: for completion and inspection (<see cref="LanguageServices"/>).</summary>
    public ScriptContext LanguageContext => host.Context;

    /// <summary>
    /// Prepares, in the background, what the first cell and the first completion would otherwise pay for: the JIT of
    /// the C# compiler, then of Roslyn's completion service (MEF composition). The kernel calls it at start-up, while
    /// the learner reads the notebook; failures are ignored (the real cell will report them). Both compile against
    /// references of their own (<see cref="ScriptHost.IsolatedOptions"/>): Roslyn must not bind the session's
    /// references in two compilations at once — a warm-up compile that shared them, run beside the first cell, was
    /// seen to give a later re-run <c>#r</c> + <c>using static</c> cell a second copy of the referenced assembly (CS0121).
    /// </summary>
    public Task WarmUpAsync() => Task.Run(async () =>
    {
        try { ScriptHost.WarmUp(); }
        catch (Exception) { }
        // Completion's warm-up (MEF composition, ~2 s of CPU) waits for a quiet moment, so it never slows a Run All.
        while (!disposed && (running is not null || Stopwatch.GetElapsedTime(lastActivity) < TimeSpan.FromSeconds(2)))
            await Task.Delay(250);
        if (disposed) return;
        try { await LanguageServices.CompleteAsync(new ScriptContext(null, ScriptHost.IsolatedOptions(), typeof(NotebookGlobals), WorkingDirectory), "Console.", 8); }
        catch (Exception) { }
    });

    /// <summary>
    /// Executes one cell on the session thread and sends its outputs to <paramref name="output"/>. Cells queue: a call
    /// made while another cell runs waits for it. Never throws for the cell's own failures (they become the outcome and
    /// an <see cref="ICellOutput.Error"/>); <paramref name="cancellationToken"/> only stops the waiting.
    /// </summary>
    public async Task<CellOutcome> ExecuteAsync(CellRequest request, ICellOutput output, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var clock = Stopwatch.StartNew();
        var parsed = CellParser.Parse(request.Code, request.Language);
        if (parsed.Language == "markdown") return new CellOutcome(CellStatus.Ok, null, clock.Elapsed);
        if (parsed.Language != "csharp")
            return Fail(output, new CellError("UnsupportedLanguage",
                $"the cell is '{parsed.Language}'; this engine executes C# cells only (markdown cells are skipped)", []), clock);
        if (parsed.Unsupported is var (command, line))
            return Fail(output, new CellError("UnsupportedMagicCommand", $"'{command}' is not supported (only #!csharp, #!markdown and #!time)", [], line), clock);

        if (HelpTarget().Match(parsed.Code.Trim()) is { Success: true } help)
            return await ShowHelpAsync(help.Groups[1].Value, output, clock, cancellationToken);

        await oneCellAtATime.WaitAsync(cancellationToken);
        var cell = new RunningCell(new CancellationTokenSource());
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate) { current = output; last = output; }
        running = cell;
        thread.Post(_ => _ = RunOnSessionThreadAsync(parsed, request, cell, output, done), null);

        var waits = new List<Task> { done.Task, cell.Abandoned.Task };
        if (request.Timeout is TimeSpan limit) waits.Add(Task.Delay(limit < TimeSpan.Zero ? TimeSpan.Zero : limit, cancellationToken));
        var first = await Task.WhenAny(waits);
        if (first != done.Task)
        {
            // Timed out or abandoned after an interrupt: the cell may still be running; the next cell waits for it.
            cancellationToken.ThrowIfCancellationRequested();
            CellError error;
            if (first == cell.Abandoned.Task)
            {
                Finish(cell);   // the next cell may run; the abandoned one may still resume later
                error = Interrupted("the cell was interrupted while it awaited something that did not observe the interrupt; it was left behind");
                Emit(o => o.Error(error));
                lock (gate) current = null;
                return new CellOutcome(CellStatus.Interrupted, error, clock.Elapsed);
            }
            _ = done.Task.ContinueWith(_ => Finish(cell), TaskScheduler.Default);
            cell.Interrupted = true;
            try { cell.Cancellation.Cancel(); } catch (ObjectDisposedException) { } catch (AggregateException) { }
            var name = request.TimeoutName ?? $"time limit of {request.Timeout!.Value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";
            error = new CellError("TimeoutException", $"the cell was still running when the {name} ran out", []);
            Emit(o => o.Error(error));
            lock (gate) current = null;
            return new CellOutcome(CellStatus.TimedOut, error, clock.Elapsed);
        }

        Finish(cell);
        CellOutcome outcome;
        if (done.Task.Exception?.InnerException is { } e)
        {
            var error = cell.Interrupted && e is OperationCanceledException or ThreadInterruptedException
                ? Interrupted(null, e, request.FileName)
                : Describe(e, request.FileName);
            Emit(o => o.Error(error));
            outcome = new CellOutcome(error.Name == InterruptedName ? CellStatus.Interrupted : CellStatus.Error, error, clock.Elapsed);
        }
        else outcome = new CellOutcome(CellStatus.Ok, null, clock.Elapsed);
        lock (gate) current = null;
        return outcome;
    }

    /// <summary>A cell that is only a name followed by <c>?</c> (as in IPython): <c>Math.Sqrt?</c>, <c>nn.Conv2d?</c>.</summary>
    [GeneratedRegex(@"^([A-Za-z_@][\w@]*(?:\s*\.\s*[A-Za-z_@][\w@]*)*(?:<[\w\s,.<>\[\]]*>)?)\s*\?\??$")]
    private static partial Regex HelpTarget();

    /// <summary>Shows the signature and documentation of <paramref name="target"/> in the pager (Jupyter) or as an output (runner).</summary>
    async Task<CellOutcome> ShowHelpAsync(string target, ICellOutput output, Stopwatch clock, CancellationToken cancellationToken)
    {
        await oneCellAtATime.WaitAsync(cancellationToken);
        try
        {
            var info = await LanguageServices.InspectAsync(LanguageContext, target, target.Length, detailLevel: 1, cancellationToken);
            lock (gate)
            {
                if (!info.Found) output.Stream("stdout", $"No symbol named '{target}' here (check its spelling and the cell that defines or imports it).\n");
                else
                {
                    var data = new Dictionary<string, string> { ["text/plain"] = info.PlainText ?? target };
                    if (info.Markdown is not null) data["text/markdown"] = info.Markdown;
                    output.Page(data);
                }
            }
            return new CellOutcome(CellStatus.Ok, null, clock.Elapsed);
        }
        finally { oneCellAtATime.Release(); }
    }

    void Finish(RunningCell cell)
    {
        if (!cell.MarkFinished()) return;
        Interlocked.Exchange(ref lastActivity, Stopwatch.GetTimestamp());
        if (running == cell) running = null;
        oneCellAtATime.Release();
    }

    async Task RunOnSessionThreadAsync(ParsedCell parsed, CellRequest request, RunningCell cell, ICellOutput output, TaskCompletionSource done)
    {
        ConsoleCapture.Enter(this);
        SessionThread.ClearPendingInterrupt();
        try
        {
            var watch = Stopwatch.StartNew();
            var value = await host.RunCellAsync(parsed, request.FileName, cell.Cancellation.Token);
            if (value is not null)
            {
                var data = DisplayFormatter.Format(Formatters, value, null);
                var type = DisplayedType.Of(value);
                Emit(o => o.ExecuteResult(data, request.ExecutionCount, type));
            }
            if (parsed.Time)
            {
                var text = $"Wall time: {watch.Elapsed.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms";
                Emit(o => o.Display(new Dictionary<string, string> { ["text/plain"] = text }, NewDisplayId(), null));
            }
            done.TrySetResult();
        }
        catch (Exception e) { done.TrySetException(e); }
        finally { SessionThread.ClearPendingInterrupt(); }
    }

    /// <summary>
    /// Asks the running cell to stop: cancels its <see cref="CellCancellation"/> token (the course's trainer and data
    /// loader stop at their next batch; <c>await Task.Delay(ms, CancellationToken)</c> in a cell stops at once) and
    /// interrupts a blocking wait (<c>Thread.Sleep</c>, <c>Task.Wait</c>). A cell that awaits something that ignores the
    /// token is left behind after <see cref="AbandonAfter"/>; a busy loop that never checks cannot be stopped (restart
    /// the kernel). Variables of earlier cells survive. Returns false when no cell is running.
    /// </summary>
    public bool Interrupt()
    {
        var cell = running;
        if (cell is null || cell.Finished) return false;
        cell.Interrupted = true;
        try { cell.Cancellation.Cancel(); }
        catch (ObjectDisposedException) { return false; }
        catch (AggregateException e) { OnUnhandled(e); }   // a callback registered by the cell threw
        _ = WatchInterruptedAsync(cell);
        return true;
    }

    /// <summary>After an interrupt: half a second for the cell to observe its token, then one interrupt of a blocking
    /// wait; a cell that only awaits is abandoned after <see cref="AbandonAfter"/>; a busy one gets a note on stderr.</summary>
    async Task WatchInterruptedAsync(RunningCell cell)
    {
        var waitingSince = (DateTime?)null;
        bool told = false, interruptedWait = false;
        var started = DateTime.UtcNow;
        while (!cell.Finished)
        {
            await Task.Delay(100).ConfigureAwait(false);
            if (cell.Finished) return;
            if (!interruptedWait && DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.5))
                interruptedWait = thread.InterruptBlockingWait();
            if (thread.IsWaitingForWork)
            {
                waitingSince ??= DateTime.UtcNow;
                if (DateTime.UtcNow - waitingSince >= AbandonAfter) { cell.Abandoned.TrySetResult(); return; }
            }
            else waitingSince = null;
            if (!told && DateTime.UtcNow - started >= AbandonAfter)
            {
                told = true;
                Emit(o => o.Stream("stderr",
                    "Interrupt requested, but the cell is still busy: it does not check for interruption. Loops can call " +
                    "CancellationToken.ThrowIfCancellationRequested(); restart the kernel to stop it now.\n"));
            }
        }
    }

    const string InterruptedName = "OperationCanceledException";

    static CellError Interrupted(string? message, Exception? e = null, string? cellFile = null)
    {
        var where = e is null ? null : Describe(e, cellFile!);
        var text = message ?? "the cell was interrupted";
        var traceback = new List<string> { $"{InterruptedName}: {text}" };
        if (where is not null) traceback.AddRange(where.Traceback.Skip(1));
        return new CellError(InterruptedName, text, traceback, where?.Line, where?.File);
    }

    /// <summary>Sends an output to the running cell's sink, or to the last cell's when none runs (display updates,
    /// writes from threads a cell left behind).</summary>
    internal bool Emit(Action<ICellOutput> send)
    {
        lock (gate)
        {
            var sink = current ?? last;
            if (sink is null) return false;
            send(sink);
            return true;
        }
    }

    internal bool TryWriteStream(string name, string text) => Emit(o => o.Stream(name, text));

    internal DisplayedValue Display(IReadOnlyDictionary<string, string> data, string[] mimeTypes, DisplayedType? type)
    {
        var id = NewDisplayId();
        if (!Emit(o => o.Display(data, id, type)))
            throw new InvalidOperationException("display(...) was called while no notebook cell is running");
        return new DisplayedValue(this, id, mimeTypes);
    }

    internal void UpdateDisplay(string displayId, IReadOnlyDictionary<string, string> data, DisplayedType? type) =>
        Emit(o => o.UpdateDisplay(data, displayId, type));

    internal void ClearOutput(bool wait) => Emit(o => o.ClearOutput(wait));

    static string NewDisplayId() => Guid.NewGuid().ToString("N");

    void OnUnhandled(Exception e) =>
        Emit(o => o.Stream("stderr", $"Unhandled exception on the session thread (an async void method or callback): {e}\n"));

    static CellOutcome Fail(ICellOutput output, CellError error, Stopwatch clock)
    {
        output.Error(error);
        return new CellOutcome(CellStatus.Error, error, clock.Elapsed);
    }

    /// <summary>The exception text without the engine's own frames (everything from the first Roslyn scripting frame on).</summary>
    static List<string> Traceback(Exception e)
    {
        var lines = e.ToString().Replace("\r\n", "\n").Split('\n').ToList();
        int cut = lines.FindIndex(l => l.TrimStart().StartsWith("at Microsoft.CodeAnalysis.Scripting.", StringComparison.Ordinal));
        if (cut > 0)
        {
            lines.RemoveRange(cut, lines.Count - cut);
            if (lines[^1].TrimStart().StartsWith("--- End of stack trace", StringComparison.Ordinal)) lines.RemoveAt(lines.Count - 1);
        }
        return lines;
    }

    /// <summary>Turns a cell's exception into an error: compile errors name the first diagnostic's line, runtime errors the
    /// deepest frame in the cell (or a <c>#load</c>ed script).</summary>
    internal static CellError Describe(Exception e, string cellFile)
    {
        switch (e)
        {
            case CompilationErrorException ce:
                var errors = ce.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                var first = errors.FirstOrDefault() ?? ce.Diagnostics.FirstOrDefault();
                var span = first?.Location.GetMappedLineSpan();
                var file = span?.Path;
                return new CellError("CompilationError", first?.ToString() ?? ce.Message,
                    errors.Select(d => d.ToString()).ToList(),
                    span is { } s ? s.StartLinePosition.Line + 1 : null,
                    file is null || file == cellFile ? null : file);
            case NotebookDirectiveException de:
                return new CellError("DirectiveError", de.Message, de.Message.Split('\n'), de.Line, de.File);
        }
        if (e is System.Reflection.TargetInvocationException { InnerException: { } inner }) e = inner;
        var frames = new StackTrace(e, fNeedFileInfo: true).GetFrames();
        var frame = frames.FirstOrDefault(f => f.GetFileName() == cellFile)
            ?? frames.FirstOrDefault(f => f.GetFileName()?.EndsWith(".csx", StringComparison.OrdinalIgnoreCase) == true);
        var frameFile = frame?.GetFileName();
        int? lineNumber = frame is not null && frame.GetFileLineNumber() > 0 ? frame.GetFileLineNumber() : null;
        return new CellError(e.GetType().FullName ?? e.GetType().Name, e.Message, Traceback(e), lineNumber,
            frameFile is null || frameFile == cellFile ? null : frameFile);
    }

    /// <summary>Stops routing console output here and lets the session thread end once idle.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        ConsoleCapture.Unregister(this);
        thread.Dispose();
    }
}
