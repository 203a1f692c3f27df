namespace Course.Figures;

/// <summary>How a conv weight [out, in, kh, kw] becomes tiles.</summary>
public enum KernelView
{
    /// <summary><see cref="Rgb"/> when in = 3, else <see cref="MeanOverInputs"/> (which is exact when in = 1).</summary>
    Auto,
    /// <summary>One RGB tile per output channel (needs in = 3).</summary>
    Rgb,
    /// <summary>One grayscale tile per output channel: the mean over input channels.</summary>
    MeanOverInputs,
    /// <summary>One grayscale tile per (out, in) pair: a row per output channel, a column per input channel.</summary>
    PerInput,
}

public sealed partial class ImageGrid
{
    /// <summary>
    /// Conv kernels from a weight laid out [out, in, kh, kw], each tile min-max normalised on its own.
    /// <see cref="KernelView.Auto"/>: in = 3 gives one RGB tile per output channel; any other in gives one
    /// grayscale tile per output channel (the mean over inputs; exact for in = 1). <see cref="KernelView.PerInput"/>
    /// shows every (out, in) slice, one row per output channel (limited to <paramref name="maxTiles"/>).
    /// </summary>
    public static ImageGrid Kernels(float[] weight, long[] shape, KernelView view = KernelView.Auto,
        int columns = 0, int scale = 0, int maxTiles = 256, string? title = null)
    {
        Shapes.CheckLength(weight, shape, "ImageGrid.Kernels");
        if (shape.Length != 4)
            throw new ArgumentException($"ImageGrid.Kernels: expected a conv weight [out, in, kh, kw], got {Shapes.Format(shape)}.", nameof(shape));
        int o = (int)shape[0], inC = (int)shape[1], kh = (int)shape[2], kw = (int)shape[3];
        int k = kh * kw;
        if (view == KernelView.Auto) view = inC == 3 ? KernelView.Rgb : KernelView.MeanOverInputs;
        switch (view)
        {
            case KernelView.Rgb:
                if (inC != 3)
                    throw new ArgumentException($"ImageGrid.Kernels: RGB view needs 3 input channels, got {inC} in {Shapes.Format(shape)}.", nameof(view));
                return FromArray(weight[..Math.Min(weight.Length, maxTiles * 3 * k)], [Math.Min(o, maxTiles), 3, kh, kw],
                    columns, TileNormalization.PerTile, scale: scale, title: title);
            case KernelView.MeanOverInputs:
            {
                int n = Math.Min(o, maxTiles);
                var mean = new float[n * k];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < inC; j++)
                        for (int p = 0; p < k; p++)
                            mean[i * k + p] += weight[(i * inC + j) * k + p] / inC;
                return FromArray(mean, [n, 1, kh, kw], columns, TileNormalization.PerTile, scale: scale, title: title);
            }
            case KernelView.PerInput:
            {
                int rows = Math.Max(1, Math.Min(o, maxTiles / Math.Max(inC, 1)));
                int n = rows * inC;
                return FromArray(weight[..(n * k)], [n, 1, kh, kw], inC, TileNormalization.PerTile,
                    rowLabels: Enumerable.Range(0, rows).Select(r => $"out {r}"), scale: scale, title: title);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(view), view, "Unknown kernel view.");
        }
    }

    /// <summary>Feature maps [C,H,W] or [1,C,H,W]: one grayscale tile per channel, min-max per tile.</summary>
    public static ImageGrid FeatureMaps(float[] maps, long[] shape, int columns = 0, int scale = 0,
        int maxTiles = 256, bool channelCaptions = false, string? title = null)
    {
        Shapes.CheckLength(maps, shape, "ImageGrid.FeatureMaps");
        long[] s = shape.Length switch
        {
            3 => shape,
            4 when shape[0] == 1 => shape[1..],
            _ => throw new ArgumentException($"ImageGrid.FeatureMaps: expected [C,H,W] or [1,C,H,W], got {Shapes.Format(shape)}.", nameof(shape)),
        };
        int c = (int)Math.Min(s[0], maxTiles), h = (int)s[1], w = (int)s[2];
        var data = maps.Length == c * h * w ? maps : maps[..(c * h * w)];
        return FromArray(data, [c, 1, h, w], columns, TileNormalization.PerTile,
            captions: channelCaptions ? Enumerable.Range(0, c).Select(i => (string?)$"ch {i}") : null,
            scale: scale, title: title);
    }

    /// <summary>
    /// Dataset samples by class: one row per class (labelled with its name), the first <paramref name="perClass"/>
    /// images of that class in order. Images [N,H,W] or [N,C,H,W]; values in [0,1] are shown as is, else min-max per tile.
    /// </summary>
    public static ImageGrid Samples(float[] images, long[] shape, long[] labels, string[] classNames, int perClass,
        int scale = 0, string? title = null)
    {
        var (n, c, h, w) = Shapes.BatchDims(images, shape, "ImageGrid.Samples");
        CheckLabels(labels, n, classNames, "labels", "ImageGrid.Samples");
        if (perClass < 1) throw new ArgumentOutOfRangeException(nameof(perClass), $"perClass must be >= 1, got {perClass}.");
        var cellOf = new List<(int Image, int Cell)>();
        var filled = new int[classNames.Length];
        for (int i = 0; i < n; i++)
        {
            int cls = (int)labels[i];
            if (filled[cls] < perClass) cellOf.Add((i, cls * perClass + filled[cls]++));
        }
        var tiles = ToTiles(Subset(images, c * h * w, cellOf.Select(p => p.Image)), cellOf.Count, c, h, w, TileNormalization.Auto, 0f, 1f);
        var cells = new Image?[classNames.Length * perClass];
        for (int j = 0; j < cellOf.Count; j++) cells[cellOf[j].Cell] = tiles[j];
        return new ImageGrid(cells, perClass, rowLabels: classNames, scale: scale, title: title);
    }

    /// <summary>
    /// Up to <paramref name="max"/> misclassified images (in dataset order) captioned "true: A / pred: B".
    /// Images [N,H,W] or [N,C,H,W]; values in [0,1] are shown as is, else min-max per tile.
    /// </summary>
    public static ImageGrid Misclassified(float[] images, long[] shape, long[] trueLabels, long[] predicted,
        string[] classNames, int max = 16, int columns = 0, int scale = 0, string? title = null)
    {
        var (n, c, h, w) = Shapes.BatchDims(images, shape, "ImageGrid.Misclassified");
        CheckLabels(trueLabels, n, classNames, nameof(trueLabels), "ImageGrid.Misclassified");
        CheckLabels(predicted, n, classNames, nameof(predicted), "ImageGrid.Misclassified");
        if (max < 1) throw new ArgumentOutOfRangeException(nameof(max), $"max must be >= 1, got {max}.");
        var wrong = Enumerable.Range(0, n).Where(i => trueLabels[i] != predicted[i]).Take(max).ToArray();
        if (wrong.Length == 0)
            throw new ArgumentException($"ImageGrid.Misclassified: all {n} predictions are correct; nothing to show.", nameof(predicted));
        var tiles = ToTiles(Subset(images, c * h * w, wrong), wrong.Length, c, h, w, TileNormalization.Auto, 0f, 1f);
        return new ImageGrid(tiles, columns,
            wrong.Select(i => (string?)$"true: {classNames[trueLabels[i]]}\npred: {classNames[predicted[i]]}"),
            scale: scale, title: title);
    }

    private static float[] Subset(float[] data, int size, IEnumerable<int> indices)
    {
        var idx = indices.ToArray();
        var dst = new float[idx.Length * size];
        for (int j = 0; j < idx.Length; j++) Array.Copy(data, (long)idx[j] * size, dst, (long)j * size, size);
        return dst;
    }

    private static void CheckLabels(long[] labels, int n, string[] classNames, string name, string what)
    {
        ArgumentNullException.ThrowIfNull(labels, name);
        ArgumentNullException.ThrowIfNull(classNames);
        if (labels.Length != n)
            throw new ArgumentException($"{what}: expected {n} {name} (one per image), got {labels.Length}.", name);
        foreach (var l in labels)
            if (l < 0 || l >= classNames.Length)
                throw new ArgumentOutOfRangeException(name, $"{what}: label {l} is outside 0..{classNames.Length - 1} ({classNames.Length} class names).");
    }
}
