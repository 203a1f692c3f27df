using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Models;

// torchvision's ResNet-18/34/50 (BasicBlock, Bottleneck) are in the binding, as TorchSharp's TorchVision has them:
// torchvision.models.resnet18(...) → TorchSharp.Modules.ResNet (lib/Torch/vision/ResNet.cs).

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

    /// <summary>Creates the network; <paramref name="channelDivisor"/> narrows every stage (1: d2l's 64-128-256-512).</summary>
    public ResNetD2l(int numClasses = 10, int inChannels = 1, int channelDivisor = 1) : base("ResNet")
    {
        Guard.Positive(numClasses, nameof(numClasses)); Guard.Positive(inChannels, nameof(inChannels)); Guard.Positive(channelDivisor, nameof(channelDivisor));
        long w = 64 / channelDivisor;
        Add("b1", nn.Sequential(nn.Conv2d(inChannels, w, 7, stride: 2, padding: 3), nn.BatchNorm2d(w), nn.ReLU(), nn.MaxPool2d(3, 2, padding: 1)));
        Add("b2", Stage(w, w, 2, first: true));
        Add("b3", Stage(w, 2 * w, 2));
        Add("b4", Stage(2 * w, 4 * w, 2));
        Add("b5", Stage(4 * w, 8 * w, 2));
        Add("avgpool", nn.AdaptiveAvgPool2d(1, 1));
        Add("flatten", nn.Flatten());
        Add("fc", nn.Linear(8 * w, numClasses));
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
