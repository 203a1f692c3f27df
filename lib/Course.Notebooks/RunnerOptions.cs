namespace Course.Notebooks;

/// <summary>Options for executing one notebook.</summary>
public sealed class RunnerOptions
{
    /// <summary>Parameters injected after the cell tagged <c>parameters</c> (name → raw value), in order.</summary>
    public Dictionary<string, string> Parameters { get; set; } = new();

    /// <summary>Which answers go into the exercise cells (as committed, the solutions, or wrong answers).</summary>
    public AnswerMode Answers { get; set; } = AnswerMode.Committed;

    /// <summary>Extra namespaces imported into every cell besides the kernel defaults.</summary>
    public List<string> Imports { get; set; } = new();

    /// <summary>Folder for the executed notebook; null writes it back in place.</summary>
    public string? OutputDirectory { get; set; }

    /// <summary>Folder for a standalone HTML rendering of the executed notebook; null writes none.</summary>
    public string? HtmlDirectory { get; set; }

    /// <summary>Longest time one cell may run; null for no limit.</summary>
    public TimeSpan? CellTimeout { get; set; }

    /// <summary>Longest time the whole notebook may run; null for no limit.</summary>
    public TimeSpan? NotebookTimeout { get; set; }

    /// <summary>Whether to write the executed notebook at all (tests may turn it off).</summary>
    public bool WriteNotebook { get; set; } = true;

    /// <summary>Assemblies that <c>#r "nuget: …"</c> of matching packages references instead of restoring them.</summary>
    public List<PackageStandIn> StandIns { get; set; } = new();

    /// <summary>
    /// Code cells not to run (cell number, 1-based over all cells of the executed notebook as in error reports, or cell
    /// id → reason): each keeps a note with the reason as its output. An entry naming no code cell fails the run.
    /// </summary>
    public Dictionary<string, string> SkipCells { get; set; } = new();

    /// <summary>Run the cells after a failing one too (every failure is reported); a timeout still stops the notebook.</summary>
    public bool ContinueOnError { get; set; }

    /// <summary>Returns a copy whose parameters and imports are independent of this one.</summary>
    public RunnerOptions Clone() => new()
    {
        Parameters = new Dictionary<string, string>(Parameters),
        Answers = Answers,
        Imports = new List<string>(Imports),
        OutputDirectory = OutputDirectory,
        HtmlDirectory = HtmlDirectory,
        CellTimeout = CellTimeout,
        NotebookTimeout = NotebookTimeout,
        WriteNotebook = WriteNotebook,
        StandIns = StandIns.Select(s => new PackageStandIn { Packages = [.. s.Packages], References = [.. s.References], Message = s.Message }).ToList(),
        SkipCells = new Dictionary<string, string>(SkipCells),
        ContinueOnError = ContinueOnError,
    };
}
