using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Torch.Tests;

/// <summary>
/// TorchSharp code compiles and behaves the same against the binding (issue 14's list, one region per item). Each test is
/// written the way TorchSharp users write it; the assertions check libtorch's results, not just that it compiles.
/// </summary>
public class TorchSharpCompatTests
{
    // 1. device_type, device_index, ndim, torch.Device
    [Fact]
    public void Tensor_metadata_as_TorchSharp_names_it()
    {
        torch.Device d = torch.CPU;
        using var t = torch.zeros(2, 3, 4, device: d);
        Assert.Equal(DeviceType.CPU, t.device_type);
        Assert.Equal(-1, t.device_index);
        Assert.Equal(3L, t.ndim);
        Assert.Equal(new long[] { 2, 3, 4 }, t.size());
        Assert.Equal(new long[] { 12, 4, 1 }, t.stride());
        Assert.Equal(new torch.Device("cpu"), t.device);
        Assert.Equal(new long[] { 4, 3, 2 }, t.T.shape);
        Assert.Equal(DeviceType.CUDA, new torch.Device("cuda:1").type);
        Assert.Equal(1, new torch.Device("cuda:1").index);
        Assert.Throws<ArgumentException>(() => new torch.Device("tpu"));
    }

    // 2. factory overloads
    [Fact]
    public void Factories_take_scalar_sizes_and_named_options()
    {
        using var a = torch.ones(5, torch.@bool);
        Assert.Equal(ScalarType.Bool, a.dtype);
        Assert.Equal(new long[] { 5 }, a.shape);
        using var b = torch.randn(4, 1000, device: torch.CPU);
        Assert.Equal(new long[] { 4, 1000 }, b.shape);
        Assert.InRange(b.mean().item<float>(), -0.1f, 0.1f);
        Assert.InRange(b.std().item<float>(), 0.9f, 1.1f);
        using var c = torch.zeros(4, 15, dtype: torch.int32);
        Assert.Equal(ScalarType.Int32, c.dtype);
        using var f = torch.full(4, 4, 3.14f);
        Assert.Equal(new long[] { 4, 4 }, f.shape);
        Assert.All(f.data<float>().ToArray(), v => Assert.Equal(3.14f, v));
        using var r = torch.randint(10, (3, 4));
        Assert.Equal(new long[] { 3, 4 }, r.shape);
        Assert.Equal(ScalarType.Int64, r.dtype);
        Assert.All(r.data<long>().ToArray(), v => Assert.InRange(v, 0, 9));
        using var r2 = torch.randint(100, 10);
        Assert.Equal(new long[] { 10 }, r2.shape);
        using var g = torch.rand(2, 3, requires_grad: true);
        Assert.True(g.requires_grad);
        using var e = torch.empty(new long[] { 2, 2 }, dtype: torch.float64);
        Assert.Equal(ScalarType.Float64, e.dtype);
    }

    [Fact]
    public void Arange_and_tensor_keep_the_CSharp_number_type()
    {
        using var i = torch.arange(3, 19);
        Assert.Equal(ScalarType.Int64, i.dtype);
        Assert.Equal(16L, i.numel());
        using var f = torch.arange(3.0f, 14.0f);
        Assert.Equal(ScalarType.Float32, f.dtype);
        Assert.Equal(11L, f.numel());
        using var s = torch.arange(3.0f, 5.0f, step: 0.1f);
        Assert.Equal(20L, s.numel());
        Assert.Equal(4.9f, s[19].item<float>(), 5);
        using var t1 = torch.tensor(5);
        using var t2 = torch.tensor(5L);
        using var t3 = torch.tensor(0.5f);
        using var t4 = torch.tensor(0.5);
        using var t5 = torch.tensor(true);
        Assert.Equal(new[] { ScalarType.Int32, ScalarType.Int64, ScalarType.Float32, ScalarType.Float64, ScalarType.Bool },
            new[] { t1.dtype, t2.dtype, t3.dtype, t4.dtype, t5.dtype });
        Assert.Equal(0L, t4.ndim);
        using var m = torch.tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(new long[] { 2, 3 }, m.shape);
        Assert.Equal(6f, m[1, 2].item<float>());
        using var d = torch.tensor(new long[] { 1, 2, 3, 4 }, new long[] { 2, 2 }, dtype: torch.float32);
        Assert.Equal(ScalarType.Float32, d.dtype);
        Assert.Throws<ArgumentException>(() => torch.tensor(new float[] { 1, 2, 3 }, new long[] { 2, 2 }));
    }

