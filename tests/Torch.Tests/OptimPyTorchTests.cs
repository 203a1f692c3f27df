using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Torch.Tests.NnTestHelpers;

namespace Torch.Tests;

/// <summary>
/// Every optimizer, with and without its options, run 10 steps on the same quadratic problem in C# and in Debian's
/// PyTorch 1.13 (tests/Torch.Tests/python/optimizers.py): the parameters agree bit for bit after every step.
/// </summary>
public class OptimPyTorchTests : IClassFixture<OptimPyTorchTests.PyTorchRuns>
{
    private const int Steps = 10;
    // Two parameters in the loss, Σ c·(p − t)², and a third without a gradient (skipped by every optimizer).
    private static readonly double[][] Params = { new[] { 1.0, -2.0, 0.5 }, new[] { 0.2, -0.4, 1.1, 0.0 }, new[] { 5.0 } };
    private static readonly long[][] Shapes = { new long[] { 3 }, new long[] { 2, 2 }, new long[] { 1 } };
    private static readonly double[][] Targets = { new[] { 0.3, 0.1, -0.7 }, new[] { -0.5, 0.5, 0.25, 0.75 } };
    private static readonly double[][] Coefs = { new[] { 0.5, 1.5, 2.0 }, new[] { 1.0, 0.25, 3.0, 0.8 } };

