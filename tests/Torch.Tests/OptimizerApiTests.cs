using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Torch.Tests;

/// <summary>
/// The TorchSharp shape of the optimizers: parameter groups and their options, add_param_group, step with a closure,
/// Betas/Momentum, state_dict and save/load of the state (every optimizer resumes exactly), argument errors.
/// </summary>
public class OptimizerApiTests
{
    private static TorchSharp.Modules.Parameter P(params float[] v) => new(tensor(v));

    /// <summary>One step of Σ (i+1)·p² over the parameters.</summary>
    private static void Step(optim.Optimizer opt, IReadOnlyList<TorchSharp.Modules.Parameter> ps)
    {
        using var scope = NewDisposeScope();
        opt.zero_grad();
        ps.Select((p, i) => (p * p).sum() * (i + 1)).Aggregate((a, b) => a + b).backward();
        opt.step();
    }

    [Fact]
    public void Groups_take_the_optimizers_defaults_for_unset_options()
    {
        TorchSharp.Modules.Parameter a = P(1, 2), b = P(3), c = P(4);
        using var opt = optim.Adam(new Adam.ParamGroup[]
        {
            new() { Parameters = new[] { a }, Options = new() { LearningRate = 0.5, beta1 = 0.7 } },
            new(new[] { b }, lr: 0.25, amsgrad: true),
        }, lr: 0.01, beta2: 0.9, weight_decay: 0.1);

        var groups = opt.ParamGroups.Cast<Adam.ParamGroup>().ToArray();
        Assert.Equal(2, groups.Length);
        Assert.Equal((0.5, 0.5), (groups[0].LearningRate, groups[0].InitialLearningRate));
        Assert.Equal((0.7, 0.9), groups[0].Betas);
        Assert.Equal(0.1, groups[0].Options.weight_decay);
        Assert.False(groups[0].Options.amsgrad!.Value);
        Assert.Equal((0.9, 0.999), groups[1].Betas);   // the group's own constructor defaults
        Assert.True(groups[1].Options.amsgrad!.Value);
        Assert.Equal(new[] { a, b }, opt.parameters());

        opt.add_param_group(new Adam.ParamGroup { Parameters = new[] { c } });
        var added = (Adam.ParamGroup)opt.ParamGroups.Last();
        Assert.Equal((0.01, 0.01), (added.LearningRate, added.InitialLearningRate));
        Assert.Equal((0.9, 0.9), added.Betas);
        Assert.Equal(3, opt.state_dict().State.Count);
        Assert.Equal(new[] { new[] { 0 }, new[] { 1 }, new[] { 2 } }, opt.state_dict().StateIndexRef.Select(r => r.ToArray()));

        Step(opt, new[] { a, b, c });
        Assert.Equal(1, ((Adam.State)opt.state_dict().State[2]).step);
    }

    [Fact]
    public void Added_group_is_trained_with_its_own_learning_rate()
    {
        TorchSharp.Modules.Parameter a = P(1), b = P(1);
        using var opt = optim.SGD(new[] { a }, 0.1);
        opt.add_param_group(new SGD.ParamGroup(new[] { b }, lr: 0.3));
        Step(opt, new[] { a, b });
        Assert.Equal(1 - 0.1f * 2, a.data<float>()[0], 6);
        Assert.Equal(1 - 0.3f * 4, b.data<float>()[0], 6);
    }

    [Fact]
    public void Bad_groups_are_rejected_naming_the_problem()
    {
        TorchSharp.Modules.Parameter a = P(1), b = P(2);
        using var opt = optim.SGD(new[] { a }, 0.1);
        var e = Assert.Throws<ArgumentException>(() => opt.add_param_group(new SGD.ParamGroup { Parameters = new[] { a } }));
        Assert.Contains("more than one parameter group", e.Message);
        e = Assert.Throws<ArgumentException>(() => opt.add_param_group(new ParamGroup<Adam.Options>(new[] { b }, new Adam.Options())));
        Assert.Contains("SGD takes options of type", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => opt.add_param_group(new SGD.ParamGroup(new[] { b }, lr: -1)));
        Assert.Throws<ArgumentException>(() => optim.Adam(new[] { a, a }));
        Assert.Throws<ArgumentNullException>(() => optim.SGD((IEnumerable<TorchSharp.Modules.Parameter>)null!, 0.1));
        Assert.Single(opt.ParamGroups);
    }

