namespace Course.Data.Synthetic;

/// <summary>The colour and shape datasets of seed chapter 18.2 ("颜色与几何图形分类"): 3×28×28 images of one
/// filled shape on a black background, generated deterministically from a seed with <see cref="System.Random"/>.
/// Defaults (the seed gives the class lists and, for colour×shape, 600 train : 100 test per class; the other sizes
/// are our choice): 600 train and 100 test images per class for all three sets.</summary>
public static class ShapeSets
{
    /// <summary>Default training images per class.</summary>
    public const int TrainPerClass = 600;
    /// <summary>Default test images per class.</summary>
    public const int TestPerClass = 100;

    /// <summary>The six colours of the colour set (class order).</summary>
    public static readonly string[] ColorNames = ["red", "green", "blue", "yellow", "cyan", "magenta"];
    /// <summary>Which RGB channels are "on" for each colour of <see cref="ColorNames"/>.</summary>
    static readonly bool[][] ColorMasks =
    [
        [true, false, false], [false, true, false], [false, false, true],
        [true, true, false], [false, true, true], [true, false, true],
    ];
    /// <summary>The five shapes of the shape set (class order).</summary>
    public static readonly string[] ShapeNames = ["line", "triangle", "diamond", "rectangle", "circle"];

    /// <summary>Colour×shape classes: red/blue/green × circle/rectangle/triangle, colour-major
    /// ("red-circle", "red-rectangle", "red-triangle", "blue-circle", ...).</summary>
    public static readonly string[] ColorShapeNames =
        (from c in new[] { "red", "blue", "green" } from s in new[] { "circle", "rectangle", "triangle" } select $"{c}-{s}").ToArray();

    /// <summary>Colour classification (6 classes). Each image is a rectangle of random size (from thin bars to
    /// blocks covering most of the image), a thin line (1–2 px), a circle or a triangle, in one of the six colours
    /// with jittered intensity (on channels 180–255, off channels 0–60).</summary>
    public static ImageDataset Colors(bool train = true, int seed = 0, int? perClass = null)
    {
        int n = perClass ?? (train ? TrainPerClass : TestPerClass);
        var rng = new Random(DeriveSeed(seed, 1, train));
        return Build("colors", ColorNames, n, 3, train, rng, (r, c, rand) =>
        {
            var color = Jitter(ColorMasks[c], rand);
            double u = rand.NextDouble();
            if (u < 0.25) DrawShape(r, Shape.Line, color, rand);
            else if (u < 0.40) DrawBlock(r, color, rand);
            else if (u < 0.65) DrawShape(r, Shape.Rectangle, color, rand);
            else if (u < 0.85) DrawShape(r, Shape.Circle, color, rand);
            else DrawShape(r, Shape.Triangle, color, rand);
        }, seed, "colour classification (6 colours; rectangles, blocks, thin lines, circles, triangles)");
    }

    /// <summary>Shape classification (5 classes: line, triangle, diamond, rectangle, circle), each shape of random
    /// position and size in a random one of the six colours. With <paramref name="channels"/> = 1 the shapes are
    /// white on black (the seed's shape network takes 1×28×28).</summary>
    public static ImageDataset Shapes(bool train = true, int seed = 0, int? perClass = null, int channels = 3)
    {
        if (channels != 1 && channels != 3) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Expected 1 or 3.");
        int n = perClass ?? (train ? TrainPerClass : TestPerClass);
        var rng = new Random(DeriveSeed(seed, 2, train));
        return Build("shapes", ShapeNames, n, channels, train, rng, (r, c, rand) =>
        {
            var color = channels == 1 ? [(byte)rand.Next(200, 256)] : Jitter(ColorMasks[rand.Next(ColorMasks.Length)], rand);
            DrawShape(r, (Shape)c, color, rand);
        }, seed, "shape classification (line, triangle, diamond, rectangle, circle)");
    }

    /// <summary>Colour and shape at once (9 classes, see <see cref="ColorShapeNames"/>).</summary>
    public static ImageDataset ColorShapes(bool train = true, int seed = 0, int? perClass = null)
    {
        int n = perClass ?? (train ? TrainPerClass : TestPerClass);
        var rng = new Random(DeriveSeed(seed, 3, train));
        int[] colorIndex = [0, 2, 1]; // red, blue, green in ColorMasks
        Shape[] shapes = [Shape.Circle, Shape.Rectangle, Shape.Triangle];
        return Build("color-shapes", ColorShapeNames, n, 3, train, rng, (r, c, rand) =>
            DrawShape(r, shapes[c % 3], Jitter(ColorMasks[colorIndex[c / 3]], rand), rand),
            seed, "colour × shape classification (red/blue/green × circle/rectangle/triangle)");
    }

