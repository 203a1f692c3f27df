using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Torch.Tests;

/// <summary>TorchSharp's tensor-level overloads: reductions with dtype/unbiased, in-place ops, casts, torch.autograd,
/// inference mode, default dtype/device; numbers against PyTorch's (values computed by hand or with PyTorch 1.13).</summary>
public class CompatTensorApiTests
{
    static Tensor M() => tensor(new float[] { 1, 2, 3, 4, 6, 8 }, new long[] { 2, 3 });

    [Fact]
    public void Std_and_var_follow_TorchSharps_overloads()
    {
        using var x = M();
        Assert.Equal(new float[] { 1, 2 }, x.std(1).data<float>().ToArray());                      // unbiased: n − 1
        Assert.Equal(0.8165f, x.std(1, unbiased: false)[0].item<float>(), 4);                       // divides by n
        Assert.Equal(6.8f, x.var().item<float>(), 5);
        Assert.Equal(new long[] { 2, 1 }, torch.std(x, 1, keepdim: true).shape);
        Assert.Equal(new long[] { 1, 1 }, x.var((0, 1), keepdim: true).shape);
        Assert.Equal(ScalarType.Float64, x.std(new long[] { 0 }, type: ScalarType.Float64).dtype);
        Assert.Equal(Math.Sqrt(2.0 / 3.0), tensor(new double[] { 0, 1, 2 }).std(false).item<double>(), 10);

        var (v, mean) = torch.var_mean(x, 1, keepdim: true);
        Assert.Equal(new float[] { 1, 4 }, v.data<float>().ToArray());
        Assert.Equal(new float[] { 2, 6 }, mean.data<float>().ToArray());
        Assert.Equal(new long[] { 2, 1 }, mean.shape);
        var (s, m2) = x.std_mean();
        Assert.Equal(Math.Sqrt(6.8), s.item<float>(), 5);
        Assert.Equal(4f, m2.item<float>());
        Assert.Empty(x.var_mean(unbiased: false).@var.shape);
    }

    [Fact]
    public void Sum_mean_and_prod_take_an_accumulation_dtype()
    {
        using var bytes = tensor(new byte[] { 250, 10 });
        Assert.Equal(ScalarType.Int64, bytes.sum().dtype);                        // integers sum to int64 ...
        Assert.Equal(260L, bytes.sum().item<long>());
        using var wrapped = bytes.sum(type: ScalarType.Byte);                      // ... unless a type is asked for
        Assert.Equal(ScalarType.Byte, wrapped.dtype);
        Assert.Equal((byte)4, wrapped.item<byte>());                               // 260 mod 256, as PyTorch
        using var x = M();
        Assert.Equal(ScalarType.Float64, x.sum(1, type: ScalarType.Float64).dtype);
        Assert.Equal(new double[] { 6, 18 }, x.sum(1, type: ScalarType.Float64).data<double>().ToArray());
        Assert.Equal(new float[] { 2.5f, 4, 5.5f }, torch.mean(x, dimensions: new long[] { 0 }).data<float>().ToArray());
        Assert.Equal(new float[] { 6, 192 }, torch.prod(x, dim: 1).data<float>().ToArray());
        Assert.Equal(ScalarType.Float64, torch.prod(x, ScalarType.Float64).dtype);
        Assert.Equal(1152.0, x.prod(ScalarType.Float64).item<double>());
    }

    [Fact]
    public void Argmin_argmax_amax_and_topk_overloads()
    {
        using var x = tensor(new float[] { 3, 1, 2, 0, 5, 4 }, new long[] { 2, 3 });
        Assert.Equal(3L, x.argmin().item<long>());                                  // flat index
        Assert.Equal(4L, torch.argmax(x).item<long>());
        Assert.Equal(new long[] { 1, 3 }, torch.argmax(x, dim: 0, keepdim: true).shape);
        Assert.Equal(new long[] { 1, 0, 0 }, x.argmin(0).data<long>().ToArray());
        Assert.Equal(5f, x.amax(0, 1).item<float>());
        Assert.Equal(0f, x.amin(0, 1).item<float>());
        var (values, indexes) = tensor(new long[] { 3, 1, 2 }).topk(2, sorted: true);
        Assert.Equal(new long[] { 3, 2 }, values.data<long>().ToArray());
        Assert.Equal(new long[] { 0, 2 }, indexes.data<long>().ToArray());
        var (low, _) = tensor(new long[] { 3, 1, 2 }).topk(1, largest: false);
        Assert.Equal(1L, low.item<long>());
    }

