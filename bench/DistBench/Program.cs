// Data-parallel training on this machine: 1 vs 2 processes (Gloo) for d2l's LeNet and ResNet-18 through
// `course train --nproc N` (the same global batch, split), and the communication time of one step: the all-reduce of
// every gradient of the model, in DDP's 25 MB buckets, between 2 processes.
// Usage: dotnet run -c Release --project bench/DistBench [-- --resnet-images N --lenet-epochs N --steps N]
//        (needs the course CLI built: ./course build; datasets as for ./course test)
using System.Diagnostics;
using System.Globalization;
using Course;
using Course.Models;
using TorchSharp;
using static TorchSharp.torch;

if (args.Length > 0 && args[0] == "allreduce") return AllReduceWorker(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
if (DataParallel.Current() is not null) { Console.Error.WriteLine("DistBench: started as a worker without the allreduce scenario"); return 2; }

int Arg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
int resnetImages = Arg("--resnet-images", 6400), lenetEpochs = Arg("--lenet-epochs", 1), steps = Arg("--steps", 20);

var models = new (string Name, string Label, string[] Args)[]
{
    ("lenet", "LeNet (d2l), Fashion-MNIST 28 px, global batch 256",
        new[] { "--model", "lenet", "--epochs", $"{lenetEpochs}", "--lr", "0.9" }),
    ("resnet18-d2l", $"ResNet-18 (d2l), Fashion-MNIST 28 px, global batch 128, {resnetImages:N0} images",
        new[] { "--model", "resnet18-d2l", "--resize", "28", "--epochs", "1", "--lr", "0.05", "--limit-train", $"{resnetImages}", "--limit-test", "1000" }),
};
Console.WriteLine($"DistBench: {Environment.ProcessorCount} cores, libtorch {torch.__version__}; each worker gets cores / processes threads");
Console.WriteLine();
Console.WriteLine("| model | processes | batch per process | threads per process | training images/s | epoch s | comm per step (ms) | test acc |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var (name, label, extra) in models)
{
    int global = name == "lenet" ? 256 : 128;
    double? comm = null;
    foreach (int n in new[] { 1, 2 })
    {
        var run = DataParallel.CourseTrain(n, extra.Concat(new[] { "--batch-size", $"{global / n}", "--seed", "0" }), output: TextWriter.Null);
        if (n == 2) comm = CommMilliseconds(name, steps);
        var last = run.Epochs[^1];
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1} | {2} | {3} | {4:N0} | {5:F1} | {6} | {7:F3} |",
            label, n, global / n, run.Run["threads"], last.ExamplesPerSec, last.Seconds, n == 1 ? "—" : $"{comm:F2}", last.TestAcc));
    }
}
return 0;

// The median time of one all-reduce of the model's gradients (25 MB buckets, as DDP), measured on 2 workers.
static double CommMilliseconds(string model, int steps)
{
    var (exe, self) = DataParallel.Self(System.Reflection.Assembly.GetExecutingAssembly());
    var output = new StringWriter();
    int rc = DataParallel.Launch(exe, self.Concat(new[] { "allreduce", model, $"{steps}" }).ToList(), 2, masterPort: DataParallel.FreePort(), output: output);
    if (rc != 0) throw new InvalidOperationException($"the all-reduce workers failed ({rc})");
    var line = output.ToString().Split('\n').First(l => l.StartsWith("median_ms ", StringComparison.Ordinal));
    return double.Parse(line["median_ms ".Length..], CultureInfo.InvariantCulture);
}

static int AllReduceWorker(string model, int steps)
{
    distributed.init_process_group("gloo", timeout: TimeSpan.FromMinutes(2));
    try
    {
        var info = ModelRegistry.Get(model);
        using var net = info.Create();
        // the gradients as DDP's buckets hold them: one flat float32 tensor per 25 MB
        long total = net.parameters().Sum(p => p.numel());
        long perBucket = 25L * 1024 * 1024 / 4;
        var buckets = new List<Tensor>();
        for (long left = total; left > 0; left -= perBucket) buckets.Add(ones(Math.Min(left, perBucket)));
        var times = new List<double>();
        for (int s = 0; s <= steps; s++)
        {
            distributed.barrier();
            var clock = Stopwatch.StartNew();
            foreach (var b in buckets) distributed.all_reduce(b);
            clock.Stop();
            if (s > 0) times.Add(clock.Elapsed.TotalMilliseconds);   // the first is a warm-up
        }
        times.Sort();
        if (distributed.get_rank() == 0)
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "median_ms {0:F3}", times[times.Count / 2]));
        foreach (var b in buckets) b.Dispose();
        return 0;
    }
    finally { distributed.destroy_process_group(); }
}
