using Course.Kernel.Protocol;

namespace Course.Kernel;

/// <summary>
/// <c>Course.Kernel -f CONNECTION_FILE</c> runs the kernel (Jupyter starts it so, from kernel.json);
/// <c>install</c> / <c>uninstall</c> manage the kernelspec (<c>./course kernel install</c>).
/// </summary>
public static class Program
{
    const string Usage = """
        C# (course) Jupyter kernel
          Course.Kernel -f CONNECTION_FILE                       run the kernel (Jupyter does this)
          Course.Kernel install [--name NAME] [--display-name TEXT] [--user | --prefix DIR] [--force]
          Course.Kernel uninstall [--name NAME] [--user | --prefix DIR]
        NAME defaults to .net-csharp, the kernel the course's notebooks name; --user (the default) installs into
        $JUPYTER_DATA_DIR or ~/.local/share/jupyter/kernels, --prefix DIR into DIR/share/jupyter/kernels.
        A kernelspec of the same name that another kernel installed (e.g. .NET Interactive's) is only replaced with --force.
        """;

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        try
        {
            return args switch
            {
                ["-f" or "--connection-file", var file] => RunKernel(file),
                ["install", .. var rest] => Install(rest),
                ["uninstall", .. var rest] => Uninstall(rest),
                ["-h" or "--help" or "help"] => Help(Console.Out, 0),
                _ => Help(Console.Error, 2),
            };
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException or ConnectionFileException)
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

    static int RunKernel(string connectionFile)
    {
        var info = ConnectionInfo.Load(connectionFile);
        int code;
        using (var kernel = new JupyterKernel(info, Environment.CurrentDirectory))
            code = kernel.Run();
        KernelLog.Write("shut down");
        // A cell may have left foreground threads running; the kernel is done either way.
        Environment.Exit(code);
        return code;
    }

    static (string Name, string? DisplayName, string? Prefix, bool Force) ParseSpecOptions(string[] args, bool install)
    {
        string name = KernelSpec.DefaultName;
        string? display = null, prefix = null;
        bool force = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--name": name = Value(); break;
                case "--display-name" when install: display = Value(); break;
                case "--force" when install: force = true; break;
                case "--prefix": prefix = Value(); break;
                case "--user": prefix = null; break;
                default: throw new ArgumentException($"unknown option '{args[i]}'\n{Usage}");
            }
        }
        return (name, display, prefix, force);
    }

    static int Install(string[] args)
    {
        var (name, display, prefix, force) = ParseSpecOptions(args, install: true);
        var dir = KernelSpec.Install(name, display ?? KernelSpec.DefaultDisplayName, prefix, force, Console.Out);
        Console.WriteLine($"Installed kernelspec '{name}' in {dir}");
        return 0;
    }

    static int Uninstall(string[] args)
    {
        var (name, _, prefix, _) = ParseSpecOptions(args, install: false);
        var dir = KernelSpec.Uninstall(name, prefix, Console.Out);
        Console.WriteLine(dir is null ? $"No kernelspec '{name}' in {KernelSpec.KernelsDirectory(prefix)}" : $"Removed {dir}");
        return 0;
    }
}
