namespace Course.Models;

/// <summary>
/// One row of a <see cref="ModelSummary"/>: a module of the model (containers included).
/// <see cref="Params"/> is the module's own effective parameter count (see <see cref="IParameterCount"/>) plus, for a
/// row at the depth limit, those of its hidden descendants; the rows' counts add up to the total.
/// </summary>
/// <param name="Name">Dotted name from <c>named_modules()</c> ("" for the model itself).</param>
/// <param name="Type">Module type name (<c>GetName()</c>).</param>
/// <param name="Depth">0 for the model, 1 for its children, ….</param>
/// <param name="DepthIndex">torchinfo's running index among the shown rows of the same depth (0 for the model).</param>
/// <param name="OutputShape">Output shape of the module's first call (null when it did not run for this input).</param>
/// <param name="Params">Parameters accounted to this row.</param>
/// <param name="TrainableParams">The trainable part of <see cref="Params"/>.</param>
/// <param name="MultAdds">Multiply-accumulates (torchinfo's convention, whole batch, all calls).</param>
/// <param name="IsLeaf">True when the module has no children.</param>
/// <param name="Calls">How many times the module ran.</param>
public sealed record SummaryRow(string Name, string Type, int Depth, int DepthIndex, long[]? OutputShape, long Params,
    long TrainableParams, long MultAdds, bool IsLeaf, int Calls)
{
    /// <summary>Null when the row has no parameters, else whether all of them are trainable.</summary>
    public bool? Trainable => Params == 0 ? null : TrainableParams == Params;

    /// <summary>torchinfo's "Type: depth-idx" label ("AlexNet" for the model itself).</summary>
    public string Label => Depth == 0 ? Type : $"{Type}: {Depth}-{DepthIndex}";
}
