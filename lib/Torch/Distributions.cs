namespace TorchSharp
{

public static partial class torch
{
    /// <summary>
    /// Probability distributions shaped like TorchSharp's (and PyTorch's) <c>torch.distributions</c>: <c>sample(shape)</c>
    /// draws with libtorch's samplers (optionally from a <see cref="Generator"/>), <c>log_prob</c>, <c>mean</c>, <c>variance</c>.
    /// A sample's shape is the requested sample shape followed by the distribution's batch (and event) shape.
    /// </summary>
    public static class distributions
    {
        /// <summary>Base of the distributions.</summary>
        public abstract class Distribution : IDisposable
        {
            protected Distribution(Generator? generator, long[] batch_shape, long[]? event_shape = null)
            {
                this.generator = generator; this.batch_shape = batch_shape; this.event_shape = event_shape ?? [];
            }

            protected readonly Generator? generator;
            public long[] batch_shape { get; }
            public long[] event_shape { get; }
            public abstract Tensor mean { get; }
            public abstract Tensor variance { get; }
            public virtual Tensor stddev => variance.sqrt();
            /// <summary>Draws a sample of shape sample_shape + batch_shape + event_shape (no gradient).</summary>
            public abstract Tensor sample(params long[] sample_shape);
            /// <summary>A sample that gradients flow through (where the distribution allows it).</summary>
            public virtual Tensor rsample(params long[] sample_shape) => throw new NotSupportedException($"{GetType().Name} has no reparameterised sample");
            /// <summary>The log of the density or mass at <paramref name="value"/>.</summary>
            public abstract Tensor log_prob(Tensor value);
            public virtual Tensor entropy() => throw new NotSupportedException($"{GetType().Name}.entropy is not implemented");
            protected long[] ExtendedShape(long[] sample_shape) => [.. sample_shape, .. batch_shape, .. event_shape];
            public virtual void Dispose() { }
        }

        internal static long[] Broadcast(params Tensor[] ts)
        {
            var rank = ts.Max(t => t.shape.Length);
            var shape = new long[rank];
            for (int i = 0; i < rank; i++)
            {
                long size = 1;
                foreach (var t in ts)
                {
                    var s = t.shape; int j = i - (rank - s.Length);
                    if (j < 0 || s[j] == 1) continue;
                    if (size != 1 && size != s[j]) throw new ArgumentException($"distribution parameters of shapes {string.Join(" and ", ts.Select(Tensor.Shape))} do not broadcast");
                    size = s[j];
                }
                shape[i] = size;
            }
            return shape;
        }

        internal static Tensor ProbsOf(Tensor? probs, Tensor? logits, bool normalize)
        {
            if ((probs is null) == (logits is null)) throw new ArgumentException("give exactly one of probs and logits");
            if (probs is not null) return normalize ? probs / probs.sum(-1, keepdim: true) : probs.alias();
            return normalize ? logits!.softmax(-1) : logits!.sigmoid();
        }

        public static Modules.Bernoulli Bernoulli(Tensor? probs = null, Tensor? logits = null, Generator? generator = null) => new(probs, logits, generator);
        public static Modules.Binomial Binomial(Tensor total_count, Tensor? probs = null, Tensor? logits = null, Generator? generator = null) => new(total_count, probs, logits, generator);
        public static Modules.Categorical Categorical(Tensor? probs = null, Tensor? logits = null, Generator? generator = null) => new(probs, logits, generator);
        public static Modules.Multinomial Multinomial(int total_count, Tensor? probs = null, Tensor? logits = null, Generator? generator = null) => new(total_count, probs, logits, generator);
        public static Modules.Normal Normal(Tensor loc, Tensor scale, Generator? generator = null) => new(loc, scale, generator);
        public static Modules.Normal Normal(double loc, double scale = 1.0, Generator? generator = null) => new(tensor(loc), tensor(scale), generator);
        public static Modules.Uniform Uniform(Tensor low, Tensor high, Generator? generator = null) => new(low, high, generator);
    }
}
}

namespace TorchSharp.Modules
{
    using static TorchSharp.torch;
    using static TorchSharp.torch.distributions;

