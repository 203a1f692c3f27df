using System.Collections;
using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Data;

/// <summary>Batches of an in-memory <see cref="ImageDataset"/> as tensors (x [N,C,H,W] float32, y [N] int64),
/// enumerated with <c>foreach (var (x, y) in loader)</c>.
/// <para>Order: with <c>shuffle</c> each epoch (each enumeration) uses a new permutation, a function of
/// (seed, epoch) only. Subset: <c>limit</c> keeps the first N items, or with <c>randomSubset</c> a random N items
/// chosen once from the seed (the same every epoch).</para>
/// <para>Speed: each batch is built straight from the byte array into one float[] and one torch.tensor call;
/// the transform (the loader's, else the dataset's) is applied to the whole batch tensor; with
/// <c>prefetch</c> &gt; 0 a background task prepares that many batches ahead (bounded queue). By default batches
/// without a transform are built on the consuming thread (a fraction of a millisecond, and a second busy thread
/// would take a core from libtorch's workers: bench/README.md) and transformed ones two ahead.</para>
/// <para>Ownership: batch tensors are created outside every dispose scope (on the producer task, or detached)
/// and handed to the consumer, who owns them and may dispose them at any time. With <see cref="DisposeBatches"/>
/// (the default) the enumerator also disposes each batch when the next one is requested and when the enumeration
/// ends, so a batch must not be kept past its loop iteration (clone it, or set DisposeBatches = false and dispose
/// batches yourself).</para></summary>
public sealed class DataLoader : IEnumerable<(Tensor x, Tensor y)>
{
    readonly int[] _items;

