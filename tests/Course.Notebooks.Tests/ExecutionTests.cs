using System.Text.Json.Nodes;
using static Course.Notebooks.Tests.NotebookFixture;

namespace Course.Notebooks.Tests;

public sealed class ExecutionTests : IDisposable
{
    readonly NotebookFixture fx = new();

    public void Dispose() => fx.Dispose();

    [Fact]
    public async Task StateIsSharedAcrossCellsAndTrailingExpressionIsAnExecuteResult()
    {
        var path = fx.Write("state.ipynb",
            Code("var x = 40;\nint Twice(int v) => 2 * v;"),
            Code("x += 2;"),
            Code("Twice(x) / 2"));
        var (result, nb) = await fx.RunAsync(path);

        Assert.Equal(NotebookStatus.Passed, result.Status);
        Assert.Equal(3, result.CellsRun);
        Assert.Empty(Outputs(nb, 1));
        Assert.Empty(Outputs(nb, 2));
        var output = Outputs(nb, 3).Single()!.AsObject();
        Assert.Equal("execute_result", (string?)output["output_type"]);
        Assert.Equal(3, (int?)output["execution_count"]);
        Assert.Equal("42", Text(output["data"]!["text/plain"]));
        Assert.Equal(new int?[] { 1, 2, 3 }, nb["cells"]!.AsArray().Select(c => (int?)c!["execution_count"]).ToArray());
    }

    [Fact]
    public async Task ExecutionTimingIsRecordedInCellMetadata()
    {
        var path = fx.Write("timing.ipynb", Code("System.Threading.Thread.Sleep(50);"));
        var (_, nb) = await fx.RunAsync(path);
        var execution = Cell(nb, 1)["metadata"]!["execution"]!;
        var start = DateTime.Parse((string)execution["iopub.execute_input"]!, null, System.Globalization.DateTimeStyles.RoundtripKind);
        var end = DateTime.Parse((string)execution["shell.execute_reply"]!, null, System.Globalization.DateTimeStyles.RoundtripKind);
        Assert.True(end - start >= TimeSpan.FromMilliseconds(50), $"reply {end:O} should be at least 50 ms after input {start:O}");
    }

    [Fact]
    public async Task DisplayAddsOutputsAndUpdateReplacesThemInPlace()
    {
        var path = fx.Write("display.ipynb",
            Code("var first = display(\"one\");\nvar second = display(\"two\");\nfirst.Update(\"one, updated\");"),
            Code("Console.WriteLine(\"between\");\nsecond.Update(HTML(\"<b>two, updated</b>\"));"));
        var (result, nb) = await fx.RunAsync(path);

        Assert.True(result.Passed, result.FailureSummary);
        var outputs = Outputs(nb, 1).Select(o => o!.AsObject()).ToList();
        Assert.Equal(2, outputs.Count);
        Assert.All(outputs, o => Assert.Equal("display_data", (string?)o["output_type"]));
        Assert.Equal("one, updated", Text(outputs[0]["data"]!["text/plain"]));
        Assert.Equal("<b>two, updated</b>", Text(outputs[1]["data"]!["text/html"]));
        Assert.Equal("<b>two, updated</b>", Text(outputs[1]["data"]!["text/plain"]));   // text/plain always rides along
        Assert.Equal("between\n", StreamText(nb, 2, "stdout"));
        Assert.Single(Outputs(nb, 2));
    }

    [Fact]
    public async Task ConsoleWritesBecomeMergedStreamsIncludingOtherThreads()
    {
        var path = fx.Write("streams.ipynb",
            Code("Console.Write(\"a\");\nConsole.Write(\"b\\n\");\nConsole.Error.WriteLine(\"oops\");\n" +
                 "var t = new System.Threading.Thread(() => Console.WriteLine(\"from thread\"));\nt.Start(); t.Join();\n" +
                 "await Task.Run(() => Console.WriteLine(\"from task\"));\nConsole.WriteLine(\"end\");"),
            Code("Console.WriteLine(\"second cell\");"));
        var (result, nb) = await fx.RunAsync(path);

        Assert.True(result.Passed, result.FailureSummary);
        var outputs = Outputs(nb, 1).Select(o => ((string)o!["output_type"]!, (string)o["name"]!, Text(o["text"]))).ToList();
        Assert.Equal(new[]
        {
            ("stream", "stdout", "ab\n"),
            ("stream", "stderr", "oops\n"),
            ("stream", "stdout", "from thread\nfrom task\nend\n"),
        }, outputs);
        Assert.Equal("second cell\n", StreamText(nb, 2, "stdout"));
    }

