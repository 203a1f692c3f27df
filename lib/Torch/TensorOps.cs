using static TorchSharp.Native;

namespace TorchSharp;

public static partial class torch
{
    public partial class Tensor
    {
        internal static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";

        Tensor Unary(UnaryOp op) => new(ts_unary(Handle, (int)op));

        Tensor Binary(Tensor other, BinaryOp op, string name, double alpha = 1)
        {
            var p = ts_binary(Handle, other.Handle, (int)op, alpha);
            if (p == IntPtr.Zero) throw Error($"{name}: shapes {Shape(this)} and {Shape(other)}");
            return new Tensor(p);
        }

        Tensor Binary(double s, BinaryOp op, string name)
        {
            var p = ts_binary_scalar(Handle, s, (int)op);
            if (p == IntPtr.Zero) throw Error($"{name}: tensor {Shape(this)} and scalar {s}");
            return new Tensor(p);
        }

        Tensor Inplace(Tensor other, BinaryInplaceOp op, string name, double alpha = 1)
        {
            if (ts_binary_(Handle, other.Handle, (int)op, alpha) < 0) throw Error($"{name}: shapes {Shape(this)} and {Shape(other)}");
            return this;
        }

        Tensor Inplace(double s, ScalarInplaceOp op, string name) { Check(ts_scalar_(Handle, s, (int)op), name); return this; }
        Tensor Inplace(UnaryInplaceOp op, string name) { Check(ts_unary_(Handle, (int)op), name); return this; }

        // ------------------------------------------------------------ operators

        public static Tensor operator +(Tensor a, Tensor b) => a.Binary(b, BinaryOp.Add, "add");
        public static Tensor operator -(Tensor a, Tensor b) => a.Binary(b, BinaryOp.Sub, "sub");
        public static Tensor operator *(Tensor a, Tensor b) => a.Binary(b, BinaryOp.Mul, "mul");
        public static Tensor operator /(Tensor a, Tensor b) => a.Binary(b, BinaryOp.Div, "div");
        public static Tensor operator %(Tensor a, Tensor b) => a.Binary(b, BinaryOp.Remainder, "remainder");
        public static Tensor operator +(Tensor a, double b) => a.Binary(b, BinaryOp.Add, "add");
        public static Tensor operator -(Tensor a, double b) => a.Binary(b, BinaryOp.Sub, "sub");
        public static Tensor operator *(Tensor a, double b) => a.Binary(b, BinaryOp.Mul, "mul");
        public static Tensor operator /(Tensor a, double b) => a.Binary(b, BinaryOp.Div, "div");
        public static Tensor operator %(Tensor a, double b) => a.Binary(b, BinaryOp.Remainder, "remainder");
        public static Tensor operator +(double a, Tensor b) => b.Binary(a, BinaryOp.Add, "add");
        public static Tensor operator -(double a, Tensor b) => b.Binary(a, BinaryOp.RSub, "sub");
        public static Tensor operator *(double a, Tensor b) => b.Binary(a, BinaryOp.Mul, "mul");
        public static Tensor operator /(double a, Tensor b) => b.Binary(a, BinaryOp.RDiv, "div");
        public static Tensor operator -(Tensor a) => a.Unary(UnaryOp.Neg);
        public static Tensor operator !(Tensor a) => a.Unary(UnaryOp.LogicalNot);
        public static Tensor operator &(Tensor a, Tensor b) => a.Binary(b, BinaryOp.LogicalAnd, "logical_and");
        public static Tensor operator |(Tensor a, Tensor b) => a.Binary(b, BinaryOp.LogicalOr, "logical_or");

        // ------------------------------------------------------------ arithmetic

