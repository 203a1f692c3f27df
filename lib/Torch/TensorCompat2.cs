using static TorchSharp.Native;

namespace TorchSharp;

// TorchSharp's overloads of reductions (dtype, unbiased, several dims), in-place shape ops, casts, and the
// torch.* forms of tensor methods. The math is ATen's: the common forms go through the shim's direct entry points, the
// rarer options through the dispatcher (see Ops).
public static partial class torch
{
    public partial class Tensor
    {
        // ------------------------------------------------------------ sum, mean, prod with an accumulation dtype

        /// <summary>The sum of all elements, computed in <paramref name="type"/> when given (integers sum to int64 otherwise).</summary>
        public Tensor sum(ScalarType? type = null) => type is null ? Reduce(ReduceOp.Sum, null, false) : Ops.Tensor("aten::sum", this, type);
        public Tensor sum(long dim, bool keepdim = false, ScalarType? type = null) => sum(new[] { dim }, keepdim, type);
        public Tensor sum(long dim0, long dim1, bool keepdim = false, ScalarType? type = null) => sum(new[] { dim0, dim1 }, keepdim, type);
        public Tensor sum(long dim0, long dim1, long dim2, bool keepdim = false, ScalarType? type = null) => sum(new[] { dim0, dim1, dim2 }, keepdim, type);
        /// <summary>The sum over <paramref name="dim"/>, computed in <paramref name="type"/> when given.</summary>
        public Tensor sum(long[] dim, bool keepdim = false, ScalarType? type = null) =>
            type is null ? Reduce(ReduceOp.Sum, dim, keepdim) : Ops.Tensor("aten::sum.dim_IntList", this, dim, keepdim, type);

        public Tensor mean(long dim, bool keepdim = false, ScalarType? type = null) => mean(new[] { dim }, keepdim, type);
        /// <summary>The mean over <paramref name="dimensions"/>, computed in <paramref name="type"/> when given.</summary>
        public Tensor mean(long[] dimensions, bool keepdim = false, ScalarType? type = null) =>
            type is null ? Reduce(ReduceOp.Mean, dimensions, keepdim) : Ops.Tensor("aten::mean.dim", this, dimensions, keepdim, type);

        /// <summary>The product of all elements, computed in <paramref name="type"/> when given.</summary>
        public Tensor prod(ScalarType? type = null) => type is null ? Reduce(ReduceOp.Prod, null, false) : Ops.Tensor("aten::prod", this, type);
        public Tensor prod(long dim, bool keepdim = false, ScalarType? type = null) => Ops.Tensor("aten::prod.dim_int", this, dim, keepdim, type);

        // ------------------------------------------------------------ std, var and their means (unbiased: Bessel's correction)

