using System.Diagnostics;
using System.Text.Json.Nodes;
using TorchSharp;

namespace Course.Tests;

/// <summary>
/// TorchSharp's eight C# tutorial notebooks (TorchSharpExamples, MIT; in ../shared/external/torchsharp-tutorials as test
/// input only) run unchanged in <c>course run</c>: each is copied into a temporary folder (they write files next to
/// themselves) and run with <c>--continue-on-error</c>, so a failure lists every failing cell, not only the first.
/// Cells that need something outside the course's scope are skipped (<c>--skip-cell</c>) with the reason in
/// <see cref="Exclusions"/>; the runner refuses an exclusion that names no code cell, so a stale list is noticed.
/// </summary>
public sealed class TorchSharpTutorialTests
{
    /// <summary>Where the tutorials are: beside the repository, like ../shared/data.</summary>
    internal static string Folder => Path.GetFullPath(Path.Combine(TestEnv.RepoRoot, "..", "shared", "external", "torchsharp-tutorials"));

    /// <summary>The eight notebooks.</summary>
    public static TheoryData<string> Notebooks => new(
        "synthetic_data.ipynb", "tutorial1.ipynb", "tutorial2.ipynb", "tutorial3.ipynb",
        "tutorial4.ipynb", "tutorial5.ipynb", "tutorial6.ipynb", "tutorial7.ipynb");

    /// <summary>Cells not run, by notebook: cell number (1-based over all cells, as in error reports) → reason.</summary>
    internal static Dictionary<int, string> Exclusions(string notebook)
    {
        switch (notebook)
        {
            case "tutorial5.ipynb" when !torch.cuda.is_available():
                // every code cell after the first puts tensors on torch.CUDA
                const string cuda = "creates tensors on torch.CUDA; this machine has no CUDA device (torch.cuda.is_available() is false)";
                return new[] { 4, 6, 8, 10, 12, 14, 16, 18, 20, 21 }.ToDictionary(c => c, _ => cuda);
            case "tutorial2.ipynb":
                return new() { [52] = "shows a reshape that cannot work (192 elements as 4 × ? × 5): the cell raises by design, in TorchSharp as here" };
            case "tutorial6.ipynb":
                return new() { [24] = "calls param.grad() as a method, which TorchSharp replaced by the property param.grad (the cell does not compile against current TorchSharp either)" };
            case "synthetic_data.ipynb":
                const string loader = "creates the loader with `new torch.utils.data.DataLoader(...)`; current TorchSharp, like this binding, makes it with the function torch.utils.data.DataLoader(...)";
                return new() { [28] = loader, [29] = "trains on the loader of cell 28 (" + loader + ")" };
            default:
                return new();
        }
    }

    [TutorialsTheory]
    [MemberData(nameof(Notebooks))]
    public void RunsUnchangedInCourseRun(string name)
    {
        var work = Directory.CreateTempSubdirectory("course-tutorial-").FullName;
        try
        {
            var notebook = Path.Combine(work, name);
            File.Copy(Path.Combine(Folder, name), notebook);
            var exclusions = Exclusions(name);
            var args = new List<string> { CliDll, "run", notebook, "--out", Path.Combine(work, "out"), "--continue-on-error", "--timeout", "900" };
            foreach (var (cell, reason) in exclusions) args.AddRange(["--skip-cell", $"{cell}={reason}"]);
            var (code, output) = Run("dotnet", args, work);

            var executed = Path.Combine(work, "out", name);
            Assert.True(File.Exists(executed), $"course run wrote no executed notebook (exit code {code}):\n{output}");
            var cells = JsonNode.Parse(File.ReadAllText(executed))!["cells"]!.AsArray();
            var failures = new List<string>();
            for (int i = 0; i < cells.Count; i++)
            {
                var cell = cells[i]!.AsObject();
                if ((string?)cell["cell_type"] != "code") continue;
                var outputs = cell["outputs"]!.AsArray().Select(o => o!.AsObject()).ToList();
                if (exclusions.TryGetValue(i + 1, out var reason))
                {
                    Assert.Equal($"Not run: skipped by the runner ({reason})\n", Text(outputs.Single()["text"]));
                    continue;
                }
                if (cell["execution_count"] is null) failures.Add($"cell {i + 1}: not run");
                foreach (var error in outputs.Where(o => (string?)o["output_type"] == "error"))
                    failures.Add($"cell {i + 1}: {error["ename"]}: {((string?)error["evalue"] ?? "").Split('\n')[0]}");
            }
            Assert.True(failures.Count == 0 && code == 0,
                $"{name}: {failures.Count} failing cell{(failures.Count == 1 ? "" : "s")} (course run exit code {code}):\n" + string.Join("\n", failures) +
                (failures.Count == 0 ? "\n" + output : ""));
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The CLI as built (lib/Course.Cli/bin/CONFIG/net10.0), which finds the binding in artifacts/course.</summary>
    static string CliDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
            return Path.Combine(TestEnv.RepoRoot, "lib", "Course.Cli", "bin", configuration, "net10.0", "Course.Cli.dll");
        }
    }

    static (int Code, string Output) Run(string file, IEnumerable<string> args, string directory)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(16))) { p.Kill(entireProcessTree: true); return (-1, stdout + stderr.Result + "\n(killed after 16 minutes)"); }
        return (p.ExitCode, stdout + stderr.Result);
    }

    static string Text(JsonNode? node) => node switch
    {
        JsonArray a => string.Concat(a.Select(x => (string?)x)),
        _ => (string?)node ?? "",
    };
}

/// <summary>A theory that is skipped, saying why, where the tutorials folder is absent (CI has it beside the repository).</summary>
public sealed class TutorialsTheoryAttribute : TheoryAttribute
{
    public TutorialsTheoryAttribute()
    {
        if (!Directory.Exists(TorchSharpTutorialTests.Folder))
            Skip = $"TorchSharp's tutorial notebooks are not at {TorchSharpTutorialTests.Folder} (../shared/external/torchsharp-tutorials beside the repository)";
    }
}