    private sealed record Case(string Python, Func<TorchSharp.Modules.Parameter[], optim.Optimizer> Make, bool Float64 = false, bool Closure = false);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["sgd"] = new("""{"optimizer":"SGD","kwargs":{"lr":0.1}}""", ps => optim.SGD(ps, 0.1)),
        ["sgd-momentum-dampening-wd"] = new("""{"optimizer":"SGD","kwargs":{"lr":0.1,"momentum":0.9,"dampening":0.3,"weight_decay":0.01}}""",
            ps => optim.SGD(ps, 0.1, momentum: 0.9, dampening: 0.3, weight_decay: 0.01)),
        ["sgd-nesterov-maximize"] = new("""{"optimizer":"SGD","kwargs":{"lr":0.05,"momentum":0.8,"nesterov":true,"weight_decay":0.1,"maximize":true}}""",
            ps => optim.SGD(ps, 0.05, momentum: 0.8, nesterov: true, weight_decay: 0.1, maximize: true)),
        ["sgd-groups"] = new("""{"optimizer":"SGD","kwargs":{"lr":0.1},"groups":[{"params":[0],"momentum":0.9,"nesterov":true},{"params":[1,2],"lr":0.3,"weight_decay":0.05}]}""",
            ps => optim.SGD(new[] { new SGD.ParamGroup(ps[..1], momentum: 0.9, nesterov: true, lr: 0.1), new SGD.ParamGroup { Parameters = ps[1..], Options = new() { LearningRate = 0.3, weight_decay = 0.05 } } }, 0.1)),
        ["adam"] = new("""{"optimizer":"Adam","kwargs":{"lr":0.05}}""", ps => optim.Adam(ps, 0.05)),
        ["adam-amsgrad-wd-maximize"] = new("""{"optimizer":"Adam","kwargs":{"lr":0.05,"betas":[0.8,0.95],"eps":1e-6,"weight_decay":0.1,"amsgrad":true,"maximize":true}}""",
            ps => optim.Adam(ps, 0.05, 0.8, 0.95, 1e-6, 0.1, amsgrad: true, maximize: true)),
        ["adam-groups"] = new("""{"optimizer":"Adam","kwargs":{"lr":0.01},"groups":[{"params":[0],"betas":[0.5,0.9]},{"params":[1],"lr":0.2,"amsgrad":true}]}""",
            ps => optim.Adam(new Adam.ParamGroup[] { new(ps[..1], beta1: 0.5, beta2: 0.9, lr: 0.01), new() { Parameters = ps[1..2], Options = new() { LearningRate = 0.2, amsgrad = true } } }, 0.01)),
        ["adam-float64"] = new("""{"optimizer":"Adam","dtype":"float64","kwargs":{"lr":0.05,"amsgrad":true}}""", ps => optim.Adam(ps, 0.05, amsgrad: true), Float64: true),
        ["adamw"] = new("""{"optimizer":"AdamW","kwargs":{"lr":0.05,"weight_decay":0}}""", ps => optim.AdamW(ps, 0.05)),
        ["adamw-wd-amsgrad"] = new("""{"optimizer":"AdamW","kwargs":{"lr":0.05,"betas":[0.7,0.99],"weight_decay":0.5,"amsgrad":true}}""",
            ps => optim.AdamW(ps, 0.05, 0.7, 0.99, weight_decay: 0.5, amsgrad: true)),
        ["rmsprop"] = new("""{"optimizer":"RMSprop","kwargs":{"lr":0.01}}""", ps => optim.RMSProp(ps)),
        ["rmsprop-centered-momentum-wd"] = new("""{"optimizer":"RMSprop","kwargs":{"lr":0.02,"alpha":0.9,"eps":1e-6,"weight_decay":0.1,"momentum":0.5,"centered":true,"maximize":true}}""",
            ps => optim.RMSProp(ps, 0.02, 0.9, 1e-6, 0.1, 0.5, centered: true, maximize: true)),
        ["adagrad"] = new("""{"optimizer":"Adagrad","kwargs":{"lr":0.1}}""", ps => optim.Adagrad(ps, 0.1)),
        ["adagrad-decay-init-wd"] = new("""{"optimizer":"Adagrad","kwargs":{"lr":0.2,"lr_decay":0.3,"weight_decay":0.1,"initial_accumulator_value":0.5,"eps":1e-6}}""",
            ps => optim.Adagrad(ps, 0.2, 0.3, 0.1, 0.5, 1e-6)),
        ["rprop"] = new("""{"optimizer":"Rprop","kwargs":{"lr":0.3}}""", ps => optim.Rprop(ps, 0.3)),
        ["rprop-etas-steps-maximize"] = new("""{"optimizer":"Rprop","kwargs":{"lr":0.2,"etas":[0.35,1.5],"step_sizes":[0.01,0.4],"maximize":true}}""",
            ps => optim.Rprop(ps, 0.2, 0.35, 1.5, 0.01, 0.4, maximize: true)),
        ["adadelta"] = new("""{"optimizer":"Adadelta","kwargs":{"lr":1.0}}""", ps => optim.Adadelta(ps)),
        ["adadelta-rho-wd-maximize"] = new("""{"optimizer":"Adadelta","kwargs":{"lr":0.5,"rho":0.75,"eps":1e-4,"weight_decay":0.2,"maximize":true}}""",
            ps => optim.Adadelta(ps, 0.5, 0.75, 1e-4, 0.2, maximize: true)),
        ["adamax"] = new("""{"optimizer":"Adamax","kwargs":{"lr":0.1,"betas":[0.75,0.95],"weight_decay":0.1}}""", ps => optim.Adamax(ps, 0.1, 0.75, 0.95, weight_decay: 0.1)),
        ["nadam"] = new("""{"optimizer":"NAdam","kwargs":{"lr":0.1,"betas":[0.8,0.9],"weight_decay":0.1,"momentum_decay":0.04}}""",
            ps => optim.NAdam(ps, 0.1, 0.8, 0.9, weight_decay: 0.1, momentum_decay: 0.04)),
        ["nadam-float64"] = new("""{"optimizer":"NAdam","dtype":"float64","kwargs":{"lr":0.1}}""", ps => optim.NAdam(ps, 0.1), Float64: true),
        ["asgd-float64"] = new("""{"optimizer":"ASGD","dtype":"float64","kwargs":{"lr":0.1,"lambd":0.01,"alpha":0.5,"t0":2}}""",
            ps => optim.ASGD(ps, 0.1, 0.01, 0.5, 2), Float64: true),
        ["radam"] = new("""{"optimizer":"RAdam","kwargs":{"lr":0.1}}""", ps => optim.RAdam(ps, 0.1)),
        ["radam-betas-wd-float64"] = new("""{"optimizer":"RAdam","dtype":"float64","kwargs":{"lr":0.1,"betas":[0.7,0.8],"weight_decay":0.1}}""",
            ps => optim.RAdam(ps, 0.1, 0.7, 0.8, weight_decay: 0.1), Float64: true),
        ["asgd"] = new("""{"optimizer":"ASGD","kwargs":{"lr":0.1,"lambd":0.01,"alpha":0.5,"t0":2,"weight_decay":0.1,"maximize":true}}""",
            ps => optim.ASGD(ps, 0.1, 0.01, 0.5, 2, 0.1, maximize: true)),
        ["lbfgs"] = new("""{"optimizer":"LBFGS","closure":true,"kwargs":{"lr":0.5,"max_iter":5,"tolerance_grad":1e-5,"history_size":3}}""",
            ps => optim.LBFGS(ps, 0.5, max_iter: 5, history_size: 3), Closure: true),
        ["lbfgs-float64"] = new("""{"optimizer":"LBFGS","closure":true,"dtype":"float64","kwargs":{"lr":1.0,"max_iter":20,"max_eval":12,"tolerance_grad":1e-5}}""",
            ps => optim.LBFGS(ps, 1.0, max_eval: 12), Float64: true, Closure: true),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    /// <summary>Runs every case in PyTorch once (one Python process for the class).</summary>
    public sealed class PyTorchRuns
    {
        public JsonNode Results { get; }

