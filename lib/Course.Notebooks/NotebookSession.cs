using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace Course.Notebooks;

/// <summary>Executes the cells of one loaded notebook and collects their outputs.</summary>
public sealed class NotebookSession : IDisposable
{
    readonly NotebookDocument notebook;
    readonly RunnerOptions options;
    readonly ScriptHost host;
    readonly object gate = new();
    readonly Dictionary<JsonObject, List<CellOutput>> outputsByCell = new();
    List<CellOutput>? current;
    int executionCount, displayCounter;

    internal NotebookSession(NotebookDocument notebook, string notebookDirectory, RunnerOptions options)
    {
        this.notebook = notebook;
        this.options = options;
        host = new ScriptHost(notebookDirectory, new NotebookGlobals(this), options.Imports);
        ConsoleCapture.Register(this);
    }

    /// <inheritdoc />
    public void Dispose() => ConsoleCapture.Unregister(this);

    internal bool TryAppendStream(string name, string text)
    {
        lock (gate)
        {
            if (current is null) return false;
            if (current.Count > 0 && current[^1] is { OutputType: "stream" } last && last.StreamName == name) last.Text!.Append(text);
            else current.Add(CellOutput.Stream(name, text));
            return true;
        }
    }

    internal DisplayedValue Display(IReadOnlyDictionary<string, string> data, string[] mimeTypes)
    {
        lock (gate)
        {
            if (current is null) throw new InvalidOperationException("display(...) was called while no notebook cell is running");
            var id = $"display-{++displayCounter}";
            current.Add(new CellOutput { OutputType = "display_data", Data = data, DisplayId = id });
            return new DisplayedValue(this, id, mimeTypes);
        }
    }

    internal void UpdateDisplay(string displayId, IReadOnlyDictionary<string, string> data)
    {
        lock (gate)
        {
            foreach (var output in outputsByCell.Values.SelectMany(o => o).Where(o => o.DisplayId == displayId))
                output.Data = data;
        }
    }

    void Add(CellOutput output)
    {
        lock (gate) current!.Add(output);
    }

    internal async Task ExecuteAsync(NotebookResult result, Stopwatch clock, CancellationToken cancellationToken)
    {
        var deadline = options.NotebookTimeout;
        bool stopped = false;
        try
        {
            for (int i = 0; i < notebook.Cells.Count; i++)
            {
                var cell = (JsonObject)notebook.Cells[i]!;
                if (cell["cell_type"]?.GetValue<string>() != "code") continue;
                var parsed = CellParser.Parse(NotebookDocument.GetSource(cell), notebook.LanguageOf(cell));
                if (parsed.Language == "markdown") continue;
                ResetCell(cell);
                if (stopped) continue;
                int number = i + 1;
                cell["execution_count"] = ++executionCount;
                result.CellsRun++;
                var outputs = new List<CellOutput>();
                lock (gate) { outputsByCell[cell] = outputs; current = outputs; }
                var execution = new JsonObject { ["iopub.status.busy"] = Now(), ["iopub.execute_input"] = Now() };
                ((JsonObject)cell["metadata"]!)["execution"] = execution;

                var failure = await RunCellAsync(parsed, number, executionCount, clock, deadline, cancellationToken);

                execution["iopub.status.idle"] = Now();
                execution["shell.execute_reply"] = Now();
                if (failure is null) continue;
                Add(CellOutput.Error(failure.Name, failure.Message, failure.Traceback));
                result.Status = failure.TimedOut ? NotebookStatus.TimedOut : NotebookStatus.Failed;
                result.FailedCell = number;
                result.FailedLine = failure.Line;
                result.FailedFile = failure.File;
                result.ErrorName = failure.Name;
                result.ErrorMessage = failure.Message;
                stopped = true;
            }
        }
        finally
        {
            lock (gate)
            {
                current = null;
                foreach (var (cell, outputs) in outputsByCell)
                    cell["outputs"] = new JsonArray(outputs.Select(o => (JsonNode?)o.ToJson()).ToArray());
            }
        }
    }

    static void ResetCell(JsonObject cell)
    {
        cell["outputs"] = new JsonArray();
        cell["execution_count"] = null;
        if (cell["metadata"] is not JsonObject meta) cell["metadata"] = meta = new JsonObject();
        meta.Remove("execution");
    }

    static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    sealed record Failure(string Name, string Message, IReadOnlyList<string> Traceback, int? Line, string? File, bool TimedOut = false);

