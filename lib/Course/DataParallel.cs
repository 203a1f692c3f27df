using System.Diagnostics;
using System.Globalization;

namespace Course;

/// <summary>
/// Data-parallel runs on several processes, as torchrun starts them (<c>course train --nproc N</c> and notebook 17 use
/// it): <see cref="Launch"/> starts N worker processes of a command on this
/// machine with torchrun's variables (RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, GROUP_RANK, MASTER_ADDR,
/// MASTER_PORT), forwards rank 0's output and the others' errors (prefixed with their rank), and waits for all. When a
/// worker fails, the others get <see cref="GraceAfterFailure"/> to fail on their own (they name the lost rank) before
/// they are stopped; the launcher's exit code is then 1 and its last line says how each rank ended.
/// </summary>
public static class DataParallel
{
    /// <summary>torchrun's default MASTER_PORT.</summary>
    public const int DefaultPort = 29500;

    /// <summary>How long the other workers may take to report a failed rank before the launcher stops them.</summary>
    public static readonly TimeSpan GraceAfterFailure = TimeSpan.FromSeconds(60);

    /// <summary>This process's place in a data-parallel run, from torchrun's variables; null when it runs alone.</summary>
    public sealed record Worker(int Rank, int LocalRank, int WorldSize, int LocalWorldSize);

