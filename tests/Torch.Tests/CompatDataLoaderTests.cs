using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Torch.Tests;

/// <summary>TorchSharp's torch.utils.data: data sets, TensorDataset, DataLoader (batching, order, disposal).</summary>
public class CompatDataLoaderTests
{
    /// <summary>Sample i: {"x": [i, 10 i] (float32), "y": i (int64)}; remembers every tensor it made.</summary>
    sealed class Numbers(long count) : utils.data.Dataset
    {
        public readonly List<Tensor> Made = new();
        public bool Disposed;
        public override long Count => count;
        public override Dictionary<string, Tensor> GetTensor(long index)
        {
            var x = tensor(new float[] { index, 10 * index });
            var y = tensor(new[] { index }).reshape();
            lock (Made) Made.AddRange([x, y]);
            return new() { ["x"] = x, ["y"] = y };
        }
        protected override void Dispose(bool disposing) => Disposed = true;
    }

    [Fact]
    public void Batches_stack_each_key_and_the_last_one_may_be_short()
    {
        using var loader = utils.data.DataLoader(new Numbers(5), 2);
        Assert.Equal(3, loader.Count);
        var batches = loader.Select(b => (x: b["x"].data<float>(), xs: b["x"].shape, y: b["y"].data<long>(), ydtype: b["y"].dtype)).ToList();
        Assert.Equal(3, batches.Count);
        Assert.Equal(new long[] { 2, 2 }, batches[0].xs);
        Assert.Equal(new float[] { 0, 0, 1, 10 }, batches[0].x);
        Assert.Equal(new long[] { 2, 3 }, batches[1].y);
        Assert.Equal(ScalarType.Int64, batches[1].ydtype);
        Assert.Equal(new long[] { 1, 2 }, batches[2].xs);
        Assert.Equal(new long[] { 4 }, batches[2].y);

        using var dropping = utils.data.DataLoader(new Numbers(5), 2, drop_last: true);
        Assert.Equal(2, dropping.Count);
        Assert.Equal(2, dropping.Count());
        using var empty = utils.data.DataLoader(new Numbers(0), 3);
        Assert.Equal(0, empty.Count);
        Assert.Empty(empty);
    }

    [Fact]
    public void Samples_are_disposed_after_collating_and_batches_when_the_enumeration_moves_on()
    {
        var data = new Numbers(4);
        using var loader = utils.data.DataLoader(data, 2, disposeDataset: false);
        using var e = loader.GetEnumerator();
        Assert.True(e.MoveNext());
        var first = e.Current;
        Assert.All(data.Made, t => Assert.True(t.IsInvalid));
        Assert.False(first["x"].IsInvalid);
        Assert.True(e.MoveNext());
        Assert.True(first["x"].IsInvalid && first["y"].IsInvalid);
        var second = e.Current;
        Assert.False(e.MoveNext());
        Assert.True(second["x"].IsInvalid);
        Assert.False(data.Disposed);
    }

