namespace Course.Notebooks;

/// <summary>
/// Where a running cell's outputs go. The batch runner collects them into the notebook file; the Jupyter kernel
/// publishes them as iopub messages. The session calls one sink at a time, under its own lock, from whichever thread
/// produced the output (the session thread, or a thread or task the cell started).
/// </summary>
public interface ICellOutput
{
    /// <summary>Text written to <c>Console.Out</c> (<paramref name="name"/> "stdout") or <c>Console.Error</c> ("stderr").</summary>
    void Stream(string name, string text);

    /// <summary>A new display (<c>display(x)</c>, <c>#!time</c>); <paramref name="displayId"/> identifies it for later updates;
    /// <paramref name="type"/> says what was displayed (null for the engine's own text).</summary>
    void Display(IReadOnlyDictionary<string, string> data, string displayId, DisplayedType? type);

    /// <summary>Replaces the data of the display <paramref name="displayId"/> (which may belong to an earlier cell).</summary>
    void UpdateDisplay(IReadOnlyDictionary<string, string> data, string displayId, DisplayedType? type);

    /// <summary>The value of the cell's trailing expression.</summary>
    void ExecuteResult(IReadOnlyDictionary<string, string> data, int executionCount, DisplayedType? type);

    /// <summary>Clears the cell's outputs now, or (<paramref name="wait"/>) just before the next output arrives.</summary>
    void ClearOutput(bool wait);

    /// <summary>Text for a pager (the <c>Symbol?</c> help of a cell); Jupyter clients show it beside or below the cell.</summary>
    void Page(IReadOnlyDictionary<string, string> data);

    /// <summary>The cell failed: an exception, a compile error, a directive that could not be honoured, an interrupt or a timeout.</summary>
    void Error(CellError error);
}

/// <summary>
/// The .NET type of a displayed value, and whether it carries an attribute named <c>TypeFormatterSourceAttribute</c> —
/// the convention by which Polyglot Notebooks (.NET Interactive) finds a type's formatters, so the same value shows
/// the same there. Sinks write it into the output's metadata (<c>dotnet.type</c>, <c>dotnet.type_formatter_source</c>),
/// where CI checks that every course type a notebook displays carries the attribute.
/// </summary>
public sealed record DisplayedType(string TypeName, bool HasTypeFormatterSource)
{
    /// <summary>The type of <paramref name="value"/>; null for null.</summary>
    public static DisplayedType? Of(object? value) => value is null ? null : new(value.GetType().FullName ?? value.GetType().Name,
        value.GetType().GetCustomAttributes(inherit: true).Any(a => a.GetType().Name == "TypeFormatterSourceAttribute"));

    /// <summary>Output metadata: <c>{"dotnet": {"type": …, "type_formatter_source": …}}</c>.</summary>
    public System.Text.Json.Nodes.JsonObject ToMetadata() => new()
    {
        ["dotnet"] = new System.Text.Json.Nodes.JsonObject { ["type"] = TypeName, ["type_formatter_source"] = HasTypeFormatterSource },
    };
}

/// <summary>How a cell ended.</summary>
public enum CellStatus
{
    /// <summary>Ran to the end.</summary>
    Ok,
    /// <summary>Threw, did not compile, or had a bad directive.</summary>
    Error,
    /// <summary>Stopped by an interrupt (cooperatively: it observed the cell's cancellation token).</summary>
    Interrupted,
    /// <summary>Still running when its time limit ran out (it is asked to stop and left behind).</summary>
    TimedOut,
}

/// <summary>A failed cell, described as Jupyter's <c>error</c> output: name, message, traceback, plus where it happened.</summary>
/// <param name="Name">Exception type (full name), or <c>CompilationError</c>, <c>DirectiveError</c>, <c>TimeoutException</c>, …</param>
/// <param name="Message">The exception message or first diagnostic.</param>
/// <param name="Traceback">Lines to show (exception text without the engine's own frames, or all diagnostics).</param>
/// <param name="Line">1-based line in the cell (or in <paramref name="File"/>), when known.</param>
/// <param name="File">The <c>#load</c>ed script the line is in, when it is not the cell itself.</param>
public sealed record CellError(string Name, string Message, IReadOnlyList<string> Traceback, int? Line = null, string? File = null);

/// <summary>One cell to execute.</summary>
public sealed class CellRequest
{
    /// <summary>The cell's source, directives and magic commands included.</summary>
    public required string Code { get; init; }

    /// <summary>The cell's language when no magic line overrides it ("csharp", "C#", "markdown", …).</summary>
    public string Language { get; init; } = "csharp";

    /// <summary>The name the cell is compiled under; stack traces show it (<c>cell3.csx:line 2</c>).</summary>
    public required string FileName { get; init; }

    /// <summary>Execution count shown with the trailing expression's value.</summary>
    public int ExecutionCount { get; init; }

    /// <summary>Longest time the cell may run; null for no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>What the limit is called in the timeout error ("cell timeout of 15 s"); default "time limit of N s".</summary>
    public string? TimeoutName { get; init; }
}

/// <summary>The end of one cell.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Error">The error (also sent to the sink) unless <paramref name="Status"/> is <see cref="CellStatus.Ok"/>.</param>
/// <param name="Duration">Wall time from submission to the end.</param>
public sealed record CellOutcome(CellStatus Status, CellError? Error, TimeSpan Duration);
