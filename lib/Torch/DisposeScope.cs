namespace TorchSharp;

/// <summary>
/// Frees native tensors deterministically. While a scope is the innermost one on its thread, every tensor
/// created on that thread is registered in it and disposed when the scope ends, unless it was moved out
/// (<see cref="torch.Tensor.MoveToOuterDisposeScope"/>) or detached (<see cref="torch.Tensor.DetachFromDisposeScope"/>).
/// The GC does not see native memory, so a training loop should run each step inside a scope.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] static DisposeScope? current;
    readonly DisposeScope? outer;
    readonly HashSet<IDisposable> items = new(ReferenceEqualityComparer.Instance);
    bool disposed;

    internal DisposeScope() { outer = current; current = this; }

    /// <summary>The innermost scope of this thread, or null.</summary>
    public static DisposeScope? Current => current;

    /// <summary>Number of tensors the scope will dispose.</summary>
    public int Count => items.Count;
    public DisposeScope? OuterScope => outer;

    internal void Add(IDisposable item) => items.Add(item);
    internal bool Remove(IDisposable item) => items.Remove(item);

    /// <summary>Moves a tensor to the enclosing scope (or out of all scopes).</summary>
    public T MoveToOuter<T>(T item) where T : IDisposable
    {
        if (items.Remove(item)) outer?.Add(item);
        return item;
    }

    /// <summary>Detaches a tensor from this scope: the caller disposes it.</summary>
    public T Detach<T>(T item) where T : IDisposable { items.Remove(item); return item; }

    /// <summary>Disposes everything registered so far but keeps the scope open.</summary>
    public void DisposeEverything()
    {
        foreach (var d in items.ToArray()) d.Dispose();
        items.Clear();
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        DisposeEverything();
        if (current == this) current = outer;
        else
        {   // scopes must nest; if an inner one was not disposed, unwind past it
            var s = current;
            while (s != null && s != this) s = s.outer;
            if (s == this) current = outer;
        }
    }
}
