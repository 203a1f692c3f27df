using TorchSharp;
using static TorchSharp.torch;

namespace Course.Models.Tests;

internal static class TestUtil
{
    /// <summary>Sum of the elements of all parameter tensors (no effective counting).</summary>
    public static long RawParams(nn.Module m) => m.parameters().Sum(p => p.numel());

    /// <summary>Runs the model in eval mode without gradients and returns the output shape.</summary>
    public static long[] OutputShape(nn.Module<Tensor, Tensor> model, params long[] inputShape)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.eval();
        var x = randn(inputShape);
        return model.call(x).shape;
    }

    public static long Conv(long cin, long cout, long k, bool bias = true) => cin * cout * k * k + (bias ? cout : 0);
    public static long Fc(long nin, long nout, bool bias = true) => nin * nout + (bias ? nout : 0);
}
