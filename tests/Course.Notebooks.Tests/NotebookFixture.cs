using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Course.Notebooks.Tests;

/// <summary>Builds notebook files in a temp folder, runs them and validates the results with nbformat.</summary>
internal sealed class NotebookFixture : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("nbtest-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }

    public static JsonObject Code(string source, JsonObject? metadata = null) => new()
    {
        ["cell_type"] = "code",
        ["execution_count"] = null,
        ["metadata"] = metadata ?? new JsonObject(),
        ["outputs"] = new JsonArray(),
        ["source"] = NotebookDocument.ToLines(source),
    };

    public static JsonObject Markdown(string source, JsonObject? metadata = null) => new()
    {
        ["cell_type"] = "markdown",
        ["metadata"] = metadata ?? new JsonObject(),
        ["source"] = NotebookDocument.ToLines(source),
    };

    public static JsonObject Tagged(string tag) => new() { ["tags"] = new JsonArray(tag) };

    /// <summary>Writes a Polyglot-style C# notebook (nbformat 4.4, no cell ids) and returns its path.</summary>
    public string Write(string name, params JsonObject[] cells) => WriteWithMetadata(name, null, cells);

    public string WriteWithMetadata(string name, JsonObject? extraMetadata, params JsonObject[] cells)
    {
        var metadata = new JsonObject
        {
            ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
            ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
            ["polyglot_notebook"] = new JsonObject
            {
                ["kernelInfo"] = new JsonObject
                {
                    ["defaultKernelName"] = "csharp",
                    ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
                },
            },
        };
        if (extraMetadata is not null)
            foreach (var (k, v) in extraMetadata) metadata[k] = v?.DeepClone();
        var root = new JsonObject
        {
            ["cells"] = new JsonArray(cells.Select(c => (JsonNode?)c).ToArray()),
            ["metadata"] = metadata,
            ["nbformat"] = 4,
            ["nbformat_minor"] = 4,
        };
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    /// <summary>Runs the notebook in-process (output into Dir/out) and returns the result and executed notebook.</summary>
    public async Task<(NotebookResult Result, JsonObject Notebook)> RunAsync(string path, RunnerOptions? options = null)
    {
        options ??= new RunnerOptions();
        options.OutputDirectory ??= Path.Combine(Dir, "out");
        var result = await NotebookRunner.RunAsync(path, options);
        Assert.NotNull(result.OutputPath);
        AssertValidNbformat(result.OutputPath!);
        return (result, JsonNode.Parse(File.ReadAllText(result.OutputPath!))!.AsObject());
    }

    /// <summary>Validates a notebook file with Debian's python3-nbformat.</summary>
    public static void AssertValidNbformat(string path)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import nbformat,sys; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))");
        psi.ArgumentList.Add(path);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"nbformat.validate rejected {path}:\n{err}");
    }

    public static JsonObject Cell(JsonObject notebook, int number) => notebook["cells"]![number - 1]!.AsObject();

    public static JsonArray Outputs(JsonObject notebook, int number) => Cell(notebook, number)["outputs"]!.AsArray();

    /// <summary>The text of a multiline string field (string or list of lines).</summary>
    public static string Text(JsonNode? node) => node switch
    {
        JsonArray a => string.Concat(a.Select(x => x!.GetValue<string>())),
        JsonValue v => v.GetValue<string>(),
        _ => throw new InvalidOperationException($"expected a string or list of strings, got {node?.ToJsonString() ?? "null"}"),
    };

    public static string StreamText(JsonObject notebook, int number, string name) => string.Concat(
        Outputs(notebook, number).Select(o => o!.AsObject())
            .Where(o => (string?)o["output_type"] == "stream" && (string?)o["name"] == name)
            .Select(o => Text(o["text"])));
}
