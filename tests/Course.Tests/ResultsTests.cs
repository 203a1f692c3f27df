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

    [Fact]
    public void EachModeKeepsItsOwnNumberAndOldRecordsReadAsFullOrSmoke()
    {
        Environment.SetEnvironmentVariable("COURSE_RESULTS", dir);
        Results.Record("08-resnet", "resnet18-d2l-cpu", "fashion-mnist", "test_acc", 0.91, 3, Course.Models.RunMode.Cpu, "cpu", 240, "28×28, 3 epochs");
        Results.Record("08-resnet", "resnet18-d2l-cpu", "fashion-mnist", "test_acc", 0.40, 1, Course.Models.RunMode.Smoke, "cpu", 9);
        Results.Record("08-resnet", "resnet18-d2l-cpu", "fashion-mnist", "test_acc", 0.92, 3, Course.Models.RunMode.Cpu, "cpu", 250, "28×28, 3 epochs");
        var loaded = Results.LoadFrom(dir);
        Assert.Equal(2, loaded.Count);                                   // the second CPU run replaced the first, not the smoke run
        var cpu = loaded.Single(r => r.RunMode == Course.Models.RunMode.Cpu);
        Assert.Equal((0.92, "cpu", "28×28, 3 epochs", false), (cpu.Value, cpu.Mode, cpu.Setting, cpu.Smoke));
        Assert.True(loaded.Single(r => r.Value == 0.40).Smoke);

        // a record written before the CPU profile has no "mode": its smoke flag decides
        File.WriteAllText(Path.Combine(dir, "02-old.json"), """
            [{"notebook":"02-old","model":"lenet","dataset":"fashion-mnist","metric":"test_acc","value":0.8,"epochs":10,"smoke":false,"device":"cpu","seconds":60,"when":"2026-11-01T00:00:00Z"},
             {"notebook":"02-old","model":"lenet","dataset":"fashion-mnist","metric":"test_acc","value":0.3,"epochs":1,"smoke":true,"device":"cpu","seconds":6,"when":"2026-11-01T00:00:00Z"}]
            """);
        var old = Results.LoadFrom(dir).Where(r => r.Notebook == "02-old").Select(r => r.RunMode).ToArray();
        Assert.Equal(new[] { Course.Models.RunMode.Full, Course.Models.RunMode.Smoke }, old);
    }
}
