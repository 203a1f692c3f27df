namespace Course.Data;

/// <summary>
/// The notebook's interrupt button, seen from the course library. The notebook engine (runner and Jupyter kernel)
/// publishes the running cell's cancellation token under an <see cref="AppContext"/> key, so the library needs no
/// reference to it: the <see cref="DataLoader"/> and the trainer check it once per batch, which makes any
/// training loop stop at its next batch when the learner interrupts the cell. Outside a notebook the token never fires.
/// </summary>
public static class NotebookInterrupt
{
    /// <summary>The key the engine stores a <c>Func&lt;CancellationToken&gt;</c> under (Course.Notebooks.ExecutionSession.CancellationDataKey).</summary>
    public const string AppContextKey = "Course.Notebooks.CellCancellation";

    /// <summary>The running cell's token, or <see cref="CancellationToken.None"/> outside a notebook.</summary>
    public static CancellationToken Token => AppContext.GetData(AppContextKey) is Func<CancellationToken> current ? current() : CancellationToken.None;

    /// <summary>Throws <see cref="OperationCanceledException"/> when the running cell has been interrupted.</summary>
    public static void ThrowIfRequested() => Token.ThrowIfCancellationRequested();
}
