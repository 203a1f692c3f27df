using static TorchSharp.Native;

namespace TorchSharp;

public enum InterpolationMode { Nearest = 0, Bilinear = 1 }

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>How a loss reduces over the batch (numbered as at::Reduction).</summary>
        public enum Reduction { None = 0, Mean = 1, Sum = 2 }

        /// <summary>Stateless neural-network functions; modules in <see cref="nn"/> call these.</summary>
        public static partial class functional
        {
            static long[] Pair(long[]? v, long fill, string name)
            {
                if (v is null) return [fill, fill];
                return v.Length switch
                {
                    1 => [v[0], v[0]],
                    2 => v,
                    _ => throw new ArgumentException($"{name} takes 1 or 2 values, got {v.Length}"),
                };
            }

            static Tensor Wrap(IntPtr p, string context) => p == IntPtr.Zero ? throw Error(context) : new Tensor(p);

            public static unsafe Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? strides = null,
                long[]? padding = null, long[]? dilation = null, long groups = 1)
            {
                var s = Pair(strides, 1, "strides"); var p = Pair(padding, 0, "padding"); var d = Pair(dilation, 1, "dilation");
                IntPtr r;
                fixed (long* ps = s, pp = p, pd = d)
                    r = ts_conv2d(input.Handle, weight.Handle, bias?.Handle ?? IntPtr.Zero, ps, pp, pd, groups);
                return Wrap(r, $"conv2d: input {Tensor.Shape(input)}, weight {Tensor.Shape(weight)}");
            }

            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) =>
                Wrap(ts_linear(input.Handle, weight.Handle, bias?.Handle ?? IntPtr.Zero), $"linear: input {Tensor.Shape(input)}, weight {Tensor.Shape(weight)}");

            public static unsafe Tensor max_pool2d(Tensor input, long[] kernel_size, long[]? strides = null, long[]? padding = null,
                long[]? dilation = null, bool ceil_mode = false)
            {
                var k = Pair(kernel_size, 1, "kernel_size"); var s = strides is null ? k : Pair(strides, 1, "strides");
                var p = Pair(padding, 0, "padding"); var d = Pair(dilation, 1, "dilation");
                fixed (long* pk = k, ps = s, pp = p, pd = d)
                    return Wrap(ts_max_pool2d(input.Handle, pk, ps, pp, pd, ceil_mode ? 1 : 0), $"max_pool2d: input {Tensor.Shape(input)}");
            }

            public static unsafe Tensor avg_pool2d(Tensor input, long[] kernel_size, long[]? strides = null, long[]? padding = null,
                bool ceil_mode = false, bool count_include_pad = true)
            {
                var k = Pair(kernel_size, 1, "kernel_size"); var s = strides is null ? k : Pair(strides, 1, "strides");
                var p = Pair(padding, 0, "padding");
                fixed (long* pk = k, ps = s, pp = p)
                    return Wrap(ts_avg_pool2d(input.Handle, pk, ps, pp, ceil_mode ? 1 : 0, count_include_pad ? 1 : 0), $"avg_pool2d: input {Tensor.Shape(input)}");
            }

            public static unsafe Tensor adaptive_avg_pool2d(Tensor input, long[] output_size)
            {
                var o = Pair(output_size, 1, "output_size");
                fixed (long* po = o) return Wrap(ts_adaptive_avg_pool2d(input.Handle, po), $"adaptive_avg_pool2d: input {Tensor.Shape(input)}");
            }

            public static unsafe Tensor adaptive_max_pool2d(Tensor input, long[] output_size)
            {
                var o = Pair(output_size, 1, "output_size");
                fixed (long* po = o) return Wrap(ts_adaptive_max_pool2d(input.Handle, po), $"adaptive_max_pool2d: input {Tensor.Shape(input)}");
            }

            public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null, Tensor? bias = null,
                bool training = false, double momentum = 0.1, double eps = 1e-5) =>
                Wrap(ts_batch_norm(input.Handle, weight?.Handle ?? IntPtr.Zero, bias?.Handle ?? IntPtr.Zero, running_mean?.Handle ?? IntPtr.Zero,
                    running_var?.Handle ?? IntPtr.Zero, training ? 1 : 0, momentum, eps), $"batch_norm: input {Tensor.Shape(input)}");

            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true)
            {
                if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be between 0 and 1");
                return Wrap(ts_dropout(input.Handle, p, training ? 1 : 0), "dropout");
            }

            public static Tensor dropout2d(Tensor input, double p = 0.5, bool training = true, bool inplace = false) =>
                inplace ? Ops.InPlace(input, "aten::feature_dropout_", p, training)
                        : Wrap(ts_feature_dropout(input.Handle, p, training ? 1 : 0), "dropout2d");

            /// <summary>Local response normalisation across channels (AlexNet's LRN), PyTorch's definition.</summary>
            public static Tensor local_response_norm(Tensor input, long size, double alpha = 1e-4, double beta = 0.75, double k = 1.0) =>
                input.dim() < 3 ? throw new ArgumentException($"local_response_norm expects (N, C, …) input of 3 or more dimensions, got shape {Tensor.Shape(input)}.", nameof(input)) :
                Wrap(ts_local_response_norm(input.Handle, size, alpha, beta, k), $"local_response_norm: input {Tensor.Shape(input)}");

            public static Tensor relu(Tensor x) => x.relu();
            public static Tensor sigmoid(Tensor x) => x.sigmoid();
            public static Tensor tanh(Tensor x) => x.tanh();
            public static Tensor leaky_relu(Tensor x, double negative_slope = 0.01) => Wrap(ts_leaky_relu(x.Handle, negative_slope), "leaky_relu");
            public static Tensor gelu(Tensor x) => Wrap(ts_gelu(x.Handle), "gelu");
            public static Tensor softmax(Tensor x, long dim) => x.softmax(dim);
            public static Tensor log_softmax(Tensor x, long dim) => x.log_softmax(dim);

            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                Reduction reduction = Reduction.Mean, double label_smoothing = 0) =>
                Wrap(ts_cross_entropy(input.Handle, target.Handle, weight?.Handle ?? IntPtr.Zero, (int)reduction, ignore_index, label_smoothing),
                    $"cross_entropy: input {Tensor.Shape(input)} ({input.dtype}), target {Tensor.Shape(target)} ({target.dtype})");

            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100, Reduction reduction = Reduction.Mean) =>
                Wrap(ts_nll_loss(input.Handle, target.Handle, weight?.Handle ?? IntPtr.Zero, (int)reduction, ignore_index),
                    $"nll_loss: input {Tensor.Shape(input)}, target {Tensor.Shape(target)}");

            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                Wrap(ts_mse_loss(input.Handle, target.Handle, (int)reduction), $"mse_loss: input {Tensor.Shape(input)}, target {Tensor.Shape(target)}");

            public static Tensor binary_cross_entropy(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                Wrap(ts_bce_loss(input.Handle, target.Handle, (int)reduction), $"binary_cross_entropy: input {Tensor.Shape(input)}, target {Tensor.Shape(target)}");

            public static Tensor one_hot(Tensor x, long num_classes = -1) => Wrap(ts_one_hot(x.Handle, num_classes), "one_hot");

            /// <summary>Resizes a [N,C,H,W] batch to <paramref name="size"/> (H, W).</summary>
            public static unsafe Tensor interpolate(Tensor input, long[] size, InterpolationMode mode = InterpolationMode.Bilinear, bool align_corners = false)
            {
                var s = Pair(size, 1, "size");
                fixed (long* ps = s)
                    return Wrap(ts_interpolate(input.Handle, ps, (int)mode, align_corners ? 1 : 0), $"interpolate: input {Tensor.Shape(input)} to [{s[0]}, {s[1]}]");
            }

            /// <summary>Pads the last dimensions: <paramref name="pad"/> is (left, right, top, bottom, …) as in PyTorch.</summary>
            public static unsafe Tensor pad(Tensor input, long[] pad, PaddingModes mode = PaddingModes.Constant, double value = 0)
            {
                if (mode == PaddingModes.Circular) return Ops.Tensor("aten::pad", input, pad, "circular", Ops.Default);
                int native = mode switch { PaddingModes.Reflect => 1, PaddingModes.Replicate => 2, _ => 0 };
                fixed (long* p = pad)
                    return Wrap(ts_pad(input.Handle, p, pad.Length, native, value), $"pad: input {Tensor.Shape(input)}");
            }
        }
    }
}
