namespace Course.Figures;

/// <summary>Float-to-byte conversions shared by images and grids.</summary>
internal static class Pixels
{
    /// <summary>Finite min and max of data[offset..offset+count); (0, 0) when none are finite.</summary>
    public static (float Min, float Max) MinMax(float[] data, int offset, int count)
    {
        float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
        for (int i = offset; i < offset + count; i++)
        {
            float v = data[i];
            if (!float.IsFinite(v)) continue;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        return lo > hi ? (0f, 0f) : (lo, hi);
    }

    /// <summary>Maps v from [lo, hi] to a byte (clamped; a flat range maps to mid-grey, NaN to 0).</summary>
    public static byte ToByte(float v, float lo, float hi)
    {
        if (float.IsNaN(v)) return 0;
        if (!(hi > lo)) return 128;
        double t = (v - lo) / (double)(hi - lo);
        return (byte)Math.Clamp((int)Math.Round(t * 255.0), 0, 255);
    }

    /// <summary>Converts one CHW block starting at <paramref name="offset"/> to interleaved HWC bytes.</summary>
    public static byte[] ChwToHwc(float[] data, int offset, int c, int h, int w, float lo, float hi)
    {
        var dst = new byte[c * h * w];
        int plane = h * w;
        for (int ch = 0; ch < c; ch++)
            for (int i = 0; i < plane; i++)
                dst[i * c + ch] = ToByte(data[offset + ch * plane + i], lo, hi);
        return dst;
    }
}

/// <summary>Shape checks with clear messages.</summary>
internal static class Shapes
{
    public static long Product(long[] shape)
    {
        long p = 1;
        foreach (var d in shape) p *= d;
        return p;
    }

    public static string Format(long[] shape) => "[" + string.Join(", ", shape) + "]";

    public static void CheckLength(float[] data, long[] shape, string what)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Any(d => d <= 0))
            throw new ArgumentException($"{what}: shape {Format(shape)} must have positive dimensions.", nameof(shape));
        if (Product(shape) != data.Length)
            throw new ArgumentException($"{what}: shape {Format(shape)} needs {Product(shape)} values, got {data.Length}.", nameof(data));
    }

    /// <summary>(C, H, W) of one image given as [H,W], [C,H,W] or [1,C,H,W] with C in {1, 3}.</summary>
    public static (int C, int H, int W) ImageDims(float[] data, long[] shape, string what)
    {
        CheckLength(data, shape, what);
        long[] s = shape.Length switch
        {
            2 => [1, shape[0], shape[1]],
            3 => shape,
            4 when shape[0] == 1 => shape[1..],
            _ => throw new ArgumentException($"{what}: expected an image shaped [H,W], [C,H,W] or [1,C,H,W], got {Format(shape)}.", nameof(shape)),
        };
        if (s[0] is not (1 or 3))
            throw new ArgumentException($"{what}: expected 1 or 3 channels, got {s[0]} in shape {Format(shape)}.", nameof(shape));
        return ((int)s[0], (int)s[1], (int)s[2]);
    }

    /// <summary>(N, C, H, W) of an image batch given as [N,H,W] or [N,C,H,W] with C in {1, 3}.</summary>
    public static (int N, int C, int H, int W) BatchDims(float[] data, long[] shape, string what)
    {
        CheckLength(data, shape, what);
        long[] s = shape.Length switch
        {
            3 => [shape[0], 1, shape[1], shape[2]],
            4 => shape,
            _ => throw new ArgumentException($"{what}: expected images shaped [N,H,W] or [N,C,H,W], got {Format(shape)}.", nameof(shape)),
        };
        if (s[1] is not (1 or 3))
            throw new ArgumentException($"{what}: expected 1 or 3 channels, got {s[1]} in shape {Format(shape)}.", nameof(shape));
        return ((int)s[0], (int)s[1], (int)s[2], (int)s[3]);
    }
}
