namespace TorchSharp.Utils;

/// <summary>
/// Names a module field's component (in <c>state_dict</c>, <c>named_parameters</c>, …) differently from the field, for
/// <c>RegisterComponents</c>: <c>[ComponentName(Name = "custom_linear")] private Linear _linear1;</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public class ComponentNameAttribute : Attribute
{
    /// <summary>The component's name.</summary>
    public string Name { get; set; } = "";
}