    /// <summary>1 with probability p, else 0.</summary>
    public sealed class Bernoulli : Distribution
    {
        public Tensor probs { get; }
        public Bernoulli(Tensor? probs, Tensor? logits, Generator? generator = null) : this(ProbsOf(probs, logits, false), generator) { }
        Bernoulli(Tensor p, Generator? generator) : base(generator, p.shape) { probs = p.DetachFromDisposeScope(); }
        public override Tensor mean => probs.alias();
        public override Tensor variance => probs * (1 - probs);
        public override Tensor sample(params long[] sample_shape)
        {
            using var _ = no_grad();
            using var p = probs.expand(ExtendedShape(sample_shape));
            return Ops.Tensor("aten::bernoulli", p, generator);
        }
        public override Tensor log_prob(Tensor value) => value.xlogy(probs) + (1 - value).xlogy(1 - probs);
        public override Tensor entropy() => -(probs.xlogy(probs) + (1 - probs).xlogy(1 - probs));
        public override void Dispose() => probs.Dispose();
    }

    /// <summary>Number of successes in total_count trials with success probability p.</summary>
    public sealed class Binomial : Distribution
    {
        public Tensor total_count { get; }
        public Tensor probs { get; }
        public Binomial(Tensor total_count, Tensor? probs, Tensor? logits, Generator? generator = null) : this(total_count, ProbsOf(probs, logits, false), generator, 0) { }
        Binomial(Tensor n, Tensor p, Generator? generator, int _) : base(generator, Broadcast(n, p))
        {
            total_count = n.to(p.dtype).DetachFromDisposeScope(); probs = p.DetachFromDisposeScope();
        }
        public override Tensor mean => total_count * probs;
        public override Tensor variance => total_count * probs * (1 - probs);
        public override Tensor sample(params long[] sample_shape)
        {
            using var _ = no_grad();
            var shape = ExtendedShape(sample_shape);
            using var n = total_count.expand(shape).contiguous();
            using var p = probs.expand(shape).contiguous();
            return Ops.Tensor("aten::binomial", n, p, generator);
        }
        public override Tensor log_prob(Tensor value)
        {
            var logComb = Ops.Tensor("aten::lgamma", total_count + 1) - Ops.Tensor("aten::lgamma", value + 1) - Ops.Tensor("aten::lgamma", total_count - value + 1);
            return logComb + value.xlogy(probs) + (total_count - value).xlogy(1 - probs);
        }
        public override void Dispose() { total_count.Dispose(); probs.Dispose(); }
    }

    /// <summary>One of K categories with the given probabilities (the last dimension of probs).</summary>
    public sealed class Categorical : Distribution
    {
        public Tensor probs { get; }
        public Categorical(Tensor? probs, Tensor? logits, Generator? generator = null) : this(ProbsOf(probs, logits, true), generator) { }
        Categorical(Tensor p, Generator? generator) : base(generator, p.shape[..^1]) { probs = p.DetachFromDisposeScope(); }
        public long num_events => probs.shape[^1];
        public override Tensor mean => full(batch_shape, double.NaN, probs.dtype);
        public override Tensor variance => full(batch_shape, double.NaN, probs.dtype);
        public override Tensor sample(params long[] sample_shape)
        {
            using var _ = no_grad();
            long n = sample_shape.Aggregate(1L, (a, b) => a * b);
            using var p2 = probs.reshape(-1, num_events);
            using var draws = Ops.Tensor("aten::multinomial", p2, n, true, generator);   // [batch, n]
            using var t = draws.t().contiguous();
            return t.reshape(ExtendedShape(sample_shape));
        }
        public override Tensor log_prob(Tensor value)
        {
            using var logp = probs.log();
            using var idx = value.to(ScalarType.Int64).unsqueeze(-1);
            using var g = logp.expand([.. value.shape, num_events]).gather(-1, idx);
            return g.squeeze(-1);
        }
        public override Tensor entropy() => -probs.xlogy(probs).sum(-1);
        public override void Dispose() => probs.Dispose();
    }