    // 3. parameter names as TorchSharp's
    [Fact]
    public void Layers_take_TorchSharp_parameter_names()
    {
        using var conv = Conv2d(in_channels: 3, out_channels: 8, kernel_size: 3, stride: 2, padding: 1, dilation: 1, groups: 1, bias: false);
        Assert.Null(conv.bias);
        using var x = torch.randn(2, 3, 16, 16);
        using var y = conv.call(x);
        Assert.Equal(new long[] { 2, 8, 8, 8 }, y.shape);
        using var same = Conv2d(3, 4, kernel_size: 5, padding: Padding.Same);
        using var ys = same.call(x);
        Assert.Equal(new long[] { 2, 4, 16, 16 }, ys.shape);
        using var pool = MaxPool2d(kernel_size: new long[] { 2, 2 });
        using var pooled = pool.call(x);
        Assert.Equal(new long[] { 2, 3, 8, 8 }, pooled.shape);
        using var pool2 = MaxPool2d(kernel_size: (3, 3), stride: (2, 2), padding: (1, 1));
        using var p2 = pool2.call(x);
        Assert.Equal(new long[] { 2, 3, 8, 8 }, p2.shape);
        using var avg = AdaptiveAvgPool2d(new long[] { 2, 2 });
        using var pa = avg.call(x);
        Assert.Equal(new long[] { 2, 3, 2, 2 }, pa.shape);
        using var mean = x.mean(new long[] { 2, 3 }, keepdim: true);
        using var ap = AdaptiveAvgPool2d(1).call(x);
        Assert.True(ap.allclose(mean, 1e-5, 1e-6));
        using var ap2 = AvgPool2d(kernel_size: 2, divisor_override: 1).call(x);
        using var sums = torch.nn.functional.avg_pool2d(x, new long[] { 2, 2 }, new long[] { 2, 2 }, new long[] { 0, 0 }) * 4;
        Assert.True(ap2.allclose(sums, 1e-5, 1e-5));
        using var flat = Flatten(start_dim: 1, end_dim: -1).call(x);
        Assert.Equal(new long[] { 2, 768 }, flat.shape);
    }

    [Fact]
    public void Reflect_padding_mode_pads_with_the_mirrored_border()
    {
        using var conv = Conv2d(1, 1, kernel_size: 3, padding: 1, padding_mode: PaddingModes.Reflect, bias: false);
        using (torch.no_grad()) conv.weight.fill_(1);
        using var x = torch.arange(16, dtype: torch.float32).reshape(1, 1, 4, 4);
        using var y = conv.call(x);
        // top-left output: rows (1,0,1) × cols (1,0,1) of x mirrored at the border
        var expected = new[] { 5, 4, 5, 1, 0, 1, 5, 4, 5 }.Sum();
        Assert.Equal(expected, y[0, 0, 0, 0].item<float>());
    }

