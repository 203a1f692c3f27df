using TorchSharp;
using static TorchSharp.torch;

namespace Torch.Tests;

public class TensorTests
{
    static void Close(double[] expected, double[] actual, double tol = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * (1 + Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Fact]
    public void CreationFromLargeArraysCopiesEveryElement()
    {
        // 300,000 elements: above libtorch's parallel grain, the size a batch of images has
        var f = Enumerable.Range(0, 300_000).Select(i => (float)Math.Sin(i)).ToArray();
        using var tf = torch.tensor(f, new long[] { 3, 100, 1000 });
        Assert.Equal(new long[] { 3, 100, 1000 }, tf.shape);
        Assert.Equal(f, tf.data<float>().ToArray());
        var l = Enumerable.Range(0, 300_000).Select(i => (long)i * 1_000_003).ToArray();
        using var tl = torch.tensor(l);
        Assert.Equal(l, tl.data<long>().ToArray());
        var b = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        using var tb = torch.tensor(b, new long[] { 300, 1000 });
        Assert.Equal(ScalarType.Byte, tb.dtype);
        Assert.Equal(b, tb.data<byte>().ToArray());
        f[0] = 42;   // a copy, not a view of the array
        Assert.NotEqual(42f, tf[0, 0, 0].item<float>());
    }

    [Fact]
    public void ParallelInfoShowsThreadsAndTheOpenMpWaitingLibgompUses()
    {
        var info = torch.__config__.parallel_info();
        Assert.Contains($"at::get_num_threads() : {torch.get_num_threads()}", info);
        Assert.Contains("ATen parallel backend: OpenMP", info);
        // what the test process was started with decides: the binding only picks a spin count when neither is set
        var policy = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY");
        var spin = Environment.GetEnvironmentVariable("GOMP_SPINCOUNT");
        if (policy is null && spin is null) spin = "300000";
        Assert.Contains($"OMP_WAIT_POLICY : {policy ?? "[not set]"}\n", info);
        Assert.Contains($"GOMP_SPINCOUNT : {spin ?? "[not set]"}\n", info);
    }

    [Fact]
    public void CreationRoundTripsDataAndShape()
    {
        var data = new float[] { 1, 2, 3, 4, 5, 6 };
        using var t = tensor(data, [2, 3]);
        Assert.Equal(new long[] { 2, 3 }, t.shape);
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal(data, t.data<float>());
        using var l = tensor(new long[] { 7, -8 });
        Assert.Equal(new long[] { 7, -8 }, l.data<long>());
        using var b = tensor(new byte[] { 0, 255 });
        Assert.Equal(ScalarType.Byte, b.dtype);
        Assert.Equal(new byte[] { 0, 255 }, b.data<byte>());
        using var d = tensor(new double[] { 0.5 }, dtype: ScalarType.Float32);
        Assert.Equal(0.5f, d.data<float>()[0]);
        Assert.Throws<ArgumentException>(() => tensor(data, [4, 2]));
        Assert.Throws<ArgumentException>(() => t.data<double>());
    }

    [Fact]
    public void FactoriesProduceTheirValues()
    {
        Assert.All(zeros(2, 3).data<float>(), v => Assert.Equal(0f, v));
        Assert.All(ones(4).data<float>(), v => Assert.Equal(1f, v));
        Assert.All(full([3], 2.5).data<float>(), v => Assert.Equal(2.5f, v));
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, arange(5).data<long>());
        Close([0, 0.5, 1, 1.5], arange(0, 2, 0.5).to(ScalarType.Float64).data<double>());
        var r = rand(10000).data<float>().ToArray();
        Assert.All(r, v => Assert.InRange(v, 0f, 1f));
        Assert.InRange(r.Average(), 0.47, 0.53);
        var n = randn(20000).data<float>().ToArray();
        Assert.InRange(n.Average(), -0.03, 0.03);
        Assert.InRange(Math.Sqrt(n.Select(v => (double)v * v).Average()), 0.97, 1.03);
        var p = randperm(10).data<long>().ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), p.OrderBy(v => v));
    }

    [Fact]
    public void ManualSeedMakesRandomnessRepeatable()
    {
        manual_seed(42);
        var a = randn(16).data<float>().ToArray();
        manual_seed(42);
        var b = randn(16).data<float>().ToArray();
        manual_seed(43);
        var c = randn(16).data<float>().ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void ArithmeticBroadcastsLikeNumPy()
    {
        using var a = tensor(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        using var b = tensor(new double[] { 10, 20, 30 }, [3]);
        Close([11, 22, 33, 14, 25, 36], (a + b).data<double>());
        Close([-9, -18, -27, -6, -15, -24], (a - b).data<double>());
        Close([10, 40, 90, 40, 100, 180], (a * b).data<double>());
        Close([0.1, 0.1, 0.1, 0.4, 0.25, 0.2], (a / b).data<double>());
        Close([3, 4, 5, 6, 7, 8], (a + 2).data<double>());
        Close([9, 8, 7, 6, 5, 4], (10 - a).data<double>());
        Close([2, 1, 2.0 / 3, 0.5, 0.4, 1.0 / 3], (2 / a).data<double>());
        Close([-1, -2, -3, -4, -5, -6], (-a).data<double>());
        Close([1, 4, 9, 16, 25, 36], a.pow(2).data<double>());
        Close([2, 2, 3, 4, 4, 4], a.clamp(2, 4).data<double>());
    }

    [Fact]
    public void MatmulMatchesLoops()
    {
        var rng = new Random(1);
        var x = Enumerable.Range(0, 12).Select(_ => rng.NextDouble()).ToArray();
        var y = Enumerable.Range(0, 20).Select(_ => rng.NextDouble()).ToArray();
        using var a = tensor(x, [3, 4]);
        using var b = tensor(y, [4, 5]);
        var expected = new double[15];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 5; j++)
                for (int k = 0; k < 4; k++)
                    expected[i * 5 + j] += x[i * 4 + k] * y[k * 5 + j];
        Close(expected, a.matmul(b).data<double>());
        Close(expected, a.mm(b).data<double>());
    }

    [Fact]
    public void ReductionsMatchLinq()
    {
        var v = new double[] { 3, -1, 7, 2, 9, 0 };
        using var t = tensor(v, [2, 3]);
        Assert.Equal(v.Sum(), t.sum().ToDouble(), 10);
        Assert.Equal(v.Average(), t.mean().ToDouble(), 10);
        Assert.Equal(9, t.max().ToDouble());
        Assert.Equal(-1, t.min().ToDouble());
        Close([9, 11], t.sum(1).data<double>());
        Close([2.5, 4, 3.5], t.mean(0).data<double>());
        var (values, indexes) = t.max(1);
        Close([7, 9], values.data<double>());
        Assert.Equal(new long[] { 2, 1 }, indexes.data<long>());
        Assert.Equal(new long[] { 2, 1 }, t.argmax(1).data<long>());
        Assert.Equal(4, t.argmax().ToInt64());
        Assert.Equal(new long[] { 2, 1 }, t.sum(1, keepdim: true).shape);
        var mean = v.Average();
        Assert.Equal(Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)), t.std().ToDouble(), 10);
    }

    [Fact]
    public void ElementwiseFunctionsMatchMath()
    {
        var v = new double[] { -2, -0.5, 0, 0.5, 2 };
        using var t = tensor(v);
        Close(v.Select(Math.Exp).ToArray(), t.exp().data<double>());
        Close(v.Select(x => 1 / (1 + Math.Exp(-x))).ToArray(), t.sigmoid().data<double>());
        Close(v.Select(Math.Tanh).ToArray(), t.tanh().data<double>());
        Close(v.Select(x => Math.Max(0, x)).ToArray(), t.relu().data<double>());
        Close(v.Select(x => Math.Log(x + 3)).ToArray(), (t + 3).log().data<double>());
        var sum = v.Sum(Math.Exp);
        Close(v.Select(x => Math.Exp(x) / sum).ToArray(), t.softmax(0).data<double>());
        Close(v.Select(x => x - Math.Log(sum)).ToArray(), t.log_softmax(0).data<double>());
    }

    [Fact]
    public void ComparisonsGiveBoolTensors()
    {
        using var t = tensor(new float[] { 1, 2, 3 });
        using var u = tensor(new float[] { 3, 2, 1 });
        var gt = t.gt(u);
        Assert.Equal(ScalarType.Bool, gt.dtype);
        Assert.Equal(new[] { false, false, true }, gt.data<bool>());
        Assert.Equal(new[] { false, true, false }, t.eq(u).data<bool>());
        Assert.Equal(new[] { true, true, false }, t.le(2).data<bool>());
        Assert.Equal(1, t.eq(u).sum().ToInt64());
    }

    [Fact]
    public void ShapeOperationsRearrangeValues()
    {
        using var t = arange(24).reshape(2, 3, 4);
        Assert.Equal(new long[] { 6, 4 }, t.view(6, 4).shape);
        Assert.Equal(new long[] { 2, 12 }, t.flatten(1).shape);
        using var p = t.permute(2, 0, 1);
        Assert.Equal(new long[] { 4, 2, 3 }, p.shape);
        Assert.Equal(13, p[1, 1, 0].ToInt64());        // t[1,0,1] = 12 + 1
        Assert.Equal(new long[] { 4, 3, 4 }, cat([t, t], 0).shape);
        Assert.Equal(new long[] { 2, 2, 3, 4 }, stack([t, t], 0).shape);
        Assert.Equal(new long[] { 1, 2, 3, 4 }, t.unsqueeze(0).shape);
        Assert.Equal(new long[] { 2, 3, 4 }, t.unsqueeze(0).squeeze(0).shape);
        Assert.Equal(new long[] { 4, 5, 6, 7 }, t[0, 1].data<long>());
        Assert.Equal(new long[] { 1, 5, 9 }, t[0, .., 1].data<long>());
        Assert.Equal(new long[] { 2, 2, 4 }, t[.., 1..3].shape);
        Assert.Equal(new long[] { 3, 7, 11, 15, 19, 23 }, t[TensorIndex.Ellipsis, ^1].flatten().data<long>());
        Assert.Equal(new long[] { 1, 2, 3, 4 }, t[TensorIndex.None].shape);
        using var mask = tensor(new[] { false, true });
        Assert.Equal(new long[] { 1, 3, 4 }, t[mask].shape);
        Assert.Equal(new long[] { 3, 2 }, t[0].t().narrow(0, 1, 3).select(1, 0).unsqueeze(1).expand(3, 2).shape);
    }

    [Fact]
    public void IndexAssignmentWritesThrough()
    {
        using var t = zeros(3, 3);
        t[1] = ones(3);
        t.SetItem(5, 2, 2);
        Assert.Equal(new float[] { 0, 0, 0, 1, 1, 1, 0, 0, 5 }, t.data<float>());
    }

    [Fact]
    public void ShapeMismatchThrowsManagedExceptionNamingBothShapes()
    {
        using var a = ones(2, 3);
        using var b = ones(4, 5);
        var e = Assert.Throws<TorchException>(() => a.matmul(b));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[4, 5]", e.Message);
        var e2 = Assert.Throws<TorchException>(() => a + ones(4));
        Assert.Contains("[2, 3]", e2.Message);
        Assert.Contains("[4]", e2.Message);
        var e3 = Assert.Throws<TorchException>(() => a.view(7));
        Assert.Contains("[2, 3]", e3.Message);
        // the process is alive and libtorch still works
        Assert.Equal(6, a.sum().ToDouble());
    }

    [Fact]
    public void CudaRequestWithoutCudaFailsClearly()
    {
        if (cuda.is_available()) return; // covered on GPU machines by the device checks
        var e = Assert.Throws<TorchException>(() => ones(2).to("cuda"));
        Assert.Contains("CUDA is not available", e.Message);
        Assert.Throws<TorchException>(() => zeros([2], device: CUDA));
        Assert.Equal(0, cuda.device_count());
    }

    [Fact]
    public void ThreadCountDefaultsToAllCores()
    {
        var env = Environment.GetEnvironmentVariable("COURSE_THREADS");
        var expected = int.TryParse(env, out var n) && n > 0 ? n : Environment.ProcessorCount;
        Assert.Equal(expected, get_num_threads());
    }

    [Fact]
    public void DeviceAndDtypeConversions()
    {
        using var t = tensor(new float[] { 1.5f, 2.5f });
        Assert.Equal(ScalarType.Float64, t.to(ScalarType.Float64).dtype);
        Assert.Equal(new long[] { 1, 2 }, t.to(ScalarType.Int64).data<long>());
        Assert.Equal(DeviceType.CPU, t.cpu().device.type);
        Assert.Equal("cpu", t.device.ToString());
        Assert.Contains("tensor([1.5000, 2.5000])", t.ToString());
    }

    [Fact]
    public void VersionAndSeedApi()
    {
        Assert.Matches(@"^\d+\.\d+", __version__);
    }
}
