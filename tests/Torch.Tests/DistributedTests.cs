using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Torch.Tests.NnTestHelpers;

namespace Torch.Tests;

/// <summary>
/// torch.distributed on libtorch's c10d (Gloo), with real processes on 127.0.0.1: each rank is this test assembly run as
/// a program (<see cref="DistWorker"/>), or Debian's PyTorch (tests/Torch.Tests/python/dist_peer.py).
/// </summary>
[Collection("distributed")]   // the scenarios start processes of their own: one at a time
public class DistributedTests
{
    // ------------------------------------------------------------------ shared by the workers and the references

    /// <summary>The models of the DDP scenarios, seeded: d2l's LeNet, and a small CNN with BatchNorm2d and BatchNorm1d.</summary>
    public static nn.Module<Tensor, Tensor> Model(string name)
    {
        manual_seed(1);
        return name switch
        {
            "lenet" => LeNetPyTorchTests.LeNet(),
            "bn" => nn.Sequential(
                nn.Conv2d(1, 4, 3, padding: 1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                nn.Linear(4 * 14 * 14, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 10)),
            _ => throw new ArgumentException($"unknown model '{name}'"),
        };
    }

    /// <summary>Global batch <paramref name="step"/>: 16 images, the same in every process.</summary>
    public static (Tensor x, Tensor y) GlobalBatch(int step, string model)
    {
        using var g = new Generator().manual_seed(100 + step);
        return (randn(new long[] { 16, 1, 28, 28 }, generator: g), randint(0, 10, new long[] { 16 }, generator: g));
    }

    // ------------------------------------------------------------------ processes

    static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    sealed class Rank : IDisposable
    {
        public readonly Process Process;
        public readonly List<string> Out = new();
        public readonly Task<string> Err;
        public Rank(Process p)
        {
            Process = p;
            Err = p.StandardError.ReadToEndAsync();
            p.OutputDataReceived += (_, e) => { if (e.Data is { } d) lock (Out) Out.Add(d); };
            p.BeginOutputReadLine();
        }
        public bool Exited(TimeSpan within) => Process.WaitForExit((int)within.TotalMilliseconds);
        public string Stdout() { lock (Out) return string.Join("\n", Out); }
        public string Stderr() => Err.Wait(TimeSpan.FromSeconds(10)) ? Err.Result : "(stderr still open)";
        public void Dispose() { try { if (!Process.HasExited) Process.Kill(true); } catch (InvalidOperationException) { } Process.Dispose(); }
    }

    static ProcessStartInfo Env(ProcessStartInfo psi)
    {
        psi.RedirectStandardOutput = true; psi.RedirectStandardError = true; psi.UseShellExecute = false;
        psi.Environment["GLOO_SOCKET_IFNAME"] = "lo";   // Gloo's connections on the loopback interface only
        psi.Environment["OMP_NUM_THREADS"] = "1";
        return psi;
    }

    static Rank StartWorker(params object[] args)
    {
        var psi = Env(new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } d ? d : "dotnet"));
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Torch.Tests.dll"));
        psi.ArgumentList.Add("dist");
        foreach (var a in args) psi.ArgumentList.Add(Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture)!);
        return new Rank(Process.Start(psi)!);
    }

    static Rank StartPython(params object[] args)
    {
        var psi = Env(new ProcessStartInfo(Python) { WorkingDirectory = Path.Combine(RepoRoot(), "tests", "Torch.Tests", "python") });
        psi.ArgumentList.Add("dist_peer.py");
        foreach (var a in args) psi.ArgumentList.Add(Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture)!);
        return new Rank(Process.Start(psi)!);
    }

    static JsonElement Result(Rank r, string who)
    {
        Assert.True(r.Exited(TimeSpan.FromSeconds(120)), $"{who} did not finish within 120 s:\n{r.Stdout()}");
        Assert.True(r.Process.ExitCode == 0, $"{who} failed with exit code {r.Process.ExitCode}:\n{r.Stderr()}\n{r.Stdout()}");
        var line = r.Stdout().Split('\n').Last(l => l.StartsWith('{'));
        return JsonDocument.Parse(line).RootElement;
    }

    static string Failure(Rank r, string who, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        Assert.True(r.Exited(within), $"{who} did not fail within {within.TotalSeconds} s (it hangs):\n{r.Stdout()}");
        Assert.True(r.Process.ExitCode != 0, $"{who} exited 0, expected a failure:\n{r.Stdout()}");
        return r.Stderr();
    }

    static float[] Floats(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(v => v.GetSingle()).ToArray();
    static double[] Doubles(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();
    static long[] Longs(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(v => v.GetInt64()).ToArray();

    // ------------------------------------------------------------------ collectives

    static void CheckCollectives(JsonElement r, int world)
    {
        // rank k contributes (k+1, 10(k+1)); 2k and 1 averaged; (k, −k) maximised; the last rank broadcasts; 100+k gathered
        float s = Enumerable.Range(1, world).Sum();
        Assert.Equal(new[] { s, 10 * s }, Floats(r, "sum"));
        Assert.Equal(new[] { Enumerable.Range(0, world).Average(k => 2.0 * k), 1.0 }, Doubles(r, "avg"));
        Assert.Equal(new long[] { world - 1, 0 }, Longs(r, "max"));
        Assert.Equal(new[] { 3.5f, -1, 7 }, Floats(r, "broadcast"));
        var gathered = r.GetProperty("gathered").EnumerateArray().Select(g => g.EnumerateArray().Select(v => v.GetInt64()).ToArray()).ToArray();
        Assert.Equal(Enumerable.Range(0, world).Select(k => new long[] { 100 + k, 100 + k }).ToArray(), gathered);
    }

    [Fact]
    public void TwoCSharpRanksAgreeOnAllReduceBroadcastAllGather()
    {
        int port = FreePort();
        using var r0 = StartWorker("collectives", 0, 2, port, 60);
        using var r1 = StartWorker("collectives", 1, 2, port, 60);
        var a = Result(r0, "rank 0");
        var b = Result(r1, "rank 1");
        Assert.Equal(0, a.GetProperty("rank").GetInt32());
        CheckCollectives(a, 2);
        CheckCollectives(b, 2);
    }

    [Theory]
    [InlineData(0)]   // the C# process hosts the store
    [InlineData(1)]   // PyTorch hosts it
    public void ACSharpRankAndAPyTorchRankFormOneGroup(int csharpRank)
    {
        int port = FreePort();
        using var cs = StartWorker("collectives", csharpRank, 2, port, 60);
        using var py = StartPython(1 - csharpRank, 2, port, 60);
        var c = Result(cs, $"C# rank {csharpRank}");
        var p = Result(py, $"PyTorch rank {1 - csharpRank}");
        CheckCollectives(c, 2);
        CheckCollectives(p, 2);
    }

    // ------------------------------------------------------------------ DistributedDataParallel

    [Theory]
    [InlineData("lenet")]
    [InlineData("bn")]
    public void DdpOnTwoRanksEqualsOneProcessOnTheGlobalBatches(string model)
    {
        const int steps = 5, world = 2;
        int port = FreePort();
        var dir = Directory.CreateTempSubdirectory("ddp-");
        try
        {
            var output = Path.Combine(dir.FullName, "rank0.ctsd");
            using var r0 = StartWorker("ddp", 0, world, port, 60, model, steps, output);
            using var r1 = StartWorker("ddp", 1, world, port, 60, model, steps, output);
            var a = Result(r0, "rank 0");
            var b = Result(r1, "rank 1");
            // the ranks end with the same parameters (rank 1 started from other values: DDP took rank 0's)
            Assert.Equal(a.GetProperty("checksum").GetDouble(), b.GetProperty("checksum").GetDouble(), 6);

            // one process, the same global batches: the mean of the two halves' mean losses (= DDP's averaged gradient);
            // BatchNorm normalises each half with its own statistics as each rank does, and its running statistics are
            // rank 0's (DDP broadcasts rank 0's buffers before every forward)
            using var net = Model(model);
            using var opt = optim.SGD(net.parameters(), 0.05, momentum: 0.9);
            for (int s = 0; s < steps; s++)
            {
                using var scope = NewDisposeScope();
                var (x, y) = GlobalBatch(s, model);
                long n = x.shape[0] / world;
                opt.zero_grad();
                Dictionary<string, Tensor>? rank0Buffers = null;
                for (int r = 0; r < world; r++)
                {
                    var loss = nn.functional.cross_entropy(net.call(x.narrow(0, r * n, n)), y.narrow(0, r * n, n)) / world;
                    loss.backward();
                    if (r == 0) rank0Buffers = net.named_buffers().ToDictionary(kv => kv.name, kv => kv.buffer.clone());
                }
                using (no_grad())
                    foreach (var (name, buf) in net.named_buffers()) buf.copy_(rank0Buffers![name]);
                opt.step();
            }
            var ddp = StateFile.Read(output);
            var reference = net.state_dict();
            Assert.Equal(reference.Keys.OrderBy(k => k), ddp.Keys.OrderBy(k => k));
            foreach (var (name, t) in reference)
            {
                double diff = (ddp[name].to(ScalarType.Float64) - t.to(ScalarType.Float64)).abs().max().item<double>();
                Assert.True(diff <= 1e-5, $"{model}: {name} differs from the one-process reference by {diff:G3}");
            }
            // and the run did train: the parameters moved away from the initial ones by far more than the tolerance
            using var init = Model(model);
            double moved = init.state_dict().Where(kv => kv.Value.is_floating_point())
                .Max(kv => (kv.Value - ddp[kv.Key]).abs().max().item<float>());
            Assert.True(moved > 1e-3, $"{model}: the parameters hardly moved ({moved:G3})");
            foreach (var t in ddp.Values) t.Dispose();
        }
        finally { dir.Delete(true); }
    }

    // ------------------------------------------------------------------ faults: a clear error in time, never a hang

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public void AKilledRankMakesTheSurvivorFailNamingIt(int victim)
    {
        int port = FreePort();
        using var r0 = StartWorker("loop", 0, 2, port, 30);
        using var r1 = StartWorker("loop", 1, 2, port, 30);
        var ranks = new[] { r0, r1 };
        var clock = Stopwatch.StartNew();
        while (!ranks[victim].Stdout().Contains("\"step\":3", StringComparison.Ordinal))
        {
            Assert.False(ranks[victim].Process.HasExited, $"rank {victim} ended early: {ranks[victim].Stderr()}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "the ranks never started their loop");
            Thread.Sleep(50);
        }
        ranks[victim].Process.Kill(true);
        var survivor = ranks[1 - victim];
        var err = Failure(survivor, $"rank {1 - victim}", TimeSpan.FromSeconds(30));
        Assert.Contains($"on rank {1 - victim} of 2", err);
        Assert.Contains(victim == 1 ? "rank 1 stopped responding" : "rank 0, which hosts the store", err);
    }

    [Fact]
    public void ARankThatNeverArrivesIsNamedWithinTheTimeout()
    {
        int port = FreePort();
        using var r0 = StartWorker("join", 0, 2, port, 5);
        var clock = Stopwatch.StartNew();
        var err = Failure(r0, "rank 0", TimeSpan.FromSeconds(30));
        Assert.Contains("rank 1 of 2 never joined within 5 s", err);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"took {clock.Elapsed.TotalSeconds:F1} s for a 5 s timeout");
    }

    [Fact]
    public void AWorldSizeMismatchIsRefusedAtOnceOnBothSides()
    {
        int port = FreePort();
        using var r0 = StartWorker("join", 0, 2, port, 60);
        using var r1 = StartWorker("join", 1, 3, port, 60);
        var e1 = Failure(r1, "rank 1", TimeSpan.FromSeconds(30));
        var e0 = Failure(r0, "rank 0", TimeSpan.FromSeconds(30));
        Assert.Contains("world-size mismatch: rank 0 was started with world_size 2, rank 1 with 3", e1);
        Assert.Contains("rank 1 refused to join: world-size mismatch", e0);
    }

    [Fact]
    public void ASecondRunOnTheSamePortGetsOneClearError()
    {
        int port = FreePort();
        using var first = StartWorker("join", 0, 2, port, 60);   // waits for its rank 1, holding the port
        var clock = Stopwatch.StartNew();
        while (!IsListening(port)) { Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the first run never opened its store"); Thread.Sleep(50); }
        using var second = StartWorker("join", 0, 2, port, 60);
        var err = Failure(second, "the second rank 0", TimeSpan.FromSeconds(30));
        Assert.Contains($"could not open the store on port {port}", err);
        Assert.Contains("in use", err);
    }

    static bool IsListening(int port)
    {
        try { using var c = new TcpClient(); c.Connect(IPAddress.Loopback, port); return true; }
        catch (SocketException) { return false; }
    }

    [Fact]
    public void ABackendThisLibtorchLacksIsOneClearError()
    {
        Assert.True(distributed.is_gloo_available());
        if (distributed.is_nccl_available()) return;   // a CUDA libtorch with NCCL: nothing is missing
        var e = Assert.Throws<distributed.DistributedError>(() =>
            distributed.init_process_group("nccl", $"tcp://127.0.0.1:{FreePort()}", TimeSpan.FromSeconds(5), 1, 0));
        Assert.Contains("backend 'nccl' is not available in this libtorch", e.Message);
        Assert.Contains("available: gloo", e.Message);
        Assert.False(distributed.is_initialized());
        var u = Assert.Throws<distributed.DistributedError>(() => distributed.init_process_group("mpi", "tcp://127.0.0.1:1", null, 1, 0));
        Assert.Contains("unknown backend 'mpi'", u.Message);
        var r = Assert.Throws<distributed.DistributedError>(() => distributed.init_process_group("gloo", "tcp://127.0.0.1:1", null, 2, 2));
        Assert.Contains("rank must be in [0, 2), got 2", r.Message);
        var c = Assert.Throws<distributed.DistributedError>(() => distributed.all_reduce(ones(1)));
        Assert.Contains("not initialized", c.Message);
    }

    // ------------------------------------------------------------------ the sampler

    [Fact]
    public void DistributedSamplerGivesPyTorchsIndices()
    {
        var cases = new (long n, int replicas, bool shuffle, long seed, long epoch, bool dropLast)[]
        {
            (10, 2, true, 0, 0, false), (10, 3, true, 0, 1, false), (10, 3, true, 7, 2, true), (11, 4, false, 0, 0, false),
            (1000, 2, true, 0, 5, false), (5, 8, true, 3, 0, false),
        };
        var json = JsonSerializer.Serialize(cases.Select(c => new object[] { c.n, c.replicas, c.shuffle, c.seed, c.epoch, c.dropLast }));
        var expected = JsonDocument.Parse(RunPython("sampler.py", json)).RootElement.EnumerateArray().ToArray();
        for (int i = 0; i < cases.Length; i++)
        {
            var c = cases[i];
            var all = new List<long>();
            for (int rank = 0; rank < c.replicas; rank++)
            {
                var s = new utils.data.distributed.DistributedSampler(c.n, c.replicas, rank, c.shuffle, c.seed, c.dropLast);
                s.set_epoch(c.epoch);
                var mine = s.ToArray();
                var theirs = expected[i][rank].EnumerateArray().Select(v => v.GetInt64()).ToArray();
                Assert.Equal(theirs, mine);
                Assert.Equal(s.num_samples, mine.Length);
                all.AddRange(mine);
            }
            // together the shards cover the data set (padded) or a cut of it, every index at most once more than needed
            if (!c.dropLast) Assert.Equal(Enumerable.Range(0, (int)c.n).Select(v => (long)v), all.Distinct().OrderBy(v => v));
            else Assert.Equal(all.Count, all.Distinct().Count());
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => new utils.data.distributed.DistributedSampler(10, 2, 2));
    }
}
