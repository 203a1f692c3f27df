using System.Collections;

namespace TorchSharp;

public static partial class torch
{
    public static partial class utils
    {
        public static partial class data
        {
            /// <summary><c>torch.utils.data.distributed</c>.</summary>
            public static class distributed
            {
                /// <summary>
                /// Each rank's share of a data set, as PyTorch's <c>DistributedSampler</c> makes it (the same indices for the
                /// same seed and epoch: the permutation is libtorch's <c>randperm</c> with a generator seeded
                /// <c>seed + epoch</c>): the indices of epoch <see cref="epoch"/>, shuffled identically on every rank,
                /// padded by repeating the first ones (or, with <c>drop_last</c>, cut) to a multiple of
                /// <c>num_replicas</c>, and every <c>num_replicas</c>-th from <c>rank</c> on. The shards are disjoint
                /// and cover the data set; call <see cref="set_epoch"/> before each epoch for a new order.
                /// Without <paramref name="num_replicas"/> / <paramref name="rank"/> it takes the default process
                /// group's.
                /// </summary>
                public sealed class DistributedSampler : IEnumerable<long>
                {
                    public DistributedSampler(long dataset_size, int? num_replicas = null, int? rank = null, bool shuffle = true,
                        long seed = 0, bool drop_last = false)
                    {
                        if (dataset_size < 0) throw new ArgumentOutOfRangeException(nameof(dataset_size), dataset_size, "Expected 0 or more items.");
                        this.num_replicas = num_replicas ?? torch.distributed.get_world_size();
                        this.rank = rank ?? torch.distributed.get_rank();
                        if (this.num_replicas < 1) throw new ArgumentOutOfRangeException(nameof(num_replicas), this.num_replicas, "Expected at least 1 replica.");
                        if (this.rank < 0 || this.rank >= this.num_replicas)
                            throw new ArgumentOutOfRangeException(nameof(rank), this.rank, $"Invalid rank {this.rank}: rank should be in the interval [0, {this.num_replicas - 1}].");
                        size = dataset_size; this.shuffle = shuffle; this.seed = seed; this.drop_last = drop_last;
                        num_samples = drop_last && size % this.num_replicas != 0
                            ? (long)Math.Ceiling((size - this.num_replicas) / (double)this.num_replicas)
                            : (long)Math.Ceiling(size / (double)this.num_replicas);
                        total_size = num_samples * this.num_replicas;
                    }

                    /// <summary>For a data set (its <c>Count</c>).</summary>
                    public DistributedSampler(Dataset<Dictionary<string, Tensor>> dataset, int? num_replicas = null, int? rank = null,
                        bool shuffle = true, long seed = 0, bool drop_last = false)
                        : this(dataset.Count, num_replicas, rank, shuffle, seed, drop_last) { }

                    public readonly int num_replicas, rank;
                    public readonly bool shuffle, drop_last;
                    public readonly long seed, size;
                    /// <summary>Indices per rank and epoch.</summary>
                    public readonly long num_samples;
                    /// <summary>Indices of all ranks together (the data set padded or cut).</summary>
                    public readonly long total_size;
                    /// <summary>The epoch the next enumeration uses.</summary>
                    public long epoch;   // a field, as PyTorch's attribute (a property would reserve set_epoch's name)

                    /// <summary>Sets the epoch (the shuffle's seed is <c>seed + epoch</c>): call it before each epoch.</summary>
                    public void set_epoch(long epoch) => this.epoch = epoch;

                    /// <summary>This rank's indices of the current epoch.</summary>
                    public long[] Indices()
                    {
                        long[] all;
                        if (shuffle)
                        {
                            using var g = new Generator().manual_seed(seed + epoch);
                            using var perm = randperm(size, generator: g);
                            all = perm.data<long>().ToArray();
                        }
                        else
                        {
                            all = new long[size];
                            for (long i = 0; i < size; i++) all[i] = i;
                        }
                        var shard = new long[num_samples];
                        for (long k = 0; k < num_samples; k++)
                        {
                            long j = rank + k * num_replicas;            // position in the padded (or cut) list
                            shard[k] = all.Length == 0 ? 0 : all[j % all.Length];
                        }
                        return shard;
                    }

                    public IEnumerator<long> GetEnumerator() => ((IEnumerable<long>)Indices()).GetEnumerator();
                    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
                }
            }
        }
    }
}
