using System.Text.Json.Nodes;
using Course.Notebooks;

namespace Course.Tests;

/// <summary>
/// libtorch's grad mode and the binding's dispose scopes are thread-local. The batch runner (like the Jupyter kernel,
/// tested in tests/jupyter) runs every cell and every await continuation on one session thread, so <c>no_grad()</c>
/// holds across an <c>await</c> and grad mode set in one cell is the mode of the next — as in PyTorch.
/// </summary>
public sealed class NotebookSessionThreadTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("runner-torch-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    static JsonObject Code(string source) => new()
    {
        ["cell_type"] = "code", ["execution_count"] = null, ["metadata"] = new JsonObject(), ["outputs"] = new JsonArray(),
        ["source"] = source,
    };

    [Fact]
    public async Task GradModeAndDisposeScopesFollowTheCellsAcrossAwaits()
    {
        var torchDll = Path.Combine(AppContext.BaseDirectory, "Torch.dll");
        var cells = new[]
        {
            $"#r \"{torchDll}\"\nusing TorchSharp;\nusing static TorchSharp.torch;",
            "var w = ones(3); w.requires_grad = true; Tensor y;",
            "using (no_grad()) { await Task.Delay(50); y = w * 2; }\ny.requires_grad",   // 3: False
            "(w * 2).requires_grad",                                                     // 4: True
            "var guard = no_grad();",
            "is_grad_enabled()",                                                         // 6: False
            "guard.Dispose(); is_grad_enabled()",                                        // 7: True
            "Tensor made;\nusing (NewDisposeScope()) { await Task.Delay(20); made = ones(2); }\nmade.IsInvalid",   // 8: True
        };
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(cells.Select(c => (JsonNode?)Code(c)).ToArray()),
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["language"] = "C#", ["display_name"] = ".NET (C#)" } },
            ["nbformat"] = 4, ["nbformat_minor"] = 4,
        };
        var path = Path.Combine(dir, "grad.ipynb");
        File.WriteAllText(path, notebook.ToJsonString());

        var result = await NotebookRunner.RunAsync(path, new RunnerOptions { OutputDirectory = Path.Combine(dir, "out") });
        Assert.True(result.Passed, result.FailureSummary);
        var executed = JsonNode.Parse(File.ReadAllText(result.OutputPath!))!["cells"]!.AsArray();
        string Value(int cell) => string.Concat(executed[cell - 1]!["outputs"]!.AsArray().Single()!["data"]!["text/plain"]!.AsArray().Select(l => (string)l!));
        Assert.Equal("False", Value(3));
        Assert.Equal("True", Value(4));
        Assert.Equal("False", Value(6));
        Assert.Equal("True", Value(7));
        Assert.Equal("True", Value(8));
    }
}
