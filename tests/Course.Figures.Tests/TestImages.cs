namespace Course.Figures.Tests;

/// <summary>Deterministic synthetic image grids for the browser page and screenshot.</summary>
internal static class TestImages
{
    /// <summary>Six 5x5 "kernels": oriented edges and blobs.</summary>
    public static ImageGrid Kernels()
    {
        var w = new float[6 * 1 * 5 * 5];
        for (int k = 0; k < 6; k++)
            for (int y = 0; y < 5; y++)
                for (int x = 0; x < 5; x++)
                    w[k * 25 + y * 5 + x] = k switch
                    {
                        0 => x - 2, 1 => y - 2, 2 => x - y, 3 => -(x - 2) * (x - 2) - (y - 2) * (y - 2),
                        4 => (x + y) % 2, _ => MathF.Sin(x + 2 * y),
                    };
        return ImageGrid.Kernels(w, [6, 1, 5, 5], title: "conv1 kernels (per-tile min-max)");
    }

    /// <summary>Three 8x8 RGB images with true/predicted captions.</summary>
    public static ImageGrid Misclassified()
    {
        int n = 4, c = 3, h = 8, wd = 8;
        var img = new float[n * c * h * wd];
        for (int i = 0; i < n; i++)
            for (int ch = 0; ch < c; ch++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < wd; x++)
                        img[((i * c + ch) * h + y) * wd + x] = ch == i % 3 ? (x + y) / 14f : 0.2f * ch;
        return ImageGrid.Misclassified(img, [n, c, h, wd], [1, 0, 1, 0], [0, 0, 0, 1], ["cat", "dog"], title: "misclassified");
    }
}