    // 5. torch.Generator and torch.random
    [Fact]
    public void Generators_give_reproducible_streams_independent_of_the_global_one()
    {
        using var g1 = new torch.Generator(189);
        using var g2 = new torch.Generator(189);
        using var a = torch.rand(2, 3, generator: g1);
        torch.manual_seed(1);
        using var noise = torch.rand(100);
        using var b = torch.rand(2, 3, generator: g2);
        Assert.True(a.equal(b));
        using var c = torch.rand(2, 3, generator: g1);
        Assert.False(a.equal(c));
        Assert.Equal(189L, g1.initial_seed());

        torch.random.manual_seed(4711);
        using var x1 = torch.rand(10);
        torch.random.manual_seed(4711);
        using var x2 = torch.rand(10);
        Assert.True(x1.equal(x2));

        var gen = torch.random.manual_seed(17);
        using var state = gen.get_state();
        using var y1 = torch.randn(5);
        gen.set_state(state);
        using var y2 = torch.randn(5);
        Assert.True(y1.equal(y2));

        using var g3 = new torch.Generator(5);
        using var p1 = torch.randperm(20, generator: g3);
        g3.manual_seed(5);
        using var p2 = torch.randperm(20, generator: g3);
        Assert.True(p1.equal(p2));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), p1.sort().data<long>().ToArray());
    }

    // 7. value conversions, ToTensor, implicit scalar → Tensor
    [Fact]
    public void Values_convert_both_ways()
    {
        using var t = torch.tensor(42);
        Assert.Equal(42, t.ToInt32());
        Assert.Equal(42L, t.ToInt64());
        Assert.Equal(42.0, t.ToDouble());
        Assert.Equal(42f, t.ToSingle());
        Assert.True(torch.tensor(true).ToBoolean());
        using var arr = new float[] { 1, 2, 3, 4, 5, 6 }.ToTensor(new long[] { 2, 3 });
        Assert.Equal(new long[] { 2, 3 }, arr.shape);
        using var s = 3.5f.ToTensor();
        Assert.Equal(ScalarType.Float32, s.dtype);
        Tensor implicitScalar = 2.0;
        Assert.Equal(ScalarType.Float64, implicitScalar.dtype);
        using var zeros = torch.zeros(2, 2, dtype: torch.int32);
        zeros[0, 1] = 35;
        Assert.Equal(35, zeros[0, 1].item<int>());
        Assert.Equal(0, zeros[1, 1].item<int>());
    }

    // 8. Sequential, Module<T, TResult>, IModule, Loss<,,>
    sealed class Doubler : Module<Tensor, Tensor>
    {
        public Doubler() : base(nameof(Doubler)) { }
        public override Tensor forward(Tensor input) => input * 2;
    }

    sealed class AbsLoss : Loss<Tensor, Tensor, Tensor>
    {
        public AbsLoss() : base(Reduction.Sum) { }
        public override Tensor forward(Tensor input, Tensor target) => (input - target).abs().sum();
    }

    [Fact]
    public void Sequential_and_module_base_classes_as_TorchSharp()
    {
        var seq = Sequential();
        Assert.Equal(0, seq.Count);
        seq.append(Linear(4, 3)).append(ReLU()).append("double", new Doubler());
        Assert.Equal(3, seq.Count);
        Assert.Equal(new[] { "0", "1", "double" }, seq.named_children().Select(c => c.name));
        var tail = seq[1..];
        Assert.Equal(2, tail.Count);
        Assert.Same(seq[2], tail[1]);
        IModule<Tensor, Tensor> m = seq;
        using var x = torch.randn(5, 4);
        using var y = m.call(x);
        using var expected = torch.nn.functional.relu(((Linear)seq[0]).call(x)) * 2;
        Assert.True(y.allclose(expected));
        using var loss = new AbsLoss().call(torch.tensor(new float[] { 1, -2 }), torch.tensor(new float[] { 0, 0 }));
        Assert.Equal(3f, loss.item<float>());
        Assert.Equal(Reduction.Sum, new AbsLoss().reduction);
    }

    // 9. parameters, TorchSharp.Modules.Parameter, settable weight/bias, LogSoftmax, device availability
    [Fact]
    public void Parameters_as_TorchSharp_exposes_them()
    {
        using var lin = Linear(3, 2);
        Assert.True(lin.has_parameter("weight"));
        Assert.False(lin.has_parameter("gamma"));
        Assert.Equal(new[] { "weight", "bias" }, lin.named_parameters().Select(p => p.name));
        var w = torch.nn.Parameter(torch.ones(2, 3));
        lin.weight = w;
        Assert.Same(w, lin.weight);
        Assert.Same(w, lin.parameters().First());
        using var x = torch.ones(1, 3);
        using var y = lin.call(x);
        using var expected = lin.bias!.unsqueeze(0) + 3;
        Assert.True(y.allclose(expected));
        lin.bias = null;
        Assert.Single(lin.parameters());
        var p = torch.zeros(3).AsParameter();
        Assert.True(p.requires_grad);
        using var logits = torch.randn(4, 5);
        using var ls = LogSoftmax(1).call(logits);
        using var sumexp = ls.exp().sum(1);
        Assert.True(sumexp.allclose(torch.ones(4), 1e-5, 1e-6));
        Assert.Equal(torch.cuda.is_available(), torch.cuda_is_available());
        Assert.False(torch.mps_is_available());
    }

    // 10. semantics: Equals, native errors, data<T>() accessor
    [Fact]
    public void Equality_exceptions_and_accessors_behave_as_TorchSharp()
    {
        using var a = torch.tensor(new float[] { 1, 2, 3 });
        using var b = torch.tensor(new float[] { 1, 2, 3 });
        using var c = torch.tensor(new float[] { 1, 2, 4 });
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.True(a.Equals((object)b));
        using var eq = a == c;
        Assert.Equal(new[] { true, true, false }, eq.data<bool>().ToArray());
        using var lt = a < 2.5;
        Assert.Equal(new[] { true, true, false }, lt.data<bool>().ToArray());

        var e = Assert.ThrowsAny<ExternalException>(() => torch.ones(2, 3).matmul(torch.ones(2, 3)));
        Assert.Contains("2x3", e.Message);

        Assert.Equal(a.data<float>(), b.data<float>());
        Assert.True(a.data<float>() == b.data<float>());
        Assert.False(a.data<float>() == c.data<float>());
        using var m = torch.zeros(2, 3);
        var acc = m.data<float>();
        acc[1, 2] = 7;
        acc[0] = 1;
        Assert.Equal(7f, m[1, 2].item<float>());
        Assert.Equal(1f, m[0, 0].item<float>());
        using var tr = torch.arange(6, dtype: torch.float32).reshape(2, 3).t();
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, tr.data<float>().ToArray());
        Assert.Throws<ArgumentException>(() => m.data<double>());   // as TorchSharp: a wrong element type is an argument error
    }

    // 11. Module.to keeps Parameter objects; registration follows declaration order
    sealed class Ordered : Module<Tensor, Tensor>
    {
        private readonly Module<Tensor, Tensor> zeta = Linear(2, 3);
        private readonly Module<Tensor, Tensor> alpha = Linear(3, 4);
        private readonly Module<Tensor, Tensor> mid = Linear(4, 1);
        public Ordered() : base(nameof(Ordered)) { RegisterComponents(); }
        public override Tensor forward(Tensor x) => mid.call(alpha.call(zeta.call(x)));
    }

    [Fact]
    public void Module_to_moves_data_in_place_and_order_is_declaration_order()
    {
        var model = new Ordered();
        Assert.Equal(new[] { "zeta.weight", "zeta.bias", "alpha.weight", "alpha.bias", "mid.weight", "mid.bias" },
            model.named_parameters().Select(p => p.name));
        var before = model.parameters().ToList();
        using var w0 = before[0].detach().clone();
        var opt = torch.optim.SGD(model.parameters(), 0.1);
        model.to(ScalarType.Float64);
        var after = model.parameters().ToList();
        Assert.All(before.Zip(after), pair => Assert.Same(pair.First, pair.Second));
        Assert.All(after, p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.All(after, p => Assert.True(p.requires_grad));
        using var w0d = w0.to(ScalarType.Float64);
        Assert.True(before[0].allclose(w0d));

        // the optimizer created before the conversion still trains the converted parameters
        using var x = torch.randn(8, 2, dtype: torch.float64);
        using var y = model.call(x);
        using var loss = y.pow(2).mean();
        loss.backward();
        using var g = before[0].grad!.clone();
        using var w1 = before[0].detach().clone();
        opt.step();
        using var expected = w1 - g * 0.1;
        Assert.True(before[0].allclose(expected, 1e-12, 1e-12));
    }

    // The dispatcher path used for the operators above: gradients flow, defaults fill in, bad calls say what is wrong.
    [Fact]
    public void Dispatcher_calls_differentiate_and_report_errors()
    {
        using var x = torch.tensor(new double[] { 0.5, 1.5, 2.0 }, requires_grad: true);
        using var y = torch.tensor(new double[] { 0.3, 0.7, 1.1 });
        using var z = x.xlogy(y).sum();
        z.backward();
        var grad = x.grad!.data<double>().ToArray();
        var expected = y.data<double>().ToArray().Select(v => Math.Log(v)).ToArray();   // d/dx x·log y = log y
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], grad[i], 12);
        var parts = torch.arange(10).split(4);
        Assert.Equal(new long[] { 4, 4, 2 }, parts.Select(p => p.numel()));
        using var id = torch.eye(3);
        Assert.Equal(3f, id.sum().item<float>());
        var e = Assert.Throws<TorchException>(() => torch.ones(2, 3).split(new long[] { 1, 1 }, 1));
        Assert.Contains("split", e.Message);
    }

    // TorchVision's Normalize and Compose, as TorchSharp's MNIST example uses them
    [Fact]
    public void Torchvision_normalize_uses_per_channel_statistics()
    {
        var norm = torchvision.transforms.Normalize(new double[] { 0.5, 1.0 }, new double[] { 0.25, 2.0 });
        using var x = torch.ones(1, 2, 2, 2);
        using var y = torchvision.transforms.Compose(norm).call(x);
        Assert.Equal(2f, y[0, 0, 1, 1].item<float>());
        Assert.Equal(0f, y[0, 1, 0, 0].item<float>());
        Assert.Throws<ArgumentException>(() => norm.call(torch.ones(1, 3, 2, 2)));
        Assert.Throws<ArgumentException>(() => torchvision.transforms.Normalize(new double[] { 0 }, new double[] { 1, 2 }));
        using var bytes = torch.full(1, 1, 1, 1, 255, dtype: torch.uint8);
        using var f = torchvision.transforms.ConvertImageDtype(torch.float32).call(bytes);
        Assert.Equal(1f, f.item<float>());
    }

    [Fact]
    public void Is_contiguous_follows_libtorchs_rule()
    {
        using var a = torch.arange(24).reshape(2, 3, 4);
        Assert.True(a.is_contiguous());
        using var t = a.transpose(1, 2);
        Assert.False(t.is_contiguous());
        using var c = t.contiguous();
        Assert.True(c.is_contiguous());
        using var cols = a[.., .., 1..3];
        Assert.False(cols.is_contiguous());            // a gap between rows
        using var rows = a[1..2];
        Assert.True(rows.is_contiguous());             // a size-1 dimension may have any stride
        using var one = torch.ones(3, 1).expand(3, 1);
        Assert.True(one.is_contiguous());
        using var wide = torch.ones(3, 1).expand(3, 4);
        Assert.False(wide.is_contiguous());            // stride 0: elements repeat
        using var empty = torch.ones(0, 5).t();
        Assert.True(empty.is_contiguous());
    }
}