    [Fact]
    public void Arguments_are_validated_with_exact_exception_types()
    {
        var p = P(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.AdamW(new[] { p }, beta2: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.RMSProp(new[] { p }, alpha: -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.Adagrad(new[] { p }, lr_decay: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.Rprop(new[] { p }, etaminus: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.Rprop(new[] { p }, etaplus: 0.9));
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.Adadelta(new[] { p }, rho: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => optim.NAdam(new[] { p }, momentum_decay: -1));
        Assert.Throws<ArgumentException>(() => optim.RAdam(Array.Empty<TorchSharp.Modules.Parameter>()));
    }

    [Fact]
    public void Step_calls_the_closure_with_grad_enabled_and_returns_its_loss()
    {
        var p = P(3);
        using var opt = optim.SGD(new[] { p }, 0.1);
        bool gradEnabled = false;
        Tensor? seen = null;
        var loss = opt.step(() =>
        {
            gradEnabled = is_grad_enabled();
            opt.zero_grad();
            var l = (p * p).sum();
            l.backward();
            return seen = l;
        });
        Assert.True(gradEnabled);
        Assert.Same(seen, loss);
        Assert.Equal(9f, loss!.item<float>());
        Assert.Equal(3 - 0.1f * 6, p.data<float>()[0], 6);
        Assert.Null(opt.step());
    }

    [Fact]
    public void Named_parameters_overloads_optimise_the_parameters()
    {
        using var lin = nn.Linear(2, 1);
        using var opt = optim.AdamW(lin.named_parameters(), 0.1);
        Assert.Equal(lin.parameters(), opt.parameters());
    }

    [Fact]
    public void Betas_and_momentum_set_the_defaults_and_the_groups()
    {
        var p = P(1);
        using var adam = optim.Adam(new[] { p });
        Assert.Equal((0.9, 0.999), adam.Betas);
        adam.Betas = (0.85, 0.975);
        Assert.Equal((0.85, 0.975), adam.Betas);
        var group = (optim.IBetas)adam.ParamGroups.Single();
        group.Betas = (0.5, 0.6);
        Assert.Equal(0.5, ((Adam.ParamGroup)group).Options.beta1);
        using var sgd = optim.SGD(new[] { P(1) }, 0.1, momentum: 0.3);
        Assert.Equal(0.3, sgd.Momentum);
        ((optim.IMomentum)sgd.ParamGroups.Single()).Momentum = 0.8;
        Assert.Equal(0.8, ((SGD.ParamGroup)sgd.ParamGroups.Single()).Options.momentum);
    }

    [Fact]
    public void State_survives_the_dispose_scope_it_was_created_in()
    {
        var p = P(1, -1);
        optim.Optimizer opt;
        using (NewDisposeScope()) opt = optim.Adam(new[] { p }, 0.1, amsgrad: true);
        Step(opt, new[] { p });
        Step(opt, new[] { p });
        Assert.Equal(2, ((Adam.State)opt.state_dict().State[0]).step);
        opt.Dispose();
    }

    public static TheoryData<string> Kinds => new() { "sgd", "adam", "adamw", "rmsprop", "adagrad", "rprop", "adadelta", "adamax", "nadam", "radam", "asgd" };

    /// <summary>Each optimizer with options that create all of its state (momentum, centered, AMSGrad, ...).</summary>
    private static optim.Optimizer Make(string kind, IEnumerable<TorchSharp.Modules.Parameter> ps) => kind switch
    {
        "sgd" => optim.SGD(ps, 0.1, momentum: 0.9, nesterov: true),
        "adam" => optim.Adam(ps, 0.1, amsgrad: true),
        "adamw" => optim.AdamW(ps, 0.1, weight_decay: 0.1),
        "rmsprop" => optim.RMSProp(ps, 0.01, momentum: 0.5, centered: true),
        "adagrad" => optim.Adagrad(ps, 0.1, lr_decay: 0.1),
        "rprop" => optim.Rprop(ps, 0.1),
        "adadelta" => optim.Adadelta(ps),
        "adamax" => optim.Adamax(ps, 0.1),
        "nadam" => optim.NAdam(ps, 0.1),
        "radam" => optim.RAdam(ps, 0.1),
        _ => optim.ASGD(ps, 0.1, t0: 1),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Saved_state_resumes_exactly(string kind)
    {
        float[][] init = { new[] { 1f, -2f, 0.5f }, new[] { 0.25f } };
        TorchSharp.Modules.Parameter[] a = init.Select(v => P(v)).ToArray(), b = init.Select(v => P(v)).ToArray();
        using var optA = Make(kind, a);
        using var optB = Make(kind, b);
        for (int i = 0; i < 3; i++) { Step(optA, a); Step(optB, b); }
        var file = Path.Combine(Path.GetTempPath(), $"optim-{kind}-{Guid.NewGuid():N}.dat");
        try
        {
            optB.save_state_dict(file);
            // A fresh optimizer on copies of B's parameters, with another learning rate that the file overrides.
            var c = b.Select(p => P(p.data<float>())).ToArray();
            using var optC = Make(kind, c);
            optC.ParamGroups.Single().LearningRate = 1e-5;
            optC.load_state_dict(file);
            Assert.Equal(optB.ParamGroups.Single().LearningRate, optC.ParamGroups.Single().LearningRate);
            for (int i = 0; i < optB.state_dict().State.Count; i++)
                Assert.True(optB.state_dict().State[i].ApproximatelyEquals(optC.state_dict().State[i]), $"{kind}: state {i} after loading");
            for (int i = 0; i < 3; i++) { Step(optA, a); Step(optC, c); }
            for (int i = 0; i < a.Length; i++) Assert.Equal(a[i].data<float>(), c[i].data<float>());
        }
        finally { File.Delete(file); }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Loading_another_optimizers_state_dict_copies_it(string kind)
    {
        TorchSharp.Modules.Parameter[] a = { P(1, 2) }, b = { P(1, 2) };
        using var optA = Make(kind, a);
        using var optB = Make(kind, b);
        Step(optA, a); Step(optA, a);
        Step(optB, b);
        optB.load_state_dict(optA.state_dict());
        using (no_grad()) b[0].copy_(a[0]);
        Step(optA, a); Step(optB, b);
        Assert.Equal(a[0].data<float>(), b[0].data<float>());
        // the copy is independent of the source
        Step(optA, a);
        Assert.False(optA.state_dict().State[0].ApproximatelyEquals(optB.state_dict().State[0]));
    }

    [Fact]
    public void Loading_a_file_of_another_optimizer_or_layout_fails_clearly()
    {
        var file = Path.Combine(Path.GetTempPath(), $"optim-{Guid.NewGuid():N}.dat");
        try
        {
            using var sgd = optim.SGD(new[] { P(1, 2) }, 0.1);
            sgd.save_state_dict(file);
            var e = Assert.Throws<InvalidDataException>(() => optim.Adam(new[] { P(1, 2) }).load_state_dict(file));
            Assert.Contains("'Adam'", e.Message);
            Assert.Contains("'SGD'", e.Message);
            var two = optim.SGD(new[] { P(1, 2) }, 0.1);
            two.add_param_group(new SGD.ParamGroup(new[] { P(3) }));
            Assert.Contains("parameter groups", Assert.Throws<ArgumentException>(() => two.load_state_dict(file)).Message);
            File.WriteAllBytes(file, File.ReadAllBytes(file)[..12]);
            Assert.Throws<InvalidDataException>(() => optim.SGD(new[] { P(1, 2) }, 0.1).load_state_dict(file));
            Assert.Throws<FileNotFoundException>(() => sgd.load_state_dict(file + ".absent"));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void LBFGS_needs_a_closure_and_one_group_and_keeps_its_history_across_scopes()
    {
        var p = P(3, -1);
        LBFGS opt;
        using (NewDisposeScope()) opt = optim.LBFGS(new[] { p }, 1, max_iter: 4, history_size: 2);
        Assert.Throws<ArgumentNullException>(() => opt.step());
        Assert.Throws<NotSupportedException>(() => opt.add_param_group(new ParamGroup<LBFGS.Options>(new[] { P(1) })));
        Tensor Loss()
        {
            opt.zero_grad();
            var l = ((p - 1) * (p - 1)).sum();
            l.backward();
            return l;
        }
        for (int i = 0; i < 3; i++)
            using (NewDisposeScope()) opt.step(Loss);
        Assert.All(p.data<float>(), v => Assert.Equal(1f, v, 5));
        opt.LearningRate = 0.5;
        Assert.Equal((0.5, 1.0), (opt.ParamGroups.Single().LearningRate, opt.InitialLearningRate));
        opt.Dispose();
    }

    [Fact]
    public void Zero_grad_reaches_every_group()
    {
        TorchSharp.Modules.Parameter a = P(1), b = P(2);
        using var opt = optim.SGD(new[] { a }, 0.1);
        opt.add_param_group(new SGD.ParamGroup(new[] { b }));
        using (var scope = NewDisposeScope()) (a * b).sum().backward();
        opt.zero_grad();
        using (var ga = a.grad) using (var gb = b.grad) Assert.Equal((0f, 0f), (ga!.item<float>(), gb!.item<float>()));
        opt.zero_grad(set_to_none: true);
        Assert.Null(b.grad);
    }
}
