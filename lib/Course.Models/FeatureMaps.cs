using TorchSharp;
using static TorchSharp.torch;

namespace Course.Models;

/// <summary>Captures intermediate outputs of any model with forward hooks (for feature-map visualisation).</summary>
public static class FeatureMaps
{
    /// <summary>
    /// Runs <paramref name="model"/> on <paramref name="input"/> in evaluation mode without gradients (the training flag
    /// is restored afterwards) and returns detached copies of the outputs of the named submodules (names as in
    /// <c>named_modules()</c>, e.g. "features.0"; "" is the whole model). The tensors belong to the caller (to the caller's dispose scope when there is one).
    /// A module that runs more than once keeps its last output.
    /// </summary>
    /// <exception cref="ArgumentException">A name is not a submodule of the model, or no name is given.</exception>
    public static Dictionary<string, Tensor> Capture(nn.Module<Tensor, Tensor> model, Tensor input, params string[] layerNames)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        if (layerNames is null || layerNames.Length == 0)
            throw new ArgumentException("FeatureMaps.Capture needs at least one layer name.", nameof(layerNames));
        var byName = model.named_modules().ToDictionary(m => m.Item1, m => m.Item2);
        var missing = layerNames.Where(n => !byName.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException(
                $"{model.GetName()} has no layer named {string.Join(", ", missing.Select(n => $"'{n}'"))}; " +
                $"layers are: {string.Join(", ", byName.Keys.Where(k => k.Length > 0))}.", nameof(layerNames));

        var wanted = layerNames.Distinct().ToDictionary<string, nn.Module, string>(n => byName[n], n => n, ReferenceEqualityComparer.Instance);
        var result = new Dictionary<string, Tensor>();
        bool wasTraining = model.training;
        var handles = new List<nn.HookHandle>();
        try
        {
            foreach (var (module, name) in wanted)
                handles.Add(module.register_forward_hook((m, _, output) =>
                {
                    if (result.TryGetValue(name, out var old)) old.Dispose();
                    using var d = output.detach();
                    result[name] = d.clone().MoveToOuterDisposeScope();
                }));
            model.eval();
            using (torch.no_grad())
            using (torch.NewDisposeScope())
                model.call(input);
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
            model.train(wasTraining);
        }
        return result;
    }
}
