using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Models;

/// <summary>
/// torchvision's BasicBlock: conv 3×3 (stride) → BN → ReLU → conv 3×3 → BN, plus the shortcut (identity, or
/// <c>downsample</c> = conv 1×1 stride + BN when the shape changes), then ReLU. Convolutions have no bias.
/// </summary>
public sealed class BasicBlock : nn.Module<Tensor, Tensor>
{
    /// <summary>Channel expansion of the block's output (1).</summary>
    public const int Expansion = 1;
    // Declared in execution order: RegisterComponents registers fields in this order.
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;
    private readonly ReLU relu2;

    /// <summary>Creates the block.</summary>
    public BasicBlock(long inPlanes, long planes, long stride = 1) : base(nameof(BasicBlock))
    {
        conv1 = nn.Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        relu1 = nn.ReLU();
        conv2 = nn.Conv2d(planes, planes, 3, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        if (stride != 1 || inPlanes != planes)
            downsample = nn.Sequential(nn.Conv2d(inPlanes, planes, 1, stride: stride, bias: false), nn.BatchNorm2d(planes));
        relu2 = nn.ReLU();
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var a = conv1.call(input);
        using var b = bn1.call(a);
        using var c = relu1.call(b);
        using var d = conv2.call(c);
        using var e = bn2.call(d);
        using var s = downsample?.call(input);
        using var sum = e + (s ?? input);
        return relu2.call(sum);
    }
}

/// <summary>
/// torchvision's Bottleneck (ResNet v1.5, stride on the 3×3): conv 1×1 → BN → ReLU → conv 3×3 (stride) → BN → ReLU →
/// conv 1×1 (4× planes) → BN, plus the shortcut, then ReLU.
/// </summary>
public sealed class Bottleneck : nn.Module<Tensor, Tensor>
{
    /// <summary>Channel expansion of the block's output (4).</summary>
    public const int Expansion = 4;
    // Declared in execution order: RegisterComponents registers fields in this order.
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly ReLU relu2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;
    private readonly ReLU relu3;

    /// <summary>Creates the block.</summary>
    public Bottleneck(long inPlanes, long planes, long stride = 1) : base(nameof(Bottleneck))
    {
        conv1 = nn.Conv2d(inPlanes, planes, 1, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        relu1 = nn.ReLU();
        conv2 = nn.Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        relu2 = nn.ReLU();
        conv3 = nn.Conv2d(planes, planes * Expansion, 1, bias: false);
        bn3 = nn.BatchNorm2d(planes * Expansion);
        if (stride != 1 || inPlanes != planes * Expansion)
            downsample = nn.Sequential(nn.Conv2d(inPlanes, planes * Expansion, 1, stride: stride, bias: false), nn.BatchNorm2d(planes * Expansion));
        relu3 = nn.ReLU();
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var a = conv1.call(input);
        using var b = bn1.call(a);
        using var c = relu1.call(b);
        using var d = conv2.call(c);
        using var e = bn2.call(d);
        using var f = relu2.call(e);
        using var g = conv3.call(f);
        using var h = bn3.call(g);
        using var s = downsample?.call(input);
        using var sum = h + (s ?? input);
        return relu3.call(sum);
    }
}

/// <summary>Block type and number of blocks per stage of a ResNet.</summary>
public sealed record ResNetConfig(string Name, bool Bottleneck, int[] Layers)
{
    /// <summary>ResNet-18: BasicBlock × (2, 2, 2, 2).</summary>
    public static ResNetConfig ResNet18 => new("resnet18", false, new[] { 2, 2, 2, 2 });
    /// <summary>ResNet-34: BasicBlock × (3, 4, 6, 3).</summary>
    public static ResNetConfig ResNet34 => new("resnet34", false, new[] { 3, 4, 6, 3 });
    /// <summary>ResNet-50: Bottleneck × (3, 4, 6, 3).</summary>
    public static ResNetConfig ResNet50 => new("resnet50", true, new[] { 3, 4, 6, 3 });
}

/// <summary>
/// ResNet (He et al. 2015) in torchvision's layout: conv1 7×7/2 (no bias) → bn1 → relu → maxpool 3/2 p1 → layer1 … layer4
/// (64, 128, 256, 512 planes; stride 2 from layer2 on) → avgpool (global) → flatten → fc. ResNet-18 at 3×224 with 1000
/// classes has 11,689,512 parameters.
/// </summary>
public sealed class ResNet : nn.Module<Tensor, Tensor>
{
    private readonly List<nn.Module<Tensor, Tensor>> _order = new();

    /// <summary>The configuration used.</summary>
    public ResNetConfig Config { get; }

