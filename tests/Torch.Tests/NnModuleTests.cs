using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Torch.Tests.NnTestHelpers;

namespace Torch.Tests;

/// <summary>Module mechanics: registration, naming, modes, hooks, state dictionaries, device/dtype moves.</summary>
public class NnModuleTests
{
    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential features;
        private readonly Linear head;
        private readonly TorchSharp.Modules.Parameter scale;
        private readonly Tensor counter;
#pragma warning disable CS0414   // a null module field: RegisterComponents must skip it
        private readonly Linear? unused = null;
#pragma warning restore CS0414

        public Net() : base("Net")
        {
            features = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.Flatten());
            head = nn.Linear(8, 3);
            scale = new TorchSharp.Modules.Parameter(ones(1));
            counter = zeros(1);
            RegisterComponents();
        }

        public Linear Head => head;
        public Tensor Counter => counter;
        public override Tensor forward(Tensor x) => head.call(features.call(x)) * scale;
    }

    [Fact]
    public void RegisterComponents_names_fields_and_nested_parameters()
    {
        using var net = new Net();
        Assert.Equal(new[] { "features", "head" }, net.named_children().Select(c => c.Item1));
        Assert.Equal(new[] { "scale", "features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias", "head.weight", "head.bias" },
            net.named_parameters().Select(p => p.Item1));
        Assert.Equal(new[] { "counter", "features.1.running_mean", "features.1.running_var", "features.1.num_batches_tracked" },
            net.named_buffers().Select(b => b.Item1));
        Assert.Equal(new[] { "", "features", "features.0", "features.1", "features.2", "features.3", "head" },
            net.named_modules().Select(m => m.Item1));
        Assert.Equal(new[] { "Net", "Sequential", "Conv2d", "BatchNorm2d", "ReLU", "Flatten", "Linear" },
            net.modules().Select(m => m.GetName()));
        var keys = net.state_dict().Keys.ToArray();
        Assert.Equal(new[] { "scale", "counter", "features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias",
            "features.1.running_mean", "features.1.running_var", "features.1.num_batches_tracked", "head.weight", "head.bias" }, keys);
        Assert.All(net.parameters(), p => Assert.True(p.requires_grad));
        Assert.Equal(20 + 4 + 27 + 1, net.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Sequential_indexing_enumeration_and_names()
    {
        var relu = nn.ReLU();
        using var seq = nn.Sequential(("conv", nn.Conv2d(1, 1, 1)), ("act", relu));
        Assert.Equal(2, seq.Count);
        Assert.Same(relu, seq[1]);
        Assert.Same(relu, seq[-1]);
        Assert.Equal(new[] { "conv", "act" }, seq.named_children().Select(c => c.Item1));
        Assert.Equal(2, seq.Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => seq[2]);
        // A repeated name is kept, as in TorchSharp; only state_dict, whose keys would collide, refuses it.
        using var twice = nn.Sequential(("a", nn.Linear(1, 1)), ("a", nn.Linear(1, 1)));
        Assert.Equal(2, twice.Count);
        Assert.Equal(new[] { "a.weight", "a.bias", "a.weight", "a.bias" }, twice.named_parameters().Select(p => p.name));
        Assert.Throws<InvalidOperationException>(() => twice.state_dict());
        Assert.Throws<ArgumentException>(() => nn.Sequential(("a.b", nn.ReLU())));
    }

    [Fact]
    public void Train_and_eval_propagate()
    {
        using var net = new Net();
        Assert.True(net.training);
        Net chained = net.eval();
        Assert.Same(net, chained);
        Assert.All(net.modules(), m => Assert.False(m.training));
        net.train();
        Assert.All(net.modules(), m => Assert.True(m.training));
    }

    [Fact]
    public void Forward_hooks_see_outputs_and_are_removed_by_dispose()
    {
        using var net = new Net();
        using var x = randn(2, 1, 4, 4);
        var seen = new List<(string, long[])>();
        var handle = net.Head.register_forward_hook((m, i, o) => seen.Add((m.GetName(), o.shape)));
        var global = new List<string>();
        using (nn.Module.register_global_forward_hook((m, i, o) => global.Add(m.GetName())))
        using (var scope = NewDisposeScope()) net.call(x);
        Assert.Equal(new[] { ("Linear", new long[] { 2, 3 }) }, seen);
        Assert.Equal(new[] { "Conv2d", "BatchNorm2d", "ReLU", "Flatten", "Sequential", "Linear", "Net" }, global);
        handle.Dispose();
        using (var scope = NewDisposeScope()) net.call(x);
        Assert.Single(seen);
        Assert.Equal(7, global.Count);
    }

    [Fact]
    public void Zero_grad_zeroes_all_gradients()
    {
        using var net = new Net();
        using (var scope = NewDisposeScope()) net.call(randn(2, 1, 4, 4)).sum().backward();
        Assert.Contains(net.parameters(), p => { using var g = p.grad; return g!.abs().sum().item<float>() > 0; });
        net.zero_grad();
        Assert.All(net.parameters(), p => { using var g = p.grad; Assert.Equal(0f, g!.abs().sum().item<float>()); });
    }

    [Fact]
    public void To_float64_converts_parameters_and_updates_fields()
    {
        using var net = new Net();
        using var before = net.Head.weight.clone();
        Net same = net.to(ScalarType.Float64); // the chainable extension keeps the static type
        Assert.Same(net, same);
        Assert.All(net.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.Equal(ScalarType.Int64, net.state_dict()["features.1.num_batches_tracked"].dtype);
        Assert.Equal(ScalarType.Float64, net.Counter.dtype);
        Assert.Same(net.state_dict()["counter"], net.Counter);
        AssertClose(before.data<float>().Select(v => (double)v).ToArray(), net.Head.weight.data<double>(), 0);
        using var y = net.call(randn(new long[] { 1, 1, 4, 4 }, ScalarType.Float64));
        Assert.Equal(ScalarType.Float64, y.dtype);
        Assert.True(net.Head.weight.requires_grad);
        using var opt = optim.SGD(net.parameters(), 0.1);
        using (var scope = NewDisposeScope()) net.call(randn(new long[] { 2, 1, 4, 4 }, ScalarType.Float64)).sum().backward();
        opt.step();
        Assert.Throws<ArgumentException>(() => net.to(ScalarType.Int64));
    }

    [Fact]
    public void Load_state_dict_copies_and_reports_mismatches()
    {
        using var a = new Net();
        using var b = new Net();
        b.load_state_dict(a.state_dict());
        foreach (var ((na, ta), (nb, tb)) in a.state_dict().Zip(b.state_dict())) { Assert.Equal(na, nb); Assert.True(ta.equal(tb), na); }

        using var lin = nn.Linear(8, 4);
        var wrong = new Dictionary<string, Tensor>(a.state_dict()) { ["head.weight"] = lin.weight };
        var e = Assert.Throws<ArgumentException>(() => b.load_state_dict(wrong));
        Assert.Contains("head.weight", e.Message);
        Assert.Contains("[3, 8]", e.Message);
        Assert.Contains("[4, 8]", e.Message);

        var missing = new Dictionary<string, Tensor>(a.state_dict());
        missing.Remove("scale");
        missing["extra"] = lin.weight;
        e = Assert.Throws<ArgumentException>(() => b.load_state_dict(missing));
        Assert.Contains("missing keys [scale]", e.Message);
        Assert.Contains("unexpected keys [extra]", e.Message);
        var (m, u) = b.load_state_dict(missing, strict: false);
        Assert.Equal(new[] { "scale" }, m);
        Assert.Equal(new[] { "extra" }, u);
    }
}
