using static TorchSharp.torch;

namespace TorchSharp.Modules;

/// <summary>Base of loss modules: <c>call(input, target)</c> returns the loss.</summary>
public abstract class Loss : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>How per-element losses are reduced.</summary>
    public nn.Reduction reduction { get; }
    /// <summary>Creates the loss.</summary>
    protected Loss(string name, nn.Reduction reduction) : base(name) { this.reduction = reduction; }
}

/// <summary>Softmax cross-entropy between logits (N, C) and class indices (N) of type int64.</summary>
public sealed class CrossEntropyLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    public CrossEntropyLoss(nn.Reduction reduction = nn.Reduction.Mean) : base(nameof(CrossEntropyLoss), reduction) { }
    /// <inheritdoc/>
    public override Tensor forward(Tensor input, Tensor target) => nn.functional.cross_entropy(input, target, reduction: reduction);
}

/// <summary>Negative log-likelihood of log-probabilities (N, C) at class indices (N).</summary>
public sealed class NLLLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    public NLLLoss(nn.Reduction reduction = nn.Reduction.Mean) : base(nameof(NLLLoss), reduction) { }
    /// <inheritdoc/>
    public override Tensor forward(Tensor input, Tensor target) => nn.functional.nll_loss(input, target, reduction: reduction);
}

/// <summary>Mean squared error (input − target)².</summary>
public sealed class MSELoss : Loss
{
    /// <summary>Creates the loss.</summary>
    public MSELoss(nn.Reduction reduction = nn.Reduction.Mean) : base(nameof(MSELoss), reduction) { }
    /// <inheritdoc/>
    public override Tensor forward(Tensor input, Tensor target) => nn.functional.mse_loss(input, target, reduction: reduction);
}
