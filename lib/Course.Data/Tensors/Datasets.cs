using Course.Data.Synthetic;

namespace Course.Data;

/// <summary>torchvision-shaped dataset factories. Named datasets are looked for under the <c>root</c> argument,
/// then <c>COURSE_DATA</c>, then the repository's <c>data/</c> folder, and downloaded when allowed
/// (see <see cref="DataLocator"/>); every file is md5-checked against <c>data/manifest.json</c>.</summary>
public static class Datasets
{
    /// <summary>MNIST handwritten digits (60,000 train / 10,000 test, 1×28×28, classes "0".."9").</summary>
    public static ImageDataset MNIST(string? root = null, bool train = true, bool download = true,
                                     ITransform? transform = null, IProgress<double>? progress = null) =>
        With(NamedDatasets.LoadIdx(NamedDatasets.MnistKey, train, root, download, progress), transform);

    /// <summary>Fashion-MNIST (60,000 train / 10,000 test, 1×28×28, ten clothing classes).</summary>
    public static ImageDataset FashionMNIST(string? root = null, bool train = true, bool download = true,
                                            ITransform? transform = null, IProgress<double>? progress = null) =>
        With(NamedDatasets.LoadIdx(NamedDatasets.FashionMnistKey, train, root, download, progress), transform);

    /// <summary>CIFAR-10 from the binary batches (50,000 train / 10,000 test, 3×32×32).</summary>
    public static ImageDataset CIFAR10(string? root = null, bool train = true, bool download = true,
                                       ITransform? transform = null, IProgress<double>? progress = null) =>
        With(NamedDatasets.LoadCifar10(train, root, download, progress), transform);

    /// <summary>CIFAR-10 when its files are present (or can be downloaded, with <paramref name="download"/>),
    /// else the synthetic stand-in of <see cref="CifarStandIn"/> (<c>IsStandIn</c> = true; a warning line is
    /// printed). Files that are present but corrupt still raise <see cref="DatasetException"/>.</summary>
    public static ImageDataset CIFAR10OrStandIn(bool train = true, string? root = null, bool download = false,
                                                ITransform? transform = null, int seed = 0, int? perClass = null)
    {
        if (NamedDatasets.IsAvailable(NamedDatasets.Cifar10Key, train, root))
            return CIFAR10(root, train, download: false, transform);
        if (download)
        {
            try { return CIFAR10(root, train, download: true, transform); }
            catch (DatasetException e) { Console.WriteLine($"CIFAR-10 download failed: {e.Message}"); }
        }
        return With(CifarStandIn.Create(train, seed, perClass), transform);
    }

    /// <summary>Seed §18.2 colour set: 6 colours, 3×28×28 (see <see cref="ShapeSets.Colors"/>).</summary>
    public static ImageDataset Colors(bool train = true, int seed = 0, int? perClass = null, ITransform? transform = null) =>
        With(ShapeSets.Colors(train, seed, perClass), transform);

    /// <summary>Seed §18.2 shape set: line, triangle, diamond, rectangle, circle (see <see cref="ShapeSets.Shapes"/>).</summary>
    public static ImageDataset Shapes(bool train = true, int seed = 0, int? perClass = null, ITransform? transform = null, int channels = 3) =>
        With(ShapeSets.Shapes(train, seed, perClass, channels), transform);

    /// <summary>Seed §18.2 colour × shape set: 9 classes (see <see cref="ShapeSets.ColorShapes"/>).</summary>
    public static ImageDataset ColorShapes(bool train = true, int seed = 0, int? perClass = null, ITransform? transform = null) =>
        With(ShapeSets.ColorShapes(train, seed, perClass), transform);

    static ImageDataset With(ImageDataset ds, ITransform? transform)
    {
        ds.Transform = transform;
        return ds;
    }
}
