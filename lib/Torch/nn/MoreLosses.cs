using static TorchSharp.torch;

namespace TorchSharp.Modules
{
    /// <summary>Mean absolute error |input − target|.</summary>
    public sealed class L1Loss : Loss
    {
        public L1Loss(nn.Reduction reduction = nn.Reduction.Mean) : base(nameof(L1Loss), reduction) { }
        public override Tensor forward(Tensor input, Tensor target) => nn.functional.l1_loss(input, target, reduction);
    }

    /// <summary>Squared error below <see cref="beta"/>, absolute error above it.</summary>
    public sealed class SmoothL1Loss : Loss
    {
        public double beta { get; }
        public SmoothL1Loss(nn.Reduction reduction = nn.Reduction.Mean, double beta = 1.0) : base(nameof(SmoothL1Loss), reduction) { this.beta = beta; }
        public override Tensor forward(Tensor input, Tensor target) => nn.functional.smooth_l1_loss(input, target, reduction, beta);
    }

    /// <summary>Huber loss: squared error below <see cref="delta"/>, linear above it.</summary>
    public sealed class HuberLoss : Loss
    {
        public double delta { get; }
        public HuberLoss(double delta = 1.0, nn.Reduction reduction = nn.Reduction.Mean) : base(nameof(HuberLoss), reduction) { this.delta = delta; }
        public override Tensor forward(Tensor input, Tensor target) => nn.functional.huber_loss(input, target, delta, reduction);
    }

    /// <summary>Binary cross-entropy of probabilities.</summary>
    public sealed class BCELoss : Loss
    {
        public Tensor? weight { get; }
        public BCELoss(Tensor? weight = null, nn.Reduction reduction = nn.Reduction.Mean) : base(nameof(BCELoss), reduction) { this.weight = weight; }
        public override Tensor forward(Tensor input, Tensor target) => Ops.Tensor("aten::binary_cross_entropy", input, target, weight, (long)reduction);
    }

    /// <summary>Binary cross-entropy of logits (sigmoid included, numerically stable).</summary>
    public sealed class BCEWithLogitsLoss : Loss
    {
        public Tensor? weight { get; }
        public Tensor? pos_weights { get; }
        public BCEWithLogitsLoss(Tensor? weight = null, nn.Reduction reduction = nn.Reduction.Mean, Tensor? pos_weights = null)
            : base(nameof(BCEWithLogitsLoss), reduction) { this.weight = weight; this.pos_weights = pos_weights; }
        public override Tensor forward(Tensor input, Tensor target) =>
            nn.functional.binary_cross_entropy_with_logits(input, target, weight, reduction, pos_weights);
    }

    /// <summary>x for x > 0, α(eˣ − 1) otherwise.</summary>
    public sealed class ELU : nn.Module<Tensor, Tensor>
    {
        public double alpha { get; }
        public ELU(double alpha = 1.0) : base(nameof(ELU)) { this.alpha = alpha; }
        public override Tensor forward(Tensor input) => Ops.Tensor("aten::elu", input, alpha);
    }

    /// <summary>Zeroes whole channels with probability p in training (scaling the rest by 1/(1−p)).</summary>
    public sealed class Dropout2d : nn.Module<Tensor, Tensor>
    {
        public double p { get; }
        /// <summary>Whether the input is overwritten (training mode only).</summary>
        public bool inplace { get; }
        public Dropout2d(double p = 0.5, bool inplace = false) : base(nameof(Dropout2d)) { Check.Probability(p, nameof(p)); this.p = p; this.inplace = inplace; }
        public override Tensor forward(Tensor input) => nn.functional.dropout2d(input, p, training, inplace && training);
    }

