namespace Course.Data.Synthetic;

/// <summary>A tiny C×H×W byte canvas with filled-shape rasterisation (a pixel is painted when its centre lies
/// inside the shape).</summary>
public sealed class Raster
{
    /// <summary>Creates a canvas filled with zeros.</summary>
    public Raster(int channels, int height, int width)
    {
        Channels = channels; Height = height; Width = width;
        Pixels = new byte[channels * height * width];
    }

    /// <summary>Channel count.</summary>
    public int Channels { get; }
    /// <summary>Height in pixels.</summary>
    public int Height { get; }
    /// <summary>Width in pixels.</summary>
    public int Width { get; }
    /// <summary>Pixels, channel planes (C×H×W).</summary>
    public byte[] Pixels { get; }

    /// <summary>Sets pixel (x, y) to a colour (one value per channel; a shorter colour repeats its last value).</summary>
    public void Set(int x, int y, ReadOnlySpan<byte> color)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return;
        for (int c = 0; c < Channels; c++)
            Pixels[(c * Height + y) * Width + x] = color[Math.Min(c, color.Length - 1)];
    }

    /// <summary>Paints every pixel whose centre satisfies <paramref name="inside"/>.</summary>
    public void Fill(Func<double, double, bool> inside, ReadOnlySpan<byte> color)
    {
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                if (inside(x + 0.5, y + 0.5)) Set(x, y, color);
    }

    /// <summary>Fills an axis-aligned rectangle [x0, x1) × [y0, y1).</summary>
    public void FillRect(double x0, double y0, double x1, double y1, ReadOnlySpan<byte> color) =>
        Fill((x, y) => x >= x0 && x < x1 && y >= y0 && y < y1, color);

    /// <summary>Fills a circle.</summary>
    public void FillCircle(double cx, double cy, double r, ReadOnlySpan<byte> color) =>
        Fill((x, y) => (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r, color);

    /// <summary>Fills a polygon (even-odd rule).</summary>
    public void FillPolygon((double X, double Y)[] pts, ReadOnlySpan<byte> color) =>
        Fill((x, y) => InsidePolygon(pts, x, y), color);

    /// <summary>Draws a line segment of the given thickness (pixels within thickness/2 of the segment).</summary>
    public void DrawLine(double x0, double y0, double x1, double y1, double thickness, ReadOnlySpan<byte> color)
    {
        double h = Math.Max(thickness / 2, 0.5);
        Fill((x, y) => DistanceToSegment(x, y, x0, y0, x1, y1) <= h, color);
    }

    /// <summary>Adds uniform noise in [-amplitude, amplitude] to every byte (clamped).</summary>
    public void AddNoise(Random rng, int amplitude)
    {
        for (int i = 0; i < Pixels.Length; i++)
            Pixels[i] = (byte)Math.Clamp(Pixels[i] + rng.Next(-amplitude, amplitude + 1), 0, 255);
    }

    static bool InsidePolygon((double X, double Y)[] p, double x, double y)
    {
        bool inside = false;
        for (int i = 0, j = p.Length - 1; i < p.Length; j = i++)
            if ((p[i].Y > y) != (p[j].Y > y) && x < (p[j].X - p[i].X) * (y - p[i].Y) / (p[j].Y - p[i].Y) + p[i].X)
                inside = !inside;
        return inside;
    }

    static double DistanceToSegment(double px, double py, double x0, double y0, double x1, double y1)
    {
        double dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.Clamp(((px - x0) * dx + (py - y0) * dy) / len2, 0, 1);
        double ex = px - (x0 + t * dx), ey = py - (y0 + t * dy);
        return Math.Sqrt(ex * ex + ey * ey);
    }
}
