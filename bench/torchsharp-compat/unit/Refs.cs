using Microsoft.CodeAnalysis;

namespace Measure;

/// <summary>The metadata references a compilation of upstream code gets: .NET's reference assemblies, xunit, the binding.</summary>
public static class Refs
{
    /// <summary>.NET's reference pack for the running runtime's version when installed, else the runtime's own assemblies.</summary>
    public static IEnumerable<string> Framework()
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;           // .../shared/Microsoft.NETCore.App/10.0.x
        var version = Path.GetFileName(runtimeDir);
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        var tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        var refDir = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref", version, "ref", tfm);
        var dir = Directory.Exists(refDir) ? refDir : runtimeDir;
        return Directory.GetFiles(dir, "*.dll").Where(IsManaged);
    }

    /// <summary>xunit's assemblies, shipped next to this tool (the upstream tests use Assert, Fact, Theory and traits).</summary>
    public static IEnumerable<string> Xunit() =>
        new[] { "xunit.assert.dll", "xunit.core.dll", "xunit.abstractions.dll" }.Select(f => Path.Combine(AppContext.BaseDirectory, f));

    public static List<MetadataReference> For(string binding, IEnumerable<string>? extra = null) =>
        Framework().Concat(Xunit()).Append(binding).Concat(extra ?? [])
                   .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();

    static bool IsManaged(string path)
    {
        try { System.Reflection.AssemblyName.GetAssemblyName(path); return true; }
        catch (BadImageFormatException) { return false; }
    }
}
