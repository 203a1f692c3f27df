namespace TorchSharp;

/// <summary>
/// The dispose scopes of one thread: which one is current, and counts of the tensors created and disposed on the
/// thread (<see cref="Statistics"/>). Each thread has its own manager; tensors register in the current scope of
/// the thread that creates them.
/// </summary>
public class DisposeScopeManager
{
    [ThreadStatic] static DisposeScopeManager? threadSingleton;

    internal static DisposeScopeManager ThreadSingleton => threadSingleton ??= new DisposeScopeManager();

    internal DisposeScopeManager() { }

    /// <summary>The counts of tensors created and disposed on the calling thread since the last <see cref="ThreadDisposeScopeStatistics.Reset"/>.</summary>
    public static ThreadDisposeScopeStatistics Statistics => ThreadSingleton.StatisticsInstance;

    internal ThreadDisposeScopeStatistics StatisticsInstance { get; } = new();

    internal DisposeScope? CurrentDisposeScope { get; set; }

    /// <summary>Opens a scope on this thread; it becomes the current one.</summary>
    internal DisposeScope NewDisposeScope() => new(this);

    /// <summary>Registers a new tensor in the current scope (returned; null outside scopes) and counts it.</summary>
    internal DisposeScope? RegisterOnCurrentDisposeScope(torch.Tensor tensor)
    {
        var scope = CurrentDisposeScope;
        if (scope is null)
        {
            StatisticsInstance.TensorStatistics.CreatedOutsideScopeCount++;
            return null;
        }
        StatisticsInstance.TensorStatistics.CreatedInScopeCount++;
        scope.Add(tensor);
        return scope;
    }

    /// <summary>Counts a tensor being disposed (in a scope or not) and takes it out of its scope.</summary>
    internal void DisposingOnCurrentScope(torch.Tensor tensor)
    {
        var scope = tensor.OwningDisposeScope;
        if (scope is null) StatisticsInstance.TensorStatistics.DisposedOutsideScopeCount++;
        else
        {
            StatisticsInstance.TensorStatistics.DisposedInScopeCount++;
            scope.Forget(tensor);
        }
    }

    /// <summary>
    /// Closes <paramref name="scope"/>. Scopes should end innermost first; when an outer scope ends while inner ones
    /// are still open, those inner ones stop being current too (the scope enclosing <paramref name="scope"/> becomes current).
    /// </summary>
    internal void RemoveDisposeScope(DisposeScope scope)
    {
        for (var s = CurrentDisposeScope; s != null; s = s.OuterScope)
            if (s == scope) { CurrentDisposeScope = scope.OuterScope; return; }
    }
}

/// <summary>
/// Counts of the tensors created and disposed on one thread, in and outside dispose scopes
/// (<see cref="DisposeScopeManager.Statistics"/>): useful to find leaks, e.g. a live count that grows from epoch to epoch.
/// </summary>
public class ThreadDisposeScopeStatistics
{
    /// <summary>The tensor counts.</summary>
    public LifetimeStatistics TensorStatistics { get; } = new();

    /// <summary>Counts of packed sequences (TorchSharp's RNN inputs); the binding has none, so these stay zero.</summary>
    public LifetimeStatistics PackedSequenceStatistics { get; } = new();

