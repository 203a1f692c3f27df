using Course.Polyglot;

namespace Course.Notebooks;

/// <summary>
/// Members every notebook cell can call unqualified (the script's globals object), mirroring the
/// Polyglot Notebooks kernel helpers, plus Jupyter's <c>clear_output</c> and the cell's cancellation token.
/// </summary>
public class NotebookGlobals
{
    readonly ExecutionSession session;

    internal NotebookGlobals(ExecutionSession session) => this.session = session;

    /// <summary>
    /// Displays <paramref name="obj"/> as a display_data output of the running cell, formatted by the
    /// display convention or as the given MIME types; the returned handle can replace it later.
    /// </summary>
    public DisplayedValue display(object? obj, params string[] mimeTypes) =>
        session.Display(DisplayFormatter.Format(session.Formatters, obj, mimeTypes), mimeTypes, DisplayedType.Of(obj));

    /// <summary>Wraps an HTML fragment so that displaying it (display(...) or as a cell's last expression) shows it as text/html.</summary>
    public HtmlString HTML(string html) => new(html ?? throw new ArgumentNullException(nameof(html)));

    /// <summary>Clears the running cell's outputs; with <paramref name="wait"/>, just before its next output (no flicker).</summary>
    public void clear_output(bool wait = false) => session.ClearOutput(wait);

    /// <summary>
    /// Cancelled when the cell is interrupted (Jupyter's interrupt button, or a timeout of the batch runner). Long
    /// loops call <c>CancellationToken.ThrowIfCancellationRequested()</c>; awaits take it: <c>await Task.Delay(100, CancellationToken)</c>.
    /// </summary>
    public System.Threading.CancellationToken CancellationToken => session.CellCancellation;
}

/// <summary>A displayed output that can be replaced in place.</summary>
public sealed class DisplayedValue
{
    readonly ExecutionSession session;
    readonly string[] mimeTypes;

    internal DisplayedValue(ExecutionSession session, string displayId, string[] mimeTypes)
    {
        this.session = session;
        DisplayId = displayId;
        this.mimeTypes = mimeTypes;
    }

    /// <summary>The transient display id of the output.</summary>
    public string DisplayId { get; }

    /// <summary>Replaces the displayed output's data with <paramref name="obj"/> (formatted with the original MIME types, if any).</summary>
    public void Update(object? obj) => session.UpdateDisplay(DisplayId, DisplayFormatter.Format(session.Formatters, obj, mimeTypes), DisplayedType.Of(obj));
}

/// <summary>An HTML fragment; displays as text/html through its <see cref="ToHtml"/> method.</summary>
[TypeFormatterSource(typeof(CourseFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class HtmlString(string html)
{
    /// <summary>The raw HTML.</summary>
    public string ToHtml() => html;

    /// <inheritdoc />
    public override string ToString() => html;
}
