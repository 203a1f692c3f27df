namespace TorchSharp;

/// <summary>
/// Frees native tensors deterministically. While a scope is the innermost one on its thread, every tensor
/// created on that thread is registered in it and disposed when the scope ends, unless it was moved to another
/// scope (<see cref="torch.Tensor.MoveToOuterDisposeScope"/>, <see cref="MoveToOther{T}(DisposeScope?, T)"/>) or
/// detached (<see cref="torch.Tensor.DetachFromDisposeScope"/>). Scopes nest per thread
/// (<see cref="DisposeScopeManager"/>); the GC does not see native memory, so a training loop should run each
/// step inside a scope.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    DisposeScopeManager? manager;
    HashSet<IDisposable> disposables = new(ReferenceEqualityComparer.Instance);

    /// <summary>Opens a scope on this thread and makes it the current one (see <see cref="torch.NewDisposeScope"/>).</summary>
    internal DisposeScope() : this(DisposeScopeManager.ThreadSingleton) { }

    internal DisposeScope(DisposeScopeManager manager)
    {
        this.manager = manager;
        OuterScope = manager.CurrentDisposeScope;
        manager.CurrentDisposeScope = this;
    }

    /// <summary>The innermost scope of this thread, or null.</summary>
    public static DisposeScope? Current => DisposeScopeManager.ThreadSingleton.CurrentDisposeScope;

    /// <summary>The scope that was current when this one was opened (null for an outermost scope).</summary>
    public DisposeScope? OuterScope { get; internal set; }

    /// <summary>True once the scope was disposed.</summary>
    public bool IsDisposed => manager is null;

    /// <summary>Number of tensors the scope will dispose (the same as <see cref="DisposablesCount"/>).</summary>
    public int Count => DisposablesCount;

    /// <summary>Number of tensors the scope will dispose.</summary>
    /// <exception cref="ObjectDisposedException">The scope was disposed.</exception>
    public int DisposablesCount => Live().disposables.Count;

    /// <summary>A snapshot of the tensors the scope will dispose (not kept up to date).</summary>
    /// <exception cref="ObjectDisposedException">The scope was disposed.</exception>
    public IReadOnlyList<IDisposable> DisposablesView => Live().disposables.ToArray();

    /// <summary>Whether the scope will dispose <paramref name="disposable"/>.</summary>
    public bool Contains(IDisposable disposable) => disposables.Contains(disposable);

    DisposeScope Live() => manager is null ? throw new ObjectDisposedException(nameof(DisposeScope), "the dispose scope was disposed") : this;

    static ThreadDisposeScopeStatistics Stats => DisposeScopeManager.Statistics;

    // ------------------------------------------------------------ moving to the enclosing scope

    /// <summary>Moves a tensor from this scope to the enclosing one; from an outermost scope it is detached.</summary>
    public T MoveToOuter<T>(T disposable) where T : IDisposable => MoveToOther(OuterScope, disposable);
    /// <summary>Moves two tensors to the enclosing scope (see <see cref="MoveToOuter{T}(T)"/>).</summary>
    public (T1 first, T2 second) MoveToOuter<T1, T2>(T1 first, T2 second) where T1 : IDisposable where T2 : IDisposable =>
        MoveToOther(OuterScope, first, second);
    /// <summary>Moves three tensors to the enclosing scope (see <see cref="MoveToOuter{T}(T)"/>).</summary>
    public (T1 first, T2 second, T3 third) MoveToOuter<T1, T2, T3>(T1 first, T2 second, T3 third)
        where T1 : IDisposable where T2 : IDisposable where T3 : IDisposable => MoveToOther(OuterScope, first, second, third);
    /// <summary>Moves tensors to the enclosing scope (see <see cref="MoveToOuter{T}(T)"/>).</summary>
    public void MoveToOuter(params IDisposable[] disposables) => MoveToOther(OuterScope, disposables);
    /// <summary>Moves tensors to the enclosing scope (see <see cref="MoveToOuter{T}(T)"/>).</summary>
    public void MoveToOuter(IEnumerable<IDisposable> disposables) => MoveToOther(OuterScope, disposables);

    // ------------------------------------------------------------ moving to any scope

    /// <summary>Moves a tensor of this scope to <paramref name="scope"/>; a null scope detaches it. Others are left alone.</summary>
    public T MoveToOther<T>(DisposeScope? scope, T disposable) where T : IDisposable
    {
        MoveToOther(scope, new IDisposable[] { disposable });
        return disposable;
    }
    /// <summary>Moves two tensors to <paramref name="scope"/> (see <see cref="MoveToOther{T}(DisposeScope?, T)"/>).</summary>
    public (T1 first, T2 second) MoveToOther<T1, T2>(DisposeScope? scope, T1 first, T2 second) where T1 : IDisposable where T2 : IDisposable
    {
        MoveToOther(scope, new IDisposable[] { first, second });
        return (first, second);
    }
    /// <summary>Moves three tensors to <paramref name="scope"/> (see <see cref="MoveToOther{T}(DisposeScope?, T)"/>).</summary>
    public (T1 first, T2 second, T3 third) MoveToOther<T1, T2, T3>(DisposeScope? scope, T1 first, T2 second, T3 third)
        where T1 : IDisposable where T2 : IDisposable where T3 : IDisposable
    {
        MoveToOther(scope, new IDisposable[] { first, second, third });
        return (first, second, third);
    }
    /// <summary>Moves tensors to <paramref name="scope"/> (see <see cref="MoveToOther{T}(DisposeScope?, T)"/>).</summary>
    public void MoveToOther(DisposeScope? scope, params IDisposable[] disposables) => MoveToOther(scope, (IEnumerable<IDisposable>)disposables);
    /// <summary>Moves tensors to <paramref name="scope"/> (see <see cref="MoveToOther{T}(DisposeScope?, T)"/>).</summary>
    public void MoveToOther(DisposeScope? scope, IEnumerable<IDisposable> disposables)
    {
        Live();
        if (scope is null) { Detach(disposables); return; }
        if (scope == this) return;
        foreach (var d in disposables)
            if (this.disposables.Remove(d)) Adopt(scope, d);
    }

    // ------------------------------------------------------------ detaching and attaching

    /// <summary>Removes a tensor from this scope (and so from all scopes): the caller disposes it.</summary>
    public T Detach<T>(T disposable) where T : IDisposable
    {
        Detach(new IDisposable[] { disposable });
        return disposable;
    }
    /// <summary>Detaches two tensors (see <see cref="Detach{T}(T)"/>).</summary>
    public (T1 first, T2 second) Detach<T1, T2>(T1 first, T2 second) where T1 : IDisposable where T2 : IDisposable
    {
        Detach(new IDisposable[] { first, second });
        return (first, second);
    }
    /// <summary>Detaches three tensors (see <see cref="Detach{T}(T)"/>).</summary>
    public (T1 first, T2 second, T3 third) Detach<T1, T2, T3>(T1 first, T2 second, T3 third)
        where T1 : IDisposable where T2 : IDisposable where T3 : IDisposable
    {
        Detach(new IDisposable[] { first, second, third });
        return (first, second, third);
    }
    /// <summary>Detaches tensors (see <see cref="Detach{T}(T)"/>).</summary>
    public void Detach(params IDisposable[] disposables) => Detach((IEnumerable<IDisposable>)disposables);
    /// <summary>Detaches tensors (see <see cref="Detach{T}(T)"/>).</summary>
    public void Detach(IEnumerable<IDisposable> disposables)
    {
        Live();
        foreach (var d in disposables)
        {
            if (!this.disposables.Remove(d)) continue;
            Stats.TensorStatistics.DetachedFromScopeCount++;
            if (d is torch.Tensor t) t.OwningDisposeScope = null;
        }
    }

    /// <summary>Puts a tensor in this scope, taking it out of the scope that held it (if any).</summary>
    /// <exception cref="InvalidOperationException">It is not a tensor.</exception>
    public void Attach(IDisposable disposable) => Attach(new IDisposable[] { disposable });
    /// <summary>Puts tensors in this scope (see <see cref="Attach(IDisposable)"/>).</summary>
    public void Attach(params IDisposable[] disposables) => Attach((IEnumerable<IDisposable>)disposables);
    /// <summary>Puts tensors in this scope (see <see cref="Attach(IDisposable)"/>) and returns them.</summary>
    public IReadOnlyList<IDisposable> Attach(IEnumerable<IDisposable> disposables)
    {
        Live();
        var result = new List<IDisposable>();
        foreach (var d in disposables)
        {
            if (Adopt(this, d)) Stats.TensorStatistics.AttachedToScopeCount++;
            result.Add(d);
        }
        return result;
    }

    /// <summary>Registers <paramref name="d"/> in <paramref name="scope"/>, out of its former scope; false if it was there already.</summary>
    static bool Adopt(DisposeScope scope, IDisposable d)
    {
        if (d is not torch.Tensor t)
            throw new InvalidOperationException($"A dispose scope manages tensors only, not {d?.GetType().Name ?? "null"}.");
        var old = t.OwningDisposeScope;
        if (old == scope) return false;
        old?.disposables.Remove(t);
        scope.disposables.Add(t);
        t.OwningDisposeScope = scope;
        return true;
    }

    // ------------------------------------------------------------ disposing

    /// <summary>Disposes everything registered so far but keeps the scope open.</summary>
    public void DisposeEverything() => DisposeEverythingBut(Enumerable.Empty<IDisposable>());

    /// <summary>Disposes everything registered so far except <paramref name="keep"/>; the scope stays open and keeps those.</summary>
    public void DisposeEverythingBut(IEnumerable<IDisposable> keep)
    {
        Live();
        var kept = new HashSet<IDisposable>(keep, ReferenceEqualityComparer.Instance);
        var old = disposables;
        disposables = new HashSet<IDisposable>(old.Where(kept.Contains), ReferenceEqualityComparer.Instance);
        foreach (var d in old)
            if (!kept.Contains(d)) d.Dispose();
    }
    /// <summary>Disposes everything but the given tensors (see <see cref="DisposeEverythingBut(IEnumerable{IDisposable})"/>).</summary>
    public void DisposeEverythingBut(params IDisposable[] keep) => DisposeEverythingBut((IEnumerable<IDisposable>)keep);
    /// <summary>Disposes everything but <paramref name="keep"/>, which it returns.</summary>
    public T DisposeEverythingBut<T>(T keep) where T : IDisposable
    {
        DisposeEverythingBut(new IDisposable[] { keep });
        return keep;
    }
    /// <summary>Disposes everything but two tensors, which it returns.</summary>
    public (T1 first, T2 second) DisposeEverythingBut<T1, T2>(T1 first, T2 second) where T1 : IDisposable where T2 : IDisposable
    {
        DisposeEverythingBut(new IDisposable[] { first, second });
        return (first, second);
    }
    /// <summary>Disposes everything but three tensors, which it returns.</summary>
    public (T1 first, T2 second, T3 third) DisposeEverythingBut<T1, T2, T3>(T1 first, T2 second, T3 third)
        where T1 : IDisposable where T2 : IDisposable where T3 : IDisposable
    {
        DisposeEverythingBut(new IDisposable[] { first, second, third });
        return (first, second, third);
    }

    /// <summary>
    /// Tells the scope that <paramref name="disposable"/> was disposed elsewhere, so that it no longer tracks it.
    /// Tensors call it themselves when disposed.
    /// </summary>
    public void MarkAsDisposed(IDisposable disposable)
    {
        Live();
        Forget(disposable);
    }

    /// <summary>Registers a tensor just created on this scope's thread (the caller sets its owning scope).</summary>
    internal void Add(torch.Tensor t) => disposables.Add(t);

    /// <summary>Stops tracking <paramref name="d"/>, without statistics (also on a disposed scope).</summary>
    internal void Forget(IDisposable d)
    {
        disposables.Remove(d);
        if (d is torch.Tensor t && t.OwningDisposeScope == this) t.OwningDisposeScope = null;
    }

    /// <summary>Hands over everything registered (now detached from the scope), then disposes the (empty) scope.</summary>
    internal HashSet<IDisposable> DetachAllAndDispose()
    {
        var all = disposables;
        foreach (var d in all)
        {
            Stats.TensorStatistics.DetachedFromScopeCount++;
            if (d is torch.Tensor t) t.OwningDisposeScope = null;
        }
        disposables = new(ReferenceEqualityComparer.Instance);
        Dispose();
        return all;
    }

    /// <summary>Disposes every tensor still registered and closes the scope (idempotent).</summary>
    public void Dispose()
    {
        if (manager is null) return;
        DisposeEverything();
        manager.RemoveDisposeScope(this);
        manager = null;
    }
}
