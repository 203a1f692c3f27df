using System.Text.Json.Nodes;

namespace Course.Kernel.Tests;

/// <summary><c>./course kernel install/uninstall</c>: the built kernel's own command, checked with Jupyter's own tools.</summary>
public sealed class KernelSpecTests : IDisposable
{
    readonly string prefix = Directory.CreateTempSubdirectory("kernelspec-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(prefix, recursive: true); } catch (IOException) { }
    }

    string SpecDir(string name) => Path.Combine(prefix, "share", "jupyter", "kernels", name);

    static (int ExitCode, string Output) Kernel(params string[] args) => Repo.Run("dotnet", [Repo.KernelDll, .. args]);

    [Fact]
    public void InstallWritesAKernelspecThatJupyterListsAndThatRunsThisKernel()
    {
        var (code, output) = Kernel("install", "--prefix", prefix);
        Assert.True(code == 0, output);
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(SpecDir(".net-csharp"), "kernel.json")))!;
        Assert.Equal("C# (course)", (string?)spec["display_name"]);
        Assert.Equal("C#", (string?)spec["language"]);
        Assert.Equal("message", (string?)spec["interrupt_mode"]);
        var argv = spec["argv"]!.AsArray().Select(a => (string)a!).ToArray();
        Assert.Equal(["-f", "{connection_file}"], argv[^2..]);
        Assert.Equal(Path.GetFullPath(Repo.KernelDll), argv[^3]);
        Assert.True(File.Exists(argv[0]), $"argv[0] {argv[0]} does not exist");

        // plotly.js is served by Jupyter from the kernelspec folder; the kernel's environment says where
        var plotly = Path.Combine(Repo.Root, "node_modules", "plotly.js-dist-min", "plotly.min.js");
        Assert.True(File.Exists(plotly), "run npm ci first");
        Assert.Equal(new FileInfo(plotly).Length, new FileInfo(Path.Combine(SpecDir(".net-csharp"), "plotly.min.js")).Length);
        Assert.Equal("jupyter:kernelspecs/.net-csharp/plotly.min.js", (string?)spec["env"]?["COURSE_PLOTLY"]);

        // Jupyter's own kernelspec manager finds it where the prefix puts it
        var list = Repo.Run("/usr/bin/python3",
            ["-c", "import json; from jupyter_client.kernelspec import KernelSpecManager; print(json.dumps(KernelSpecManager().get_all_specs()))"],
            new() { ["JUPYTER_PATH"] = Path.Combine(prefix, "share", "jupyter") });
        Assert.True(list.ExitCode == 0, list.Output);
        var found = JsonNode.Parse(list.Output.Split('\n')[0])![".net-csharp"]!;   // stdout first, then any warnings
        Assert.Equal(SpecDir(".net-csharp"), (string?)found["resource_dir"]);
        Assert.Equal("C# (course)", (string?)found["spec"]!["display_name"]);
    }

    [Fact]
    public void UserInstallGoesToTheJupyterDataDirectory()
    {
        var data = Path.Combine(prefix, "data");
        var (code, output) = Repo.Run("dotnet", [Repo.KernelDll, "install", "--user", "--name", "course-csharp", "--display-name", "My C#"],
            new() { ["JUPYTER_DATA_DIR"] = data });
        Assert.True(code == 0, output);
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(data, "kernels", "course-csharp", "kernel.json")))!;
        Assert.Equal("My C#", (string?)spec["display_name"]);
        Assert.Equal("jupyter:kernelspecs/course-csharp/plotly.min.js", (string?)spec["env"]?["COURSE_PLOTLY"]);
    }

    [Fact]
    public void AnotherKernelsSpecOfTheSameNameIsKeptUnlessForced()
    {
        var dir = SpecDir(".net-csharp");
        Directory.CreateDirectory(dir);
        var foreign = """{"argv": ["dotnet", "interactive", "jupyter", "--default-kernel", "csharp", "{connection_file}"], "display_name": ".NET (C#)", "language": "C#"}""";
        File.WriteAllText(Path.Combine(dir, "kernel.json"), foreign);

        var (code, output) = Kernel("install", "--prefix", prefix);
        Assert.Equal(1, code);
        Assert.Contains("belongs to another kernel", output);
        Assert.Contains("--name course-csharp", output);
        Assert.Contains("--force", output);
        Assert.Equal(foreign, File.ReadAllText(Path.Combine(dir, "kernel.json")));   // nothing lost

        (code, output) = Kernel("uninstall", "--prefix", prefix);
        Assert.Equal(1, code);
        Assert.Contains("not removing it", output);
        Assert.True(File.Exists(Path.Combine(dir, "kernel.json")));

        (code, output) = Kernel("install", "--prefix", prefix, "--force");
        Assert.True(code == 0, output);
        Assert.Contains("replacing", output);
        Assert.Equal("C# (course)", (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "kernel.json")))!["display_name"]);
    }

    [Fact]
    public void InstallWithStandInsCopiesTheFileIntoTheSpecAndPassesItToTheKernel()
    {
        var file = Path.Combine(prefix, "given.json");
        var json = """[{"packages": ["TorchSharp", "TorchSharp-*"], "references": ["/opt/course/Torch.dll"], "message": "{package}: stand-in"}]""";
        File.WriteAllText(file, json);
        var (code, output) = Kernel("install", "--prefix", prefix, "--stand-ins", file);
        Assert.True(code == 0, output);

        var copy = Path.Combine(SpecDir(".net-csharp"), "stand-ins.json");
        Assert.Equal(json, File.ReadAllText(copy));
        var argv = JsonNode.Parse(File.ReadAllText(Path.Combine(SpecDir(".net-csharp"), "kernel.json")))!["argv"]!.AsArray().Select(a => (string)a!).ToArray();
        Assert.Equal(["-f", "{connection_file}", "--stand-ins", copy], argv[^4..]);

        // a reinstall without stand-ins leaves none behind
        (code, output) = Kernel("install", "--prefix", prefix);
        Assert.True(code == 0, output);
        Assert.False(File.Exists(copy));
        argv = JsonNode.Parse(File.ReadAllText(Path.Combine(SpecDir(".net-csharp"), "kernel.json")))!["argv"]!.AsArray().Select(a => (string)a!).ToArray();
        Assert.Equal(["-f", "{connection_file}"], argv[^2..]);
    }

    [Fact]
    public void ABadStandInsFileIsRefusedAtInstall()
    {
        var file = Path.Combine(prefix, "bad.json");
        File.WriteAllText(file, """[{"packages": ["TorchSharp"], "references": ["Torch.dll"]}]""");
        var (code, output) = Kernel("install", "--prefix", prefix, "--stand-ins", file);
        Assert.Equal(1, code);
        Assert.Equal($"error: {file}: stand-in 0: \"references\" must be absolute paths, got Torch.dll", output.Trim());
        Assert.False(File.Exists(Path.Combine(SpecDir(".net-csharp"), "kernel.json")));
    }

    [Fact]
    public void UninstallRemovesOnlyWhatInstallWrote()
    {
        Assert.Equal(0, Kernel("install", "--prefix", prefix).ExitCode);
        var (code, output) = Kernel("uninstall", "--prefix", prefix);
        Assert.True(code == 0, output);
        Assert.False(Directory.Exists(SpecDir(".net-csharp")));
        (code, output) = Kernel("uninstall", "--prefix", prefix);
        Assert.Equal(0, code);
        Assert.Contains("No kernelspec '.net-csharp'", output);
    }

    [Theory]
    [InlineData(new[] { "install", "--name", "a b" }, "kernel name 'a b'")]
    [InlineData(new[] { "install", "--colour", "red" }, "unknown option '--colour'")]
    [InlineData(new[] { "install", "--name" }, "--name needs a value")]
    [InlineData(new[] { "uninstall", "--force" }, "unknown option '--force'")]
    [InlineData(new[] { "-f", "/nonexistent/connection.json" }, "/nonexistent/connection.json")]
    public void BadArgumentsSayWhatIsWrong(string[] args, string expected)
    {
        var (code, output) = Kernel(args);
        Assert.NotEqual(0, code);
        Assert.Contains(expected, output);
        Assert.DoesNotContain("   at ", output);   // a message, not a stack trace
    }
}