        /// <summary>The standard deviation of all elements (divides by n − 1 when <paramref name="unbiased"/>, else by n).</summary>
        public Tensor std(bool unbiased = true) => unbiased ? Reduce(ReduceOp.Std, null, false) : Ops.Tensor("aten::std", this, unbiased);
        /// <summary>The standard deviation over <paramref name="dimensions"/>; <paramref name="type"/> converts the input first.</summary>
        public Tensor std(long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
            unbiased && type is null ? Reduce(ReduceOp.Std, dimensions, keepdim) : Moments("aten::std.dim", dimensions, unbiased, keepdim, type)[0];
        public Tensor std(long dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => std(new[] { dim }, unbiased, keepdim, type);
        public Tensor std((long, long) dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => std(new[] { dim.Item1, dim.Item2 }, unbiased, keepdim, type);
        public Tensor std((long, long, long) dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => std(new[] { dim.Item1, dim.Item2, dim.Item3 }, unbiased, keepdim, type);

        /// <summary>The variance of all elements (divides by n − 1 when <paramref name="unbiased"/>, else by n).</summary>
        public Tensor var(bool unbiased = true) => unbiased ? Reduce(ReduceOp.Var, null, false) : Ops.Tensor("aten::var", this, unbiased);
        /// <summary>The variance over <paramref name="dimensions"/>; <paramref name="type"/> converts the input first.</summary>
        public Tensor var(long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) =>
            unbiased && type is null ? Reduce(ReduceOp.Var, dimensions, keepdim) : Moments("aten::var.dim", dimensions, unbiased, keepdim, type)[0];
        public Tensor var(long dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => var(new[] { dim }, unbiased, keepdim, type);
        public Tensor var((long, long) dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => var(new[] { dim.Item1, dim.Item2 }, unbiased, keepdim, type);
        public Tensor var((long, long, long) dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => var(new[] { dim.Item1, dim.Item2, dim.Item3 }, unbiased, keepdim, type);

        /// <summary>The standard deviation and the mean of all elements, in one pass.</summary>
        public (Tensor std, Tensor mean) std_mean(bool unbiased = true) => Pair(Ops.Tensors("aten::std_mean", this, unbiased));
        public (Tensor std, Tensor mean) std_mean(long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => Pair(Moments("aten::std_mean.dim", dimensions, unbiased, keepdim, type));
        public (Tensor std, Tensor mean) std_mean(long dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => std_mean(new[] { dim }, unbiased, keepdim, type);
        public (Tensor std, Tensor mean) std_mean((long, long) dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => std_mean(new[] { dim.Item1, dim.Item2 }, unbiased, keepdim, type);
        public (Tensor std, Tensor mean) std_mean((long, long, long) dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => std_mean(new[] { dim.Item1, dim.Item2, dim.Item3 }, unbiased, keepdim, type);

        /// <summary>The variance and the mean of all elements, in one pass.</summary>
        public (Tensor @var, Tensor mean) var_mean(bool unbiased = true) => Pair(Ops.Tensors("aten::var_mean", this, unbiased));
        public (Tensor @var, Tensor mean) var_mean(long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => Pair(Moments("aten::var_mean.dim", dimensions, unbiased, keepdim, type));
        public (Tensor @var, Tensor mean) var_mean(long dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => var_mean(new[] { dim }, unbiased, keepdim, type);
        public (Tensor @var, Tensor mean) var_mean((long, long) dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => var_mean(new[] { dim.Item1, dim.Item2 }, unbiased, keepdim, type);
        public (Tensor @var, Tensor mean) var_mean((long, long, long) dim, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => var_mean(new[] { dim.Item1, dim.Item2, dim.Item3 }, unbiased, keepdim, type);

        Tensor[] Moments(string op, long[] dimensions, bool unbiased, bool keepdim, ScalarType? type)
        {
            if (type is null || type == dtype) return Ops.Tensors(op, this, dimensions, unbiased, keepdim);
            using var converted = to(type.Value);
            return Ops.Tensors(op, converted, dimensions, unbiased, keepdim);
        }
        static (Tensor, Tensor) Pair(Tensor[] r) => (r[0], r[1]);

        // ------------------------------------------------------------ arg-reductions and selections

        /// <summary>The flat index of the smallest element.</summary>
        public Tensor argmin() => new(ts_argmax(Handle, 0, 0, 0, 1));
        /// <summary>The indices of the smallest elements along <paramref name="dim"/>.</summary>
        public Tensor argmin(long dim, bool keepdim = false) => new(ts_argmax(Handle, dim, 1, keepdim ? 1 : 0, 1));
        /// <summary>The largest elements over the dimensions <paramref name="dims"/> (<c>x.amax(0, 1)</c>).</summary>
        public Tensor amax(params long[] dims) => amax(dims, false);
        /// <summary>The smallest elements over the dimensions <paramref name="dims"/>.</summary>
        public Tensor amin(params long[] dims) => amin(dims, false);

        /// <summary>The <paramref name="k"/> largest (or smallest) elements along <paramref name="dim"/> and their indices; in order when <paramref name="sorted"/>.</summary>
        public (Tensor values, Tensor indexes) topk(long k, long dim = -1, bool largest = true, bool sorted = true)
        {
            if (sorted)
            {
                Check(ts_topk(Handle, k, dim, largest ? 1 : 0, out var v, out var i), "topk");
                return (new Tensor(v), new Tensor(i));
            }
            var r = Ops.Tensors("aten::topk", this, k, dim, largest, sorted);
            return (r[0], r[1]);
        }

        // ------------------------------------------------------------ element-wise and in place

        /// <summary>Rounds half to even, to <paramref name="decimals"/> decimal places (negative: to tens, hundreds...).</summary>
        public Tensor round(long decimals = 0) => decimals == 0 ? Unary(UnaryOp.Round) : Ops.Tensor("aten::round.decimals", this, decimals);
        public Tensor round_(long decimals) => decimals == 0 ? Ops.InPlace(this, "aten::round_") : Ops.InPlace(this, "aten::round_.decimals", decimals);
        /// <summary>Python's modulus: the result has the sign of the divisor.</summary>
        public Tensor remainder(Tensor other) => Ops.Tensor("aten::remainder.Tensor", this, other);
        public Tensor remainder_(Tensor other) => Ops.InPlace(this, "aten::remainder_.Tensor", other);
        public Tensor remainder_(Scalar other) => Ops.InPlace(this, "aten::remainder_.Scalar", other.Value);
        /// <summary>Swaps two dimensions of this tensor in place (its sizes and strides change; the data stays).</summary>
        public Tensor transpose_(long dim0, long dim1) => Ops.InPlace(this, "aten::transpose_", dim0, dim1);
        /// <summary>Inserts a dimension of size one at <paramref name="dim"/>, in place.</summary>
        public Tensor unsqueeze_(long dim) => Ops.InPlace(this, "aten::unsqueeze_", dim);
        /// <summary>Removes the dimension <paramref name="dim"/> when its size is one, in place.</summary>
        public Tensor squeeze_(long dim) => Ops.InPlace(this, "aten::squeeze_.dim", dim);

        // ------------------------------------------------------------ casts

        /// <summary>Not a real conversion: it exists, as in TorchSharp, so that C# prefers Scalar overloads for numbers (<c>x.eq_(1)</c>); it always throws.</summary>
        public static implicit operator Tensor(Scalar scalar) => throw new InvalidOperationException("a Scalar cannot be converted to a Tensor implicitly: use torch.tensor(...) or a Scalar overload");

        /// <summary>This tensor converted to <paramref name="dtype"/> (<c>to(dtype)</c>).</summary>
        public Tensor type(ScalarType dtype) => to(dtype);
        /// <summary>This tensor converted by a TorchSharp type function: <c>x.type(torch.FloatTensor)</c>.</summary>
        public Tensor type(Func<Tensor, Tensor> typeFunc) => typeFunc(this);
        /// <summary>This tensor with the dtype and on the device of <paramref name="other"/>.</summary>
        public Tensor to(Tensor other, bool non_blocking = false) => to(other.dtype, other.device, non_blocking);
    }

    // ------------------------------------------------------------ torch.* forms

    public static Tensor sum(Tensor input, ScalarType? type) => input.sum(type);
    public static Tensor sum(Tensor input, long dim, bool keepdim = false, ScalarType? type = null) => input.sum(dim, keepdim, type);
    public static Tensor sum(Tensor input, long[] dim, bool keepdim = false, ScalarType? type = null) => input.sum(dim, keepdim, type);
    public static Tensor mean(Tensor input, long[] dimensions, bool keepdim = false, ScalarType? type = null) => input.mean(dimensions, keepdim, type);
    public static Tensor prod(Tensor input, ScalarType? type = null) => input.prod(type);
    public static Tensor prod(Tensor input, long dim, bool keepdim = false, ScalarType? type = null) => input.prod(dim, keepdim, type);

    public static Tensor std(Tensor input, bool unbiased = true) => input.std(unbiased);
    public static Tensor std(Tensor input, long dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => input.std(dimensions, unbiased, keepdim, type);
    public static Tensor std(Tensor input, long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => input.std(dimensions, unbiased, keepdim, type);
    public static Tensor std(Tensor input, (long, long) dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => input.std(dimensions, unbiased, keepdim, type);
    public static Tensor std(Tensor input, (long, long, long) dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => input.std(dimensions, unbiased, keepdim, type);
    public static Tensor var(Tensor input, bool unbiased = true) => input.var(unbiased);
    public static Tensor var(Tensor input, long dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => input.var(dimensions, unbiased, keepdim, type);
    public static Tensor var(Tensor input, long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => input.var(dimensions, unbiased, keepdim, type);
    public static Tensor var(Tensor input, (long, long) dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => input.var(dimensions, unbiased, keepdim, type);
    public static Tensor var(Tensor input, (long, long, long) dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => input.var(dimensions, unbiased, keepdim, type);
    public static (Tensor std, Tensor mean) std_mean(Tensor input, bool unbiased = true) => input.std_mean(unbiased);
    public static (Tensor std, Tensor mean) std_mean(Tensor input, long dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => input.std_mean(dimensions, unbiased, keepdim, type);
    public static (Tensor std, Tensor mean) std_mean(Tensor input, long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => input.std_mean(dimensions, unbiased, keepdim, type);
    public static (Tensor @var, Tensor mean) var_mean(Tensor input, bool unbiased = true) => input.var_mean(unbiased);
    public static (Tensor @var, Tensor mean) var_mean(Tensor input, long dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => input.var_mean(dimensions, unbiased, keepdim, type);
    public static (Tensor @var, Tensor mean) var_mean(Tensor input, long[] dimensions, bool unbiased = true, bool keepdim = false, ScalarType? type = null) => input.var_mean(dimensions, unbiased, keepdim, type);

    public static Tensor argmax(Tensor input) => input.argmax();
    public static Tensor argmax(Tensor input, long dim, bool keepdim = false) => input.argmax(dim, keepdim);
    public static Tensor argmin(Tensor input) => input.argmin();
    public static Tensor argmin(Tensor input, long dim, bool keepdim = false) => input.argmin(dim, keepdim);
    public static Tensor amax(Tensor input, long[] dims, bool keepdim = false) => input.amax(dims, keepdim);
    public static Tensor amin(Tensor input, long[] dims, bool keepdim = false) => input.amin(dims, keepdim);
    public static (Tensor values, Tensor indexes) topk(Tensor input, long k, long dim = -1, bool largest = true, bool sorted = true) => input.topk(k, dim, largest, sorted);

    public static Tensor cos(Tensor input) => input.cos();
    public static Tensor cos_(Tensor input) => input.cos_();
    public static Tensor sin(Tensor input) => input.sin();
    public static Tensor sin_(Tensor input) => input.sin_();
    public static Tensor round(Tensor input, long decimals = 0) => input.round(decimals);
    public static Tensor round_(Tensor input, long decimals = 0) => input.round_(decimals);
    public static Tensor ne(Tensor left, Tensor right) => left.ne(right);
    public static Tensor lt(Tensor left, Tensor right) => left.lt(right);
    public static Tensor le(Tensor left, Tensor right) => left.le(right);
    public static Tensor gt(Tensor left, Tensor right) => left.gt(right);
    public static Tensor ge(Tensor left, Tensor right) => left.ge(right);
    /// <summary>Clamps element-wise between tensors (broadcast) <paramref name="min"/> and <paramref name="max"/>; a null bound is no bound.</summary>
    public static Tensor clamp(Tensor input, Tensor? min, Tensor? max = null) => input.clamp(min, max);
    public static Tensor clamp_(Tensor input, Tensor? min, Tensor? max = null) => input.clamp_(min, max);
    public static Tensor unsqueeze_(Tensor input, long dim) => input.unsqueeze_(dim);
    public static Tensor transpose_(Tensor input, long dim0, long dim1) => input.transpose_(dim0, dim1);

    /// <summary>Concatenates along the columns: dim 1, or dim 0 for 1-D tensors.</summary>
    public static Tensor hstack(params Tensor[] tensors) => Ops.Tensor("aten::hstack", (object)tensors);
    public static Tensor hstack(IList<Tensor> tensors) => hstack(tensors.ToArray());
    /// <summary>Concatenates along the rows (dim 0), 1-D tensors taken as rows.</summary>
    public static Tensor vstack(params Tensor[] tensors) => Ops.Tensor("aten::vstack", (object)tensors);
    public static Tensor vstack(IList<Tensor> tensors) => vstack(tensors.ToArray());
    /// <summary>Concatenates along the depth (dim 2), tensors taken as at least 3-D.</summary>
    public static Tensor dstack(params Tensor[] tensors) => Ops.Tensor("aten::dstack", (object)tensors);
    public static Tensor dstack(IList<Tensor> tensors) => dstack(tensors.ToArray());

    // ------------------------------------------------------------ TorchSharp's type functions, for Tensor.type(...)

    public static Tensor FloatTensor(Tensor t) => t.to(ScalarType.Float32);
    public static Tensor DoubleTensor(Tensor t) => t.to(ScalarType.Float64);
    public static Tensor HalfTensor(Tensor t) => t.to(ScalarType.Float16);
    public static Tensor BFloat16Tensor(Tensor t) => t.to(ScalarType.BFloat16);
    public static Tensor ByteTensor(Tensor t) => t.to(ScalarType.Byte);
    public static Tensor CharTensor(Tensor t) => t.to(ScalarType.Int8);
    public static Tensor ShortTensor(Tensor t) => t.to(ScalarType.Int16);
    public static Tensor IntTensor(Tensor t) => t.to(ScalarType.Int32);
    public static Tensor LongTensor(Tensor t) => t.to(ScalarType.Int64);
    public static Tensor BoolTensor(Tensor t) => t.to(ScalarType.Bool);

    // ------------------------------------------------------------ factories on devices the shim does not place tensors on (meta)

    static Tensor FactoryOp(FactoryKind kind, long[] size, ScalarType type, Device device, double value) => kind switch
    {
        FactoryKind.Empty => Ops.Tensor("aten::empty.memory_format", size, type, Ops.Default, device, Ops.Default, Ops.Default),
        FactoryKind.Zeros => Ops.Tensor("aten::zeros", size, type, Ops.Default, device, Ops.Default),
        FactoryKind.Ones => Ops.Tensor("aten::ones", size, type, Ops.Default, device, Ops.Default),
        FactoryKind.Full => Ops.Tensor("aten::full", size, value, type, Ops.Default, device, Ops.Default),
        FactoryKind.Rand => Ops.Tensor("aten::rand", size, type, Ops.Default, device, Ops.Default),
        _ => Ops.Tensor("aten::randn", size, type, Ops.Default, device, Ops.Default),
    };

    /// <summary>Complex integers: real and imaginary parts drawn independently from [low, high), as TorchSharp does.</summary>
    static Tensor ComplexRandint(long low, long high, long[] shape, ScalarType type, Device device, Generator? generator)
    {
        var real = type == ScalarType.ComplexFloat32 ? ScalarType.Float32 : ScalarType.Float64;
        using var parts = Ops.Tensor("aten::randint.low_generator", low, high, (long[])[.. shape, 2], generator, real, Ops.Default, device, Ops.Default);
        using var view = Ops.Tensor("aten::view_as_complex", parts);
        return view.clone();
    }

    // ------------------------------------------------------------ tensors from Memory<T> (a slice of an array), shaped by dimensions

    public static Tensor tensor(Memory<bool> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<bool>(rawArray.Span, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(Memory<byte> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<byte>(rawArray.Span, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(Memory<short> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<short>(rawArray.Span, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(Memory<int> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<int>(rawArray.Span, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(Memory<long> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<long>(rawArray.Span, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(Memory<float> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<float>(rawArray.Span, dimensions, dtype, device, requires_grad);
    public static Tensor tensor(Memory<double> rawArray, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => FromSpan<double>(rawArray.Span, dimensions, dtype, device, requires_grad);

    /// <summary>A complex128 tensor from complex numbers: their (real, imaginary) pairs viewed as complex.</summary>
    static Tensor FromComplex(System.Numerics.Complex[] data, long[] shape, ScalarType? dtype, Device? device, bool requires_grad)
    {
        var pairs = new double[data.Length * 2];
        for (int i = 0; i < data.Length; i++) (pairs[2 * i], pairs[2 * i + 1]) = (data[i].Real, data[i].Imaginary);
        using var parts = FromSpan<double>(pairs, [.. shape, 2], null, device, false);
        using var view = Ops.Tensor("aten::view_as_complex", parts);
        var t = view.to(dtype ?? ScalarType.ComplexFloat64, copy: true);
        if (requires_grad) t.requires_grad = true;
        return t;
    }

    // ------------------------------------------------------------ as_tensor

    /// <summary><paramref name="data"/> itself when it already has the dtype and device asked for, else a converted copy.</summary>
    public static Tensor as_tensor(Tensor data, ScalarType? dtype = null, Device? device = null)
    {
        var (t, d) = (dtype ?? data.dtype, device ?? data.device);
        return t == data.dtype && d == data.device ? data : data.to(t, d);
    }
    /// <summary>A tensor with the elements and shape of a .NET array (copied; dtype from the element type unless given).</summary>
    public static Tensor as_tensor(Array data, ScalarType? dtype = null, Device? device = null) => from_array(data, dtype, device);
    public static Tensor as_tensor(float[] data, ScalarType? dtype = null, Device? device = null) => tensor(data, dtype, device);
    public static Tensor as_tensor(double[] data, ScalarType? dtype = null, Device? device = null) => tensor(data, dtype, device);
    public static Tensor as_tensor(long[] data, ScalarType? dtype = null, Device? device = null) => tensor(data, dtype, device);
    public static Tensor as_tensor(int[] data, ScalarType? dtype = null, Device? device = null) => tensor(data, dtype, device);
    public static Tensor as_tensor(short[] data, ScalarType? dtype = null, Device? device = null) => tensor(data, dtype, device);
    public static Tensor as_tensor(byte[] data, ScalarType? dtype = null, Device? device = null) => tensor(data, dtype, device);
    public static Tensor as_tensor(bool[] data, ScalarType? dtype = null, Device? device = null) => tensor(data, dtype, device);

    // ------------------------------------------------------------ torch.special

    public static class special
    {
        /// <summary>Softmax along <paramref name="dim"/>, computed in <paramref name="dtype"/> when given.</summary>
        public static Tensor softmax(Tensor input, long dim, ScalarType? dtype = null) => Ops.Tensor("aten::softmax.int", input, dim, dtype);
        /// <summary>Log-softmax along <paramref name="dim"/>, computed in <paramref name="dtype"/> when given.</summary>
        public static Tensor log_softmax(Tensor input, long dim, ScalarType? dtype = null) => Ops.Tensor("aten::log_softmax.int", input, dim, dtype);
        /// <summary>The logistic sigmoid 1 / (1 + e^−x).</summary>
        public static Tensor expit(Tensor input) => input.sigmoid();
    }
}
