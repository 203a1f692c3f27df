using System.Diagnostics;
using TorchSharp;

namespace Course.Tests;

/// <summary>Changes libtorch's global thread count: never in parallel with the tests that train.</summary>
[CollectionDefinition(nameof(ThreadCountCollection), DisableParallelization = true)]
public sealed class ThreadCountCollection { }

[Collection(nameof(ThreadCountCollection))]
public class CoreShareTests
{
    /// <summary>The decisions, from given samples: others busy → one thread; quiet again → back; never more often than once a second.</summary>
    [Fact]
    public void OneThreadWhileOthersKeepHalfACoreBusyAndBackWhenTheyStop()
    {
        int before = torch.get_num_threads();
        try
        {
            torch.set_num_threads(2);
            double wall = 0, own = 0, busy = 0;
            using var share = new CoreShare(2, () => new CoreShare.Sample(wall, own, busy));
            void Second(double ownCores, double otherCores) { wall += 1; own += ownCores; busy += ownCores + otherCores; share.Tick(); }

            Second(2.0, 0.0);
            Assert.Equal(2, torch.get_num_threads());          // alone on the machine
            Second(1.4, 0.4);
            Assert.Equal(2, torch.get_num_threads());          // others below half a core
            wall += 0.5; own += 0.5; busy += 1.5; share.Tick();
            Assert.Equal(2, torch.get_num_threads());          // half a second: not yet looked
            wall += 0.5; own += 0.5; busy += 1.5; share.Tick();
            Assert.Equal(1, torch.get_num_threads());          // a second with a busy neighbour (1 core)
            Assert.Equal(1, share.Reductions);
            Second(1.0, 0.3);
            Assert.Equal(1, torch.get_num_threads());          // between the thresholds: stays
            Second(1.0, 0.1);
            Assert.Equal(2, torch.get_num_threads());          // quiet again
            Second(1.0, 0.9);
            Assert.Equal(1, torch.get_num_threads());
            Assert.Equal(2, share.Reductions);
            share.Dispose();
            Assert.Equal(2, torch.get_num_threads());          // the loop ends: its threads back
        }
        finally { torch.set_num_threads(before); }
    }

    /// <summary>The real measurement (/proc/stat and this process's CPU time): a busy shell loop beside it → one thread.</summary>
    [Fact]
    public void SeesARealBusyProcess()
    {
        if (!OperatingSystem.IsLinux()) return;
        int before = torch.get_num_threads();
        try
        {
            torch.set_num_threads(2);
            using var share = new CoreShare(2);
            var busy = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "while :; do :; done"]) { UseShellExecute = false })!;
            try
            {
                var clock = Stopwatch.StartNew();
                while (torch.get_num_threads() != 1 && clock.Elapsed < TimeSpan.FromSeconds(10)) { share.Tick(); Thread.Sleep(20); }
                Assert.True(torch.get_num_threads() == 1, "still 2 threads after 10 s beside a busy process");
            }
            finally { busy.Kill(); busy.WaitForExit(); }
        }
        finally { torch.set_num_threads(before); }
    }

    [Fact]
    public void OffForOneThreadAndForPassiveWaiting()
    {
        int before = torch.get_num_threads();
        try
        {
            torch.set_num_threads(1);
            Assert.Null(CoreShare.Start());
        }
        finally { torch.set_num_threads(before); }
        Assert.Throws<ArgumentOutOfRangeException>(() => new CoreShare(0));
        // ./course test runs with OMP_WAIT_POLICY=PASSIVE: then training keeps its thread count
        if (string.Equals(Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"), "PASSIVE", StringComparison.OrdinalIgnoreCase))
            Assert.Null(CoreShare.Start());
    }
}
