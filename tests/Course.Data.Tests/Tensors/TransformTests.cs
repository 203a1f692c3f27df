using TorchSharp;
using static TorchSharp.torch;

namespace Course.Data.Tests;

public class TransformTests
{
    static Tensor Image(float[] values, params long[] shape) => torch.tensor(values, shape);

    [Fact]
    public void ToTensorScalesBytes()
    {
        using var b = torch.tensor(new byte[] { 0, 51, 255, 102 }, [1, 2, 2]);
        using var f = Transforms.ToTensor().call(b);
        Assert.Equal(ScalarType.Float32, f.dtype);
        Assert.Equal(new[] { 0f, 0.2f, 1f, 0.4f }, f.data<float>(), (a, e) => Math.Abs(a - e) < 1e-6);
    }

    [Fact]
    public void NormalizePerChannelOnImageAndBatch()
    {
        using var single = Image([0.5f, 1f, 0f, 1f], 2, 1, 2);
        using var y = new Normalize([0.5, 0.0], [0.5, 2.0]).call(single);
        Assert.Equal(new[] { 0f, 1f, 0f, 0.5f }, y.data<float>());
        using var batch = torch.stack([single, single]);
        using var yb = new Normalize([0.5, 0.0], [0.5, 2.0]).call(batch);
        Assert.Equal(new long[] { 2, 2, 1, 2 }, yb.shape);
        Assert.Equal(new[] { 0f, 1f, 0f, 0.5f, 0f, 1f, 0f, 0.5f }, yb.data<float>());
        Assert.Throws<ArgumentException>(() => new Normalize([0, 0, 0], [1, 1, 1]).call(single));
    }

    [Fact]
    public void Resize28To224KeepsRangeAndShape()
    {
        var rnd = new Random(1);
        var v = Enumerable.Range(0, 2 * 28 * 28).Select(_ => (float)rnd.NextDouble()).ToArray();
        using var batch = torch.tensor(v, [2, 1, 28, 28]);
        using var big = Transforms.Resize(224).call(batch);
        Assert.Equal(new long[] { 2, 1, 224, 224 }, big.shape);
        var d = big.data<float>().ToArray();
        Assert.InRange(d.Min(), v.Min() - 1e-6f, 1f);
        Assert.InRange(d.Max(), 0f, v.Max() + 1e-6f);
        Assert.Equal(v.Average(), d.Average(), 0.02);
        using var one = Transforms.Resize(224).call(batch.select(0, 0));
        Assert.Equal(new long[] { 1, 224, 224 }, one.shape);
        // A constant image stays constant.
        using var c = torch.full([1, 28, 28], 0.25);
        using var rc = Transforms.Resize(56, 40).call(c);
        Assert.Equal(new long[] { 1, 56, 40 }, rc.shape);
        Assert.All(rc.data<float>(), x => Assert.Equal(0.25f, x, 1e-6f));
    }

    [Fact]
    public void PadAddsBorder()
    {
        using var x = torch.ones([1, 2, 2]);
        using var p = Transforms.Pad(1, fill: 0.5).call(x);
        Assert.Equal(new long[] { 1, 4, 4 }, p.shape);
        var d = p.data<float>().ToArray();
        Assert.Equal(0.5f, d[0]);
        Assert.Equal(1f, d[5]);
        Assert.Equal(12 * 0.5f + 4f, d.Sum());
    }

    [Fact]
    public void RandomCropIsSeededAndCropsTheRightWindow()
    {
        var v = Enumerable.Range(0, 8 * 36).Select(i => (float)i).ToArray();
        using var batch = torch.tensor(v, [8, 1, 6, 6]);
        using var a = Transforms.RandomCrop(4, padding: 0, seed: 7).call(batch);
        using var b = Transforms.RandomCrop(4, padding: 0, seed: 7).call(batch);
        Assert.Equal(new long[] { 8, 1, 4, 4 }, a.shape);
        Assert.Equal(a.data<float>(), b.data<float>());
        var d = a.data<float>().ToArray();
        for (int n = 0; n < 8; n++)
        {
            // Each crop is a contiguous 4×4 window of its own image: rows step by 6, columns by 1.
            float first = d[n * 16];
            int top = (int)(first - n * 36) / 6, left = (int)(first - n * 36) % 6;
            Assert.InRange(top, 0, 2);
            Assert.InRange(left, 0, 2);
            for (int r = 0; r < 4; r++)
                for (int c = 0; c < 4; c++)
                    Assert.Equal(first + r * 6 + c, d[n * 16 + r * 4 + c]);
        }
        using var padded = Transforms.RandomCrop(6, padding: 2, seed: 1).call(batch);
        Assert.Equal(new long[] { 8, 1, 6, 6 }, padded.shape);
    }

    [Fact]
    public void RandomHorizontalFlipFlipsSomeImagesWholly()
    {
        var v = Enumerable.Range(0, 64 * 3).Select(i => (float)(i % 3)).ToArray(); // each row 0,1,2
        using var batch = torch.tensor(v, [64, 1, 1, 3]);
        using var f = Transforms.RandomHorizontalFlip(0.5, seed: 3).call(batch);
        var d = f.data<float>().ToArray();
        int flipped = 0;
        for (int n = 0; n < 64; n++)
        {
            var row = d[(n * 3)..(n * 3 + 3)];
            if (row[0] == 2) { Assert.Equal(new[] { 2f, 1f, 0f }, row); flipped++; }
            else Assert.Equal(new[] { 0f, 1f, 2f }, row);
        }
        Assert.InRange(flipped, 16, 48);
        using var never = Transforms.RandomHorizontalFlip(0, seed: 3).call(batch);
        Assert.Equal(v, never.data<float>());
        using var always = Transforms.RandomHorizontalFlip(1, seed: 3).call(batch);
        Assert.Equal(2f, always.data<float>()[0]);
    }

    [Fact]
    public void ComposeChainsAndLeavesInputAlive()
    {
        using var b = torch.tensor(new byte[] { 0, 255, 255, 0 }, [1, 2, 2]);
        var t = Transforms.Compose(Transforms.ToTensor(), Transforms.Normalize([0.5], [0.5]), Transforms.Resize(4));
        using var y = t.call(b);
        Assert.Equal(new long[] { 1, 4, 4 }, y.shape);
        Assert.InRange(y.data<float>().Min(), -1f, 1f);
        Assert.Equal(255, b.data<byte>()[1]); // input still usable
    }
}

public class ResizeMatchesInterpolateTests
{
    [Theory]
    [InlineData(28, 28, 224, 224)]
    [InlineData(5, 7, 3, 11)]
    [InlineData(32, 32, 32, 32)]
    public void SameAsLibtorchBilinear(int h, int w, int oh, int ow)
    {
        var rnd = new Random(h * 100 + ow);
        var v = Enumerable.Range(0, 3 * 2 * h * w).Select(_ => (float)rnd.NextDouble()).ToArray();
        using var x = torch.tensor(v, [3, 2, h, w]);
        using var expected = nn.functional.interpolate(x, [oh, ow], InterpolationMode.Bilinear, align_corners: false);
        using var actual = new Resize(oh, ow).call(x);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(actual.allclose(expected, 1e-5, 1e-5));
    }
}