        public PyTorchRuns()
        {
            var config = new JsonObject
            {
                ["steps"] = Steps,
                ["params"] = Nested(Params.Select((v, i) => Shapes[i].Length == 2 ? (object)v.Chunk((int)Shapes[i][1]).ToArray() : v)),
                ["targets"] = Nested(Targets.Select((v, i) => Shapes[i].Length == 2 ? (object)v.Chunk((int)Shapes[i][1]).ToArray() : v)),
                ["coefs"] = Nested(Coefs.Select((v, i) => Shapes[i].Length == 2 ? (object)v.Chunk((int)Shapes[i][1]).ToArray() : v)),
                ["cases"] = new JsonObject(Cases.Select(c => KeyValuePair.Create(c.Key, JsonNode.Parse(c.Value.Python)))),
            };
            Results = JsonNode.Parse(RunPython("optimizers.py", config.ToJsonString()))!;
        }

        private static JsonNode Nested(IEnumerable<object> values) => JsonSerializer.SerializeToNode(values)!;
    }

    private readonly PyTorchRuns _py;

    public OptimPyTorchTests(PyTorchRuns py) => _py = py;

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Trajectory_matches_pytorch_exactly(string name)
    {
        var c = Cases[name];
        var dtype = c.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        var ps = Params.Select((v, i) => new TorchSharp.Modules.Parameter(tensor(v, Shapes[i]).to(dtype))).ToArray();
        var ts = Targets.Select((v, i) => tensor(v, Shapes[i]).to(dtype)).ToArray();
        var cs = Coefs.Select((v, i) => tensor(v, Shapes[i]).to(dtype)).ToArray();
        using var opt = c.Make(ps);
        var expected = _py.Results[name]!.AsArray();
        for (int s = 0; s < Steps; s++)
        {
            using (var scope = NewDisposeScope())
            {
                Tensor Closure()
                {
                    opt.zero_grad();
                    var loss = ts.Select((t, i) => (cs[i] * (ps[i] - t).pow(2)).sum()).Aggregate((a, b) => a + b);
                    loss.backward();
                    return loss;
                }
                if (c.Closure) opt.step(Closure);
                else { Closure(); opt.step(); }
            }
            for (int i = 0; i < ps.Length; i++)
            {
                var want = expected[s]![i]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
                using var flat = ps[i].detach().to(ScalarType.Float64);
                Assert.True(want.SequenceEqual(flat.data<double>()),
                    $"{name}, step {s + 1}, parameter {i}: PyTorch [{string.Join(", ", want)}], C# [{string.Join(", ", flat.data<double>())}]");
            }
        }
        Assert.Equal(Params[2], ps[2].detach().to(ScalarType.Float64).data<double>());
        Assert.False(Params[0].SequenceEqual(ps[0].detach().to(ScalarType.Float64).data<double>()), "the parameters moved");
        foreach (var t in ps.Concat(ts).Concat(cs)) t.Dispose();
    }
}
