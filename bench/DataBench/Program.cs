// Loader throughput on Fashion-MNIST: images/s for batches of 256, plain and with Resize(224).
// Usage: dotnet run -c Release --project bench/DataBench [-- --epochs-plain N --batches-resize N --prefetch N]
using System.Diagnostics;
using Course.Data;
using TorchSharp;

int Arg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
}
int epochsPlain = Arg("--epochs-plain", 3), batchesResize = Arg("--batches-resize", 40), prefetch = Arg("--prefetch", 3);

var sw = Stopwatch.StartNew();
var train = Datasets.FashionMNIST(train: true, download: false);
Console.WriteLine($"Loaded {train.Description} in {sw.Elapsed.TotalSeconds:F2} s (libtorch threads: {torch.get_num_threads()})");

double Measure(string label, DataLoader loader, int epochs)
{
    // One warm-up batch, then timed epochs; each batch is touched (sum) so nothing is skipped lazily.
    foreach (var (x, _) in loader) { x.sum().Dispose(); break; }
    long images = 0;
    var t = Stopwatch.StartNew();
    for (int e = 0; e < epochs; e++)
        foreach (var (x, y) in loader) { images += x.size(0); }
    double rate = images / t.Elapsed.TotalSeconds;
    Console.WriteLine($"{label,-44} {images,8} images  {t.Elapsed.TotalSeconds,7:F2} s  {rate,10:N0} images/s");
    return rate;
}

Measure("batch 256, shuffle, no transform", new DataLoader(train, 256, shuffle: true, prefetch: prefetch), epochsPlain);
Measure("batch 256, shuffle, no transform, no prefetch", new DataLoader(train, 256, shuffle: true, prefetch: 0), epochsPlain);
Measure("batch 256, shuffle, Resize(224)",
    new DataLoader(train, 256, shuffle: true, prefetch: prefetch, limit: 256 * batchesResize, transform: Transforms.Resize(224)), 1);
Measure("batch 256, shuffle, Normalize + RandomCrop(28, 2) + flip",
    new DataLoader(train, 256, shuffle: true, prefetch: prefetch, transform: Transforms.Compose(
        Transforms.Normalize([0.2860], [0.3530]), Transforms.RandomCrop(28, 2), Transforms.RandomHorizontalFlip())), 1);
