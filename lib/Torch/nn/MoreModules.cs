using static TorchSharp.torch;

namespace TorchSharp.Modules
{
    /// <summary>log(softmax(x)) along <see cref="dim"/>.</summary>
    public sealed class LogSoftmax : nn.Module<Tensor, Tensor>
    {
        /// <summary>The dimension normalised over.</summary>
        public long dim { get; }
        /// <summary>Creates the module.</summary>
        public LogSoftmax(long dim) : base(nameof(LogSoftmax)) { this.dim = dim; }
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.log_softmax(input, dim);
    }

    /// <summary>softmax(x) along <see cref="dim"/>.</summary>
    public sealed class Softmax : nn.Module<Tensor, Tensor>
    {
        /// <summary>The dimension normalised over.</summary>
        public long dim { get; }
        /// <summary>Creates the module.</summary>
        public Softmax(long dim) : base(nameof(Softmax)) { this.dim = dim; }
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.softmax(input, dim);
    }

    /// <summary>max(x, 0) + slope·min(x, 0).</summary>
    public sealed class LeakyReLU : nn.Module<Tensor, Tensor>
    {
        /// <summary>Slope for negative inputs.</summary>
        public double negative_slope { get; }
        /// <summary>Creates the module.</summary>
        public LeakyReLU(double negative_slope = 0.01) : base(nameof(LeakyReLU)) { this.negative_slope = negative_slope; }
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.leaky_relu(input, negative_slope);
    }

    /// <summary>Gaussian error linear unit.</summary>
    public sealed class GELU : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the module.</summary>
        public GELU() : base(nameof(GELU)) { }
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => nn.functional.gelu(input);
    }

    /// <summary>x·sigmoid(x).</summary>
    public sealed class SiLU : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the module.</summary>
        public SiLU() : base(nameof(SiLU)) { }
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => Ops.Tensor("aten::silu", input);
    }

    /// <summary>min(max(x, 0), 6).</summary>
    public sealed class ReLU6 : nn.Module<Tensor, Tensor>
    {
        /// <summary>Creates the module.</summary>
        public ReLU6() : base(nameof(ReLU6)) { }
        /// <inheritdoc/>
        public override Tensor forward(Tensor input) => Ops.Tensor("aten::hardtanh", input, 0.0, 6.0);
    }
}

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>LogSoftmax module.</summary>
            public static Modules.LogSoftmax LogSoftmax(long dim) => new(dim);
            /// <summary>Softmax module.</summary>
            public static Modules.Softmax Softmax(long dim) => new(dim);
            /// <summary>LeakyReLU module.</summary>
            public static Modules.LeakyReLU LeakyReLU(double negative_slope = 0.01, bool inplace = false) => new(negative_slope);
            /// <summary>GELU module.</summary>
            public static Modules.GELU GELU() => new();
            /// <summary>SiLU module.</summary>
            public static Modules.SiLU SiLU() => new();
            /// <summary>ReLU6 module.</summary>
            public static Modules.ReLU6 ReLU6(bool inplace = false) => new();
        }

        /// <summary>Whether CUDA can be used (same as <c>torch.cuda.is_available()</c>).</summary>
        public static bool cuda_is_available() => cuda.is_available();
        /// <summary>Whether Apple's Metal (MPS) can be used: never with this binding's libtorch.</summary>
        public static bool mps_is_available() => false;
    }

    /// <summary>TorchSharp's extension methods on arrays and numbers: <c>new[] { 1f, 2f }.ToTensor()</c>.</summary>
    public static partial class TensorExtensionMethods
    {
        /// <summary>A tensor holding a copy of <paramref name="rawArray"/>, shaped by <paramref name="dimensions"/> (default: 1-D).</summary>
        public static torch.Tensor ToTensor<T>(this T[] rawArray, long[]? dimensions = null, bool doCopy = false, bool requires_grad = false) where T : unmanaged =>
            torch.from_array(rawArray, requires_grad: requires_grad) is var t && dimensions is not null ? Reshaped(t, dimensions) : t;

        /// <summary>A zero-dimensional tensor holding <paramref name="scalar"/> (its C# type decides the dtype).</summary>
        public static torch.Tensor ToTensor<T>(this T scalar, torch.Device? device = null, bool requires_grad = false) where T : struct => scalar switch
        {
            float f => torch.tensor(f, device, requires_grad),
            double d => torch.tensor(d, device, requires_grad),
            long l => torch.tensor(l, device, requires_grad),
            int i => torch.tensor(i, device, requires_grad),
            short s => torch.tensor(s, device, requires_grad),
            byte b => torch.tensor(b, device, requires_grad),
            bool b => torch.tensor(b, device, requires_grad),
            Half h => torch.tensor(h, device, requires_grad),
            _ => throw new ArgumentException($"ToTensor: no tensor element type for {typeof(T).Name}"),
        };

        static torch.Tensor Reshaped(torch.Tensor t, long[] dimensions)
        {
            using (t) return t.reshape(dimensions);
        }
    }
}
