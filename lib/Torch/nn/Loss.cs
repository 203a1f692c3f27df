using static TorchSharp.torch;

namespace TorchSharp.Modules;

/// <summary>Base of the tensor losses: <c>call(input, target)</c> returns the loss.</summary>
public abstract class Loss : Loss<Tensor, Tensor, Tensor>
{
    /// <summary>Creates the loss.</summary>
    protected Loss(string name, nn.Reduction reduction) : base(name, reduction) { }
}

/// <summary>Softmax cross-entropy between logits (N, C) and class indices (N) of type int64.</summary>
public sealed class CrossEntropyLoss : Loss
{
    /// <summary>Per-class weights (null: all 1).</summary>
    public Tensor? weight { get; }
    /// <summary>A target value that is skipped (null: none).</summary>
    public long? ignore_index { get; }
    /// <summary>Label smoothing ε in [0, 1].</summary>
    public double label_smoothing { get; }
    /// <summary>Creates the loss.</summary>
    public CrossEntropyLoss(Tensor? weight = null, long? ignore_index = null, nn.Reduction reduction = nn.Reduction.Mean, double label_smoothing = 0.0)
        : base(nameof(CrossEntropyLoss), reduction)
    {
        Check.Probability(label_smoothing, nameof(label_smoothing));
        this.weight = weight; this.ignore_index = ignore_index; this.label_smoothing = label_smoothing;
    }
    /// <inheritdoc/>
    public override Tensor forward(Tensor input, Tensor target) =>
        nn.functional.cross_entropy(input, target, weight, ignore_index ?? -100, reduction, label_smoothing);
}

/// <summary>Negative log-likelihood of log-probabilities (N, C) at class indices (N).</summary>
public sealed class NLLLoss : Loss
{
    /// <summary>Per-class weights (null: all 1).</summary>
    public Tensor? weight { get; }
    /// <summary>Creates the loss.</summary>
    public NLLLoss(Tensor? weight = null, nn.Reduction reduction = nn.Reduction.Mean) : base(nameof(NLLLoss), reduction) { this.weight = weight; }
    /// <inheritdoc/>
    public override Tensor forward(Tensor input, Tensor target) => nn.functional.nll_loss(input, target, weight, reduction: reduction);
}

/// <summary>Mean squared error (input − target)².</summary>
public sealed class MSELoss : Loss
{
    /// <summary>Creates the loss.</summary>
    public MSELoss(nn.Reduction reduction = nn.Reduction.Mean) : base(nameof(MSELoss), reduction) { }
    /// <inheritdoc/>
    public override Tensor forward(Tensor input, Tensor target) => nn.functional.mse_loss(input, target, reduction: reduction);
}