    [Fact]
    public async Task RuntimeErrorInCellThreeIsReportedWithItsLineAndStopsTheNotebook()
    {
        var path = fx.Write("error.ipynb",
            Markdown("# Intro"),
            Code("int Fail(int n) => throw new InvalidOperationException($\"boom {n}\");"),
            Code("var a = 1;\nvar b = 2;\nFail(a + b);\nConsole.WriteLine(\"not reached\");"),
            Code("Console.WriteLine(\"later\");"));
        var (result, nb) = await fx.RunAsync(path);

        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal(3, result.FailedCell);
        Assert.Equal(3, result.FailedLine);
        Assert.Equal("System.InvalidOperationException", result.ErrorName);
        Assert.Equal("boom 3", result.ErrorMessage);
        Assert.Equal("cell 3, line 3: System.InvalidOperationException: boom 3", result.FailureSummary);

        var error = Outputs(nb, 3).Single()!.AsObject();
        Assert.Equal("error", (string?)error["output_type"]);
        Assert.Equal("System.InvalidOperationException", (string?)error["ename"]);
        Assert.Equal("boom 3", (string?)error["evalue"]);
        Assert.Contains(error["traceback"]!.AsArray(), l => ((string)l!).Contains("cell3.csx:line 3"));
        Assert.Empty(Outputs(nb, 4));
        Assert.Null((int?)Cell(nb, 4)["execution_count"]);
        Assert.Null(Cell(nb, 4)["metadata"]!["execution"]);
    }

    [Fact]
    public async Task CompileErrorIsReportedWithTheDiagnosticLine()
    {
        var path = fx.Write("compile.ipynb",
            Code("var ok = 1;"),
            Code("// comment\nvar fine = 2;\nint bad = \"text\";"),
            Code("var never = 3;"));
        var (result, nb) = await fx.RunAsync(path);

        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal(2, result.FailedCell);
        Assert.Equal(3, result.FailedLine);
        Assert.Equal("CompilationError", result.ErrorName);
        Assert.Contains("CS0029", result.ErrorMessage);
        Assert.Equal("error", (string?)Outputs(nb, 2).Single()!["output_type"]);
        Assert.Null((int?)Cell(nb, 3)["execution_count"]);
    }

    [Fact]
    public async Task CellTimeoutStopsTheNotebook()
    {
        var path = fx.Write("slow.ipynb", Code("Console.WriteLine(\"start\");"), Code("System.Threading.Thread.Sleep(120_000);"), Code("var after = 1;"));
        // generous timeout: the first cell's compilation counts too, and a loaded 2-core machine is slow at it
        var (result, nb) = await fx.RunAsync(path, new RunnerOptions { CellTimeout = TimeSpan.FromSeconds(15) });

        Assert.Equal(NotebookStatus.TimedOut, result.Status);
        Assert.Equal(2, result.FailedCell);
        Assert.Contains("cell timeout of 15 s", result.ErrorMessage);
        Assert.Equal("TimeoutException", (string?)Outputs(nb, 2).Single()!["ename"]);
        Assert.Null((int?)Cell(nb, 3)["execution_count"]);
        Assert.True(result.Duration < TimeSpan.FromSeconds(60), $"took {result.Duration}");
    }

    [Fact]
    public async Task NotebookTimeoutStopsTheNotebook()
    {
        var path = fx.Write("slow2.ipynb", Code("var x = 1;"), Code("System.Threading.Thread.Sleep(15000);"), Code("var y = 2;"));
        var (result, nb) = await fx.RunAsync(path, new RunnerOptions { NotebookTimeout = TimeSpan.FromSeconds(6) });
        Assert.Equal(NotebookStatus.TimedOut, result.Status);
        Assert.Equal(2, result.FailedCell);
        Assert.Contains("notebook timeout of 6 s", result.ErrorMessage);
        Assert.True(result.Duration < TimeSpan.FromSeconds(10), $"took {result.Duration}");
        Assert.Null((int?)Cell(nb, 3)["execution_count"]);
    }

