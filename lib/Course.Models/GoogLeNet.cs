using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Models;

/// <summary>Channel numbers of one Inception block, named as in the GoogLeNet paper's Table 1.</summary>
public sealed record InceptionSpec(string Name, int InChannels, int C1x1, int C3x3Reduce, int C3x3, int C5x5Reduce, int C5x5, int PoolProj)
{
    /// <summary>Output channels (concatenation of the four branches).</summary>
    public int OutChannels => C1x1 + C3x3 + C5x5 + PoolProj;

    /// <summary>The same block with every channel number divided by <paramref name="divisor"/> (at least 1 each).</summary>
    public InceptionSpec Narrowed(int divisor) => divisor == 1 ? this : new(Name, Math.Max(1, InChannels / divisor), Math.Max(1, C1x1 / divisor),
        Math.Max(1, C3x3Reduce / divisor), Math.Max(1, C3x3 / divisor), Math.Max(1, C5x5Reduce / divisor), Math.Max(1, C5x5 / divisor), Math.Max(1, PoolProj / divisor));
}

/// <summary>
/// Inception v1 block: four parallel branches concatenated on the channel axis — b1: 1×1; b2: 1×1 reduce → 3×3 p1;
/// b3: 1×1 reduce → 5×5 p2; b4: max pool 3×3/1 p1 → 1×1 projection. Every convolution (with bias) is followed by ReLU.
/// </summary>
public sealed class Inception : nn.Module<Tensor, Tensor>
{
    /// <summary>1×1 branch.</summary>
    public Sequential b1 { get; }
    /// <summary>3×3 branch.</summary>
    public Sequential b2 { get; }
    /// <summary>5×5 branch.</summary>
    public Sequential b3 { get; }
    /// <summary>Pooling branch.</summary>
    public Sequential b4 { get; }
    /// <summary>The channel numbers.</summary>
    public InceptionSpec Spec { get; }

    /// <summary>Creates the block.</summary>
    public Inception(InceptionSpec s) : base(nameof(Inception))
    {
        Spec = s;
        b1 = nn.Sequential(nn.Conv2d(s.InChannels, s.C1x1, 1), nn.ReLU());
        b2 = nn.Sequential(nn.Conv2d(s.InChannels, s.C3x3Reduce, 1), nn.ReLU(), nn.Conv2d(s.C3x3Reduce, s.C3x3, 3, padding: 1), nn.ReLU());
        b3 = nn.Sequential(nn.Conv2d(s.InChannels, s.C5x5Reduce, 1), nn.ReLU(), nn.Conv2d(s.C5x5Reduce, s.C5x5, 5, padding: 2), nn.ReLU());
        b4 = nn.Sequential(nn.MaxPool2d(3, 1, padding: 1), nn.Conv2d(s.InChannels, s.PoolProj, 1), nn.ReLU());
        register_module("b1", b1); register_module("b2", b2); register_module("b3", b3); register_module("b4", b4);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var y1 = b1.call(input);
        using var y2 = b2.call(input);
        using var y3 = b3.call(input);
        using var y4 = b4.call(input);
        return torch.cat(new[] { y1, y2, y3, y4 }, 1);
    }
}

/// <summary>
/// GoogLeNet's auxiliary classifier: AvgPool 5×5/3 → Conv 1×1 128 + ReLU → Flatten → FC 1024 + ReLU → Dropout 0.7 → FC classes
/// (for 14×14 input: 4×4×128 = 2048 features).
/// </summary>
public sealed class InceptionAux : nn.Module<Tensor, Tensor>
{
    /// <summary>The layers in order.</summary>
    public Sequential layers { get; }

