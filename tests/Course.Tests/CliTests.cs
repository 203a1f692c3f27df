using Course.TestSupport;
using System.Text.Json;
using Course.Cli;

namespace Course.Tests;

/// <summary>The `course` command line, run in-process through <see cref="Cli.Cli.Run"/>.</summary>
public class CliTests
{
    public CliTests() => TestEnv.EnsureData();

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Course.Cli.Cli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string TempFile(string ext) => Path.Combine(Path.GetTempPath(), $"course-cli-{Guid.NewGuid():N}.{ext}");

    [DataFact("mnist")]
    public void TrainOnATinySubsetWritesTheDocumentedJson()
    {
        var json = TempFile("json");
        try
        {
            var (code, stdout, stderr) = Run("train", "--model", "mnist-cnn", "--dataset", "mnist", "--epochs", "2", "--batch-size", "32",
                "--lr", "0.1", "--limit-train", "256", "--limit-test", "128", "--seed", "1", "--device", "cpu", "--json", json);
            Assert.True(code == 0, stderr);
            Assert.Equal("", stderr);
            Assert.Contains("epoch 1: loss ", stdout);
            Assert.Contains("epoch 2: loss ", stdout);
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var root = doc.RootElement;
            Assert.Equal("mnist-cnn", root.GetProperty("model").GetString());
            Assert.Equal("mnist", root.GetProperty("dataset").GetString());
            Assert.Equal("cpu", root.GetProperty("device").GetString());
            using (var reference = Course.Models.ModelRegistry.Create("mnist-cnn"))
                Assert.Equal(reference.parameters().Sum(p => p.numel()), root.GetProperty("params").GetInt64());
            var epochs = root.GetProperty("epochs").EnumerateArray().ToList();
            Assert.Equal(2, epochs.Count);
            for (int i = 0; i < 2; i++)
            {
                var e = epochs[i];
                Assert.Equal(i + 1, e.GetProperty("epoch").GetInt32());
                foreach (var acc in new[] { "train_acc", "test_acc" }) Assert.InRange(e.GetProperty(acc).GetDouble(), 0, 1);
                foreach (var f in new[] { "train_loss", "test_loss", "examples_per_sec", "seconds" }) Assert.True(e.GetProperty(f).GetDouble() > 0, f);
            }
            // 128 test images: accuracies are multiples of 1/128.
            double testAcc = epochs[1].GetProperty("test_acc").GetDouble();
            Assert.Equal(Math.Round(testAcc * 128), testAcc * 128, 9);
        }
        finally { File.Delete(json); }
    }

    [DataFact("fashion-mnist")]
    public void TrainModeCpuTrainsTheCpuProfileNetworkWithItsSettings()
    {
        var json = TempFile("json");
        try
        {
            var (code, stdout, stderr) = Run("train", "--model", "resnet18-d2l", "--mode", "cpu", "--epochs", "1", "--limit-train", "64",
                "--limit-test", "32", "--device", "cpu", "--json", json);
            Assert.True(code == 0, stderr);
            var run = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
            var cpu = Course.Models.ModelRegistry.Get("resnet18-d2l").For(Course.Models.RunMode.Cpu);
            Assert.Equal(cpu.Name, run.GetProperty("model").GetString());
            Assert.Equal(cpu.Training.Optimizer, run.GetProperty("optimizer").GetString());
            Assert.Equal(cpu.Training.LearningRate, run.GetProperty("lr").GetDouble());
            using var net = cpu.Create();
            Assert.Equal(net.parameters().Sum(p => p.numel()), run.GetProperty("params").GetInt64());
            Assert.Contains($"training {cpu.Name} ", stdout);
        }
        finally { File.Delete(json); }
    }

    [Fact]
    public void AnUnknownRunModeIsOneClearError()
    {
        var (code, _, stderr) = Run("train", "--model", "lenet", "--mode", "gpu");
        Assert.NotEqual(0, code);
        Assert.Contains("Unknown run mode 'gpu': expected auto, full, cpu or smoke", stderr);
        // course run (a process: it runs each notebook in a child of its own executable) refuses before it starts one
        var nb = TempFile("ipynb");
        File.WriteAllText(nb, """{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}""");
        try
        {
            Assert.Equal(0, CliProcess("run", nb).Code);
            var (runCode, runOut, runErr) = CliProcess("run", nb, "--mode", "fast");
            Assert.Equal(2, runCode);
            Assert.Contains("Unknown run mode 'fast': expected auto, full, cpu or smoke", runErr);
            Assert.DoesNotContain("PASS", runOut);
        }
        finally { File.Delete(nb); }
    }

