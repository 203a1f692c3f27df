using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Models;

/// <summary>
/// ZFNet (Zeiler &amp; Fergus 2013): AlexNet with a 7×7 stride-2 first layer (96 maps) and a stride-2 second layer,
/// which keeps more spatial detail in the first feature maps: for 224 input, 96@7×7/2 p1 → 110 → pool 3/2 p1 → 55
/// (→ LRN) → 256@5×5/2 → 26 → pool 3/2 p1 → 13 (→ LRN) → 384@3×3 → 384@3×3 → 256@3×3 → pool 3/2 → 6 → FC 4096 →
/// FC 4096 → classes, as in the paper's Fig. 3. Children <c>features</c> and <c>classifier</c> like <see cref="AlexNet"/>;
/// use <see cref="FeatureMaps.Capture"/> (e.g. "features.0", "features.4") to look at intermediate maps.
/// </summary>
public sealed class ZFNet : nn.Module<Tensor, Tensor>
{
    /// <summary>Convolution part.</summary>
    public Sequential features { get; }
    /// <summary>Flatten and fully connected part.</summary>
    public Sequential classifier { get; }

    /// <summary>
    /// Creates the network; <paramref name="lrn"/> adds the paper's contrast normalisation after layers 1 and 2;
    /// <paramref name="channelDivisor"/> narrows every convolution (1: the paper's 96-256-384-384-256) and
    /// <paramref name="hidden"/> is the width of the two hidden fully connected layers (the paper: 4096).
    /// </summary>
    public ZFNet(int numClasses = 10, int inChannels = 1, int imageSize = 224, bool lrn = true, int channelDivisor = 1, int hidden = 4096) : base(nameof(ZFNet))
    {
        Guard.Positive(numClasses, nameof(numClasses)); Guard.Positive(inChannels, nameof(inChannels));
        Guard.Positive(channelDivisor, nameof(channelDivisor)); Guard.Positive(hidden, nameof(hidden));
        long c1 = 96 / channelDivisor, c2 = 256 / channelDivisor, c3 = 384 / channelDivisor;
        long size = SizeMath.ConvOut(imageSize, 7, 2, 1);
        size = SizeMath.ConvOut(size, 3, 2, 1);
        size = SizeMath.ConvOut(size, 5, 2, 0);
        size = SizeMath.ConvOut(size, 3, 2, 1);
        size = SizeMath.ConvOut(size, 3, 2, 0);
        var f = new List<nn.Module<Tensor, Tensor>> { nn.Conv2d(inChannels, c1, 7, stride: 2, padding: 1), nn.ReLU(), nn.MaxPool2d(3, 2, padding: 1) };
        if (lrn) f.Add(AlexNet.Lrn());
        f.AddRange(new nn.Module<Tensor, Tensor>[] { nn.Conv2d(c1, c2, 5, stride: 2), nn.ReLU(), nn.MaxPool2d(3, 2, padding: 1) });
        if (lrn) f.Add(AlexNet.Lrn());
        f.AddRange(new nn.Module<Tensor, Tensor>[]
        {
            nn.Conv2d(c2, c3, 3, padding: 1), nn.ReLU(),
            nn.Conv2d(c3, c3, 3, padding: 1), nn.ReLU(),
            nn.Conv2d(c3, c2, 3, padding: 1), nn.ReLU(),
            nn.MaxPool2d(3, 2),
        });
        features = nn.Sequential(f.ToArray());
        classifier = AlexNet.Classifier(c2 * size * size, numClasses, hidden);
        register_module("features", features);
        register_module("classifier", classifier);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var h = features.call(input);
        return classifier.call(h);
    }
}