    /// <summary>Creates the classifier for <paramref name="inChannels"/> input maps of 14×14.</summary>
    public InceptionAux(int inChannels, int numClasses) : base(nameof(InceptionAux))
    {
        layers = nn.Sequential(
            nn.AvgPool2d(5, 3), nn.Conv2d(inChannels, 128, 1), nn.ReLU(), nn.Flatten(),
            nn.Linear(128 * 4 * 4, 1024), nn.ReLU(), nn.Dropout(0.7), nn.Linear(1024, numClasses));
        register_module("layers", layers);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => layers.call(input);
}

/// <summary>
/// GoogLeNet (Szegedy et al. 2014) with the paper's Table 1 channel numbers, 3×224 input: conv 64@7×7/2 → max pool 3/2 →
/// LRN → conv 64@1×1 → conv 192@3×3 → LRN → max pool 3/2 → inception 3a, 3b → max pool → 4a–4e → max pool → 5a, 5b →
/// global average pooling → Dropout 0.4 → FC classes. Pools use ceil mode (as torchvision). Convolutions have biases
/// and ReLU (no batch norm, as in the paper). With <c>auxClassifiers</c>, <c>aux1</c> (after 4a) and <c>aux2</c> (after 4d)
/// are created and computed by <see cref="ForwardWithAux"/>; <see cref="forward"/> returns the main output only.
/// </summary>
public sealed class GoogLeNet : nn.Module<Tensor, Tensor>
{
    /// <summary>The paper's Table 1 inception rows (3a … 5b).</summary>
    public static IReadOnlyList<InceptionSpec> Table1 { get; } = new[]
    {
        new InceptionSpec("inception3a", 192, 64, 96, 128, 16, 32, 32),
        new InceptionSpec("inception3b", 256, 128, 128, 192, 32, 96, 64),
        new InceptionSpec("inception4a", 480, 192, 96, 208, 16, 48, 64),
        new InceptionSpec("inception4b", 512, 160, 112, 224, 24, 64, 64),
        new InceptionSpec("inception4c", 512, 128, 128, 256, 24, 64, 64),
        new InceptionSpec("inception4d", 512, 112, 144, 288, 32, 64, 64),
        new InceptionSpec("inception4e", 528, 256, 160, 320, 32, 128, 128),
        new InceptionSpec("inception5a", 832, 256, 160, 320, 32, 128, 128),
        new InceptionSpec("inception5b", 832, 384, 192, 384, 48, 128, 128),
    };

    private readonly List<(string Name, nn.Module<Tensor, Tensor> Module)> _trunk = new();

    /// <summary>First auxiliary classifier (after inception 4a), or null.</summary>
    public InceptionAux? aux1 { get; }
    /// <summary>Second auxiliary classifier (after inception 4d), or null.</summary>
    public InceptionAux? aux2 { get; }

    /// <summary>Creates the network.</summary>
    public GoogLeNet(int numClasses = 1000, int inChannels = 3, bool auxClassifiers = false) : base(nameof(GoogLeNet))
    {
        Guard.Positive(numClasses, nameof(numClasses)); Guard.Positive(inChannels, nameof(inChannels));
        Add("conv1", nn.Sequential(nn.Conv2d(inChannels, 64, 7, stride: 2, padding: 3), nn.ReLU()));
        Add("pool1", nn.MaxPool2d(3, 2, ceil_mode: true));
        Add("lrn1", AlexNet.Lrn());
        Add("conv2", nn.Sequential(nn.Conv2d(64, 64, 1), nn.ReLU()));
        Add("conv3", nn.Sequential(nn.Conv2d(64, 192, 3, padding: 1), nn.ReLU()));
        Add("lrn2", AlexNet.Lrn());
        Add("pool2", nn.MaxPool2d(3, 2, ceil_mode: true));
        foreach (var spec in Table1)
        {
            Add(spec.Name, new Inception(spec));
            if (spec.Name == "inception3b") Add("pool3", nn.MaxPool2d(3, 2, ceil_mode: true));
            if (spec.Name == "inception4e") Add("pool4", nn.MaxPool2d(3, 2, ceil_mode: true));
        }
        Add("avgpool", nn.AdaptiveAvgPool2d(1, 1));
        Add("flatten", nn.Flatten());
        Add("dropout", nn.Dropout(0.4));
        Add("fc", nn.Linear(1024, numClasses));
        if (auxClassifiers)
        {
            aux1 = new InceptionAux(512, numClasses);
            aux2 = new InceptionAux(528, numClasses);
            register_module("aux1", aux1);
            register_module("aux2", aux2);
        }
    }

