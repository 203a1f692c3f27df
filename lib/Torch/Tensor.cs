using System.Runtime.InteropServices;
using Course.Polyglot;
using static TorchSharp.Native;

namespace TorchSharp;

public static partial class torch
{
    /// <summary>
    /// An n-dimensional array held by libtorch, with autograd. Dispose it (or create it inside a
    /// <see cref="DisposeScope"/>) to free its native memory promptly; the GC frees forgotten ones eventually.
    /// </summary>
    [TypeFormatterSource(typeof(CourseFormatterSource), PreferredMimeTypes = ["text/plain"])]
    public partial class Tensor : IDisposable
    {
        sealed class NativeHandle : SafeHandle
        {
            public NativeHandle(IntPtr p) : base(IntPtr.Zero, true) { SetHandle(p); CountCreated(); }
            public override bool IsInvalid => handle == IntPtr.Zero;
            protected override bool ReleaseHandle() { ts_free(handle); CountReleased(); return true; }
        }

        NativeHandle? _handle;

        /// <summary>Wraps a native handle; registers the tensor in the current dispose scope.</summary>
        internal Tensor(IntPtr handle)
        {
            _handle = new NativeHandle(Check(handle));
            OwningDisposeScope = DisposeScopeManager.ThreadSingleton.RegisterOnCurrentDisposeScope(this);
        }

        /// <summary>
        /// Takes over the native tensor of <paramref name="other"/> (which becomes disposed) and its place in its dispose
        /// scope, as TorchSharp's Parameter does; the statistics do not change.
        /// </summary>
        protected Tensor(Tensor other)
        {
            _handle = other._handle ?? throw new ObjectDisposedException("Tensor");
            other._handle = null;
            if (other.OwningDisposeScope is { } scope)
            {
                scope.Forget(other);
                scope.Add(this);
                OwningDisposeScope = scope;
            }
        }

        /// <summary>The native at::Tensor pointer.</summary>
        public IntPtr Handle => _handle is { } h && !h.IsClosed ? h.DangerousGetHandle() : throw new ObjectDisposedException("Tensor", "the tensor was disposed (by its dispose scope or explicitly)");
        public bool IsInvalid => _handle is null || _handle.IsClosed;

        public void Dispose()
        {
            if (_handle is null) return;
            DisposeScopeManager.ThreadSingleton.DisposingOnCurrentScope(this);
            _handle.Dispose();
            _handle = null;
        }

        // ------------------------------------------------------------ metadata

        public long[] shape
        {
            get
            {
                var h = Handle;
                var n = ts_ndim(h);
                var s = new long[n];
                unsafe { fixed (long* p = s) ts_shape(h, p); }
                return s;
            }
        }
        public long Dimensions => ts_ndim(Handle);
        public long dim() => ts_ndim(Handle);
        public long numel() => ts_numel(Handle);
        public long NumberOfElements => numel();
        public long size(int dim) { var s = shape; return s[dim < 0 ? dim + s.Length : dim]; }
        public ScalarType dtype => (ScalarType)ts_dtype(Handle);
        public Device device
        {
            get { var h = Handle; var t = (DeviceType)ts_device_type(h); return new Device(t, t == DeviceType.CPU ? -1 : ts_device_index(h)); }
        }
        public bool is_cuda => device.type == DeviceType.CUDA;
        public bool is_leaf => ts_is_leaf(Handle) != 0;

        public bool requires_grad
        {
            get => ts_requires_grad(Handle) != 0;
            set
            {
                if (value && !torch.IsFloating(dtype))
                    throw new ArgumentException($"only tensors of floating-point or complex dtype can require gradients, this one is {dtype}", nameof(requires_grad));
                Check(ts_set_requires_grad(Handle, value ? 1 : 0), "requires_grad");
            }
        }
        public Tensor requires_grad_(bool value = true) { requires_grad = value; return this; }

