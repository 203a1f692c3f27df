using System.Collections;
using static TorchSharp.torch;

namespace TorchSharp.Utils;

/// <summary>
/// Element access to a CPU tensor's memory, as <c>tensor.data&lt;T&gt;()</c> returns it: a single index is the
/// row-major position, several indices are coordinates; writes go to the tensor. It holds its own reference to the
/// tensor's storage, so it stays valid when the tensor object is disposed. Enumerable (row-major), comparable element
/// by element (<c>==</c>, <see cref="Equals(object?)"/>), convertible to <c>T[]</c>.
/// </summary>
public sealed unsafe class TensorAccessor<T> : IDisposable, IEnumerable<T> where T : unmanaged
{
    // A native reference to the tensor (or to a CPU copy of a CUDA one), owned by the accessor and not a managed Tensor:
    // it keeps the memory alive without showing up in dispose scopes or tensor statistics.
    sealed class NativeRef : System.Runtime.InteropServices.SafeHandle
    {
        public NativeRef(IntPtr p) : base(IntPtr.Zero, true) => SetHandle(p);
        public override bool IsInvalid => handle == IntPtr.Zero;
        protected override bool ReleaseHandle() { Native.ts_free(handle); return true; }
    }

    readonly NativeRef storage;
    readonly long[] shape, strides;
    readonly T* data;
    readonly bool contiguous;   // row-major without gaps: ToArray is one copy

    internal TensorAccessor(Tensor tensor)
    {
        var want = torch.ScalarTypeOf<T>();
        if (tensor.dtype != want)
            throw new ArgumentException($"data<{typeof(T).Name}>() on a {tensor.dtype} tensor: convert first, e.g. .to(ScalarType.{want})");
        var source = tensor.device.type == DeviceType.CPU ? tensor : tensor.cpu();
        storage = new NativeRef(Native.Check(Native.ts_alias(source.Handle), "data"));
        if (!ReferenceEquals(source, tensor)) source.Dispose();
        var h = storage.DangerousGetHandle();
        shape = new long[Native.ts_ndim(h)];
        strides = new long[shape.Length];
        fixed (long* s = shape) Native.ts_shape(h, s);
        fixed (long* s = strides) NativeData.ts_strides(h, s);
        Count = Native.ts_numel(h);
        data = (T*)(Count == 0 ? IntPtr.Zero : Native.Check(NativeData.ts_data_ptr(h), "data"));
        long expected = 1;
        contiguous = true;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (shape[d] != 1 && strides[d] != expected) contiguous = false;
            expected *= shape[d];
        }
    }

    /// <summary>Number of elements.</summary>
    public long Count { get; }
    /// <summary>Number of elements (as an array's Length).</summary>
    public long Length => Count;
    public bool IsReadOnly => false;

    long Offset(long linear)
    {
        if (linear < 0 || linear >= Count) throw new IndexOutOfRangeException($"index {linear} is outside a tensor of {Count} elements");
        long offset = 0;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            offset += linear % shape[d] * strides[d];
            linear /= shape[d];
        }
        return offset;
    }

    T At(long linear) => data[Offset(linear)];

    long Offset(long[] indices)
    {
        if (indices.Length == 1) return Offset(indices[0]);
        if (indices.Length != shape.Length)
            throw new IndexOutOfRangeException($"{indices.Length} indices for a tensor of shape [{string.Join(", ", shape)}]");
        long offset = 0;
        for (int d = 0; d < shape.Length; d++)
        {
            var i = indices[d] < 0 ? indices[d] + shape[d] : indices[d];
            if (i < 0 || i >= shape[d]) throw new IndexOutOfRangeException($"index {indices[d]} is outside dimension {d} of size {shape[d]}");
            offset += i * strides[d];
        }
        return offset;
    }

    /// <summary>One index: the row-major position; several: the coordinates.</summary>
    public T this[params long[] indices]
    {
        get => data[Offset(indices)];
        set => data[Offset(indices)] = value;
    }

    /// <summary>The elements in row-major order.</summary>
    public T[] ToArray()
    {
        if (contiguous) return new ReadOnlySpan<T>(data, checked((int)Count)).ToArray();   // one copy, as the loaders and metrics need
        var result = new T[Count];
        for (long i = 0; i < Count; i++) result[i] = data[Offset(i)];
        return result;
    }

    /// <summary>The elements as a .NET array of the tensor's rank (T[,] for a matrix, …).</summary>
    public Array ToNDArray()
    {
        var array = Array.CreateInstance(typeof(T), shape.Length == 0 ? [1] : shape);
        var index = new long[shape.Length];
        for (long i = 0; i < Count; i++)
        {
            long rest = i;
            for (int d = shape.Length - 1; d >= 0; d--) { index[d] = rest % shape[d]; rest /= shape[d]; }
            array.SetValue(data[Offset(i)], shape.Length == 0 ? [0L] : index);
        }
        return array;
    }

    public void CopyTo(T[] array, int arrayIndex = 0, long tensorIndex = 0)
    {
        for (long i = tensorIndex; i < Count && arrayIndex < array.Length; i++) array[arrayIndex++] = data[Offset(i)];
    }

    public void CopyFrom(T[] array, int arrayIndex = 0, long tensorIndex = 0)
    {
        for (long i = tensorIndex; i < Count && arrayIndex < array.Length; i++) data[Offset(i)] = array[arrayIndex++];
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (long i = 0; i < Count; i++) yield return At(i);
    }
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Same number of elements and equal elements in order.</summary>
    public static bool operator ==(TensorAccessor<T>? left, TensorAccessor<T>? right) =>
        left is null ? right is null : right is not null && left.Count == right.Count && left.SequenceEqual(right);
    public static bool operator !=(TensorAccessor<T>? left, TensorAccessor<T>? right) => !(left == right);
    public override bool Equals(object? obj) => obj is TensorAccessor<T> other && this == other;
    public override int GetHashCode() => HashCode.Combine(Count, Count > 0 ? data[Offset(0)] : default);

    /// <summary>A copy of the elements (row-major).</summary>
    public static implicit operator T[](TensorAccessor<T>? accessor) => accessor?.ToArray()!;

    public void Dispose() => storage.Dispose();
}
