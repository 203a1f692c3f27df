using static TorchSharp.torch;

namespace TorchSharp.Modules;

/// <summary>2-D max pooling (stride defaults to the kernel size).</summary>
public sealed partial class MaxPool2d : nn.Module<Tensor, Tensor>
{
    /// <summary>Window (h, w).</summary>
    public long[] kernel_size { get; }
    /// <summary>Stride (h, w).</summary>
    public long[] stride { get; }
    /// <summary>Implicit −∞ padding (h, w).</summary>
    public long[] padding { get; }
    /// <summary>Window dilation (h, w).</summary>
    public long[] dilation { get; }
    /// <summary>Use ceil instead of floor for the output size.</summary>
    public bool ceil_mode { get; }

    /// <summary>Creates the layer.</summary>
    public MaxPool2d(long[] kernel_size, long[]? stride = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false) : base(nameof(MaxPool2d))
    {
        this.kernel_size = Check.Pair(kernel_size, nameof(kernel_size), 1);
        this.stride = stride is null ? this.kernel_size : Check.Pair(stride, nameof(stride), 1);
        this.padding = Check.Pair(padding, nameof(padding), 0);
        this.dilation = Check.Pair(dilation, nameof(dilation), 1);
        this.ceil_mode = ceil_mode;
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) =>
        nn.functional.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode);
}

/// <summary>2-D average pooling (stride defaults to the kernel size).</summary>
public sealed class AvgPool2d : nn.Module<Tensor, Tensor>
{
    /// <summary>Window (h, w).</summary>
    public long[] kernel_size { get; }
    /// <summary>Stride (h, w).</summary>
    public long[] stride { get; }
    /// <summary>Implicit zero padding (h, w).</summary>
    public long[] padding { get; }
    /// <summary>Use ceil instead of floor for the output size.</summary>
    public bool ceil_mode { get; }
    /// <summary>Count padded zeros in the divisor.</summary>
    public bool count_include_pad { get; }
    /// <summary>Divide by this instead of the window size (null: the window size).</summary>
    public long? divisor_override { get; }

    /// <summary>Creates the layer.</summary>
    public AvgPool2d(long[] kernel_size, long[]? stride = null, long[]? padding = null, bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null) : base(nameof(AvgPool2d))
    {
        this.kernel_size = Check.Pair(kernel_size, nameof(kernel_size), 1);
        this.stride = stride is null ? this.kernel_size : Check.Pair(stride, nameof(stride), 1);
        this.padding = Check.Pair(padding, nameof(padding), 0);
        this.ceil_mode = ceil_mode;
        this.count_include_pad = count_include_pad;
        if (divisor_override is <= 0) throw new ArgumentOutOfRangeException(nameof(divisor_override), divisor_override, "divisor_override must be positive");
        this.divisor_override = divisor_override;
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => divisor_override is null
        ? nn.functional.avg_pool2d(input, kernel_size, stride, padding, ceil_mode, count_include_pad)
        : Ops.Tensor("aten::avg_pool2d", input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override.Value);
}

/// <summary>Average pooling to a fixed output size (h, w).</summary>
public sealed class AdaptiveAvgPool2d : nn.Module<Tensor, Tensor>
{
    /// <summary>Output size (h, w).</summary>
    public long[] output_size { get; }

    /// <summary>Creates the layer.</summary>
    public AdaptiveAvgPool2d(long[] output_size) : base(nameof(AdaptiveAvgPool2d))
    {
        this.output_size = Check.Pair(output_size, nameof(output_size), 1);
        foreach (var s in this.output_size) Check.Positive(s, nameof(output_size));
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => nn.functional.adaptive_avg_pool2d(input, output_size);
}
