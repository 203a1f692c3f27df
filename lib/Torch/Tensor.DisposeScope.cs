namespace TorchSharp;

public static partial class torch
{
    /// <summary>The innermost dispose scope of this thread, or null.</summary>
    public static DisposeScope? CurrentDisposeScope => DisposeScopeManager.ThreadSingleton.CurrentDisposeScope;

    /// <summary>Evaluates <paramref name="expr"/> inside a new dispose scope and keeps only its result (moved to the enclosing scope).</summary>
    public static Tensor WrappedTensorDisposeScope(Func<Tensor> expr)
    {
        using var scope = NewDisposeScope();
        return expr().MoveToOuterDisposeScope();
    }

    public partial class Tensor
    {
        static long totalCount, peakCount;

        /// <summary>The dispose scope that will dispose this tensor, or null.</summary>
        internal DisposeScope? OwningDisposeScope { get; set; }

        /// <summary>
        /// Number of native tensors the binding holds now (on all threads): created and not yet disposed or collected.
        /// Two tensors may share storage (views, <see cref="alias"/>); each counts. A diagnostic: it should not drift from epoch to epoch.
        /// </summary>
        public static long TotalCount => Interlocked.Read(ref totalCount);

        /// <summary>The highest <see cref="TotalCount"/> reached so far.</summary>
        public static long PeakCount => Interlocked.Read(ref peakCount);

        static void CountCreated()
        {
            var now = Interlocked.Increment(ref totalCount);
            for (var peak = Interlocked.Read(ref peakCount); now > peak; peak = Interlocked.Read(ref peakCount))
                if (Interlocked.CompareExchange(ref peakCount, now, peak) == peak) break;
        }

        static void CountReleased() => Interlocked.Decrement(ref totalCount);

        /// <summary>
        /// Disposes a tensor the binding made only as an intermediate step of one operation (e.g. before a dtype
        /// conversion): the thread's statistics then look as if it never existed, as they do in TorchSharp.
        /// </summary>
        internal void DiscardTemporary()
        {
            var stats = DisposeScopeManager.Statistics.TensorStatistics;
            if (OwningDisposeScope is { } scope) { stats.CreatedInScopeCount--; scope.Forget(this); }
            else stats.CreatedOutsideScopeCount--;
            _handle?.Dispose();
            _handle = null;
        }

        /// <summary>Moves this tensor from its dispose scope to the enclosing one; from an outermost scope it is detached. Returns this tensor.</summary>
        public Tensor MoveToOuterDisposeScope()
        {
            OwningDisposeScope?.MoveToOuter(this);
            return this;
        }

        /// <summary>Takes this tensor out of its dispose scope: the caller disposes it. Returns this tensor.</summary>
        public Tensor DetachFromDisposeScope()
        {
            OwningDisposeScope?.Detach(this);
            return this;
        }

        /// <summary>The misspelt name TorchSharp keeps for <see cref="DetachFromDisposeScope"/>.</summary>
        [Obsolete("The method name misspells 'Detach'. Use 'DetachFromDisposeScope' instead.", false)]
        public Tensor DetatchFromDisposeScope() => DetachFromDisposeScope();

        /// <summary>Moves this tensor to the dispose scope that holds <paramref name="other"/> (detached when none does). Returns this tensor.</summary>
        public Tensor MoveToOtherDisposeScope(Tensor other) => MoveToOtherDisposeScope(other.OwningDisposeScope);

        /// <summary>Moves this tensor to <paramref name="other"/> (null: detaches it). A tensor in no scope is attached. Returns this tensor.</summary>
        public Tensor MoveToOtherDisposeScope(DisposeScope? other)
        {
            if (OwningDisposeScope is null) other?.Attach(this);
            else OwningDisposeScope.MoveToOther(other, this);
            return this;
        }
    }
}
