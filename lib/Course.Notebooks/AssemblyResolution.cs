using System.Reflection;
using System.Runtime.Loader;

namespace Course.Notebooks;

/// <summary>
/// Lets the default load context find assemblies next to <c>#r</c>'d DLLs and NuGet runtime assets
/// (dependencies the script's own loader does not know about).
/// </summary>
internal static class AssemblyResolution
{
    static readonly object Gate = new();
    static readonly List<string> Directories = new();
    static readonly Dictionary<string, string> Files = new(StringComparer.OrdinalIgnoreCase);
    static bool installed;

    /// <summary>Makes DLLs in <paramref name="directory"/> resolvable by simple name.</summary>
    public static void AddDirectory(string directory)
    {
        lock (Gate)
        {
            Install();
            if (!Directories.Contains(directory)) Directories.Add(directory);
        }
    }

    /// <summary>Makes <paramref name="path"/> resolvable by its file name (without .dll).</summary>
    public static void AddFile(string path)
    {
        lock (Gate)
        {
            Install();
            Files.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }
    }

    static void Install()
    {
        if (installed) return;
        installed = true;
        AssemblyLoadContext.Default.Resolving += Resolve;
    }

    static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name is null) return null;
        string? path;
        lock (Gate)
        {
            path = Files.GetValueOrDefault(name.Name)
                ?? Directories.Select(d => Path.Combine(d, name.Name + ".dll")).FirstOrDefault(File.Exists);
        }
        return path is null ? null : context.LoadFromAssemblyPath(path);
    }
}
