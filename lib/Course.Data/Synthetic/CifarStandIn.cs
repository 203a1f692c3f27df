namespace Course.Data.Synthetic;

/// <summary>A labelled synthetic 3×32×32 set used in place of CIFAR-10 when the real files are absent. It is NOT
/// CIFAR-10: it keeps CIFAR-10's class names so code written for CIFAR runs, but class k is a texture
/// (k mod 5: horizontal stripes, vertical stripes, diagonal stripes, checkerboard, rings) drawn in a warm (k &lt; 5)
/// or cool (k ≥ 5) colour over a random dull background, with random frequency, phase, centre and noise —
/// learnable by a small CNN, not trivially by colour alone.</summary>
public static class CifarStandIn
{
    /// <summary>Default training images per class.</summary>
    public const int TrainPerClass = 1000;
    /// <summary>Default test images per class.</summary>
    public const int TestPerClass = 200;

    /// <summary>The texture of each class k mod 5.</summary>
    public static readonly string[] Textures = ["horizontal stripes", "vertical stripes", "diagonal stripes", "checkerboard", "rings"];

    /// <summary>Generates the stand-in (deterministic for a seed) and writes a warning line to the console.</summary>
    public static ImageDataset Create(bool train = true, int seed = 0, int? perClass = null, bool quiet = false)
    {
        int n = perClass ?? (train ? TrainPerClass : TestPerClass);
        var classes = new[] { "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck" };
        const int C = 3, H = 32, W = 32, size = C * H * W;
        var rng = new Random(ShapeSets.DeriveSeed(seed, 10, train));
        int count = classes.Length * n;
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i % classes.Length;
        rng.Shuffle(order);
        var images = new byte[(long)count * size];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            Draw(images.AsSpan(i * size, size), order[i], rng, H, W);
            labels[i] = (byte)order[i];
        }
        string description =
            $"SYNTHETIC STAND-IN, NOT CIFAR-10 ({(train ? "train" : "test")}, seed {seed}, {n} per class): the CIFAR-10 files " +
            "were not found, so these are generated textures (class k: texture k mod 5, warm colours for k < 5, cool for k ≥ 5) " +
            "carrying CIFAR-10's class names. Accuracies on it say nothing about CIFAR-10.";
        if (!quiet) Console.WriteLine("WARNING: " + description);
        return new ImageDataset("cifar-10-stand-in", classes, images, labels, C, H, W, train, description, isStandIn: true);
    }

    static void Draw(Span<byte> img, int label, Random rng, int H, int W)
    {
        int texture = label % 5;
        bool warm = label < 5;
        // Foreground: saturated hue, warm 0–60° or cool 180–260°; background: random dull colour.
        var fg = Hsv(warm ? rng.NextDouble() * 60 : 180 + rng.NextDouble() * 80, 0.6 + 0.4 * rng.NextDouble(), 0.7 + 0.3 * rng.NextDouble());
        var bg = Hsv(rng.NextDouble() * 360, 0.3 * rng.NextDouble(), 0.15 + 0.35 * rng.NextDouble());
        double freq = 2 * Math.PI / (4 + rng.NextDouble() * 6), phase = rng.NextDouble() * 2 * Math.PI;
        double cx = rng.NextDouble() * W, cy = rng.NextDouble() * H, sign = rng.Next(2) == 0 ? 1 : -1;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
            {
                double v = texture switch
                {
                    0 => Math.Sin(y * freq + phase),
                    1 => Math.Sin(x * freq + phase),
                    2 => Math.Sin((x + sign * y) * freq / Math.Sqrt(2) + phase),
                    3 => Math.Sin(x * freq + phase) * Math.Sin(y * freq + phase),
                    _ => Math.Sin(Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)) * freq + phase),
                };
                double t = 0.5 + 0.5 * v; // 0 = background, 1 = foreground
                for (int c = 0; c < 3; c++)
                {
                    double value = bg[c] + (fg[c] - bg[c]) * t + (rng.NextDouble() - 0.5) * 0.2;
                    img[(c * H + y) * W + x] = (byte)Math.Clamp((int)(value * 255), 0, 255);
                }
            }
    }

    static double[] Hsv(double h, double s, double v)
    {
        double c = v * s, hp = h / 60 % 6, x = c * (1 - Math.Abs(hp % 2 - 1)), m = v - c;
        var (r, g, b) = hp switch
        {
            < 1 => (c, x, 0.0), < 2 => (x, c, 0.0), < 3 => (0.0, c, x),
            < 4 => (0.0, x, c), < 5 => (x, 0.0, c), _ => (c, 0.0, x),
        };
        return [r + m, g + m, b + m];
    }
}
