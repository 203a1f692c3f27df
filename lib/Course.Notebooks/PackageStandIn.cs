using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Course.Notebooks;

/// <summary>
/// A stand-in for NuGet packages: a <c>#r "nuget: ID"</c> whose ID matches one of <see cref="Packages"/> is not restored;
/// the session references <see cref="References"/> instead and prints <see cref="Message"/> once. Whoever starts the engine
/// configures them (the engine knows no package): <c>course run</c> maps <c>TorchSharp</c>, <c>TorchSharp-*</c> and
/// <c>libtorch-*</c> to the course's TorchSharp-compatible binding, and passes the same to the Jupyter kernel through its
/// kernelspec (<c>--stand-ins FILE</c>, the JSON array <see cref="WriteFile"/> writes).
/// </summary>
public sealed class PackageStandIn
{
    /// <summary>Package id patterns, case-insensitive; <c>*</c> matches any run of characters (<c>TorchSharp-*</c>).</summary>
    public List<string> Packages { get; set; } = new();

    /// <summary>Assemblies to reference instead (absolute paths); may be empty (a native-only package).</summary>
    public List<string> References { get; set; } = new();

    /// <summary>The line printed the first time a session uses the stand-in; <c>{package}</c> becomes the package id.</summary>
    public string Message { get; set; } = "";

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>True when <paramref name="packageId"/> matches one of <see cref="Packages"/>.</summary>
    public bool Matches(string packageId) => Packages.Any(p => Glob(p).IsMatch(packageId));

    /// <summary>The line to print for <paramref name="packageId"/>.</summary>
    public string MessageFor(string packageId) => Message.Replace("{package}", packageId, StringComparison.Ordinal);

    static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*", ".*") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Reads a JSON array of stand-ins (the <c>--stand-ins FILE</c> of the kernel); a bad file throws
    /// <see cref="InvalidDataException"/> naming the file and what is wrong.</summary>
    public static List<PackageStandIn> ReadFile(string path)
    {
        List<PackageStandIn>? list;
        try { list = JsonSerializer.Deserialize<List<PackageStandIn>>(File.ReadAllText(path), Json); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not a JSON array of package stand-ins ({e.Message})", e); }
        if (list is null) throw new InvalidDataException($"{path}: expected a JSON array of package stand-ins, got null");
        foreach (var (s, i) in list.Select((s, i) => (s, i)))
        {
            if (s.Packages.Count == 0 || s.Packages.Any(string.IsNullOrWhiteSpace))
                throw new InvalidDataException($"{path}: stand-in {i}: \"packages\" must list at least one non-empty package id pattern");
            if (s.References.Any(r => !Path.IsPathFullyQualified(r)))
                throw new InvalidDataException($"{path}: stand-in {i}: \"references\" must be absolute paths, got {string.Join(", ", s.References)}");
        }
        return list;
    }

    /// <summary><paramref name="standIns"/> as the JSON array <see cref="ReadFile"/> reads.</summary>
    public static string ToJson(IEnumerable<PackageStandIn> standIns) => JsonSerializer.Serialize(standIns.ToList(), Json) + "\n";

    /// <summary>Writes <paramref name="standIns"/> as the JSON array <see cref="ReadFile"/> reads.</summary>
    public static void WriteFile(string path, IEnumerable<PackageStandIn> standIns) => File.WriteAllText(path, ToJson(standIns));
}
