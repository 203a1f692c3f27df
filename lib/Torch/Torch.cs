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
    public const ScalarType int8 = ScalarType.Int8, int16 = ScalarType.Int16, @short = ScalarType.Int16, @int = ScalarType.Int32,
        half = ScalarType.Float16, bfloat16 = ScalarType.BFloat16, complex64 = ScalarType.ComplexFloat32,
        complex128 = ScalarType.ComplexFloat64, cfloat = ScalarType.ComplexFloat32, cdouble = ScalarType.ComplexFloat64;

    /// <summary>libtorch's version, e.g. "1.13.1".</summary>
    public static string __version__ => Marshal.PtrToStringUTF8(ts_version()) ?? "?";

    /// <summary>Build and runtime configuration, as PyTorch's <c>torch.__config__</c>.</summary>
    public static class __config__
    {
        /// <summary>
        /// libtorch's description of its CPU parallelism (<c>at::get_parallel_info()</c>: threads, OpenMP, MKL-DNN and
        /// the environment variables it read), followed by <c>OMP_WAIT_POLICY</c> and <c>GOMP_SPINCOUNT</c> as OpenMP
        /// saw them when libtorch was loaded (the binding picks a spin count unless you set either: lib/Torch/Native.cs).
        /// </summary>
        public static string parallel_info() => Marshal.PtrToStringUTF8(Native.ts_parallel_info()) ?? "";
    }

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
        _ => throw new ArgumentException($"no tensor element type for {typeof(T).Name}"),
    };

    static bool IsFloating(ScalarType t) => t is ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16
        or ScalarType.ComplexFloat32 or ScalarType.ComplexFloat64;

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
        // TorchSharp takes the first elements of a longer array; here a length that does not match the shape is an
        // error either way, so that a wrong shape never silently drops data.
        if (n != data.Length)
            throw new ArgumentException($"tensor(): {data.Length} values do not match shape [{string.Join(", ", shape)}] ({n} elements)");
        var src = ScalarTypeOf<T>();
        var dev = device ?? DefaultDevice;
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

    public static Tensor tensor(float[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<float>(rawArray, null, dtype, device, requires_grad);
    public static Tensor tensor(float[] rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<float>(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(IList<float> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<float>(rawArray.ToArray(), null, dtype, device, requires_grad);
    public static Tensor tensor(ReadOnlySpan<float> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(float[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<float>(rawArray.Cast<float>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1)], dtype, device, requires_grad);
    public static Tensor tensor(float[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<float>(rawArray.Cast<float>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2)], dtype, device, requires_grad);
    public static Tensor tensor(float[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<float>(rawArray.Cast<float>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2), rawArray.GetLength(3)], dtype, device, requires_grad);
    /// <summary>A zero-dimensional Float32 tensor (TorchSharp keeps the C# type: <c>tensor(0.5)</c> is float64, <c>tensor(0.5f)</c> float32).</summary>
    public static Tensor tensor(float scalar, Device? device = null, bool requires_grad = false) => FromSpan<float>([scalar], [], null, device, requires_grad);
    public static Tensor tensor(float scalar, ScalarType dtype, Device? device = null, bool requires_grad = false) => FromSpan<float>([scalar], [], dtype, device, requires_grad);
    public static Tensor tensor(double[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<double>(rawArray, null, dtype, device, requires_grad);
    public static Tensor tensor(double[] rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<double>(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(IList<double> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<double>(rawArray.ToArray(), null, dtype, device, requires_grad);
    public static Tensor tensor(ReadOnlySpan<double> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(double[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<double>(rawArray.Cast<double>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1)], dtype, device, requires_grad);
    public static Tensor tensor(double[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<double>(rawArray.Cast<double>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2)], dtype, device, requires_grad);
    public static Tensor tensor(double[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<double>(rawArray.Cast<double>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2), rawArray.GetLength(3)], dtype, device, requires_grad);
    /// <summary>A zero-dimensional Float64 tensor (TorchSharp keeps the C# type: <c>tensor(0.5)</c> is float64, <c>tensor(0.5f)</c> float32).</summary>
    public static Tensor tensor(double scalar, Device? device = null, bool requires_grad = false) => FromSpan<double>([scalar], [], null, device, requires_grad);
    public static Tensor tensor(double scalar, ScalarType dtype, Device? device = null, bool requires_grad = false) => FromSpan<double>([scalar], [], dtype, device, requires_grad);
    public static Tensor tensor(long[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<long>(rawArray, null, dtype, device, requires_grad);
    public static Tensor tensor(long[] rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<long>(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(IList<long> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<long>(rawArray.ToArray(), null, dtype, device, requires_grad);
    public static Tensor tensor(ReadOnlySpan<long> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(long[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<long>(rawArray.Cast<long>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1)], dtype, device, requires_grad);
    public static Tensor tensor(long[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<long>(rawArray.Cast<long>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2)], dtype, device, requires_grad);
    public static Tensor tensor(long[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<long>(rawArray.Cast<long>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2), rawArray.GetLength(3)], dtype, device, requires_grad);
    /// <summary>A zero-dimensional Int64 tensor (TorchSharp keeps the C# type: <c>tensor(0.5)</c> is float64, <c>tensor(0.5f)</c> float32).</summary>
    public static Tensor tensor(long scalar, Device? device = null, bool requires_grad = false) => FromSpan<long>([scalar], [], null, device, requires_grad);
    public static Tensor tensor(long scalar, ScalarType dtype, Device? device = null, bool requires_grad = false) => FromSpan<long>([scalar], [], dtype, device, requires_grad);
    public static Tensor tensor(int[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<int>(rawArray, null, dtype, device, requires_grad);
    public static Tensor tensor(int[] rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<int>(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(IList<int> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<int>(rawArray.ToArray(), null, dtype, device, requires_grad);
    public static Tensor tensor(ReadOnlySpan<int> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(int[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<int>(rawArray.Cast<int>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1)], dtype, device, requires_grad);
    public static Tensor tensor(int[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<int>(rawArray.Cast<int>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2)], dtype, device, requires_grad);
    public static Tensor tensor(int[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<int>(rawArray.Cast<int>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2), rawArray.GetLength(3)], dtype, device, requires_grad);
    /// <summary>A zero-dimensional Int32 tensor (TorchSharp keeps the C# type: <c>tensor(0.5)</c> is float64, <c>tensor(0.5f)</c> float32).</summary>
    public static Tensor tensor(int scalar, Device? device = null, bool requires_grad = false) => FromSpan<int>([scalar], [], null, device, requires_grad);
    public static Tensor tensor(int scalar, ScalarType dtype, Device? device = null, bool requires_grad = false) => FromSpan<int>([scalar], [], dtype, device, requires_grad);
    public static Tensor tensor(short[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<short>(rawArray, null, dtype, device, requires_grad);
    public static Tensor tensor(short[] rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<short>(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(IList<short> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<short>(rawArray.ToArray(), null, dtype, device, requires_grad);
    public static Tensor tensor(ReadOnlySpan<short> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(short[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<short>(rawArray.Cast<short>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1)], dtype, device, requires_grad);
    public static Tensor tensor(short[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<short>(rawArray.Cast<short>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2)], dtype, device, requires_grad);
    public static Tensor tensor(short[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<short>(rawArray.Cast<short>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2), rawArray.GetLength(3)], dtype, device, requires_grad);
    /// <summary>A zero-dimensional Int16 tensor (TorchSharp keeps the C# type: <c>tensor(0.5)</c> is float64, <c>tensor(0.5f)</c> float32).</summary>
    public static Tensor tensor(short scalar, Device? device = null, bool requires_grad = false) => FromSpan<short>([scalar], [], null, device, requires_grad);
    public static Tensor tensor(short scalar, ScalarType dtype, Device? device = null, bool requires_grad = false) => FromSpan<short>([scalar], [], dtype, device, requires_grad);
    public static Tensor tensor(byte[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<byte>(rawArray, null, dtype, device, requires_grad);
    public static Tensor tensor(byte[] rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<byte>(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(IList<byte> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<byte>(rawArray.ToArray(), null, dtype, device, requires_grad);
    public static Tensor tensor(ReadOnlySpan<byte> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(byte[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<byte>(rawArray.Cast<byte>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1)], dtype, device, requires_grad);
    public static Tensor tensor(byte[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<byte>(rawArray.Cast<byte>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2)], dtype, device, requires_grad);
    public static Tensor tensor(byte[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<byte>(rawArray.Cast<byte>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2), rawArray.GetLength(3)], dtype, device, requires_grad);
    /// <summary>A zero-dimensional Byte tensor (TorchSharp keeps the C# type: <c>tensor(0.5)</c> is float64, <c>tensor(0.5f)</c> float32).</summary>
    public static Tensor tensor(byte scalar, Device? device = null, bool requires_grad = false) => FromSpan<byte>([scalar], [], null, device, requires_grad);
    public static Tensor tensor(byte scalar, ScalarType dtype, Device? device = null, bool requires_grad = false) => FromSpan<byte>([scalar], [], dtype, device, requires_grad);
    public static Tensor tensor(sbyte[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<sbyte>(rawArray, null, dtype, device, requires_grad);
    public static Tensor tensor(sbyte[] rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<sbyte>(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(IList<sbyte> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<sbyte>(rawArray.ToArray(), null, dtype, device, requires_grad);
    public static Tensor tensor(ReadOnlySpan<sbyte> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(sbyte[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<sbyte>(rawArray.Cast<sbyte>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1)], dtype, device, requires_grad);
    public static Tensor tensor(sbyte[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<sbyte>(rawArray.Cast<sbyte>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2)], dtype, device, requires_grad);
    public static Tensor tensor(sbyte[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<sbyte>(rawArray.Cast<sbyte>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2), rawArray.GetLength(3)], dtype, device, requires_grad);
    /// <summary>A zero-dimensional Int8 tensor (TorchSharp keeps the C# type: <c>tensor(0.5)</c> is float64, <c>tensor(0.5f)</c> float32).</summary>
    public static Tensor tensor(sbyte scalar, Device? device = null, bool requires_grad = false) => FromSpan<sbyte>([scalar], [], null, device, requires_grad);
    public static Tensor tensor(sbyte scalar, ScalarType dtype, Device? device = null, bool requires_grad = false) => FromSpan<sbyte>([scalar], [], dtype, device, requires_grad);
    public static Tensor tensor(bool[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<bool>(rawArray, null, dtype, device, requires_grad);
    public static Tensor tensor(bool[] rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<bool>(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(IList<bool> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<bool>(rawArray.ToArray(), null, dtype, device, requires_grad);
    public static Tensor tensor(ReadOnlySpan<bool> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(bool[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<bool>(rawArray.Cast<bool>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1)], dtype, device, requires_grad);
    public static Tensor tensor(bool[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<bool>(rawArray.Cast<bool>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2)], dtype, device, requires_grad);
    public static Tensor tensor(bool[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<bool>(rawArray.Cast<bool>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2), rawArray.GetLength(3)], dtype, device, requires_grad);
    /// <summary>A zero-dimensional Bool tensor (TorchSharp keeps the C# type: <c>tensor(0.5)</c> is float64, <c>tensor(0.5f)</c> float32).</summary>
    public static Tensor tensor(bool scalar, Device? device = null, bool requires_grad = false) => FromSpan<bool>([scalar], [], null, device, requires_grad);
    public static Tensor tensor(bool scalar, ScalarType dtype, Device? device = null, bool requires_grad = false) => FromSpan<bool>([scalar], [], dtype, device, requires_grad);
    public static Tensor tensor(Half[] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<Half>(rawArray, null, dtype, device, requires_grad);
    public static Tensor tensor(Half[] rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<Half>(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(IList<Half> rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<Half>(rawArray.ToArray(), null, dtype, device, requires_grad);
    public static Tensor tensor(ReadOnlySpan<Half> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan(rawArray, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(Half[,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<Half>(rawArray.Cast<Half>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1)], dtype, device, requires_grad);
    public static Tensor tensor(Half[,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<Half>(rawArray.Cast<Half>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2)], dtype, device, requires_grad);
    public static Tensor tensor(Half[,,,] rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<Half>(rawArray.Cast<Half>().ToArray(), [rawArray.GetLength(0), rawArray.GetLength(1), rawArray.GetLength(2), rawArray.GetLength(3)], dtype, device, requires_grad);
    /// <summary>A zero-dimensional Float16 tensor (TorchSharp keeps the C# type: <c>tensor(0.5)</c> is float64, <c>tensor(0.5f)</c> float32).</summary>
    public static Tensor tensor(Half scalar, Device? device = null, bool requires_grad = false) => FromSpan<Half>([scalar], [], null, device, requires_grad);
    public static Tensor tensor(Half scalar, ScalarType dtype, Device? device = null, bool requires_grad = false) => FromSpan<Half>([scalar], [], dtype, device, requires_grad);
    /// <summary>A tensor holding a copy of a .NET array of any rank (float[], long[,], …).</summary>
    public static Tensor from_array(Array rawArray, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var shape = Enumerable.Range(0, rawArray.Rank).Select(d => (long)rawArray.GetLength(d)).ToArray();
        return rawArray switch
        {
            float[] or float[,] or float[,,] or float[,,,] => FromSpan<float>(rawArray.Cast<float>().ToArray(), shape, dtype, device, requires_grad),
            double[] or double[,] or double[,,] or double[,,,] => FromSpan<double>(rawArray.Cast<double>().ToArray(), shape, dtype, device, requires_grad),
            long[] or long[,] or long[,,] or long[,,,] => FromSpan<long>(rawArray.Cast<long>().ToArray(), shape, dtype, device, requires_grad),
            int[] or int[,] or int[,,] or int[,,,] => FromSpan<int>(rawArray.Cast<int>().ToArray(), shape, dtype, device, requires_grad),
            byte[] or byte[,] or byte[,,] or byte[,,,] => FromSpan<byte>(rawArray.Cast<byte>().ToArray(), shape, dtype, device, requires_grad),
            bool[] or bool[,] or bool[,,] or bool[,,,] => FromSpan<bool>(rawArray.Cast<bool>().ToArray(), shape, dtype, device, requires_grad),
            System.Numerics.Complex[] or System.Numerics.Complex[,] or System.Numerics.Complex[,,] or System.Numerics.Complex[,,,] =>
                FromComplex(rawArray.Cast<System.Numerics.Complex>().ToArray(), shape, dtype, device, requires_grad),
            _ => throw new ArgumentException($"from_array: no tensor element type for {rawArray.GetType().GetElementType()?.Name} arrays of rank {rawArray.Rank}"),
        };
    }
    public static Tensor from_array(float[] data, params long[] shape) => tensor(data, shape.Length == 0 ? [data.Length] : shape);


    // ------------------------------------------------------------ factories

    static unsafe Tensor Factory(FactoryKind kind, long[] size, ScalarType? dtype, Device? device, bool requires_grad, double value = 0)
    {
        var dev = device ?? DefaultDevice;
        CheckDevice(dev);
        var type = dtype ?? DefaultDType;
        if (kind is FactoryKind.Rand or FactoryKind.Randn && !IsFloating(type))
            throw new ArgumentException($"{(kind == FactoryKind.Rand ? "rand" : "randn")} needs a floating-point dtype, got {type}", nameof(dtype));
        Tensor t;
        if (dev.type is not (DeviceType.CPU or DeviceType.CUDA)) t = FactoryOp(kind, size, type, dev, value);
        else fixed (long* s = size) t = new Tensor(ts_factory((int)kind, s, size.Length, (int)type, (int)dev.type, Math.Max(dev.index, 0), value));
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    /// <summary>Values from <paramref name="start"/> up to (not including) <paramref name="stop"/>; int64 when all three are integers, else float32.</summary>
    public static Tensor arange(Scalar start, Scalar stop, Scalar step, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var dev = device ?? DefaultDevice;
        CheckDevice(dev);
        var type = dtype ?? (start.IsIntegral && stop.IsIntegral && step.IsIntegral ? ScalarType.Int64 : DefaultDType);
        var t = new Tensor(ts_arange(start.Value, stop.Value, step.Value, (int)type, (int)dev.type, Math.Max(dev.index, 0)));
        if (requires_grad) t.requires_grad = true;
        return t;
    }
    public static Tensor arange(Scalar start, Scalar stop, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => arange(start, stop, 1, dtype, device, requires_grad);
    public static Tensor arange(Scalar stop, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => arange(0, stop, 1, dtype, device, requires_grad);

    /// <summary>Integers drawn uniformly from [<paramref name="low"/>, <paramref name="high"/>) (int64 unless <paramref name="dtype"/> says otherwise).</summary>
    public static unsafe Tensor randint(long low, long high, Size size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        var dev = device ?? DefaultDevice;
        CheckDevice(dev);
        long[] shape = size;
        Tensor t;
        if (dtype is ScalarType.ComplexFloat32 or ScalarType.ComplexFloat64)
            t = ComplexRandint(low, high, shape, dtype.Value, dev, generator);
        else if (generator is not null)
            t = Ops.Tensor("aten::randint.low_generator", low, high, shape, generator, dtype ?? ScalarType.Int64, Ops.Default, dev, Ops.Default);
        else
            fixed (long* s = shape) t = new Tensor(ts_randint(low, high, s, shape.Length, (int)(dtype ?? ScalarType.Int64), (int)dev.type, Math.Max(dev.index, 0)));
        if (requires_grad) t.requires_grad = true;
        return t;
    }
    public static Tensor randint(long high, Size size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) =>
        randint(0, high, size, dtype, device, requires_grad, generator);
    public static Tensor randint_like(Tensor input, long low, long high, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        randint(low, high, input.shape, dtype ?? input.dtype, device ?? input.device, requires_grad);
    public static Tensor randint_like(Tensor input, long high, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        randint_like(input, 0, high, dtype, device, requires_grad);

    /// <summary>A random permutation of 0 … n−1.</summary>
    public static Tensor randperm(long n, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        var dev = device ?? DefaultDevice;
        CheckDevice(dev);
        var t = generator is null
            ? new Tensor(ts_randperm(n, (int)(dtype ?? ScalarType.Int64), (int)dev.type, Math.Max(dev.index, 0)))
            : Ops.Tensor("aten::randperm.generator", n, generator, dtype ?? ScalarType.Int64, Ops.Default, dev, Ops.Default);
        if (requires_grad) t.requires_grad = true;
        return t;
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
