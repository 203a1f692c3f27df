namespace Course.Data.Tests;

/// <summary>Locations shared by the tests.</summary>
static class TestData
{
    /// <summary>The repository root (holding data/manifest.json).</summary>
    public static string RepoRoot { get; } =
        DataLocator.FindRepoRoot() ?? throw new InvalidOperationException("Repository root (data/manifest.json) not found.");

    /// <summary>The folder holding mnist/ and fashion-mnist/ where the loaders find them (COURSE_DATA, ../shared/data
    /// beside the repository, or the repository's data/ after <c>course data</c>); tests that use it are
    /// <c>[DataFact]</c>s, skipped when the datasets are missing.</summary>
    public static string RealDataRoot
    {
        get
        {
            Course.TestSupport.DataAvailability.UseSharedData();
            return Path.GetDirectoryName(NamedDatasets.FindFolder(NamedDatasets.MnistKey)
                ?? throw new InvalidOperationException("MNIST is missing: this test should be a [DataFact]"))!;
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
