using Course.Data;
using Course.Models;

namespace Course.Cli;

/// <summary>Loads the CLI's datasets by name and builds the preprocessing for a model.</summary>
internal static class DataSetup
{
    /// <summary>Dataset names accepted by <c>train --dataset</c>.</summary>
    public static readonly string[] Names = { "mnist", "fashion-mnist", "cifar10", "cifar10-stand-in", "colors", "shapes", "color-shapes" };

    /// <summary>Train and test splits of <paramref name="name"/>. Named datasets are read from COURSE_DATA / data/ (downloaded only with <paramref name="download"/>).</summary>
    /// <exception cref="ArgumentException">Unknown dataset name.</exception>
    /// <exception cref="DatasetException">A named dataset's files are missing or corrupt.</exception>
    public static (ImageDataset Train, ImageDataset Test) Load(string name, int seed, bool download, int preferredChannels)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "mnist": return (Datasets.MNIST(train: true, download: download), Datasets.MNIST(train: false, download: download));
            case "fashion-mnist" or "fashionmnist" or "fashion_mnist":
                return (Datasets.FashionMNIST(train: true, download: download), Datasets.FashionMNIST(train: false, download: download));
            case "cifar10" or "cifar-10":
                return (Datasets.CIFAR10(train: true, download: download), Datasets.CIFAR10(train: false, download: download));
            case "cifar10-stand-in":   // notebook 15's labelled synthetic stand-in, for when the CIFAR-10 files are missing
                return (Course.Data.Synthetic.CifarStandIn.Create(true, seed, quiet: true), Course.Data.Synthetic.CifarStandIn.Create(false, seed, quiet: true));
            case "colors": return (Datasets.Colors(train: true, seed: seed), Datasets.Colors(train: false, seed: seed));
            case "shapes":
                int ch = preferredChannels == 1 ? 1 : 3;
                return (Datasets.Shapes(train: true, seed: seed, channels: ch), Datasets.Shapes(train: false, seed: seed, channels: ch));
            case "color-shapes" or "colorshapes" or "color_shapes":
                return (Datasets.ColorShapes(train: true, seed: seed), Datasets.ColorShapes(train: false, seed: seed));
            default:
                throw new ArgumentException($"unknown dataset '{name}': expected one of {string.Join(", ", Names)}");
        }
    }

    /// <summary>
    /// The batch transform for <paramref name="info"/>'s model on a dataset of <paramref name="imageSize"/> pixels:
    /// an explicit <paramref name="resize"/>, else the registry's padding / resize when the dataset has the size the model
    /// expects them for; null when none applies. <paramref name="description"/> says what was chosen.
    /// </summary>
    public static ITransform? Preprocessing(ModelInfo info, int imageSize, int? resize, out string description)
    {
        if (resize is { } r)
        {
            if (r <= 0) throw new ArgumentOutOfRangeException(nameof(resize), r, $"--resize must be positive, got {r}");
            description = $"resize {imageSize}→{r}";
            return r == imageSize ? null : Transforms.Resize(r);
        }
        if (imageSize == info.DatasetImageSize && info.ResizeTo is { } to && to != imageSize)
        {
            description = $"resize {imageSize}→{to}";
            return Transforms.Resize(to);
        }
        if (imageSize == info.DatasetImageSize && info.Pad > 0)
        {
            description = $"pad {info.Pad} ({imageSize}→{imageSize + 2 * info.Pad})";
            if (info.InputMap is { } map)
            {
                description += ", then the model's pixel scaling";
                return Transforms.Compose(Transforms.Pad(info.Pad), Transforms.Lambda(map));
            }
            return Transforms.Pad(info.Pad);
        }
        description = "none";
        return null;
    }
}
