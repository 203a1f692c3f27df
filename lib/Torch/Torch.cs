using System.Runtime.InteropServices;
using static TorchSharp.Native;

namespace TorchSharp;

/// <summary>The entry point, shaped like TorchSharp's <c>torch</c>: creation functions, grad mode, devices, seeds.</summary>
public static partial class torch
{
    public static readonly Device CPU = new(DeviceType.CPU);
    public static readonly Device CUDA = new(DeviceType.CUDA, 0);
    public static Device device(string description) => Device.Parse(description);
    public static Device device(DeviceType type, int index = -1) => new(type, type == DeviceType.CUDA ? Math.Max(index, 0) : -1);

    public const ScalarType float32 = ScalarType.Float32, float64 = ScalarType.Float64, int64 = ScalarType.Int64,
        int32 = ScalarType.Int32, uint8 = ScalarType.Byte, @bool = ScalarType.Bool, float16 = ScalarType.Float16;
    public const ScalarType @float = ScalarType.Float32, @double = ScalarType.Float64, @long = ScalarType.Int64;

    /// <summary>libtorch's version, e.g. "1.13.1".</summary>
    public static string __version__ => Marshal.PtrToStringUTF8(ts_version()) ?? "?";

    public static void manual_seed(long seed) => Check(ts_manual_seed(unchecked((ulong)seed)), "manual_seed");
    public static void set_num_threads(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "thread count must be at least 1");
        Check(ts_set_num_threads(n), "set_num_threads");
    }
    public static int get_num_threads() => ts_get_num_threads();

    public static class cuda
    {
        public static bool is_available() => ts_cuda_is_available() != 0;
        public static int device_count() => ts_cuda_device_count();
        public static void synchronize() => Check(ts_cuda_synchronize(), "cuda.synchronize");
    }

    public static class backends
    {
        public static class cudnn
        {
            public static bool benchmark { get => ts_cudnn_benchmark(-1) != 0; set => ts_cudnn_benchmark(value ? 1 : 0); }
        }
    }

    internal static void CheckDevice(Device d)
    {
        if (d.type != DeviceType.CUDA) return;
        if (!cuda.is_available())
            throw new TorchException($"device '{d}' was requested but CUDA is not available (torch.cuda.is_available() is false: " +
                                     "this libtorch has no CUDA support or no GPU is visible). Use 'cpu'.");
        if (d.index >= cuda.device_count())
            throw new TorchException($"device '{d}' was requested but only {cuda.device_count()} CUDA device(s) exist");
    }

    internal static ScalarType ScalarTypeOf<T>() => typeof(T) switch
    {
        var t when t == typeof(float) => ScalarType.Float32,
        var t when t == typeof(double) => ScalarType.Float64,
        var t when t == typeof(long) => ScalarType.Int64,
        var t when t == typeof(int) => ScalarType.Int32,
        var t when t == typeof(short) => ScalarType.Int16,
        var t when t == typeof(byte) => ScalarType.Byte,
        var t when t == typeof(sbyte) => ScalarType.Int8,
        var t when t == typeof(bool) => ScalarType.Bool,
        var t when t == typeof(Half) => ScalarType.Float16,
        _ => throw new TorchException($"no tensor element type for {typeof(T).Name}"),
    };

    static bool IsFloating(ScalarType t) => t is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16;

    // ------------------------------------------------------------ grad mode and scopes

    sealed class GradModeGuard : IDisposable
    {
        readonly bool previous;
        bool done;
        public GradModeGuard(bool enabled) => previous = ts_set_grad_enabled(enabled ? 1 : 0) != 0;
        public void Dispose() { if (!done) { ts_set_grad_enabled(previous ? 1 : 0); done = true; } }
    }

    /// <summary>Disables gradient tracking on this thread until disposed: <c>using (torch.no_grad()) { ... }</c>.</summary>
    public static IDisposable no_grad() => new GradModeGuard(false);
    public static IDisposable enable_grad() => new GradModeGuard(true);
    public static IDisposable set_grad_enabled(bool enabled) => new GradModeGuard(enabled);
    public static bool is_grad_enabled() => ts_is_grad_enabled() != 0;

    /// <summary>Opens a dispose scope on this thread (see <see cref="DisposeScope"/>).</summary>
    public static DisposeScope NewDisposeScope() => new();

    // ------------------------------------------------------------ creation from data

    static unsafe Tensor FromSpan<T>(ReadOnlySpan<T> data, long[]? dimensions, ScalarType? dtype, Device? device, bool requires_grad) where T : unmanaged
    {
        var shape = dimensions ?? [data.Length];
        long n = 1;
        foreach (var s in shape)
        {
            if (s < 0) throw new ArgumentException($"negative dimension in shape [{string.Join(", ", shape)}]");
            n *= s;
        }
        if (n != data.Length)
            throw new ArgumentException($"tensor(): {data.Length} values do not fill shape [{string.Join(", ", shape)}] ({n} elements)");
        var src = ScalarTypeOf<T>();
        var dev = device ?? CPU;
        CheckDevice(dev);
        Tensor t;
        fixed (T* p = data)
        fixed (long* s = shape)
            t = new Tensor(ts_from_blob(p, s, shape.Length, (int)src, (int)dev.type, Math.Max(dev.index, 0)));
        if (dtype is { } want && want != src)
        {
            var c = t.to(want);
            t.DiscardTemporary();
            t = c;
        }
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    public static Tensor tensor(float[] data, long[]? dimensions = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<float>(data, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(double[] data, long[]? dimensions = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<double>(data, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(long[] data, long[]? dimensions = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<long>(data, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(int[] data, long[]? dimensions = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<int>(data, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(byte[] data, long[]? dimensions = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<byte>(data, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(bool[] data, long[]? dimensions = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<bool>(data, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(ReadOnlySpan<float> data, long[] dimensions, ScalarType? dtype = null, Device? device = null) => FromSpan(data, dimensions, dtype, device, false);
    public static Tensor tensor(ReadOnlySpan<byte> data, long[] dimensions, ScalarType? dtype = null, Device? device = null) => FromSpan(data, dimensions, dtype, device, false);
    public static Tensor tensor(ReadOnlySpan<long> data, long[] dimensions, ScalarType? dtype = null, Device? device = null) => FromSpan(data, dimensions, dtype, device, false);
    public static Tensor tensor(ReadOnlySpan<double> data, long[] dimensions, ScalarType? dtype = null, Device? device = null) => FromSpan(data, dimensions, dtype, device, false);
    /// <summary>A zero-dimensional tensor holding one value (float32 unless <paramref name="dtype"/> says otherwise).</summary>
    public static Tensor tensor(double scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan<double>([scalar], [], dtype ?? ScalarType.Float32, device, requires_grad);
    public static Tensor tensor(float[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan<float>(data.Cast<float>().ToArray(), [data.GetLength(0), data.GetLength(1)], dtype, device, requires_grad);
    public static Tensor tensor(double[,] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        FromSpan<double>(data.Cast<double>().ToArray(), [data.GetLength(0), data.GetLength(1)], dtype, device, requires_grad);
    public static Tensor from_array(float[] data, params long[] shape) => tensor(data, shape);

    // ------------------------------------------------------------ factories

    static unsafe Tensor Factory(FactoryKind kind, long[] size, ScalarType? dtype, Device? device, bool requires_grad, double value = 0)
    {
        var dev = device ?? CPU;
        CheckDevice(dev);
        var type = dtype ?? ScalarType.Float32;
        if (kind is FactoryKind.Rand or FactoryKind.Randn && !IsFloating(type))
            throw new TorchException($"{(kind == FactoryKind.Rand ? "rand" : "randn")} needs a floating-point dtype, got {type}");
        Tensor t;
        fixed (long* s = size) t = new Tensor(ts_factory((int)kind, s, size.Length, (int)type, (int)dev.type, Math.Max(dev.index, 0), value));
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    public static Tensor empty(params long[] size) => Factory(FactoryKind.Empty, size, null, null, false);
    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Factory(FactoryKind.Empty, size, dtype, device, requires_grad);
    public static Tensor zeros(params long[] size) => Factory(FactoryKind.Zeros, size, null, null, false);
    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Factory(FactoryKind.Zeros, size, dtype, device, requires_grad);
    public static Tensor ones(params long[] size) => Factory(FactoryKind.Ones, size, null, null, false);
    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Factory(FactoryKind.Ones, size, dtype, device, requires_grad);
    public static Tensor rand(params long[] size) => Factory(FactoryKind.Rand, size, null, null, false);
    public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Factory(FactoryKind.Rand, size, dtype, device, requires_grad);
    public static Tensor randn(params long[] size) => Factory(FactoryKind.Randn, size, null, null, false);
    public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Factory(FactoryKind.Randn, size, dtype, device, requires_grad);
    public static Tensor full(long[] size, double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => Factory(FactoryKind.Full, size, dtype, device, requires_grad, value);

    public static Tensor zeros_like(Tensor t) => zeros(t.shape, t.dtype, t.device);
    public static Tensor ones_like(Tensor t) => ones(t.shape, t.dtype, t.device);
    public static Tensor empty_like(Tensor t) => empty(t.shape, t.dtype, t.device);
    public static Tensor rand_like(Tensor t) => rand(t.shape, t.dtype, t.device);
    public static Tensor randn_like(Tensor t) => randn(t.shape, t.dtype, t.device);
    public static Tensor full_like(Tensor t, double value) => full(t.shape, value, t.dtype, t.device);

    public static Tensor arange(double start, double stop, double step = 1, ScalarType? dtype = null, Device? device = null)
    {
        var dev = device ?? CPU;
        CheckDevice(dev);
        var type = dtype ?? (start % 1 == 0 && stop % 1 == 0 && step % 1 == 0 ? ScalarType.Int64 : ScalarType.Float32);
        return new Tensor(ts_arange(start, stop, step, (int)type, (int)dev.type, Math.Max(dev.index, 0)));
    }
    public static Tensor arange(long stop, ScalarType? dtype = null, Device? device = null) => arange(0, stop, 1, dtype, device);

    public static unsafe Tensor randint(long low, long high, long[] size, ScalarType? dtype = null, Device? device = null)
    {
        var dev = device ?? CPU;
        CheckDevice(dev);
        fixed (long* s = size) return new Tensor(ts_randint(low, high, s, size.Length, (int)(dtype ?? ScalarType.Int64), (int)dev.type, Math.Max(dev.index, 0)));
    }
    public static Tensor randint(long high, long[] size) => randint(0, high, size);
    public static Tensor randperm(long n, ScalarType? dtype = null, Device? device = null)
    {
        var dev = device ?? CPU;
        CheckDevice(dev);
        return new Tensor(ts_randperm(n, (int)(dtype ?? ScalarType.Int64), (int)dev.type, Math.Max(dev.index, 0)));
    }

    // ------------------------------------------------------------ combining

    static unsafe Tensor Combine(IList<Tensor> tensors, long dim, bool stack)
    {
        if (tensors.Count == 0) throw new ArgumentException($"{(stack ? "stack" : "cat")} needs at least one tensor");
        var handles = new IntPtr[tensors.Count];
        for (int i = 0; i < handles.Length; i++) handles[i] = tensors[i].Handle;
        IntPtr p;
        fixed (IntPtr* h = handles) p = stack ? ts_stack(h, handles.Length, dim) : ts_cat(h, handles.Length, dim);
        if (p == IntPtr.Zero)
            throw Error($"{(stack ? "stack" : "cat")} along dim {dim} of shapes {string.Join(", ", tensors.Select(Tensor.Shape))}");
        return new Tensor(p);
    }
    public static Tensor cat(IList<Tensor> tensors, long dim = 0) => Combine(tensors, dim, false);
    public static Tensor stack(IList<Tensor> tensors, long dim = 0) => Combine(tensors, dim, true);
    public static Tensor concat(IList<Tensor> tensors, long dim = 0) => Combine(tensors, dim, false);
    public static Tensor where(Tensor condition, Tensor x, Tensor y) => new(ts_where(condition.Handle, x.Handle, y.Handle));

    // ------------------------------------------------------------ functional forms of tensor methods

    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    public static Tensor mm(Tensor a, Tensor b) => a.mm(b);
    public static Tensor exp(Tensor x) => x.exp();
    public static Tensor log(Tensor x) => x.log();
    public static Tensor sqrt(Tensor x) => x.sqrt();
    public static Tensor abs(Tensor x) => x.abs();
    public static Tensor sigmoid(Tensor x) => x.sigmoid();
    public static Tensor tanh(Tensor x) => x.tanh();
    public static Tensor relu(Tensor x) => x.relu();
    public static Tensor softmax(Tensor x, long dim) => x.softmax(dim);
    public static Tensor log_softmax(Tensor x, long dim) => x.log_softmax(dim);
    public static Tensor sum(Tensor x) => x.sum();
    public static Tensor mean(Tensor x) => x.mean();
    public static Tensor max(Tensor x) => x.max();
    public static Tensor argmax(Tensor x, long dim) => x.argmax(dim);
    public static Tensor pow(Tensor x, double e) => x.pow(e);
    public static Tensor clamp(Tensor x, double? min = null, double? max = null) => x.clamp(min, max);
    public static Tensor flatten(Tensor x, long start_dim = 0, long end_dim = -1) => x.flatten(start_dim, end_dim);
    public static Tensor reshape(Tensor x, params long[] shape) => x.reshape(shape);
    public static Tensor permute(Tensor x, params long[] dims) => x.permute(dims);
    public static Tensor transpose(Tensor x, long d0, long d1) => x.transpose(d0, d1);
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    public static Tensor eq(Tensor a, Tensor b) => a.eq(b);
    public static bool allclose(Tensor a, Tensor b, double rtol = 1e-5, double atol = 1e-8) => a.allclose(b, rtol, atol);
    public static bool equal(Tensor a, Tensor b) => a.equal(b);
}