        public Tensor add(Tensor other, double alpha = 1) => Binary(other, BinaryOp.Add, "add", alpha);
        public Tensor add(double other) => Binary(other, BinaryOp.Add, "add");
        public Tensor sub(Tensor other, double alpha = 1) => Binary(other, BinaryOp.Sub, "sub", alpha);
        public Tensor sub(double other) => Binary(other, BinaryOp.Sub, "sub");
        public Tensor mul(Tensor other) => Binary(other, BinaryOp.Mul, "mul");
        public Tensor mul(double other) => Binary(other, BinaryOp.Mul, "mul");
        public Tensor div(Tensor other) => Binary(other, BinaryOp.Div, "div");
        public Tensor div(double other) => Binary(other, BinaryOp.Div, "div");
        public Tensor matmul(Tensor other) => Binary(other, BinaryOp.Matmul, "matmul");
        public Tensor mm(Tensor other) => Binary(other, BinaryOp.Mm, "mm");
        public Tensor bmm(Tensor other) => Binary(other, BinaryOp.Bmm, "bmm");
        public Tensor pow(Tensor exponent) => Binary(exponent, BinaryOp.Pow, "pow");
        public Tensor pow(double exponent) => Binary(exponent, BinaryOp.Pow, "pow");
        public Tensor remainder(double other) => Binary(other, BinaryOp.Remainder, "remainder");
        public Tensor floor_divide(double other) => Binary(other, BinaryOp.FloorDivide, "floor_divide");
        public Tensor maximum(Tensor other) => Binary(other, BinaryOp.Maximum, "maximum");
        public Tensor minimum(Tensor other) => Binary(other, BinaryOp.Minimum, "minimum");
        public Tensor clamp(double? min = null, double? max = null) =>
            new(ts_clamp(Handle, min ?? 0, max ?? 0, min.HasValue ? 1 : 0, max.HasValue ? 1 : 0));
        public Tensor clamp_min(double min) => clamp(min, null);
        public Tensor clamp_max(double max) => clamp(null, max);

        public Tensor neg() => Unary(UnaryOp.Neg);
        public Tensor exp() => Unary(UnaryOp.Exp);
        public Tensor log() => Unary(UnaryOp.Log);
        public Tensor log1p() => Unary(UnaryOp.Log1p);
        public Tensor expm1() => Unary(UnaryOp.Expm1);
        public Tensor sigmoid() => Unary(UnaryOp.Sigmoid);
        public Tensor tanh() => Unary(UnaryOp.Tanh);
        public Tensor relu() => Unary(UnaryOp.Relu);
        public Tensor sqrt() => Unary(UnaryOp.Sqrt);
        public Tensor rsqrt() => Unary(UnaryOp.Rsqrt);
        public Tensor abs() => Unary(UnaryOp.Abs);
        public Tensor square() => Unary(UnaryOp.Square);
        public Tensor reciprocal() => Unary(UnaryOp.Reciprocal);
        public Tensor floor() => Unary(UnaryOp.Floor);
        public Tensor ceil() => Unary(UnaryOp.Ceil);
        public Tensor sin() => Unary(UnaryOp.Sin);
        public Tensor cos() => Unary(UnaryOp.Cos);
        public Tensor sign() => Unary(UnaryOp.Sign);
        public Tensor isnan() => Unary(UnaryOp.IsNan);
        public Tensor logical_not() => Unary(UnaryOp.LogicalNot);
        public Tensor clone() => Unary(UnaryOp.Clone);
        public Tensor contiguous() => Unary(UnaryOp.Contiguous);
        public Tensor t() => Unary(UnaryOp.T);
        public Tensor softmax(long dim) => new(ts_softmax(Handle, dim));
        public Tensor log_softmax(long dim) => new(ts_log_softmax(Handle, dim));

        // ------------------------------------------------------------ comparison → bool tensors

        public Tensor eq(Tensor other) => Binary(other, BinaryOp.Eq, "eq");
        public Tensor ne(Tensor other) => Binary(other, BinaryOp.Ne, "ne");
        public Tensor lt(Tensor other) => Binary(other, BinaryOp.Lt, "lt");
        public Tensor le(Tensor other) => Binary(other, BinaryOp.Le, "le");
        public Tensor gt(Tensor other) => Binary(other, BinaryOp.Gt, "gt");
        public Tensor ge(Tensor other) => Binary(other, BinaryOp.Ge, "ge");
        public Tensor eq(double other) => Binary(other, BinaryOp.Eq, "eq");
        public Tensor ne(double other) => Binary(other, BinaryOp.Ne, "ne");
        public Tensor lt(double other) => Binary(other, BinaryOp.Lt, "lt");
        public Tensor le(double other) => Binary(other, BinaryOp.Le, "le");
        public Tensor gt(double other) => Binary(other, BinaryOp.Gt, "gt");
        public Tensor ge(double other) => Binary(other, BinaryOp.Ge, "ge");
        public bool equal(Tensor other) { var r = ts_equal(Handle, other.Handle); Check(r, "equal"); return r == 1; }
        public bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8)
        {
            var r = ts_allclose(Handle, other.Handle, rtol, atol);
            if (r < 0) throw Error($"allclose: shapes {Shape(this)} and {Shape(other)}");
            return r == 1;
        }

