using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Models;

/// <summary>AlexNet variant settings.</summary>
/// <param name="InChannels">Image channels (1 for Fashion-MNIST, 3 for ImageNet).</param>
/// <param name="ImageSize">Square input size (224 for d2l, 227 for the original).</param>
/// <param name="NumClasses">Output classes.</param>
/// <param name="Conv1Padding">Padding of the 11×11 stride-4 first convolution (d2l: 1, original: 0).</param>
/// <param name="Lrn">Local response normalisation after the ReLUs of conv1 and conv2 (original paper).</param>
/// <param name="OverlappingPool">Max pooling 3×3 stride 2 (overlapping, the paper) instead of 2×2 stride 2.</param>
public sealed record AlexNetConfig(int InChannels, int ImageSize, int NumClasses, int Conv1Padding, bool Lrn, bool OverlappingPool)
{
    /// <summary>Every convolution's channels divided by this (1: the paper's 96-256-384-384-256), as d2l narrows VGG for Fashion-MNIST.</summary>
    public int ChannelDivisor { get; init; } = 1;
    /// <summary>Width of the two hidden fully connected layers (the paper: 4096).</summary>
    public int Hidden { get; init; } = 4096;

    /// <summary>d2l's Fashion-MNIST AlexNet: 1×224 input, 10 classes, no LRN, overlapping pooling.</summary>
    public static AlexNetConfig D2l => new(1, 224, 10, 1, false, true);
    /// <summary>The single-tower ImageNet AlexNet of the seed's torchinfo summary: 3×227, 1000 classes (62,378,344 parameters).</summary>
    public static AlexNetConfig ImageNet => new(3, 227, 1000, 0, false, true);
}

/// <summary>
/// AlexNet (Krizhevsky et al. 2012), single tower: Conv 96@11×11/4 → pool → Conv 256@5×5 p2 → pool → Conv 384@3×3 →
/// Conv 384@3×3 → Conv 256@3×3 → pool → FC 4096 → Dropout 0.5 → FC 4096 → Dropout 0.5 → FC classes, ReLU after every
/// hidden layer. Children: <c>features</c> (Sequential) and <c>classifier</c> (Sequential, starting with Flatten).
/// LRN (size 5, k = 2, β = 0.75) follows the ReLU of conv1 and conv2 when enabled; the paper's α = 1e-4 applies to the
/// sum over the window, PyTorch's LocalResponseNorm divides α by the size, so α = 5·1e-4 is passed.
/// </summary>
public sealed class AlexNet : nn.Module<Tensor, Tensor>
{
    /// <summary>Convolution part.</summary>
    public Sequential features { get; }
    /// <summary>Flatten and fully connected part.</summary>
    public Sequential classifier { get; }
    /// <summary>The configuration used.</summary>
    public AlexNetConfig Config { get; }

    /// <summary>Creates the network from a configuration.</summary>
    public AlexNet(AlexNetConfig config) : base(nameof(AlexNet))
    {
        Guard.Positive(config.InChannels, "InChannels"); Guard.Positive(config.NumClasses, "NumClasses");
        Config = config;
        Guard.Positive(config.ChannelDivisor, "ChannelDivisor"); Guard.Positive(config.Hidden, "Hidden");
        long k = config.OverlappingPool ? 3 : 2, s = 2, d = config.ChannelDivisor;
        long c1 = 96 / d, c2 = 256 / d, c3 = 384 / d;
        long size = SizeMath.ConvOut(config.ImageSize, 11, 4, config.Conv1Padding);
        size = SizeMath.ConvOut(size, k, s);
        size = SizeMath.ConvOut(size, k, s);
        size = SizeMath.ConvOut(size, k, s);
        var f = new List<nn.Module<Tensor, Tensor>>
        {
            nn.Conv2d(config.InChannels, c1, 11, stride: 4, padding: config.Conv1Padding), nn.ReLU(),
        };
        if (config.Lrn) f.Add(Lrn());
        f.Add(nn.MaxPool2d(k, s));
        f.Add(nn.Conv2d(c1, c2, 5, padding: 2)); f.Add(nn.ReLU());
        if (config.Lrn) f.Add(Lrn());
        f.Add(nn.MaxPool2d(k, s));
        f.AddRange(new nn.Module<Tensor, Tensor>[]
        {
            nn.Conv2d(c2, c3, 3, padding: 1), nn.ReLU(),
            nn.Conv2d(c3, c3, 3, padding: 1), nn.ReLU(),
            nn.Conv2d(c3, c2, 3, padding: 1), nn.ReLU(),
            nn.MaxPool2d(k, s),
        });
        features = nn.Sequential(f.ToArray());
        classifier = Classifier(c2 * size * size, config.NumClasses, config.Hidden);
        register_module("features", features);
        register_module("classifier", classifier);
    }

    /// <summary>Convenience: d2l's variant with other class/channel counts.</summary>
    public AlexNet(int numClasses = 10, int inChannels = 1) : this(AlexNetConfig.D2l with { NumClasses = numClasses, InChannels = inChannels }) { }

    /// <summary>AlexNet's LRN with the paper's constants (see class remarks).</summary>
    internal static LocalResponseNorm Lrn() => nn.LocalResponseNorm(5, alpha: 5e-4, beta: 0.75, k: 2.0);

    /// <summary>Flatten → FC hidden → ReLU → Dropout → FC hidden → ReLU → Dropout → FC classes (d2l's order; the paper's hidden: 4096).</summary>
    internal static Sequential Classifier(long inFeatures, long numClasses, long hidden = 4096) => nn.Sequential(
        nn.Flatten(),
        nn.Linear(inFeatures, hidden), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(hidden, hidden), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(hidden, numClasses));

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var h = features.call(input);
        return classifier.call(h);
    }
}
