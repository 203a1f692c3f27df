using static TorchSharp.torch;

namespace TorchSharp.Modules;

/// <summary>max(x, 0); with <c>inplace</c> the input is overwritten and returned.</summary>
public sealed class ReLU : nn.Module<Tensor, Tensor>
{
    /// <summary>Whether the input is modified in place.</summary>
    public bool inplace { get; }
    /// <summary>Creates the activation.</summary>
    public ReLU(bool inplace = false) : base(nameof(ReLU)) { this.inplace = inplace; }
    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => inplace ? input.relu_() : nn.functional.relu(input);
}

/// <summary>Logistic sigmoid 1/(1+e^−x).</summary>
public sealed class Sigmoid : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the activation.</summary>
    public Sigmoid() : base(nameof(Sigmoid)) { }
    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => nn.functional.sigmoid(input);
}

/// <summary>Hyperbolic tangent.</summary>
public sealed class Tanh : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the activation.</summary>
    public Tanh() : base(nameof(Tanh)) { }
    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => nn.functional.tanh(input);
}

/// <summary>Returns its input unchanged (the same tensor object).</summary>
public sealed class Identity : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the module.</summary>
    public Identity() : base(nameof(Identity)) { }
    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => input;
}

/// <summary>Flattens dimensions start_dim..end_dim into one (default: all but the batch dimension).</summary>
public sealed class Flatten : nn.Module<Tensor, Tensor>
{
    /// <summary>First flattened dimension.</summary>
    public long start_dim { get; }
    /// <summary>Last flattened dimension (negative counts from the end).</summary>
    public long end_dim { get; }
    /// <summary>Creates the module.</summary>
    public Flatten(long start_dim = 1, long end_dim = -1) : base(nameof(Flatten)) { this.start_dim = start_dim; this.end_dim = end_dim; }
    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => input.flatten(start_dim, end_dim);
}

/// <summary>In training, zeroes each element with probability p and scales the rest by 1/(1−p); identity in eval mode.</summary>
public sealed class Dropout : nn.Module<Tensor, Tensor>
{
    /// <summary>Drop probability.</summary>
    public double p { get; }
    /// <summary>Whether the input is overwritten (training mode only).</summary>
    public bool inplace { get; }
    /// <summary>Creates the module.</summary>
    public Dropout(double p = 0.5, bool inplace = false) : base(nameof(Dropout)) { Check.Probability(p, nameof(p)); this.p = p; this.inplace = inplace; }
    /// <inheritdoc/>
    public override Tensor forward(Tensor input) =>
        inplace && training ? Ops.InPlace(input, "aten::dropout_", p, true) : nn.functional.dropout(input, p, training);
}
