using System.Diagnostics;
using System.Globalization;
using TorchSharp;

namespace Course;

/// <summary>
/// Lets a training loop give cores back when another process needs them. libtorch's OpenMP workers spin for a while
/// after each parallel region (fast while the loop owns the cores); when another busy process shares them, spinning
/// threads of two processes wait on each other and both slow down several times (bench/README.md, "Waiting").
/// Once a second, during training, this compares the whole machine's busy time (<c>/proc/stat</c>) with this
/// process's own: while others keep at least half a core busy, libtorch runs on one thread (nothing left to spin);
/// when they have been quiet for a second, it goes back to the threads it had.
/// <para>Off where it cannot help or would change results: not on Linux, a single thread, or OpenMP workers that
/// sleep at once anyway (<c>OMP_WAIT_POLICY=PASSIVE</c>, which <c>./course test</c> sets).</para>
/// </summary>
public sealed class CoreShare : IDisposable
{
    const double WindowSeconds = 1, BusyOthers = 0.5, QuietOthers = 0.25;   // seconds; cores

    readonly int _threads;
    readonly Func<Sample> _sample;
    Sample _last;
    bool _reduced;

    /// <summary>A moment's wall clock, this process's CPU time and the machine's busy CPU time, all in seconds.</summary>
    internal readonly record struct Sample(double Wall, double Own, double MachineBusy);

    /// <summary>Governs libtorch's threads from now on, <paramref name="threads"/> being the count to return to.
    /// <see cref="Start"/> decides whether to; this always does.</summary>
    public CoreShare(int threads) : this(threads, null) { }

    internal CoreShare(int threads, Func<Sample>? sample)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "expected at least one thread");
        _threads = threads;
        _sample = sample ?? MachineSample();
        _last = _sample();
    }

    /// <summary>A governor for the current thread count, or null where it is off (see the class remarks).</summary>
    public static CoreShare? Start()
    {
        int threads = torch.get_num_threads();
        if (threads < 2 || !OperatingSystem.IsLinux() || !File.Exists("/proc/stat")) return null;
        if (string.Equals(Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"), "PASSIVE", StringComparison.OrdinalIgnoreCase)) return null;
        return new CoreShare(threads);
    }

    /// <summary>Times libtorch ran on one thread because another process was busy.</summary>
    public int Reductions { get; private set; }

    /// <summary>Call after each batch: at most once a second it looks at the machine and sets the threads.</summary>
    public void Tick()
    {
        var now = _sample();
        double wall = now.Wall - _last.Wall;
        if (wall < WindowSeconds) return;
        double others = (now.MachineBusy - _last.MachineBusy - (now.Own - _last.Own)) / wall;
        _last = now;
        if (!_reduced && others >= BusyOthers)
        {
            torch.set_num_threads(1);
            _reduced = true;
            Reductions++;
        }
        else if (_reduced && others < QuietOthers)
        {
            torch.set_num_threads(_threads);
            _reduced = false;
        }
    }

    /// <summary>Restores the thread count the loop started with.</summary>
    public void Dispose()
    {
        if (_reduced) torch.set_num_threads(_threads);
        _reduced = false;
    }

    /// <summary>The real sample: a stopwatch, this process's CPU time and the busy time of all cores in /proc/stat.</summary>
    static Func<Sample> MachineSample()
    {
        var clock = Stopwatch.StartNew();
        var self = Process.GetCurrentProcess();
        return () =>
        {
            self.Refresh();
            double busy = 0;
            try
            {
                using var reader = new StreamReader("/proc/stat");
                var fields = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // cpu user nice system idle iowait irq softirq steal …: busy = all but idle and iowait, in clock ticks
                long ticks = 0;
                for (int i = 1; i < Math.Min(fields.Length, 9); i++)
                    if (i != 4 && i != 5) ticks += long.Parse(fields[i], CultureInfo.InvariantCulture);
                busy = ticks / 100.0;   // USER_HZ is 100 on Linux
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException) { }
            return new Sample(clock.Elapsed.TotalSeconds, self.TotalProcessorTime.TotalSeconds, busy);
        };
    }
}
