using Course.Data;
using Xunit;

namespace Course.TestSupport;

/// <summary>
/// Which of the real datasets a test needs are missing, decided once per test process where the loaders look
/// (<c>COURSE_DATA</c>, the repository's <c>data/</c>). <c>./course test</c> runs <c>course data</c> first, which finds or
/// downloads them and says what is missing; the tests that need a missing dataset are then reported as skipped with
/// this reason instead of failing one by one.
/// </summary>
static class DataAvailability
{
    static readonly Dictionary<string, bool> Present = new();

    static DataAvailability() => UseSharedData();

    /// <summary>As ./course does: without COURSE_DATA, the shared datasets beside the repository (CI's ../shared/data).</summary>
    public static void UseSharedData()
    {
        var shared = DataLocator.FindRepoRoot() is { } root ? Path.GetFullPath(Path.Combine(root, "..", "shared", "data")) : null;
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable)) && Directory.Exists(shared))
            Environment.SetEnvironmentVariable(DataLocator.EnvironmentVariable, shared);
    }

    /// <summary>The skip reason when one of <paramref name="datasets"/> (default: MNIST and Fashion-MNIST) is missing, else null.</summary>
    public static string? MissingReason(string[] datasets)
    {
        if (datasets.Length == 0) datasets = DataPreparation.Required;
        string[] missing;
        lock (Present)
            missing = datasets.Where(k => !(Present.TryGetValue(k, out var p) ? p : Present[k] = NamedDatasets.FindFolder(k) != null)).ToArray();
        return missing.Length == 0 ? null
            : $"dataset missing: {string.Join(", ", missing)} (not in COURSE_DATA={Environment.GetEnvironmentVariable("COURSE_DATA") ?? "unset"} " +
              "nor in data/; `./course data` downloads it or says how to provide it)";
    }
}

/// <summary>A fact that needs real datasets (default: MNIST and Fashion-MNIST): skipped, with the reason, when one is missing.</summary>
sealed class DataFactAttribute : FactAttribute
{
    public DataFactAttribute(params string[] datasets) { if (DataAvailability.MissingReason(datasets) is { } reason) Skip = reason; }
}

/// <summary>A theory that needs real datasets: skipped, with the reason, when one is missing.</summary>
sealed class DataTheoryAttribute : TheoryAttribute
{
    public DataTheoryAttribute(params string[] datasets) { if (DataAvailability.MissingReason(datasets) is { } reason) Skip = reason; }
}
