using System.CommandLine;
using Course.Notebooks;
using TorchSharp;

namespace Course.Cli;

/// <summary>
/// The package stand-ins the course gives its notebook engine: <c>#r "nuget: TorchSharp-cpu"</c> (any <c>TorchSharp</c> or
/// <c>TorchSharp-*</c> package) references the course's TorchSharp-compatible binding, <c>libtorch-*</c> packages nothing
/// (the binding brings its own libtorch); each prints one line naming the libtorch version. Used by <c>course run</c>, and
/// by <c>course kernel install</c> through <c>course stand-ins --out FILE</c>.
/// </summary>
public static class CourseStandIns
{
    /// <summary>The stand-ins, referencing the binding the notebooks <c>#r</c> from artifacts/course/ when it is there.</summary>
    public static List<PackageStandIn> Create()
    {
        var version = LibtorchVersion();
        return
        [
            new PackageStandIn
            {
                Packages = ["TorchSharp", "TorchSharp-*"],
                References = [BindingAssembly()],
                Message = $"{{package}}: not restored from NuGet; using the course's TorchSharp-compatible binding (libtorch {version})",
            },
            new PackageStandIn
            {
                Packages = ["libtorch-*"],
                Message = $"{{package}}: not restored from NuGet; the course's TorchSharp-compatible binding brings libtorch {version}",
            },
        ];
    }

    /// <summary>artifacts/course/Torch.dll above this program (the file notebooks <c>#r</c>), else the Torch.dll loaded here.</summary>
    internal static string BindingAssembly()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "artifacts", "course", "Torch.dll");
            if (File.Exists(candidate)) return candidate;
        }
        return typeof(torch).Assembly.Location;
    }

    static string LibtorchVersion()
    {
        try { return torch.__version__; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            return $"of unknown version: {e.Message}";
        }
    }

    /// <summary>Builds the <c>stand-ins</c> command: prints (or writes) the stand-ins as the JSON the kernel's <c>--stand-ins</c> reads.</summary>
    public static Command CreateCommand()
    {
        var output = new Option<string?>("--out") { Description = "Write the JSON into this file instead of printing it" };
        var command = new Command("stand-ins", "The packages #r \"nuget: …\" resolves to the course's binding instead of restoring them (JSON for the Jupyter kernel's --stand-ins)")
        {
            output,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(output) is string file) PackageStandIn.WriteFile(file, Create());
            else parse.InvocationConfiguration.Output.Write(PackageStandIn.ToJson(Create()));
            return 0;
        });
        return command;
    }
}
