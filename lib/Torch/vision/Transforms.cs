using static TorchSharp.torch;

namespace TorchSharp;

/// <summary>
/// The part of TorchSharp's TorchVision that tensor code uses most: transforms as modules on (N, C, H, W) image
/// batches (<c>torchvision.transforms.Normalize(means, stdevs)</c>, <c>Compose</c>). The course's own data pipeline
/// lives in Course.Data; these exist so TorchSharp code written with them runs unchanged.
/// </summary>
public static partial class torchvision
{
    /// <summary>A transform: a module from image tensor to image tensor.</summary>
    public interface ITransform : nn.IModule<Tensor, Tensor> { }

    public static partial class transforms
    {
        /// <summary>(x − mean[c]) / std[c] for every channel c.</summary>
        public static ITransform Normalize(double[] means, double[] stdevs, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
            new NormalizeTransform(means, stdevs, dtype, device);

        /// <summary>The transforms one after the other.</summary>
        public static ITransform Compose(params ITransform[] transforms) => new ComposeTransform(transforms);

        /// <summary>Converts to <paramref name="dtype"/>, scaling byte images to [0, 1] as TorchVision does.</summary>
        public static ITransform ConvertImageDtype(ScalarType dtype) => new ConvertTransform(dtype);

        sealed class NormalizeTransform : ITransform
        {
            readonly Tensor mean, std;
            public NormalizeTransform(double[] means, double[] stdevs, ScalarType dtype, Device? device)
            {
                if (means.Length != stdevs.Length)
                    throw new ArgumentException($"Normalize: {means.Length} means but {stdevs.Length} standard deviations");
                if (stdevs.Any(s => s == 0)) throw new ArgumentException("Normalize: a standard deviation is 0");
                mean = tensor(means, [1, means.Length, 1, 1], dtype, device).DetachFromDisposeScope();
                std = tensor(stdevs, [1, stdevs.Length, 1, 1], dtype, device).DetachFromDisposeScope();
            }
            public Tensor call(Tensor input)
            {
                if (input.ndim != 4 || input.shape[1] != mean.shape[1])
                    throw new ArgumentException($"Normalize: expected (N, {mean.shape[1]}, H, W) images, got {Tensor.Shape(input)}");
                return (input - mean) / std;
            }
        }

        sealed class ComposeTransform(ITransform[] transforms) : ITransform
        {
            public Tensor call(Tensor input)
            {
                var x = input;
                foreach (var t in transforms) x = t.call(x);
                return x;
            }
        }

        sealed class ConvertTransform(ScalarType dtype) : ITransform
        {
            public Tensor call(Tensor input) =>
                input.dtype == ScalarType.Byte && dtype is ScalarType.Float32 or ScalarType.Float64 ? input.to(dtype) / 255.0 : input.to(dtype);
        }
    }
}
