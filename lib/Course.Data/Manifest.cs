using System.Text.Json;
using System.Text.Json.Serialization;

namespace Course.Data;

/// <summary>The decompressed form of a manifest file (accepted in place of the compressed one).</summary>
public sealed record ManifestExtracted(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("md5")] string? Md5,
    [property: JsonPropertyName("bytes")] long Bytes);

/// <summary>One file of a dataset as listed in <c>data/manifest.json</c>.</summary>
public sealed record ManifestFile(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("urls")] string[]? Urls,
    [property: JsonPropertyName("md5")] string? Md5,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("extracted")] ManifestExtracted? Extracted = null,
    [property: JsonPropertyName("archive")] string? Archive = null);

/// <summary>Folder name and class names of a dataset.</summary>
public sealed record ManifestDataset(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("classes")] string[] Classes);

/// <summary>The dataset manifest: every file, its URLs, md5 and size.</summary>
public sealed class Manifest
{
    /// <summary>Datasets by key ("mnist", "fashion-mnist", "cifar-10").</summary>
    [JsonPropertyName("datasets")] public Dictionary<string, ManifestDataset> Datasets { get; init; } = new();
    /// <summary>All files.</summary>
    [JsonPropertyName("files")] public List<ManifestFile> Files { get; init; } = new();

    static readonly Lazy<Manifest> _default = new(LoadDefault);

    /// <summary>The manifest of this repository: <c>data/manifest.json</c> under the repository root when found,
    /// else the copy embedded in the assembly.</summary>
    public static Manifest Default => _default.Value;

    /// <summary>Parses a manifest file.</summary>
    public static Manifest Load(string path)
    {
        try { return Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new DatasetException($"'{path}' is not a valid manifest: {e.Message}", path, e); }
    }

    static Manifest Parse(string json) =>
        JsonSerializer.Deserialize<Manifest>(json) ?? throw new DatasetException("Empty manifest.");

    static Manifest LoadDefault()
    {
        var root = DataLocator.FindRepoRoot();
        if (root != null) return Load(Path.Combine(root, "data", "manifest.json"));
        using var s = typeof(Manifest).Assembly.GetManifestResourceStream("Course.Data.manifest.json")
            ?? throw new DatasetException("No data/manifest.json found and no embedded manifest.");
        using var r = new StreamReader(s);
        return Parse(r.ReadToEnd());
    }

    /// <summary>The files of one dataset.</summary>
    public IEnumerable<ManifestFile> FilesOf(string dataset) => Files.Where(f => f.Dataset == dataset);

    /// <summary>The entry for a file of a dataset (by its compressed or extracted name).</summary>
    public ManifestFile Get(string dataset, string file) =>
        Files.FirstOrDefault(f => f.Dataset == dataset && (f.File == file || f.Extracted?.File == file))
        ?? throw new DatasetException($"The manifest lists no file '{file}' for dataset '{dataset}'.");
}
