using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Kernel;

/// <summary>
/// Installs the kernelspec (<c>kernel.json</c>) that lets Jupyter clients start this kernel: in the user's Jupyter
/// data folder (<c>$JUPYTER_DATA_DIR</c>, else <c>$XDG_DATA_HOME/jupyter</c>, else <c>~/.local/share/jupyter</c>) or
/// under a prefix (<c>PREFIX/share/jupyter</c>), in <c>kernels/NAME/</c>, the places <c>jupyter kernelspec list</c> searches.
/// </summary>
internal static class KernelSpec
{
    /// <summary>The name the course's notebooks ask for in their metadata (the Polyglot C# kernel's name).</summary>
    public const string DefaultName = ".net-csharp";

    /// <summary>What Jupyter clients show in their kernel pickers.</summary>
    public const string DefaultDisplayName = "C# (course)";

    /// <summary>plotly.js as the course's npm install has it; copied into the kernelspec folder, which Jupyter servers serve.</summary>
    const string PlotlyFile = "node_modules/plotly.js-dist-min/plotly.min.js";

    /// <summary>The folder kernelspecs go into: <c>PREFIX/share/jupyter/kernels</c>, or the user's.</summary>
    public static string KernelsDirectory(string? prefix)
    {
        if (prefix is not null) return Path.Combine(Path.GetFullPath(prefix), "share", "jupyter", "kernels");
        var data = Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR");
        if (string.IsNullOrEmpty(data))
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            if (string.IsNullOrEmpty(xdg)) xdg = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            data = Path.Combine(xdg, "jupyter");
        }
        return Path.Combine(data, "kernels");
    }

    /// <summary>The command line that starts this kernel: the dotnet host and this assembly, or the apphost.</summary>
    public static List<string> Command()
    {
        var dll = typeof(KernelSpec).Assembly.Location;
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which executable is running");
        if (Path.GetFileNameWithoutExtension(process) == "dotnet") return [process, dll];
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return File.Exists(host) ? [host!, dll] : [process];
    }

    /// <summary>The copy of the <c>--stand-ins</c> file in the kernelspec folder, which the kernel's argv names.</summary>
    public const string StandInsFile = "stand-ins.json";

    /// <summary>
    /// Writes <c>kernels/NAME/kernel.json</c> (replacing an earlier one) and returns the folder. With
    /// <paramref name="standIns"/>, copies that file into the folder and passes it to the kernel (<c>--stand-ins</c>).
    /// </summary>
    public static string Install(string name, string displayName, string? prefix, bool force, TextWriter log, string? standIns = null)
    {
        ValidateName(name);
        var dir = Path.Combine(KernelsDirectory(prefix), name);
        var existing = Path.Combine(dir, "kernel.json");
        if (File.Exists(existing) && !IsOurs(existing))
        {
            if (!force)
                throw new InvalidOperationException(
                    $"{existing} belongs to another kernel (it starts {Argv0(existing)}). Install under another name " +
                    $"(--name course-csharp; then pick \"{displayName}\" in the notebook's kernel menu), or replace it with --force.");
            log.WriteLine($"note: replacing the kernelspec '{name}' at {dir} (it started {Argv0(existing)})");
        }
        Directory.CreateDirectory(dir);

        var argv = new JsonArray(Command().Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
        argv.Add("-f");
        argv.Add("{connection_file}");
        var standInsCopy = Path.Combine(dir, StandInsFile);
        if (standIns is not null)
        {
            if (Path.GetFullPath(standIns) != standInsCopy) File.Copy(standIns, standInsCopy, overwrite: true);
            argv.Add("--stand-ins");
            argv.Add(standInsCopy);
        }
        else File.Delete(standInsCopy);   // a reinstall without stand-ins leaves none behind
        var spec = new JsonObject
        {
            ["argv"] = argv,
            ["display_name"] = displayName,
            ["language"] = "C#",
            ["interrupt_mode"] = "message",
            ["metadata"] = new JsonObject { ["course_kernel"] = true },
        };
        if (FindUp(Path.GetDirectoryName(typeof(KernelSpec).Assembly.Location)!, PlotlyFile) is { } plotly)
        {
            // Jupyter servers serve a kernelspec's files at <base_url>kernelspecs/NAME/FILE: charts load plotly.js from
            // there (offline), falling back to the CDN where no Jupyter server is (VS Code).
            File.Copy(plotly, Path.Combine(dir, "plotly.min.js"), overwrite: true);
            spec["env"] = new JsonObject { ["COURSE_PLOTLY"] = $"jupyter:kernelspecs/{name}/plotly.min.js" };
        }
        File.WriteAllText(existing, spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        return dir;
    }

    /// <summary>Removes <c>kernels/NAME/</c> if it holds this kernel's spec; returns the folder removed, or null.</summary>
    public static string? Uninstall(string name, string? prefix, TextWriter log)
    {
        ValidateName(name);
        var dir = Path.Combine(KernelsDirectory(prefix), name);
        var file = Path.Combine(dir, "kernel.json");
        if (!File.Exists(file)) return null;
        if (!IsOurs(file))
            throw new InvalidOperationException($"{file} is not the course kernel's (it starts {Argv0(file)}); not removing it");
        Directory.Delete(dir, recursive: true);
        return dir;
    }

    static bool IsOurs(string kernelJson)
    {
        try { return JsonNode.Parse(File.ReadAllText(kernelJson))?["metadata"]?["course_kernel"] is JsonValue v && v.TryGetValue<bool>(out var b) && b; }
        catch (JsonException) { return false; }
    }

    static string Argv0(string kernelJson)
    {
        try { return JsonNode.Parse(File.ReadAllText(kernelJson))?["argv"]?.ToJsonString() ?? "?"; }
        catch (JsonException) { return "unreadable kernel.json"; }
    }

    /// <summary>Jupyter accepts kernel names of ASCII letters, digits, '.', '-' and '_'.</summary>
    static void ValidateName(string name)
    {
        if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' or '_'))
            throw new ArgumentException($"kernel name '{name}': expected ASCII letters, digits, '.', '-' or '_'");
    }

    static string? FindUp(string start, string relative)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
