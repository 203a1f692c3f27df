using System.Reflection.PortableExecutable;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace Course.Notebooks;

/// <summary>
/// One Roslyn script state shared by all cells of a notebook: the first submission is
/// <c>CSharpScript.RunAsync</c>, later ones <c>ContinueWithAsync</c>. Handles the directives; <c>#r "nuget: …"</c> of a
/// package that has a stand-in references the stand-in and prints its line through <paramref name="notice"/>.
/// </summary>
internal sealed class ScriptHost(string notebookDirectory, NotebookGlobals globals, IEnumerable<string> extraImports,
    IReadOnlyList<PackageStandIn> standIns, Action<string> notice)
{
    /// <summary>Namespaces the Polyglot C# kernel imports by default.</summary>
    public static readonly string[] DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    static readonly Lazy<IReadOnlyList<MetadataReference>> FrameworkReferences = new(LoadFrameworkReferences);

    readonly ScriptOptions baseOptions = ScriptOptions.Default
        .WithLanguageVersion(LanguageVersion.Latest)
        .WithImports(DefaultImports.Concat(extraImports).Distinct())
        .WithEmitDebugInformation(true)
        .WithFileEncoding(Encoding.UTF8)
        .WithOptimizationLevel(OptimizationLevel.Debug)
        .WithAllowUnsafe(true);

    readonly List<MetadataReference> references = [.. FrameworkReferences.Value];
    readonly HashSet<string> referencePaths = new(StringComparer.Ordinal);
    readonly List<(string Id, string? Version)> packages = new();
    readonly List<string> sources = new();
    readonly HashSet<string> announcedStandIns = new(StringComparer.OrdinalIgnoreCase);
    readonly Dictionary<string, string> failedRestores = new(StringComparer.OrdinalIgnoreCase);
    ScriptState<object>? state;

    /// <summary>
    /// Compiles (without running) a small script, so the first real cell finds the compiler's code already
    /// JIT-compiled. Shares no references, and so no metadata, with any session.
    /// </summary>
    public static void WarmUp() =>
        CSharpScript.Create("var warm = new List<int> { 1, 2 }; Console.Out.Flush(); warm.Sum()", IsolatedOptions(), typeof(NotebookGlobals)).Compile();

    /// <summary>Options with fresh references to a few framework assemblies, sharing no metadata with any session (warm-ups).</summary>
    public static ScriptOptions IsolatedOptions() => ScriptOptions.Default.WithLanguageVersion(LanguageVersion.Latest)
        .WithImports(DefaultImports).WithReferences(new[] { typeof(object), typeof(Console), typeof(Enumerable), typeof(NotebookGlobals) }
            .Select(t => t.Assembly.Location).Append(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "System.Runtime.dll"))
            .Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)));

    /// <summary>What the next cell would be compiled against (for completion and inspection).</summary>
    public ScriptContext Context => new(state?.Script, baseOptions.WithReferences(references), typeof(NotebookGlobals), notebookDirectory);

    /// <summary>Applies the cell's directives, then runs its code; returns the trailing expression's value (or null).</summary>
    public async Task<object?> RunCellAsync(ParsedCell cell, string cellFile, CancellationToken cancellationToken)
    {
        await ApplyDirectivesAsync(cell.Directives, notebookDirectory, null, cancellationToken);
        return await SubmitAsync(cell.Code, cellFile, cancellationToken);
    }

    async Task<object?> SubmitAsync(string code, string filePath, CancellationToken cancellationToken)
    {
        var options = baseOptions.WithReferences(references).WithFilePath(filePath);
        // catchException keeps the state of a cell that throws: variables it assigned before the exception stay
        // defined, as in a Python kernel (and in Polyglot's C# kernel).
        var next = state is null
            ? await CSharpScript.Create(code, options, typeof(NotebookGlobals)).RunAsync(globals, _ => true, cancellationToken)
            : await state.ContinueWithAsync(code, options, _ => true, cancellationToken);
        state = next;
        if (next.Exception is { } e) ExceptionDispatchInfo.Throw(e);
        return next.ReturnValue;
    }

    async Task ApplyDirectivesAsync(IReadOnlyList<Directive> directives, string baseDir, string? file, CancellationToken cancellationToken)
    {
        foreach (var d in directives.Where(d => d.Kind == DirectiveKind.NuGetSource))
        {
            var source = IsUrl(d.Value) ? d.Value : Path.GetFullPath(Path.Combine(baseDir, d.Value));
            if (!sources.Contains(source)) sources.Add(source);
        }
        var nuget = directives.Where(d => d.Kind == DirectiveKind.NuGetReference).ToList();
        foreach (var d in nuget)
            if (standIns.FirstOrDefault(s => s.Matches(d.Value)) is { } standIn) UseStandIn(standIn, d, file);
        var newPackages = nuget.Where(d => !standIns.Any(s => s.Matches(d.Value))).ToList();
        if (newPackages.Count > 0)
        {
            var before = packages.ToList();
            foreach (var d in newPackages)
            {
                packages.RemoveAll(p => string.Equals(p.Id, d.Value, StringComparison.OrdinalIgnoreCase));
                packages.Add((d.Value, d.Version));
            }
            // A failed restore costs seconds (about 5 s for an unknown package): the same package set fails at once later.
            var key = string.Join(";", packages.Select(p => $"{p.Id} {p.Version}")) + "|" + string.Join(";", sources);
            RestoredAssets assets;
            try
            {
                if (failedRestores.TryGetValue(key, out var earlier))
                    throw new InvalidOperationException(earlier + "\n(not retried: the same restore failed earlier in this session)");
                assets = await NuGetRestorer.RestoreAsync(packages, sources, cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                failedRestores.TryAdd(key, e.Message);
                packages.Clear();
                packages.AddRange(before);   // later cells restore without the package that failed
                throw new NotebookDirectiveException(e.Message, newPackages[0].Line, file);
            }
            foreach (var runtimeFile in assets.RuntimeFiles) AssemblyResolution.AddFile(runtimeFile);
            foreach (var reference in assets.References) AddReference(reference);
        }
        foreach (var d in directives)
        {
            if (d.Kind is not (DirectiveKind.Reference or DirectiveKind.Load)) continue;
            var path = Path.GetFullPath(Path.Combine(baseDir, d.Value));
            if (!File.Exists(path))
                throw new NotebookDirectiveException($"{(d.Kind == DirectiveKind.Load ? "#load" : "#r")}: file not found: {path}", d.Line, file);
            if (d.Kind == DirectiveKind.Reference)
            {
                AddReference(path);
                AssemblyResolution.AddDirectory(Path.GetDirectoryName(path)!);
                continue;
            }
            var loaded = CellParser.Parse(await File.ReadAllTextAsync(path, cancellationToken), "csharp");
            await ApplyDirectivesAsync(loaded.Directives, Path.GetDirectoryName(path)!, path, cancellationToken);
            await SubmitAsync(loaded.Code, path, cancellationToken);
        }
    }

    /// <summary>References <paramref name="standIn"/>'s assemblies for <c>#r "nuget: ID"</c> and prints its line once per package.</summary>
    void UseStandIn(PackageStandIn standIn, Directive d, string? file)
    {
        foreach (var reference in standIn.References)
        {
            if (!File.Exists(reference))
                throw new NotebookDirectiveException(
                    $"#r \"nuget: {d.Value}\": the assembly that stands in for this package, {reference}, does not exist", d.Line, file);
            AddReference(reference);
            AssemblyResolution.AddDirectory(Path.GetDirectoryName(reference)!);
        }
        if (announcedStandIns.Add(d.Value)) notice(standIn.MessageFor(d.Value) + "\n");
    }

    void AddReference(string path)
    {
        if (referencePaths.Add(path)) references.Add(MetadataReference.CreateFromFile(path));
    }

    static bool IsUrl(string s) => Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "http" or "https";

    static IReadOnlyList<MetadataReference> LoadFrameworkReferences()
    {
        var list = new List<MetadataReference>();
        foreach (var file in Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Order(StringComparer.Ordinal))
        {
            try
            {
                using var pe = new PEReader(File.OpenRead(file));
                if (!pe.HasMetadata) continue;
            }
            catch (BadImageFormatException) { continue; }
            list.Add(MetadataReference.CreateFromFile(file));
        }
        list.Add(MetadataReference.CreateFromFile(typeof(NotebookGlobals).Assembly.Location));
        return list;
    }
}
