using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Models;

/// <summary>
/// torchvision's dense layer (DenseNet-BC bottleneck): norm1 → relu1 → conv1 1×1 (bn_size·growth) → norm2 → relu2 →
/// conv2 3×3 p1 (growth). Convolutions have no bias. Its input is the concatenation of all earlier maps of the block.
/// </summary>
public sealed class DenseLayer : nn.Module<Tensor, Tensor>
{
    /// <summary>The layers in order.</summary>
    public Sequential layers { get; }

    /// <summary>Creates the layer.</summary>
    public DenseLayer(long inChannels, long growthRate, long bnSize) : base(nameof(DenseLayer))
    {
        layers = nn.Sequential(
            ("norm1", nn.BatchNorm2d(inChannels)), ("relu1", nn.ReLU()),
            ("conv1", nn.Conv2d(inChannels, bnSize * growthRate, 1, bias: false)),
            ("norm2", nn.BatchNorm2d(bnSize * growthRate)), ("relu2", nn.ReLU()),
            ("conv2", nn.Conv2d(bnSize * growthRate, growthRate, 3, padding: 1, bias: false)));
        foreach (var (name, m) in layers.named_children()) register_module(name, m);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => layers.call(input);
}

/// <summary>
/// A dense block: each layer receives the concatenation (channel axis) of the block input and all earlier layers'
/// outputs; the block returns the concatenation of all of them (input channels + layers × growth).
/// </summary>
public sealed class DenseBlock : nn.Module<Tensor, Tensor>
{
    private readonly List<nn.Module<Tensor, Tensor>> _layers = new();

    /// <summary>Creates the block from its layers, named <paramref name="prefix"/>1, <paramref name="prefix"/>2, ….</summary>
    public DenseBlock(IEnumerable<nn.Module<Tensor, Tensor>> layers, string prefix = "denselayer") : base(nameof(DenseBlock))
    {
        foreach (var m in layers)
        {
            _layers.Add(m);
            register_module(prefix + _layers.Count, m);
        }
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var features = new List<Tensor> { input };
        try
        {
            foreach (var layer in _layers)
            {
                using var x = torch.cat(features, 1);
                features.Add(layer.call(x));
            }
            return torch.cat(features, 1);
        }
        finally { foreach (var t in features.Skip(1)) t.Dispose(); }
    }
}

/// <summary>
/// DenseNet (Huang et al. 2017). <see cref="DenseNet121"/> follows torchvision: <c>features</c> = conv0 7×7/2 (no bias),
/// norm0, relu0, pool0 3/2 p1, denseblock1 (6 layers), transition1, denseblock2 (12), transition2, denseblock3 (24),
/// transition3, denseblock4 (16), norm5; then relu, global average pooling, flatten and <c>classifier</c>
/// (growth 32, bn_size 4, transitions halve the channels: 7,978,856 parameters at 1000 classes).
/// <see cref="D2l"/> is d2l's small variant (1×96×96 → 10): stem conv 64@7×7/2 + BN + ReLU + max pool 3/2 p1,
/// four dense blocks of 4 "BN → ReLU → conv 3×3 (bias)" layers with growth 32, transition layers (BN → ReLU →
/// conv 1×1 → avg pool 2/2) halving the channels between them, BN → ReLU → global average pooling → fc 248 → 10.
/// </summary>
public sealed class DenseNet : nn.Module<Tensor, Tensor>
{
    private readonly List<nn.Module<Tensor, Tensor>> _order = new();

    private DenseNet(string name) : base(name) { }

    /// <summary>torchvision's DenseNet-121.</summary>
    public static DenseNet DenseNet121(int numClasses = 1000, int inChannels = 3)
    {
        Guard.Positive(numClasses, nameof(numClasses)); Guard.Positive(inChannels, nameof(inChannels));
        const long growth = 32, bnSize = 4;
        int[] blockConfig = { 6, 12, 24, 16 };
        long ch = 64;
        var f = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("conv0", nn.Conv2d(inChannels, ch, 7, stride: 2, padding: 3, bias: false)),
            ("norm0", nn.BatchNorm2d(ch)), ("relu0", nn.ReLU()), ("pool0", nn.MaxPool2d(3, 2, padding: 1)),
        };
        for (int b = 0; b < blockConfig.Length; b++)
        {
            var layers = new List<nn.Module<Tensor, Tensor>>();
            for (int i = 0; i < blockConfig[b]; i++) layers.Add(new DenseLayer(ch + i * growth, growth, bnSize));
            f.Add(($"denseblock{b + 1}", new DenseBlock(layers)));
            ch += blockConfig[b] * growth;
            if (b != blockConfig.Length - 1)
            {
                f.Add(($"transition{b + 1}", Transition(ch, ch / 2, bias: false)));
                ch /= 2;
            }
        }
        f.Add(("norm5", nn.BatchNorm2d(ch)));
        var net = new DenseNet("DenseNet");
        net.Add("features", nn.Sequential(f));
        net.Add("relu", nn.ReLU());
        net.Add("avgpool", nn.AdaptiveAvgPool2d(1, 1));
        net.Add("flatten", nn.Flatten());
        net.Add("classifier", nn.Linear(ch, numClasses));
        return net;
    }

    /// <summary>d2l's small DenseNet for 1×96×96 Fashion-MNIST.</summary>
    public static DenseNet D2l(int numClasses = 10, int inChannels = 1, int growth = 32)
    {
        Guard.Positive(numClasses, nameof(numClasses)); Guard.Positive(inChannels, nameof(inChannels)); Guard.Positive(growth, nameof(growth));
        int[] convsPerBlock = { 4, 4, 4, 4 };
        long ch = 64;
        var net = new DenseNet("DenseNet");
        net.Add("b1", nn.Sequential(nn.Conv2d(inChannels, 64, 7, stride: 2, padding: 3), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(3, 2, padding: 1)));
        for (int b = 0; b < convsPerBlock.Length; b++)
        {
            var layers = new List<nn.Module<Tensor, Tensor>>();
            for (int i = 0; i < convsPerBlock[b]; i++)
                layers.Add(nn.Sequential(nn.BatchNorm2d(ch + i * growth), nn.ReLU(), nn.Conv2d(ch + i * growth, growth, 3, padding: 1)));
            net.Add($"denseblock{b + 1}", new DenseBlock(layers, "conv"));
            ch += convsPerBlock[b] * growth;
            if (b != convsPerBlock.Length - 1)
            {
                net.Add($"transition{b + 1}", Transition(ch, ch / 2, bias: true));
                ch /= 2;
            }
        }
        net.Add("norm", nn.BatchNorm2d(ch));
        net.Add("relu", nn.ReLU());
        net.Add("avgpool", nn.AdaptiveAvgPool2d(1, 1));
        net.Add("flatten", nn.Flatten());
        net.Add("fc", nn.Linear(ch, numClasses));
        return net;
    }

    /// <summary>Transition layer: BN → ReLU → conv 1×1 → average pooling 2/2.</summary>
    public static Sequential Transition(long inChannels, long outChannels, bool bias) => nn.Sequential(
        ("norm", nn.BatchNorm2d(inChannels)), ("relu", nn.ReLU()),
        ("conv", nn.Conv2d(inChannels, outChannels, 1, bias: bias)), ("pool", nn.AvgPool2d(2, 2)));

    private void Add(string name, nn.Module<Tensor, Tensor> m) { register_module(name, m); _order.Add(m); }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => Chain.Run(_order, input);
}
