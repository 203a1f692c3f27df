using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Models;

/// <summary>Weight initialisation helpers.</summary>
public static class Init
{
    /// <summary>
    /// d2l's <c>init_weights</c>: <c>xavier_uniform_</c> on the weight of every Linear and Conv2d (and
    /// <see cref="MaskedConv2d"/>, whose unconnected kernels are zeroed again) of <paramref name="module"/>; biases are kept.
    /// Returns the module.
    /// </summary>
    public static T Xavier<T>(T module) where T : nn.Module
    {
        ArgumentNullException.ThrowIfNull(module);
        using var _ = torch.no_grad();
        foreach (var m in module.modules())
        {
            switch (m)
            {
                case Linear l: nn.init.xavier_uniform_(l.weight); break;
                case Conv2d c: nn.init.xavier_uniform_(c.weight); break;
                case MaskedConv2d mc:
                    nn.init.xavier_uniform_(mc.weight);
                    using (var masked = mc.weight * mc.mask) mc.weight.copy_(masked);
                    break;
            }
        }
        return module;
    }
}
