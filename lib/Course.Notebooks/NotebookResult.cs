using System.Text.Json.Serialization;

namespace Course.Notebooks;

/// <summary>How a notebook run ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotebookStatus>))]
public enum NotebookStatus
{
    /// <summary>Every cell ran without error.</summary>
    Passed,
    /// <summary>A cell raised an exception or did not compile (or the notebook could not be read).</summary>
    Failed,
    /// <summary>A cell or the notebook exceeded its timeout.</summary>
    TimedOut,
    /// <summary>The child process died without reporting a result.</summary>
    Crashed,
}

/// <summary>The outcome of running one notebook.</summary>
public sealed class NotebookResult
{
    /// <summary>The source notebook.</summary>
    public string Path { get; set; } = "";
    /// <summary>Where the executed notebook was written (null if not written).</summary>
    public string? OutputPath { get; set; }
    /// <summary>Where the HTML rendering was written (null if none).</summary>
    public string? HtmlPath { get; set; }
    /// <summary>How the run ended.</summary>
    public NotebookStatus Status { get; set; }
    /// <summary>Wall time of the whole run.</summary>
    public TimeSpan Duration { get; set; }
    /// <summary>Number of code cells executed (including the failing one).</summary>
    public int CellsRun { get; set; }
    /// <summary>1-based index, over all cells of the executed notebook (markdown and injected cells included), of the failing cell.</summary>
    public int? FailedCell { get; set; }
    /// <summary>1-based line within the failing cell's source (or within <see cref="FailedFile"/> for a #load'ed file).</summary>
    public int? FailedLine { get; set; }
    /// <summary>The file the failing line belongs to when it is not the cell itself (a #load'ed script).</summary>
    public string? FailedFile { get; set; }
    /// <summary>Error type name (e.g. System.InvalidOperationException, CompilationError).</summary>
    public string? ErrorName { get; set; }
    /// <summary>Error message.</summary>
    public string? ErrorMessage { get; set; }
    /// <summary>Every failing cell in order (more than one only with <see cref="RunnerOptions.ContinueOnError"/>).</summary>
    public List<CellFailure> Failures { get; set; } = new();
    /// <summary>Number of code cells skipped by <see cref="RunnerOptions.SkipCells"/>.</summary>
    public int CellsSkipped { get; set; }

    /// <summary>True when <see cref="Status"/> is <see cref="NotebookStatus.Passed"/>.</summary>
    [JsonIgnore]
    public bool Passed => Status == NotebookStatus.Passed;

    /// <summary>One-line description of the failure, e.g. "cell 3, line 2: System.Exception: boom".</summary>
    [JsonIgnore]
    public string FailureSummary
    {
        get
        {
            if (Passed) return "";
            var where = FailedCell is int c ? $"cell {c}" : "notebook";
            if (FailedLine is int l) where += FailedFile is null ? $", line {l}" : $", {FailedFile} line {l}";
            return $"{where}: {ErrorName}: {ErrorMessage}";
        }
    }
}

/// <summary>One failing cell of a run.</summary>
public sealed class CellFailure
{
    /// <summary>1-based index of the cell over all cells of the executed notebook.</summary>
    public int Cell { get; set; }
    /// <summary>1-based line within the cell (or within <see cref="File"/>), when known.</summary>
    public int? Line { get; set; }
    /// <summary>The file the line belongs to when it is not the cell itself (a #load'ed script).</summary>
    public string? File { get; set; }
    /// <summary>Error type name (e.g. CompilationError).</summary>
    public string ErrorName { get; set; } = "";
    /// <summary>Error message.</summary>
    public string ErrorMessage { get; set; } = "";

    /// <summary>"cell 3, line 2: CompilationError: …".</summary>
    public override string ToString()
    {
        var where = $"cell {Cell}";
        if (Line is int l) where += File is null ? $", line {l}" : $", {File} line {l}";
        return $"{where}: {ErrorName}: {ErrorMessage}";
    }
}
