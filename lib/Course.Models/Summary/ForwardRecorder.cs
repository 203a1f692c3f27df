using TorchSharp;
using static TorchSharp.torch;

namespace Course.Models;

/// <summary>One completed <c>call</c> of a submodule during a recorded forward pass.</summary>
internal sealed record ForwardEvent(string Name, nn.Module Module, long[] OutputShape, long OutputElements);

/// <summary>
/// Runs a model once on a zero input (evaluation mode, no gradients, training flag restored) and records every
/// submodule call through the global forward hook, in completion order.
/// </summary>
internal static class ForwardRecorder
{
    public static (List<ForwardEvent> Events, Dictionary<nn.Module, string> Names) Run(nn.Module<Tensor, Tensor> model, long[] inputShape,
        Device? device, ScalarType dtype, string caller)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        if (inputShape.Length < 2 || inputShape.Any(d => d <= 0))
            throw new ArgumentException($"{caller}: the input shape must include the batch dimension and be positive, e.g. [1, 1, 28, 28]; got [{string.Join(", ", inputShape)}].", nameof(inputShape));
        var names = new Dictionary<nn.Module, string>(ReferenceEqualityComparer.Instance);
        foreach (var (n, m) in model.named_modules()) names.TryAdd(m, n);
        device ??= model.parameters().Select(p => p.device).FirstOrDefault() ?? torch.CPU;
        var events = new List<ForwardEvent>();
        bool wasTraining = model.training;
        var hook = nn.Module.register_global_forward_hook((m, _, output) =>
        {
            if (names.TryGetValue(m, out var name)) events.Add(new ForwardEvent(name, m, output.shape, output.numel()));
        });
        try
        {
            model.eval();
            using var _ = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            var x = torch.zeros(inputShape, dtype, device);
            try { model.call(x); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new ArgumentException($"{caller}: {model.GetName()} cannot run on input [{string.Join(", ", inputShape)}]: {e.Message}", nameof(inputShape), e);
            }
        }
        finally
        {
            hook.Dispose();
            model.train(wasTraining);
        }
        return (events, names);
    }

    /// <summary>"[2, 6, 28, 28]".</summary>
    public static string FormatShape(long[]? shape) => shape is null ? "--" : "[" + string.Join(", ", shape) + "]";
}