        /// <summary>The gradient accumulated by <see cref="backward"/>, or null when there is none.</summary>
        public Tensor? grad
        {
            get
            {
                var p = ts_grad(Handle);
                if (p == IntPtr.Zero)
                {
                    if (ts_last_error() != IntPtr.Zero) throw Error("grad");
                    return null;
                }
                return new Tensor(p);
            }
            set => Check(ts_set_grad(Handle, value?.Handle ?? IntPtr.Zero), "grad");
        }

        // ------------------------------------------------------------ autograd

        public void backward(Tensor? gradient = null, bool retain_graph = false)
        {
            // a failure of DistributedDataParallel's gradient all-reduce (which runs inside backward) names the lost rank
            if (ts_backward(Handle, gradient?.Handle ?? IntPtr.Zero, retain_graph ? 1 : 0) < 0)
                throw torch.distributed.Explain(Error("backward"), "backward (the gradient all-reduce)");
        }
        public Tensor detach() => new(ts_detach(Handle));
        /// <summary>A second managed reference to the same native tensor (shares storage and autograd identity).</summary>
        public Tensor alias() => new(ts_alias(Handle));

        // ------------------------------------------------------------ data out

        /// <summary>
        /// Element access (TorchSharp's accessor): indexable, enumerable, convertible to <c>T[]</c>; writes go to a CPU
        /// tensor. <typeparamref name="T"/> must match <see cref="dtype"/>.
        /// </summary>
        public Utils.TensorAccessor<T> data<T>() where T : unmanaged => new(this);

        /// <summary>The value of a one-element tensor.</summary>
        public T item<T>() where T : unmanaged
        {
            if (typeof(T) == typeof(long) || typeof(T) == typeof(int) || typeof(T) == typeof(byte) || typeof(T) == typeof(short))
            {
                Check(ts_item_long(Handle, out var l), "item");
                return (T)Convert.ChangeType(l, typeof(T));
            }
            Check(ts_item(Handle, out var d), "item");
            if (typeof(T) == typeof(bool)) return (T)(object)(d != 0);
            return (T)Convert.ChangeType(d, typeof(T));
        }
        public float ToSingle() => item<float>();
        public double ToDouble() => item<double>();
        public long ToInt64() => item<long>();
        public bool ToBoolean() => item<bool>();
        public static explicit operator float(Tensor t) => t.item<float>();
        public static explicit operator double(Tensor t) => t.item<double>();
        public static explicit operator long(Tensor t) => t.item<long>();

        // ------------------------------------------------------------ device and dtype

        /// <summary>This tensor converted to <paramref name="type"/> on <paramref name="device"/>; with <paramref name="disposeAfter"/> this tensor is disposed.</summary>
        public Tensor to(ScalarType type, Device? device = null, bool non_blocking = false, bool copy = false, bool disposeAfter = false)
        {
            var d = device ?? this.device;
            torch.CheckDevice(d);
            var result = new Tensor(ts_to(Handle, (int)type, (int)d.type, Math.Max(d.index, 0), non_blocking ? 1 : 0, copy ? 1 : 0));
            if (disposeAfter) Dispose();
            return result;
        }
        public Tensor to(Device device, bool non_blocking = false, bool disposeAfter = false) => to(dtype, device, non_blocking, false, disposeAfter);
        public Tensor to(string device) => to(Device.Parse(device));
        public Tensor to(DeviceType device) => to(new Device(device, device == DeviceType.CUDA ? 0 : -1));
        public Tensor to_type(ScalarType type) => to(type);
        public Tensor cpu() => to(torch.CPU);
        public Tensor cuda(int index = 0) => to(new Device(DeviceType.CUDA, index));
        public Tensor pin_memory() => new(ts_pin_memory(Handle));
        public Tensor @float() => to(ScalarType.Float32);
        public Tensor @double() => to(ScalarType.Float64);
        public Tensor @long() => to(ScalarType.Int64);
        public Tensor @int() => to(ScalarType.Int32);
        public Tensor @byte() => to(ScalarType.Byte);
        public Tensor @bool() => to(ScalarType.Bool);

        public override string ToString() => TensorFormatter.Format(this);
        /// <summary>A one-line description: shape, dtype and device.</summary>
        public string Describe() => $"[{string.Join("x", shape)}], type = {dtype}, device = {device}";
    }
}