    /// <summary>Objects created on this thread outside any dispose scope.</summary>
    public long CreatedOutsideScopeCount => TensorStatistics.CreatedOutsideScopeCount + PackedSequenceStatistics.CreatedOutsideScopeCount;
    /// <summary>Objects disposed on this thread that no dispose scope held.</summary>
    public long DisposedOutsideScopeCount => TensorStatistics.DisposedOutsideScopeCount + PackedSequenceStatistics.DisposedOutsideScopeCount;
    /// <summary>Objects created on this thread inside a dispose scope.</summary>
    public long CreatedInScopeCount => TensorStatistics.CreatedInScopeCount + PackedSequenceStatistics.CreatedInScopeCount;
    /// <summary>Objects disposed on this thread while a dispose scope held them.</summary>
    public long DisposedInScopeCount => TensorStatistics.DisposedInScopeCount + PackedSequenceStatistics.DisposedInScopeCount;
    /// <summary>Objects put into a scope after their creation (<see cref="DisposeScope.Attach(IDisposable)"/>).</summary>
    public long AttachedToScopeCount => TensorStatistics.AttachedToScopeCount + PackedSequenceStatistics.AttachedToScopeCount;
    /// <summary>Objects taken out of their scope (detached, or moved out of an outermost scope).</summary>
    public long DetachedFromScopeCount => TensorStatistics.DetachedFromScopeCount + PackedSequenceStatistics.DetachedFromScopeCount;
    /// <summary>Objects created minus objects disposed.</summary>
    public long ThreadTotalLiveCount => TensorStatistics.ThreadTotalLiveCount + PackedSequenceStatistics.ThreadTotalLiveCount;

    /// <summary>Sets all counts of this thread to zero.</summary>
    public void Reset()
    {
        TensorStatistics.Reset();
        PackedSequenceStatistics.Reset();
    }

    /// <summary>All counts on one line: <c>ThreadTotalLiveCount: 1; CreatedOutsideScopeCount: 0; …</c>.</summary>
    public override string ToString() => LifetimeStatistics.Format(ThreadTotalLiveCount, CreatedOutsideScopeCount, DisposedOutsideScopeCount,
        CreatedInScopeCount, DisposedInScopeCount, AttachedToScopeCount, DetachedFromScopeCount);
}

/// <summary>Creation and disposal counts of one kind of object on one thread (see <see cref="ThreadDisposeScopeStatistics"/>).</summary>
public class LifetimeStatistics
{
    /// <summary>Created outside any dispose scope.</summary>
    public long CreatedOutsideScopeCount { get; internal set; }
    /// <summary>Disposed while no scope held them.</summary>
    public long DisposedOutsideScopeCount { get; internal set; }
    /// <summary>Created inside a dispose scope.</summary>
    public long CreatedInScopeCount { get; internal set; }
    /// <summary>Disposed while a scope held them (by the scope or explicitly).</summary>
    public long DisposedInScopeCount { get; internal set; }
    /// <summary>Put into a scope after creation.</summary>
    public long AttachedToScopeCount { get; internal set; }
    /// <summary>Taken out of their scope.</summary>
    public long DetachedFromScopeCount { get; internal set; }
    /// <summary>Created minus disposed.</summary>
    public long ThreadTotalLiveCount => CreatedInScopeCount - DisposedInScopeCount + CreatedOutsideScopeCount - DisposedOutsideScopeCount;

    /// <summary>Sets all counts to zero.</summary>
    public void Reset()
    {
        CreatedOutsideScopeCount = DisposedOutsideScopeCount = CreatedInScopeCount = DisposedInScopeCount = 0;
        AttachedToScopeCount = DetachedFromScopeCount = 0;
    }

    /// <summary>All counts on one line: <c>ThreadTotalLiveCount: 1; CreatedOutsideScopeCount: 0; …</c>.</summary>
    public override string ToString() => Format(ThreadTotalLiveCount, CreatedOutsideScopeCount, DisposedOutsideScopeCount,
        CreatedInScopeCount, DisposedInScopeCount, AttachedToScopeCount, DetachedFromScopeCount);

    internal static string Format(long live, long createdOut, long disposedOut, long createdIn, long disposedIn, long attached, long detached) =>
        $"ThreadTotalLiveCount: {live}; CreatedOutsideScopeCount: {createdOut}; DisposedOutsideScopeCount: {disposedOut}; " +
        $"CreatedInScopeCount: {createdIn}; DisposedInScopeCount: {disposedIn}; AttachedToScopeCount: {attached}; DetachedFromScopeCount: {detached}";
}
