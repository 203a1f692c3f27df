namespace TorchSharp;

/// <summary>Base of loss modules with any input, target and result types (TorchSharp's <c>TorchSharp.Loss&lt;,,&gt;</c>).</summary>
public abstract class Loss<TInput, TTarget, TResult> : torch.nn.Module<TInput, TTarget, TResult>
{
    /// <summary>How per-element losses are reduced.</summary>
    public torch.nn.Reduction reduction { get; }
    /// <summary>Creates the loss.</summary>
    protected Loss(string name, torch.nn.Reduction reduction = torch.nn.Reduction.Mean) : base(name) { this.reduction = reduction; }
    /// <summary>Creates the loss, named after its type.</summary>
    protected Loss(torch.nn.Reduction reduction = torch.nn.Reduction.Mean) : base(null) { this.reduction = reduction; }
}
