namespace Course.Models;

/// <summary>
/// Implemented by modules whose "effective" number of parameters differs from the number of elements of their
/// parameter tensors (e.g. a masked convolution whose weight tensor holds unconnected, always-zero kernels).
/// <see cref="ModelSummary"/> uses it instead of counting tensor elements.
/// </summary>
public interface IParameterCount
{
    /// <summary>The module's own (non-recursive) effective parameter count.</summary>
    long ParameterCount { get; }
}
