using TorchSharp;
using static TorchSharp.torch;

namespace Course.Models;

/// <summary>LeCun's squashing function f(a) = A·tanh(S·a) with A = 1.7159, S = 2/3 (LeNet-5 paper, appendix A).</summary>
public sealed class ScaledTanh : nn.Module<Tensor, Tensor>
{
    /// <summary>Amplitude A.</summary>
    public const double A = 1.7159;
    /// <summary>Slope S.</summary>
    public const double S = 2.0 / 3.0;

    /// <summary>Creates the activation.</summary>
    public ScaledTanh() : base(nameof(ScaledTanh)) { }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var a = input * S;
        using var t = a.tanh();
        return t * A;
    }
}

/// <summary>
/// LeNet-5's trainable subsampling (S2, S4): the four inputs of each non-overlapping 2×2 window are added, multiplied
/// by one trainable coefficient per feature map and shifted by one trainable bias per feature map (2 parameters per map).
/// The coefficient starts at 1/4 (average pooling) and the bias at 0. The squashing function is a separate module.
/// </summary>
public sealed class Subsampling : nn.Module<Tensor, Tensor>
{
    /// <summary>Number of feature maps.</summary>
    public long Channels { get; }

    /// <summary>Creates the layer for <paramref name="channels"/> feature maps.</summary>
    public Subsampling(long channels) : base(nameof(Subsampling))
    {
        if (channels <= 0) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Subsampling needs a positive number of channels.");
        Channels = channels;
        register_parameter("weight", new TorchSharp.Modules.Parameter(torch.full(new[] { channels }, 0.25)));
        register_parameter("bias", new TorchSharp.Modules.Parameter(torch.zeros(new[] { channels })));
    }

    /// <summary>One coefficient per map.</summary>
    public TorchSharp.Modules.Parameter weight => get_parameter("weight")!;
    /// <summary>One bias per map.</summary>
    public TorchSharp.Modules.Parameter bias => get_parameter("bias")!;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4 || input.shape[1] != Channels)
            throw new ArgumentException($"Subsampling expects (N, {Channels}, H, W) input, got [{string.Join(", ", input.shape)}].");
        using var avg = nn.functional.avg_pool2d(input, new long[] { 2, 2 }, new long[] { 2, 2 });
        using var sum = avg * 4.0;
        using var w = weight.view(1, Channels, 1, 1);
        using var b = bias.view(1, Channels, 1, 1);
        using var scaled = sum * w;
        return scaled + b;
    }
}

/// <summary>
/// A convolution in which output map j only sees the input maps i with <c>Connections[i, j]</c> (LeNet-5's C3):
/// the weight tensor has the full (out, in, k, k) shape and is multiplied by a fixed 0/1 mask, so unconnected kernels
/// stay zero and receive no gradient. <see cref="ParameterCount"/> counts only the connected kernels plus the biases.
/// </summary>
public sealed class MaskedConv2d : nn.Module<Tensor, Tensor>, IParameterCount
{
    private readonly bool[,] _connections;

    /// <summary>Input maps.</summary>
    public long InChannels { get; }
    /// <summary>Output maps.</summary>
    public long OutChannels { get; }
    /// <summary>Square kernel size.</summary>
    public long KernelSize { get; }

