using Course.Polyglot;

namespace Course.Figures;

/// <summary>
/// An 8-bit raster image (grayscale, RGB or RGBA; pixels row-major, channels interleaved) that
/// displays as PNG (<see cref="ToPng"/>) or as an HTML &lt;img&gt; (<see cref="ToHtml"/>).
/// </summary>
[TypeFormatterSource(typeof(CourseFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed partial class Image
{
    private readonly byte[] _pixels;

    /// <summary>Wraps interleaved pixels (copied) of the given size and channel count (1, 3 or 4).</summary>
    public Image(byte[] pixels, int width, int height, int channels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size must be positive, got {width}x{height}.");
        if (channels is not (1 or 3 or 4))
            throw new ArgumentOutOfRangeException(nameof(channels), $"Image channels must be 1, 3 or 4, got {channels}.");
        if (pixels.Length != (long)width * height * channels)
            throw new ArgumentException($"Image {width}x{height}x{channels} needs {(long)width * height * channels} bytes, got {pixels.Length}.", nameof(pixels));
        _pixels = (byte[])pixels.Clone();
        Width = width;
        Height = height;
        Channels = channels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }
    /// <summary>Height in pixels.</summary>
    public int Height { get; }
    /// <summary>1 (gray), 3 (RGB) or 4 (RGBA).</summary>
    public int Channels { get; }
    /// <summary>Integer display scale used by <see cref="ToHtml"/> (CSS size, nearest-neighbour rendering).</summary>
    public int DisplayScale { get; private init; } = 1;

    /// <summary>A copy of the interleaved pixel bytes.</summary>
    public byte[] GetPixels() => (byte[])_pixels.Clone();

    /// <summary>Value of channel <paramref name="c"/> at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public byte this[int x, int y, int c = 0] => _pixels[(y * Width + x) * Channels + c];

    /// <summary>The same pixels, shown <paramref name="scale"/> times larger in HTML (pixelated).</summary>
    public Image WithDisplayScale(int scale)
    {
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), $"Display scale must be >= 1, got {scale}.");
        return new Image(_pixels, Width, Height, Channels) { DisplayScale = scale };
    }

    /// <summary>A new image enlarged by an integer factor (nearest neighbour).</summary>
    public Image Upscale(int factor)
    {
        if (factor < 1) throw new ArgumentOutOfRangeException(nameof(factor), $"Upscale factor must be >= 1, got {factor}.");
        if (factor == 1) return this;
        int w = Width * factor, h = Height * factor, c = Channels;
        var dst = new byte[w * h * c];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                Buffer.BlockCopy(_pixels, ((y / factor) * Width + x / factor) * c, dst, (y * w + x) * c, c);
        return new Image(dst, w, h, c);
    }

    /// <summary>PNG file bytes.</summary>
    public byte[] ToPng() => Png.Encode(_pixels, Width, Height, Channels);

    /// <summary>An &lt;img&gt; with a PNG data URI, sized by <see cref="DisplayScale"/>.</summary>
    public string ToHtml() =>
        $"<img src=\"{HtmlUtil.PngDataUri(ToPng())}\" width=\"{Width * DisplayScale}\" height=\"{Height * DisplayScale}\" " +
        "style=\"image-rendering: pixelated; image-rendering: crisp-edges;\" alt=\"image\">";

    /// <summary>Writes the PNG to <paramref name="path"/> (folders are created).</summary>
    public void Save(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        File.WriteAllBytes(path, ToPng());
    }

    /// <inheritdoc/>
    public override string ToString() => $"Image {Width}x{Height}, {Channels} channel(s)";

    /// <summary>
    /// Builds an image from float values laid out [H,W], [C,H,W] or [1,C,H,W] (C = 1 or 3).
    /// Values map linearly from [min, max] to [0, 255] (clamped); without a range, the data's own min-max is used.
    /// </summary>
    public static Image FromArray(float[] data, long[] shape, float? min = null, float? max = null)
    {
        var (c, h, w) = Shapes.ImageDims(data, shape, "Image.FromArray");
        float lo, hi;
        if (min is { } a && max is { } b) (lo, hi) = (a, b);
        else (lo, hi) = Pixels.MinMax(data, 0, data.Length);
        var bytes = Pixels.ChwToHwc(data, 0, c, h, w, lo, hi);
        return new Image(bytes, w, h, c);
    }
}
