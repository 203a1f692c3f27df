using TorchSharp;
using static TorchSharp.torch;

namespace Course.Data;

/// <summary>A tensor transform (torchvision-shaped). Input is one image [C,H,W] or a batch [N,C,H,W].
/// A transform returns a new tensor and never disposes its input; the caller owns both.</summary>
public interface ITransform
{
    /// <summary>Applies the transform.</summary>
    Tensor call(Tensor input);
}

/// <summary>Factories for the transforms (torchvision names). Random transforms draw from a
/// <see cref="System.Random"/> seeded by their <c>seed</c> argument, so runs are reproducible.</summary>
public static class Transforms
{
    /// <summary>Bytes 0..255 → float32 0..1 (float input is copied unchanged).</summary>
    public static ITransform ToTensor() => new ToTensor();
    /// <summary>Per channel (x − mean[c]) / std[c]; one value applies to every channel.</summary>
    public static ITransform Normalize(double[] mean, double[] std) => new Normalize(mean, std);
    /// <summary>Bilinear resize to size×size.</summary>
    public static ITransform Resize(int size) => new Resize(size, size);
    /// <summary>Bilinear resize to height×width.</summary>
    public static ITransform Resize(int height, int width) => new Resize(height, width);
    /// <summary>Pads every side by <paramref name="padding"/> pixels of value <paramref name="fill"/>.</summary>
    public static ITransform Pad(int padding, double fill = 0) => new Pad(padding, padding, padding, padding, fill);
    /// <summary>Random size×size crop, after padding each side by <paramref name="padding"/> (per image in a batch).</summary>
    public static ITransform RandomCrop(int size, int padding = 0, int seed = 0) => new RandomCrop(size, size, padding, seed);
    /// <summary>Flips each image left–right with probability <paramref name="p"/>.</summary>
    public static ITransform RandomHorizontalFlip(double p = 0.5, int seed = 0) => new RandomHorizontalFlip(p, seed);
    /// <summary>Applies transforms in order, disposing the intermediate results.</summary>
    public static ITransform Compose(params ITransform[] transforms) => new Compose(transforms);
    /// <summary>Wraps a function (which must return a new tensor, not its input).</summary>
    public static ITransform Lambda(Func<Tensor, Tensor> f) => new Lambda(f);

    /// <summary>Runs <paramref name="f"/> on a batch view of <paramref name="x"/>: [C,H,W] is seen as [1,C,H,W].</summary>
    internal static Tensor OnBatch(Tensor x, Func<Tensor, Tensor> f)
    {
        long d = x.dim();
        if (d == 4) return f(x);
        if (d != 3) throw new ArgumentException($"Expected an image [C,H,W] or a batch [N,C,H,W], got shape [{string.Join(", ", x.shape)}].");
        using var b = x.unsqueeze(0);
        using var y = f(b);
        return y.squeeze(0);
    }

    /// <summary>Float32 version of x (a new tensor).</summary>
    internal static Tensor AsFloat(Tensor x) =>
        x.dtype == ScalarType.Byte ? DivBy255(x) : x.dtype == ScalarType.Float32 ? x.alias() : x.to(ScalarType.Float32);

    static Tensor DivBy255(Tensor x) { using var f = x.to(ScalarType.Float32); return f / 255.0; }
}

/// <summary>Bytes 0..255 → float32 0..1.</summary>
public sealed class ToTensor : ITransform
{
    /// <inheritdoc/>
    public Tensor call(Tensor input) => input.dtype == ScalarType.Float32 ? input.clone() : Transforms.AsFloat(input);
}

/// <summary>Per-channel normalisation (x − mean) / std.</summary>
public sealed class Normalize(double[] mean, double[] std) : ITransform
{
    readonly float[] _mean = Array.ConvertAll(mean, v => (float)v);
    readonly float[] _std = std.Any(s => s == 0) ? throw new ArgumentException("std must not contain 0.", nameof(std)) : Array.ConvertAll(std, v => (float)v);

    /// <inheritdoc/>
    public Tensor call(Tensor input)
    {
        long c = input.size(-3);
        if (_mean.Length != 1 && _mean.Length != c || _std.Length != 1 && _std.Length != c)
            throw new ArgumentException($"Normalize has {_mean.Length} means and {_std.Length} stds for {c} channels.");
        using var m = torch.tensor(_mean, [_mean.Length, 1, 1], device: input.device);
        using var s = torch.tensor(_std, [_std.Length, 1, 1], device: input.device);
        using var x = Transforms.AsFloat(input);
        using var centred = x - m;
        return centred / s;
    }
}