    /// <summary>Creates the network.</summary>
    public ResNet(ResNetConfig config, int numClasses = 1000, int inChannels = 3) : base(nameof(ResNet))
    {
        Guard.Positive(numClasses, nameof(numClasses)); Guard.Positive(inChannels, nameof(inChannels));
        Config = config;
        Add("conv1", nn.Conv2d(inChannels, 64, 7, stride: 2, padding: 3, bias: false));
        Add("bn1", nn.BatchNorm2d(64));
        Add("relu", nn.ReLU());
        Add("maxpool", nn.MaxPool2d(3, 2, padding: 1));
        long inPlanes = 64;
        int expansion = config.Bottleneck ? Bottleneck.Expansion : BasicBlock.Expansion;
        long[] planes = { 64, 128, 256, 512 };
        for (int stage = 0; stage < 4; stage++)
        {
            var blocks = new List<nn.Module<Tensor, Tensor>>();
            for (int i = 0; i < config.Layers[stage]; i++)
            {
                long stride = i == 0 && stage > 0 ? 2 : 1;
                blocks.Add(config.Bottleneck ? new Bottleneck(inPlanes, planes[stage], stride) : new BasicBlock(inPlanes, planes[stage], stride));
                inPlanes = planes[stage] * expansion;
            }
            Add($"layer{stage + 1}", nn.Sequential(blocks.ToArray()));
        }
        Add("avgpool", nn.AdaptiveAvgPool2d(1, 1));
        Add("flatten", nn.Flatten());
        Add("fc", nn.Linear(512 * expansion, numClasses));
    }

    private void Add(string name, nn.Module<Tensor, Tensor> m) { register_module(name, m); _order.Add(m); }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => Chain.Run(_order, input);
}

/// <summary>
/// d2l's residual block: conv 3×3 (stride, with bias) → BN → ReLU → conv 3×3 → BN, plus the input or — with
/// <c>use1x1Conv</c> — a 1×1 convolution (stride, with bias, no BN) of it, then ReLU.
/// </summary>
public sealed class Residual : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ReLU relu1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d? conv3;
    private readonly ReLU relu2;

    /// <summary>Creates the block.</summary>
    public Residual(long inChannels, long numChannels, bool use1x1Conv = false, long stride = 1) : base(nameof(Residual))
    {
        conv1 = nn.Conv2d(inChannels, numChannels, 3, stride: stride, padding: 1);
        bn1 = nn.BatchNorm2d(numChannels);
        relu1 = nn.ReLU();
        conv2 = nn.Conv2d(numChannels, numChannels, 3, padding: 1);
        bn2 = nn.BatchNorm2d(numChannels);
        if (use1x1Conv) conv3 = nn.Conv2d(inChannels, numChannels, 1, stride: stride);
        relu2 = nn.ReLU();
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var a = conv1.call(input);
        using var b = bn1.call(a);
        using var c = relu1.call(b);
        using var d = conv2.call(c);
        using var e = bn2.call(d);
        using var s = conv3?.call(input);
        using var sum = e + (s ?? input);
        return relu2.call(sum);
    }
}

/// <summary>
/// d2l's ResNet-18 for 1×96×96 Fashion-MNIST: b1 (conv 64@7×7/2 p3, BN, ReLU, max pool 3/2 p1), b2–b5 (two
/// <see cref="Residual"/> blocks each, 64/128/256/512 channels, the first block of b3–b5 halving the size with a 1×1
/// shortcut), global average pooling, Flatten, fc 512 → classes.
/// </summary>
public sealed class ResNetD2l : nn.Module<Tensor, Tensor>
{
    private readonly List<nn.Module<Tensor, Tensor>> _order = new();

    /// <summary>Creates the network.</summary>
    public ResNetD2l(int numClasses = 10, int inChannels = 1) : base("ResNet")
    {
        Guard.Positive(numClasses, nameof(numClasses)); Guard.Positive(inChannels, nameof(inChannels));
        Add("b1", nn.Sequential(nn.Conv2d(inChannels, 64, 7, stride: 2, padding: 3), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(3, 2, padding: 1)));
        Add("b2", Stage(64, 64, 2, first: true));
        Add("b3", Stage(64, 128, 2));
        Add("b4", Stage(128, 256, 2));
        Add("b5", Stage(256, 512, 2));
        Add("avgpool", nn.AdaptiveAvgPool2d(1, 1));
        Add("flatten", nn.Flatten());
        Add("fc", nn.Linear(512, numClasses));
    }

    /// <summary>d2l's resnet_block: the first block of a non-first stage halves the size and changes the channels.</summary>
    public static Sequential Stage(long inChannels, long numChannels, int numResiduals, bool first = false)
    {
        var blocks = new List<nn.Module<Tensor, Tensor>>();
        for (int i = 0; i < numResiduals; i++)
            blocks.Add(i == 0 && !first ? new Residual(inChannels, numChannels, use1x1Conv: true, stride: 2) : new Residual(numChannels, numChannels));
        return nn.Sequential(blocks.ToArray());
    }

    private void Add(string name, nn.Module<Tensor, Tensor> m) { register_module(name, m); _order.Add(m); }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => Chain.Run(_order, input);
}

/// <summary>Runs modules one after another, disposing the intermediate results.</summary>
internal static class Chain
{
    public static Tensor Run(IReadOnlyList<nn.Module<Tensor, Tensor>> modules, Tensor input)
    {
        Tensor x = input;
        for (int i = 0; i < modules.Count; i++)
        {
            var y = modules[i].call(x);
            if (!ReferenceEquals(x, input) && !ReferenceEquals(x, y)) x.Dispose();
            x = y;
        }
        return x;
    }
}
