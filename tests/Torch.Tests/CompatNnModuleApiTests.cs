using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static Torch.Tests.NnTestHelpers;

namespace Torch.Tests;

/// <summary>
/// TorchSharp's module-level API: Sequential slicing, the generic Sequential base classes, ModuleList/ModuleDict,
/// ParameterLessModule, dotted parameter lookup, typed hooks, dtype shorthands, ComponentName, Bilinear and the
/// functional pooling/dropout forms.
/// </summary>
public class CompatNnModuleApiTests
{
    /// <summary>A derived generic Sequential whose forward walks <c>modules()</c>, as TorchSharp's documentation shows.</summary>
    sealed class Chain : Sequential<Tensor, Tensor>
    {
        public Chain(params (string name, Module)[] modules) : base(modules) { }
        public Chain(params Module[] modules) : base(modules) { }

        public override Tensor forward(Tensor x)
        {
            foreach (var m in modules())
                x = m is Module<Tensor, Tensor> f ? f.call(x) : throw new InvalidCastException($"{m.GetType().Name} is not a Module<Tensor, Tensor>");
            return x;
        }

        protected override Sequential<Tensor, Tensor> Slice(int start, int end)
        {
            var result = new Chain(Array.Empty<Module>());
            foreach (var (name, m) in named_children().Skip(start).Take(end - start)) result.Add(name, m);
            return result;
        }
    }

    sealed class NoSlice : Sequential<Tensor, Tensor>
    {
        public NoSlice(params Module[] modules) : base(modules) { }
        public override Tensor forward(Tensor x) => x;
    }

    /// <summary>Linear on the first input, then a Bilinear of that and the second input.</summary>
    sealed class Switch : Sequential<Tensor, Tensor, Tensor>
    {
        public Switch(params (string name, Module)[] modules) : base(modules) { }

        public override Tensor forward(Tensor x, Tensor y)
        {
            foreach (var m in modules())
                x = m switch
                {
                    Bilinear b => b.call(x, y),
                    Module<Tensor, Tensor> f => f.call(x),
                    _ => throw new InvalidCastException(m.GetType().Name),
                };
            return x;
        }
    }

    [Fact]
    public void Sequential_slices_by_tuple_and_range_keeping_modules_and_names()
    {
        using var seq = Sequential(("lin1", Linear(2, 2)), ("relu", ReLU()), ("lin2", Linear(2, 2)), ("tanh", Tanh()));
        var s = seq[(1, 3)];
        Assert.Equal(2, s.Count);
        Assert.Same(seq[1], s[0]);
        Assert.Same(seq[2], s[1]);
        Assert.Equal(new[] { "relu", "lin2" }, s.named_children().Select(c => c.name));
        Assert.Equal(3, seq[(1, null)].Count);
        Assert.Equal(2, seq[(null, 2)].Count);
        Assert.Equal(3, seq[..^1].Count);
        Assert.Same(seq[3], seq[^1..][0]);
        Assert.Equal(0, seq[(3, 1)].Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => seq[(0, 5)]);
        Assert.Throws<ArgumentOutOfRangeException>(() => seq[(-1, 2)]);
    }

    [Fact]
    public void Generic_sequential_lists_descendants_without_itself_and_runs_derived_forward()
    {
        var lin = Linear(3, 2);
        var inner = Sequential(("a", Linear(2, 2)), ("b", ReLU()));
        var chain = new Chain(("lin", lin), ("inner", inner));
        Assert.Equal(new[] { "lin", "inner", "inner.a", "inner.b" }, chain.named_modules().Select(m => m.name));
        Assert.Equal(new[] { "lin.weight", "lin.bias", "inner.a.weight", "inner.a.bias" }, chain.state_dict().Keys);
        Assert.Same(inner, chain[1]);
        Assert.Same(inner, chain[-1]);

        using var x = RandD(1, 4, 3).to(ScalarType.Float32);
        var expected = inner.call(lin.call(x));
        // modules() also yields inner's children: the derived forward applies them again after inner itself.
        var again = inner[1].call(inner[0].call(expected));
        Assert.True(chain.call(x).allclose(again));

        var positional = new Chain(Linear(3, 3), ReLU());
        Assert.Same(positional, positional.append(Linear(3, 1)));
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias" }, positional.named_parameters().Select(p => p.name));
        Assert.Equal(new[] { "1", "2" }, positional[(1, null)].named_modules().Select(m => m.name));

        // append does not check types: the derived forward reports it.
        positional.append(Bilinear(1, 1, 1));
        Assert.Throws<InvalidCastException>(() => positional.call(x));
        Assert.Throws<NotImplementedException>(() => new NoSlice(ReLU(), ReLU())[(0, 1)]);
    }

