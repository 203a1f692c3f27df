using TorchSharp;
using static TorchSharp.torch;

namespace Torch.Tests;

/// <summary>Runs the memory test alone: RSS is process-wide, so concurrent tests would disturb it.</summary>
[CollectionDefinition("Memory", DisableParallelization = true)]
public class MemoryCollection { }

/// <summary>Long training loops inside per-step dispose scopes keep resident memory flat.</summary>
[Collection("Memory")]
public class MemoryTests
{
    private static long RssKiB()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:")) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        throw new InvalidOperationException("VmRSS not found in /proc/self/status");
    }

    /// <summary>RSS after returning the managed heap's free memory to the OS, so that it mostly measures native memory.</summary>
    private static long SettledRssKiB()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return RssKiB();
    }

    [Fact]
    public void Five_thousand_steps_keep_rss_flat()
    {
        manual_seed(1);
        int threads = get_num_threads();
        set_num_threads(1); // a tiny model: one thread is fastest and avoids thread-pool noise
        try { Train(); } finally { set_num_threads(threads); }
    }

    private static void Train()
    {
        using var net = nn.Sequential(nn.Conv2d(1, 4, 3, padding: 1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(4 * 4 * 4, 10));
        using var opt = optim.Adam(net.parameters(), 1e-3);
        using var lossFn = nn.CrossEntropyLoss();
        using var x = randn(4, 1, 8, 8);
        using var y = randint(0, 10, new long[] { 4 });
        long warm = 0;
        for (int step = 1; step <= 5000; step++)
        {
            using (var scope = NewDisposeScope())
            {
                opt.zero_grad();
                var loss = lossFn.call(net.call(x), y);
                loss.backward();
                opt.step();
            }
            if (step == 500) warm = SettledRssKiB();
        }
        long end = SettledRssKiB();
        Assert.True(end <= warm * 1.05, $"RSS grew from {warm} KiB after 500 steps to {end} KiB after 5000 steps");
    }
}
