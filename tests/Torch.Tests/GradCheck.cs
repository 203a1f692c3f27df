using TorchSharp;
using static TorchSharp.torch;

namespace Torch.Tests;

/// <summary>Compares autograd gradients with central finite differences in float64.</summary>
public static class GradCheck
{
    /// <summary>
    /// For each input, perturbs every element by ±eps, evaluates <paramref name="f"/> (which must return a scalar) and
    /// checks the numeric derivative against the autograd gradient. Inputs must be float64.
    /// </summary>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double atol = 1e-6, double rtol = 1e-4)
    {
        foreach (var x in inputs)
        {
            Assert.Equal(ScalarType.Float64, x.dtype);
            x.requires_grad = true;
        }
        using (var y = f(inputs))
        {
            Assert.Equal(0, y.dim());
            y.backward();
        }
        for (int k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            using var g = x.grad ?? throw new Xunit.Sdk.XunitException($"input {k} received no gradient");
            var analytic = g.data<double>().ToArray();
            var values = x.detach().data<double>().ToArray();
            var shape = x.shape;
            for (int i = 0; i < values.Length; i++)
            {
                double Eval(double delta)
                {
                    using var scope = NewDisposeScope();
                    using var _ = no_grad();
                    var v = (double[])values.Clone();
                    v[i] += delta;
                    var args = inputs.Select((t, j) => j == k ? tensor(v, shape) : t.detach()).ToArray();
                    return f(args).ToDouble();
                }
                var numeric = (Eval(eps) - Eval(-eps)) / (2 * eps);
                var tol = atol + rtol * Math.Abs(numeric);
                Assert.True(Math.Abs(numeric - analytic[i]) <= tol,
                    $"input {k} element {i}: autograd {analytic[i]:G10} vs finite difference {numeric:G10}");
            }
        }
    }

    public static Tensor Randn(params long[] shape) => randn(shape, ScalarType.Float64);
}