    /// <summary>Creates the layer; <paramref name="connections"/> is indexed [input map, output map].</summary>
    public MaskedConv2d(bool[,] connections, long kernelSize) : base(nameof(MaskedConv2d))
    {
        ArgumentNullException.ThrowIfNull(connections);
        if (kernelSize <= 0) throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "kernelSize must be positive.");
        _connections = (bool[,])connections.Clone();
        InChannels = connections.GetLength(0);
        OutChannels = connections.GetLength(1);
        KernelSize = kernelSize;
        var mask = new float[OutChannels * InChannels];
        var bound = new float[OutChannels];
        for (int j = 0; j < OutChannels; j++)
        {
            int fan = 0;
            for (int i = 0; i < InChannels; i++)
                if (connections[i, j]) { mask[j * InChannels + i] = 1; fan++; }
            if (fan == 0) throw new ArgumentException($"MaskedConv2d: output map {j} has no input connection.", nameof(connections));
            bound[j] = (float)(1 / Math.Sqrt(fan * kernelSize * kernelSize));
        }
        using var maskT = torch.tensor(mask, new[] { OutChannels, InChannels, 1, 1 });
        using var boundT = torch.tensor(bound, new[] { OutChannels, 1, 1, 1 });
        // PyTorch-style uniform(−1/√fan_in, 1/√fan_in) with the fan-in of the connected maps only.
        using var u = torch.rand(OutChannels, InChannels, kernelSize, kernelSize);
        using var centred = u * 2.0 - 1.0;
        using var scaled = centred * boundT;
        register_parameter("weight", new TorchSharp.Modules.Parameter(scaled * maskT));
        using var ub = torch.rand(OutChannels);
        using var cb = ub * 2.0 - 1.0;
        using var boundFlat = boundT.view(OutChannels);
        register_parameter("bias", new TorchSharp.Modules.Parameter(cb * boundFlat));
        register_buffer("mask", maskT.clone());
    }

    /// <summary>Connection table [input map, output map] (a copy).</summary>
    public bool[,] Connections => (bool[,])_connections.Clone();

    /// <summary>Number of connected (input, output) map pairs.</summary>
    public long ConnectedPairs => _connections.Cast<bool>().LongCount(c => c);

    /// <summary>Full weight tensor (out, in, k, k); unconnected kernels are multiplied by zero in <see cref="forward"/>.</summary>
    public TorchSharp.Modules.Parameter weight => get_parameter("weight")!;
    /// <summary>One bias per output map.</summary>
    public TorchSharp.Modules.Parameter bias => get_parameter("bias")!;
    /// <summary>0/1 mask of shape (out, in, 1, 1).</summary>
    public Tensor mask => get_buffer("mask")!;

    /// <summary>Connected kernels × k² + one bias per output map.</summary>
    public long ParameterCount => ConnectedPairs * KernelSize * KernelSize + OutChannels;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var w = weight * mask;
        return nn.functional.conv2d(input, w, bias);
    }
}

/// <summary>
/// Euclidean radial-basis output units (LeNet-5's output layer): y_i = Σ_j (x_j − w_ij)². The centres are given
/// (LeNet-5: the 7×12 digit bitmaps, ±1) and registered as a parameter with <c>requires_grad = false</c>, so they are
/// counted (as the paper counts them) but not trained. Returns the distances: small means "looks like class i".
/// </summary>
public sealed class EuclideanRbf : nn.Module<Tensor, Tensor>
{
    /// <summary>Number of input features.</summary>
    public long InFeatures { get; }
    /// <summary>Number of output units (classes).</summary>
    public long OutFeatures { get; }

    /// <summary>Creates the layer from centres shaped (classes, features).</summary>
    public EuclideanRbf(float[][] centres) : base(nameof(EuclideanRbf))
    {
        ArgumentNullException.ThrowIfNull(centres);
        if (centres.Length == 0) throw new ArgumentException("EuclideanRbf needs at least one centre.", nameof(centres));
        OutFeatures = centres.Length;
        InFeatures = centres[0].Length;
        if (centres.Any(c => c.Length != InFeatures))
            throw new ArgumentException($"EuclideanRbf: every centre must have {InFeatures} features.", nameof(centres));
        var flat = centres.SelectMany(c => c).ToArray();
        register_parameter("weight", new TorchSharp.Modules.Parameter(torch.tensor(flat, new[] { OutFeatures, InFeatures }), requires_grad: false));
    }

    /// <summary>The centres, shape (classes, features); not trainable.</summary>
    public TorchSharp.Modules.Parameter weight => get_parameter("weight")!;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 2 || input.shape[1] != InFeatures)
            throw new ArgumentException($"EuclideanRbf expects (N, {InFeatures}) input, got [{string.Join(", ", input.shape)}].");
        using var x = input.unsqueeze(1);
        using var c = weight.unsqueeze(0);
        using var d = x - c;
        using var sq = d.pow(2);
        return sq.sum(2);
    }
}
