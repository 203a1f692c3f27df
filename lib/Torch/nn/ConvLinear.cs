using static TorchSharp.torch;

namespace TorchSharp.Modules;

/// <summary>2-D convolution over (N, C, H, W) input, PyTorch's default initialisation.</summary>
public sealed class Conv2d : nn.Module<Tensor, Tensor>
{
    /// <summary>Input channels.</summary>
    public long in_channels { get; }
    /// <summary>Output channels.</summary>
    public long out_channels { get; }
    /// <summary>Kernel size (height, width).</summary>
    public long[] kernel_size { get; }
    /// <summary>Stride (height, width).</summary>
    public long[] stride { get; }
    /// <summary>Zero padding (height, width).</summary>
    public long[] padding { get; }
    /// <summary>Dilation (height, width).</summary>
    public long[] dilation { get; }
    /// <summary>Number of channel groups.</summary>
    public long groups { get; }
    /// <summary>How the border is padded: zeros (the default), reflect, replicate or circular.</summary>
    public PaddingModes padding_mode { get; }

    /// <summary>Creates the layer; weight shape (out, in/groups, kh, kw).</summary>
    public Conv2d(long in_channels, long out_channels, long[] kernel_size, long[] stride, long[] padding, long[] dilation,
        long groups, bool bias, Device? device = null, ScalarType? dtype = null, PaddingModes padding_mode = PaddingModes.Zeros) : base(nameof(Conv2d))
    {
        Check.Positive(in_channels, nameof(in_channels)); Check.Positive(out_channels, nameof(out_channels));
        Check.Positive(groups, nameof(groups));
        if (in_channels % groups != 0 || out_channels % groups != 0)
            throw new ArgumentException($"Conv2d: in_channels ({in_channels}) and out_channels ({out_channels}) must be divisible by groups ({groups}).");
        this.in_channels = in_channels; this.out_channels = out_channels;
        this.kernel_size = Check.Pair(kernel_size, nameof(kernel_size), 1);
        this.stride = Check.Pair(stride, nameof(stride), 1);
        this.padding = Check.Pair(padding, nameof(padding), 0);
        this.dilation = Check.Pair(dilation, nameof(dilation), 1);
        this.groups = groups;
        this.padding_mode = padding_mode;
        var w = empty(new[] { out_channels, in_channels / groups, this.kernel_size[0], this.kernel_size[1] }, dtype, device);
        register_parameter("weight", new Modules.Parameter(w));
        register_parameter("bias", bias ? new Modules.Parameter(empty(new[] { out_channels }, dtype, device)) : null);
        reset_parameters();
    }

    /// <summary>The kernel, shape (out, in/groups, kh, kw).</summary>
    public Modules.Parameter weight { get => get_parameter("weight")!; set => register_parameter("weight", value ?? throw new ArgumentNullException(nameof(weight))); }

    /// <summary>The bias (null when created without one).</summary>
    public Modules.Parameter? bias { get => get_parameter("bias"); set => register_parameter("bias", value); }

    /// <summary>PyTorch's default: kaiming_uniform_(a=√5) weights, bias ~ U(−1/√fan_in, 1/√fan_in).</summary>
    public void reset_parameters() => Init.ResetLinearLike(weight, bias);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        if (padding_mode is PaddingModes.Zeros or PaddingModes.Constant)
            return nn.functional.conv2d(input, weight, bias, stride, padding, dilation, groups);
        var mode = padding_mode switch { PaddingModes.Reflect => "reflect", PaddingModes.Replicate => "replicate", _ => "circular" };
        using var padded = Ops.Tensor("aten::pad", input, new[] { padding[1], padding[1], padding[0], padding[0] }, mode, Ops.Default);
        return nn.functional.conv2d(padded, weight, bias, stride, new long[] { 0, 0 }, dilation, groups);
    }
}

/// <summary>Fully connected layer y = x Wᵀ + b.</summary>
public sealed class Linear : nn.Module<Tensor, Tensor>
{
    /// <summary>Input features.</summary>
    public long in_features { get; }
    /// <summary>Output features.</summary>
    public long out_features { get; }

    /// <summary>Creates the layer; weight shape (out, in).</summary>
    public Linear(long in_features, long out_features, bool hasBias = true, Device? device = null, ScalarType? dtype = null) : base(nameof(Linear))
    {
        Check.Positive(in_features, nameof(in_features)); Check.Positive(out_features, nameof(out_features));
        this.in_features = in_features; this.out_features = out_features;
        register_parameter("weight", new Modules.Parameter(empty(new[] { out_features, in_features }, dtype, device)));
        register_parameter("bias", hasBias ? new Modules.Parameter(empty(new[] { out_features }, dtype, device)) : null);
        reset_parameters();
    }

    /// <summary>The weight, shape (out, in).</summary>
    public Modules.Parameter weight { get => get_parameter("weight")!; set => register_parameter("weight", value ?? throw new ArgumentNullException(nameof(weight))); }

    /// <summary>The bias (null when created without one).</summary>
    public Modules.Parameter? bias { get => get_parameter("bias"); set => register_parameter("bias", value); }

    /// <summary>PyTorch's default: kaiming_uniform_(a=√5) weights, bias ~ U(−1/√fan_in, 1/√fan_in).</summary>
    public void reset_parameters() => Init.ResetLinearLike(weight, bias);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => nn.functional.linear(input, weight, bias);
}

/// <summary>Argument checks shared by the layers.</summary>
internal static class Check
{
    public static void Positive(long v, string name)
    {
        if (v <= 0) throw new ArgumentOutOfRangeException(name, v, $"{name} must be positive, got {v}.");
    }

    public static void Probability(double p, string name)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(name, p, $"{name} must be in [0, 1], got {p}.");
    }

    /// <summary>Expands a 1- or 2-element array to (h, w); null gives (def, def).</summary>
    public static long[] Pair(long[]? v, string name, long def)
    {
        if (v is null) return new[] { def, def };
        return v.Length switch
        {
            1 => new[] { v[0], v[0] },
            2 => new[] { v[0], v[1] },
            _ => throw new ArgumentException($"{name} must have 1 or 2 elements, got {v.Length}.", name),
        };
    }
}

/// <summary>Default initialisation shared by layers.</summary>
internal static class Init
{
    /// <summary>PyTorch's Linear/Conv reset: kaiming_uniform_(a=√5), bias ~ U(−1/√fan_in, 1/√fan_in).</summary>
    public static void ResetLinearLike(torch.Tensor weight, torch.Tensor? bias)
    {
        torch.nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (bias is null) return;
        var (fanIn, _) = torch.nn.init.calculate_fan_in_and_fan_out(weight);
        double bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
        torch.nn.init.uniform_(bias, -bound, bound);
    }
}