    /// <summary>This process's worker environment, when WORLD_SIZE &gt; 1 (set by the launcher, torchrun, or by hand on several machines).</summary>
    public static Worker? Current()
    {
        static int? Int(string name)
        {
            var v = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(v)) return null;
            return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i
                : throw new ArgumentException($"environment variable {name} must be an integer, got '{v}'");
        }
        var world = Int("WORLD_SIZE");
        if (world is null or <= 1) return null;
        var rank = Int("RANK") ?? throw new ArgumentException($"WORLD_SIZE is {world} but RANK is not set: each process of a data-parallel run needs its RANK");
        if (rank < 0 || rank >= world) throw new ArgumentException($"RANK must be in [0, {world}) for WORLD_SIZE {world}, got {rank}");
        var local = Int("LOCAL_RANK") ?? rank;
        return new Worker(rank, local, world.Value, Int("LOCAL_WORLD_SIZE") ?? world.Value);
    }

    /// <summary>
    /// Starts <paramref name="nproc"/> workers running <paramref name="file"/> with <paramref name="args"/> as ranks
    /// <c>nodeRank·nproc … nodeRank·nproc + nproc − 1</c> of <c>nnodes·nproc</c>, each with its share of the cores
    /// (<paramref name="threadsPerWorker"/>, default cores / nproc, in COURSE_THREADS); writes rank 0's output to
    /// <paramref name="output"/> and every rank's errors to <paramref name="error"/> (default: the console); returns 0
    /// when every worker succeeded, else 1.
    /// </summary>
    public static int Launch(string file, IReadOnlyList<string> args, int nproc, int nnodes = 1, int nodeRank = 0,
        string masterAddr = "127.0.0.1", int masterPort = DefaultPort, int? threadsPerWorker = null, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        if (nproc < 1) throw new ArgumentException($"--nproc must be at least 1, got {nproc}");
        if (nnodes < 1) throw new ArgumentException($"--nnodes must be at least 1, got {nnodes}");
        if (nodeRank < 0 || nodeRank >= nnodes) throw new ArgumentException($"--node-rank must be in [0, {nnodes}), got {nodeRank}");
        if (masterPort is < 1 or > 65535) throw new ArgumentException($"--master-port must be in 1..65535, got {masterPort}");
        int world = nproc * nnodes;
        // each worker gets its share of the cores, as torchrun sets OMP_NUM_THREADS (it sets 1)
        int threads = threadsPerWorker ?? Math.Max(1, Environment.ProcessorCount / nproc);

        var workers = new List<(int Rank, Process Process, Task Pumps)>();
        var clock = Stopwatch.StartNew();
        void StopAll()
        {
            foreach (var (_, p, _) in workers)
                try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; StopAll(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            for (int local = 0; local < nproc; local++)
            {
                int rank = nodeRank * nproc + local;
                var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in args) psi.ArgumentList.Add(a);
                var env = psi.Environment;
                env["RANK"] = rank.ToString(CultureInfo.InvariantCulture);
                env["LOCAL_RANK"] = local.ToString(CultureInfo.InvariantCulture);
                env["WORLD_SIZE"] = world.ToString(CultureInfo.InvariantCulture);
                env["LOCAL_WORLD_SIZE"] = nproc.ToString(CultureInfo.InvariantCulture);
                env["GROUP_RANK"] = nodeRank.ToString(CultureInfo.InvariantCulture);
                env["MASTER_ADDR"] = masterAddr;
                env["MASTER_PORT"] = masterPort.ToString(CultureInfo.InvariantCulture);
                env["COURSE_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
                // several processes share the cores: OpenMP workers sleep at once instead of spinning (lib/Torch/Native.cs)
                if (nproc > 1 && Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null && Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") is null)
                    env["OMP_WAIT_POLICY"] = "PASSIVE";
                var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start worker rank {rank} ({file})");
                var outTask = Pump(p.StandardOutput, rank == 0 ? output : null, "");
                var errTask = Pump(p.StandardError, error, rank == 0 ? "" : $"[rank {rank}] ");
                workers.Add((rank, p, Task.WhenAll(outTask, errTask)));
            }

            // wait for all; after the first failure the others have a grace period to report it themselves
            DateTime? failedAt = null;
            while (workers.Any(w => !w.Process.HasExited))
            {
                if (failedAt is null && workers.Any(w => w.Process.HasExited && w.Process.ExitCode != 0)) failedAt = DateTime.UtcNow;
                if (failedAt is { } t && DateTime.UtcNow - t > GraceAfterFailure)
                {
                    error.WriteLine($"launcher: stopping the workers still running {GraceAfterFailure.TotalSeconds:0} s after a rank failed");
                    StopAll();
                }
                Thread.Sleep(50);
            }
            foreach (var w in workers) { w.Process.WaitForExit(); w.Pumps.Wait(); }
            if (workers.All(w => w.Process.ExitCode == 0)) return 0;
            error.WriteLine("launcher: " + string.Join("; ", workers.Select(w => $"rank {w.Rank} {Describe(w.Process.ExitCode)}")) +
                string.Format(CultureInfo.InvariantCulture, " (after {0:F1} s)", clock.Elapsed.TotalSeconds));
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            StopAll();
            output.Flush(); error.Flush();
        }
    }

    static string Describe(int code) => code switch
    {
        0 => "finished",
        > 128 and < 160 => $"was killed by signal {code - 128}{(code - 128 == 9 ? " (SIGKILL)" : code - 128 == 15 ? " (SIGTERM)" : "")}",
        _ => $"exited with code {code}",
    };

    static async Task Pump(StreamReader from, TextWriter? to, string prefix)
    {
        string? line;
        while ((line = await from.ReadLineAsync().ConfigureAwait(false)) is not null)
        {
            if (to is null) continue;
            lock (to) { to.WriteLine(prefix + line); to.Flush(); }
        }
    }

    /// <summary>
    /// Runs <c>course train ARGS</c> on <paramref name="nproc"/> processes of this machine (one process: the plain command)
    /// and reads back the history rank 0 wrote (<c>--json</c>); rank 0's lines go to <paramref name="output"/>. Throws
    /// <see cref="InvalidOperationException"/> with the workers' exit codes when the run failed.
    /// </summary>
    public static CliRun CourseTrain(int nproc, IEnumerable<string> args, TextWriter? output = null, TextWriter? error = null)
    {
        var (file, prefix) = CourseCli();
        var json = Path.Combine(Path.GetTempPath(), $"course-train-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        var command = prefix.Concat(new[] { "train" }).Concat(args).Concat(new[] { "--json", json }).ToList();
        var clock = Stopwatch.StartNew();
        var errors = new StringWriter();
        var tee = new TeeWriter(error ?? Console.Error, errors);
        // the history file is this method's business, not the reader's: its temporary name is left out of the lines
        var lines = new LineFilter(output ?? Console.Out, l => l.Replace($"; wrote {json}", "", StringComparison.Ordinal));
        int rc = Launch(file, command, nproc, masterPort: FreePort(), output: lines, error: tee);
        clock.Stop();
        try
        {
            if (rc != 0 || !File.Exists(json))
                throw new InvalidOperationException($"course train on {nproc} process(es) failed (exit code {rc}): {errors.ToString().Trim()}");
            var run = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(json))!.AsObject();
            var epochs = System.Text.Json.JsonSerializer.Deserialize<List<EpochRecord>>(run["epochs"]!.ToJsonString())!;
            return new CliRun(nproc, clock.Elapsed.TotalSeconds, epochs, run);
        }
        finally { if (File.Exists(json)) File.Delete(json); }
    }

    /// <summary>A finished <see cref="CourseTrain"/>: processes, wall-clock seconds (start-up included), rank 0's epochs
    /// (metrics over all ranks) and its JSON record.</summary>
    public sealed record CliRun(int Processes, double Seconds, IReadOnlyList<EpochRecord> Epochs, System.Text.Json.Nodes.JsonObject Run)
    {
        /// <summary>The last epoch's test accuracy.</summary>
        public double TestAcc => Epochs[^1].TestAcc ?? double.NaN;
        /// <summary>Training images per second of the last epoch, all processes together.</summary>
        public double ImagesPerSecond => Epochs[^1].ExamplesPerSec;
    }

    sealed class LineFilter(TextWriter to, Func<string, string> edit) : TextWriter
    {
        public override System.Text.Encoding Encoding => to.Encoding;
        public override void Write(char value) => to.Write(value);
        public override void WriteLine(string? value) => to.WriteLine(value is null ? null : edit(value));
        public override void Flush() => to.Flush();
    }

    sealed class TeeWriter(TextWriter a, TextWriter b) : TextWriter
    {
        public override System.Text.Encoding Encoding => a.Encoding;
        public override void Write(char value) { a.Write(value); b.Write(value); }
        public override void WriteLine(string? value) { a.WriteLine(value); b.WriteLine(value); }
        public override void Flush() { a.Flush(); b.Flush(); }
    }

    /// <summary>
    /// The course CLI (<c>course</c>), to start as workers: <c>dotnet</c> and the built <c>Course.Cli.dll</c> of this
    /// repository (Release, else Debug). Throws when it was not built (<c>./course build</c>).
    /// </summary>
    public static (string File, string[] Prefix) CourseCli()
    {
        var root = Course.Data.DataLocator.FindRepoRoot() ?? throw new InvalidOperationException("the course repository was not found above the current folder");
        foreach (var config in new[] { Environment.GetEnvironmentVariable("COURSE_CONFIG") ?? "Release", "Release", "Debug" })
        {
            var dll = Path.Combine(root, "lib", "Course.Cli", "bin", config, "net10.0", "Course.Cli.dll");
            if (File.Exists(dll)) return (Dotnet(), new[] { dll });
        }
        throw new InvalidOperationException($"the course CLI is not built under {Path.Combine(root, "lib", "Course.Cli", "bin")}: run ./course build");
    }

    /// <summary>
    /// How to start <paramref name="program"/> (the program's own assembly) as a worker: under the <c>dotnet</c> host,
    /// the host and the assembly; from its apphost, the apphost alone (which knows its assembly: passing it again would
    /// make it the program's first argument).
    /// </summary>
    public static (string File, string[] Prefix) Self(System.Reflection.Assembly program)
    {
        var exe = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this process's executable to start the workers");
        return IsDotnetHost(exe) ? (exe, new[] { program.Location }) : (exe, Array.Empty<string>());
    }

    /// <summary>The <c>dotnet</c> host running this process (else the one on PATH).</summary>
    public static string Dotnet() =>
        Environment.ProcessPath is { } p && IsDotnetHost(p) ? p
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";

    static bool IsDotnetHost(string exe) => Path.GetFileNameWithoutExtension(exe).Equals("dotnet", StringComparison.OrdinalIgnoreCase);

    /// <summary>A TCP port on 127.0.0.1 that is free now (for MASTER_PORT).</summary>
    public static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        int port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