    /// <summary>Creates a loader.</summary>
    /// <param name="dataset">The data.</param>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="shuffle">New random order every epoch.</param>
    /// <param name="seed">Seed of the shuffle and of the random subset.</param>
    /// <param name="dropLast">Drop the last batch when it is smaller than <paramref name="batchSize"/>.</param>
    /// <param name="limit">Use only N items (quick runs): the first N, or a random N with <paramref name="randomSubset"/>.</param>
    /// <param name="randomSubset">Choose the <paramref name="limit"/> items at random (seeded, sorted, fixed across epochs).</param>
    /// <param name="transform">Batch-level transform; null uses the dataset's <see cref="ImageDataset.Transform"/>.</param>
    /// <param name="prefetch">Batches prepared ahead on a background task (0 = build each batch on demand; null = 0 without
    /// a transform on the CPU, else 2).</param>
    /// <param name="device">Device to move batches to (default CPU).</param>
    /// <param name="sampler">Data-parallel training: this rank's share of the items (after <paramref name="limit"/>), as
    /// PyTorch's <c>DataLoader(sampler=DistributedSampler(…))</c>; it shuffles, so <paramref name="shuffle"/> must be false.
    /// Each epoch the loader sets the sampler's epoch to its own <see cref="Epoch"/>.</param>
    public DataLoader(ImageDataset dataset, int batchSize, bool shuffle = false, int seed = 0, bool dropLast = false,
                      int? limit = null, bool randomSubset = false, ITransform? transform = null, int? prefetch = null,
                      Device? device = null, torch.utils.data.distributed.DistributedSampler? sampler = null)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a positive batch size.");
        if (prefetch < 0) throw new ArgumentOutOfRangeException(nameof(prefetch), prefetch, "Expected 0 or more.");
        if (limit is < 0) throw new ArgumentOutOfRangeException(nameof(limit), limit, "Expected 0 or more.");
        Dataset = dataset; BatchSize = batchSize; Shuffle = shuffle; Seed = seed; DropLast = dropLast;
        Transform = transform; _prefetch = prefetch; Device = device;
        int n = Math.Min(limit ?? dataset.Count, dataset.Count);
        if (randomSubset && n < dataset.Count)
        {
            var all = Enumerable.Range(0, dataset.Count).ToArray();
            new Random(seed ^ 0x5eed).Shuffle(all);
            _items = all[..n];
            Array.Sort(_items);
        }
        else _items = Enumerable.Range(0, n).ToArray();
        if (sampler is not null)
        {
            if (shuffle) throw new ArgumentException("sampler option is mutually exclusive with shuffle (the DistributedSampler shuffles).", nameof(shuffle));
            if (sampler.size != _items.Length)
                throw new ArgumentException($"the sampler was made for {sampler.size} items, the loader has {_items.Length} " +
                    $"(dataset {dataset.Count}{(limit is { } l ? $", limit {l}" : "")}).", nameof(sampler));
            Sampler = sampler;
        }
    }

    /// <summary>This rank's share of the items in data-parallel training (null: all items).</summary>
    public torch.utils.data.distributed.DistributedSampler? Sampler { get; }

    /// <summary>The dataset.</summary>
    public ImageDataset Dataset { get; }
    /// <summary>Images per batch.</summary>
    public int BatchSize { get; }
    /// <summary>Whether each epoch is shuffled.</summary>
    public bool Shuffle { get; }
    /// <summary>Shuffle / subset seed.</summary>
    public int Seed { get; }
    /// <summary>Whether a final short batch is dropped.</summary>
    public bool DropLast { get; }
    /// <summary>Batch-level transform (null: the dataset's).</summary>
    public ITransform? Transform { get; }
    /// <summary>Batches prepared ahead: as given, else 0 for untransformed CPU batches and 2 otherwise.</summary>
    public int Prefetch => _prefetch ?? ((Transform ?? Dataset.Transform) is null && Device is not { type: not DeviceType.CPU } ? 0 : 2);
    readonly int? _prefetch;
    /// <summary>Target device (null: CPU).</summary>
    public Device? Device { get; }
    /// <summary>Dispose each batch when the next is requested and at the end (default true).</summary>
    public bool DisposeBatches { get; set; } = true;
    /// <summary>The epoch the next enumeration will use (incremented by each enumeration; settable).</summary>
    public int Epoch { get; set; }

    /// <summary>Items per epoch (after the limit and, with a <see cref="Sampler"/>, this rank's share; before drop_last).</summary>
    public int Size => Sampler is { } s ? (int)s.num_samples : _items.Length;
    /// <summary>Batches per epoch.</summary>
    public int Count => DropLast ? Size / BatchSize : (Size + BatchSize - 1) / BatchSize;

    /// <summary>The dataset indices in the order epoch <paramref name="epoch"/> visits them.</summary>
    public int[] Order(int epoch)
    {
        if (Sampler is { } sampler)
        {
            sampler.set_epoch(epoch);
            return sampler.Indices().Select(i => _items[i]).ToArray();
        }
        var order = (int[])_items.Clone();
        // a fixed formula (HashCode.Combine is randomised per process): the same seed gives the same order in every run
        if (Shuffle) new Random(unchecked(Seed * 1_000_003 + epoch * 7_919 + 0x10ade7)).Shuffle(order);
        return order;
    }

    /// <summary>Enumerates one epoch (the current <see cref="Epoch"/>, which is then incremented).</summary>
    public IEnumerator<(Tensor x, Tensor y)> GetEnumerator()
    {
        var order = Order(Epoch++);
        return Prefetch > 0 ? new PrefetchEnumerator(this, order) : Sequential(order).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    IEnumerable<(Tensor x, Tensor y)> Sequential(int[] order)
    {
        (Tensor x, Tensor y)? previous = null;
        var buffer = new float[BatchSize * Dataset.ImageSize];
        try
        {
            for (int b = 0; b < Count; b++)
            {
                NotebookInterrupt.ThrowIfRequested();
                if (DisposeBatches && previous is { } p) { p.x.Dispose(); p.y.Dispose(); }
                var batch = Build(order, b, buffer);
                previous = batch;
                yield return batch;
            }
        }
        finally
        {
            if (DisposeBatches && previous is { } p) { p.x.Dispose(); p.y.Dispose(); }
        }
    }

    /// <summary>Builds batch <paramref name="b"/> of an epoch order, transformed and on the target device.</summary>
    (Tensor x, Tensor y) Build(int[] order, int b, float[]? buffer)
    {
        int start = b * BatchSize, n = Math.Min(BatchSize, order.Length - start);
        var (x, y) = Dataset.Batch(order.AsSpan(start, n), buffer);
        var t = Transform ?? Dataset.Transform;
        if (t != null)
        {
            var tx = t.call(x).DetachFromDisposeScope();
            x.Dispose();
            x = tx;
        }
        if (Device is { } d && d.type != DeviceType.CPU)
        {
            var gx = x.to(d).DetachFromDisposeScope();
            var gy = y.to(d).DetachFromDisposeScope();
            x.Dispose(); y.Dispose();
            (x, y) = (gx, gy);
        }
        return (x, y);
    }

    /// <summary>Consumer side of the background producer.</summary>
    sealed class PrefetchEnumerator : IEnumerator<(Tensor x, Tensor y)>
    {
        readonly DataLoader _loader;
        readonly BlockingCollection<(Tensor x, Tensor y)> _queue;
        readonly CancellationTokenSource _cts = new();
        readonly Task _producer;
        (Tensor x, Tensor y)? _current;

        public PrefetchEnumerator(DataLoader loader, int[] order)
        {
            _loader = loader;
            _queue = new BlockingCollection<(Tensor, Tensor)>(loader.Prefetch);
            _producer = Task.Factory.StartNew(() => Produce(order), TaskCreationOptions.LongRunning);
        }

        void Produce(int[] order)
        {
            try
            {
                var buffer = new float[_loader.BatchSize * _loader.Dataset.ImageSize];
                for (int b = 0; b < _loader.Count && !_cts.IsCancellationRequested; b++)
                {
                    var batch = _loader.Build(order, b, buffer);
                    try { _queue.Add(batch, _cts.Token); }
                    catch (OperationCanceledException) { batch.x.Dispose(); batch.y.Dispose(); break; }
                }
            }
            finally { _queue.CompleteAdding(); }
        }

        public (Tensor x, Tensor y) Current => _current ?? throw new InvalidOperationException("MoveNext was not called.");
        object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_loader.DisposeBatches && _current is { } p) { p.x.Dispose(); p.y.Dispose(); }
            _current = null;
            NotebookInterrupt.ThrowIfRequested();
            if (_queue.TryTake(out var batch, Timeout.Infinite))
            {
                _current = batch;
                return true;
            }
            _producer.GetAwaiter().GetResult(); // rethrows a producer failure
            return false;
        }

        public void Reset() => throw new NotSupportedException();

        public void Dispose()
        {
            _cts.Cancel();
            try { _producer.Wait(); } catch (AggregateException) { }
            while (_queue.TryTake(out var left)) { left.x.Dispose(); left.y.Dispose(); }
            if (_loader.DisposeBatches && _current is { } p) { p.x.Dispose(); p.y.Dispose(); }
            _current = null;
            _queue.Dispose();
            _cts.Dispose();
        }
    }
}