        // ------------------------------------------------------------ in place (used by optimisers and init)

        public Tensor add_(Tensor other, double alpha = 1) => Inplace(other, BinaryInplaceOp.Add, "add_", alpha);
        public Tensor sub_(Tensor other, double alpha = 1) => Inplace(other, BinaryInplaceOp.Sub, "sub_", alpha);
        public Tensor mul_(Tensor other) => Inplace(other, BinaryInplaceOp.Mul, "mul_");
        public Tensor div_(Tensor other) => Inplace(other, BinaryInplaceOp.Div, "div_");
        public Tensor copy_(Tensor source) => Inplace(source, BinaryInplaceOp.Copy, "copy_");
        public Tensor add_(double other) => Inplace(other, ScalarInplaceOp.Add, "add_");
        public Tensor sub_(double other) => Inplace(other, ScalarInplaceOp.Sub, "sub_");
        public Tensor mul_(double other) => Inplace(other, ScalarInplaceOp.Mul, "mul_");
        public Tensor div_(double other) => Inplace(other, ScalarInplaceOp.Div, "div_");
        public Tensor pow_(double other) => Inplace(other, ScalarInplaceOp.Pow, "pow_");
        public Tensor fill_(double value) => Inplace(value, ScalarInplaceOp.Fill, "fill_");
        public Tensor clamp_(double? min = null, double? max = null)
        {
            if (min is { } lo) Inplace(lo, ScalarInplaceOp.ClampMin, "clamp_");
            if (max is { } hi) Inplace(hi, ScalarInplaceOp.ClampMax, "clamp_");
            return this;
        }
        public Tensor zero_() => Inplace(UnaryInplaceOp.Zero, "zero_");
        public Tensor relu_() => Inplace(UnaryInplaceOp.Relu, "relu_");
        public Tensor sigmoid_() => Inplace(UnaryInplaceOp.Sigmoid, "sigmoid_");
        public Tensor tanh_() => Inplace(UnaryInplaceOp.Tanh, "tanh_");
        public Tensor neg_() => Inplace(UnaryInplaceOp.Neg, "neg_");
        public Tensor sqrt_() => Inplace(UnaryInplaceOp.Sqrt, "sqrt_");
        public Tensor exp_() => Inplace(UnaryInplaceOp.Exp, "exp_");
        public Tensor addcmul_(Tensor tensor1, Tensor tensor2, double value = 1)
        {
            if (ts_addcmul_(Handle, tensor1.Handle, tensor2.Handle, value) < 0) throw Error($"addcmul_: shapes {Shape(this)}, {Shape(tensor1)}, {Shape(tensor2)}");
            return this;
        }
        public Tensor addcdiv_(Tensor tensor1, Tensor tensor2, double value = 1)
        {
            if (ts_addcdiv_(Handle, tensor1.Handle, tensor2.Handle, value) < 0) throw Error($"addcdiv_: shapes {Shape(this)}, {Shape(tensor1)}, {Shape(tensor2)}");
            return this;
        }
        public Tensor uniform_(double from = 0, double to = 1) { Check(ts_uniform_(Handle, from, to), "uniform_"); return this; }
        public Tensor normal_(double mean = 0, double std = 1) { Check(ts_normal_(Handle, mean, std), "normal_"); return this; }
        public Tensor bernoulli_(double p = 0.5) { Check(ts_bernoulli_(Handle, p), "bernoulli_"); return this; }

        // ------------------------------------------------------------ reductions