    [Fact]
    public void Rounding_remainder_and_in_place_shape_ops()
    {
        using var x = tensor(new float[] { 1.234f, -5.678f });
        Assert.Equal(new float[] { 1.23f, -5.68f }, x.round(2).data<float>().ToArray());
        Assert.Equal(1200f, tensor(1234f).round(-2).item<float>());
        using var y = tensor(new float[] { 2.5f, 3.5f });
        Assert.Same(y, y.round_(0));
        Assert.Equal(new float[] { 2, 4 }, y.data<float>().ToArray());              // half to even
        using var r = tensor(new float[] { -3, 5 });
        r.remainder_(2);
        Assert.Equal(new float[] { 1, 1 }, r.data<float>().ToArray());              // sign of the divisor
        using var t = M();
        Assert.Same(t, t.transpose_(0, 1));
        Assert.Equal(new long[] { 3, 2 }, t.shape);
        Assert.Equal(4f, t[0, 1].item<float>());
        Assert.False(t.is_contiguous());
        t.unsqueeze_(0);
        Assert.Equal(new long[] { 1, 3, 2 }, t.shape);
        Assert.True(M().is_contiguous());
        Assert.False(M().slice(1, 1, 3, 1).is_contiguous());
    }

    [Fact]
    public void Torch_forms_comparisons_clamp_and_stacks()
    {
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = tensor(new float[] { 2, 2, 2 });
        Assert.Equal(new[] { true, false, false }, torch.lt(a, b).data<bool>().ToArray());
        Assert.Equal(new[] { true, true, false }, torch.le(a, b).data<bool>().ToArray());
        Assert.Equal(new[] { false, false, true }, torch.gt(a, b).data<bool>().ToArray());
        Assert.Equal(new[] { false, true, true }, torch.ge(a, b).data<bool>().ToArray());
        Assert.Equal(new[] { true, false, true }, torch.ne(a, b).data<bool>().ToArray());
        using var c = a.clone();
        c.eq_(2);                                                                   // an int picks the Scalar overload
        Assert.Equal(new float[] { 0, 1, 0 }, c.data<float>().ToArray());
        Assert.Equal(new float[] { 1.5f, 2, 2.5f }, torch.clamp(a, tensor(new float[] { 1.5f, 0, 0 }), tensor(new float[] { 9, 9, 2.5f })).data<float>().ToArray());
        Assert.Equal(MathF.Cos(1), torch.cos(a)[0].item<float>(), 6);
        Assert.Equal(new long[] { 1, 2, 3 }, torch.hstack(tensor(new long[] { 1, 2 }), tensor(new long[] { 3 })).data<long>().ToArray());
        Assert.Equal(new long[] { 2, 2 }, torch.vstack(tensor(new long[] { 1, 2 }), tensor(new long[] { 3, 4 })).shape);
        Assert.Equal(new long[] { 1, 2, 2 }, torch.dstack(new List<Tensor> { tensor(new long[] { 1, 2 }), tensor(new long[] { 3, 4 }) }).shape);
        var soft = torch.special.softmax(tensor(new float[] { 0, 0 }), 0, ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, soft.dtype);
        Assert.Equal(new double[] { 0.5, 0.5 }, soft.data<double>().ToArray());
    }

    [Fact]
    public void Casts_type_functions_and_dispose_after()
    {
        using var x = tensor(new double[] { 1.7, -2.2 });
        Assert.Equal(ScalarType.Float32, x.type(torch.FloatTensor).dtype);
        Assert.Equal(new int[] { 1, -2 }, x.type(torch.IntTensor).data<int>().ToArray());
        Assert.Equal(ScalarType.Int64, x.type(ScalarType.Int64).dtype);
        using var like = tensor(new float[] { 0 });
        Assert.Equal(ScalarType.Float32, x.to(like).dtype);
        var input = torch.ones(3);
        using var cast = input.to(ScalarType.Int32, disposeAfter: true);
        Assert.True(input.IsInvalid);
        Assert.Equal(1, cast[2].ToInt32());
        var same = torch.ones(3);
        using var moved = same.to(torch.CPU, disposeAfter: true);                    // the same storage: still readable
        Assert.True(same.IsInvalid);
        Assert.Equal(1f, moved[0].ToSingle());
        using var arr = torch.as_tensor(new float[] { 1, 2 });
        Assert.Same(arr, torch.as_tensor(arr));
        Assert.Equal(ScalarType.Float64, torch.as_tensor(arr, ScalarType.Float64).dtype);
    }

