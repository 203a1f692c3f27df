using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace Course.Notebooks.LanguageSupport;

/// <summary>
/// Turns the engine's metadata references into references that carry XML documentation:
/// <c>X.dll</c> gets <c>X.xml</c> next to it, a shared-framework assembly gets the reference pack's docs.
/// The metadata itself is shared with the original reference (no second copy is read).
/// </summary>
internal static class DocumentedReferences
{
    static readonly ConditionalWeakTable<MetadataReference, MetadataReference> Documented = new();
    static readonly ConcurrentDictionary<(string Path, DateTime Stamp), MetadataReference> Files = new();

    /// <summary>The references of <paramref name="options"/> (unresolved ones resolved), each with documentation where some is found.</summary>
    public static List<MetadataReference> Resolve(ScriptOptions options, string? baseDirectory)
    {
        var list = new List<MetadataReference>();
        foreach (var reference in options.MetadataReferences)
        {
            if (reference is UnresolvedMetadataReference unresolved)
            {
                var resolved = options.MetadataResolver?.ResolveReference(unresolved.Reference, baseDirectory, unresolved.Properties);
                if (resolved is { IsDefault: false }) list.AddRange(resolved.Value.Select(WithDocumentation));
            }
            else list.Add(WithDocumentation(reference));
        }
        return list;
    }

    /// <summary>A documented reference for the assembly file at <paramref name="path"/> (cached while the file is unchanged).</summary>
    public static MetadataReference FromFile(string path) =>
        WithDocumentation(Files.GetOrAdd((path, File.GetLastWriteTimeUtc(path)), key => MetadataReference.CreateFromFile(key.Path)));

    /// <summary>The same metadata as <paramref name="reference"/> with a documentation provider attached, when there is documentation.</summary>
    public static MetadataReference WithDocumentation(MetadataReference reference) =>
        reference is PortableExecutableReference pe ? Documented.GetValue(reference, _ => Attach(pe)) : reference;

    static MetadataReference Attach(PortableExecutableReference reference)
    {
        if (reference.FilePath is not { } path) return reference;
        var docs = DocumentationFor(path);
        if (docs is null) return reference;
        try
        {
            return reference.GetMetadata() is AssemblyMetadata assembly
                ? assembly.GetReference(docs, filePath: path, display: reference.Display).WithProperties(reference.Properties)
                : reference;
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return reference;
        }
    }

    static DocumentationProvider? DocumentationFor(string assemblyPath)
    {
        var xml = Path.ChangeExtension(assemblyPath, ".xml");
        if (File.Exists(xml)) return XmlDocumentationProvider.CreateFromFile(xml);
        return FrameworkDocumentation.IsFrameworkAssembly(assemblyPath)
            ? FrameworkDocumentation.ProviderFor(Path.GetFileNameWithoutExtension(assemblyPath))
            : null;
    }
}
