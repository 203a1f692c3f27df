namespace Course.Data.Tests;

/// <summary>Locations shared by the tests.</summary>
static class TestData
{
    /// <summary>The repository root (holding data/manifest.json).</summary>
    public static string RepoRoot { get; } =
        DataLocator.FindRepoRoot() ?? throw new InvalidOperationException("Repository root (data/manifest.json) not found.");

    /// <summary>COURSE_DATA when set, else ../shared/data relative to the repository root.</summary>
    public static string RealDataRoot
    {
        get
        {
            var env = Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable);
            return string.IsNullOrEmpty(env) ? Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data")) : env;
        }
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "course-data-tests-" + Guid.NewGuid().ToString("N"));
    public TempDir() => Directory.CreateDirectory(Path);
    public string this[string name] => System.IO.Path.Combine(Path, name);
    public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
}
