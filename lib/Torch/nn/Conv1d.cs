using static TorchSharp.torch;

namespace TorchSharp.Modules
{
    /// <summary>1-D convolution over (N, C, L) or (C, L) input, PyTorch's default initialisation.</summary>
    public sealed class Conv1d : nn.Module<Tensor, Tensor>
    {
        /// <summary>Input channels.</summary>
        public long in_channels { get; }
        /// <summary>Output channels.</summary>
        public long out_channels { get; }
        /// <summary>Kernel length.</summary>
        public long kernel_size { get; }
        /// <summary>Stride.</summary>
        public long stride { get; }
        /// <summary>Padding on each side.</summary>
        public long padding { get; }
        /// <summary>Dilation.</summary>
        public long dilation { get; }
        /// <summary>Number of channel groups.</summary>
        public long groups { get; }
        /// <summary>How the border is padded: zeros (the default), reflect, replicate or circular.</summary>
        public PaddingModes padding_mode { get; }

        /// <summary>Creates the layer; weight shape (out, in/groups, k).</summary>
        public Conv1d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1,
            PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null)
            : base(nameof(Conv1d))
        {
            Check.Positive(in_channels, nameof(in_channels)); Check.Positive(out_channels, nameof(out_channels));
            Check.Positive(kernel_size, nameof(kernel_size)); Check.Positive(stride, nameof(stride));
            Check.Positive(dilation, nameof(dilation)); Check.Positive(groups, nameof(groups));
            if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), padding, $"padding must not be negative, got {padding}.");
            if (in_channels % groups != 0 || out_channels % groups != 0)
                throw new ArgumentException($"Conv1d: in_channels ({in_channels}) and out_channels ({out_channels}) must be divisible by groups ({groups}).");
            this.in_channels = in_channels; this.out_channels = out_channels; this.kernel_size = kernel_size;
            this.stride = stride; this.padding = padding; this.dilation = dilation; this.groups = groups; this.padding_mode = padding_mode;
            register_parameter("weight", new Parameter(empty(new[] { out_channels, in_channels / groups, kernel_size }, dtype, device)));
            register_parameter("bias", bias ? new Parameter(empty(new[] { out_channels }, dtype, device)) : null);
            reset_parameters();
        }

        /// <summary>The kernel, shape (out, in/groups, k).</summary>
        public Parameter weight { get => get_parameter("weight")!; set => register_parameter("weight", value ?? throw new ArgumentNullException(nameof(weight))); }

        /// <summary>The bias (null when created without one).</summary>
        public Parameter? bias { get => get_parameter("bias"); set => register_parameter("bias", value); }

        /// <summary>PyTorch's default: kaiming_uniform_(a=√5) weights, bias ~ U(−1/√fan_in, 1/√fan_in).</summary>
        public void reset_parameters() => Init.ResetLinearLike(weight, bias);

        /// <inheritdoc/>
        public override Tensor forward(Tensor input)
        {
            if (padding_mode is PaddingModes.Zeros or PaddingModes.Constant)
                return nn.functional.conv1d(input, weight, bias, stride, padding, dilation, groups);
            var mode = padding_mode switch { PaddingModes.Reflect => "reflect", PaddingModes.Replicate => "replicate", _ => "circular" };
            using var padded = Ops.Tensor("aten::pad", input, new[] { padding, padding }, mode, Ops.Default);
            return nn.functional.conv1d(padded, weight, bias, stride, 0, dilation, groups);
        }
    }
}

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>1-D convolution.</summary>
            public static Modules.Conv1d Conv1d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0, long dilation = 1,
                PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null) =>
                new(in_channels, out_channels, kernel_size, stride, padding, dilation, padding_mode, groups, bias, device, dtype);

            /// <summary>1-D convolution with <see cref="Padding.Same"/> (output length = input length at stride 1) or <see cref="Padding.Valid"/> (none).</summary>
            public static Modules.Conv1d Conv1d(long in_channels, long out_channels, long kernel_size, Padding padding, long stride = 1, long dilation = 1,
                PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null) =>
                new(in_channels, out_channels, kernel_size, stride, SamePadding(padding, kernel_size, dilation, stride)[0], dilation, padding_mode, groups, bias, device, dtype);

            public static partial class functional
            {
                /// <summary>1-D convolution of (N, C, L) or (C, L) input with weight (out, in/groups, k); stride 1, padding 0 and dilation 1 by default.</summary>
                public static Tensor conv1d(Tensor input, Tensor weight, Tensor? bias = null, long? stride = null, long? padding = null, long? dilation = null, long groups = 1)
                {
                    if (weight.dim() != 3)
                        throw new ArgumentException($"conv1d: weight must be 3-D (out, in/groups, k), got shape {Tensor.Shape(weight)}.", nameof(weight));
                    if (input.dim() is not (2 or 3) || input.shape[^2] != weight.shape[1] * groups)
                        throw new ArgumentException($"conv1d: input {Tensor.Shape(input)} does not match weight {Tensor.Shape(weight)} with groups {groups} (expected (N, {weight.shape[1] * groups}, L) or ({weight.shape[1] * groups}, L)).", nameof(input));
                    return Ops.Tensor("aten::conv1d", input, weight, bias, new[] { stride ?? 1 }, new[] { padding ?? 0 }, new[] { dilation ?? 1 }, groups);
                }
            }
        }
    }
}
