using Course.TestSupport;
using System.Text.Json;

namespace Course.Tests;

/// <summary>
/// <c>course train --nproc N</c>: the launcher starts N worker processes of the CLI on Gloo over 127.0.0.1, rank 0
/// prints and writes the history; metrics are over all ranks.
/// </summary>
[Collection("data-parallel")]
public class DataParallelTests
{
    public DataParallelTests() => TestEnv.EnsureData();

    static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Course.Cli.Cli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    static string[] Tiny(params string[] more) => new[] { "train", "--model", "mnist-cnn", "--dataset", "mnist", "--epochs", "2",
        "--lr", "0.1", "--limit-train", "1024", "--limit-test", "500", "--seed", "3", "--device", "cpu" }.Concat(more).ToArray();

    [DataFact("mnist")]
    public void TwoWorkersTrainOnDisjointHalvesAndRank0Reports()
    {
        var json = Path.Combine(Path.GetTempPath(), $"course-ddp-{Guid.NewGuid():N}.json");
        try
        {
            var (code, stdout, stderr) = Run(Tiny("--batch-size", "32", "--nproc", "2", "--master-port", $"{DataParallel.FreePort()}", "--json", json));
            Assert.True(code == 0, stderr + stdout);
            Assert.Contains("data-parallel: 2 processes (gloo), 32 per process, global batch 64; each process trains on 512 images per epoch", stdout);
            // rank 0 alone speaks: one header, one line per epoch
            Assert.Equal(1, stdout.Split('\n').Count(l => l.StartsWith("training mnist-cnn", StringComparison.Ordinal)));
            Assert.Equal(1, stdout.Split('\n').Count(l => l.StartsWith("epoch 2:", StringComparison.Ordinal)));
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var root = doc.RootElement;
            Assert.Equal(2, root.GetProperty("world_size").GetInt32());
            Assert.Equal("gloo", root.GetProperty("backend").GetString());
            Assert.Equal(1024, root.GetProperty("train_examples").GetInt32());
            Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), root.GetProperty("threads").GetInt32());   // the cores shared by the workers
            var last = root.GetProperty("epochs")[1];
            Assert.True(last.GetProperty("test_acc").GetDouble() > 0.5, $"test acc {last.GetProperty("test_acc").GetDouble()}");

            // the same global batch on one process learns alike (BatchNorm sees half-batches on two ranks: close, not equal)
            var one = Path.Combine(Path.GetTempPath(), $"course-ddp-{Guid.NewGuid():N}.json");
            var (c1, _, e1) = Run(Tiny("--batch-size", "64", "--json", one));
            Assert.True(c1 == 0, e1);
            using var doc1 = JsonDocument.Parse(File.ReadAllText(one));
            File.Delete(one);
            double a1 = doc1.RootElement.GetProperty("epochs")[1].GetProperty("test_acc").GetDouble();
            Assert.InRange(last.GetProperty("test_acc").GetDouble(), a1 - 0.1, a1 + 0.1);
        }
        finally { if (File.Exists(json)) File.Delete(json); }
    }

    [Fact]
    public void LauncherOptionsAreChecked()
    {
        var (code, _, err) = Run("train", "--model", "mnist-cnn", "--nproc", "2", "--nnodes", "2", "--node-rank", "2");
        Assert.Equal(1, code);
        Assert.Contains("--node-rank must be in [0, 2), got 2", err);
        (code, _, err) = Run("train", "--model", "mnist-cnn", "--nproc", "2", "--master-port", "70000");
        Assert.Equal(1, code);
        Assert.Contains("--master-port must be in 1..65535, got 70000", err);
    }

    [Fact]
    public void WorkerArgsDropOnlyTheLaunchersOptions()
    {
        var args = Course.Cli.TrainCommand.WorkerArgs(new[] { "train", "--model", "x", "--nproc", "2", "--master-port=123", "--nnodes", "1", "--epochs", "3" });
        Assert.Equal(new[] { "train", "--model", "x", "--epochs", "3" }, args);
    }
}
