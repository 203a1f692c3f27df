using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests;

/// <summary>Test environment: points COURSE_DATA at the shared real datasets when unset, builds small models.</summary>
internal static class TestEnv
{

    /// <summary>The repository root (folder holding data/manifest.json).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>Sets COURSE_DATA to ../shared/data (beside the repository) when it is not set and that folder exists.</summary>
    public static void EnsureData() => Course.TestSupport.DataAvailability.UseSharedData();

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var d = new DirectoryInfo(start); d != null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "data", "manifest.json"))) return d.FullName;
        throw new InvalidOperationException($"repository root (with data/manifest.json) not found above {AppContext.BaseDirectory}");
    }

    /// <summary>A tiny CNN for 1×8×8 inputs and 3 classes (with dropout, so seeding matters).</summary>
    public static nn.Module<Tensor, Tensor> TinyNet() => nn.Sequential(
        nn.Conv2d(1, 4, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Dropout(0.2), nn.Linear(4 * 4 * 4, 3));

    /// <summary>A learnable synthetic problem: class c has a bright c-th row band; n examples, 1×8×8.</summary>
    public static (Tensor x, Tensor y) Synthetic(int n, int seed)
    {
        var rng = new Random(seed);
        var data = new float[n * 64];
        var labels = new long[n];
        for (int i = 0; i < n; i++)
        {
            int c = rng.Next(3);
            labels[i] = c;
            for (int j = 0; j < 64; j++) data[i * 64 + j] = (float)(rng.NextDouble() * 0.5);
            for (int r = c * 2; r < c * 2 + 2; r++) for (int col = 0; col < 8; col++) data[i * 64 + r * 8 + col] += 0.8f;
        }
        var x = tensor(data, new long[] { n, 1, 8, 8 }).DetachFromDisposeScope();
        var y = tensor(labels, new long[] { n }).DetachFromDisposeScope();
        return (x, y);
    }
}