    [Fact]
    public void Wrong_element_types_and_dtypes_are_argument_errors_as_in_TorchSharp()
    {
        using var x = torch.ones(2, torch.int64);
        Assert.Throws<ArgumentException>(() => x.data<float>());
        Assert.Throws<ArgumentException>(() => x.data<System.Numerics.Complex>());
        Assert.Throws<ArgumentException>(() => torch.rand(3, 4, dtype: torch.int32));
        Assert.Throws<ArgumentException>(() => torch.randn(3, dtype: torch.@bool));
        Assert.Throws<ArgumentException>(() => 1.ToTensor(requires_grad: true));
        Assert.Equal(ScalarType.Float64, 0.5f.ToScalar().Type);                      // at::Scalar holds floats as double
        Scalar s = 10;
        TensorIndex ti = 10;
        Assert.Throws<InvalidOperationException>(() => { Tensor t = s; });
        Assert.Throws<InvalidOperationException>(() => { Tensor t = ti; });
    }

    [Fact]
    public void Index_null_is_a_new_axis()
    {
        using var i = tensor(new long[] { 0, 1, 2, 6, 5, 4 }, new long[] { 2, 3 });
        using var t = i.index(TensorIndex.Null, TensorIndex.Single(1));
        Assert.Equal(new long[] { 1, 3 }, t.shape);
        Assert.Equal(new long[] { 6, 5, 4 }, t.data<long>().ToArray());
    }

    [Fact]
    public void Complex_randint_draws_both_parts_in_range()
    {
        using var c = torch.randint(3, 7, new long[] { 50 }, ScalarType.ComplexFloat64);
        Assert.Equal(ScalarType.ComplexFloat64, c.dtype);
        Assert.Equal(new long[] { 50 }, c.shape);
        foreach (var part in new[] { c.real, c.imag })
        {
            Assert.True(part.ge(3).all().item<bool>() && part.lt(7).all().item<bool>());
            Assert.Equal(part, part.floor());                                       // whole numbers
        }
        Assert.False(c.real.equal(c.imag));
    }

    [Fact]
    public void Autograd_grad_and_backward_with_gradient_lists()
    {
        var x1 = torch.tensor(new float[] { 3 }, requires_grad: true);
        var x2 = torch.tensor(new float[] { 2 }, requires_grad: true);
        using var y = x1.pow(2) + 5 * x2;                                             // dy/dx1 = 2 x1 = 6, dy/dx2 = 5
        var g = torch.autograd.grad(new[] { y }, new[] { x1, x2 }, new[] { torch.full(1, 2f) }, retain_graph: true);
        Assert.Equal(12f, g[0].item<float>());                                       // weighted by grad_outputs
        Assert.Equal(10f, g[1].item<float>());
        Assert.Null(x1.grad);                                                        // grad() does not accumulate
        var unused = torch.tensor(new float[] { 1 }, requires_grad: true);
        Assert.Throws<TorchException>(() => torch.autograd.grad(new[] { y }, new[] { unused }, new[] { torch.ones(1) }, retain_graph: true));
        Assert.Null(torch.autograd.grad(new[] { y }, new[] { unused }, new[] { torch.ones(1) }, retain_graph: true, allow_unused: true)[0]);

        torch.autograd.backward(new[] { y }, new[] { torch.ones(1) }, retain_graph: true);
        Assert.Equal(6f, x1.grad!.item<float>());
        y.backward(new[] { torch.ones(1) });                                          // accumulates
        Assert.Equal(12f, x1.grad!.item<float>());
        Assert.Equal(10f, x2.grad!.item<float>());

        var z = torch.tensor(new float[] { 1, 2 }, requires_grad: true);
        var h = (z * z).sum();
        var dz = torch.autograd.grad(new[] { h }, new[] { z }, create_graph: true)[0];  // 2z, itself differentiable
        Assert.Equal(new float[] { 2, 4 }, dz.data<float>().ToArray());
        Assert.True(dz.requires_grad);
    }

