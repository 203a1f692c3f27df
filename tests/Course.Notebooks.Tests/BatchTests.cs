using System.Text.Json.Nodes;
using static Course.Notebooks.Tests.NotebookFixture;

namespace Course.Notebooks.Tests;

public sealed class BatchTests : IDisposable
{
    readonly NotebookFixture fx = new();

    public void Dispose() => fx.Dispose();

    [Fact]
    public void FoldersExpandToNotebooksInNameOrder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(fx.Dir, "nbs")).FullName;
        foreach (var name in new[] { "b.ipynb", "a.ipynb", "notes.txt", "10.ipynb" }) File.WriteAllText(Path.Combine(folder, name), "{}");
        var single = fx.Write("single.ipynb");
        var paths = BatchRunner.ExpandPaths([folder, single]);
        Assert.Equal(new[] { "10.ipynb", "a.ipynb", "b.ipynb", "single.ipynb" }, paths.Select(Path.GetFileName));
        var e = Assert.Throws<FileNotFoundException>(() => BatchRunner.ExpandPaths([Path.Combine(fx.Dir, "nope")]));
        Assert.Contains("nope", e.Message);
    }

    [Fact]
    public async Task NotebooksRunInChildProcesses()
    {
        var good = fx.Write("good.ipynb",
            Code("var smoke = false;", Tagged("parameters")),
            Code("$\"{smoke} {Environment.ProcessId} {Environment.CurrentDirectory}\""));
        var bad = fx.Write("bad.ipynb", Code("var x = 1;"), Code("throw new InvalidOperationException(\"child failure\");"));
        var outDir = Path.Combine(fx.Dir, "executed");
        var options = new BatchOptions
        {
            Jobs = 2,
            Runner = new RunnerOptions { OutputDirectory = outDir, Parameters = { ["smoke"] = "true" } },
            ChildCommand = [NuGetRestorer.DotnetHost(), typeof(Program).Assembly.Location, Program.ChildFlag],
        };
        var seen = new List<string>();
        var results = await BatchRunner.RunAsync([good, bad], options, r => seen.Add(Path.GetFileName(r.Path)));

        Assert.Equal(2, seen.Count);
        Assert.True(results[0].Passed, results[0].FailureSummary);
        Assert.Equal(NotebookStatus.Failed, results[1].Status);
        // bad.ipynb has no parameters cell, so the injected cell went first: the failing cell is cell 3 of the executed notebook.
        Assert.Equal(3, results[1].FailedCell);
        Assert.Equal(1, results[1].FailedLine);
        Assert.Equal("child failure", results[1].ErrorMessage);

        var executed = Path.Combine(outDir, "good.ipynb");
        AssertValidNbformat(executed);
        AssertValidNbformat(Path.Combine(outDir, "bad.ipynb"));
        var text = Text(Outputs(JsonNode.Parse(File.ReadAllText(executed))!.AsObject(), 3).Single()!["data"]!["text/plain"]).Split(' ', 3);
        Assert.Equal("True", text[0]);
        Assert.NotEqual(Environment.ProcessId.ToString(), text[1]);
        Assert.Equal(fx.Dir.TrimEnd('/'), text[2].TrimEnd('/'));
    }

    [Fact]
    public async Task AChildThatDiesIsReportedAsCrashed()
    {
        var nb = fx.Write("exit.ipynb", Code("Environment.Exit(3);"));
        var options = new BatchOptions
        {
            Runner = new RunnerOptions { OutputDirectory = Path.Combine(fx.Dir, "o") },
            ChildCommand = [NuGetRestorer.DotnetHost(), typeof(Program).Assembly.Location, Program.ChildFlag],
        };
        var result = (await BatchRunner.RunAsync([nb], options)).Single();
        Assert.Equal(NotebookStatus.Crashed, result.Status);
        Assert.Contains("exit code 3", result.ErrorMessage);
    }
}
