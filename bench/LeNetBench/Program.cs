// LeNet training throughput: this binding (C#) vs Python PyTorch on the same libtorch, alternating runs.
// usage: dotnet run -c Release --project bench/LeNetBench -- [--steps N] [--warmup N] [--rounds N] [--batch N] [--threads N]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

var opts = Options.Parse(args);
set_num_threads(opts.Threads);
Console.WriteLine($"LeNet (d2l), SGD lr 0.9, synthetic batch {opts.Batch}x1x28x28, {opts.Steps} timed steps after {opts.Warmup} warm-up steps, " +
    $"{opts.Threads} thread(s), libtorch {__version__}, python {opts.Python}");

var cs = new List<double>();
var py = new List<double>();
for (int r = 1; r <= opts.Rounds; r++)
{
    var (csRate, csLoss) = RunCSharp(opts, seed: r);
    cs.Add(csRate);
    Console.WriteLine($"round {r}  C#     {csRate,10:F0} images/s  (final loss {csLoss:F4})");
    var (pyRate, pyLoss) = RunPython(opts, seed: r);
    py.Add(pyRate);
    Console.WriteLine($"round {r}  Python {pyRate,10:F0} images/s  (final loss {pyLoss:F4})");
}
double Median(List<double> v) { var s = v.OrderBy(x => x).ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
Console.WriteLine($"median  C# {Median(cs):F0} images/s, Python {Median(py):F0} images/s, ratio C#/Python {Median(cs) / Median(py):F3}");

static (double rate, double loss) RunCSharp(Options o, int seed)
{
    manual_seed(seed);
    using var net = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding: 2), nn.Sigmoid(), nn.AvgPool2d(2, 2),
        nn.Conv2d(6, 16, 5), nn.Sigmoid(), nn.AvgPool2d(2, 2), nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(), nn.Linear(120, 84), nn.Sigmoid(), nn.Linear(84, 10));
    using var opt = optim.SGD(net.parameters(), 0.9);
    using var lossFn = nn.CrossEntropyLoss();
    using var x = randn(o.Batch, 1, 28, 28);
    using var y = randint(0, 10, new long[] { o.Batch });
    double lastLoss = double.NaN;
    void Step(bool read)
    {
        using var scope = NewDisposeScope();
        opt.zero_grad();
        var loss = lossFn.call(net.call(x), y);
        loss.backward();
        opt.step();
        if (read) lastLoss = loss.item<float>();
    }
    for (int i = 0; i < o.Warmup; i++) Step(false);
    var sw = Stopwatch.StartNew();
    for (int i = 0; i < o.Steps; i++) Step(i == o.Steps - 1);
    sw.Stop();
    return (o.Steps * o.Batch / sw.Elapsed.TotalSeconds, lastLoss);
}

static (double rate, double loss) RunPython(Options o, int seed)
{
    var script = Path.Combine(AppContext.BaseDirectory, "lenet_bench.py");
    var psi = new ProcessStartInfo(o.Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var a in new object[] { script, o.Steps, o.Warmup, o.Batch, o.Threads, seed })
        psi.ArgumentList.Add(Convert.ToString(a, CultureInfo.InvariantCulture)!);
    psi.Environment["OMP_NUM_THREADS"] = o.Threads.ToString(CultureInfo.InvariantCulture);
    using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {o.Python}");
    var err = p.StandardError.ReadToEndAsync();
    var line = p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"{o.Python} {script} failed ({p.ExitCode}): {err.Result}");
    using var doc = JsonDocument.Parse(line);
    return (doc.RootElement.GetProperty("images_per_s").GetDouble(), doc.RootElement.GetProperty("loss").GetDouble());
}

sealed record Options(int Steps, int Warmup, int Rounds, int Batch, int Threads, string Python)
{
    public static Options Parse(string[] args)
    {
        int threads = int.TryParse(Environment.GetEnvironmentVariable("COURSE_THREADS"), out var t) && t > 0 ? t : Environment.ProcessorCount;
        var o = new Options(20, 3, 3, 256, threads, "/usr/bin/python3");
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() { var s = Next(); return int.TryParse(s, out var v) && v > 0 ? v : throw new ArgumentException($"{args[i - 1]} expects a positive integer, got '{s}'"); }
            o = args[i] switch
            {
                "--steps" => o with { Steps = Int() },
                "--warmup" => o with { Warmup = Int() },
                "--rounds" => o with { Rounds = Int() },
                "--batch" => o with { Batch = Int() },
                "--threads" => o with { Threads = Int() },
                "--python" => o with { Python = Next() },
                _ => throw new ArgumentException($"unknown option '{args[i]}' (expected --steps, --warmup, --rounds, --batch, --threads, --python)"),
            };
        }
        return o;
    }
}
