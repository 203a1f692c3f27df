namespace TorchSharp;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>In-place parameter initialisers (PyTorch's <c>torch.nn.init</c>); all run under no_grad and return their argument.</summary>
        public static class init
        {
            /// <summary>Which fan kaiming initialisation preserves.</summary>
            public enum FanInOut { FanIn, FanOut }

            /// <summary>Non-linearities known to <see cref="calculate_gain(NonlinearityType, double?)"/>.</summary>
            public enum NonlinearityType { Linear, Conv1D, Conv2D, Conv3D, ConvTranspose1D, ConvTranspose2D, ConvTranspose3D, Sigmoid, Tanh, ReLU, LeakyReLU, SELU }

            /// <summary>PyTorch's recommended gain: linear/conv/sigmoid 1, tanh 5/3, relu √2, leaky_relu √(2/(1+slope²)) (slope default 0.01), selu 3/4.</summary>
            public static double calculate_gain(string nonlinearity, double? param = null) => nonlinearity switch
            {
                "linear" or "conv1d" or "conv2d" or "conv3d" or "conv_transpose1d" or "conv_transpose2d" or "conv_transpose3d" or "sigmoid" => 1.0,
                "tanh" => 5.0 / 3.0,
                "relu" => Math.Sqrt(2.0),
                "leaky_relu" => Math.Sqrt(2.0 / (1 + Math.Pow(param ?? 0.01, 2))),
                "selu" => 3.0 / 4.0,
                _ => throw new ArgumentException($"Unsupported nonlinearity '{nonlinearity}' (expected linear, conv1d/2d/3d, conv_transpose1d/2d/3d, sigmoid, tanh, relu, leaky_relu or selu).", nameof(nonlinearity)),
            };

            /// <summary>Gain for an enum non-linearity (see the string overload).</summary>
            public static double calculate_gain(NonlinearityType nonlinearity, double? param = null) =>
                calculate_gain(NonlinearityName(nonlinearity), param);

            private static string NonlinearityName(NonlinearityType n) => n switch
            {
                NonlinearityType.Linear => "linear", NonlinearityType.Conv1D => "conv1d", NonlinearityType.Conv2D => "conv2d",
                NonlinearityType.Conv3D => "conv3d", NonlinearityType.ConvTranspose1D => "conv_transpose1d",
                NonlinearityType.ConvTranspose2D => "conv_transpose2d", NonlinearityType.ConvTranspose3D => "conv_transpose3d",
                NonlinearityType.Sigmoid => "sigmoid", NonlinearityType.Tanh => "tanh", NonlinearityType.ReLU => "relu",
                NonlinearityType.LeakyReLU => "leaky_relu", _ => "selu",
            };

            /// <summary>(fan_in, fan_out) of a weight: size(1)·receptive field and size(0)·receptive field.</summary>
            /// <summary>TorchSharp's name for <see cref="calculate_fan_in_and_fan_out"/>.</summary>
            public static (long fanIn, long fanOut) CalculateFanInAndFanOut(Tensor tensor) => calculate_fan_in_and_fan_out(tensor);

            public static (long fan_in, long fan_out) calculate_fan_in_and_fan_out(Tensor tensor)
            {
                var s = tensor.shape;
                if (s.Length < 2)
                    throw new ArgumentException($"Fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (shape [{string.Join(", ", s)}]).", nameof(tensor));
                long receptive = 1;
                for (int i = 2; i < s.Length; i++) receptive *= s[i];
                return (s[1] * receptive, s[0] * receptive);
            }

            /// <summary>Fills with U(a, b).</summary>
            public static Tensor uniform_(Tensor tensor, double a = 0, double b = 1, Generator? generator = null)
            {
                using (no_grad()) { if (generator is null) tensor.uniform_(a, b); else tensor.uniform_(a, b, generator); }
                return tensor;
            }

            /// <summary>Fills with N(mean, std²).</summary>
            public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1, Generator? generator = null)
            {
                using (no_grad()) { if (generator is null) tensor.normal_(mean, std); else tensor.normal_(mean, std, generator); }
                return tensor;
            }

            /// <summary>Fills a matrix with the identity (ones on the diagonal, zeros elsewhere).</summary>
            public static Tensor eye_(Tensor tensor)
            {
                if (tensor.ndim != 2) throw new ArgumentException($"eye_ needs a 2-D tensor, got shape {Tensor.Shape(tensor)}");
                using (no_grad())
                {
                    using var id = torch.eye(tensor.shape[0], tensor.shape[1], tensor.dtype, tensor.device);
                    tensor.copy_(id);
                }
                return tensor;
            }

            /// <summary>Fills with <paramref name="val"/>.</summary>
            public static Tensor constant_(Tensor tensor, double val)
            {
                using (no_grad()) tensor.fill_(val);
                return tensor;
            }

            /// <summary>Fills with zeros.</summary>
            public static Tensor zeros_(Tensor tensor) => constant_(tensor, 0);

            /// <summary>Fills with ones.</summary>
            public static Tensor ones_(Tensor tensor) => constant_(tensor, 1);

            /// <summary>Glorot uniform: U(−a, a) with a = gain·√(6/(fan_in+fan_out)).</summary>
            public static Tensor xavier_uniform_(Tensor tensor, double gain = 1.0)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                double std = gain * Math.Sqrt(2.0 / (fanIn + fanOut));
                double a = Math.Sqrt(3.0) * std;
                return uniform_(tensor, -a, a);
            }

            /// <summary>Glorot normal: N(0, std²) with std = gain·√(2/(fan_in+fan_out)).</summary>
            public static Tensor xavier_normal_(Tensor tensor, double gain = 1.0)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                return normal_(tensor, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
            }

            /// <summary>He uniform: U(−b, b) with b = √3·gain/√fan, gain = calculate_gain(nonlinearity, a).</summary>
            public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu")
            {
                double std = KaimingStd(tensor, a, mode, nonlinearity);
                double bound = Math.Sqrt(3.0) * std;
                return uniform_(tensor, -bound, bound);
            }

            /// <summary>He normal: N(0, std²) with std = gain/√fan, gain = calculate_gain(nonlinearity, a).</summary>
            public static Tensor kaiming_normal_(Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu") =>
                normal_(tensor, 0, KaimingStd(tensor, a, mode, nonlinearity));

            /// <summary>He uniform with enum arguments (TorchSharp style).</summary>
            public static Tensor kaiming_uniform_(Tensor tensor, double a, FanInOut mode, NonlinearityType nonlinearity = NonlinearityType.LeakyReLU) =>
                kaiming_uniform_(tensor, a, mode == FanInOut.FanIn ? "fan_in" : "fan_out", NonlinearityName(nonlinearity));

            /// <summary>He normal with enum arguments (TorchSharp style).</summary>
            public static Tensor kaiming_normal_(Tensor tensor, double a, FanInOut mode, NonlinearityType nonlinearity = NonlinearityType.LeakyReLU) =>
                kaiming_normal_(tensor, a, mode == FanInOut.FanIn ? "fan_in" : "fan_out", NonlinearityName(nonlinearity));

            private static double KaimingStd(Tensor tensor, double a, string mode, string nonlinearity)
            {
                var (fanIn, fanOut) = calculate_fan_in_and_fan_out(tensor);
                long fan = mode switch
                {
                    "fan_in" => fanIn,
                    "fan_out" => fanOut,
                    _ => throw new ArgumentException($"Mode '{mode}' not supported, please use one of fan_in, fan_out.", nameof(mode)),
                };
                if (fan == 0) throw new ArgumentException("Initializing a zero-element tensor is a no-op (fan is 0).", nameof(tensor));
                return calculate_gain(nonlinearity, a) / Math.Sqrt(fan);
            }
        }
    }
}
