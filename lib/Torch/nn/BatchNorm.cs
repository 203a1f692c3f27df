using static TorchSharp.torch;

namespace TorchSharp.Modules;

/// <summary>
/// Batch normalisation (PyTorch's _BatchNorm): in training, normalises with batch statistics and updates
/// running_mean/running_var (unbiased variance) by <c>momentum</c> and counts <c>num_batches_tracked</c>;
/// in eval mode, normalises with the running statistics.
/// </summary>
public abstract class BatchNorm : nn.Module<Tensor, Tensor>
{
    /// <summary>Number of features (channels).</summary>
    public long num_features { get; }
    /// <summary>Added to the variance for stability.</summary>
    public double eps { get; }
    /// <summary>Running-statistics update factor.</summary>
    public double momentum { get; }
    /// <summary>Whether weight and bias are learnt.</summary>
    public bool affine { get; }
    /// <summary>Whether running statistics are kept.</summary>
    public bool track_running_stats { get; }

    /// <summary>Creates the layer: weight 1, bias 0, running_mean 0, running_var 1.</summary>
    protected BatchNorm(string name, long num_features, double eps, double momentum, bool affine, bool track_running_stats,
        Device? device, ScalarType? dtype) : base(name)
    {
        Check.Positive(num_features, nameof(num_features));
        this.num_features = num_features; this.eps = eps; this.momentum = momentum;
        this.affine = affine; this.track_running_stats = track_running_stats;
        if (affine)
        {
            register_parameter("weight", new Modules.Parameter(ones(new[] { num_features }, dtype, device)));
            register_parameter("bias", new Modules.Parameter(zeros(new[] { num_features }, dtype, device)));
        }
        if (track_running_stats)
        {
            register_buffer("running_mean", zeros(new[] { num_features }, dtype, device));
            register_buffer("running_var", ones(new[] { num_features }, dtype, device));
            register_buffer("num_batches_tracked", zeros(Array.Empty<long>(), ScalarType.Int64, device));
        }
    }

    /// <summary>Scale γ (null when not affine).</summary>
    public Modules.Parameter? weight { get => get_parameter("weight"); set => register_parameter("weight", value); }
    /// <summary>Shift β (null when not affine).</summary>
    public Modules.Parameter? bias { get => get_parameter("bias"); set => register_parameter("bias", value); }
    /// <summary>Running mean (null when not tracked).</summary>
    public Tensor? running_mean { get => get_buffer("running_mean"); set => register_buffer("running_mean", value); }
    /// <summary>Running (unbiased) variance (null when not tracked).</summary>
    public Tensor? running_var { get => get_buffer("running_var"); set => register_buffer("running_var", value); }
    /// <summary>Number of training batches seen (int64 scalar; null when not tracked).</summary>
    public Tensor? num_batches_tracked => get_buffer("num_batches_tracked");

    /// <summary>Throws unless the input has an accepted number of dimensions.</summary>
    protected abstract void CheckInput(Tensor input);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        CheckInput(input);
        if (input.shape[1] != num_features)
            throw new ArgumentException($"{GetName()}: expected {num_features} channels in dimension 1, got input of shape [{string.Join(", ", input.shape)}].", nameof(input));
        if (training && track_running_stats)
            using (no_grad()) num_batches_tracked!.add_(1);
        bool useBatchStats = training || !track_running_stats;
        return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, useBatchStats, momentum, eps);
    }
}

/// <summary>Batch normalisation over (N, C) or (N, C, L) input.</summary>
public sealed class BatchNorm1d : BatchNorm
{
    /// <summary>Creates the layer.</summary>
    public BatchNorm1d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool track_running_stats = true,
        Device? device = null, ScalarType? dtype = null)
        : base(nameof(BatchNorm1d), num_features, eps, momentum, affine, track_running_stats, device, dtype) { }

    /// <inheritdoc/>
    protected override void CheckInput(Tensor input)
    {
        if (input.dim() != 2 && input.dim() != 3)
            throw new ArgumentException($"BatchNorm1d expects 2-D or 3-D input, got shape [{string.Join(", ", input.shape)}].", nameof(input));
    }
}

/// <summary>Batch normalisation over (N, C, H, W) input, per channel.</summary>
public sealed class BatchNorm2d : BatchNorm
{
    /// <summary>Creates the layer.</summary>
    public BatchNorm2d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool track_running_stats = true,
        Device? device = null, ScalarType? dtype = null)
        : base(nameof(BatchNorm2d), num_features, eps, momentum, affine, track_running_stats, device, dtype) { }

    /// <inheritdoc/>
    protected override void CheckInput(Tensor input)
    {
        if (input.dim() != 4)
            throw new ArgumentException($"BatchNorm2d expects 4-D input, got shape [{string.Join(", ", input.shape)}].", nameof(input));
    }
}

/// <summary>
/// Local response normalisation across channels (AlexNet):
/// b_c = a_c / (k + α/n · Σ_{c' in window of size n around c} a_{c'}²)^β.
/// </summary>
public sealed class LocalResponseNorm : nn.Module<Tensor, Tensor>
{
    /// <summary>Number of neighbouring channels n.</summary>
    public long size { get; }
    /// <summary>Multiplicative factor α.</summary>
    public double alpha { get; }
    /// <summary>Exponent β.</summary>
    public double beta { get; }
    /// <summary>Additive factor k.</summary>
    public double k { get; }

    /// <summary>Creates the layer.</summary>
    public LocalResponseNorm(long size, double alpha = 1e-4, double beta = 0.75, double k = 1.0) : base(nameof(LocalResponseNorm))
    {
        Check.Positive(size, nameof(size));
        this.size = size; this.alpha = alpha; this.beta = beta; this.k = k;
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => nn.functional.local_response_norm(input, size, alpha, beta, k);
}
