namespace Course.Data;

/// <summary>Where dataset files are looked for, in order: an explicit root folder; the folder named by the
/// <c>COURSE_DATA</c> environment variable; the repository's <c>data/</c> folder (the repository root is found by
/// walking up from the current directory and from the assembly's directory looking for <c>data/manifest.json</c>).
/// Downloads go to the explicit root when given, else to the repository's <c>data/</c>, else to <c>./data</c>.</summary>
public static class DataLocator
{
    /// <summary>Name of the environment variable holding a folder with <c>mnist/</c>, <c>fashion-mnist/</c>, <c>cifar-10/</c>.</summary>
    public const string EnvironmentVariable = "COURSE_DATA";

    /// <summary>The repository root (the folder holding <c>data/manifest.json</c>), or null when none is found.</summary>
    public static string? FindRepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "data", "manifest.json")))
                    return dir.FullName;
        }
        return null;
    }

    /// <summary>Candidate folders for a dataset folder name such as "mnist", in search order. For an explicit
    /// root both <c>root/folder</c> and <c>root</c> itself are candidates.</summary>
    public static IReadOnlyList<string> SearchFolders(string folder, string? root)
    {
        var list = new List<string>();
        if (!string.IsNullOrEmpty(root))
        {
            list.Add(Path.GetFullPath(Path.Combine(root, folder)));
            list.Add(Path.GetFullPath(root));
        }
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(env)) list.Add(Path.GetFullPath(Path.Combine(env, folder)));
        var repo = FindRepoRoot();
        if (repo != null) list.Add(Path.Combine(repo, "data", folder));
        return list.Distinct().ToList();
    }

    /// <summary>The folder downloads of a dataset go to.</summary>
    public static string DownloadFolder(string folder, string? root)
    {
        if (!string.IsNullOrEmpty(root)) return Path.GetFullPath(Path.Combine(root, folder));
        var repo = FindRepoRoot();
        return Path.Combine(repo ?? Path.GetFullPath("data"), repo != null ? Path.Combine("data", folder) : folder);
    }

    /// <summary>The path of a manifest file in a folder, in its compressed or extracted form, or null.</summary>
    internal static string? Present(string dir, ManifestFile f)
    {
        var p = Path.Combine(dir, f.File);
        if (File.Exists(p)) return p;
        if (f.Extracted != null && File.Exists(p = Path.Combine(dir, f.Extracted.File))) return p;
        // CIFAR batches may sit directly in the folder rather than under cifar-10-batches-bin/.
        if (f.Archive != null && File.Exists(p = Path.Combine(dir, Path.GetFileName(f.File)))) return p;
        return null;
    }

    /// <summary>Verifies a present file against its manifest entry (size and md5 of whichever form is present).</summary>
    internal static void Verify(string path, ManifestFile f)
    {
        bool extracted = f.Extracted != null && Path.GetFileName(path) == Path.GetFileName(f.Extracted.File);
        if (extracted) FileCheck.Verify(path, f.Extracted!.Md5, f.Extracted.Bytes);
        else FileCheck.Verify(path, f.Md5, f.Bytes);
    }
}
