namespace TorchSharp;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>2-D convolution with a square kernel.</summary>
        public static Modules.Conv2d Conv2d(long in_channels, long out_channels, long kernelSize, long stride = 1, long padding = 0,
            long dilation = 1, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null) =>
            new(in_channels, out_channels, new[] { kernelSize }, new[] { stride }, new[] { padding }, new[] { dilation }, groups, bias, device, dtype);

        /// <summary>2-D convolution with (h, w) kernel, stride, padding and dilation.</summary>
        public static Modules.Conv2d Conv2d(long in_channels, long out_channels, (long, long) kernelSize, (long, long)? stride = null,
            (long, long)? padding = null, (long, long)? dilation = null, long groups = 1, bool bias = true, Device? device = null, ScalarType? dtype = null) =>
            new(in_channels, out_channels, Pair(kernelSize), Pair(stride ?? (1, 1)), Pair(padding ?? (0, 0)), Pair(dilation ?? (1, 1)), groups, bias, device, dtype);

        /// <summary>Fully connected layer.</summary>
        public static Modules.Linear Linear(long inputSize, long outputSize, bool hasBias = true, Device? device = null, ScalarType? dtype = null) =>
            new(inputSize, outputSize, hasBias, device, dtype);

        /// <summary>Sequential container with children named "0", "1", ….</summary>
        public static Modules.Sequential Sequential(params Module<Tensor, Tensor>[] modules) => new(modules);

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
        public static Modules.Flatten Flatten(long startDim = 1, long endDim = -1) => new(startDim, endDim);

        /// <summary>Dropout with drop probability p.</summary>
        public static Modules.Dropout Dropout(double p = 0.5) => new(p);

        /// <summary>Max pooling with a square window (stride defaults to the window).</summary>
        public static Modules.MaxPool2d MaxPool2d(long kernelSize, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
            new(new[] { kernelSize }, stride is null ? null : new[] { stride.Value }, new[] { padding }, new[] { dilation }, ceil_mode);

        /// <summary>Max pooling with (h, w) window, stride and padding.</summary>
        public static Modules.MaxPool2d MaxPool2d((long, long) kernelSize, (long, long)? stride = null, (long, long)? padding = null, bool ceil_mode = false) =>
            new(Pair(kernelSize), stride is null ? null : Pair(stride.Value), Pair(padding ?? (0, 0)), null, ceil_mode);

        /// <summary>Average pooling with a square window (stride defaults to the window).</summary>
        public static Modules.AvgPool2d AvgPool2d(long kernelSize, long? stride = null, long padding = 0, bool ceil_mode = false, bool count_include_pad = true) =>
            new(new[] { kernelSize }, stride is null ? null : new[] { stride.Value }, new[] { padding }, ceil_mode, count_include_pad);

        /// <summary>Average pooling with (h, w) window, stride and padding.</summary>
        public static Modules.AvgPool2d AvgPool2d((long, long) kernelSize, (long, long)? stride = null, (long, long)? padding = null, bool ceil_mode = false, bool count_include_pad = true) =>
            new(Pair(kernelSize), stride is null ? null : Pair(stride.Value), Pair(padding ?? (0, 0)), ceil_mode, count_include_pad);

        /// <summary>Adaptive average pooling to (h, w).</summary>
        public static Modules.AdaptiveAvgPool2d AdaptiveAvgPool2d(long h, long w) => new(new[] { h, w });

        /// <summary>Adaptive average pooling to (size, size).</summary>
        public static Modules.AdaptiveAvgPool2d AdaptiveAvgPool2d(long size) => new(new[] { size, size });

        /// <summary>Adaptive average pooling to (h, w).</summary>
        public static Modules.AdaptiveAvgPool2d AdaptiveAvgPool2d((long, long) size) => new(Pair(size));

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
        public static Modules.CrossEntropyLoss CrossEntropyLoss(Reduction reduction = Reduction.Mean) => new(reduction);

        /// <summary>Negative log-likelihood loss on log-probabilities.</summary>
        public static Modules.NLLLoss NLLLoss(Reduction reduction = Reduction.Mean) => new(reduction);

        /// <summary>Mean squared error loss.</summary>
        public static Modules.MSELoss MSELoss(Reduction reduction = Reduction.Mean) => new(reduction);

        private static long[] Pair((long, long) v) => new[] { v.Item1, v.Item2 };
    }
}