    [Fact]
    public void Inference_mode_is_libtorchs_and_nests()
    {
        Assert.False(torch.is_inference_mode_enabled());
        var w = torch.ones(2, requires_grad: true);
        using (torch.inference_mode())
        {
            Assert.True(torch.is_inference_mode_enabled());
            Assert.False(torch.is_grad_enabled());
            using var y = w * 2;
            Assert.False(y.requires_grad);
            using (torch.inference_mode(false)) Assert.False(torch.is_inference_mode_enabled());
            Assert.True(torch.is_inference_mode_enabled());
        }
        Assert.False(torch.is_inference_mode_enabled());
        Assert.True(torch.is_grad_enabled());
    }

    [Fact]
    public void Default_dtype_and_device_apply_to_factories()
    {
        Assert.Equal(ScalarType.Float32, torch.get_default_dtype());
        try
        {
            torch.set_default_dtype(torch.float64);
            Assert.Equal(ScalarType.Float64, torch.zeros(2, 2).dtype);
            Assert.Equal(ScalarType.Float64, torch.rand(2).dtype);
            Assert.Equal(ScalarType.Float64, torch.linspace(0, 1, 5).dtype);
            Assert.Equal(ScalarType.Float64, torch.arange(0.0, 1.0, 0.5).dtype);
            Assert.Equal(ScalarType.Int64, torch.arange(3).dtype);
            Assert.Throws<ArgumentException>(() => torch.set_default_dtype(torch.int32));
        }
        finally { torch.set_default_dtype(torch.float32); }

        Assert.Equal(DeviceType.CPU, torch.get_default_device().type);
        try
        {
            torch.set_default_device(torch.META);
            using var m = torch.ones(3, 4);
            Assert.Equal(DeviceType.META, m.device_type);                              // shape and dtype, no data
            Assert.Equal(new long[] { 3, 4 }, m.shape);
            Assert.Equal(DeviceType.META, torch.randn(2).device_type);
            Assert.Equal(DeviceType.META, torch.logspace(0, 1, 3).device_type);
        }
        finally { torch.set_default_device(torch.CPU); }
        Assert.Equal(DeviceType.CPU, torch.zeros(1).device_type);
    }

    [Fact]
    public void Tensors_from_memory_slices_and_complex_arrays_and_lengths_must_match_the_shape()
    {
        var array = new long[18];
        array[5] = 17;
        using var t = torch.tensor(new Memory<long>(array, 4, 8), new long[] { 8 });
        Assert.Equal(8, t.numel());
        Assert.Equal(17L, t[1].item<long>());                                         // the slice starts at element 4
        // TorchSharp takes the first elements of a longer array; the binding refuses any length that does not match.
        Assert.Contains("5 values do not match shape [2, 2] (4 elements)",
            Assert.Throws<ArgumentException>(() => torch.tensor(new float[] { 1, 2, 3, 4, 5 }, new long[] { 2, 2 })).Message);
        Assert.Throws<ArgumentException>(() => torch.tensor(new float[] { 1, 2, 3 }, new long[] { 2, 2 }));
        var c = new System.Numerics.Complex[,] { { new(1, 2), new(3, -4) } };
        using var ct = torch.from_array(c);
        Assert.Equal(ScalarType.ComplexFloat64, ct.dtype);
        Assert.Equal(new long[] { 1, 2 }, ct.shape);
        Assert.Equal(new double[] { 1, 3 }, ct.real.contiguous().data<double>().ToArray());
        Assert.Equal(new double[] { 2, -4 }, ct.imag.contiguous().data<double>().ToArray());
    }

    [Fact]
    public void A_parameter_takes_its_tensors_place_in_the_dispose_scope()
    {
        Parameter p;
        Tensor t;
        using (var scope = torch.NewDisposeScope())
        {
            t = torch.tensor(3.0f);
            p = new Parameter(t);
            Assert.True(t.IsInvalid);
            Assert.True(scope.Contains(p));
            Assert.False(scope.Contains(t));
            Assert.Equal(3f, p.ToSingle());
        }
        Assert.True(p.IsInvalid);                                                     // disposed with the scope
        Linear lin;
        using (torch.NewDisposeScope()) lin = torch.nn.Linear(2, 3);                   // a module keeps its parameters
        Assert.All(lin.parameters(), q => Assert.False(q.IsInvalid));
    }
}
