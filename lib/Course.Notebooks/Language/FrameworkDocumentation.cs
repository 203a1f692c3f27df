using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Xml;
using Microsoft.CodeAnalysis;

namespace Course.Notebooks.LanguageSupport;

/// <summary>
/// XML docs for the shared framework. The engine references the runtime's implementation assemblies, which ship
/// no docs; the SDK's reference pack (<c>packs/Microsoft.NETCore.App.Ref/&lt;version&gt;/ref/net*/</c>) has one XML
/// file per reference assembly. A type can live in a different implementation assembly than the reference assembly
/// that exposes it (e.g. <c>System.Math</c> is in <c>System.Private.CoreLib</c> but documented in <c>System.Runtime.xml</c>),
/// so lookups are routed by type name through an index of the reference assemblies.
/// </summary>
internal static class FrameworkDocumentation
{
    static readonly Lazy<string?> PackDirectory = new(FindReferencePack);
    static readonly Lazy<Dictionary<string, string>> TypeIndex = new(BuildTypeIndex);
    static readonly ConcurrentDictionary<string, Lazy<Dictionary<string, string>?>> Files = new(StringComparer.Ordinal);

    /// <summary>The reference pack folder holding the XML files, or null when the SDK's packs are not installed.</summary>
    public static string? ReferencePackDirectory => PackDirectory.Value;

    /// <summary>True when <paramref name="path"/> is in a <c>shared/Microsoft.NETCore.App/&lt;version&gt;</c> folder.</summary>
    public static bool IsFrameworkAssembly(string path)
    {
        var versionDir = Path.GetDirectoryName(Path.GetFullPath(path));
        var frameworkDir = versionDir is null ? null : Path.GetDirectoryName(versionDir);
        var sharedDir = frameworkDir is null ? null : Path.GetDirectoryName(frameworkDir);
        return Path.GetFileName(frameworkDir) == "Microsoft.NETCore.App" && Path.GetFileName(sharedDir) == "shared";
    }

    /// <summary>A provider for the framework assembly named <paramref name="assemblyName"/>; null without a reference pack.</summary>
    public static DocumentationProvider? ProviderFor(string assemblyName) =>
        ReferencePackDirectory is null ? null : new RoutedProvider(assemblyName);

    /// <summary>The <c>&lt;member&gt;</c> element for a documentation id, looked up in the XML of the assembly that declares its type.</summary>
    public static string? Lookup(string assemblyName, string documentationId)
    {
        if (DeclaringType(documentationId) is { } type && TypeIndex.Value.TryGetValue(type, out var owner)
            && Load(owner)?.TryGetValue(documentationId, out var xml) == true)
            return xml;
        return Load(assemblyName)?.GetValueOrDefault(documentationId);
    }

    /// <summary>The type part of a documentation id ("M:System.Math.Sqrt(System.Double)" → "System.Math").</summary>
    internal static string? DeclaringType(string id)
    {
        if (id.Length < 3 || id[1] != ':' || id[0] == 'N') return null;
        var body = id[2..];
        if (id[0] == 'T') return body;
        int paren = body.IndexOf('(');
        if (paren >= 0) body = body[..paren];
        int dot = body.LastIndexOf('.');
        return dot > 0 ? body[..dot] : null;
    }

    static Dictionary<string, string>? Load(string assemblyName) =>
        Files.GetOrAdd(assemblyName, name => new Lazy<Dictionary<string, string>?>(() => ReadXml(name))).Value;

    static Dictionary<string, string>? ReadXml(string assemblyName)
    {
        if (ReferencePackDirectory is not { } dir) return null;
        var path = Path.Combine(dir, assemblyName + ".xml");
        if (!File.Exists(path)) return null;
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, IgnoreComments = true });
            reader.MoveToContent();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Name == "member" && reader.GetAttribute("name") is { } name)
                    members[name] = reader.ReadOuterXml();
                else reader.Read();
            }
        }
        catch (XmlException) { }
        return members;
    }

    static Dictionary<string, string> BuildTypeIndex()
    {
        var index = new Dictionary<string, string>(StringComparer.Ordinal);
        if (ReferencePackDirectory is not { } dir) return index;
        foreach (var dll in Directory.GetFiles(dir, "*.dll").Order(StringComparer.Ordinal))
        {
            var assemblyName = Path.GetFileNameWithoutExtension(dll);
            if (!File.Exists(Path.Combine(dir, assemblyName + ".xml"))) continue;
            try
            {
                using var pe = new PEReader(File.OpenRead(dll));
                if (!pe.HasMetadata) continue;
                var md = pe.GetMetadataReader();
                foreach (var handle in md.TypeDefinitions)
                    index.TryAdd(FullName(md, md.GetTypeDefinition(handle)), assemblyName);
            }
            catch (BadImageFormatException) { }
        }
        return index;
    }

    static string FullName(MetadataReader md, TypeDefinition type)
    {
        var name = md.GetString(type.Name);
        if (type.GetDeclaringType() is { IsNil: false } declaring) return FullName(md, md.GetTypeDefinition(declaring)) + "." + name;
        var ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    static string? FindReferencePack()
    {
        var roots = new List<string?>
        {
            Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..")),
            Environment.GetEnvironmentVariable("DOTNET_ROOT"),
        };
        var runtime = new Version(Environment.Version.Major, Environment.Version.Minor);
        foreach (var root in roots)
        {
            var packs = root is null ? null : Path.Combine(root, "packs", "Microsoft.NETCore.App.Ref");
            if (packs is null || !Directory.Exists(packs)) continue;
            var versions = Directory.GetDirectories(packs)
                .Select(d => (Dir: d, Version: ParseVersion(Path.GetFileName(d))))
                .Where(v => v.Version is not null)
                .OrderByDescending(v => v.Version)
                .ToList();
            var chosen = versions.FirstOrDefault(v => v.Version!.Major == runtime.Major && v.Version.Minor == runtime.Minor);
            foreach (var (dir, _) in chosen.Dir is null ? versions : [chosen, .. versions])
            {
                var refDir = Path.Combine(dir, "ref");
                if (!Directory.Exists(refDir)) continue;
                var preferred = Path.Combine(refDir, $"net{runtime.Major}.{runtime.Minor}");
                var tfm = Directory.Exists(preferred)
                    ? preferred
                    : Directory.GetDirectories(refDir, "net*").OrderByDescending(d => ParseVersion(Path.GetFileName(d)[3..])).FirstOrDefault();
                if (tfm is not null && Directory.EnumerateFiles(tfm, "*.xml").Any()) return tfm;
            }
        }
        return null;
    }

    static Version? ParseVersion(string text)
    {
        int dash = text.IndexOf('-');
        return Version.TryParse(dash < 0 ? text : text[..dash], out var v) ? v : null;
    }

    /// <summary>Answers documentation ids for one framework assembly through <see cref="Lookup"/>.</summary>
    sealed class RoutedProvider(string assemblyName) : DocumentationProvider
    {
        readonly string assemblyName = assemblyName;

        protected override string GetDocumentationForSymbol(string documentationMemberID, CultureInfo preferredCulture, CancellationToken cancellationToken = default) =>
            Lookup(assemblyName, documentationMemberID) ?? "";

        public override bool Equals(object? obj) => obj is RoutedProvider other && other.assemblyName == assemblyName;

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(assemblyName);
    }
}
