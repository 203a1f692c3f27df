using Course.Polyglot;

namespace Course.Data;

/// <summary>An in-memory labelled image dataset: raw bytes N×C×H×W (0..255) and one label byte per image.
/// The tensor side (<c>Get</c>, <c>Transform</c>, <c>SamplesByClass</c>) lives in ImageDataset.Tensors.cs.</summary>
[TypeFormatterSource(typeof(CourseFormatterSource), PreferredMimeTypes = ["text/plain"])]
public sealed partial class ImageDataset
{
    /// <summary>Creates a dataset over the given arrays (not copied).</summary>
    public ImageDataset(string name, IReadOnlyList<string> classes, byte[] images, byte[] labels,
                        int channels, int height, int width, bool train,
                        string? description = null, bool isStandIn = false, string? source = null)
    {
        if (images.Length != (long)labels.Length * channels * height * width)
            throw new ArgumentException(
                $"images has {images.Length} bytes; expected {labels.Length}×{channels}×{height}×{width} = {(long)labels.Length * channels * height * width}.",
                nameof(images));
        Name = name; Classes = classes; Images = images; Labels = labels;
        Channels = channels; Height = height; Width = width; Train = train;
        Description = description ?? $"{name} ({(train ? "train" : "test")}), {labels.Length} images";
        IsStandIn = isStandIn; Source = source;
    }

    /// <summary>Short name, e.g. "fashion-mnist".</summary>
    public string Name { get; }
    /// <summary>Class names; label k is <c>Classes[k]</c>.</summary>
    public IReadOnlyList<string> Classes { get; }
    /// <summary>Raw pixels, N×C×H×W bytes (0..255), channel planes per image.</summary>
    public byte[] Images { get; }
    /// <summary>Labels, one byte per image.</summary>
    public byte[] Labels { get; }
    /// <summary>Number of channels (1 for MNIST, 3 for CIFAR and the synthetic sets).</summary>
    public int Channels { get; }
    /// <summary>Image height in pixels.</summary>
    public int Height { get; }
    /// <summary>Image width in pixels.</summary>
    public int Width { get; }
    /// <summary>True for a training split.</summary>
    public bool Train { get; }
    /// <summary>Human-readable description (what it is, where it came from).</summary>
    public string Description { get; }
    /// <summary>True when this is a synthetic stand-in for a real dataset that was not available.</summary>
    public bool IsStandIn { get; }
    /// <summary>The folder the files were read from, or null for generated data.</summary>
    public string? Source { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;
    /// <summary>Bytes per image (C×H×W).</summary>
    public int ImageSize => Channels * Height * Width;
    /// <summary>The labels as long values (the dtype of class targets).</summary>
    public long[] LabelsInt64 => Array.ConvertAll(Labels, b => (long)b);

    /// <summary>The raw bytes of image <paramref name="index"/> (C×H×W).</summary>
    public ReadOnlySpan<byte> ImageBytes(int index) => Images.AsSpan(CheckIndex(index) * ImageSize, ImageSize);

    /// <summary>Image <paramref name="index"/> as floats in 0..1 (C×H×W).</summary>
    public float[] ImageFloats(int index)
    {
        var src = ImageBytes(index);
        var dst = new float[src.Length];
        for (int i = 0; i < src.Length; i++) dst[i] = src[i] / 255f;
        return dst;
    }

    /// <summary>Number of images of each class.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Classes.Count];
        foreach (var l in Labels) counts[l]++;
        return counts;
    }

    /// <summary>Mean pixel value over all images, scaled to 0..1.</summary>
    public double MeanPixel()
    {
        long sum = 0;
        foreach (var b in Images) sum += b;
        return Images.Length == 0 ? 0 : sum / 255.0 / Images.Length;
    }

    /// <summary>Indices of the first <paramref name="perClass"/> images of each class, class by class
    /// (fewer when a class has fewer images) — handy for an image grid with one row per class.</summary>
    public int[] SampleIndicesByClass(int perClass)
    {
        var byClass = new List<int>[Classes.Count];
        for (int c = 0; c < byClass.Length; c++) byClass[c] = new List<int>(perClass);
        for (int i = 0; i < Count; i++)
            if (byClass[Labels[i]].Count < perClass) byClass[Labels[i]].Add(i);
        return byClass.SelectMany(l => l).ToArray();
    }

    /// <summary>A new dataset holding the given images (copied), in the given order.</summary>
    public ImageDataset Subset(IReadOnlyList<int> indices)
    {
        var images = new byte[(long)indices.Count * ImageSize];
        var labels = new byte[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            Buffer.BlockCopy(Images, CheckIndex(indices[k]) * ImageSize, images, k * ImageSize, ImageSize);
            labels[k] = Labels[indices[k]];
        }
        return new ImageDataset(Name, Classes, images, labels, Channels, Height, Width, Train,
            $"{Description} (subset of {indices.Count})", IsStandIn, Source);
    }

    /// <summary>The first <paramref name="n"/> images (or all when fewer).</summary>
    public ImageDataset Take(int n) => Subset(Enumerable.Range(0, Math.Min(n, Count)).ToArray());

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Description}: {Count} × [{Channels}, {Height}, {Width}], {Classes.Count} classes ({string.Join(", ", Classes)})" +
        (IsStandIn ? " — SYNTHETIC STAND-IN" : "");

    int CheckIndex(int index) =>
        (uint)index < (uint)Count ? index
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"Dataset '{Name}' has {Count} images (0..{Count - 1}).");
}
