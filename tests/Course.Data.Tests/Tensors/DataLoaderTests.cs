using TorchSharp;
using static TorchSharp.torch;

namespace Course.Data.Tests;

public class DataLoaderTests
{
    /// <summary>10 classes, image i filled with byte i % 256 (1×2×3), label i % 10.</summary>
    static ImageDataset Tiny(int n)
    {
        var images = new byte[n * 6];
        for (int i = 0; i < n; i++) Array.Fill(images, (byte)(i % 256), i * 6, 6);
        var labels = Enumerable.Range(0, n).Select(i => (byte)(i % 10)).ToArray();
        return new ImageDataset("tiny", Enumerable.Range(0, 10).Select(i => $"c{i}").ToArray(), images, labels, 1, 2, 3, true);
    }

    static List<(float[] x, long[] y, long[] shape)> Epoch(DataLoader loader)
    {
        var list = new List<(float[], long[], long[])>();
        foreach (var (x, y) in loader)
        {
            Assert.Equal(ScalarType.Float32, x.dtype);
            Assert.Equal(ScalarType.Int64, y.dtype);
            list.Add((x.data<float>(), y.data<long>(), x.shape));
        }
        return list;
    }

    [Fact]
    public void PrefetchDefaultsToInlineForUntransformedBatchesAndTwoAheadForTransformedOnes()
    {
        var ds = Tiny(20);
        Assert.Equal(0, new DataLoader(ds, 5).Prefetch);
        Assert.Equal(2, new DataLoader(ds, 5, transform: Transforms.Resize(4, 6)).Prefetch);
        Assert.Equal(3, new DataLoader(ds, 5, prefetch: 3).Prefetch);
        Assert.Equal(0, new DataLoader(ds, 5, transform: Transforms.Resize(4, 6), prefetch: 0).Prefetch);
        var later = new DataLoader(ds, 5);
        ds.Transform = Transforms.Resize(4, 6);   // the dataset's transform, set after the loader was made, also counts
        try { Assert.Equal(2, later.Prefetch); }
        finally { ds.Transform = null; }
        // both ways give the same batches
        Assert.Equal(Epoch(new DataLoader(ds, 6, shuffle: true, seed: 3)).Select(b => b.x), Epoch(new DataLoader(ds, 6, shuffle: true, seed: 3, prefetch: 2)).Select(b => b.x));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void BatchShapesAndDropLast(int prefetch)
    {
        var ds = Tiny(23);
        var keep = Epoch(new DataLoader(ds, 5, prefetch: prefetch));
        Assert.Equal(5, keep.Count);
        Assert.Equal(new long[] { 5, 1, 2, 3 }, keep[0].shape);
        Assert.Equal(new long[] { 3, 1, 2, 3 }, keep[4].shape);
        var drop = new DataLoader(ds, 5, dropLast: true, prefetch: prefetch);
        Assert.Equal(4, drop.Count);
        Assert.All(Epoch(drop), b => Assert.Equal(5, b.shape[0]));
    }

    /// <summary>The items of one epoch, read back from the image values (image i is filled with i / 255).</summary>
    static List<int> Items(DataLoader loader) => Epoch(loader)
        .SelectMany(b => Enumerable.Range(0, (int)b.shape[0]).Select(k => (int)Math.Round(b.x[k * 6] * 255))).ToList();

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void ADistributedSamplerGivesEachRankADisjointShareReshuffledPerEpoch(int prefetch)
    {
        var ds = Tiny(250);
        const int world = 3;
        var loaders = Enumerable.Range(0, world).Select(r => new DataLoader(ds, 16, seed: 4, limit: 200, prefetch: prefetch,
            sampler: new utils.data.distributed.DistributedSampler(200, world, r, shuffle: true, seed: 9))).ToArray();
        Assert.All(loaders, l => Assert.Equal(67, l.Size));   // ceil(200 / 3): the last rank's share is padded
        var previous = new List<int>();
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var shares = loaders.Select(Items).ToArray();
            var all = shares.SelectMany(s => s).ToList();
            Assert.Equal(201, all.Count);
            Assert.Equal(Enumerable.Range(0, 200), all.Distinct().Order());          // together: every item of the limit
            Assert.Equal(200, all.Distinct().Count());                               // and one padded repeat only
            for (int a = 0; a < world; a++)
                for (int b = a + 1; b < world; b++)
                    Assert.True(shares[a].Intersect(shares[b]).Count() <= 1, $"ranks {a} and {b} share items");
            Assert.NotEqual(previous, shares[0]);                                     // reshuffled every epoch
            previous = shares[0];
        }
        // the same seed on another "process" gives the same shard
        var again = new DataLoader(ds, 16, seed: 4, limit: 200, sampler: new utils.data.distributed.DistributedSampler(200, world, 1, shuffle: true, seed: 9));
        loaders[1].Epoch = again.Epoch = 1;
        Assert.Equal(Items(loaders[1]), Items(again));
    }

