using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Torch.Tests;

public class AutogradTests
{
    static Tensor R(params long[] shape) => GradCheck.Randn(shape);

    [Fact]
    public void BackwardGivesAnalyticGradient()
    {
        using var x = tensor(new double[] { 1, 2, 3 }, requires_grad: true);
        using var y = (x * x).sum();
        y.backward();
        Assert.Equal(new double[] { 2, 4, 6 }, x.grad!.data<double>());
    }

    [Fact]
    public void NoGradAndDetachStopTracking()
    {
        using var x = ones([2], requires_grad: true);
        using (no_grad())
        {
            Assert.False(is_grad_enabled());
            Assert.False((x * 2).requires_grad);
        }
        Assert.True(is_grad_enabled());
        Assert.True((x * 2).requires_grad);
        Assert.False((x * 2).detach().requires_grad);
        Assert.Null(ones(2).grad);
    }

    [Fact] public void ElementwiseGradients() => GradCheck.Check(a => (a[0].exp() + a[0].sigmoid() * a[0].tanh() + a[0].relu() + (a[0] * a[0] + 1).log() + (a[0] * a[0] + 1).sqrt()).sum(), [R(3, 4)]);
    [Fact] public void ArithmeticGradients() => GradCheck.Check(a => ((a[0] + a[1]) * a[0] / (a[1] * a[1] + 2) - 3 * a[0]).sum(), [R(2, 3), R(3)]);
    [Fact] public void MatmulGradients() => GradCheck.Check(a => a[0].matmul(a[1]).pow(2).mean(), [R(3, 4), R(4, 2)]);
    [Fact] public void SoftmaxGradients() => GradCheck.Check(a => (a[0].softmax(1) * a[1]).sum() + a[0].log_softmax(0).sum() * 0.3, [R(3, 5), R(3, 5)]);
    [Fact] public void ReductionGradients() => GradCheck.Check(a => a[0].max(1).values.sum() + a[0].mean(0).pow(2).sum() + a[0].std(), [R(4, 3)]);
    [Fact] public void ShapeOpGradients() => GradCheck.Check(a => (cat([a[0].permute(1, 0), a[1]], 0).reshape(-1) * arange(0, 12, 1, ScalarType.Float64)).sum() + a[0][.., 1].sum(), [R(2, 4), R(2, 2)]);

    [Fact] public void Conv2dGradients() => GradCheck.Check(a => F.conv2d(a[0], a[1], a[2], strides: [2], padding: [1]).pow(2).sum(), [R(2, 2, 5, 5), R(3, 2, 3, 3), R(3)]);
    [Fact] public void GroupedConvGradients() => GradCheck.Check(a => F.conv2d(a[0], a[1], groups: 2).pow(2).sum(), [R(1, 4, 4, 4), R(2, 2, 3, 3)]);
    [Fact] public void LinearGradients() => GradCheck.Check(a => F.linear(a[0], a[1], a[2]).tanh().sum(), [R(3, 4), R(2, 4), R(2)]);
    [Fact] public void PoolGradients() => GradCheck.Check(a => F.max_pool2d(a[0], [3], [2], ceil_mode: true).sum() + F.avg_pool2d(a[0], [2], ceil_mode: true).pow(2).sum() + F.adaptive_avg_pool2d(a[0], [2, 2]).pow(2).sum(), [R(1, 2, 5, 5)]);
    [Fact] public void LrnGradients() => GradCheck.Check(a => F.local_response_norm(a[0], 3, alpha: 0.5, beta: 0.75, k: 2).pow(2).sum(), [R(2, 5, 3, 3)]);
    [Fact] public void BatchNormGradients() => GradCheck.Check(a => F.batch_norm(a[0], null, null, a[1], a[2], training: true).pow(3).sum(), [R(4, 3, 2, 2), R(3), R(3)]);
    [Fact] public void LossGradients()
    {
        using var target = tensor(new long[] { 0, 2, 1 });
        GradCheck.Check(a => F.cross_entropy(a[0], target) + F.nll_loss(a[0].log_softmax(1), target) + F.mse_loss(a[0], a[1]), [R(3, 4), R(3, 4)]);
    }
    [Fact] public void InterpolateGradients() => GradCheck.Check(a => (F.interpolate(a[0], [5, 7]) * arange(0, 35, 1, ScalarType.Float64).reshape(5, 7)).sum(), [R(1, 1, 3, 3)]);

    [Fact]
    public void LrnMatchesFormula()
    {
        // b_c = a_c / (k + alpha/n * sum over the n-channel window centred on c of a^2)^beta
        var x = R(1, 5, 1, 1);
        var v = x.data<double>().ToArray();
        var y = F.local_response_norm(x, 3, 0.5, 0.75, 2).data<double>().ToArray();
        for (int c = 0; c < 5; c++)
        {
            double s = 0;
            for (int j = c - 1; j <= c + 1; j++) if (j >= 0 && j < 5) s += v[j] * v[j];
            Assert.Equal(v[c] / Math.Pow(2 + 0.5 / 3 * s, 0.75), y[c], 10);
        }
    }
}
