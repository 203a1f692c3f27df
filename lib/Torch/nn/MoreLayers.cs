using static TorchSharp.torch;

namespace TorchSharp.Modules
{
    /// <summary>Bilinear layer y = x₁ᵀ A x₂ + b, one matrix A per output feature (PyTorch's nn.Bilinear).</summary>
    public sealed class Bilinear : nn.Module<Tensor, Tensor, Tensor>
    {
        /// <summary>Features of the first input.</summary>
        public long in1_features { get; }
        /// <summary>Features of the second input.</summary>
        public long in2_features { get; }
        /// <summary>Output features.</summary>
        public long out_features { get; }

        /// <summary>Creates the layer: weight (out, in1, in2) and bias (out) ~ U(−1/√in1, 1/√in1), as PyTorch.</summary>
        public Bilinear(long in1_features, long in2_features, long out_features, bool hasBias = true, Device? device = null, ScalarType? dtype = null)
            : base(nameof(Bilinear))
        {
            Check.Positive(in1_features, nameof(in1_features)); Check.Positive(in2_features, nameof(in2_features));
            Check.Positive(out_features, nameof(out_features));
            this.in1_features = in1_features; this.in2_features = in2_features; this.out_features = out_features;
            register_parameter("weight", new Parameter(empty(new[] { out_features, in1_features, in2_features }, dtype, device)));
            register_parameter("bias", hasBias ? new Parameter(empty(new[] { out_features }, dtype, device)) : null);
            reset_parameters();
        }

        /// <summary>The weight, shape (out, in1, in2).</summary>
        public Parameter weight { get => get_parameter("weight")!; set => register_parameter("weight", value ?? throw new ArgumentNullException(nameof(weight))); }

        /// <summary>The bias (null when created without one).</summary>
        public Parameter? bias { get => get_parameter("bias"); set => register_parameter("bias", value); }

        /// <summary>PyTorch's default: weight and bias ~ U(−1/√in1, 1/√in1).</summary>
        public void reset_parameters()
        {
            double bound = 1 / Math.Sqrt(in1_features);
            nn.init.uniform_(weight, -bound, bound);
            if (bias is not null) nn.init.uniform_(bias, -bound, bound);
        }

        /// <inheritdoc/>
        public override Tensor forward(Tensor input1, Tensor input2) => nn.functional.bilinear(input1, input2, weight, bias);
    }