    [Fact]
    public void ASamplerMustMatchTheLoadersItemsAndExcludesShuffle()
    {
        var ds = Tiny(50);
        var e = Assert.Throws<ArgumentException>(() => new DataLoader(ds, 8, sampler: new utils.data.distributed.DistributedSampler(40, 2, 0)));
        Assert.Contains("the sampler was made for 40 items, the loader has 50", e.Message);
        var s = Assert.Throws<ArgumentException>(() => new DataLoader(ds, 8, shuffle: true, sampler: new utils.data.distributed.DistributedSampler(50, 2, 0)));
        Assert.Contains("mutually exclusive with shuffle", s.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void EveryItemExactlyOncePerEpochWithMatchingLabelsAndValues(int prefetch)
    {
        var ds = Tiny(250);
        var loader = new DataLoader(ds, 16, shuffle: true, seed: 4, prefetch: prefetch);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var seen = new List<int>();
            foreach (var (x, y, shape) in Epoch(loader))
                for (int k = 0; k < shape[0]; k++)
                {
                    int item = (int)Math.Round(x[k * 6] * 255); // the image's fill value = its index
                    Assert.Equal(item % 10, y[k]);
                    Assert.All(x[(k * 6)..(k * 6 + 6)], v => Assert.Equal(item / 255f, v, 1e-6f));
                    seen.Add(item);
                }
            Assert.Equal(Enumerable.Range(0, 250), seen.Order());
            Assert.NotEqual(Enumerable.Range(0, 250), seen); // shuffled
        }
    }

    [Fact]
    public void ShuffleIsDeterministicPerSeedAndEpoch()
    {
        var ds = Tiny(100);
        var a = new DataLoader(ds, 10, shuffle: true, seed: 1);
        var b = new DataLoader(ds, 10, shuffle: true, seed: 1);
        var c = new DataLoader(ds, 10, shuffle: true, seed: 2);
        Assert.Equal(a.Order(0), b.Order(0));
        Assert.NotEqual(a.Order(0), a.Order(1));
        Assert.NotEqual(a.Order(0), c.Order(0));
        var e0 = Epoch(a).SelectMany(t => t.y).ToArray();
        var e0b = Epoch(b).SelectMany(t => t.y).ToArray();
        Assert.Equal(e0, e0b);
        Assert.Equal(1, a.Epoch);
        Assert.Equal(a.Order(0).Select(i => (long)(i % 10)), e0);
        Assert.Equal(Enumerable.Range(0, 100), new DataLoader(ds, 10).Order(5));
    }

    [Fact]
    public void LimitTakesFirstOrSeededRandomSubset()
    {
        var ds = Tiny(100);
        Assert.Equal(Enumerable.Range(0, 30), new DataLoader(ds, 8, limit: 30).Order(0));
        var r1 = new DataLoader(ds, 8, limit: 30, randomSubset: true, seed: 3).Order(0);
        var r2 = new DataLoader(ds, 8, limit: 30, randomSubset: true, seed: 3).Order(0);
        Assert.Equal(30, r1.Distinct().Count());
        Assert.Equal(r1, r2);
        Assert.NotEqual(Enumerable.Range(0, 30), r1);
        Assert.Equal(4, new DataLoader(ds, 8, limit: 30).Count);
    }

    [Fact]
    public void BatchTransformIsAppliedAndBatchesCanBeKept()
    {
        var ds = Tiny(40);
        var loader = new DataLoader(ds, 8, transform: Transforms.Resize(4, 6), prefetch: 2) { DisposeBatches = false };
        var kept = new List<Tensor>();
        foreach (var (x, y) in loader) { kept.Add(x); y.Dispose(); }
        Assert.Equal(5, kept.Count);
        for (int b = 0; b < 5; b++)
        {
            Assert.Equal(new long[] { 8, 1, 4, 6 }, kept[b].shape);
            Assert.Equal((b * 8) / 255f, kept[b].data<float>()[0], 1e-6f); // not overwritten by later batches
            kept[b].Dispose();
        }
    }

    [Fact]
    public void BreakingOutEarlyStopsTheProducer()
    {
        var ds = Tiny(1000);
        var loader = new DataLoader(ds, 10, prefetch: 4);
        int n = 0;
        foreach (var (x, _) in loader) { if (++n == 3) break; }
        Assert.Equal(3, n);
        Assert.Equal(100, Epoch(loader).Count); // the next epoch still works
    }

    [Fact]
    public void DisposedBatchIsReleasedWhenAdvancing()
    {
        var loader = new DataLoader(Tiny(30), 10, prefetch: 1);
        Tensor? first = null;
        foreach (var (x, _) in loader) first ??= x;
        Assert.True(first!.IsInvalid);
    }
}