    /// <summary>Splits dimension <see cref="dim"/> into <see cref="unflattened_size"/>.</summary>
    public sealed class Unflatten : nn.Module<Tensor, Tensor>
    {
        public long dim { get; }
        public long[] unflattened_size { get; }
        public Unflatten(long dim, long[] unflattened_size) : base(nameof(Unflatten)) { this.dim = dim; this.unflattened_size = unflattened_size; }
        public override Tensor forward(Tensor input) => input.unflatten(dim, unflattened_size);
    }
}

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class nn
        {
            public static Modules.L1Loss L1Loss(Reduction reduction = Reduction.Mean) => new(reduction);
            public static Modules.SmoothL1Loss SmoothL1Loss(Reduction reduction = Reduction.Mean, double beta = 1.0) => new(reduction, beta);
            public static Modules.HuberLoss HuberLoss(double delta = 1.0, Reduction reduction = Reduction.Mean) => new(delta, reduction);
            public static Modules.BCELoss BCELoss(Tensor? weight = null, Reduction reduction = Reduction.Mean) => new(weight, reduction);
            public static Modules.BCEWithLogitsLoss BCEWithLogitsLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? pos_weights = null) => new(weight, reduction, pos_weights);
            public static Modules.ELU ELU(double alpha = 1.0, bool inplace = false) => new(alpha);
            public static Modules.Dropout2d Dropout2d(double p = 0.5, bool inplace = false) => new(p, inplace);
            public static Modules.Unflatten Unflatten(long dim, long[] unflattened_size) => new(dim, unflattened_size);

            public static partial class functional
            {
                public static Tensor l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                    Ops.Tensor("aten::l1_loss", input, target, (long)reduction);
                public static Tensor smooth_l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, double beta = 1.0) =>
                    Ops.Tensor("aten::smooth_l1_loss", input, target, (long)reduction, beta);
                public static Tensor huber_loss(Tensor input, Tensor target, double delta = 1.0, Reduction reduction = Reduction.Mean) =>
                    Ops.Tensor("aten::huber_loss", input, target, (long)reduction, delta);
                public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean, Tensor? pos_weights = null) =>
                    Ops.Tensor("aten::binary_cross_entropy_with_logits", input, target, weight, pos_weights, (long)reduction);
                public static Tensor elu(Tensor input, double alpha = 1.0) => Ops.Tensor("aten::elu", input, alpha);
                public static Tensor silu(Tensor input) => Ops.Tensor("aten::silu", input);
            }
        }

        public partial class Tensor
        {
            public Tensor unflatten(long dim, params long[] sizes) => Ops.Tensor("aten::unflatten.int", this, dim, sizes);
            public Tensor diagonal(long offset = 0, long dim1 = 0, long dim2 = 1) => Ops.Tensor("aten::diagonal", this, offset, dim1, dim2);
            public Tensor where(Tensor condition, Tensor other) => torch.where(condition, this, other);
            public Tensor with_requires_grad(bool requires_grad = true) { this.requires_grad = requires_grad; return this; }
            public Tensor eq_(Tensor other) => Ops.InPlace(this, "aten::eq_.Tensor", other);
            public Tensor ne_(Tensor other) => Ops.InPlace(this, "aten::ne_.Tensor", other);
            public Tensor lt_(Tensor other) => Ops.InPlace(this, "aten::lt_.Tensor", other);
            public Tensor le_(Tensor other) => Ops.InPlace(this, "aten::le_.Tensor", other);
            public Tensor gt_(Tensor other) => Ops.InPlace(this, "aten::gt_.Tensor", other);
            public Tensor ge_(Tensor other) => Ops.InPlace(this, "aten::ge_.Tensor", other);
            public Tensor eq_(Scalar other) => Ops.InPlace(this, "aten::eq_.Scalar", other.Value);
            public Tensor ne_(Scalar other) => Ops.InPlace(this, "aten::ne_.Scalar", other.Value);
            public Tensor lt_(Scalar other) => Ops.InPlace(this, "aten::lt_.Scalar", other.Value);
            public Tensor le_(Scalar other) => Ops.InPlace(this, "aten::le_.Scalar", other.Value);
            public Tensor gt_(Scalar other) => Ops.InPlace(this, "aten::gt_.Scalar", other.Value);
            public Tensor ge_(Scalar other) => Ops.InPlace(this, "aten::ge_.Scalar", other.Value);
            public Tensor logical_and(Tensor other) => Ops.Tensor("aten::logical_and", this, other);
            public Tensor logical_or(Tensor other) => Ops.Tensor("aten::logical_or", this, other);
            public Tensor logical_xor(Tensor other) => Ops.Tensor("aten::logical_xor", this, other);
            public Tensor logical_and_(Tensor other) => Ops.InPlace(this, "aten::logical_and_", other);
            public Tensor logical_or_(Tensor other) => Ops.InPlace(this, "aten::logical_or_", other);
            public Tensor logical_xor_(Tensor other) => Ops.InPlace(this, "aten::logical_xor_", other);
            public Tensor logical_not_() => Ops.InPlace(this, "aten::logical_not_");
            public Tensor cos_() => Ops.InPlace(this, "aten::cos_");
            public Tensor sin_() => Ops.InPlace(this, "aten::sin_");
            public Tensor tan_() => Ops.InPlace(this, "aten::tan_");
            public Tensor log2_() => Ops.InPlace(this, "aten::log2_");
            public Tensor log10_() => Ops.InPlace(this, "aten::log10_");
            public Tensor round_() => Ops.InPlace(this, "aten::round_");
            public Tensor sign_() => Ops.InPlace(this, "aten::sign_");
            public Tensor pow_(Tensor exponent) => Ops.InPlace(this, "aten::pow_.Tensor", exponent);
            public Tensor clamp(Tensor? min, Tensor? max = null) => Ops.Tensor("aten::clamp.Tensor", this, min, max);
            public Tensor clamp_(Tensor? min, Tensor? max = null) => Ops.InPlace(this, "aten::clamp_.Tensor", min, max);
            public Tensor amax(long dim, bool keepdim = false) => amax(new[] { dim }, keepdim);
            public Tensor amin(long dim, bool keepdim = false) => Ops.Tensor("aten::amin", this, new[] { dim }, keepdim);
        }

        public static Tensor pow(Tensor input, Tensor exponent) => input.pow(exponent);
        public static Tensor logical_and(Tensor a, Tensor b) => a.logical_and(b);
        public static Tensor logical_or(Tensor a, Tensor b) => a.logical_or(b);
        public static Tensor diagonal(Tensor x, long offset = 0, long dim1 = 0, long dim2 = 1) => x.diagonal(offset, dim1, dim2);
    }
}
