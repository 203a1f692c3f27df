using TorchSharp;
using static TorchSharp.torch;

namespace Torch.Tests;

public class DisposeScopeTests
{
    [Fact]
    public void ScopeDisposesWhatWasCreatedInside()
    {
        Tensor a, b, kept;
        using (var scope = NewDisposeScope())
        {
            a = ones(3);
            b = a * 2;
            kept = (b + 1).MoveToOuterDisposeScope();
            Assert.Equal(2, scope.Count);
        }
        Assert.True(a.IsInvalid);
        Assert.True(b.IsInvalid);
        Assert.False(kept.IsInvalid);
        Assert.Equal(new float[] { 3, 3, 3 }, kept.data<float>());
        Assert.Throws<ObjectDisposedException>(() => a.sum());
        kept.Dispose();
    }

    [Fact]
    public void NestedScopesMoveToTheEnclosingOne()
    {
        Tensor inner;
        using (NewDisposeScope())
        {
            using (NewDisposeScope())
            {
                inner = ones(2).MoveToOuterDisposeScope();
            }
            Assert.False(inner.IsInvalid);
        }
        Assert.True(inner.IsInvalid);
    }

    [Fact]
    public void DetachedTensorsSurvive()
    {
        Tensor t;
        using (NewDisposeScope()) t = ones(2).DetachFromDisposeScope();
        Assert.False(t.IsInvalid);
        t.Dispose();
        Assert.True(t.IsInvalid);
        t.Dispose(); // idempotent
    }
}
