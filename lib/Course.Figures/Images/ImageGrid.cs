using System.Text;
using Course.Polyglot;

namespace Course.Figures;

/// <summary>How float tiles are mapped to 0..255.</summary>
public enum TileNormalization
{
    /// <summary>Min-max of each tile separately (conv kernels, feature maps).</summary>
    PerTile,
    /// <summary>A fixed range [min, max] (default 0..1), clamped.</summary>
    Fixed,
    /// <summary>Min-max over all tiles together.</summary>
    Global,
    /// <summary>Fixed 0..1 when every value lies in [0, 1], else per tile.</summary>
    Auto,
}

/// <summary>
/// A grid of equally sized image tiles with optional per-tile captions, row labels and a title.
/// <see cref="ToPng"/> gives the whole grid (upscaled, padded, without text); <see cref="ToHtml"/> shows
/// the grid as one PNG, or, when there are captions or row labels, as a CSS grid of PNG tiles with the text under each.
/// </summary>
[TypeFormatterSource(typeof(CourseFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed partial class ImageGrid
{
    private readonly Image?[] _tiles;
    private readonly string?[] _captions;

    /// <summary>Builds a grid from tiles (null = empty cell); all tiles must share size and channels.</summary>
    public ImageGrid(IEnumerable<Image?> tiles, int columns = 0, IEnumerable<string?>? captions = null,
        IEnumerable<string>? rowLabels = null, int padding = 2, int scale = 0, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        _tiles = tiles.ToArray();
        var first = _tiles.FirstOrDefault(t => t is not null)
            ?? throw new ArgumentException("ImageGrid needs at least one non-empty tile.", nameof(tiles));
        foreach (var t in _tiles)
            if (t is not null && (t.Width != first.Width || t.Height != first.Height || t.Channels != first.Channels))
                throw new ArgumentException(
                    $"ImageGrid tiles must share size and channels: expected {first.Width}x{first.Height}x{first.Channels}, got {t.Width}x{t.Height}x{t.Channels}.", nameof(tiles));
        if (columns < 0) throw new ArgumentOutOfRangeException(nameof(columns), $"Columns must be >= 0 (0 = automatic), got {columns}.");
        if (padding < 0) throw new ArgumentOutOfRangeException(nameof(padding), $"Padding must be >= 0, got {padding}.");
        if (scale < 0) throw new ArgumentOutOfRangeException(nameof(scale), $"Scale must be >= 0 (0 = automatic), got {scale}.");

        TileWidth = first.Width;
        TileHeight = first.Height;
        Channels = first.Channels;
        Columns = columns > 0 ? columns : AutoColumns(_tiles.Length);
        Rows = (_tiles.Length + Columns - 1) / Columns;
        Padding = padding;
        Scale = scale > 0 ? scale : AutoScale(TileWidth, TileHeight);
        Title = title;

        _captions = captions?.ToArray() ?? new string?[_tiles.Length];
        if (_captions.Length != _tiles.Length)
            throw new ArgumentException($"ImageGrid captions: expected one per tile ({_tiles.Length}), got {_captions.Length}.", nameof(captions));
        RowLabels = rowLabels?.ToArray();
        if (RowLabels is not null && RowLabels.Count != Rows)
            throw new ArgumentException($"ImageGrid row labels: expected one per row ({Rows}), got {RowLabels.Count}.", nameof(rowLabels));
    }

    /// <summary>Number of cells (including empty ones).</summary>
    public int Count => _tiles.Length;
    /// <summary>Tiles per row.</summary>
    public int Columns { get; }
    /// <summary>Number of rows.</summary>
    public int Rows { get; }
    /// <summary>Tile width before upscaling.</summary>
    public int TileWidth { get; }
    /// <summary>Tile height before upscaling.</summary>
    public int TileHeight { get; }
    /// <summary>1 (gray) or 3 (RGB) (4 for RGBA tiles).</summary>
    public int Channels { get; }
    /// <summary>Integer nearest-neighbour upscaling factor.</summary>
    public int Scale { get; }
    /// <summary>Padding between tiles in output pixels.</summary>
    public int Padding { get; }
    /// <summary>Optional title shown above the grid in HTML.</summary>
    public string? Title { get; }
    /// <summary>Per-tile captions (null entries have none).</summary>
    public IReadOnlyList<string?> Captions => _captions;
    /// <summary>Optional label per row (e.g. class names).</summary>
    public IReadOnlyList<string>? RowLabels { get; }

    /// <summary>The unscaled tile at <paramref name="index"/> (null for an empty cell).</summary>
    public Image? Tile(int index) => _tiles[index];

    /// <summary>Columns used when none are given: all tiles in one row up to 8, else about a square.</summary>
    public static int AutoColumns(int count) =>
        count <= 8 ? Math.Max(count, 1) : Math.Max(8, (int)Math.Ceiling(Math.Sqrt(count)));

    /// <summary>Scale used when none is given: tiles become at least about 48 px (at most 16x).</summary>
    public static int AutoScale(int width, int height) =>
        Math.Clamp((int)Math.Ceiling(48.0 / Math.Max(width, height)), 1, 16);

    /// <summary>
    /// Builds a grid from a float batch shaped [N,H,W] or [N,C,H,W] (C = 1 or 3, CHW per image).
    /// </summary>
    public static ImageGrid FromArray(float[] data, long[] shape, int columns = 0,
        TileNormalization normalization = TileNormalization.PerTile, float min = 0f, float max = 1f,
        IEnumerable<string?>? captions = null, IEnumerable<string>? rowLabels = null,
        int padding = 2, int scale = 0, string? title = null)
    {
        var (n, c, h, w) = Shapes.BatchDims(data, shape, "ImageGrid.FromArray");
        var tiles = ToTiles(data, n, c, h, w, normalization, min, max);
        return new ImageGrid(tiles, columns, captions, rowLabels, padding, scale, title);
    }

    internal static Image[] ToTiles(float[] data, int n, int c, int h, int w,
        TileNormalization normalization, float min, float max)
    {
        if (normalization == TileNormalization.Fixed && !(max > min))
            throw new ArgumentException($"Fixed normalization needs max > min, got [{min}, {max}].", nameof(max));
        int size = c * h * w;
        if (normalization == TileNormalization.Auto)
        {
            var (lo, hi) = Pixels.MinMax(data, 0, data.Length);
            normalization = lo >= 0f && hi <= 1f ? TileNormalization.Fixed : TileNormalization.PerTile;
            (min, max) = (0f, 1f);
        }
        var global = Pixels.MinMax(data, 0, data.Length);
        var tiles = new Image[n];
        for (int i = 0; i < n; i++)
        {
            var (lo, hi) = normalization switch
            {
                TileNormalization.PerTile => Pixels.MinMax(data, i * size, size),
                TileNormalization.Global => global,
                _ => (min, max),
            };
            tiles[i] = new Image(Pixels.ChwToHwc(data, i * size, c, h, w, lo, hi), w, h, c);
        }
        return tiles;
    }

    /// <summary>Grey level of the padding between tiles: neither black nor white, which every min-max tile contains.</summary>
    public const byte PaddingValue = 160;

    /// <summary>The whole grid as one image: tiles upscaled by <see cref="Scale"/>, separated by grey padding.</summary>
    public Image ToImage()
    {
        int tw = TileWidth * Scale, th = TileHeight * Scale, c = Channels;
        int width = Columns * tw + (Columns + 1) * Padding;
        int height = Rows * th + (Rows + 1) * Padding;
        var px = new byte[width * height * c];
        Array.Fill(px, PaddingValue);
        for (int i = 0; i < _tiles.Length; i++)
        {
            if (_tiles[i] is not { } tile) continue;
            var src = tile.Upscale(Scale).GetPixels();
            int x0 = Padding + (i % Columns) * (tw + Padding);
            int y0 = Padding + (i / Columns) * (th + Padding);
            for (int y = 0; y < th; y++)
                Buffer.BlockCopy(src, y * tw * c, px, ((y0 + y) * width + x0) * c, tw * c);
        }
        if (c == 4) // opaque padding
            for (int i = 3; i < px.Length; i += 4) px[i] = 255;
        return new Image(px, width, height, c);
    }

    /// <summary>PNG of <see cref="ToImage"/> (no captions).</summary>
    public byte[] ToPng() => ToImage().ToPng();

    /// <summary>Writes the grid PNG to <paramref name="path"/>.</summary>
    public void Save(string path) => ToImage().Save(path);

    /// <summary>HTML: title, then either the grid PNG or a CSS grid of PNG tiles with captions and row labels.</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder("<figure class=\"course-image-grid\" style=\"margin:0.5em 0;display:inline-block;\">");
        if (Title is not null)
            sb.Append("<figcaption style=\"font:600 13px sans-serif;margin-bottom:4px;\">").Append(HtmlUtil.Escape(Title)).Append("</figcaption>");
        bool hasText = RowLabels is not null || _captions.Any(s => !string.IsNullOrEmpty(s));
        if (!hasText)
        {
            sb.Append(ToImage().ToHtml()).Append("</figure>");
            return sb.ToString();
        }
        int tw = TileWidth * Scale, th = TileHeight * Scale;
        string label = RowLabels is null ? "" : "max-content ";
        sb.Append($"<div style=\"display:grid;grid-template-columns:{label}repeat({Columns}, {tw}px);gap:{Math.Max(Padding, 2)}px 6px;align-items:start;\">");
        for (int i = 0; i < Rows * Columns; i++)
        {
            if (RowLabels is not null && i % Columns == 0)
                sb.Append($"<div style=\"font:12px sans-serif;align-self:center;padding-right:6px;text-align:right;\">{HtmlUtil.Escape(RowLabels[i / Columns])}</div>");
            sb.Append($"<div style=\"text-align:center;width:{tw}px;\">");
            if (i < _tiles.Length && _tiles[i] is { } tile)
                sb.Append($"<img src=\"{HtmlUtil.PngDataUri(tile.ToPng())}\" width=\"{tw}\" height=\"{th}\" style=\"image-rendering: pixelated; image-rendering: crisp-edges;display:block;\" alt=\"tile {i}\">");
            if (i < _captions.Length && !string.IsNullOrEmpty(_captions[i]))
                sb.Append($"<div class=\"caption\" style=\"font:11px/1.2 sans-serif;margin-top:2px;overflow-wrap:anywhere;\">{HtmlUtil.EscapeMultiline(_captions[i])}</div>");
            sb.Append("</div>");
        }
        sb.Append("</div></figure>");
        return sb.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"ImageGrid{(Title is null ? "" : $" '{Title}'")}: {Count} tile(s) {TileWidth}x{TileHeight}x{Channels}, {Rows}x{Columns}, scale {Scale}";
}
