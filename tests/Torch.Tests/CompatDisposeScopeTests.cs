using TorchSharp;
using static TorchSharp.torch;

namespace Torch.Tests;

/// <summary>TorchSharp's dispose-scope API: statistics, attach/detach/move, partial disposal, tensor counts.</summary>
public class CompatDisposeScopeTests
{
    static LifetimeStatistics Stats => DisposeScopeManager.Statistics.TensorStatistics;

    static long[] Counts() =>
        [Stats.CreatedOutsideScopeCount, Stats.DisposedOutsideScopeCount, Stats.CreatedInScopeCount, Stats.DisposedInScopeCount,
         Stats.AttachedToScopeCount, Stats.DetachedFromScopeCount, Stats.ThreadTotalLiveCount];

    [Fact]
    public void Statistics_count_creation_and_disposal_in_and_outside_scopes()
    {
        DisposeScopeManager.Statistics.Reset();
        Assert.Equal(new long[7], Counts());

        var outside = ones(2);                        // created outside
        using (var scope = NewDisposeScope())
        {
            var a = ones(3);                          // created in, disposed by the scope
            var b = (a + 1).DetachFromDisposeScope(); // created in, detached
            var c = zeros(1);
            c.Dispose();                              // created in, disposed in
            scope.Attach(outside);                    // attached: the scope disposes it
            Assert.Equal(new long[] { 1, 0, 3, 1, 1, 1, 3 }, Counts());
            b.Dispose();                              // no scope holds it any more: disposed outside
        }
        Assert.True(outside.IsInvalid);
        Assert.Equal(new long[] { 1, 1, 3, 3, 1, 1, 0 }, Counts());
        Assert.Equal("ThreadTotalLiveCount: 0; CreatedOutsideScopeCount: 1; DisposedOutsideScopeCount: 1; CreatedInScopeCount: 3; " +
                     "DisposedInScopeCount: 3; AttachedToScopeCount: 1; DetachedFromScopeCount: 1", DisposeScopeManager.Statistics.ToString());
        Assert.Equal(DisposeScopeManager.Statistics.ToString(), Stats.ToString());
        Assert.Equal(0, DisposeScopeManager.Statistics.PackedSequenceStatistics.ThreadTotalLiveCount);

        DisposeScopeManager.Statistics.Reset();
        Assert.Equal(new long[7], Counts());
    }

