using TorchSharp;
using static TorchSharp.torch;
using static Torch.Tests.NnTestHelpers;

namespace Torch.Tests;

/// <summary>Optimizer update rules against the formulas computed in C# doubles, and scheduler sequences against closed forms.</summary>
public class OptimTests
{
    /// <summary>Runs <paramref name="steps"/> optimizer steps on f(p) = Σ c·p² (gradient 2c·p), returning the trajectory.</summary>
    private static List<double[]> Trajectory(Func<TorchSharp.Modules.Parameter, optim.Optimizer> make, double[] p0, double[] c, int steps)
    {
        using var p = new TorchSharp.Modules.Parameter(tensor(p0));
        using var coef = tensor(c);
        using var opt = make(p);
        var result = new List<double[]>();
        for (int s = 0; s < steps; s++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            (coef * p * p).sum().backward();
            opt.step();
            result.Add(p.data<double>());
        }
        return result;
    }

    private static readonly double[] P0 = { 1.0, -2.0, 0.5 };
    private static readonly double[] C = { 0.5, 1.5, -0.25 };

    [Theory]
    [InlineData(0.0, 0.0, 0.0, false)]
    [InlineData(0.9, 0.0, 0.0, false)]
    [InlineData(0.9, 0.3, 0.01, false)]
    [InlineData(0.8, 0.0, 0.05, true)]
    public void SGD_follows_pytorch_rule(double momentum, double dampening, double wd, bool nesterov)
    {
        const double lr = 0.1;
        var got = Trajectory(p => optim.SGD(new[] { p }, lr, momentum, dampening, wd, nesterov), P0, C, 5);
        var p = (double[])P0.Clone();
        double[]? buf = null;
        for (int s = 0; s < 5; s++)
        {
            var d = p.Select((v, i) => 2 * C[i] * v + wd * v).ToArray();
            if (momentum != 0)
            {
                buf = buf is null ? (double[])d.Clone() : buf.Select((b, i) => momentum * b + (1 - dampening) * d[i]).ToArray();
                d = nesterov ? d.Select((v, i) => v + momentum * buf[i]).ToArray() : buf;
            }
            p = p.Select((v, i) => v - lr * d[i]).ToArray();
            AssertClose(p, got[s], 1e-14, $"step {s}");
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void Adam_follows_pytorch_rule(double wd)
    {
        const double lr = 0.05, b1 = 0.8, b2 = 0.95, eps = 1e-6;
        var got = Trajectory(p => optim.Adam(new[] { p }, lr, b1, b2, eps, wd), P0, C, 6);
        var p = (double[])P0.Clone();
        var m = new double[3]; var v = new double[3];
        for (int t = 1; t <= 6; t++)
        {
            for (int i = 0; i < 3; i++)
            {
                double g = 2 * C[i] * p[i] + wd * p[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double denom = Math.Sqrt(v[i]) / Math.Sqrt(1 - Math.Pow(b2, t)) + eps;
                p[i] -= lr / (1 - Math.Pow(b1, t)) * m[i] / denom;
            }
            AssertClose(p, got[t - 1], 1e-13, $"step {t}");
        }
    }

    [Fact]
    public void Zero_grad_zeroes_and_set_to_none_drops()
    {
        using var p = new TorchSharp.Modules.Parameter(ones(3));
        using var opt = optim.SGD(new[] { p }, 0.1);
        using (var scope = NewDisposeScope()) (p * 2).sum().backward();
        opt.zero_grad();
        using (var g = p.grad) Assert.All(g!.data<float>(), v => Assert.Equal(0f, v));
        opt.zero_grad(set_to_none: true);
        Assert.Null(p.grad);
        opt.step(); // no gradient: nothing happens
        Assert.All(p.data<float>(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Optimizer_arguments_are_validated()
    {
        using var p = new TorchSharp.Modules.Parameter(ones(1));
        Assert.Throws<ArgumentException>(() => optim.SGD(Array.Empty<TorchSharp.Modules.Parameter>(), 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.SGD(new[] { p }, -1));
        Assert.Throws<ArgumentException>(() => optim.SGD(new[] { p }, 0.1, nesterov: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.Adam(new[] { p }, beta1: 1.0));
    }

    [Fact]
    public void StepLR_matches_closed_form_and_sets_optimizer_rate()
    {
        using var p = new TorchSharp.Modules.Parameter(ones(1));
        using var opt = optim.SGD(new[] { p }, 0.5);
        var sched = optim.lr_scheduler.StepLR(opt, 3, 0.5);
        for (int e = 1; e <= 10; e++)
        {
            sched.step();
            double expected = 0.5 * Math.Pow(0.5, e / 3);
            Assert.Equal(expected, sched.get_last_lr()[0], 15);
            Assert.Equal(expected, opt.ParamGroups.First().LearningRate, 15);
        }
    }

    [Fact]
    public void CosineAnnealingLR_matches_closed_form_over_two_periods()
    {
        using var p = new TorchSharp.Modules.Parameter(ones(1));
        using var opt = optim.SGD(new[] { p }, 0.1);
        var sched = optim.lr_scheduler.CosineAnnealingLR(opt, 5, 0.01);
        for (int e = 1; e <= 15; e++)
        {
            sched.step();
            double expected = 0.01 + (0.1 - 0.01) * (1 + Math.Cos(Math.PI * e / 5)) / 2;
            Assert.Equal(expected, opt.ParamGroups.First().LearningRate, 12);
        }
    }
}
