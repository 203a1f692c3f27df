using System.Runtime.InteropServices;

namespace TorchSharp;

/// <summary>Entry points of torch.autograd's functions and of inference mode (shim.cpp, last section).</summary>
internal static unsafe class NativeAutograd
{
    const string Lib = "course_torch";
    [DllImport(Lib)] internal static extern int ts_autograd_grad(IntPtr* outputs, int nOut, IntPtr* inputs, int nIn, IntPtr* gradOutputs, int nGrad,
                                                                 int retainGraph, int createGraph, int allowUnused, IntPtr* results);
    [DllImport(Lib)] internal static extern int ts_autograd_backward(IntPtr* tensors, int n, IntPtr* gradTensors, int nGrad, int retainGraph, int createGraph,
                                                                     IntPtr* inputs, int nIn);
    [DllImport(Lib)] internal static extern IntPtr ts_inference_mode_enter(int enabled);
    [DllImport(Lib)] internal static extern void ts_inference_mode_exit(IntPtr guard);
    [DllImport(Lib)] internal static extern int ts_is_inference_mode_enabled();
}

public static partial class torch
{
    /// <summary>torch.autograd: gradients of outputs with respect to chosen inputs, and backward over several outputs.</summary>
    public static class autograd
    {
        /// <summary>
        /// The gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/> (the sum over the outputs,
        /// each weighted by its entry of <paramref name="grad_outputs"/>; may be left out for scalar outputs). Nothing is
        /// accumulated into <c>.grad</c>. An input the outputs do not depend on is an error unless <paramref name="allow_unused"/>,
        /// then its gradient is null.
        /// </summary>
        public static unsafe IList<Tensor> grad(IList<Tensor> outputs, IList<Tensor> inputs, IList<Tensor>? grad_outputs = null,
                                         bool retain_graph = false, bool create_graph = false, bool allow_unused = false)
        {
            var (o, i, g) = (Handles(outputs), Handles(inputs), Handles(grad_outputs));
            var results = new IntPtr[i.Length];
            fixed (IntPtr* po = o, pi = i, pg = g, pr = results)
                Native.Check(NativeAutograd.ts_autograd_grad(po, o.Length, pi, i.Length, pg, g.Length,
                                                             retain_graph || create_graph ? 1 : 0, create_graph ? 1 : 0, allow_unused ? 1 : 0, pr), "autograd.grad");
            return results.Select(p => p == IntPtr.Zero ? null! : new Tensor(p)).ToList();
        }

        /// <summary>
        /// Accumulates into the leaves' <c>.grad</c> the gradients of <paramref name="tensors"/>, each weighted by its entry of
        /// <paramref name="grad_tensors"/> (may be left out for scalars); only into <paramref name="inputs"/> when given.
        /// The graph is freed afterwards unless <paramref name="retain_graph"/> (default: <paramref name="create_graph"/>).
        /// </summary>
        public static unsafe void backward(IList<Tensor> tensors, IList<Tensor>? grad_tensors = null, bool? retain_graph = null, bool create_graph = false, IList<Tensor>? inputs = null)
        {
            var (t, g, i) = (Handles(tensors), Handles(grad_tensors), Handles(inputs));
            fixed (IntPtr* pt = t, pg = g, pi = i)
                Native.Check(NativeAutograd.ts_autograd_backward(pt, t.Length, pg, g.Length, retain_graph is null ? -1 : retain_graph.Value ? 1 : 0,
                                                                 create_graph ? 1 : 0, pi, i.Length), "autograd.backward");
        }
        public static void backward(Tensor tensor, IList<Tensor>? grad_tensors = null, bool? retain_graph = null, bool create_graph = false, IList<Tensor>? inputs = null) =>
            backward(new[] { tensor }, grad_tensors, retain_graph, create_graph, inputs);
        public static void backward(Tensor tensor, Tensor grad_tensor, bool? retain_graph = null, bool create_graph = false, IList<Tensor>? inputs = null) =>
            backward(new[] { tensor }, new[] { grad_tensor }, retain_graph, create_graph, inputs);

        static IntPtr[] Handles(IList<Tensor>? tensors) => tensors is null ? [] : tensors.Select(x => x?.Handle ?? IntPtr.Zero).ToArray();
    }

    public partial class Tensor
    {
        /// <summary>Backward with one gradient per output (TorchSharp's list form: <c>y.backward(new[] { torch.ones_like(y) })</c>).</summary>
        public void backward(IList<Tensor>? grad_tensors, bool retain_graph = false, bool create_graph = false, IList<Tensor>? inputs = null) =>
            autograd.backward(new[] { this }, grad_tensors, retain_graph, create_graph, inputs);
    }

    // ------------------------------------------------------------ inference mode

    sealed class InferenceModeGuard : IDisposable
    {
        IntPtr guard;
        public InferenceModeGuard(bool enabled) => guard = Native.Check(NativeAutograd.ts_inference_mode_enter(enabled ? 1 : 0), "inference_mode");
        public void Dispose()
        {
            if (guard == IntPtr.Zero) return;
            NativeAutograd.ts_inference_mode_exit(guard);
            guard = IntPtr.Zero;
        }
    }

    /// <summary>
    /// libtorch's inference mode on this thread until disposed: no autograd recording and no version counting (faster
    /// than <see cref="no_grad"/>); tensors made inside cannot be used in autograd later. Guards must be disposed in reverse order.
    /// </summary>
    public static IDisposable inference_mode(bool mode = true) => new InferenceModeGuard(mode);
    public static bool is_inference_mode_enabled() => NativeAutograd.ts_is_inference_mode_enabled() != 0;

    // ------------------------------------------------------------ default dtype and device of the factories

    static Device? defaultDeviceValue;
    static ScalarType defaultDTypeValue = ScalarType.Float32;

    /// <summary>The floating-point dtype factories use when none is given (float32 unless set).</summary>
    internal static ScalarType DefaultDType => defaultDTypeValue;
    /// <summary>The device factories use when none is given (the CPU unless set).</summary>
    internal static Device DefaultDevice => defaultDeviceValue ?? CPU;

    public static ScalarType get_default_dtype() => defaultDTypeValue;
    /// <summary>Sets the floating-point dtype of factories called without one (float16, bfloat16, float32 or float64).</summary>
    public static void set_default_dtype(ScalarType dtype)
    {
        if (dtype is not (ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64))
            throw new ArgumentException($"set_default_dtype: the default dtype must be a floating-point type, got {dtype}", nameof(dtype));
        defaultDTypeValue = dtype;
    }
    public static Device get_default_device() => DefaultDevice;
    /// <summary>Sets the device of factories called without one (null: back to the CPU).</summary>
    public static void set_default_device(Device? device) { if (device is not null) CheckDevice(device); defaultDeviceValue = device; }

    /// <summary>The meta device: tensors with a shape and dtype but no data (for shape inference).</summary>
    public static readonly Device META = new(DeviceType.META, -1);
}
