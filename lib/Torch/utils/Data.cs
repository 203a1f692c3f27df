using System.Collections;
using System.Runtime.ExceptionServices;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class utils
        {
            /// <summary>Data sets and loaders shaped like TorchSharp's (and PyTorch's) <c>torch.utils.data</c>.</summary>
            public static partial class data
            {
                /// <summary>A data set whose samples are named tensors, e.g. <c>{"data": image, "label": class}</c>.</summary>
                public abstract class Dataset : Dataset<Dictionary<string, Tensor>> { }

                /// <summary>A data set whose samples are lists of tensors, e.g. <c>[image, class]</c> (TorchSharp's name for it).</summary>
                public abstract class IterableDataset : Dataset<IList<Tensor>> { }

                /// <summary>
                /// The base of all data sets: <see cref="Count"/> samples, read one at a time with <see cref="GetTensor"/>.
                /// A data loader reads each sample inside a dispose scope and disposes what it created once the batch is built.
                /// </summary>
                public abstract class Dataset<T> : IDisposable
                {
                    /// <summary>Number of samples.</summary>
                    public abstract long Count { get; }

                    /// <summary>Sample <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
                    public abstract T GetTensor(long index);

                    /// <summary>Releases what the data set holds (see <see cref="Dispose(bool)"/>).</summary>
                    public void Dispose()
                    {
                        Dispose(true);
                        GC.SuppressFinalize(this);
                    }

                    /// <summary>Releases the data set's tensors; the base class holds none.</summary>
                    protected virtual void Dispose(bool disposing) { }
                }

                /// <summary>A data set of the rows of <paramref name="tensors"/> (all with the same first dimension): sample i is [t[i] for each t].</summary>
                public static TensorDataset TensorDataset(params Tensor[] tensors) => new(tensors);

                /// <summary>Batches of named samples, in <paramref name="shuffler"/>'s order (see <see cref="Modules.DataLoader"/>).</summary>
                public static Modules.DataLoader DataLoader(Dataset dataset, int batchSize, IEnumerable<long> shuffler, Device? device = null,
                    int num_worker = 1, bool drop_last = false, bool disposeBatch = true, bool disposeDataset = true) =>
                    new(dataset, batchSize, shuffler, device, num_worker, drop_last, disposeBatch, disposeDataset);

                /// <summary>Batches of named samples, in order or shuffled (see <see cref="Modules.DataLoader"/>).</summary>
                public static Modules.DataLoader DataLoader(Dataset dataset, int batchSize, bool shuffle = false, Device? device = null, int? seed = null,
                    int num_worker = 1, bool drop_last = false, bool disposeBatch = true, bool disposeDataset = true) =>
                    new(dataset, batchSize, shuffle, device, seed, num_worker, drop_last, disposeBatch, disposeDataset);

                /// <summary>Batches of list samples, in <paramref name="shuffler"/>'s order (see <see cref="Modules.IterableDataLoader"/>).</summary>
                public static IterableDataLoader DataLoader(IterableDataset dataset, int batchSize, IEnumerable<long> shuffler, Device? device = null,
                    int num_worker = 1, bool drop_last = false, bool disposeBatch = true, bool disposeDataset = true) =>
                    new(dataset, batchSize, shuffler, device, num_worker, drop_last, disposeBatch, disposeDataset);

                /// <summary>Batches of list samples, in order or shuffled (see <see cref="Modules.IterableDataLoader"/>).</summary>
                public static IterableDataLoader DataLoader(IterableDataset dataset, int batchSize, bool shuffle = false, Device? device = null, int? seed = null,
                    int num_worker = 1, bool drop_last = false, bool disposeBatch = true, bool disposeDataset = true) =>
                    new(dataset, batchSize, shuffle, device, seed, num_worker, drop_last, disposeBatch, disposeDataset);
            }
        }
    }

    namespace Utils
    {
        /// <summary>
        /// A random permutation of 0 … size−1 (Fisher–Yates, built front to back). With a seed, every enumeration yields the
        /// same order, the one TorchSharp's shuffler yields for that seed; without one, a new order each time.
        /// </summary>
        public class FisherYatesShuffler : IEnumerable<long>
        {
            readonly long size;
            readonly int? seed;

            /// <summary>A shuffler of <paramref name="size"/> indices.</summary>
            public FisherYatesShuffler(long size, int? seed = null)
            {
                if (size < 0 || size > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(size), size, $"the size must be between 0 and {Array.MaxLength}");
                this.size = size;
                this.seed = seed;
            }

            /// <summary>A new permutation (the same one for a seeded shuffler).</summary>
            public IEnumerator<long> GetEnumerator() => ((IEnumerable<long>)Permutation()).GetEnumerator();

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

            long[] Permutation()
            {
                var random = seed is { } s ? new Random(s) : new Random();
                var order = new long[size];
                for (long i = 0; i < size; i++)
                {
                    long j = (((long)random.Next() << 32) + (uint)random.Next()) % (i + 1);
                    order[i] = order[j];
                    order[j] = i;
                }
                return order;
            }
        }
    }

    namespace Modules
    {
        /// <summary>The rows of some tensors as a data set (<see cref="torch.utils.data.TensorDataset"/>).</summary>
        public class TensorDataset : torch.utils.data.IterableDataset
        {
            readonly torch.Tensor[] tensors;

            internal TensorDataset(torch.Tensor[] tensors)
            {
                ArgumentNullException.ThrowIfNull(tensors);
                if (tensors.Length == 0) throw new ArgumentException("TensorDataset needs at least one tensor.", nameof(tensors));
                for (int i = 0; i < tensors.Length; i++)
                {
                    if (tensors[i].dim() == 0) throw new ArgumentException($"TensorDataset: tensor {i} is a scalar; each tensor needs a first dimension to index.", nameof(tensors));
                    if (tensors[i].size(0) != tensors[0].size(0))
                        throw new ArgumentException($"TensorDataset: all tensors need the same first dimension; tensor 0 has {tensors[0].size(0)}, tensor {i} has {tensors[i].size(0)}.", nameof(tensors));
                }
                this.tensors = tensors.Select(t => t.alias().DetachFromDisposeScope()).ToArray(); // the data set's own references
            }

            /// <summary>Row <paramref name="index"/> of each tensor (views).</summary>
            public IList<torch.Tensor> this[long index]
            {
                get
                {
                    if (index < 0 || index >= Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"the data set has {Count} samples");
                    return tensors.Select(t => t[index]).ToList();
                }
            }

            /// <summary>The size of the tensors' first dimension.</summary>
            public override long Count => tensors[0].size(0);

            /// <summary>Row <paramref name="index"/> of each tensor.</summary>
            public override IList<torch.Tensor> GetTensor(long index) => this[index];

            /// <summary>Disposes the data set's references (the tensors given to it stay valid).</summary>
            protected override void Dispose(bool disposing)
            {
                if (disposing) foreach (var t in tensors) t.Dispose();
            }
        }

        /// <summary>
        /// Batches of a <see cref="torch.utils.data.Dataset"/>: each key's tensors stacked along a new first dimension and
        /// moved to the loader's device.
        /// </summary>
        public class DataLoader : DataLoader<Dictionary<string, torch.Tensor>, Dictionary<string, torch.Tensor>>
        {
            /// <summary>A loader that reads the samples in <paramref name="shuffler"/>'s order (see <see cref="DataLoader{T, S}"/>).</summary>
            public DataLoader(torch.utils.data.Dataset dataset, int batchSize, IEnumerable<long> shuffler, Device? device = null,
                int num_worker = 1, bool drop_last = false, bool disposeBatch = true, bool disposeDataset = true)
                : base(dataset, batchSize, Collate, shuffler, device, num_worker, drop_last, disposeBatch, disposeDataset) { }

            /// <summary>A loader that reads the samples in order, or shuffled (see <see cref="DataLoader{T, S}"/>).</summary>
            public DataLoader(torch.utils.data.Dataset dataset, int batchSize, bool shuffle = false, Device? device = null, int? seed = null,
                int num_worker = 1, bool drop_last = false, bool disposeBatch = true, bool disposeDataset = true)
                : base(dataset, batchSize, Collate, shuffle, device, seed, num_worker, drop_last, disposeBatch, disposeDataset) { }

            static Dictionary<string, torch.Tensor> Collate(IEnumerable<Dictionary<string, torch.Tensor>> samples, Device device)
            {
                var list = samples.ToList();
                var batch = new Dictionary<string, torch.Tensor>();
                foreach (var key in list[0].Keys)
                {
                    var column = list.Select((s, i) => s.TryGetValue(key, out var t) ? t
                        : throw new InvalidOperationException($"DataLoader: sample {i} of the batch has no '{key}' (the first one has [{string.Join(", ", list[0].Keys)}]).")).ToList();
                    batch[key] = StackTo(column, device);
                }
                return batch;
            }

            /// <summary>The tensors stacked along a new first dimension, on <paramref name="device"/>.</summary>
            internal static torch.Tensor StackTo(IList<torch.Tensor> tensors, Device device)
            {
                var stacked = torch.stack(tensors);
                if (stacked.device == device) return stacked;
                var moved = stacked.to(device);
                stacked.Dispose();
                return moved;
            }
        }

        /// <summary>Batches of a <see cref="torch.utils.data.IterableDataset"/>: the i-th tensors of the samples stacked along a new first dimension.</summary>
        public class IterableDataLoader : DataLoader<IList<torch.Tensor>, IList<torch.Tensor>>
        {
            /// <summary>A loader that reads the samples in <paramref name="shuffler"/>'s order (see <see cref="DataLoader{T, S}"/>).</summary>
            public IterableDataLoader(torch.utils.data.IterableDataset dataset, int batchSize, IEnumerable<long> shuffler, Device? device = null,
                int num_worker = 1, bool drop_last = false, bool disposeBatch = true, bool disposeDataset = true)
                : base(dataset, batchSize, Collate, shuffler, device, num_worker, drop_last, disposeBatch, disposeDataset) { }

            /// <summary>A loader that reads the samples in order, or shuffled (see <see cref="DataLoader{T, S}"/>).</summary>
            public IterableDataLoader(torch.utils.data.IterableDataset dataset, int batchSize, bool shuffle = false, Device? device = null, int? seed = null,
                int num_worker = 1, bool drop_last = false, bool disposeBatch = true, bool disposeDataset = true)
                : base(dataset, batchSize, Collate, shuffle, device, seed, num_worker, drop_last, disposeBatch, disposeDataset) { }

            static IList<torch.Tensor> Collate(IEnumerable<IList<torch.Tensor>> samples, Device device)
            {
                var list = samples.ToList();
                int n = list[0].Count;
                for (int i = 1; i < list.Count; i++)
                    if (list[i].Count != n) throw new InvalidOperationException($"DataLoader: sample {i} of the batch has {list[i].Count} tensors, the first one {n}.");
                return Enumerable.Range(0, n).Select(j => DataLoader.StackTo(list.Select(s => s[j]).ToList(), device)).ToList();
            }
        }

        /// <summary>
        /// Reads a data set in batches: enumerating yields one collated batch per step. The samples of a batch are read inside
        /// dispose scopes (in parallel with <c>num_worker</c> &gt; 1) and disposed once the batch is collated; the batch's
        /// own tensors are disposed when the enumeration moves on or ends (unless <see cref="DisposeBatch"/> is false: then
        /// they are the caller's). Disposing the loader disposes the data set when <see cref="DisposeDataset"/> is true.
        /// </summary>
        public class DataLoader<T, S> : IEnumerable<S>, IDisposable
        {
            /// <summary>The data set read.</summary>
            public torch.utils.data.Dataset<T> dataset { get; }
            /// <summary>Samples per batch.</summary>
            public int batch_size { get; }
            /// <summary>Whether a last, smaller batch is dropped.</summary>
            public bool drop_last { get; }
            /// <summary>The order in which samples are read (enumerated afresh for each pass).</summary>
            public IEnumerable<long> sampler { get; }
            /// <summary>How many threads read samples.</summary>
            public int num_workers { get; }
            /// <summary>Builds a batch from samples.</summary>
            public Func<IEnumerable<T>, Device, S> collate_fn { get; }
            /// <summary>Where batches are put.</summary>
            public Device Device { get; }
            /// <summary>Whether each batch is disposed when the enumeration moves on.</summary>
            public bool DisposeBatch { get; }
            /// <summary>Whether disposing the loader disposes the data set.</summary>
            public bool DisposeDataset { get; }

            /// <summary>A loader that reads the samples in <paramref name="shuffler"/>'s order.</summary>
            /// <param name="dataset">The data set.</param>
            /// <param name="batchSize">Samples per batch (at least 1).</param>
            /// <param name="collate_fn">Builds a batch from its samples.</param>
            /// <param name="shuffler">The sample indices in reading order, enumerated afresh for each pass.</param>
            /// <param name="device">Where batches are put (default: the CPU).</param>
            /// <param name="num_worker">Threads that read samples (at least 1).</param>
            /// <param name="drop_last">Drop a last batch smaller than <paramref name="batchSize"/>.</param>
            /// <param name="disposeBatch">Dispose each batch when the enumeration moves on.</param>
            /// <param name="disposeDataset">Dispose the data set with the loader.</param>
            public DataLoader(torch.utils.data.Dataset<T> dataset, int batchSize, Func<IEnumerable<T>, Device, S> collate_fn, IEnumerable<long> shuffler,
                Device? device = null, int num_worker = 1, bool drop_last = false, bool disposeBatch = true, bool disposeDataset = true)
            {
                this.dataset = dataset ?? throw new ArgumentNullException(nameof(dataset));
                if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "the batch size must be at least 1");
                batch_size = batchSize;
                this.collate_fn = collate_fn ?? throw new ArgumentNullException(nameof(collate_fn));
                sampler = shuffler ?? throw new ArgumentNullException(nameof(shuffler));
                Device = device ?? torch.CPU;
                num_workers = Math.Max(num_worker, 1);
                this.drop_last = drop_last;
                DisposeBatch = disposeBatch;
                DisposeDataset = disposeDataset;
            }

            /// <summary>A loader that reads the samples in order, or shuffled (the same order every pass when <paramref name="seed"/> is given).</summary>
            public DataLoader(torch.utils.data.Dataset<T> dataset, int batchSize, Func<IEnumerable<T>, Device, S> collate_fn, bool shuffle = false,
                Device? device = null, int? seed = null, int num_worker = 1, bool drop_last = false, bool disposeBatch = true, bool disposeDataset = true)
                : this(dataset, batchSize, collate_fn, Order(dataset, shuffle, seed), device, num_worker, drop_last, disposeBatch, disposeDataset) { }

            static IEnumerable<long> Order(torch.utils.data.Dataset<T> dataset, bool shuffle, int? seed)
            {
                ArgumentNullException.ThrowIfNull(dataset);
                return shuffle ? new FisherYatesShuffler(dataset.Count, seed) : Indices(dataset.Count);
            }

            static IEnumerable<long> Indices(long count)
            {
                for (long i = 0; i < count; i++) yield return i;
            }

            /// <summary>Number of batches in a pass.</summary>
            public long Count => drop_last ? dataset.Count / batch_size : (dataset.Count + batch_size - 1) / batch_size;

            /// <summary>Starts a pass over the data set.</summary>
            public IEnumerator<S> GetEnumerator() => new Enumerator(this);

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

            /// <summary>Disposes the data set if <see cref="DisposeDataset"/>.</summary>
            public void Dispose()
            {
                Dispose(true);
                GC.SuppressFinalize(this);
            }

            /// <summary>Disposes the data set if <see cref="DisposeDataset"/>.</summary>
            protected virtual void Dispose(bool disposing)
            {
                if (disposing && DisposeDataset) dataset.Dispose();
            }

            sealed class Enumerator : IEnumerator<S>
            {
                readonly DataLoader<T, S> loader;
                IEnumerator<long> order;
                HashSet<IDisposable>? batchTensors;
                S? current;

                public Enumerator(DataLoader<T, S> loader)
                {
                    this.loader = loader;
                    order = loader.sampler.GetEnumerator();
                }

                public S Current => current!;
                object IEnumerator.Current => current!;

                public bool MoveNext()
                {
                    DisposeBatch();
                    var indices = new List<long>(loader.batch_size);
                    while (indices.Count < loader.batch_size && order.MoveNext()) indices.Add(order.Current);
                    if (indices.Count == 0 || (loader.drop_last && indices.Count < loader.batch_size)) return false;

                    var samples = new T[indices.Count];
                    var sampleTensors = new HashSet<IDisposable>?[indices.Count];
                    try
                    {
                        ReadSamples(indices, samples, sampleTensors);
                        using var scope = torch.NewDisposeScope();
                        current = loader.collate_fn(samples, loader.Device);
                        var made = scope.DetachAllAndDispose();
                        if (loader.DisposeBatch) batchTensors = made;
                    }
                    finally
                    {
                        foreach (var set in sampleTensors) if (set is not null) DisposeAll(set);
                    }
                    return true;
                }

                /// <summary>Reads each sample inside its own dispose scope and keeps what that scope caught (to dispose after collating).</summary>
                void ReadSamples(List<long> indices, T[] samples, HashSet<IDisposable>?[] made)
                {
                    void Read(int i)
                    {
                        using var scope = torch.NewDisposeScope();
                        try { samples[i] = loader.dataset.GetTensor(indices[i]); }
                        finally { made[i] = scope.DetachAllAndDispose(); }
                    }
                    if (loader.num_workers == 1)
                    {
                        for (int i = 0; i < indices.Count; i++) Read(i);
                        return;
                    }
                    try { Enumerable.Range(0, indices.Count).AsParallel().WithDegreeOfParallelism(loader.num_workers).ForAll(Read); }
                    catch (AggregateException e) when (e.InnerExceptions.Count == 1) { ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw(); }
                }

                static void DisposeAll(HashSet<IDisposable> set)
                {
                    foreach (var d in set) d.Dispose();
                }

                void DisposeBatch()
                {
                    if (batchTensors is null) return;
                    DisposeAll(batchTensors);
                    batchTensors = null;
                }

                public void Reset()
                {
                    DisposeBatch();
                    order.Dispose();
                    order = loader.sampler.GetEnumerator();
                }

                public void Dispose()
                {
                    DisposeBatch();
                    order.Dispose();
                }
            }
        }
    }
}
