namespace TorchSharp
{
    /// <summary>
    /// A number with its element type, as TorchSharp's factories and operators take it (<c>torch.full(2, 2, 3.5f)</c>):
    /// any C# number or bool converts to it implicitly, keeping whether it was integral, floating or boolean.
    /// </summary>
    public sealed class Scalar : IDisposable
    {
        internal Scalar(double value, torch.ScalarType type) { Value = value; Type = type; }

        /// <summary>The value as a double (exact for integers up to 2^53).</summary>
        public double Value { get; }
        /// <summary>The element type the number is held as, as libtorch's Scalar: Int64 for C# integers, Float64 for float and double, Bool.</summary>
        public torch.ScalarType Type { get; }
        internal bool IsIntegral => Type is torch.ScalarType.Int64 or torch.ScalarType.Int32 or torch.ScalarType.Int16 or torch.ScalarType.Byte or torch.ScalarType.Int8;
        internal bool IsFloating => Type is torch.ScalarType.Float32 or torch.ScalarType.Float64 or torch.ScalarType.Float16 or torch.ScalarType.BFloat16;

        public static implicit operator Scalar(byte v) => new(v, torch.ScalarType.Int64);
        public static implicit operator Scalar(sbyte v) => new(v, torch.ScalarType.Int64);
        public static implicit operator Scalar(short v) => new(v, torch.ScalarType.Int64);
        public static implicit operator Scalar(int v) => new(v, torch.ScalarType.Int64);
        public static implicit operator Scalar(long v) => new(v, torch.ScalarType.Int64);
        public static implicit operator Scalar(float v) => new(v, torch.ScalarType.Float64);
        public static implicit operator Scalar(double v) => new(v, torch.ScalarType.Float64);
        public static implicit operator Scalar(Half v) => new((double)v, torch.ScalarType.Float16);
        public static implicit operator Scalar(bool v) => new(v ? 1 : 0, torch.ScalarType.Bool);

        public float ToSingle() => (float)Value;
        public double ToDouble() => Value;
        public long ToInt64() => (long)Value;
        public int ToInt32() => (int)Value;
        public bool ToBoolean() => Value != 0;
        public override string ToString() => IsIntegral ? ((long)Value).ToString() : Type == torch.ScalarType.Bool ? (Value != 0).ToString() : Value.ToString("R");

        /// <summary>Nothing native to free (kept for TorchSharp's <c>using var s = 1.ToScalar();</c>).</summary>
        public void Dispose() { }
    }

    public static class ScalarExtensionMethods
    {
        public static Scalar ToScalar(this int value) => value;
        public static Scalar ToScalar(this long value) => value;
        public static Scalar ToScalar(this float value) => value;
        public static Scalar ToScalar(this double value) => value;
        public static Scalar ToScalar(this bool value) => value;
        public static Scalar ToScalar(this byte value) => value;
        public static Scalar ToScalar(this short value) => value;
        public static Scalar ToScalar(this Half value) => value;
    }

    public static partial class torch
    {
        /// <summary>A tensor shape: converts from a number, tuples of up to six numbers and arrays (<c>torch.randint(10, (3, 4))</c>).</summary>
        public readonly struct Size : IEnumerable<long>
        {
            readonly long[] shape;
            public Size(long[] shape) { this.shape = (long[])shape.Clone(); }
            public Size(IEnumerable<long> shape) { this.shape = shape.ToArray(); }
            public Size(int[] shape) { this.shape = Array.ConvertAll(shape, x => (long)x); }
            public Size(long size) { shape = [size]; }
            public static Size Empty => new(Array.Empty<long>());

            public static implicit operator Size(long size) => new(size);
            public static implicit operator Size(int size) => new((long)size);
            public static implicit operator Size(long[] size) => new(size);
            public static implicit operator Size(int[] size) => new(size);
            public static implicit operator Size((long, long) s) => new([s.Item1, s.Item2]);
            public static implicit operator Size((long, long, long) s) => new([s.Item1, s.Item2, s.Item3]);
            public static implicit operator Size((long, long, long, long) s) => new([s.Item1, s.Item2, s.Item3, s.Item4]);
            public static implicit operator Size((long, long, long, long, long) s) => new([s.Item1, s.Item2, s.Item3, s.Item4, s.Item5]);
            public static implicit operator Size((long, long, long, long, long, long) s) => new([s.Item1, s.Item2, s.Item3, s.Item4, s.Item5, s.Item6]);
            public static implicit operator long[](Size s) => s.Shape;

            long[] Shape => shape ?? [];
            public int Length => Shape.Length;
            public long this[int i] => Shape[i];
            public long numel() => Shape.Aggregate(1L, (a, b) => a * b);
            public long[] ToArray() => (long[])Shape.Clone();
            public IEnumerator<long> GetEnumerator() => ((IEnumerable<long>)Shape).GetEnumerator();
            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
            public override string ToString() => $"[{string.Join(", ", Shape)}]";
        }
    }
}
