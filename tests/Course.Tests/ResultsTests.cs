using System.Text.Json.Nodes;
using TorchSharp;

namespace Course.Tests;

public sealed class ResultsTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("results-").FullName;
    readonly string? savedResults = Environment.GetEnvironmentVariable("COURSE_RESULTS");
    readonly string? savedCommit = Environment.GetEnvironmentVariable("COURSE_COMMIT");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("COURSE_RESULTS", savedResults);
        Environment.SetEnvironmentVariable("COURSE_COMMIT", savedCommit);
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void RecordsAreStampedWithCommitLibtorchDeviceAndThreads()
    {
        Environment.SetEnvironmentVariable("COURSE_RESULTS", dir);
        Environment.SetEnvironmentVariable("COURSE_COMMIT", "0123456789ab");
        Results.Record("02-lenet-fashion-mnist", "lenet", "fashion-mnist", "test_acc", 0.8, 10, smoke: false, "cpu", 75);
        Results.Record("02-lenet-fashion-mnist", "lenet", "fashion-mnist", "test_acc", 0.5, 1, smoke: true, "cpu", 2);

        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "02-lenet-fashion-mnist.json")))!.AsArray();
        Assert.Equal(2, file.Count);   // a smoke run never replaces a full run's number
        var full = file.Single(r => !(bool)r!["smoke"]!)!;
        Assert.Equal("0123456789ab", (string?)full["commit"]);
        Assert.Equal(torch.__version__, (string?)full["libtorch"]);
        Assert.Equal(torch.get_num_threads(), (int?)full["threads"]);
        var loaded = Results.LoadFrom(dir).Single(r => !r.Smoke);
        Assert.Equal($"commit 0123456789ab, {loaded.When:yyyy-MM-dd}, libtorch {torch.__version__}, cpu, {torch.get_num_threads()} thread(s)", loaded.Stamp);

        Environment.SetEnvironmentVariable("COURSE_COMMIT", null);
        Assert.Null(Results.Record("03-lenet5-as-published", "lenet5", "mnist", "test_acc", 0.98, 5, false).Commit);
    }
}
