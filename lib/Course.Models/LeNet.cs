using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Models;

/// <summary>
/// LeNet as d2l (and the course slides) define it for 1×28×28 Fashion-MNIST: Conv 6@5×5 pad 2 → Sigmoid → AvgPool 2/2 →
/// Conv 16@5×5 → Sigmoid → AvgPool 2/2 → Flatten → FC 120 → Sigmoid → FC 84 → Sigmoid → FC classes (61,706 parameters).
/// With <c>batchNorm</c>, d2l's "LeNet with batch normalisation": the first convolution has no padding, and a
/// BatchNorm follows every convolution and hidden FC layer, before the sigmoid (FC input 16·4·4 = 256).
/// Layers live in one Sequential named <c>net</c> ("net.0" … "net.11"), like the slides' <c>self.net</c>.
/// </summary>
public sealed class LeNet : nn.Module<Tensor, Tensor>
{
    /// <summary>The layers in order.</summary>
    public Sequential net { get; }

    /// <summary>Creates the network.</summary>
    public LeNet(int numClasses = 10, int inChannels = 1, bool batchNorm = false) : base(batchNorm ? "LeNetBN" : nameof(LeNet))
    {
        Guard.Positive(numClasses, nameof(numClasses));
        Guard.Positive(inChannels, nameof(inChannels));
        net = batchNorm
            ? nn.Sequential(
                nn.Conv2d(inChannels, 6, 5), nn.BatchNorm2d(6), nn.Sigmoid(),
                nn.AvgPool2d(2, 2),
                nn.Conv2d(6, 16, 5), nn.BatchNorm2d(16), nn.Sigmoid(),
                nn.AvgPool2d(2, 2), nn.Flatten(),
                nn.Linear(16 * 4 * 4, 120), nn.BatchNorm1d(120), nn.Sigmoid(),
                nn.Linear(120, 84), nn.BatchNorm1d(84), nn.Sigmoid(),
                nn.Linear(84, numClasses))
            : nn.Sequential(
                nn.Conv2d(inChannels, 6, 5, padding: 2), nn.Sigmoid(),
                nn.AvgPool2d(2, 2),
                nn.Conv2d(6, 16, 5), nn.Sigmoid(),
                nn.AvgPool2d(2, 2),
                nn.Flatten(),
                nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
                nn.Linear(120, 84), nn.Sigmoid(),
                nn.Linear(84, numClasses));
        register_module("net", net);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => net.call(input);
}

/// <summary>Argument checks with clear messages.</summary>
internal static class Guard
{
    public static void Positive(long value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive, got {value}.");
    }
}
