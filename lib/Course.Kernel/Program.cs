using Course.Kernel.Protocol;
using Course.Notebooks;

namespace Course.Kernel;

/// <summary>
/// <c>Course.Kernel -f CONNECTION_FILE</c> runs the kernel (Jupyter starts it so, from kernel.json);
/// <c>install</c> / <c>uninstall</c> manage the kernelspec (<c>./course kernel install</c>).
/// </summary>
public static class Program
{
    const string Usage = """
        C# (course) Jupyter kernel
          Course.Kernel -f CONNECTION_FILE [--stand-ins FILE]    run the kernel (Jupyter does this)
          Course.Kernel install [--name NAME] [--display-name TEXT] [--user | --prefix DIR] [--force] [--stand-ins FILE]
          Course.Kernel uninstall [--name NAME] [--user | --prefix DIR]
        NAME defaults to .net-csharp, the kernel the course's notebooks name; --user (the default) installs into
        $JUPYTER_DATA_DIR or ~/.local/share/jupyter/kernels, --prefix DIR into DIR/share/jupyter/kernels.
        A kernelspec of the same name that another kernel installed (e.g. .NET Interactive's) is only replaced with --force.
        --stand-ins FILE: a JSON array of package stand-ins (what `course stand-ins` prints): #r "nuget: ID" of a matching
        package references the stand-in's assemblies instead of restoring it. install copies FILE into the kernelspec.
        """;

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        try
        {
            return args switch
            {
                ["-f" or "--connection-file", var file] => RunKernel(file, null),
                ["-f" or "--connection-file", var file, "--stand-ins", var standIns] => RunKernel(file, standIns),
                ["install", .. var rest] => Install(rest),
                ["uninstall", .. var rest] => Uninstall(rest),
                ["-h" or "--help" or "help"] => Help(Console.Out, 0),
                _ => Help(Console.Error, 2),
            };
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException or ConnectionFileException
                                      or InvalidDataException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return e is ArgumentException ? 2 : 1;
        }
    }

    static int Help(TextWriter to, int code)
    {
        to.WriteLine(Usage);
        return code;
    }

    static int RunKernel(string connectionFile, string? standInsFile)
    {
        var info = ConnectionInfo.Load(connectionFile);
        var standIns = standInsFile is null ? [] : PackageStandIn.ReadFile(standInsFile);
        int code;
        using (var kernel = new JupyterKernel(info, Environment.CurrentDirectory, standIns))
            code = kernel.Run();
        KernelLog.Write("shut down");
        // A cell may have left foreground threads running; the kernel is done either way.
        Environment.Exit(code);
        return code;
    }

    static (string Name, string? DisplayName, string? Prefix, bool Force, string? StandIns) ParseSpecOptions(string[] args, bool install)
    {
        string name = KernelSpec.DefaultName;
        string? display = null, prefix = null, standIns = null;
        bool force = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--name": name = Value(); break;
                case "--display-name" when install: display = Value(); break;
                case "--force" when install: force = true; break;
                case "--stand-ins" when install: standIns = Value(); break;
                case "--prefix": prefix = Value(); break;
                case "--user": prefix = null; break;
                default: throw new ArgumentException($"unknown option '{args[i]}'\n{Usage}");
            }
        }
        return (name, display, prefix, force, standIns);
    }

    static int Install(string[] args)
    {
        var (name, display, prefix, force, standIns) = ParseSpecOptions(args, install: true);
        if (standIns is not null) PackageStandIn.ReadFile(standIns);   // a bad file fails now, not when Jupyter starts the kernel
        var dir = KernelSpec.Install(name, display ?? KernelSpec.DefaultDisplayName, prefix, force, Console.Out, standIns);
        Console.WriteLine($"Installed kernelspec '{name}' in {dir}");
        return 0;
    }

    static int Uninstall(string[] args)
    {
        var (name, _, prefix, _, _) = ParseSpecOptions(args, install: false);
        var dir = KernelSpec.Uninstall(name, prefix, Console.Out);
        Console.WriteLine(dir is null ? $"No kernelspec '{name}' in {KernelSpec.KernelsDirectory(prefix)}" : $"Removed {dir}");
        return 0;
    }
}
