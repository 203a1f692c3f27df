using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Course.Notebooks;

/// <summary>
/// The batch runner's side of a notebook: runs its code cells in order through an <see cref="ExecutionSession"/>
/// and writes each cell's outputs, execution count and timing back into the notebook JSON.
/// </summary>
public sealed class NotebookSession : IDisposable
{
    readonly NotebookDocument notebook;
    readonly RunnerOptions options;
    readonly ExecutionSession session;
    readonly NotebookOutputs outputs = new();
    int executionCount;

    internal NotebookSession(NotebookDocument notebook, string notebookDirectory, RunnerOptions options)
    {
        this.notebook = notebook;
        this.options = options;
        session = new ExecutionSession(notebookDirectory, options.Imports, options.StandIns);
    }

    /// <inheritdoc />
    public void Dispose() => session.Dispose();

    internal async Task ExecuteAsync(NotebookResult result, Stopwatch clock, CancellationToken cancellationToken)
    {
        var deadline = options.NotebookTimeout;
        var skip = CellsToSkip();
        bool stopped = false;
        try
        {
            for (int i = 0; i < notebook.Cells.Count; i++)
            {
                var cell = (JsonObject)notebook.Cells[i]!;
                if (!IsCodeCell(cell)) continue;
                var source = NotebookDocument.GetSource(cell);
                var language = notebook.LanguageOf(cell);
                ResetCell(cell);
                if (stopped) continue;
                int number = i + 1;
                if (skip.TryGetValue(i, out var reason))
                {
                    outputs.BeginCell(cell);
                    outputs.Stream("stdout", $"Not run: skipped by the runner ({reason})\n");
                    result.CellsSkipped++;
                    continue;
                }
                cell["execution_count"] = ++executionCount;
                result.CellsRun++;
                outputs.BeginCell(cell);
                var execution = new JsonObject { ["iopub.status.busy"] = Now(), ["iopub.execute_input"] = Now() };
                ((JsonObject)cell["metadata"]!)["execution"] = execution;

                // the cell's limit: the cell timeout, or what is left of the notebook timeout when that is shorter
                TimeSpan? limit = options.CellTimeout;
                string? limitName = limit is TimeSpan c ? $"cell timeout of {Seconds(c)} s" : null;
                if (deadline is TimeSpan d && (limit is null || d - clock.Elapsed < limit))
                {
                    limit = d - clock.Elapsed;
                    limitName = $"notebook timeout of {Seconds(d)} s";
                }
                var request = new CellRequest
                {
                    Code = source, Language = language, FileName = $"cell{number}.csx", ExecutionCount = executionCount,
                    Timeout = limit, TimeoutName = limitName,
                };
                var outcome = await session.ExecuteAsync(request, outputs, cancellationToken);

                execution["iopub.status.idle"] = Now();
                execution["shell.execute_reply"] = Now();
                if (outcome.Status == CellStatus.Ok) continue;
                var error = outcome.Error!;
                result.Failures.Add(new CellFailure { Cell = number, Line = error.Line, File = error.File, ErrorName = error.Name, ErrorMessage = error.Message });
                if (outcome.Status == CellStatus.TimedOut) result.Status = NotebookStatus.TimedOut;
                else if (result.Status == NotebookStatus.Passed) result.Status = NotebookStatus.Failed;
                if (result.FailedCell is null)
                {
                    result.FailedCell = number;
                    result.FailedLine = error.Line;
                    result.FailedFile = error.File;
                    result.ErrorName = error.Name;
                    result.ErrorMessage = error.Message;
                }
                stopped = !options.ContinueOnError || outcome.Status == CellStatus.TimedOut;
            }
        }
        finally
        {
            outputs.WriteAll();
        }
    }

    bool IsCodeCell(JsonObject cell) => cell["cell_type"]?.GetValue<string>() == "code"
        && CellParser.Parse(NotebookDocument.GetSource(cell), notebook.LanguageOf(cell)).Language != "markdown";

