namespace TorchSharp;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>2-D convolution with a square kernel.</summary>
        public static Modules.Conv2d Conv2d(long in_channels, long out_channels, long kernel_size, long stride = 1, long padding = 0,
            long dilation = 1, PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null) =>
            new(in_channels, out_channels, new[] { kernel_size }, new[] { stride }, new[] { padding }, new[] { dilation }, groups, bias, device, dtype, padding_mode);

        /// <summary>2-D convolution with <see cref="Padding.Same"/> (output size = input size at stride 1) or <see cref="Padding.Valid"/> (none).</summary>
        public static Modules.Conv2d Conv2d(long in_channels, long out_channels, long kernel_size, Padding padding, long stride = 1,
            long dilation = 1, PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null) =>
            new(in_channels, out_channels, new[] { kernel_size }, new[] { stride }, SamePadding(padding, kernel_size, dilation, stride), new[] { dilation }, groups, bias, device, dtype, padding_mode);

        /// <summary>2-D convolution with (h, w) kernel, stride, padding and dilation.</summary>
        public static Modules.Conv2d Conv2d(long in_channels, long out_channels, (long, long) kernel_size, (long, long)? stride = null,
            (long, long)? padding = null, (long, long)? dilation = null, PaddingModes padding_mode = PaddingModes.Zeros, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null) =>
            new(in_channels, out_channels, Pair(kernel_size), Pair(stride ?? (1, 1)), Pair(padding ?? (0, 0)), Pair(dilation ?? (1, 1)), groups, bias, device, dtype, padding_mode);

        /// <summary>Fully connected layer.</summary>
        public static Modules.Linear Linear(long inputSize, long outputSize, bool hasBias = true, Device? device = null, ScalarType? dtype = null) =>
            new(inputSize, outputSize, hasBias, device, dtype);

        /// <summary>Sequential container with children named "0", "1", ….</summary>
        public static Modules.Sequential Sequential(params Module<Tensor, Tensor>[] modules) => new(modules);

        /// <summary>An empty Sequential container (add children with <c>append</c>).</summary>
        public static Modules.Sequential Sequential() => new(Array.Empty<Module<Tensor, Tensor>>());

        /// <summary>Sequential container with children named "0", "1", ….</summary>
        public static Modules.Sequential Sequential(IEnumerable<Module<Tensor, Tensor>> modules) => new(modules.ToArray());

        /// <summary>Sequential container with named children.</summary>
        public static Modules.Sequential Sequential(params (string, Module<Tensor, Tensor>)[] modules) => new(modules);

        /// <summary>Sequential container with named children.</summary>
        public static Modules.Sequential Sequential(IEnumerable<(string, Module<Tensor, Tensor>)> modules) => new(modules.ToArray());

        /// <summary>ReLU activation.</summary>
        public static Modules.ReLU ReLU(bool inplace = false) => new(inplace);

        /// <summary>Sigmoid activation.</summary>
        public static Modules.Sigmoid Sigmoid() => new();

        /// <summary>Tanh activation.</summary>
        public static Modules.Tanh Tanh() => new();

        /// <summary>Identity.</summary>
        public static Modules.Identity Identity() => new();

        /// <summary>Flattens dimensions start_dim..end_dim.</summary>
        public static Modules.Flatten Flatten(long start_dim = 1, long end_dim = -1) => new(start_dim, end_dim);

        /// <summary>Dropout with drop probability p.</summary>
        public static Modules.Dropout Dropout(double p = 0.5, bool inplace = false) => new(p, inplace);

        /// <summary>Max pooling with a square window (stride defaults to the window).</summary>
        public static Modules.MaxPool2d MaxPool2d(long kernel_size, long? stride = null, long? padding = null, long? dilation = null, bool ceil_mode = false) =>
            new(new[] { kernel_size }, stride is null ? null : new[] { stride.Value }, new[] { padding ?? 0 }, new[] { dilation ?? 1 }, ceil_mode);

        /// <summary>Max pooling with window, stride, padding and dilation given per dimension (1 or 2 values).</summary>
        public static Modules.MaxPool2d MaxPool2d(long[] kernel_size, long[]? stride = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false) =>
            new(kernel_size, stride, padding, dilation, ceil_mode);

        /// <summary>Max pooling with (h, w) window, stride and padding.</summary>
        public static Modules.MaxPool2d MaxPool2d((long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null, (long, long)? dilation = null, bool ceil_mode = false) =>
            new(Pair(kernel_size), stride is null ? null : Pair(stride.Value), Pair(padding ?? (0, 0)), Pair(dilation ?? (1, 1)), ceil_mode);

        /// <summary>Average pooling with a square window (stride defaults to the window).</summary>
        public static Modules.AvgPool2d AvgPool2d(long kernel_size, long? stride = null, long? padding = null, bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null) =>
            new(new[] { kernel_size }, stride is null ? null : new[] { stride.Value }, new[] { padding ?? 0 }, ceil_mode, count_include_pad, divisor_override);

        /// <summary>Average pooling with window, stride and padding given per dimension (1 or 2 values).</summary>
        public static Modules.AvgPool2d AvgPool2d(long[] kernel_size, long[]? stride = null, long[]? padding = null, bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null) =>
            new(kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override);

        /// <summary>Average pooling with (h, w) window, stride and padding.</summary>
        public static Modules.AvgPool2d AvgPool2d((long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null, bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null) =>
            new(Pair(kernel_size), stride is null ? null : Pair(stride.Value), Pair(padding ?? (0, 0)), ceil_mode, count_include_pad, divisor_override);

        /// <summary>Adaptive average pooling to (h, w).</summary>
        public static Modules.AdaptiveAvgPool2d AdaptiveAvgPool2d(long h, long w) => new(new[] { h, w });

        /// <summary>Adaptive average pooling to (size, size).</summary>
        public static Modules.AdaptiveAvgPool2d AdaptiveAvgPool2d(long output_size) => new(new[] { output_size, output_size });

        /// <summary>Adaptive average pooling to output_size (1 or 2 values).</summary>
        public static Modules.AdaptiveAvgPool2d AdaptiveAvgPool2d(long[] output_size) => new(output_size);

        /// <summary>Adaptive average pooling to (h, w).</summary>
        public static Modules.AdaptiveAvgPool2d AdaptiveAvgPool2d((long, long) output_size) => new(Pair(output_size));

        /// <summary>Batch normalisation over (N, C) or (N, C, L).</summary>
        public static Modules.BatchNorm1d BatchNorm1d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = true,
            bool track_running_stats = true, Device? device = null, ScalarType? dtype = null) =>
            new(num_features, eps, momentum, affine, track_running_stats, device, dtype);

        /// <summary>Batch normalisation over (N, C, H, W).</summary>
        public static Modules.BatchNorm2d BatchNorm2d(long num_features, double eps = 1e-5, double momentum = 0.1, bool affine = true,
            bool track_running_stats = true, Device? device = null, ScalarType? dtype = null) =>
            new(num_features, eps, momentum, affine, track_running_stats, device, dtype);

        /// <summary>Local response normalisation across channels.</summary>
        public static Modules.LocalResponseNorm LocalResponseNorm(long size, double alpha = 1e-4, double beta = 0.75, double k = 1.0) =>
            new(size, alpha, beta, k);

        /// <summary>Cross-entropy loss on logits.</summary>
        public static Modules.CrossEntropyLoss CrossEntropyLoss(Tensor? weight = null, long? ignore_index = null, Reduction reduction = Reduction.Mean, double label_smoothing = 0.0) =>
            new(weight, ignore_index, reduction, label_smoothing);

        /// <summary>Negative log-likelihood loss on log-probabilities.</summary>
        public static Modules.NLLLoss NLLLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean) => new(weight, reduction);

        /// <summary>Mean squared error loss.</summary>
        public static Modules.MSELoss MSELoss(Reduction reduction = Reduction.Mean) => new(reduction);

        private static long[] Pair((long, long) v) => new[] { v.Item1, v.Item2 };

        private static long[] SamePadding(Padding padding, long kernel_size, long dilation, long stride)
        {
            if (padding == Padding.Valid) return new[] { 0L };
            if (stride != 1) throw new ArgumentException($"Conv2d: padding Same needs stride 1, got stride {stride}");
            var total = dilation * (kernel_size - 1);
            if (total % 2 != 0) throw new ArgumentException($"Conv2d: padding Same with an even effective kernel size ({total + 1}) needs asymmetric padding, which this binding does not support");
            return new[] { total / 2 };
        }
    }
}
