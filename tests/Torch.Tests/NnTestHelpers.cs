using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Torch.Tests;

/// <summary>Shared helpers of the nn/optim tests: finite differences, tensors from arrays, running Debian's PyTorch.</summary>
internal static class NnTestHelpers
{
    public static Tensor T(double[] data, params long[] shape) => tensor(data, shape);

    public static Tensor RandD(int seed, params long[] shape)
    {
        var rng = new Random(seed);
        long n = shape.Aggregate(1L, (a, b) => a * b);
        var d = new double[n];
        for (int i = 0; i < n; i++) d[i] = rng.NextDouble() * 2 - 1;
        return tensor(d, shape);
    }

    public static void AssertClose(double[] expected, double[] actual, double tol, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= tol * (1 + Math.Abs(expected[i]))))
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (tol {tol})");
    }

    /// <summary>
    /// Checks d(loss)/d(t) for every tensor in <paramref name="wrt"/> (float64 leaves with requires_grad) against central
    /// differences of <paramref name="loss"/> (which must return a scalar and may be evaluated many times).
    /// </summary>
    public static void GradCheck(Func<Tensor> loss, IList<Tensor> wrt, double h = 1e-6, double tol = 1e-6)
    {
        foreach (var t in wrt) { using var g = t.grad; g?.zero_(); }
        using (var scope = NewDisposeScope()) loss().backward();
        for (int k = 0; k < wrt.Count; k++)
        {
            var t = wrt[k];
            using var gt = t.grad;
            Assert.NotNull(gt);
            var analytic = gt!.data<double>().ToArray();
            var values = t.data<double>().ToArray();
            var numeric = new double[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                double f(double v)
                {
                    using var scope = NewDisposeScope();
                    using var _ = no_grad();
                    var copy = (double[])values.Clone();
                    copy[i] = v;
                    t.copy_(tensor(copy, t.shape));
                    return loss().item<double>();
                }
                numeric[i] = (f(values[i] + h) - f(values[i] - h)) / (2 * h);
            }
            using (no_grad()) t.copy_(tensor(values, t.shape));
            AssertClose(numeric, analytic, tol, $"grad of input #{k}");
        }
    }

    /// <summary>A weighted sum of all elements, so that every output element's gradient matters.</summary>
    public static Tensor WeightedSum(Tensor y, int seed = 99)
    {
        using var w = RandD(seed, y.shape);
        return (y * w).sum();
    }

    /// <summary>The repository root (folder holding tests/Torch.Tests), found from the test binary's folder.</summary>
    public static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (Directory.Exists(Path.Combine(d.FullName, "tests", "Torch.Tests", "python"))) return d.FullName;
        throw new DirectoryNotFoundException($"tests/Torch.Tests/python not found above {AppContext.BaseDirectory}");
    }

    public const string Python = "/usr/bin/python3";

    /// <summary>Runs a script of tests/Torch.Tests/python with Debian's PyTorch; returns stdout, fails the test on error.</summary>
    public static string RunPython(string script, params string[] args)
    {
        var psi = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.Combine(RepoRoot(), "tests", "Torch.Tests", "python"),
        };
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["OMP_NUM_THREADS"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); Assert.Fail($"{script} timed out"); }
        if (p.ExitCode != 0) Assert.Fail($"{script} failed with exit code {p.ExitCode}:\n{stderr.Result}");
        return stdout.Result;
    }
}