    private void Add(string name, nn.Module<Tensor, Tensor> m)
    {
        register_module(name, m);
        _trunk.Add((name, m));
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => Run(input, null, null);

    /// <summary>Main output and the two auxiliary outputs (requires the network to be built with auxiliary classifiers).</summary>
    public (Tensor main, Tensor aux1, Tensor aux2) ForwardWithAux(Tensor input)
    {
        if (aux1 is null || aux2 is null)
            throw new InvalidOperationException("This GoogLeNet was created without auxiliary classifiers (auxClassifiers: false).");
        Tensor? a1 = null, a2 = null;
        var main = Run(input, x => a1 = aux1.call(x), x => a2 = aux2.call(x));
        return (main, a1!, a2!);
    }

    private Tensor Run(Tensor input, Action<Tensor>? after4a, Action<Tensor>? after4d)
    {
        Tensor x = input;
        var owned = new List<Tensor>();
        try
        {
            for (int i = 0; i < _trunk.Count; i++)
            {
                var (name, m) = _trunk[i];
                x = m.call(x);
                if (i == _trunk.Count - 1) return x;
                owned.Add(x);
                if (name == "inception4a") after4a?.Invoke(x);
                if (name == "inception4d") after4d?.Invoke(x);
            }
            return x;
        }
        finally { foreach (var t in owned) t.Dispose(); }
    }
}

/// <summary>
/// d2l's GoogLeNet for 1×96×96 Fashion-MNIST: b1 (conv 64@7×7/2 p3, ReLU, max pool 3/2 p1), b2 (conv 64@1×1, conv 192@3×3,
/// max pool), b3 (3a, 3b, max pool), b4 (4a–4e, max pool), b5 (5a, 5b, global average pooling, Flatten), fc 1024 → classes.
/// The inception blocks are the paper's (<see cref="GoogLeNet.Table1"/>); no LRN, dropout or auxiliary classifiers.
/// </summary>
public sealed class GoogLeNetD2l : nn.Module<Tensor, Tensor>
{
    /// <summary>The layers: "b1" … "b5", "fc".</summary>
    public Sequential net { get; }

    /// <summary>Creates the network; <paramref name="channelDivisor"/> divides every channel number of the stem and of Table 1 (1: the paper's).</summary>
    public GoogLeNetD2l(int numClasses = 10, int inChannels = 1, int channelDivisor = 1) : base("GoogLeNet")
    {
        Guard.Positive(numClasses, nameof(numClasses)); Guard.Positive(inChannels, nameof(inChannels)); Guard.Positive(channelDivisor, nameof(channelDivisor));
        var t = GoogLeNet.Table1.Select(s => s.Narrowed(channelDivisor)).ToArray();
        long c64 = 64 / channelDivisor, c192 = 192 / channelDivisor;
        net = nn.Sequential(
            ("b1", nn.Sequential(nn.Conv2d(inChannels, c64, 7, stride: 2, padding: 3), nn.ReLU(), nn.MaxPool2d(3, 2, padding: 1))),
            ("b2", nn.Sequential(nn.Conv2d(c64, c64, 1), nn.ReLU(), nn.Conv2d(c64, c192, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(3, 2, padding: 1))),
            ("b3", nn.Sequential(new Inception(t[0]), new Inception(t[1]), nn.MaxPool2d(3, 2, padding: 1))),
            ("b4", nn.Sequential(new Inception(t[2]), new Inception(t[3]), new Inception(t[4]), new Inception(t[5]), new Inception(t[6]),
                nn.MaxPool2d(3, 2, padding: 1))),
            ("b5", nn.Sequential(new Inception(t[7]), new Inception(t[8]), nn.AdaptiveAvgPool2d(1, 1), nn.Flatten())),
            ("fc", nn.Linear(t[8].OutChannels, numClasses)));
        register_module("net", net);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => net.call(input);
}
