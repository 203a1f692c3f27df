using System.Text.Json.Nodes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;
using static Torch.Tests.NnTestHelpers;

namespace Torch.Tests;

/// <summary>
/// Every scheduler, on optimizers with two parameter groups, against Debian's PyTorch 1.13
/// (tests/Torch.Tests/python/lr_schedulers.py): each group's learning rate (and momentum or beta1 where the scheduler
/// cycles it) after construction and after each of 14 epochs.
/// </summary>
public class LRSchedulerPyTorchTests : IClassFixture<LRSchedulerPyTorchTests.PyTorchRuns>
{
    private const int Epochs = 14;
    private static readonly double[] Metrics = { 10, 9, 9.5, 9.6, 9.7, 8, 8.1, 8.2, 8.3, 8.4, 8.5, 1, 1, 1 };
    private static readonly double[] Lrs = { 0.1, 0.02 };

    private sealed record Case(string Python, Func<optim.Optimizer, LRScheduler> Make, bool Adam = false, double Momentum = 0);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["step"] = new("""{"name":"StepLR","args":{"step_size":3,"gamma":0.5}}""", o => StepLR(o, 3, 0.5)),
        ["multistep"] = new("""{"name":"MultiStepLR","args":{"milestones":[2,5,5,9],"gamma":0.3}}""", o => MultiStepLR(o, new[] { 2, 5, 5, 9 }, 0.3)),
        ["exponential"] = new("""{"name":"ExponentialLR","args":{"gamma":0.9}}""", o => ExponentialLR(o, 0.9)),
        ["cosine"] = new("""{"name":"CosineAnnealingLR","args":{"T_max":4,"eta_min":0.01}}""", o => CosineAnnealingLR(o, 4, 0.01)),
        ["lambda"] = new("""{"name":"LambdaLR","lambda":"inverse"}""", o => LambdaLR(o, e => 1.0 / (e + 1))),
        ["multiplicative"] = new("""{"name":"MultiplicativeLR","lambda":"constant9"}""", o => MultiplicativeLR(o, e => 0.9)),
        ["linear"] = new("""{"name":"LinearLR","args":{"start_factor":0.25,"end_factor":0.9,"total_iters":4}}""", o => LinearLR(o, 0.25, 0.9, 4)),
        ["constant"] = new("""{"name":"ConstantLR","args":{"factor":0.5,"total_iters":3}}""", o => ConstantLR(o, 0.5, 3)),
        ["polynomial"] = new("""{"name":"PolynomialLR","args":{"total_iters":6,"power":2.0}}""", o => PolynomialLR(o, 6, 2.0)),
        ["sequential"] = new("""{"name":"SequentialLR","args":{"milestones":[3,7]},"schedulers":[{"name":"LinearLR","args":{"start_factor":0.5,"total_iters":3}},{"name":"ExponentialLR","args":{"gamma":0.8}},{"name":"StepLR","args":{"step_size":2,"gamma":0.5}}]}""",
            o => SequentialLR(o, new[] { LinearLR(o, 0.5, total_iters: 3), ExponentialLR(o, 0.8), StepLR(o, 2, 0.5) }, new[] { 3, 7 })),
        ["chained"] = new("""{"name":"ChainedScheduler","schedulers":[{"name":"ConstantLR","args":{"factor":0.5,"total_iters":2}},{"name":"ExponentialLR","args":{"gamma":0.9}}]}""",
            o => ChainedLR(new[] { ConstantLR(o, 0.5, 2), ExponentialLR(o, 0.9) })),
        ["plateau"] = new("""{"name":"ReduceLROnPlateau","args":{"factor":0.5,"patience":2,"cooldown":1,"threshold":0.05,"min_lr":[0.01,0.004]}}""",
            o => ReduceLROnPlateau(o, factor: 0.5, patience: 2, cooldown: 1, threshold: 0.05, min_lr: new[] { 0.01, 0.004 })),
        ["plateau-max-abs"] = new("""{"name":"ReduceLROnPlateau","args":{"mode":"max","threshold_mode":"abs","threshold":0.5,"patience":1}}""",
            o => ReduceLROnPlateau(o, "max", threshold_mode: "abs", threshold: 0.5, patience: 1)),
        ["onecycle-sgd"] = new("""{"name":"OneCycleLR","args":{"max_lr":[0.5,0.2],"total_steps":14}}""",
            o => OneCycleLR(o, new[] { 0.5, 0.2 }, total_steps: 14), Momentum: 0.9),
        ["onecycle-adam-three-phase-linear"] = new("""{"name":"OneCycleLR","args":{"max_lr":0.3,"epochs":2,"steps_per_epoch":7,"three_phase":true,"anneal_strategy":"linear","pct_start":0.4}}""",
            o => OneCycleLR(o, 0.3, epochs: 2, steps_per_epoch: 7, three_phase: true, anneal_strategy: impl.OneCycleLR.AnnealStrategy.Linear, pct_start: 0.4), Adam: true),
        ["cyclic-triangular2"] = new("""{"name":"CyclicLR","args":{"base_lr":0.01,"max_lr":0.1,"step_size_up":3,"mode":"triangular2"}}""",
            o => CyclicLR(o, 0.01, 0.1, step_size_up: 3, mode: impl.CyclicLR.Mode.Triangular2), Momentum: 0.9),
        ["cyclic-exp-range"] = new("""{"name":"CyclicLR","args":{"base_lr":[0.01,0.02],"max_lr":[0.1,0.05],"step_size_up":2,"step_size_down":4,"mode":"exp_range","gamma":0.9,"cycle_momentum":false}}""",
            o => CyclicLR(o, new[] { 0.01, 0.02 }, new[] { 0.1, 0.05 }, 2, 4, impl.CyclicLR.Mode.ExpRange, 0.9, cycle_momentum: false)),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    /// <summary>Runs every case in PyTorch once (one Python process for the class).</summary>
    public sealed class PyTorchRuns
    {
        public JsonNode Results { get; }

