using System.Text.Json.Nodes;
using static Course.Notebooks.Tests.NotebookFixture;

namespace Course.Notebooks.Tests;

/// <summary><see cref="RunnerOptions.SkipCells"/> and <see cref="RunnerOptions.ContinueOnError"/>.</summary>
public sealed class SkipAndContinueTests : IDisposable
{
    readonly NotebookFixture fx = new();

    public void Dispose() => fx.Dispose();

    [Fact]
    public async Task ASkippedCellIsNotRunAndKeepsANoteWithTheReason()
    {
        var path = fx.Write("skip.ipynb",
            Markdown("# title"),
            Code("var n = 1;"),
            Code("n = 100;\nthrow new Exception(\"must not run\");"),
            Code("n"));
        var (result, nb) = await fx.RunAsync(path, new RunnerOptions { SkipCells = { ["3"] = "needs a CUDA device" } });

        Assert.True(result.Passed, result.FailureSummary);
        Assert.Equal((2, 1), (result.CellsRun, result.CellsSkipped));
        Assert.Equal("Not run: skipped by the runner (needs a CUDA device)\n", StreamText(nb, 3, "stdout"));
        Assert.Single(Outputs(nb, 3));
        Assert.Null(Cell(nb, 3)["execution_count"]);
        Assert.Equal(2, (int)Cell(nb, 4)["execution_count"]!);
        Assert.Equal("1", Text(Outputs(nb, 4).Single()!["data"]!["text/plain"]));
    }

    [Fact]
    public async Task CellsCanBeSkippedByIdInNbformat45()
    {
        var path = fx.Write("ids.ipynb", Code("var n = 1;"), Code("n = 2;"), Code("n"));
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        root["nbformat_minor"] = 5;
        foreach (var (cell, i) in root["cells"]!.AsArray().Select((c, i) => (c!.AsObject(), i))) cell["id"] = $"cell-{i + 1}";
        File.WriteAllText(path, root.ToJsonString());

        var (result, nb) = await fx.RunAsync(path, new RunnerOptions { SkipCells = { ["cell-2"] = "not today" } });

        Assert.True(result.Passed, result.FailureSummary);
        Assert.Equal("Not run: skipped by the runner (not today)\n", StreamText(nb, 2, "stdout"));
        Assert.Equal("1", Text(Outputs(nb, 3).Single()!["data"]!["text/plain"]));
    }

    [Theory]
    [InlineData("9", "skip cell 9: the notebook has cells 1 to 2")]
    [InlineData("0", "skip cell 0: the notebook has cells 1 to 2")]
    [InlineData("1", "skip cell 1: cell 1 is not a code cell")]
    [InlineData("cell-x", "skip cell 'cell-x': no cell has this id (cells are named by number or id)")]
    public async Task AnExclusionThatNamesNoCodeCellIsAnError(string cell, string message)
    {
        var path = fx.Write("stale.ipynb", Markdown("# title"), Code("1 + 1"));
        var e = await Assert.ThrowsAsync<ArgumentException>(() => NotebookRunner.RunAsync(path,
            new RunnerOptions { SkipCells = { [cell] = "reason" }, WriteNotebook = false }));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public async Task ContinueOnErrorRunsEveryCellAndReportsEachFailure()
    {
        var path = fx.Write("continue.ipynb",
            Code("var a = 1;"),
            Code("a = 2;\nthrow new InvalidOperationException(\"boom\");"),
            Code("var b = 1;\nint c = \"text\";"),
            Code("a + 40"));
        var (result, nb) = await fx.RunAsync(path, new RunnerOptions { ContinueOnError = true });

        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal(4, result.CellsRun);
        Assert.Equal(2, result.Failures.Count);
        Assert.Equal("cell 2, line 2: System.InvalidOperationException: boom", result.Failures[0].ToString());
        Assert.Equal((3, 2, "CompilationError"), (result.Failures[1].Cell, result.Failures[1].Line, result.Failures[1].ErrorName));
        Assert.Contains("error CS0029", result.Failures[1].ErrorMessage);   // cannot convert string to int
        Assert.Equal((2, 2, "System.InvalidOperationException"), (result.FailedCell, result.FailedLine, result.ErrorName));   // the first failure
        Assert.Equal("42", Text(Outputs(nb, 4).Single()!["data"]!["text/plain"]));   // the assignment before the throw stays
        Assert.Equal(4, (int)Cell(nb, 4)["execution_count"]!);
    }

    [Fact]
    public async Task WithoutContinueOnErrorTheFirstFailureStopsTheNotebook()
    {
        var path = fx.Write("stop.ipynb", Code("throw new InvalidOperationException(\"boom\");"), Code("1"));
        var (result, nb) = await fx.RunAsync(path);

        Assert.Single(result.Failures);
        Assert.Equal(1, result.CellsRun);
        Assert.Null(Cell(nb, 2)["execution_count"]);
    }
}
