using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static Course.Notebooks.Tests.NotebookFixture;

namespace Course.Notebooks.Tests;

/// <summary>Package stand-ins: <c>#r "nuget: …"</c> of a matching package references the stand-in instead of restoring it.</summary>
public sealed class StandInTests : IDisposable
{
    readonly NotebookFixture fx = new();

    public void Dispose() => fx.Dispose();

    /// <summary>Compiles a small library whose <c>FakeTorch.torch.__version__</c> is "9.9.9" (no such package exists on NuGet,
    /// so a notebook that passes cannot have restored it).</summary>
    string FakeBinding()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var path = Path.Combine(Directory.CreateDirectory(Path.Combine(fx.Dir, "binding")).FullName, $"FakeTorch{suffix}.dll");
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var compilation = CSharpCompilation.Create($"FakeTorch{suffix}",
            [CSharpSyntaxTree.ParseText("namespace FakeTorch; public static class torch { public static string __version__ => \"9.9.9\"; }")],
            new[] { "System.Runtime.dll", "System.Private.CoreLib.dll" }.Select(f => MetadataReference.CreateFromFile(Path.Combine(runtimeDir, f))),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emit = compilation.Emit(path);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        return path;
    }

    static RunnerOptions WithStandIn(string reference) => new()
    {
        StandIns =
        [
            new PackageStandIn { Packages = ["FakeTorch", "FakeTorch-*"], References = [reference], Message = "{package}: using the stand-in (libtorch 9.9.9)" },
            new PackageStandIn { Packages = ["fakelib-*"], Message = "{package}: nothing to load" },
        ],
    };

    [Fact]
    public async Task AMatchingPackageReferencesTheStandInAndPrintsItsLineOncePerPackage()
    {
        var path = fx.Write("standin.ipynb",
            Code("#r \"nuget: FakeTorch-cpu\"\nusing FakeTorch;"),
            Code("torch.__version__"),
            Code("#r \"nuget: FakeTorch-cpu, 0.101.5\"\nvar again = 1;"),
            Code("#r \"nuget: faketorch\"\n#r \"nuget: fakelib-cpu-linux-x64, 2.1.0.1\""));
        var (result, nb) = await fx.RunAsync(path, WithStandIn(FakeBinding()));

        Assert.True(result.Passed, result.FailureSummary);
        Assert.Equal("FakeTorch-cpu: using the stand-in (libtorch 9.9.9)\n", StreamText(nb, 1, "stdout"));
        Assert.Equal("9.9.9", Text(Outputs(nb, 2).Single()!["data"]!["text/plain"]));
        Assert.Empty(Outputs(nb, 3));   // the same package again (another version): no second line
        Assert.Equal("faketorch: using the stand-in (libtorch 9.9.9)\nfakelib-cpu-linux-x64: nothing to load\n", StreamText(nb, 4, "stdout"));
    }

    [Fact]
    public async Task AStandInWhoseAssemblyIsMissingFailsAtTheDirectiveNamingThePath()
    {
        var missing = Path.Combine(fx.Dir, "nowhere", "Torch.dll");
        var path = fx.Write("missing.ipynb", Code("var a = 1;\n#r \"nuget: FakeTorch-cpu\""));
        var (result, _) = await fx.RunAsync(path, WithStandIn(missing));

        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal("DirectiveError", result.ErrorName);
        Assert.Equal((1, 2), (result.FailedCell, result.FailedLine));
        Assert.Equal($"#r \"nuget: FakeTorch-cpu\": the assembly that stands in for this package, {missing}, does not exist", result.ErrorMessage);
    }

    [Fact]
    public async Task APackageWithoutStandInThatCannotBeRestoredFailsClearlyOnceAndDoesNotBlockLaterCells()
    {
        var path = fx.Write("norestore.ipynb",
            Code("#r \"nuget: Course.NoSuchPackage.Xyz, 1.0.0\""),
            Code("var b = 2;\n#r \"nuget: Course.NoSuchPackage.Xyz, 1.0.0\""),
            Code("#r \"nuget: FakeTorch\"\nFakeTorch.torch.__version__"));
        var options = WithStandIn(FakeBinding());
        options.ContinueOnError = true;
        var (result, nb) = await fx.RunAsync(path, options);

        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal([1, 2], result.Failures.Select(f => f.Cell));
        Assert.All(result.Failures, f => Assert.Equal("DirectiveError", f.ErrorName));
        var first = result.Failures[0].ErrorMessage;
        Assert.StartsWith("NuGet restore of Course.NoSuchPackage.Xyz 1.0.0 failed (exit code 1):", first);
        Assert.Contains("NU1101", first);   // NuGet's own reason: no package with this id
        Assert.Equal(2, result.Failures[1].Line);
        Assert.Equal(first + "\n(not retried: the same restore failed earlier in this session)", result.Failures[1].ErrorMessage);
        // the package that failed is not part of later restores; the stand-in still works
        Assert.Equal("9.9.9", Text(Outputs(nb, 3).Single(o => (string?)o!["output_type"] == "execute_result")!["data"]!["text/plain"]));
    }

    [Theory]
    [InlineData("TorchSharp", true)]
    [InlineData("torchsharp-CPU", true)]
    [InlineData("TorchSharp-cuda-windows", true)]
    [InlineData("TorchSharp.PyBridge", false)]
    [InlineData("TorchSharpX", false)]
    [InlineData("libtorch-cpu-linux-x64", false)]
    public void PatternsMatchWholeIdsIgnoringCase(string id, bool matches) =>
        Assert.Equal(matches, new PackageStandIn { Packages = ["TorchSharp", "TorchSharp-*"] }.Matches(id));

    [Fact]
    public void TheJsonFileRoundTripsAndABadOneNamesTheFileAndTheProblem()
    {
        var file = Path.Combine(fx.Dir, "stand-ins.json");
        var written = WithStandIn("/opt/course/Torch.dll").StandIns;
        PackageStandIn.WriteFile(file, written);
        var read = PackageStandIn.ReadFile(file);
        Assert.Equal(written.Select(s => (string.Join(",", s.Packages), string.Join(",", s.References), s.Message)),
            read.Select(s => (string.Join(",", s.Packages), string.Join(",", s.References), s.Message)));

        void Bad(string json, string expected)
        {
            File.WriteAllText(file, json);
            var e = Assert.Throws<InvalidDataException>(() => PackageStandIn.ReadFile(file));
            Assert.StartsWith(file + ": ", e.Message);
            Assert.Contains(expected, e.Message);
        }
        Bad("{\"packages\": [\"A\"]}", "not a JSON array of package stand-ins");
        Bad("[{\"packages\": [], \"message\": \"m\"}]", "stand-in 0: \"packages\" must list at least one");
        Bad("[{\"packages\": [\"A\"], \"references\": [\"lib/Torch.dll\"]}]", "stand-in 0: \"references\" must be absolute paths, got lib/Torch.dll");
        Bad("[{\"packages\": [\"A\"], \"referencse\": []}]", "referencse");   // a misspelt key is not silently ignored
    }
}
