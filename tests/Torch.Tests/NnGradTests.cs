using TorchSharp;
using static TorchSharp.torch;
using static Torch.Tests.NnTestHelpers;

namespace Torch.Tests;

/// <summary>Autograd gradients of layers and losses against central finite differences in float64.</summary>
public class NnGradTests
{
    private static Tensor Leaf(int seed, params long[] shape) => RandD(seed, shape).requires_grad_();

    private static void CheckModule(nn.Module<Tensor, Tensor> m, Tensor x, double tol = 1e-6)
    {
        var wrt = new List<Tensor> { x };
        wrt.AddRange(m.parameters());
        GradCheck(() => WeightedSum(m.call(x)), wrt, tol: tol);
    }

    [Fact]
    public void Conv2d_gradients()
    {
        using var conv = nn.Conv2d(4, 2, 3, stride: 2, padding: 1, groups: 2, dtype: ScalarType.Float64);
        using var x = Leaf(1, 1, 4, 5, 4);
        CheckModule(conv, x);
    }

    [Fact]
    public void Linear_gradients()
    {
        using var lin = nn.Linear(3, 2, dtype: ScalarType.Float64);
        using var x = Leaf(2, 4, 3);
        CheckModule(lin, x);
    }

    [Fact]
    public void BatchNorm_gradients_in_training()
    {
        using var bn = nn.BatchNorm2d(2, dtype: ScalarType.Float64);
        using var x = Leaf(3, 3, 2, 2, 2);
        CheckModule(bn, x, 1e-5);
        using var bn1 = nn.BatchNorm1d(3, dtype: ScalarType.Float64);
        using var x1 = Leaf(4, 4, 3);
        CheckModule(bn1, x1, 1e-5);
    }

    [Fact]
    public void Pooling_gradients()
    {
        // distinct values keep max pooling differentiable at the sample point
        using var x = (arange(0, 50, 1, ScalarType.Float64).reshape(1, 2, 5, 5) * 0.37 % 1.0).detach().requires_grad_();
        CheckModule(nn.MaxPool2d(3, 2, 1), x);
        CheckModule(nn.AvgPool2d(3, 2, 1, ceil_mode: true, count_include_pad: false), x);
        CheckModule(nn.AvgPool2d(2), x);
        CheckModule(nn.AdaptiveAvgPool2d(2, 3), x);
    }

    [Fact]
    public void LocalResponseNorm_gradients()
    {
        using var x = Leaf(5, 1, 4, 2, 2);
        CheckModule(nn.LocalResponseNorm(3, 0.5, 0.75, 1.0), x);
    }

    [Fact]
    public void Loss_gradients()
    {
        using var logits = Leaf(6, 3, 4);
        using var target = tensor(new long[] { 3, 0, 1 });
        GradCheck(() => nn.CrossEntropyLoss().call(logits, target), new[] { logits });
        GradCheck(() => nn.NLLLoss().call(logits.log_softmax(1), target), new[] { logits });
        using var a = Leaf(7, 2, 3);
        using var b = RandD(8, 2, 3);
        GradCheck(() => nn.MSELoss().call(a, b), new[] { a });
    }
}
