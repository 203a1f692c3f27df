using TorchSharp;
using static TorchSharp.torch;

namespace Course.Figures;

/// <summary>Copies a tensor to a CPU float array plus its shape (the only way figures read tensors).</summary>
internal static class TensorData
{
    public static (float[] Data, long[] Shape) Read(torch.Tensor t, string what)
    {
        ArgumentNullException.ThrowIfNull(t, what);
        using var scope = torch.NewDisposeScope(); // frees the intermediate copies, never the caller's tensor
        var data = t.detach().cpu().to(ScalarType.Float32).data<float>().ToArray();
        return (data, t.shape);
    }
}

public sealed partial class Image
{
    /// <summary>An image from a tensor [H,W], [C,H,W] or [1,C,H,W] (C = 1 or 3); see <see cref="FromArray"/>.</summary>
    public static Image FromTensor(torch.Tensor image, float? min = null, float? max = null)
    {
        var (data, shape) = TensorData.Read(image, nameof(image));
        return FromArray(data, shape, min, max);
    }
}

public sealed partial class ImageGrid
{
    /// <summary>A grid from a tensor [N,H,W] or [N,C,H,W]; see <see cref="FromArray"/>.</summary>
    public static ImageGrid FromTensor(torch.Tensor images, int columns = 0,
        TileNormalization normalization = TileNormalization.PerTile, float min = 0f, float max = 1f,
        IEnumerable<string?>? captions = null, int padding = 2, int scale = 0, string? title = null)
    {
        var (data, shape) = TensorData.Read(images, nameof(images));
        return FromArray(data, shape, columns, normalization, min, max, captions, null, padding, scale, title);
    }

    /// <summary>Conv kernels of a weight tensor [out, in, kh, kw]; see <see cref="Kernels(float[], long[], KernelView, int, int, int, string?)"/>.</summary>
    public static ImageGrid Kernels(torch.Tensor weight, KernelView view = KernelView.Auto,
        int columns = 0, int scale = 0, int maxTiles = 256, string? title = null)
    {
        var (data, shape) = TensorData.Read(weight, nameof(weight));
        return Kernels(data, shape, view, columns, scale, maxTiles, title);
    }

    /// <summary>Feature maps [C,H,W] or [1,C,H,W]; see <see cref="FeatureMaps(float[], long[], int, int, int, bool, string?)"/>.</summary>
    public static ImageGrid FeatureMaps(torch.Tensor maps, int columns = 0, int scale = 0,
        int maxTiles = 256, bool channelCaptions = false, string? title = null)
    {
        var (data, shape) = TensorData.Read(maps, nameof(maps));
        return FeatureMaps(data, shape, columns, scale, maxTiles, channelCaptions, title);
    }

    /// <summary>Dataset samples by class; see <see cref="Samples(float[], long[], long[], string[], int, int, string?)"/>.</summary>
    public static ImageGrid Samples(torch.Tensor images, long[] labels, string[] classNames, int perClass,
        int scale = 0, string? title = null)
    {
        var (data, shape) = TensorData.Read(images, nameof(images));
        return Samples(data, shape, labels, classNames, perClass, scale, title);
    }

    /// <summary>Misclassified images; see <see cref="Misclassified(float[], long[], long[], long[], string[], int, int, int, string?)"/>.</summary>
    public static ImageGrid Misclassified(torch.Tensor images, long[] trueLabels, long[] predicted, string[] classNames,
        int max = 16, int columns = 0, int scale = 0, string? title = null)
    {
        var (data, shape) = TensorData.Read(images, nameof(images));
        return Misclassified(data, shape, trueLabels, predicted, classNames, max, columns, scale, title);
    }
}

public sealed partial class Chart
{
    /// <summary>A heatmap of a 2-D tensor [rows, cols]; see <see cref="Heatmap(double[,], IEnumerable{string}?, IEnumerable{string}?, string, string?, string?)"/>.</summary>
    public static Chart Heatmap(torch.Tensor z, IEnumerable<string>? x = null, IEnumerable<string>? y = null,
        string colorScale = "Viridis", string? valueFormat = null)
    {
        var (data, shape) = TensorData.Read(z, nameof(z));
        if (shape.Length != 2)
            throw new ArgumentException($"Chart.Heatmap: expected a 2-D tensor, got shape {Shapes.Format(shape)}.", nameof(z));
        return Heatmap(data, (int)shape[0], (int)shape[1], x, y, colorScale, valueFormat);
    }
}
