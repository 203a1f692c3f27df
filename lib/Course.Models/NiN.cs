using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Models;

/// <summary>
/// Network in Network as d2l defines it for 1×224 Fashion-MNIST: NiN blocks (k×k conv + two 1×1 convs, ReLU after each)
/// 96@11/4 → pool 3/2 → 256@5 p2 → pool 3/2 → 384@3 p1 → pool 3/2 → Dropout 0.5 → classes@3 p1 → global average
/// pooling → Flatten. No fully connected layer. Layers live in one Sequential named <c>net</c> (blocks "net.0", "net.2", …).
/// </summary>
public sealed class NiN : nn.Module<Tensor, Tensor>
{
    /// <summary>The layers in order.</summary>
    public Sequential net { get; }

    /// <summary>Creates the network.</summary>
    public NiN(int numClasses = 10, int inChannels = 1) : base(nameof(NiN))
    {
        Guard.Positive(numClasses, nameof(numClasses)); Guard.Positive(inChannels, nameof(inChannels));
        net = nn.Sequential(
            Block(inChannels, 96, 11, 4, 0), nn.MaxPool2d(3, 2),
            Block(96, 256, 5, 1, 2), nn.MaxPool2d(3, 2),
            Block(256, 384, 3, 1, 1), nn.MaxPool2d(3, 2),
            nn.Dropout(0.5),
            Block(384, numClasses, 3, 1, 1),
            nn.AdaptiveAvgPool2d(1, 1),
            nn.Flatten());
        register_module("net", net);
    }

    /// <summary>d2l's nin_block: Conv k×k → ReLU → Conv 1×1 → ReLU → Conv 1×1 → ReLU.</summary>
    public static Sequential Block(long inChannels, long outChannels, long kernelSize, long stride, long padding) => nn.Sequential(
        nn.Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: padding), nn.ReLU(),
        nn.Conv2d(outChannels, outChannels, 1), nn.ReLU(),
        nn.Conv2d(outChannels, outChannels, 1), nn.ReLU());

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => net.call(input);
}
