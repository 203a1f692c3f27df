using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;

namespace Torch.Tests;

/// <summary>Scheduler behaviour beyond the PyTorch comparisons: the closed form of step(epoch), and argument and usage errors.</summary>
public class LRSchedulerApiTests
{
    private static optim.Optimizer Sgd(double lr = 0.1, double momentum = 0) => optim.SGD(new[] { new TorchSharp.Modules.Parameter(zeros(1)) }, lr, momentum);

    [Fact]
    public void Step_with_an_epoch_uses_the_closed_form()
    {
        using var opt = Sgd();
        var sched = StepLR(opt, 3, 0.5);
        sched.step(7);
        Assert.Equal(0.1 * 0.25, opt.ParamGroups.Single().LearningRate, 15);
        sched.step();   // epoch 8: not a multiple of 3
        Assert.Equal(0.1 * 0.25, sched.get_last_lr().Single(), 15);
        sched.step();   // epoch 9
        Assert.Equal(0.1 * 0.125, sched.get_last_lr().Single(), 15);
    }

    [Fact]
    public void Cosine_annealing_resumed_at_an_epoch_starts_from_its_closed_form()
    {
        using var opt = Sgd();
        CosineAnnealingLR(opt, 10, 0.0, last_epoch: 4);
        Assert.Equal(0.1 * (1 + Math.Cos(Math.PI * 5 / 10)) / 2, opt.ParamGroups.Single().LearningRate, 15);
    }

    [Fact]
    public void ReduceLROnPlateau_needs_the_metric()
    {
        using var opt = Sgd();
        var sched = ReduceLROnPlateau(opt, patience: 0);
        Assert.Throws<InvalidOperationException>(() => sched.step());
        Assert.Throws<InvalidOperationException>(() => sched.step(epoch: 3));
        sched.step(1.0);
        sched.step(2.0);
        Assert.Equal(0.01, opt.ParamGroups.Single().LearningRate, 15);
        Assert.Throws<ArgumentException>(() => ReduceLROnPlateau(opt, mode: "lowest"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReduceLROnPlateau(opt, factor: 1.0));
    }

    [Fact]
    public void OneCycleLR_stops_after_its_total_steps()
    {
        using var opt = Sgd(momentum: 0.9);
        var sched = OneCycleLR(opt, 1.0, total_steps: 3);
        for (int i = 0; i < 3; i++) sched.step();
        var e = Assert.Throws<InvalidOperationException>(() => sched.step());
        Assert.Contains("total steps is 3", e.Message);
        Assert.Throws<ArgumentException>(() => OneCycleLR(opt, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => OneCycleLR(opt, 1.0, total_steps: 10, pct_start: 1.5));
    }

    [Fact]
    public void Momentum_cycling_needs_an_optimizer_with_momentum()
    {
        using var adagrad = optim.Adagrad(new[] { new TorchSharp.Modules.Parameter(zeros(1)) });
        Assert.Throws<ArgumentException>(() => OneCycleLR(adagrad, 1.0, total_steps: 10));
        Assert.Throws<ArgumentException>(() => CyclicLR(adagrad, 0.1, 1.0));
        CyclicLR(adagrad, 0.1, 1.0, cycle_momentum: false);
        Assert.Equal(0.1, adagrad.ParamGroups.Single().LearningRate, 15);
    }

    [Fact]
    public void Per_group_arguments_must_match_the_groups()
    {
        using var opt = optim.SGD(new SGD.ParamGroup[] { new(new[] { new TorchSharp.Modules.Parameter(zeros(1)) }), new(new[] { new TorchSharp.Modules.Parameter(zeros(1)) }) }, 0.1);
        var e = Assert.Throws<ArgumentException>(() => new impl.LambdaLR(opt, new Func<int, double>[] { _ => 1.0 }));
        Assert.Contains("expected 2 values for lr_lambdas", e.Message);
        Assert.Throws<ArgumentException>(() => OneCycleLR(opt, new[] { 1.0, 2.0, 3.0 }, total_steps: 5));
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        using var opt = Sgd();
        Assert.Throws<ArgumentOutOfRangeException>(() => StepLR(opt, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CosineAnnealingLR(opt, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConstantLR(opt, factor: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => LinearLR(opt, start_factor: 0));
        Assert.Throws<ArgumentNullException>(() => StepLR(null!, 3));
        var s1 = ExponentialLR(opt, 0.9);
        Assert.Throws<ArgumentException>(() => SequentialLR(opt, new[] { s1, ExponentialLR(opt, 0.5) }, new[] { 2, 4 }));
        using var other = Sgd();
        Assert.Throws<ArgumentException>(() => ChainedLR(new[] { s1, ExponentialLR(other, 0.5) }));
    }
}