    public sealed partial class MaxPool2d
    {
        /// <summary>The pooled values and, for each, the flat index (within its H×W plane) of the maximum it took.</summary>
        public (Tensor Values, Tensor Indices) forward_with_indices(Tensor input) =>
            nn.functional.max_pool2d_with_indices(input, kernel_size, stride, padding, dilation, ceil_mode);
    }
}

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Bilinear layer y = x₁ᵀ A x₂ + b.</summary>
            public static Modules.Bilinear Bilinear(long in1_features, long in2_features, long out_features, bool hasBias = true, Device? device = null, ScalarType? dtype = null) =>
                new(in1_features, in2_features, out_features, hasBias, device, dtype);

            /// <summary>2-D convolution with an (h, w) kernel and <see cref="Padding.Same"/> or <see cref="Padding.Valid"/> padding.</summary>
            public static Modules.Conv2d Conv2d(long in_channels, long out_channels, (long, long) kernel_size, Padding padding, (long, long)? stride = null,
                (long, long)? dilation = null, PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null)
            {
                var (s, d) = (stride ?? (1, 1), dilation ?? (1, 1));
                var p = new[] { SamePadding(padding, kernel_size.Item1, d.Item1, s.Item1)[0], SamePadding(padding, kernel_size.Item2, d.Item2, s.Item2)[0] };
                return new(in_channels, out_channels, Pair(kernel_size), Pair(s), p, Pair(d), groups, bias, device, dtype, padding_mode);
            }

            public static partial class functional
            {
                /// <summary>Bilinear map y = x₁ᵀ A x₂ + b over the last dimension of both inputs; weight (out, in1, in2).</summary>
                public static Tensor bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor? bias = null)
                {
                    if (weight.dim() != 3)
                        throw new ArgumentException($"bilinear: weight must be 3-D (out, in1, in2), got shape {Tensor.Shape(weight)}.", nameof(weight));
                    if (input1.dim() == 0 || input2.dim() == 0 || input1.shape[^1] != weight.shape[1] || input2.shape[^1] != weight.shape[2])
                        throw new ArgumentException($"bilinear: inputs {Tensor.Shape(input1)} and {Tensor.Shape(input2)} do not match weight {Tensor.Shape(weight)} (last dimensions must be in1 and in2).");
                    return Ops.Tensor("aten::bilinear", input1, input2, weight, bias);
                }

                /// <summary>2-D max pooling with a square window (stride defaults to the window).</summary>
                public static Tensor max_pool2d(Tensor input, long kernel_size, long? stride = null, long? padding = null, long? dilation = null, bool ceil_mode = false) =>
                    max_pool2d(input, new[] { kernel_size, kernel_size }, Square(stride), Square(padding), Square(dilation), ceil_mode);

                /// <summary>2-D max pooling with an (h, w) window (stride defaults to the window).</summary>
                public static Tensor max_pool2d(Tensor input, (long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null, (long, long)? dilation = null, bool ceil_mode = false) =>
                    max_pool2d(input, Pair(kernel_size), PairOrNull(stride), PairOrNull(padding), PairOrNull(dilation), ceil_mode);

                /// <summary>2-D max pooling that also returns, for each output, the flat index of its maximum within the input's H×W plane.</summary>
                public static (Tensor output, Tensor indices) max_pool2d_with_indices(Tensor input, long[] kernel_size, long[]? strides = null,
                    long[]? padding = null, long[]? dilation = null, bool ceil_mode = false)
                {
                    var k = Pair(kernel_size, 1, "kernel_size");
                    var r = Ops.Tensors("aten::max_pool2d_with_indices", input, k, strides is null ? k : Pair(strides, 1, "strides"),
                        Pair(padding, 0, "padding"), Pair(dilation, 1, "dilation"), ceil_mode);
                    return (r[0], r[1]);
                }

                /// <summary>2-D average pooling with a square window (stride defaults to the window).</summary>
                public static Tensor avg_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false,
                    bool count_include_pad = true, long? divisor_override = null) =>
                    AvgPool(input, new[] { kernel_size, kernel_size }, Square(stride), new[] { padding, padding }, ceil_mode, count_include_pad, divisor_override);

                /// <summary>2-D average pooling with an (h, w) window (stride defaults to the window).</summary>
                public static Tensor avg_pool2d(Tensor input, (long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null,
                    bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null) =>
                    AvgPool(input, Pair(kernel_size), PairOrNull(stride), PairOrNull(padding), ceil_mode, count_include_pad, divisor_override);

                /// <summary>
                /// The gradient of <c>avg_pool2d</c> with respect to its input <paramref name="originalInput"/>, given the
                /// gradient <paramref name="input"/> of its output (stride defaults to the window, as in the forward).
                /// </summary>
                public static Tensor avg_pool2d_backward(Tensor input, Tensor originalInput, long[] kernel_sizes, long[]? strides = null,
                    long[]? paddings = null, bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null)
                {
                    var k = Pair(kernel_sizes, 1, "kernel_sizes");
                    return Ops.Tensor("aten::avg_pool2d_backward", input, originalInput, k, strides is null ? k : Pair(strides, 1, "strides"),
                        Pair(paddings, 0, "paddings"), ceil_mode, count_include_pad, divisor_override);
                }

                static Tensor AvgPool(Tensor input, long[] k, long[]? s, long[]? p, bool ceil_mode, bool count_include_pad, long? divisor_override)
                {
                    if (divisor_override is <= 0)
                        throw new ArgumentOutOfRangeException(nameof(divisor_override), divisor_override, "avg_pool2d: divisor_override must be positive.");
                    return divisor_override is null
                        ? avg_pool2d(input, k, s, p, ceil_mode, count_include_pad)
                        : Ops.Tensor("aten::avg_pool2d", input, k, s ?? k, p ?? new[] { 0L, 0L }, ceil_mode, count_include_pad, divisor_override.Value);
                }

                static long[]? Square(long? v) => v is { } x ? new[] { x, x } : null;
                static long[] Pair((long, long) v) => new[] { v.Item1, v.Item2 };
                static long[]? PairOrNull((long, long)? v) => v is { } x ? Pair(x) : null;
            }
        }
    }
}