    internal enum Shape { Line, Triangle, Diamond, Rectangle, Circle }

    internal static int DeriveSeed(int seed, int set, bool train) =>
        unchecked(seed * 1_000_003 + set * 7919 + (train ? 1 : 2));

    static ImageDataset Build(string name, string[] classes, int perClass, int channels, bool train, Random rng,
                              Action<Raster, int, Random> draw, int seed, string what)
    {
        const int H = 28, W = 28;
        int count = classes.Length * perClass, size = channels * H * W;
        // Class-balanced, in a seeded random order.
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i % classes.Length;
        rng.Shuffle(order);
        var images = new byte[(long)count * size];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            var r = new Raster(channels, H, W);
            draw(r, order[i], rng);
            Buffer.BlockCopy(r.Pixels, 0, images, i * size, size);
            labels[i] = (byte)order[i];
        }
        return new ImageDataset(name, classes, images, labels, channels, H, W, train,
            $"synthetic {what}, {(train ? "train" : "test")}, seed {seed}, {perClass} per class");
    }

    static byte[] Jitter(bool[] mask, Random rand) =>
        mask.Select(on => (byte)(on ? rand.Next(180, 256) : rand.Next(0, 61))).ToArray();

    static double Uniform(Random r, double lo, double hi) => lo + (hi - lo) * r.NextDouble();

    /// <summary>A large rectangle: 18–28 px on each side.</summary>
    static void DrawBlock(Raster r, byte[] color, Random rand)
    {
        double w = Uniform(rand, 18, 28), h = Uniform(rand, 18, 28);
        double x0 = Uniform(rand, 0, r.Width - w), y0 = Uniform(rand, 0, r.Height - h);
        r.FillRect(x0, y0, x0 + w, y0 + h, color);
    }

    internal static void DrawShape(Raster r, Shape shape, byte[] color, Random rand)
    {
        int W = r.Width, H = r.Height;
        switch (shape)
        {
            case Shape.Line:
            {
                // Random direction, length 12–26, thickness 1–2 px, kept inside the image.
                double len = Uniform(rand, 12, 26), a = Uniform(rand, 0, Math.PI);
                double dx = Math.Cos(a) * len / 2, dy = Math.Sin(a) * len / 2;
                double cx = Uniform(rand, 1 + Math.Abs(dx), W - 1 - Math.Abs(dx));
                double cy = Uniform(rand, 1 + Math.Abs(dy), H - 1 - Math.Abs(dy));
                r.DrawLine(cx - dx, cy - dy, cx + dx, cy + dy, Uniform(rand, 1, 2), color);
                break;
            }
            case Shape.Rectangle:
            {
                double w = Uniform(rand, 6, 22), h = Uniform(rand, 6, 22);
                double x0 = Uniform(rand, 1, W - 1 - w), y0 = Uniform(rand, 1, H - 1 - h);
                r.FillRect(x0, y0, x0 + w, y0 + h, color);
                break;
            }
            case Shape.Circle:
            {
                double rad = Uniform(rand, 4, 11);
                r.FillCircle(Uniform(rand, rad + 1, W - 1 - rad), Uniform(rand, rad + 1, H - 1 - rad), rad, color);
                break;
            }
            case Shape.Diamond:
            {
                double a = Uniform(rand, 5, 11), b = Uniform(rand, 5, 11);
                double cx = Uniform(rand, a + 1, W - 1 - a), cy = Uniform(rand, b + 1, H - 1 - b);
                r.FillPolygon([(cx, cy - b), (cx + a, cy), (cx, cy + b), (cx - a, cy)], color);
                break;
            }
            case Shape.Triangle:
            {
                // An upright triangle of size 10–22, its apex shifted sideways, rotated by up to ±25°, kept inside.
                double s = Uniform(rand, 10, 22), apex = Uniform(rand, -0.3, 0.3) * s, rot = Uniform(rand, -0.45, 0.45);
                (double X, double Y)[] local = [(apex, -s / 2), (-s / 2, s / 2), (s / 2, s / 2)];
                double cos = Math.Cos(rot), sin = Math.Sin(rot);
                var pts = local.Select(p => (X: p.X * cos - p.Y * sin, Y: p.X * sin + p.Y * cos)).ToArray();
                double minX = pts.Min(p => p.X), maxX = pts.Max(p => p.X), minY = pts.Min(p => p.Y), maxY = pts.Max(p => p.Y);
                double ox = Uniform(rand, 1 - minX, Math.Max(1 - minX, W - 1 - maxX));
                double oy = Uniform(rand, 1 - minY, Math.Max(1 - minY, H - 1 - maxY));
                r.FillPolygon(pts.Select(p => (p.X + ox, p.Y + oy)).ToArray(), color);
                break;
            }
        }
    }
}