    [Fact]
    public void UnknownModelIsOneLineAndExitCodeOne()
    {
        var (code, stdout, stderr) = Run("train", "--model", "lenet9", "--dataset", "mnist");
        Assert.Equal(1, code);
        var lines = stderr.TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("error: Unknown model 'lenet9'", lines[0]);
        Assert.Contains("lenet", lines[0]);
        Assert.DoesNotContain(" at ", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void UnknownDatasetAndMissingDatasetAreClearErrors()
    {
        var (code, _, stderr) = Run("train", "--model", "lenet", "--dataset", "imagenet-21k", "--device", "cpu");
        Assert.Equal(1, code);
        Assert.StartsWith("error: unknown dataset 'imagenet-21k'", stderr);

        var saved = Environment.GetEnvironmentVariable("COURSE_DATA");
        var empty = Directory.CreateTempSubdirectory("course-nodata-").FullName;
        try
        {
            Environment.SetEnvironmentVariable("COURSE_DATA", empty);
            var (code2, _, stderr2) = Run("train", "--model", "cifar10-cnn", "--dataset", "cifar10", "--device", "cpu", "--epochs", "1");
            Assert.Equal(1, code2);
            Assert.Single(stderr2.TrimEnd().Split('\n'));
            Assert.StartsWith("error: ", stderr2);
            Assert.Contains("not found", stderr2);
        }
        finally
        {
            Environment.SetEnvironmentVariable("COURSE_DATA", saved);
            Directory.Delete(empty, true);
        }
    }

    [Fact]
    public void VerboseAddsTheStackTrace()
    {
        var (code, _, stderr) = Run("train", "--model", "lenet9", "--verbose");
        Assert.Equal(1, code);
        Assert.StartsWith("error: Unknown model", stderr);
        Assert.Contains(" at ", stderr);
    }

    [Fact]
    public void CudaWithoutGpuIsAClearMessage()
    {
        if (TorchSharp.torch.cuda.is_available()) return;   // only meaningful on a machine without a GPU
        var (code, stdout, stderr) = Run("train", "--model", "lenet", "--dataset", "fashion-mnist", "--device", "cuda", "--epochs", "1");
        Assert.Equal(1, code);
        Assert.StartsWith("error: device 'cuda:0' was requested but CUDA is not available", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.DoesNotContain("training", stdout);
    }

    [Fact]
    public void SummaryJsonHasTheDocumentedFields()
    {
        var json = TempFile("json");
        try
        {
            var (code, stdout, stderr) = Run("summary", "--model", "alexnet-imagenet", "--input", "3×227×227", "--classes", "10", "--json", json);
            Assert.True(code == 0, stderr);
            Assert.Contains("Total params", stdout);
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var root = doc.RootElement;
            long total = root.GetProperty("total_params").GetInt64();
            Assert.Equal(total, root.GetProperty("trainable_params").GetInt64());
            var layers = root.GetProperty("layers").EnumerateArray().ToList();
            Assert.NotEmpty(layers);
            foreach (var l in layers)
                foreach (var f in new[] { "name", "type", "output_shape", "params", "macs" }) Assert.True(l.TryGetProperty(f, out _), f);
            Assert.Equal(total, layers.Sum(l => l.GetProperty("params").GetInt64()));
            var last = layers.Last(l => l.GetProperty("output_shape").ValueKind == JsonValueKind.Array);
            Assert.Equal(new long[] { 1, 10 }, last.GetProperty("output_shape").EnumerateArray().Select(v => v.GetInt64()));
        }
        finally { File.Delete(json); }

        var (c2, _, e2) = Run("summary", "--model", "lenet", "--input", "1x28");
        Assert.Equal(1, c2);
        Assert.Contains("--input '1x28'", e2);
    }

    [Fact]
    public void ModelsListsTheRegistry()
    {
        var (code, stdout, _) = Run("models");
        Assert.Equal(0, code);
        foreach (var m in Course.Models.ModelRegistry.Models)
            Assert.Contains(m.Name, stdout);
        Assert.Contains("1×28×28", stdout);
        Assert.Contains("fashion-mnist", stdout);
    }

    [Fact]
    public void RunCommandIsWired()
    {
        var (code, stdout, _) = Run("run", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--smoke", stdout);
    }

    [Fact]
    public void ShapeParserAcceptsBothSeparators()
    {
        Assert.Equal(new long[] { 3, 227, 227 }, SummaryCommand.ParseShape("3x227x227"));
        Assert.Equal(new long[] { 3, 227, 227 }, SummaryCommand.ParseShape("3×227×227"));
        Assert.Throws<ArgumentException>(() => SummaryCommand.ParseShape("3x0x227"));
    }

    /// <summary>
    /// How libtorch's OpenMP workers wait is fixed when libtorch loads, so it is checked in fresh processes of
    /// `course info`: a short spin by default, and the user's choice kept when either variable is set.
    /// </summary>
    [Theory]
    [InlineData(null, null, "[not set]", "300000")]
    [InlineData("PASSIVE", null, "PASSIVE", "[not set]")]
    [InlineData(null, "123", "[not set]", "123")]
    [InlineData("ACTIVE", "5", "ACTIVE", "5")]
    public void OpenMpWaitingIsAShortSpinUnlessTheUserChose(string? policy, string? spin, string expectedPolicy, string expectedSpin)
    {
        var (code, stdout, stderr) = CliProcess(new[] { "info" }, psi =>
        {
            psi.Environment.Remove("OMP_WAIT_POLICY");
            psi.Environment.Remove("GOMP_SPINCOUNT");
            if (policy is not null) psi.Environment["OMP_WAIT_POLICY"] = policy;
            if (spin is not null) psi.Environment["GOMP_SPINCOUNT"] = spin;
        });
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains($"OMP_WAIT_POLICY : {expectedPolicy}\n", stdout);
        Assert.Contains($"GOMP_SPINCOUNT : {expectedSpin}\n", stdout);
    }

    /// <summary>The built CLI in a process of its own (what <c>./course</c> runs).</summary>
    private static (int Code, string Out, string Err) CliProcess(params string[] args) => CliProcess(args, null);

    private static (int Code, string Out, string Err) CliProcess(string[] args, Action<System.Diagnostics.ProcessStartInfo>? configure)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        var dll = Path.Combine(TestEnv.RepoRoot, "lib", "Course.Cli", "bin", configuration, "net10.0", "Course.Cli.dll");
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        configure?.Invoke(psi);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), $"course {string.Join(' ', args)} did not finish in 2 minutes");
        return (p.ExitCode, stdout, stderr.Result);
    }
}