    async Task<Failure?> RunCellAsync(ParsedCell parsed, int number, int count, Stopwatch clock, TimeSpan? deadline, CancellationToken cancellationToken)
    {
        if (parsed.Language != "csharp")
            return new Failure("UnsupportedLanguage",
                $"cell {number} is '{parsed.Language}'; the runner executes C# cells only (markdown cells are skipped)", [], null, null);
        if (parsed.Unsupported is var (command, line))
            return new Failure("UnsupportedMagicCommand", $"'{command}' is not supported (only #!csharp, #!markdown and #!time)", [], line, null);

        TimeSpan? limit = options.CellTimeout;
        bool notebookLimit = false;
        if (deadline is TimeSpan d)
        {
            var left = d - clock.Elapsed;
            if (limit is null || left < limit) { limit = left; notebookLimit = true; }
        }
        if (limit is TimeSpan l0 && l0 <= TimeSpan.Zero)
            return TimeoutFailure(number, true, deadline!.Value);

        var cellFile = $"cell{number}.csx";
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            ConsoleCapture.Enter(this);
            try
            {
                RunCellCoreAsync(parsed, cellFile, count, cancellationToken).GetAwaiter().GetResult();
                done.TrySetResult();
            }
            catch (Exception e) { done.TrySetException(e); }
        }, 16 * 1024 * 1024) { IsBackground = true, Name = $"notebook {cellFile}" };
        thread.Start();

        if (limit is TimeSpan l)
        {
            var finished = await Task.WhenAny(done.Task, Task.Delay(l, cancellationToken));
            if (finished != done.Task)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return TimeoutFailure(number, notebookLimit, notebookLimit ? deadline!.Value : l);
            }
        }
        try
        {
            await done.Task;
            return null;
        }
        catch (Exception e) { return Describe(e, cellFile); }
    }

    async Task RunCellCoreAsync(ParsedCell parsed, string cellFile, int count, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var value = await host.RunCellAsync(parsed, cellFile, cancellationToken);
        if (value is not null)
            Add(new CellOutput { OutputType = "execute_result", Data = DisplayFormatter.Format(value), ExecutionCount = count });
        if (parsed.Time)
        {
            var text = $"Wall time: {watch.Elapsed.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms";
            Add(new CellOutput { OutputType = "display_data", Data = new Dictionary<string, string> { ["text/plain"] = text } });
        }
    }

    /// <summary>The exception text without the runner's own frames (everything from the first Roslyn scripting frame on).</summary>
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

    static Failure TimeoutFailure(int number, bool notebookLimit, TimeSpan limit)
    {
        var what = notebookLimit ? "notebook timeout" : "cell timeout";
        return new Failure("TimeoutException",
            $"cell {number} was still running when the {what} of {limit.TotalSeconds:0.###} s ran out", [], null, null, TimedOut: true);
    }

    static Failure Describe(Exception e, string cellFile)
    {
        switch (e)
        {
            case CompilationErrorException ce:
                var errors = ce.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                var first = errors.FirstOrDefault() ?? ce.Diagnostics.FirstOrDefault();
                var span = first?.Location.GetMappedLineSpan();
                var file = span?.Path;
                return new Failure("CompilationError", first?.ToString() ?? ce.Message,
                    errors.Select(d => d.ToString()).ToList(),
                    span is { } s ? s.StartLinePosition.Line + 1 : null,
                    file is null || file == cellFile ? null : file);
            case NotebookDirectiveException de:
                return new Failure("DirectiveError", de.Message, de.Message.Split('\n'), de.Line, de.File);
        }
        if (e is System.Reflection.TargetInvocationException { InnerException: { } inner }) e = inner;
        var frames = new StackTrace(e, fNeedFileInfo: true).GetFrames();
        var frame = frames.FirstOrDefault(f => f.GetFileName() == cellFile)
            ?? frames.FirstOrDefault(f => f.GetFileName()?.EndsWith(".csx", StringComparison.OrdinalIgnoreCase) == true);
        var frameFile = frame?.GetFileName();
        int? lineNumber = frame is not null && frame.GetFileLineNumber() > 0 ? frame.GetFileLineNumber() : null;
        return new Failure(e.GetType().FullName ?? e.GetType().Name, e.Message, Traceback(e), lineNumber,
            frameFile is null || frameFile == cellFile ? null : frameFile);
    }
}