    /// <summary>Resolves <see cref="RunnerOptions.SkipCells"/> (cell number or id) to cell indexes; an entry that names no
    /// code cell is an error, so a stale exclusion list is noticed.</summary>
    Dictionary<int, string> CellsToSkip()
    {
        var skip = new Dictionary<int, string>();
        foreach (var (key, reason) in options.SkipCells)
        {
            int index;
            if (int.TryParse(key, out var number))
            {
                if (number < 1 || number > notebook.Cells.Count)
                    throw new ArgumentException($"skip cell {key}: the notebook has cells 1 to {notebook.Cells.Count}");
                index = number - 1;
            }
            else
            {
                index = notebook.Cells.Select((c, i) => (c, i)).FirstOrDefault(x => (string?)x.c?["id"] == key, (null, -1)).Item2;
                if (index < 0) throw new ArgumentException($"skip cell '{key}': no cell has this id (cells are named by number or id)");
            }
            if (!IsCodeCell((JsonObject)notebook.Cells[index]!))
                throw new ArgumentException($"skip cell {key}: cell {index + 1} is not a code cell");
            skip[index] = reason;
        }
        return skip;
    }

    static void ResetCell(JsonObject cell)
    {
        cell["outputs"] = new JsonArray();
        cell["execution_count"] = null;
        if (cell["metadata"] is not JsonObject meta) cell["metadata"] = meta = new JsonObject();
        meta.Remove("execution");
    }

    static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>Collects each cell's outputs as nbformat outputs; display updates reach the output wherever it is.</summary>
internal sealed class NotebookOutputs : ICellOutput
{
    readonly object gate = new();
    readonly Dictionary<JsonObject, List<CellOutput>> byCell = new();
    List<CellOutput> current = new();
    bool clearOnNextOutput;

    public void BeginCell(JsonObject cell)
    {
        lock (gate)
        {
            current = new List<CellOutput>();
            byCell[cell] = current;
            clearOnNextOutput = false;
        }
    }

    /// <summary>Writes every executed cell's outputs into its JSON.</summary>
    public void WriteAll()
    {
        lock (gate)
            foreach (var (cell, list) in byCell)
                cell["outputs"] = new JsonArray(list.Select(o => (JsonNode?)o.ToJson()).ToArray());
    }

    void Add(CellOutput output)
    {
        lock (gate)
        {
            if (clearOnNextOutput) { current.Clear(); clearOnNextOutput = false; }
            current.Add(output);
        }
    }

    public void Stream(string name, string text)
    {
        lock (gate)
        {
            if (clearOnNextOutput) { current.Clear(); clearOnNextOutput = false; }
            if (current.Count > 0 && current[^1] is { OutputType: "stream" } last && last.StreamName == name) last.Text!.Append(text);
            else current.Add(CellOutput.Stream(name, text));
        }
    }

    public void Display(IReadOnlyDictionary<string, string> data, string displayId, DisplayedType? type) =>
        Add(new CellOutput { OutputType = "display_data", Data = data, DisplayId = displayId, Type = type });

    public void UpdateDisplay(IReadOnlyDictionary<string, string> data, string displayId, DisplayedType? type)
    {
        lock (gate)
            foreach (var output in byCell.Values.SelectMany(o => o).Where(o => o.DisplayId == displayId))
            {
                output.Data = data;
                output.Type = type;
            }
    }

    public void ExecuteResult(IReadOnlyDictionary<string, string> data, int executionCount, DisplayedType? type) =>
        Add(new CellOutput { OutputType = "execute_result", Data = data, ExecutionCount = executionCount, Type = type });

    public void ClearOutput(bool wait)
    {
        lock (gate)
        {
            if (wait) clearOnNextOutput = true;
            else { current.Clear(); clearOnNextOutput = false; }
        }
    }

    /// <summary>A notebook file has no pager: the page becomes a display_data output, as Jupyter frontends show it inline.</summary>
    public void Page(IReadOnlyDictionary<string, string> data) => Add(new CellOutput { OutputType = "display_data", Data = data });

    public void Error(CellError error) => Add(CellOutput.Error(error.Name, error.Message, error.Traceback));
}
