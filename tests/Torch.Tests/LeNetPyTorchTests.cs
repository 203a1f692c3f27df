using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Torch.Tests.NnTestHelpers;

namespace Torch.Tests;

/// <summary>
/// d2l's LeNet trained a few steps from the same weights and batch in C# and in Debian's PyTorch 1.13
/// (tests/Torch.Tests/python/lenet_sgd.py): losses and final parameters agree within 1e-5.
/// </summary>
public class LeNetPyTorchTests
{
    internal static Sequential LeNet() => nn.Sequential(
        nn.Conv2d(1, 6, 5, padding: 2), nn.Sigmoid(),
        nn.AvgPool2d(2, 2),
        nn.Conv2d(6, 16, 5), nn.Sigmoid(),
        nn.AvgPool2d(2, 2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
        nn.Linear(120, 84), nn.Sigmoid(),
        nn.Linear(84, 10));

    private static void CompareWithPyTorch(string configJson, Func<Sequential, optim.Optimizer> makeOptimizer, int steps)
    {
        manual_seed(7);
        using var net = LeNet();
        using var x = randn(8, 1, 28, 28);
        using var y = randint(0, 10, new long[] { 8 });
        var dir = Directory.CreateTempSubdirectory("lenet-pt-");
        try
        {
            var input = Path.Combine(dir.FullName, "in.ctsd");
            var output = Path.Combine(dir.FullName, "out.ctsd");
            StateFile.Write(input, net.state_dict().Append(new("input", x)).Append(new("target", y)));
            RunPython("lenet_sgd.py", input, output, configJson);

            using var opt = makeOptimizer(net);
            using var lossFn = nn.CrossEntropyLoss();
            var losses = new List<double>();
            for (int s = 0; s < steps; s++)
            {
                using var scope = NewDisposeScope();
                opt.zero_grad();
                var loss = lossFn.call(net.call(x), y);
                loss.backward();
                opt.step();
                losses.Add(loss.item<float>());
            }

            var py = StateFile.Read(output);
            try
            {
                AssertClose(py["losses"].data<double>(), losses.ToArray(), 1e-5, "loss");
                foreach (var (name, p) in net.state_dict())
                    AssertClose(py[name].data<float>().Select(v => (double)v).ToArray(), p.data<float>().Select(v => (double)v).ToArray(), 1e-5, name);
                // the parameters really moved
                Assert.NotEqual(losses[0], losses[^1]);
            }
            finally { foreach (var t in py.Values) t.Dispose(); }
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Sgd_three_steps_match_pytorch() =>
        CompareWithPyTorch("""{"optimizer":"sgd","lr":0.9,"steps":3}""", n => optim.SGD(n.parameters(), 0.9), 3);

    [Fact]
    public void Sgd_nesterov_weight_decay_matches_pytorch() =>
        CompareWithPyTorch("""{"optimizer":"sgd","lr":0.1,"steps":4,"momentum":0.9,"weight_decay":0.01,"nesterov":true}""",
            n => optim.SGD(n.parameters(), 0.1, momentum: 0.9, weight_decay: 0.01, nesterov: true), 4);

    [Fact]
    public void Sgd_momentum_dampening_matches_pytorch() =>
        CompareWithPyTorch("""{"optimizer":"sgd","lr":0.2,"steps":4,"momentum":0.8,"dampening":0.25}""",
            n => optim.SGD(n.parameters(), 0.2, momentum: 0.8, dampening: 0.25), 4);

    [Fact]
    public void Adam_matches_pytorch() =>
        CompareWithPyTorch("""{"optimizer":"adam","lr":0.01,"steps":4,"betas":[0.85,0.99],"eps":1e-7,"weight_decay":0.001}""",
            n => optim.Adam(n.parameters(), 0.01, 0.85, 0.99, 1e-7, 0.001), 4);

    [Fact]
    public void Lr_schedules_match_pytorch()
    {
        var json = RunPython("lr_schedules.py", """{"lr":0.1,"epochs":25,"step_size":4,"gamma":0.3,"T_max":7,"eta_min":0.002}""");
        using var doc = JsonDocument.Parse(json);
        double[] Seq(string k) => doc.RootElement.GetProperty(k).EnumerateArray().Select(e => e.GetDouble()).ToArray();

        using var p = new TorchSharp.Modules.Parameter(zeros(1));
        using var o1 = optim.SGD(new[] { p }, 0.1);
        var step = optim.lr_scheduler.StepLR(o1, 4, 0.3);
        using var o2 = optim.SGD(new[] { p }, 0.1);
        var cos = optim.lr_scheduler.CosineAnnealingLR(o2, 7, 0.002);
        var s = new List<double>(); var c = new List<double>();
        for (int e = 0; e < 25; e++) { step.step(); s.Add(step.get_last_lr()[0]); cos.step(); c.Add(cos.get_last_lr()[0]); }
        AssertClose(Seq("step"), s.ToArray(), 1e-15, "StepLR");
        AssertClose(Seq("cosine"), c.ToArray(), 1e-15, "CosineAnnealingLR");
    }
}
