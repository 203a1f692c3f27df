namespace TorchSharp;

// Tensor functions beyond the course's core set, forwarded to ATen through the dispatcher (see Ops).
public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>Splits into pieces of <paramref name="split_size"/> along <paramref name="dim"/> (the last may be smaller).</summary>
        public Tensor[] split(long split_size, long dim = 0) => Ops.Tensors("aten::split.Tensor", this, split_size, dim);
        /// <summary>Splits into pieces of the given sizes along <paramref name="dim"/>.</summary>
        public Tensor[] split(long[] split_size_or_sections, long dim = 0) => Ops.Tensors("aten::split_with_sizes", this, split_size_or_sections, dim);
        public Tensor count_nonzero(long[]? dims = null) => dims is null ? Ops.Tensor("aten::count_nonzero", this, Ops.Default) : Ops.Tensor("aten::count_nonzero.dim_IntList", this, dims);
        public Tensor xlogy(Tensor y) => Ops.Tensor("aten::xlogy.Tensor", this, y);
        public Tensor xlogy(Scalar y) => Ops.Tensor("aten::xlogy.Scalar_Other", this, y.Value);
        public Tensor log2() => Ops.Tensor("aten::log2", this);
        public Tensor log10() => Ops.Tensor("aten::log10", this);
        public Tensor trunc() => Ops.Tensor("aten::trunc", this);
        public Tensor frac() => Ops.Tensor("aten::frac", this);
        public Tensor erf() => Ops.Tensor("aten::erf", this);
        public Tensor tan() => Ops.Tensor("aten::tan", this);
        public Tensor asin() => Ops.Tensor("aten::asin", this);
        public Tensor acos() => Ops.Tensor("aten::acos", this);
        public Tensor atan() => Ops.Tensor("aten::atan", this);
        public Tensor sinh() => Ops.Tensor("aten::sinh", this);
        public Tensor cosh() => Ops.Tensor("aten::cosh", this);
        public Tensor atan2(Tensor other) => Ops.Tensor("aten::atan2", this, other);
        public Tensor clamp_(Scalar? min = null, Scalar? max = null) => Ops.InPlace(this, "aten::clamp_", min?.Value, max?.Value);
        public Tensor lerp(Tensor end, Scalar weight) => Ops.Tensor("aten::lerp.Scalar", this, end, weight.Value);
        public Tensor diag(long diagonal = 0) => Ops.Tensor("aten::diag", this, diagonal);
        public Tensor triu(long diagonal = 0) => Ops.Tensor("aten::triu", this, diagonal);
        public Tensor tril(long diagonal = 0) => Ops.Tensor("aten::tril", this, diagonal);
        public Tensor cumprod(long dim) => Ops.Tensor("aten::cumprod", this, dim, Ops.Default);
        public Tensor logsumexp(long dim, bool keepdim = false) => Ops.Tensor("aten::logsumexp", this, new[] { dim }, keepdim);
        public Tensor roll(long shifts, long? dims = null) => Ops.Tensor("aten::roll", this, new[] { shifts }, dims is null ? Array.Empty<long>() : new[] { dims.Value });
        public Tensor tile(params long[] dims) => Ops.Tensor("aten::tile", this, dims);
        public Tensor sort(long dim = -1, bool descending = false, bool stable = false) => Ops.Tensors("aten::sort.stable", this, stable, dim, descending)[0];
        public Tensor argsort(long dim = -1, bool descending = false) => Ops.Tensor("aten::argsort", this, dim, descending);
        public Tensor unique_consecutive() => Ops.Tensors("aten::unique_consecutive", this)[0];
        public Tensor masked_fill(Tensor mask, Scalar value) => Ops.Tensor("aten::masked_fill.Scalar", this, mask, value.Value);
        public Tensor masked_fill_(Tensor mask, Scalar value) => Ops.InPlace(this, "aten::masked_fill_.Scalar", mask, value.Value);
        public Tensor scatter(long dim, Tensor index, Tensor src) => Ops.Tensor("aten::scatter.src", this, dim, index, src);
        public Tensor scatter_(long dim, Tensor index, Tensor src) => Ops.InPlace(this, "aten::scatter_.src", dim, index, src);
        public Tensor isinf() => Ops.Tensor("aten::isinf", this);
        public Tensor isfinite() => Ops.Tensor("aten::isfinite", this);
        public Tensor nan_to_num(double nan = 0.0) => Ops.Tensor("aten::nan_to_num", this, nan, Ops.Default, Ops.Default);
        public Tensor dot(Tensor other) => Ops.Tensor("aten::dot", this, other);
        public Tensor outer(Tensor other) => Ops.Tensor("aten::outer", this, other);
        public Tensor mv(Tensor vec) => Ops.Tensor("aten::mv", this, vec);
        public Tensor baddbmm(Tensor batch1, Tensor batch2) => Ops.Tensor("aten::baddbmm", this, batch1, batch2);
        /// <summary>The real part of a complex tensor (a view), or the tensor itself for a real one.</summary>
        public Tensor real => Ops.Tensor("aten::real", this);
        /// <summary>The imaginary part of a complex tensor (a view).</summary>
        public Tensor imag => Ops.Tensor("aten::imag", this);
        public Tensor angle() => Ops.Tensor("aten::angle", this);
        public Tensor conj() => Ops.Tensor("aten::conj", this);
        public Tensor abs_() => Ops.InPlace(this, "aten::abs_");
        public Tensor ceil_() => Ops.InPlace(this, "aten::ceil_");
        public Tensor floor_() => Ops.InPlace(this, "aten::floor_");
        public Tensor log_() => Ops.InPlace(this, "aten::log_");
        public Tensor reciprocal_() => Ops.InPlace(this, "aten::reciprocal_");
        public Tensor exp2() => Ops.Tensor("aten::exp2", this);
        public Tensor ravel() => Ops.Tensor("aten::ravel", this);
        public Tensor[] unbind(long dim = 0) => Ops.Tensors("aten::unbind.int", this, dim);
        public Tensor ones_like(ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.ones_like(this, dtype, device, requires_grad);
        public Tensor zeros_like(ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.zeros_like(this, dtype, device, requires_grad);
        public Tensor empty_like(ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.empty_like(this, dtype, device, requires_grad);
        public Tensor rand_like(ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.rand_like(this, dtype, device, requires_grad);
        public Tensor randn_like(ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.randn_like(this, dtype, device, requires_grad);
        public Tensor full_like(Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.full_like(this, value, dtype, device, requires_grad);
        public Tensor randint_like(long low, long high, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.randint_like(this, low, high, dtype, device, requires_grad);
        public Tensor new_full(long[] size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.full(size, value, dtype ?? this.dtype, device ?? this.device, requires_grad);
        public Tensor new_zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.zeros(size, dtype ?? this.dtype, device ?? this.device, requires_grad);
        public Tensor new_ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.ones(size, dtype ?? this.dtype, device ?? this.device, requires_grad);
        public Tensor new_empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) => torch.empty(size, dtype ?? this.dtype, device ?? this.device, requires_grad);
        public Tensor erfinv() => Ops.Tensor("aten::erfinv", this);
        public Tensor softplus() => Ops.Tensor("aten::softplus", this);
        public Tensor silu() => Ops.Tensor("aten::silu", this);
        public Tensor hardtanh(double min_val = -1, double max_val = 1) => Ops.Tensor("aten::hardtanh", this, min_val, max_val);
        public Tensor bernoulli(Generator? generator = null) => Ops.Tensor("aten::bernoulli", this, generator);
        public Tensor multinomial(long num_samples, bool replacement = false, Generator? generator = null) => Ops.Tensor("aten::multinomial", this, num_samples, replacement, generator);
        public Tensor poisson(Generator? generator = null) => Ops.Tensor("aten::poisson", this, generator);
        public Tensor normal_(double mean = 0, double std = 1, Generator? generator = null) => Ops.InPlace(this, "aten::normal_", mean, std, generator);
        public Tensor uniform_(double from, double to, Generator? generator) => Ops.InPlace(this, "aten::uniform_", from, to, generator);
        public Tensor exponential_(double lambd = 1, Generator? generator = null) => Ops.InPlace(this, "aten::exponential_", lambd, generator);
    }

    public static Tensor eye(long n, long m = -1, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var t = Ops.Tensor("aten::eye.m", n, m < 0 ? n : m, dtype ?? DefaultDType, Ops.Default, device ?? DefaultDevice, Ops.Default);
        if (requires_grad) t.requires_grad = true;
        return t;
    }
    public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var t = Ops.Tensor("aten::linspace", start, end, steps, dtype ?? DefaultDType, Ops.Default, device ?? DefaultDevice, Ops.Default);
        if (requires_grad) t.requires_grad = true;
        return t;
    }
    public static Tensor logspace(double start, double end, long steps, double @base = 10, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var t = Ops.Tensor("aten::logspace", start, end, steps, @base, dtype ?? DefaultDType, Ops.Default, device ?? DefaultDevice, Ops.Default);
        if (requires_grad) t.requires_grad = true;
        return t;
    }
    public static Tensor normal(double mean, double std, long[] size, Generator? generator = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        var t = Ops.Tensor("aten::normal.float_float", mean, std, size, generator, dtype ?? DefaultDType, Ops.Default, device ?? DefaultDevice, Ops.Default);
        if (requires_grad) t.requires_grad = true;
        return t;
    }
    public static Tensor normal(Tensor mean, Tensor std, Generator? generator = null) => Ops.Tensor("aten::normal.Tensor_Tensor", mean, std, generator);
    public static Tensor bernoulli(Tensor input, Generator? generator = null) => input.bernoulli(generator);
    public static Tensor multinomial(Tensor input, long num_samples, bool replacement = false, Generator? generator = null) => input.multinomial(num_samples, replacement, generator);
    public static Tensor poisson(Tensor input, Generator? generator = null) => input.poisson(generator);
    public static Tensor xlogy(Tensor x, Tensor y) => x.xlogy(y);
    public static Tensor clamp_(Tensor x, Scalar? min = null, Scalar? max = null) => x.clamp_(min, max);
    public static Tensor count_nonzero(Tensor x, long[]? dims = null) => x.count_nonzero(dims);
    public static Tensor dot(Tensor a, Tensor b) => a.dot(b);
    public static Tensor outer(Tensor a, Tensor b) => a.outer(b);
    public static Tensor diag(Tensor x, long diagonal = 0) => x.diag(diagonal);
    public static Tensor triu(Tensor x, long diagonal = 0) => x.triu(diagonal);
    public static Tensor tril(Tensor x, long diagonal = 0) => x.tril(diagonal);
    public static Tensor sort(Tensor x, long dim = -1, bool descending = false) => x.sort(dim, descending);
    public static Tensor log2(Tensor x) => x.log2();
    public static Tensor square(Tensor x) => x.square();
    public static Tensor unsqueeze(Tensor x, long dim) => x.unsqueeze(dim);
    public static Tensor squeeze(Tensor x, long? dim = null) => dim is null ? x.squeeze() : x.squeeze(dim.Value);
    public static Tensor[] unbind(Tensor x, long dim = 0) => x.unbind(dim);
    public static Tensor ravel(Tensor x) => x.ravel();
    public static Tensor exp2(Tensor x) => x.exp2();
    public static Tensor log10(Tensor x) => x.log10();
    public static readonly Device MPS = new(DeviceType.MPS, 0);
}
