using TorchSharp;
using static TorchSharp.torch;

namespace Course.Data;

public sealed partial class ImageDataset
{
    static readonly float[] ByteToUnit = Enumerable.Range(0, 256).Select(i => i / 255f).ToArray();

    /// <summary>Transform applied by <see cref="Get"/> to each image, and by a <see cref="DataLoader"/> (that has
    /// no transform of its own) to each batch. Null: images come as float 0..1.</summary>
    public ITransform? Transform { get; set; }

    /// <summary>Image <paramref name="index"/> as a float tensor [C,H,W] with values 0..1 (then <see cref="Transform"/>),
    /// and its label. The caller disposes the tensor.</summary>
    public (Tensor image, long label) Get(int index)
    {
        var x = torch.tensor(ImageFloats(index), [Channels, Height, Width]);
        if (Transform is null) return (x, Labels[index]);
        using (x) return (Transform.call(x), Labels[index]);
    }

    /// <summary>Same as <see cref="Get"/>.</summary>
    public (Tensor image, long label) this[int index] => Get(index);

    /// <summary>The images at <paramref name="indices"/> as one float tensor [N,C,H,W] (0..1, no transform) and their
    /// labels as an int64 tensor [N]: one float[] filled from the bytes and one torch.tensor call.
    /// The tensors are detached from any dispose scope: the caller owns them.</summary>
    public (Tensor x, Tensor y) Batch(ReadOnlySpan<int> indices, float[]? buffer = null)
    {
        int n = indices.Length, size = ImageSize;
        var data = buffer is not null && buffer.Length == n * size ? buffer : new float[n * size];
        var labels = new long[n];
        var lut = ByteToUnit;
        for (int k = 0; k < n; k++)
        {
            var src = ImageBytes(indices[k]);
            var dst = data.AsSpan(k * size, size);
            for (int j = 0; j < src.Length; j++) dst[j] = lut[src[j]];
            labels[k] = Labels[indices[k]];
        }
        var x = torch.tensor(data, [n, Channels, Height, Width]).DetachFromDisposeScope();
        var y = torch.tensor(labels, [n]).DetachFromDisposeScope();
        return (x, y);
    }

    /// <summary>The whole dataset as tensors (x [N,C,H,W] float 0..1, y [N] int64); the caller disposes them.</summary>
    public (Tensor x, Tensor y) ToTensors() => Batch(Enumerable.Range(0, Count).ToArray());

    /// <summary>The first <paramref name="perClass"/> images of each class, class by class, as a float tensor
    /// [N,C,H,W] (0..1) with their labels — for an image grid with one row per class.</summary>
    public (Tensor images, long[] labels) SamplesByClass(int perClass)
    {
        var idx = SampleIndicesByClass(perClass);
        var (x, y) = Batch(idx);
        y.Dispose();
        return (x, idx.Select(i => (long)Labels[i]).ToArray());
    }
}