    [Fact]
    public async Task MarkdownCellsAndUnknownMetadataAreKept()
    {
        var markdown = Markdown("# Title\n\nSome *text*.", new JsonObject { ["custom"] = new JsonObject { ["keep"] = new JsonArray(1, 2) } });
        markdown["attachments"] = new JsonObject { ["a.png"] = new JsonObject { ["image/png"] = "iVBORw==" } };
        var polyglotMarkdown = Code("#!markdown\n**bold** text", new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "markdown" } });
        var code = Code("1 + 1", new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
            ["mine"] = "value",
            ["tags"] = new JsonArray("x"),
        });
        var extra = new JsonObject { ["course"] = new JsonObject { ["chapter"] = 3, ["notes"] = "keep me" } };
        var path = fx.WriteWithMetadata("meta.ipynb", extra, markdown.DeepClone().AsObject(), polyglotMarkdown.DeepClone().AsObject(), code.DeepClone().AsObject());
        var (result, nb) = await fx.RunAsync(path);

        Assert.True(result.Passed, result.FailureSummary);
        Assert.True(JsonNode.DeepEquals(markdown, Cell(nb, 1)), Cell(nb, 1).ToJsonString());
        Assert.True(JsonNode.DeepEquals(polyglotMarkdown, Cell(nb, 2)), Cell(nb, 2).ToJsonString());
        Assert.Equal("value", (string?)Cell(nb, 3)["metadata"]!["mine"]);
        Assert.Equal("x", (string?)Cell(nb, 3)["metadata"]!["tags"]![0]);
        Assert.True(JsonNode.DeepEquals(extra["course"], nb["metadata"]!["course"]));
        Assert.Equal("csharp", (string?)nb["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]);
        Assert.Equal(1, (int?)Cell(nb, 3)["execution_count"]);
    }

    [Fact]
    public async Task CellsInAnotherLanguageFailClearly()
    {
        var path = fx.Write("fsharp.ipynb",
            Code("var x = 1;"),
            Code("let x = 1", new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "fsharp" } }));
        var (result, _) = await fx.RunAsync(path);
        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal(2, result.FailedCell);
        Assert.Equal("UnsupportedLanguage", result.ErrorName);
        Assert.Contains("'fsharp'", result.ErrorMessage);
    }

    [Fact]
    public async Task CSharpMagicOverridesTheCellLanguage()
    {
        var path = fx.Write("magic.ipynb",
            Code("#!csharp\n\"csharp\" + \" ran\"", new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "fsharp" } }));
        var (result, nb) = await fx.RunAsync(path);
        Assert.True(result.Passed, result.FailureSummary);
        Assert.Equal("csharp ran", Text(Outputs(nb, 1).Single()!["data"]!["text/plain"]));
    }

    [Fact]
    public async Task ExtraImportsAreAvailable()
    {
        var path = fx.Write("imports.ipynb", Code("StringBuilder sb = new(); Regex.IsMatch(\"abc\", \"b\")"));
        var (result, nb) = await fx.RunAsync(path, new RunnerOptions { Imports = { "System.Text.RegularExpressions" } });
        Assert.True(result.Passed, result.FailureSummary);
        Assert.Equal("True", Text(Outputs(nb, 1).Single()!["data"]!["text/plain"]));
    }

    [Fact]
    public async Task MissingNotebookThrows()
    {
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => NotebookRunner.RunAsync(Path.Combine(fx.Dir, "none.ipynb")));
        Assert.Contains("none.ipynb", e.Message);
    }

    [Fact]
    public async Task NotANotebookThrowsNamingTheProblem()
    {
        var path = Path.Combine(fx.Dir, "v3.ipynb");
        File.WriteAllText(path, "{\"nbformat\": 3, \"cells\": []}");
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => NotebookRunner.RunAsync(path));
        Assert.Contains("expected nbformat 4, got 3", e.Message);
    }

    [Fact]
    public async Task WritesInPlaceWithoutAnOutputDirectory()
    {
        var path = fx.Write("inplace.ipynb", Code("6 * 7"));
        var result = await NotebookRunner.RunAsync(path);
        Assert.Equal(Path.GetFullPath(path), result.OutputPath);
        AssertValidNbformat(path);
        var nb = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.Equal("42", Text(Outputs(nb, 1).Single()!["data"]!["text/plain"]));
    }
}
