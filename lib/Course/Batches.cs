using System.Collections;
using Course.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Course;

/// <summary>
/// A source of (x, y) batches enumerated once per epoch. Each enumeration hands over batch tensors that the
/// consumer owns and disposes. Implement it for a custom loader, or wrap any enumerable with <see cref="Batches.Wrap"/>.
/// </summary>
public interface IEpochBatches : IEnumerable<(Tensor x, Tensor y)>
{
    /// <summary>Batches per epoch, when known in advance.</summary>
    int? BatchCount { get; }

    /// <summary>Examples per epoch, when known in advance.</summary>
    long? ExampleCount { get; }

    /// <summary>Selects the epoch the next enumeration yields (its shuffle order is a function of the seed and this epoch).</summary>
    void SetEpoch(int epoch);
}

/// <summary>Adapters from batch enumerables to <see cref="IEpochBatches"/>.</summary>
public static class Batches
{
    /// <summary>
    /// Wraps a batch source: an <see cref="IEpochBatches"/> is returned as is; a Course.Data <see cref="DataLoader"/>
    /// exposes its batch count, size and epoch; any other enumerable has unknown sizes and no epoch control.
    /// </summary>
    public static IEpochBatches Wrap(IEnumerable<(Tensor x, Tensor y)> source) => source switch
    {
        null => throw new ArgumentNullException(nameof(source)),
        IEpochBatches e => e,
        DataLoader d => new LoaderBatches(d),
        _ => new PlainBatches(source),
    };

    /// <summary>Batches of in-memory tensors x [N,…] and y [N] in order (views; each batch is handed over to the consumer).</summary>
    public static IEpochBatches FromTensors(Tensor x, Tensor y, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(x); ArgumentNullException.ThrowIfNull(y);
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batch size must be positive, got {batchSize}");
        if (x.dim() == 0 || y.dim() == 0 || x.shape[0] != y.shape[0])
            throw new ArgumentException($"x and y must have the same first dimension: x [{string.Join(", ", x.shape)}], y [{string.Join(", ", y.shape)}]");
        return new TensorBatches(x, y, batchSize);
    }

    internal sealed class LoaderBatches(DataLoader loader) : IEpochBatches
    {
        public DataLoader Loader => loader;
        public int? BatchCount => loader.Count;
        public long? ExampleCount => loader.DropLast ? (long)loader.Count * loader.BatchSize : loader.Size;
        public void SetEpoch(int epoch) => loader.Epoch = epoch;
        public IEnumerator<(Tensor x, Tensor y)> GetEnumerator() => loader.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class PlainBatches(IEnumerable<(Tensor x, Tensor y)> source) : IEpochBatches
    {
        public int? BatchCount => source is ICollection<(Tensor, Tensor)> c ? c.Count : source is IReadOnlyCollection<(Tensor, Tensor)> r ? r.Count : null;
        public long? ExampleCount => null;
        public void SetEpoch(int epoch) { }
        public IEnumerator<(Tensor x, Tensor y)> GetEnumerator() => source.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class TensorBatches(Tensor x, Tensor y, int batchSize) : IEpochBatches
    {
        private long N => x.shape[0];
        public int? BatchCount => (int)((N + batchSize - 1) / batchSize);
        public long? ExampleCount => N;
        public void SetEpoch(int epoch) { }
        public IEnumerator<(Tensor x, Tensor y)> GetEnumerator()
        {
            for (long s = 0; s < N; s += batchSize)
            {
                long n = Math.Min(batchSize, N - s);
                var bx = x.narrow(0, s, n).DetachFromDisposeScope();
                var by = y.narrow(0, s, n).DetachFromDisposeScope();
                yield return (bx, by);
            }
        }
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