    [Fact]
    public void Two_input_generic_sequential_matches_its_layers()
    {
        var lin = Linear(4, 4);
        var bl = Bilinear(4, 3, 2);
        var hs = new Switch(("lin", lin), ("bl", bl));
        using var x = torch.randn(5, 4);
        using var y = torch.randn(5, 3);
        using var expected = bl.call(lin.call(x), y);
        using var actual = hs.call(x, y);
        Assert.Equal(new long[] { 5, 2 }, actual.shape);
        Assert.True(expected.allclose(actual, rtol: 0, atol: 0));
        Assert.Equal(4 * 4 + 4 + 2 * 4 * 3 + 2, hs.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Bilinear_computes_x1_A_x2_plus_b_with_correct_gradients()
    {
        var bl = Bilinear(2, 3, 2).to(ScalarType.Float64);
        double[] w = { 1, 2, 0, -1, 0, 3, /* out 1: */ 0.5, 0, 0, 0, 1, -2 };
        using (no_grad())
        {
            bl.weight.copy_(T(w, 2, 2, 3));
            bl.bias!.copy_(T(new double[] { 0.25, -1 }, 2));
        }
        double[] x1 = { 1, -2 }, x2 = { 3, 0.5, -1 };
        using var y = bl.call(T(x1, 1, 2), T(x2, 1, 3));
        var expected = new double[2];
        for (int k = 0; k < 2; k++)
        {
            expected[k] = k == 0 ? 0.25 : -1;
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 3; j++) expected[k] += x1[i] * w[k * 6 + i * 3 + j] * x2[j];
        }
        AssertClose(expected, y.data<double>().ToArray(), 1e-12, "bilinear");

        using var a = RandD(2, 3, 2).requires_grad_(true);
        using var b = RandD(3, 3, 3).requires_grad_(true);
        GradCheck(() => bl.call(a, b).pow(2).sum(), new[] { a, b, bl.weight, bl.bias! });

        Assert.Equal(new long[] { 2, 2, 3 }, bl.weight.shape);
        var bound = 1 / Math.Sqrt(2);
        var fresh = Bilinear(2, 3, 4);
        Assert.All(fresh.weight.data<float>().ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.Null(Bilinear(2, 3, 4, hasBias: false).bias);
        Assert.Throws<ArgumentException>(() => bl.call(T(x1, 1, 2), T(x1, 1, 2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bilinear(0, 3, 4));
    }

    sealed class Owner : Module<Tensor, Tensor>
    {
        private readonly ModuleList<Linear> layers = ModuleList(Linear(2, 3), Linear(3, 1));
        private readonly ModuleDict<Module> named = ModuleDict(("norm", (Module)BatchNorm1d(1)));
        [ComponentName(Name = "renamed")] private readonly Linear inner = Linear(1, 1);
        public Owner() : base(nameof(Owner)) { RegisterComponents(); }
        public ModuleList<Linear> Layers => layers;
        public ModuleDict<Module> Named => named;
        public override Tensor forward(Tensor x) => inner.call(layers[1].call(layers[0].call(x)));
    }

    [Fact]
    public void Module_containers_register_children_and_dotted_lookup_finds_them()
    {
        var m = new Owner();
        Assert.Equal(new[] { "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "named.norm.weight", "named.norm.bias",
            "renamed.weight", "renamed.bias" },
            m.named_parameters().Select(p => p.name));
        Assert.Contains("named.norm.running_mean", m.state_dict().Keys);
        Assert.Same(m.Layers[1].weight, m.get_parameter("layers.1.weight"));
        Assert.True(m.has_parameter("renamed.bias"));
        Assert.False(m.has_parameter("layers.2.weight"));
        Assert.False(m.has_parameter("layers.1.nothing"));
        Assert.Null(m.get_parameter("nothing.weight"));
        Assert.True(m.has_buffer("named.norm.running_var"));
        Assert.Same(m.Named["norm"].get_buffer("running_var"), m.get_buffer("named.norm.running_var"));

        m.Layers.Add(Linear(1, 1));
        m.Layers.RemoveAt(0);
        Assert.Equal(new[] { "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias" },
            m.named_parameters().Select(p => p.name).Take(4));
        Assert.Equal(new long[] { 1, 3 }, m.get_parameter("layers.0.weight")!.shape);
        Assert.Equal(new[] { "norm" }, m.Named.keys());
        Assert.Throws<ArgumentException>(() => m.Named.Add("norm", ReLU()));
        Assert.Throws<KeyNotFoundException>(() => m.Named["missing"]);
        Assert.Equal(2, ModuleList(ReLU(), Linear(1, 1)).named_children().Count());
    }

    sealed class Stateless : ParameterLessModule<Tensor, Tensor>
    {
        public Stateless() : base(nameof(Stateless)) { }
        public override Tensor forward(Tensor x) => x;
    }

    [Fact]
    public void Parameter_less_module_refuses_state()
    {
        var m = new Stateless();
        m.register_module("sub", new Stateless());
        Assert.Equal(new[] { "sub" }, m.named_children().Select(c => c.name));
        Assert.Throws<InvalidOperationException>(() => m.register_module("lin", Linear(1, 1)));
        Assert.Throws<InvalidOperationException>(() => m.register_buffer("b", torch.zeros(1)));
        Assert.Throws<InvalidOperationException>(() => m.register_parameter("p", new Parameter(torch.zeros(1))));
    }

    [Fact]
    public void Typed_hooks_can_replace_input_and_output_and_are_removable()
    {
        var lin = Linear(2, 1, hasBias: false);
        using (no_grad()) lin.weight.copy_(torch.tensor(new float[] { 1, 1 }).reshape(1, 2));
        using var x = torch.tensor(new float[] { 1, 2 });
        var calls = new List<string>();
        var pre = lin.register_forward_pre_hook((Module<Tensor, Tensor> m, Tensor input) => { calls.Add("pre"); return input * 2; });
        var post = lin.register_forward_hook((Module<Tensor, Tensor> m, Tensor input, Tensor output) => { calls.Add("post"); return output + 100; });
        var modPre = lin.register_forward_pre_hook((Module m) => calls.Add("module-pre"));
        var modPost = lin.register_forward_hook((Module m) => calls.Add("module-post"));
        Assert.Equal(106f, lin.call(x).item<float>());           // (1 + 2)·2 + 100
        Assert.Equal(new[] { "module-pre", "pre", "post", "module-post" }, calls);
        Assert.Equal(3f, lin.forward(x).item<float>());          // forward runs no hooks
        pre.remove(); post.remove(); modPre.remove(); modPost.Dispose();
        calls.Clear();
        Assert.Equal(3f, lin.call(x).item<float>());
        Assert.Empty(calls);
        // A hook returning null leaves the value alone.
        using var keep = lin.register_forward_hook((Module<Tensor, Tensor> m, Tensor i, Tensor o) => null!);
        Assert.Equal(3f, lin.call(x).item<float>());
    }

    [Fact]
    public void Dtype_shorthands_and_zero_grad_set_to_none()
    {
        var net = Sequential(Linear(2, 2), BatchNorm1d(2));
        Assert.Same(net, net.@double());
        Assert.All(net.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.Equal(ScalarType.Int64, net.get_buffer("1.num_batches_tracked")!.dtype);
        net.half();
        Assert.All(net.parameters(), p => Assert.Equal(ScalarType.Float16, p.dtype));
        net.@float();
        Assert.All(net.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));

        net.call(torch.ones(3, 2)).sum().backward();
        net.zero_grad(set_to_none: false);
        Assert.All(net.parameters(), p => Assert.Equal(0, p.grad!.abs().sum().item<float>()));
        net.zero_grad(set_to_none: true);
        Assert.All(net.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void Functional_pooling_forms_agree_and_return_argmax_indices()
    {
        using var x = torch.tensor(new float[] { 1, 5, 2, 0, 3, 4, 8, 1, 0, 9, 6, 7, 2, 2, 3, 1 }).reshape(1, 1, 4, 4);
        using var full = functional.max_pool2d(x, new long[] { 2, 2 });
        Assert.Equal(new float[] { 5, 8, 9, 7 }, full.data<float>().ToArray());
        Assert.True(full.equal(functional.max_pool2d(x, 2)));
        Assert.True(full.equal(functional.max_pool2d(x, (2, 2), (2, 2))));
        var (values, indices) = functional.max_pool2d_with_indices(x, new long[] { 2, 2 });
        Assert.True(values.equal(full));
        Assert.Equal(new long[] { 1, 6, 9, 11 }, indices.data<long>().ToArray());
        var (v2, i2) = MaxPool2d(2).forward_with_indices(x);
        Assert.True(v2.equal(full) && i2.equal(indices));

        using var avg = functional.avg_pool2d(x, 2);
        Assert.Equal(new float[] { 3.25f, 2.75f, 3.25f, 4.25f }, avg.data<float>().ToArray());
        Assert.True(avg.equal(functional.avg_pool2d(x, (2, 2))));
        Assert.True(avg.equal(functional.avg_pool2d(x, new long[] { 2, 2 })));
        AssertClose(new[] { 13.0 / 3, 11.0 / 3, 13.0 / 3, 17.0 / 3 }, functional.avg_pool2d(x, 2, divisor_override: 3).to(ScalarType.Float64).data<double>().ToArray(), 1e-6, "divisor_override");
        Assert.Throws<ArgumentOutOfRangeException>(() => functional.avg_pool2d(x, 2, divisor_override: 0));

        // avg_pool2d_backward is the gradient of avg_pool2d.
        using var g = torch.tensor(new float[] { 1, 2, 3, 4 }).reshape(1, 1, 2, 2);
        using var leaf2 = x.clone().requires_grad_(true);
        functional.avg_pool2d(leaf2, 2).backward(g);
        using var manual = functional.avg_pool2d_backward(g, x, new long[] { 2, 2 });
        Assert.True(manual.equal(leaf2.grad!));
        Assert.Equal(new float[] { 0.25f, 0.25f, 0.5f, 0.5f }, manual[0, 0, 0].data<float>().ToArray());
    }

    [Fact]
    public void Conv2d_with_tuple_kernel_and_same_padding_keeps_the_size()
    {
        var conv = Conv2d(2, 3, (3, 5), Padding.Same);
        Assert.Equal(new long[] { 1, 2 }, conv.padding);
        using var x = torch.randn(1, 2, 7, 9);
        using var y = conv.call(x);
        Assert.Equal(new long[] { 1, 3, 7, 9 }, y.shape);
        using var explicitPad = functional.conv2d(x, conv.weight, conv.bias, padding: new long[] { 1, 2 });
        Assert.True(y.allclose(explicitPad));
        Assert.Equal(new long[] { 0, 0 }, Conv2d(2, 3, (3, 5), Padding.Valid).padding);
        Assert.Throws<ArgumentException>(() => Conv2d(2, 3, (3, 5), Padding.Same, stride: (2, 1)));
    }

    [Fact]
    public void Dropout2d_in_place_zeroes_or_scales_whole_channels_of_the_input()
    {
        using var data = torch.rand(8, 6, 4, 4) + 1;
        using var before = data.clone();
        var output = Dropout2d(0.5, inplace: true).call(data);
        Assert.Same(data, output);
        var scaled = before * 2;
        for (int n = 0; n < 8; n++)
            for (int c = 0; c < 6; c++)
            {
                var ch = data[n, c];
                Assert.True(ch.abs().sum().item<float>() == 0 || ch.allclose(scaled[n, c]), $"channel ({n}, {c}) neither dropped nor scaled by 2");
            }
        using var other = torch.rand(4, 3, 2, 2);
        using var copy = functional.dropout2d(other, 0.75, true, false);
        Assert.NotSame(other, copy);
        var evalNet = Dropout2d(0.5, inplace: true).eval();
        Assert.True(evalNet.call(other).equal(other));
    }

    [Fact]
    public void LocalResponseNorm_rejects_input_without_channels()
    {
        var lrn = LocalResponseNorm(2);
        var ex = Assert.Throws<ArgumentException>(() => lrn.call(torch.ones(2, 2)));
        Assert.Contains("[2, 2]", ex.Message);
    }
    [Fact]
    public void Fused_linear_and_conv_match_layer_then_batch_norm_in_eval()
    {
        var lin = Linear(4, 3).to(ScalarType.Float64);
        var bn = BatchNorm1d(3).to(ScalarType.Float64);
        using (no_grad())
        {
            bn.running_mean!.copy_(T(new double[] { 0.5, -1, 2 }, 3));
            bn.running_var!.copy_(T(new double[] { 4, 0.25, 1 }, 3));
            bn.weight!.copy_(T(new double[] { 2, -1, 0.5 }, 3));
            bn.bias!.copy_(T(new double[] { 0, 1, -3 }, 3));
        }
        Assert.Throws<InvalidOperationException>(() => torch.nn.utils.fuse_linear_bn_eval(lin, bn));
        lin.eval(); bn.eval();
        using var x = RandD(4, 5, 4);
        var fused = torch.nn.utils.fuse_linear_bn_eval(lin, bn);
        AssertClose(bn.call(lin.call(x)).data<double>().ToArray(), fused.call(x).data<double>().ToArray(), 1e-12, "fused linear");

        var conv = Conv2d(2, 3, 3, padding: 1).to(ScalarType.Float64);
        var bn2 = BatchNorm2d(3).to(ScalarType.Float64);
        using (no_grad()) { bn2.running_mean!.copy_(T(new double[] { 1, 2, 3 }, 3)); bn2.running_var!.copy_(T(new double[] { 2, 3, 4 }, 3)); }
        conv.eval(); bn2.eval();
        using var img = RandD(5, 1, 2, 5, 5);
        var fusedConv = torch.nn.utils.fuse_conv_bn_eval(conv, bn2);
        AssertClose(bn2.call(conv.call(img)).data<double>().ToArray(), fusedConv.call(img).data<double>().ToArray(), 1e-12, "fused conv");
    }

    [Fact]
    public void Gradient_clipping_and_parameter_vectors_follow_pytorch()
    {
        var a = new Parameter(torch.zeros(2, dtype: ScalarType.Float64));
        var b = new Parameter(torch.zeros(1, dtype: ScalarType.Float64));
        a.grad = T(new double[] { 3, 0 }, 2);
        b.grad = T(new double[] { -4 }, 1);
        Assert.Equal(5, torch.nn.utils.clip_grad_norm_(new[] { a, b }, 1.0), 12);
        AssertClose(new[] { 3 / (5 + 1e-6), 0, -4 / (5 + 1e-6) }, a.grad!.data<double>().Concat(b.grad!.data<double>()).ToArray(), 1e-12, "clipped");
        a.grad = T(new double[] { 3, 0 }, 2);
        b.grad = T(new double[] { -4 }, 1);
        Assert.Equal(4, torch.nn.utils.clip_grad_norm_(new[] { a, b }, 10.0, double.PositiveInfinity), 12);
        Assert.Equal(new double[] { 3, 0 }, a.grad!.data<double>().ToArray());   // below max_norm: unchanged
        Assert.Equal(7, torch.nn.utils.clip_grad_norm_(new[] { a, b }, 10.0, 1.0), 12);
        torch.nn.utils.clip_grad_value_(new[] { a, b }, 2);
        Assert.Equal(new double[] { 2, 0, -2 }, a.grad!.data<double>().Concat(b.grad!.data<double>()).ToArray());

        var lin = Linear(2, 2);
        using var vec = torch.nn.utils.parameters_to_vector(lin.parameters());
        Assert.Equal(new long[] { 6 }, vec.shape);
        Assert.Equal(lin.weight.data<float>().Concat(lin.bias!.data<float>()), vec.data<float>().ToArray());
        torch.nn.utils.vector_to_parameters(torch.arange(6, dtype: ScalarType.Float32), lin.parameters());
        Assert.Equal(new float[] { 0, 1, 2, 3 }, lin.weight.data<float>().ToArray());
        Assert.Equal(new float[] { 4, 5 }, lin.bias!.data<float>().ToArray());
        Assert.Throws<ArgumentException>(() => torch.nn.utils.vector_to_parameters(torch.zeros(5), lin.parameters()));
    }

    [Fact]
    public void Conv1d_matches_a_hand_computed_correlation()
    {
        var conv = Conv1d(1, 1, 3, padding: 1, bias: false).to(ScalarType.Float64);
        using (no_grad()) conv.weight.copy_(T(new double[] { 1, 2, -1 }, 1, 1, 3));
        using var y = conv.call(T(new double[] { 1, 2, 3, 4 }, 1, 1, 4));
        // y[i] = x[i-1]·1 + x[i]·2 + x[i+1]·(−1), zero outside.
        Assert.Equal(new double[] { 0, 2, 4, 11 }, y.data<double>().ToArray());
        Assert.Equal(new long[] { 2, 8, 10 }, Conv1d(3, 8, 5, Padding.Same).call(torch.randn(2, 3, 10)).shape);
        Assert.Equal(new long[] { 2, 8, 3 }, Conv1d(3, 8, 3, stride: 2, bias: false).call(torch.randn(2, 3, 8)).shape);
        var reflect = Conv1d(1, 1, 3, padding: 1, padding_mode: PaddingModes.Reflect, bias: false).to(ScalarType.Float64);
        using (no_grad()) reflect.weight.copy_(T(new double[] { 1, 0, 0 }, 1, 1, 3));
        Assert.Equal(new double[] { 2, 1, 2, 3 }, reflect.call(T(new double[] { 1, 2, 3, 4 }, 1, 1, 4)).data<double>().ToArray());
        Assert.Throws<ArgumentException>(() => conv.call(T(new double[] { 1, 2, 3, 4 }, 1, 2, 2)));
    }

    [Fact]
    public void Autograd_backward_accumulates_over_several_roots()
    {
        using var x = torch.tensor(new double[] { 1.5 }).requires_grad_(true);
        using var w = torch.tensor(new double[] { -2 }).requires_grad_(true);
        using var shared = x * w;
        using var y1 = shared.pow(2);
        using var y2 = shared * 3;
        torch.autograd.backward(new[] { y1, y2 }, new[] { torch.ones_like(y1), torch.full(1, 2.0, dtype: ScalarType.Float64) });
        // d/dx [ (xw)² + 2·3xw ] = 2xw² + 6w
        Assert.Equal(2 * 1.5 * 4 + 6 * -2, x.grad!.item<double>(), 12);
        Assert.Equal(2 * 1.5 * 1.5 * -2 + 6 * 1.5, w.grad!.item<double>(), 12);

        using var z = x.pow(3);
        x.grad = null;
        z.backward(new[] { torch.ones_like(z) });
        Assert.Equal(3 * 1.5 * 1.5, x.grad!.item<double>(), 12);
        // z's graph was freed by its backward
        Assert.Contains("second time", Assert.Throws<TorchException>(() => torch.autograd.backward(z)).Message);
        // create_graph: the gradient is itself differentiable (d²/dx² x³ = 6x)
        using var u = x.pow(3);
        using var g = torch.autograd.grad(new[] { u }, new[] { x }, create_graph: true)[0];
        Assert.Equal(3 * 1.5 * 1.5, g.item<double>(), 12);
        x.grad = null;
        torch.autograd.backward(g);
        Assert.Equal(6 * 1.5, x.grad!.item<double>(), 12);
    }
}