    /// <summary>Counts per category after total_count draws with the given probabilities.</summary>
    public sealed class Multinomial : Distribution
    {
        public long total_count { get; }
        public Tensor probs { get; }
        public Multinomial(long total_count, Tensor? probs, Tensor? logits, Generator? generator = null) : this(total_count, ProbsOf(probs, logits, true), generator) { }
        Multinomial(long n, Tensor p, Generator? generator) : base(generator, p.shape[..^1], [p.shape[^1]])
        {
            if (n < 0) throw new ArgumentOutOfRangeException(nameof(total_count), n, "total_count must not be negative");
            total_count = n; probs = p.DetachFromDisposeScope();
        }
        public override Tensor mean => probs * total_count;
        public override Tensor variance => probs * (1 - probs) * total_count;
        public override Tensor sample(params long[] sample_shape)
        {
            using var _ = no_grad();
            long k = probs.shape[^1], n = sample_shape.Aggregate(1L, (a, b) => a * b);
            using var p2 = probs.reshape(-1, k);
            using var draws = Ops.Tensor("aten::multinomial", p2, n * total_count, true, generator);   // [batch, n·total]
            using var grouped = draws.reshape(-1, n, total_count);
            using var hot = Ops.Tensor("aten::one_hot", grouped, k);
            using var counts = hot.sum(2).to(probs.dtype);                                           // [batch, n, k]
            using var moved = counts.transpose(0, 1).contiguous();
            return moved.reshape(ExtendedShape(sample_shape));
        }
        public override Tensor log_prob(Tensor value)
        {
            var logFact = Ops.Tensor("aten::lgamma", value.sum(-1) + 1) - Ops.Tensor("aten::lgamma", value + 1).sum(-1);
            return logFact + value.xlogy(probs).sum(-1);
        }
        public override void Dispose() => probs.Dispose();
    }

    /// <summary>Normal (Gaussian) with mean loc and standard deviation scale.</summary>
    public sealed class Normal : Distribution
    {
        public Tensor loc { get; }
        public Tensor scale { get; }
        public Normal(Tensor loc, Tensor scale, Generator? generator = null) : base(generator, Broadcast(loc, scale))
        {
            this.loc = loc.alias().DetachFromDisposeScope(); this.scale = scale.alias().DetachFromDisposeScope();
        }
        public override Tensor mean => loc.alias();
        public override Tensor variance => scale.pow(2);
        public override Tensor stddev => scale.alias();
        public override Tensor sample(params long[] sample_shape)
        {
            using var _ = no_grad();
            return rsample(sample_shape);
        }
        public override Tensor rsample(params long[] sample_shape)
        {
            using var eps = Ops.Tensor("aten::normal.float_float", 0.0, 1.0, ExtendedShape(sample_shape), generator, loc.dtype, Ops.Default, loc.device, Ops.Default);
            return loc + eps * scale;
        }
        public override Tensor log_prob(Tensor value) =>
            -(value - loc).pow(2) / (2 * scale.pow(2)) - scale.log() - Math.Log(Math.Sqrt(2 * Math.PI));
        public override Tensor entropy() => 0.5 + 0.5 * Math.Log(2 * Math.PI) + scale.log();
        public override void Dispose() { loc.Dispose(); scale.Dispose(); }
    }

    /// <summary>Uniform on [low, high).</summary>
    public sealed class Uniform : Distribution
    {
        public Tensor low { get; }
        public Tensor high { get; }
        public Uniform(Tensor low, Tensor high, Generator? generator = null) : base(generator, Broadcast(low, high))
        {
            this.low = low.alias().DetachFromDisposeScope(); this.high = high.alias().DetachFromDisposeScope();
        }
        public override Tensor mean => (low + high) / 2;
        public override Tensor variance => (high - low).pow(2) / 12;
        public override Tensor sample(params long[] sample_shape)
        {
            using var _ = no_grad();
            return rsample(sample_shape);
        }
        public override Tensor rsample(params long[] sample_shape)
        {
            using var u = rand(ExtendedShape(sample_shape), low.dtype, low.device, generator: generator);
            return low + u * (high - low);
        }
        public override Tensor log_prob(Tensor value)
        {
            using var inside = (value >= low) & (value < high);
            using var logDensity = -(high - low).log();
            using var minusInf = full_like(logDensity, double.NegativeInfinity);
            return where(inside, logDensity.expand_as(inside), minusInf.expand_as(inside));
        }
        public override Tensor entropy() => (high - low).log();
        public override void Dispose() { low.Dispose(); high.Dispose(); }
    }

}
