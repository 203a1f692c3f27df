using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Models;

/// <summary>A VGG variant: blocks of (number of 3×3 convolutions, output channels), each ending in max pooling 2/2.</summary>
/// <param name="Name">Configuration name ("A", "D", …).</param>
/// <param name="Blocks">(convolutions, channels) per block.</param>
/// <param name="InChannels">Image channels.</param>
/// <param name="NumClasses">Output classes.</param>
/// <param name="Hidden">Width of the two hidden fully connected layers.</param>
/// <param name="AdaptivePool">torchvision's AdaptiveAvgPool2d(7) before the classifier (false: d2l, input must give 7×7).</param>
public sealed record VggConfig(string Name, (int Convs, int Channels)[] Blocks, int InChannels, int NumClasses, int Hidden, bool AdaptivePool)
{
    /// <summary>Configuration A (VGG-11): 64 | 128 | 256×2 | 512×2 | 512×2, 3×224, 1000 classes.</summary>
    public static VggConfig A => new("A", new[] { (1, 64), (1, 128), (2, 256), (2, 512), (2, 512) }, 3, 1000, 4096, true);
    /// <summary>Configuration D (VGG-16): 64×2 | 128×2 | 256×3 | 512×3 | 512×3, 3×224, 1000 classes (138,357,544 parameters).</summary>
    public static VggConfig D => new("D", new[] { (2, 64), (2, 128), (3, 256), (3, 512), (3, 512) }, 3, 1000, 4096, true);
    /// <summary>
    /// d2l's reduced VGG-11 for Fashion-MNIST: configuration A with channels divided by <paramref name="ratio"/>
    /// (small_conv_arch), 1×224 input, Flatten → FC (512/ratio)·7·7 → 4096 → 4096 → 10.
    /// </summary>
    public static VggConfig D2l11(int ratio = 4) =>
        new("A/" + ratio, A.Blocks.Select(b => (b.Convs, b.Channels / ratio)).ToArray(), 1, 10, 4096, false);
}

/// <summary>
/// VGG (Simonyan &amp; Zisserman 2015). Children: <c>features</c> (a Sequential of blocks, each a Sequential of
/// Conv 3×3 p1 + ReLU pairs and a final MaxPool 2/2, so "features.0.0" is the first convolution), optionally
/// <c>avgpool</c> (AdaptiveAvgPool2d 7×7, torchvision), and <c>classifier</c> (Flatten → FC → ReLU → Dropout →
/// FC → ReLU → Dropout → FC).
/// </summary>
public sealed class VGG : nn.Module<Tensor, Tensor>
{
    /// <summary>The convolution blocks.</summary>
    public Sequential features { get; }
    /// <summary>torchvision's adaptive pooling (null in d2l's variant).</summary>
    public AdaptiveAvgPool2d? avgpool { get; }
    /// <summary>The fully connected part.</summary>
    public Sequential classifier { get; }
    /// <summary>The configuration used.</summary>
    public VggConfig Config { get; }

    /// <summary>Creates the network from a configuration.</summary>
    public VGG(VggConfig config) : base(nameof(VGG))
    {
        Guard.Positive(config.InChannels, "InChannels"); Guard.Positive(config.NumClasses, "NumClasses");
        Config = config;
        var blocks = new List<nn.Module<Tensor, Tensor>>();
        long inCh = config.InChannels;
        foreach (var (convs, channels) in config.Blocks)
        {
            Guard.Positive(channels, "block channels");
            var layers = new List<nn.Module<Tensor, Tensor>>();
            for (int i = 0; i < convs; i++)
            {
                layers.Add(nn.Conv2d(inCh, channels, 3, padding: 1));
                layers.Add(nn.ReLU());
                inCh = channels;
            }
            layers.Add(nn.MaxPool2d(2, 2));
            blocks.Add(nn.Sequential(layers.ToArray()));
        }
        features = nn.Sequential(blocks.ToArray());
        register_module("features", features);
        if (config.AdaptivePool)
        {
            avgpool = nn.AdaptiveAvgPool2d(7, 7);
            register_module("avgpool", avgpool);
        }
        classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(inCh * 7 * 7, config.Hidden), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(config.Hidden, config.Hidden), nn.ReLU(), nn.Dropout(0.5),
            nn.Linear(config.Hidden, config.NumClasses));
        register_module("classifier", classifier);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var h = features.call(input);
        if (avgpool is null) return classifier.call(h);
        using var p = avgpool.call(h);
        return classifier.call(p);
    }
}
