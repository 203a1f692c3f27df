using System.Globalization;
using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Torch.Tests;

/// <summary>
/// The test assembly as a program (<c>dotnet Torch.Tests.dll dist SCENARIO …</c>): one rank of a multi-process test of
/// torch.distributed. <see cref="DistributedTests"/> starts two of them (or one beside a Python rank).
/// Every scenario joins the group with <c>tcp://127.0.0.1:PORT</c> and prints its results as one JSON line.
/// </summary>
public static class DistWorker
{
    public static int Main(string[] args)
    {
        if (args.Length < 1 || args[0] != "dist")
        {
            Console.Error.WriteLine("usage: dotnet Torch.Tests.dll dist collectives|ddp|loop|join RANK WORLD PORT [TIMEOUT_S] [args…]");
            return 2;
        }
        try
        {
            var scenario = args[1];
            int rank = Int(args[2]), world = Int(args[3]), port = Int(args[4]);
            double timeout = args.Length > 5 ? double.Parse(args[5], CultureInfo.InvariantCulture) : 60;
            torch.set_num_threads(1);
            distributed.init_process_group("gloo", $"tcp://127.0.0.1:{port}", TimeSpan.FromSeconds(timeout), world, rank);
            try
            {
                switch (scenario)
                {
                    case "join": Print(new { rank, world = distributed.get_world_size(), backend = distributed.get_backend() }); break;
                    case "collectives": Collectives(rank, world); break;
                    case "ddp": Ddp(rank, world, args[6], Int(args[7]), args[8]); break;
                    case "loop": Loop(rank); break;
                    default: throw new ArgumentException($"unknown scenario '{scenario}'");
                }
            }
            finally { distributed.destroy_process_group(); }
            return 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    static void Print(object o) { Console.WriteLine(JsonSerializer.Serialize(o)); Console.Out.Flush(); }

    /// <summary>all_reduce SUM / AVG / MAX of rank-dependent values, broadcast from the last rank, all_gather, barrier.</summary>
    static void Collectives(int rank, int world)
    {
        using var sum = tensor(new float[] { rank + 1, 10 * (rank + 1) });
        distributed.all_reduce(sum);
        using var avg = tensor(new double[] { rank * 2.0, 1 });
        distributed.all_reduce(avg, distributed.ReduceOp.AVG);
        using var max = tensor(new long[] { rank, -rank });
        distributed.all_reduce(max, distributed.ReduceOp.MAX);
        using var b = rank == world - 1 ? tensor(new float[] { 3.5f, -1, 7 }) : zeros(3);
        distributed.broadcast(b, world - 1);
        using var mine = full(new long[] { 2 }, 100 + rank, dtype: ScalarType.Int64);
        var gathered = Enumerable.Range(0, world).Select(_ => zeros(new long[] { 2 }, ScalarType.Int64)).ToList();
        distributed.all_gather(gathered, mine);
        distributed.barrier();
        Print(new
        {
            rank,
            sum = sum.data<float>().ToArray(),
            avg = avg.data<double>().ToArray(),
            max = max.data<long>().ToArray(),
            broadcast = b.data<float>().ToArray(),
            gathered = gathered.Select(g => g.data<long>().ToArray()).ToArray(),
        });
        foreach (var g in gathered) g.Dispose();
    }

    /// <summary>
    /// k SGD steps of <paramref name="model"/> under DistributedDataParallel on this rank's half of each global batch
    /// (<see cref="DistributedTests.GlobalBatch"/>); rank 0 writes its parameters and buffers to <paramref name="output"/>,
    /// every rank prints a checksum of its parameters.
    /// </summary>
    static void Ddp(int rank, int world, string model, int steps, string output)
    {
        var net = DistributedTests.Model(model);
        if (rank != 0) using (no_grad()) foreach (var p in net.parameters()) p.add_(1.0);   // DDP must replace these by rank 0's
        var ddp = nn.parallel.DistributedDataParallel(net, bucket_cap_mb: 0.01);   // small buckets: several all-reduces per step
        using var opt = optim.SGD(net.parameters(), 0.05, momentum: 0.9);
        for (int s = 0; s < steps; s++)
        {
            using var scope = NewDisposeScope();
            var (x, y) = DistributedTests.GlobalBatch(s, model);
            long n = x.shape[0] / world;
            var xs = x.narrow(0, rank * n, n);
            var ys = y.narrow(0, rank * n, n);
            opt.zero_grad();
            var loss = nn.functional.cross_entropy(ddp.call(xs), ys);
            loss.backward();
            opt.step();
        }
        if (rank == 0) StateFile.Write(output, net.state_dict());
        double checksum = net.parameters().Sum(p => p.to(ScalarType.Float64).sum().item<double>());
        Print(new { rank, checksum });
        ddp.Dispose();
    }

    /// <summary>All-reduces once every 100 ms for up to a minute, printing each step: the fault tests kill one rank.</summary>
    static void Loop(int rank)
    {
        using var t = ones(4);
        for (int i = 0; i < 600; i++)
        {
            distributed.all_reduce(t);
            t.fill_(1);
            Print(new { rank, step = i });
            Thread.Sleep(100);
        }
    }
}