        unsafe Tensor Reduce(ReduceOp op, long[]? dims, bool keepdim)
        {
            if (dims is null) return new Tensor(ts_reduce(Handle, (int)op, null, -1, 0));
            fixed (long* p = dims) return new Tensor(ts_reduce(Handle, (int)op, p, dims.Length, keepdim ? 1 : 0));
        }
        public Tensor mean() => Reduce(ReduceOp.Mean, null, false);
        public Tensor norm() => Reduce(ReduceOp.Norm, null, false);
        public Tensor all() => Reduce(ReduceOp.All, null, false);
        public Tensor any() => Reduce(ReduceOp.Any, null, false);
        public Tensor amax(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Amax, dims, keepdim);
        public Tensor amin(long[] dims, bool keepdim = false) => Reduce(ReduceOp.Amin, dims, keepdim);
        /// <summary>The largest element.</summary>
        public Tensor max() => Reduce(ReduceOp.Amax, null, false);
        /// <summary>The smallest element.</summary>
        public Tensor min() => Reduce(ReduceOp.Amin, null, false);
        public (Tensor values, Tensor indexes) max(long dim, bool keepdim = false)
        {
            Check(ts_max_dim(Handle, dim, keepdim ? 1 : 0, 0, out var v, out var i), "max");
            return (new Tensor(v), new Tensor(i));
        }
        public (Tensor values, Tensor indexes) min(long dim, bool keepdim = false)
        {
            Check(ts_max_dim(Handle, dim, keepdim ? 1 : 0, 1, out var v, out var i), "min");
            return (new Tensor(v), new Tensor(i));
        }
        public Tensor argmax() => new(ts_argmax(Handle, 0, 0, 0, 0));
        public Tensor argmax(long dim, bool keepdim = false) => new(ts_argmax(Handle, dim, 1, keepdim ? 1 : 0, 0));
        public Tensor cumsum(long dim) => new(ts_cumsum(Handle, dim));
        public Tensor bincount(long minlength = 0) => new(ts_bincount(Handle, minlength));

        // ------------------------------------------------------------ shape

        unsafe Tensor ShapeOp(long[] shape, string name, delegate*<IntPtr, long*, int, IntPtr> f)
        {
            IntPtr p;
            fixed (long* s = shape) p = f(Handle, s, shape.Length);
            if (p == IntPtr.Zero) throw Error($"{name}: tensor of shape {Shape(this)} to [{string.Join(", ", shape)}]");
            return new Tensor(p);
        }
        public unsafe Tensor reshape(params long[] shape) => ShapeOp(shape, "reshape", &ts_reshape);
        public unsafe Tensor view(params long[] shape) => ShapeOp(shape, "view", &ts_view);
        public unsafe Tensor expand(params long[] shape) => ShapeOp(shape, "expand", &ts_expand);
        public unsafe Tensor repeat(params long[] repeats) => ShapeOp(repeats, "repeat", &ts_repeat);
        public unsafe Tensor permute(params long[] dims) => ShapeOp(dims, "permute", &ts_permute);
        public unsafe Tensor flip(params long[] dims) => ShapeOp(dims, "flip", &ts_flip);
        public Tensor view_as(Tensor other) => view(other.shape);
        public Tensor reshape_as(Tensor other) => reshape(other.shape);
        public Tensor expand_as(Tensor other) => expand(other.shape);
        public Tensor transpose(long dim0, long dim1) => new(ts_transpose(Handle, dim0, dim1));
        public Tensor flatten(long start_dim = 0, long end_dim = -1) => new(ts_flatten(Handle, start_dim, end_dim));
        public Tensor squeeze() => new(ts_squeeze(Handle, 0, 1));
        public Tensor squeeze(long dim) => new(ts_squeeze(Handle, dim, 0));
        public Tensor unsqueeze(long dim) => new(ts_unsqueeze(Handle, dim));
        public Tensor narrow(long dim, long start, long length) => new(ts_narrow(Handle, dim, start, length));
        public Tensor select(long dim, long index) => new(ts_select(Handle, dim, index));
        public Tensor slice(long dim, long start, long end, long step = 1) => new(ts_slice(Handle, dim, start, end, step));
        public Tensor index_select(long dim, Tensor index) => new(ts_index_select(Handle, dim, index.Handle));
        public Tensor masked_select(Tensor mask) => new(ts_masked_select(Handle, mask.Handle));
        public Tensor gather(long dim, Tensor index) => new(ts_gather(Handle, dim, index.Handle));
        public Tensor index(Tensor indices) => new(ts_index_tensor(Handle, indices.Handle));
        public Tensor[] chunk(long chunks, long dim = 0)
        {
            var n = size((int)dim);
            var step = (n + chunks - 1) / chunks;
            var list = new List<Tensor>();
            for (long s = 0; s < n; s += step) list.Add(narrow(dim, s, Math.Min(step, n - s)));
            return list.ToArray();
        }
    }
}