        public PyTorchRuns()
        {
            var cases = new JsonObject();
            foreach (var (name, c) in Cases)
                cases[name] = new JsonObject
                {
                    ["optimizer"] = c.Adam ? "Adam" : "SGD",
                    ["kwargs"] = c.Adam ? new JsonObject() : new JsonObject { ["lr"] = 1.0, ["momentum"] = c.Momentum },
                    ["lrs"] = new JsonArray(Lrs.Select(l => (JsonNode)l).ToArray()),
                    ["scheduler"] = JsonNode.Parse(c.Python),
                };
            var config = new JsonObject { ["epochs"] = Epochs, ["metrics"] = new JsonArray(Metrics.Select(m => (JsonNode)m).ToArray()), ["cases"] = cases };
            Results = JsonNode.Parse(RunPython("lr_schedulers.py", config.ToJsonString()))!;
        }
    }

    private readonly PyTorchRuns _py;

    public LRSchedulerPyTorchTests(PyTorchRuns py) => _py = py;

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Schedule_matches_pytorch(string name)
    {
        var c = Cases[name];
        var ps = Lrs.Select(_ => new TorchSharp.Modules.Parameter(zeros(1))).ToArray();
        using optim.Optimizer opt = c.Adam
            ? optim.Adam(Lrs.Select((lr, i) => new Adam.ParamGroup(new[] { ps[i] }, lr: lr)))
            : optim.SGD(Lrs.Select((lr, i) => new SGD.ParamGroup(new[] { ps[i] }, lr: lr, momentum: c.Momentum)), 1.0, c.Momentum);
        var sched = c.Make(opt);
        var py = _py.Results[name]!;
        bool plateau = name.StartsWith("plateau");
        for (int e = 0; e <= Epochs; e++)
        {
            if (e > 0)
            {
                opt.step();
                if (plateau) sched.step(Metrics[e - 1]); else sched.step();
            }
            var groups = opt.ParamGroups.ToArray();
            AssertClose(Doubles(py["lr"]![e]!), groups.Select(g => g.LearningRate).ToArray(), 1e-15, $"{name}: learning rates after epoch {e}");
            AssertClose(Doubles(py["lr"]![e]!), sched.get_last_lr().ToArray(), 1e-15, $"{name}: get_last_lr() after epoch {e}");
            var momenta = groups.Select(g => g is optim.IBetas b ? b.Betas.Item1 : ((optim.IMomentum)g).Momentum).ToArray();
            AssertClose(Doubles(py["momentum"]![e]!), momenta, 1e-15, $"{name}: momentum after epoch {e}");
        }
        foreach (var p in ps) p.Dispose();
    }

    private static double[] Doubles(JsonNode node) => node.AsArray().Select(v => v!.GetValue<double>()).ToArray();
}
