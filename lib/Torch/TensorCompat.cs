using static TorchSharp.Native;

namespace TorchSharp;

public static partial class torch
{
    public partial class Tensor : IEquatable<Tensor>
    {
        // ------------------------------------------------------------ metadata as TorchSharp names it

        public DeviceType device_type => (DeviceType)ts_device_type(Handle);
        public int device_index => device_type == DeviceType.CPU ? -1 : ts_device_index(Handle);
        /// <summary>Number of dimensions.</summary>
        public long ndim => dim();
        /// <summary>The shape (same as <see cref="shape"/>).</summary>
        public long[] size() => shape;
        public long size(long dim) => size((int)dim);
        /// <summary>Elements per step along each dimension.</summary>
        public unsafe long[] stride() { var s = new long[dim()]; fixed (long* p = s) NativeData.ts_strides(Handle, p); return s; }
        public long stride(int dim) => stride()[dim < 0 ? dim + (int)ndim : dim];
        public long element_size() => dtype switch
        {
            ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
            ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
            ScalarType.Int32 or ScalarType.Float32 => 4,
            ScalarType.ComplexFloat64 => 16,
            _ => 8,
        };
        public bool is_floating_point() => dtype is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;
        public bool is_complex() => dtype is ScalarType.ComplexFloat32 or ScalarType.ComplexFloat64;
        /// <summary>The dimensions reversed (a matrix's transpose).</summary>
        public Tensor T => permute(Enumerable.Range(0, (int)ndim).Reverse().Select(i => (long)i).ToArray());
        /// <summary>The last two dimensions swapped.</summary>
        public Tensor mT => transpose(-2, -1);

        // ------------------------------------------------------------ values out

        public int ToInt32() => item<int>();
        public short ToInt16() => item<short>();
        public byte ToByte() => item<byte>();
        public Half ToHalf() => (Half)item<float>();
        public Scalar ToScalar() => dtype switch
        {
            ScalarType.Bool => item<bool>(),
            ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16 => item<float>(),
            ScalarType.Float64 => item<double>(),
            _ => item<long>(),
        };
        public static explicit operator int(Tensor t) => t.item<int>();
        public static explicit operator bool(Tensor t) => t.item<bool>();

        // ------------------------------------------------------------ numbers and arrays in (TorchSharp's implicit conversions)

        public static implicit operator Tensor(byte value) => torch.tensor(value);
        public static implicit operator Tensor(short value) => torch.tensor(value);
        public static implicit operator Tensor(int value) => torch.tensor(value);
        public static implicit operator Tensor(long value) => torch.tensor(value);
        public static implicit operator Tensor(float value) => torch.tensor(value);
        public static implicit operator Tensor(double value) => torch.tensor(value);
        public static implicit operator Tensor(bool value) => torch.tensor(value);
        public static implicit operator Tensor(float[] value) => torch.tensor(value);
        public static implicit operator Tensor(double[] value) => torch.tensor(value);
        public static implicit operator Tensor(long[] value) => torch.tensor(value);
        public static implicit operator Tensor(int[] value) => torch.tensor(value);
        public static implicit operator Tensor(bool[] value) => torch.tensor(value);
        public static implicit operator Tensor(byte[] value) => torch.tensor(value);

        // ------------------------------------------------------------ equality and comparison

        /// <summary>True when <paramref name="target"/> has the same shape and the same elements (<c>torch.equal</c>).</summary>
        public bool Equals(Tensor? target) => target is not null && (ReferenceEquals(this, target) || equal(target));
        public override bool Equals(object? obj) => obj is Tensor t && Equals(t);
        /// <summary>Identity hash: tensors are mutable, so the hash does not follow the values.</summary>
        public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

        /// <summary>Element-wise comparisons (bool tensors), as in PyTorch and TorchSharp.</summary>
        public static Tensor operator ==(Tensor left, Tensor right) => left.eq(right);
        public static Tensor operator !=(Tensor left, Tensor right) => left.ne(right);
        public static Tensor operator <(Tensor left, Tensor right) => left.lt(right);
        public static Tensor operator <=(Tensor left, Tensor right) => left.le(right);
        public static Tensor operator >(Tensor left, Tensor right) => left.gt(right);
        public static Tensor operator >=(Tensor left, Tensor right) => left.ge(right);
        public static Tensor operator ==(Tensor left, double right) => left.eq(right);
        public static Tensor operator !=(Tensor left, double right) => left.ne(right);
        public static Tensor operator <(Tensor left, double right) => left.lt(right);
        public static Tensor operator <=(Tensor left, double right) => left.le(right);
        public static Tensor operator >(Tensor left, double right) => left.gt(right);
        public static Tensor operator >=(Tensor left, double right) => left.ge(right);
        public static Tensor operator ==(double left, Tensor right) => right.eq(left);
        public static Tensor operator !=(double left, Tensor right) => right.ne(left);
        public static Tensor operator <(double left, Tensor right) => right.gt(left);
        public static Tensor operator <=(double left, Tensor right) => right.ge(left);
        public static Tensor operator >(double left, Tensor right) => right.lt(left);
        public static Tensor operator >=(double left, Tensor right) => right.le(left);
        public static Tensor operator ^(Tensor left, Tensor right) => Ops.Tensor("aten::logical_xor", left, right);
        public static Tensor operator ~(Tensor t) => Ops.Tensor("aten::bitwise_not", t);
        public static Tensor operator %(double left, Tensor right) => Ops.Tensor("aten::remainder.Scalar_Tensor", left, right);
    }
}