/// <summary>Bilinear resize, identical to <c>interpolate(mode: Bilinear, align_corners: false)</c> (torchvision's
/// Resize without antialiasing), computed as two matrix products (rows then columns) because libtorch's CPU
/// interpolate is about ten times slower for 28→224.</summary>
public sealed class Resize(int height, int width) : ITransform
{
    /// <inheritdoc/>
    public Tensor call(Tensor input) => Transforms.OnBatch(input, b =>
    {
        using var f = Transforms.AsFloat(b);
        long n = f.size(0), c = f.size(1), h = f.size(2), w = f.size(3);
        using var rows = torch.tensor(Weights(height, (int)h), [height, h], device: f.device);   // [H', h]
        using var colsT = torch.tensor(Transpose(Weights(width, (int)w), width, (int)w), [w, width], device: f.device); // [w, W']
        using var flat = f.reshape(n * c, h, w);
        using var wide = flat.matmul(colsT);        // [n·c, h, W']
        using var tall = rows.matmul(wide);         // [n·c, H', W']
        return tall.reshape(n, c, height, width);
    });

    /// <summary>Row-major [outSize, inSize] bilinear weights (PyTorch's source index rule, align_corners = false).</summary>
    internal static float[] Weights(int outSize, int inSize)
    {
        var m = new float[outSize * inSize];
        double scale = (double)inSize / outSize;
        for (int o = 0; o < outSize; o++)
        {
            double src = Math.Max((o + 0.5) * scale - 0.5, 0);
            int i0 = Math.Min((int)src, inSize - 1);
            int i1 = i0 < inSize - 1 ? i0 + 1 : i0;
            float l1 = (float)(src - i0), l0 = 1 - l1;
            m[o * inSize + i0] += l0;
            m[o * inSize + i1] += l1;
        }
        return m;
    }

    static float[] Transpose(float[] m, int rows, int cols)
    {
        var t = new float[m.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c];
        return t;
    }
}

/// <summary>Constant padding of the last two dimensions.</summary>
public sealed class Pad(int left, int top, int right, int bottom, double fill = 0) : ITransform
{
    /// <inheritdoc/>
    public Tensor call(Tensor input) => nn.functional.pad(input, [left, right, top, bottom], PaddingModes.Constant, fill);
}

/// <summary>Random crop (after optional zero padding); each image of a batch gets its own offset.</summary>
public sealed class RandomCrop(int height, int width, int padding = 0, int seed = 0) : ITransform
{
    readonly Random _rng = new(seed);

    /// <inheritdoc/>
    public Tensor call(Tensor input) => Transforms.OnBatch(input, b =>
    {
        using var p = padding > 0 ? nn.functional.pad(b, [padding, padding, padding, padding]) : b.alias();
        long h = p.size(2), w = p.size(3), n = p.size(0);
        if (height > h || width > w)
            throw new ArgumentException($"RandomCrop {height}×{width} is larger than the padded image {h}×{w}.");
        var crops = new List<Tensor>((int)n);
        try
        {
            for (long i = 0; i < n; i++)
            {
                int top = _rng.Next((int)(h - height) + 1), left = _rng.Next((int)(w - width) + 1);
                using var img = p.select(0, i);
                using var rows = img.narrow(1, top, height);
                crops.Add(rows.narrow(2, left, width));
            }
            return torch.stack(crops);
        }
        finally { foreach (var c in crops) c.Dispose(); }
    });
}

/// <summary>Left–right flip with probability p, decided per image.</summary>
public sealed class RandomHorizontalFlip(double p = 0.5, int seed = 0) : ITransform
{
    readonly Random _rng = new(seed);

    /// <inheritdoc/>
    public Tensor call(Tensor input) => Transforms.OnBatch(input, b =>
    {
        long n = b.size(0);
        var flip = new bool[n];
        for (int i = 0; i < n; i++) flip[i] = _rng.NextDouble() < p;
        if (flip.All(f => !f)) return b.clone();
        if (flip.All(f => f)) return b.flip(3);
        using var flipped = b.flip(3);
        using var mask = torch.tensor(flip, [n, 1, 1, 1], device: b.device);
        return torch.where(mask, flipped, b);
    });
}

/// <summary>Several transforms in order; intermediate tensors are disposed.</summary>
public sealed class Compose(params ITransform[] transforms) : ITransform
{
    /// <summary>The transforms, in order.</summary>
    public IReadOnlyList<ITransform> Items => transforms;

    /// <inheritdoc/>
    public Tensor call(Tensor input)
    {
        Tensor x = input;
        foreach (var t in transforms)
        {
            var y = t.call(x);
            if (!ReferenceEquals(x, input)) x.Dispose();
            x = y;
        }
        return ReferenceEquals(x, input) ? input.alias() : x;
    }
}

/// <summary>A transform from a function.</summary>
public sealed class Lambda(Func<Tensor, Tensor> f) : ITransform
{
    /// <inheritdoc/>
    public Tensor call(Tensor input) => f(input);
}