    [Fact]
    public void Kept_batches_belong_to_the_caller_and_no_tensor_leaks()
    {
        DisposeScopeManager.Statistics.Reset();
        var kept = new List<Dictionary<string, Tensor>>();
        using (var scope = NewDisposeScope())
        {
            using var loader = utils.data.DataLoader(new Numbers(4), 2, disposeBatch: false);
            foreach (var b in loader) kept.Add(b);
            Assert.Equal(0, scope.DisposablesCount); // batches are not in the caller's scope
        }
        Assert.All(kept.SelectMany(b => b.Values), t => Assert.False(t.IsInvalid));
        Assert.Equal(4, DisposeScopeManager.Statistics.ThreadTotalLiveCount); // 2 batches × 2 keys
        foreach (var t in kept.SelectMany(b => b.Values)) t.Dispose();
        Assert.Equal(0, DisposeScopeManager.Statistics.ThreadTotalLiveCount);

        using (var loader = utils.data.DataLoader(new Numbers(5), 2))
            foreach (var _ in loader) { }
        Assert.Equal(0, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void A_seeded_shuffle_repeats_and_covers_every_sample_once()
    {
        static List<long> Order(utils.data.Dataset d, int? seed) =>
            utils.data.DataLoader(d, 3, shuffle: true, seed: seed, disposeDataset: false).SelectMany(b => b["y"].data<long>()).ToList();
        var data = new Numbers(20);
        var a = Order(data, 7);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), a.Order());
        Assert.NotEqual(Enumerable.Range(0, 20).Select(i => (long)i), a);
        Assert.Equal(a, Order(data, 7));
        Assert.NotEqual(a, Order(data, 8));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), Order(data, null).Order());

        var shuffler = new FisherYatesShuffler(1000, seed: 3);
        Assert.Equal(shuffler.ToList(), shuffler.ToList());
        Assert.Equal(1000, shuffler.Distinct().Count());
        Assert.Empty(new FisherYatesShuffler(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FisherYatesShuffler(-1));
    }

    [Fact]
    public void A_sampler_sets_the_order_and_workers_keep_it()
    {
        long[] order = [4, 0, 3, 1, 2];
        using var one = utils.data.DataLoader(new Numbers(5), 2, order);
        using var three = utils.data.DataLoader(new Numbers(5), 2, order, num_worker: 3);
        var a = one.Select(b => b["y"].data<long>().ToArray()).ToList();
        var b = three.Select(b => b["y"].data<long>().ToArray()).ToList();
        Assert.Equal(new long[][] { [4, 0], [3, 1], [2] }, a);
        Assert.Equal(a, b);
        Assert.Equal(3, three.num_workers);
    }

    [Fact]
    public void TensorDataset_serves_rows_and_keeps_its_own_references()
    {
        var x = arange(12, dtype: ScalarType.Float32).reshape(4, 3);
        var y = arange(4);
        var data = utils.data.TensorDataset(x, y);
        x.Dispose();
        y.Dispose();
        Assert.Equal(4, data.Count);
        var row = data.GetTensor(2);
        Assert.Equal(new float[] { 6, 7, 8 }, row[0].data<float>());
        Assert.Equal(2L, row[1].item<long>());
        Assert.Throws<ArgumentOutOfRangeException>(() => data[4]);

        using var loader = utils.data.DataLoader(data, 3);
        var batches = loader.Select(b => (b[0].shape, b[1].data<long>())).ToList();
        Assert.Equal(new long[] { 3, 3 }, batches[0].shape);
        Assert.Equal(new long[] { 3 }, batches[1].Item2);
    }

    [Fact]
    public void Bad_arguments_and_samples_are_clear_errors()
    {
        using var a = zeros(3, 2);
        using var b = zeros(4);
        var e = Assert.Throws<ArgumentException>(() => utils.data.TensorDataset(a, b));
        Assert.Contains("tensor 0 has 3, tensor 1 has 4", e.Message);
        Assert.Throws<ArgumentException>(() => utils.data.TensorDataset());
        using var s = tensor(1.0);
        Assert.Throws<ArgumentException>(() => utils.data.TensorDataset(s));
        Assert.Throws<ArgumentOutOfRangeException>(() => utils.data.DataLoader(new Numbers(3), 0));

        using var loader = utils.data.DataLoader(new Ragged(), 2);
        var ex = Assert.Throws<InvalidOperationException>(() => loader.First());
        Assert.Contains("'label'", ex.Message);
    }

    /// <summary>Sample 0 has a label, sample 1 has not.</summary>
    sealed class Ragged : utils.data.Dataset
    {
        public override long Count => 2;
        public override Dictionary<string, Tensor> GetTensor(long index) =>
            index == 0 ? new() { ["x"] = zeros(1), ["label"] = zeros(1) } : new() { ["x"] = zeros(1) };
    }

    [Fact]
    public void Disposing_the_loader_disposes_the_data_set_when_asked()
    {
        var owned = new Numbers(2);
        utils.data.DataLoader(owned, 1).Dispose();
        Assert.True(owned.Disposed);
        var kept = new Numbers(2);
        utils.data.DataLoader(kept, 1, disposeDataset: false).Dispose();
        Assert.False(kept.Disposed);
    }
}