    [Fact]
    public void A_conversion_inside_a_factory_counts_one_tensor()
    {
        DisposeScopeManager.Statistics.Reset();
        using (NewDisposeScope())
        {
            var t = tensor(3.0, ScalarType.Float32); // float64 data stored as float32: one tensor for the user
            Assert.Equal(ScalarType.Float32, t.dtype);
            Assert.Equal(new long[] { 0, 0, 1, 0, 0, 0, 1 }, Counts());
        }
        Assert.Equal(0, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Statistics_belong_to_the_thread()
    {
        DisposeScopeManager.Statistics.Reset();
        long otherThreadCreated = -1;
        var thread = new Thread(() =>
        {
            DisposeScopeManager.Statistics.Reset();
            using (var t = ones(2)) otherThreadCreated = DisposeScopeManager.Statistics.CreatedOutsideScopeCount;
        });
        thread.Start();
        thread.Join();
        Assert.Equal(1, otherThreadCreated);
        Assert.Equal(0, DisposeScopeManager.Statistics.CreatedOutsideScopeCount);
    }

    [Fact]
    public void Views_counts_contains_and_a_disposed_scope()
    {
        var scope = NewDisposeScope();
        var a = ones(1);
        var b = ones(1);
        Assert.Same(scope, CurrentDisposeScope);
        Assert.Equal(2, scope.DisposablesCount);
        Assert.Equal(2, scope.Count);
        Assert.Equal(new IDisposable[] { a, b }.ToHashSet(ReferenceEqualityComparer.Instance), scope.DisposablesView.ToHashSet(ReferenceEqualityComparer.Instance));
        a.Dispose();
        Assert.False(scope.Contains(a));
        Assert.True(scope.Contains(b));
        Assert.Equal(1, scope.DisposablesCount);
        scope.Dispose();
        Assert.True(b.IsInvalid);
        Assert.True(scope.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => scope.DisposablesCount);
        Assert.Throws<ObjectDisposedException>(() => scope.DisposablesView);
        Assert.Throws<ObjectDisposedException>(() => scope.Attach(ones(1)));
        scope.Dispose(); // idempotent
    }

    [Fact]
    public void DisposeEverythingBut_keeps_the_named_tensors_and_returns_them()
    {
        using var scope = NewDisposeScope();
        var (a, b, c, d) = (ones(1), ones(1), ones(1), ones(1));
        var kept = scope.DisposeEverythingBut(b);
        Assert.Same(b, kept);
        Assert.True(a.IsInvalid && c.IsInvalid && d.IsInvalid);
        Assert.False(b.IsInvalid);
        Assert.Equal(1, scope.DisposablesCount);

        var (e, f, g) = (ones(1), ones(1), ones(1));
        var (k1, k2) = scope.DisposeEverythingBut(e, f);
        Assert.Same(e, k1);
        Assert.Same(f, k2);
        Assert.True(b.IsInvalid && g.IsInvalid);
        scope.DisposeEverythingBut(new List<IDisposable> { e });
        Assert.True(f.IsInvalid);
        Assert.False(e.IsInvalid);
        scope.DisposeEverything();
        Assert.True(e.IsInvalid);
        Assert.Equal(0, scope.DisposablesCount);
    }

    [Fact]
    public void Tensors_move_between_nested_scopes()
    {
        Tensor free = ones(1).DetachFromDisposeScope(), inOuter, fromInner, toFree;
        using (var outer = NewDisposeScope())
        {
            inOuter = ones(1);
            using (var middle = NewDisposeScope())
            {
                using (var inner = NewDisposeScope())
                {
                    fromInner = ones(1).MoveToOtherDisposeScope(inOuter); // into the scope holding inOuter
                    toFree = ones(1).MoveToOtherDisposeScope(free);       // free is in no scope: detached
                    Assert.Same(inner, ones(1).MoveToOtherDisposeScope(inner).OwningDisposeScopeForTest());
                    free.MoveToOtherDisposeScope(inner);                  // a free tensor is attached
                    Assert.True(outer.Contains(fromInner));
                }
                Assert.True(free.IsInvalid);
                Assert.False(fromInner.IsInvalid);
                var (x, y) = middle.MoveToOuter(ones(1), ones(1));
                Assert.True(outer.Contains(x) && outer.Contains(y));
                var z = middle.MoveToOther(null, ones(1)); // null: detached
                Assert.False(middle.Contains(z) || outer.Contains(z));
                z.Dispose();
            }
            Assert.False(fromInner.IsInvalid);
        }
        Assert.True(fromInner.IsInvalid && inOuter.IsInvalid);
        Assert.False(toFree.IsInvalid);
        toFree.Dispose();
    }

    [Fact]
    public void MoveToOuterDisposeScope_uses_the_scope_that_holds_the_tensor()
    {
        using var outer = NewDisposeScope();
        Tensor t;
        using (var middle = NewDisposeScope())
        {
            t = ones(1);
            using (NewDisposeScope()) t.MoveToOuterDisposeScope(); // from middle (its owner) to outer
            Assert.True(outer.Contains(t));
        }
        Assert.False(t.IsInvalid);
    }

    [Fact]
    public void Attach_takes_a_tensor_from_its_scope_and_rejects_other_disposables()
    {
        using var a = NewDisposeScope();
        var t = ones(1);
        DisposeScopeManager.Statistics.Reset();
        using (var b = NewDisposeScope())
        {
            var list = b.Attach(new List<IDisposable> { t });
            Assert.Same(t, Assert.Single(list));
            Assert.False(a.Contains(t));
            Assert.Equal(1, Stats.AttachedToScopeCount);
            b.Attach(t); // already there: nothing counted
            Assert.Equal(1, Stats.AttachedToScopeCount);
            var e = Assert.Throws<InvalidOperationException>(() => b.Attach(new MemoryStream()));
            Assert.Contains("MemoryStream", e.Message);
        }
        Assert.True(t.IsInvalid);
    }

    [Fact]
    public void Detach_forms_return_their_arguments()
    {
        using var scope = NewDisposeScope();
        var (a, b, c) = (ones(1), ones(1), ones(1));
        Assert.Same(a, scope.Detach(a));
        var (x, y) = scope.Detach(b, c);
        Assert.Same(b, x);
        Assert.Equal(0, scope.DisposablesCount);
        foreach (var t in new[] { a, b, c }) t.Dispose();
    }

    [Fact]
    public void A_parameter_made_in_a_scope_takes_its_tensors_place_unless_a_module_registers_it()
    {
        TorchSharp.Modules.Parameter p, kept;
        Tensor data;
        using (var scope = NewDisposeScope())
        {
            data = randn(2, 2);
            p = new TorchSharp.Modules.Parameter(data);                  // as TorchSharp: the scope now holds p
            Assert.True(data.IsInvalid);
            Assert.True(scope.Contains(p) && !scope.Contains(data));
            kept = new TorchSharp.Modules.Parameter(randn(2));
            var m = torch.nn.Identity();
            m.register_parameter("w", kept);                              // a module owns what it registers
            Assert.False(scope.Contains(kept));
        }
        Assert.True(p.IsInvalid);
        Assert.False(kept.IsInvalid);
        Assert.Equal(new long[] { 2 }, kept.shape);
        kept.Dispose();
    }

    [Fact]
    public void Disposing_an_outer_scope_first_ends_the_inner_ones_too()
    {
        var outer = NewDisposeScope();
        var inner = NewDisposeScope();
        outer.Dispose();
        Assert.Null(CurrentDisposeScope);
        using (var next = NewDisposeScope())
        {
            Assert.Null(next.OuterScope);
            inner.Dispose(); // late: the current scope stays
            Assert.Same(next, CurrentDisposeScope);
        }
    }

    [Fact]
    public void WrappedTensorDisposeScope_keeps_only_the_result()
    {
        DisposeScopeManager.Statistics.Reset();
        using var result = WrappedTensorDisposeScope(() => ones(3) * 2 + 1);
        Assert.Equal(new float[] { 3, 3, 3 }, result.data<float>());
        Assert.Equal(1, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void TotalCount_and_PeakCount_follow_live_tensors()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = Tensor.TotalCount;
        var ts = Enumerable.Range(0, 5).Select(_ => ones(1)).ToList();
        Assert.Equal(before + 5, Tensor.TotalCount);
        Assert.True(Tensor.PeakCount >= before + 5);
        var p = new TorchSharp.Modules.Parameter(ts[0]); // takes over the native tensor: no new one
        Assert.Equal(before + 5, Tensor.TotalCount);
        p.Dispose();
        foreach (var t in ts) t.Dispose();
        Assert.Equal(before, Tensor.TotalCount);

        MakeGarbage();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.Equal(before, Tensor.TotalCount); // collected tensors are released too
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static void MakeGarbage() { for (int i = 0; i < 3; i++) ones(1); }
}

static class DisposeScopeTestExtensions
{
    /// <summary>The scope that holds <paramref name="t"/>, found through the public API.</summary>
    public static DisposeScope? OwningDisposeScopeForTest(this Tensor t)
    {
        for (var s = CurrentDisposeScope; s != null; s = s.OuterScope)
            if (s.Contains(t)) return s;
        return null;
    }
}
