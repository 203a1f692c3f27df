using System.Composition.Hosting;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Host.Mef;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.Text;

namespace Course.Notebooks.LanguageSupport;

/// <summary>
/// Models a notebook's submission chain the way Roslyn's interactive window does: one project per executed
/// submission (<see cref="SourceCodeKind.Script"/>, <c>isSubmission</c>, the globals type as host object type),
/// each referencing the previous one, plus one project for the code being analysed. Chains are cached per
/// <see cref="Script"/>, so the request after cell N+1 only adds one project to the solution built for cell N.
/// </summary>
internal static class SubmissionWorkspace
{
    /// <summary>MEF parts left out: completion of types and extension members from namespaces that are not imported
    /// (a cell cannot add the using, and the index they build runs in the background) and the snippet provider.</summary>
    static readonly HashSet<string> ExcludedParts =
        ["TypeImportCompletionProvider", "ExtensionMemberImportCompletionProvider", "CSharpSnippetCompletionProvider"];

    static readonly MetadataReferenceProperties HostAssemblyProperties =
        MetadataReferenceProperties.Assembly.WithAliases(["<host>"]);

    static readonly Lazy<AdhocWorkspace> Workspace = new(CreateWorkspace);
    static readonly ConditionalWeakTable<Script, Link> Chains = new();
    static readonly Dictionary<Type, Link> Roots = new();
    static readonly ConditionalWeakTable<System.Reflection.Assembly, MetadataReference?> HostAssemblies = new();
    static readonly object Gate = new();

    /// <summary>A document holding <paramref name="code"/> (directive lines already blanked) as the next submission of <paramref name="context"/>.</summary>
    public static async Task<Document> OpenAsync(ScriptContext context, string code, IReadOnlyList<string> referencePaths, CancellationToken ct)
    {
        var globals = context.Previous?.GlobalsType ?? context.GlobalsType;
        Link link;
        lock (Gate) link = LinkFor(context.Previous, globals);
        // Built in the link's own solution, the earlier submissions' compilations are shared by every fork made from it.
        if (link.ProjectId is { } previous)
            await link.Solution.GetProject(previous)!.GetCompilationAsync(ct).ConfigureAwait(false);

        var references = new List<MetadataReference>();
        if (link.Count == 0) references.AddRange(HostReferences(globals));
        references.AddRange(DocumentedReferences.Resolve(context.Options, context.WorkingDirectory));
        foreach (var path in referencePaths)
        {
            var full = Path.GetFullPath(Path.Combine(context.WorkingDirectory, path));
            if (File.Exists(full)) references.Add(DocumentedReferences.FromFile(full));
        }
        var key = new ProjectKey(references, context.Options.Imports, globals);
        var text = SourceText.From(code);
        lock (Gate)
        {
            if (link.Current is { } current && current.Key.Matches(key))
            {
                var solution = current.Solution.WithDocumentText(current.Document, text);
                link.Current = current with { Solution = solution };
                return solution.GetDocument(current.Document)!;
            }
            var added = AddSubmission(link, text, references, context.Options, globals);
            link.Current = new CurrentSubmission(key, added.Solution, added.Document);
            return added.Solution.GetDocument(added.Document)!;
        }
    }

    static AdhocWorkspace CreateWorkspace()
    {
        var parts = MefHostServices.DefaultAssemblies
            .SelectMany(LoadableTypes)
            .Where(t => !ExcludedParts.Contains(t.Name));
        var container = new ContainerConfiguration().WithParts(parts).CreateContainer();
        return new AdhocWorkspace(MefHostServices.Create(container), "Notebook");
    }

    static IEnumerable<Type> LoadableTypes(System.Reflection.Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (System.Reflection.ReflectionTypeLoadException e) { return e.Types.OfType<Type>(); }
    }

    /// <summary>The cached link for <paramref name="script"/>, building the links of its uncached predecessors first.</summary>
    static Link LinkFor(Script? script, Type? globals)
    {
        var pending = new Stack<Script>();
        Link? link = null;
        for (var s = script; s is not null; s = s.Previous)
        {
            if (Chains.TryGetValue(s, out link)) break;
            pending.Push(s);
        }
        if (link is null)
        {
            var rootKey = globals ?? typeof(void);
            if (!Roots.TryGetValue(rootKey, out link)) Roots[rootKey] = link = new Link(Workspace.Value.CurrentSolution, null, 0);
        }
        while (pending.TryPop(out var s))
        {
            var (code, paths) = DirectiveMask.Apply(s.Code);
            var baseDir = Path.GetDirectoryName(s.Options.FilePath) is { Length: > 0 } d ? d : Environment.CurrentDirectory;
            var references = new List<MetadataReference>();
            if (link.Count == 0) references.AddRange(HostReferences(s.GlobalsType));
            references.AddRange(DocumentedReferences.Resolve(s.Options, baseDir));
            references.AddRange(paths.Select(p => Path.GetFullPath(Path.Combine(baseDir, p))).Where(File.Exists).Select(DocumentedReferences.FromFile));
            var added = AddSubmission(link, SourceText.From(code), references, s.Options, s.GlobalsType);
            link = new Link(added.Solution, added.Document.ProjectId, link.Count + 1);
            Chains.AddOrUpdate(s, link);
        }
        return link;
    }

    /// <summary>What scripting adds to the first submission: the core library, and the globals type's assembly behind the
    /// <c>&lt;host&gt;</c> alias (scripting makes that alias recursive, which has no public API).</summary>
    static IEnumerable<MetadataReference> HostReferences(Type? globals)
    {
        yield return DocumentedReferences.FromFile(typeof(object).Assembly.Location);
        if (globals is not null && HostAssemblies.GetValue(globals.Assembly, HostReference) is { } host) yield return host;
    }

    static MetadataReference? HostReference(System.Reflection.Assembly assembly) =>
        assembly.Location is { Length: > 0 } location && DocumentedReferences.FromFile(location) is PortableExecutableReference reference
            ? reference.WithProperties(HostAssemblyProperties)
            : null;

    static (Solution Solution, DocumentId Document) AddSubmission(Link previous, SourceText text, IEnumerable<MetadataReference> references, ScriptOptions options, Type? globals)
    {
        var name = $"Submission#{previous.Count}";
        var projectId = ProjectId.CreateNewId(name);
        var compilationOptions = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                scriptClassName: name,
                usings: options.Imports,
                allowUnsafe: options.AllowUnsafe,
                checkOverflow: options.CheckOverflow,
                warningLevel: options.WarningLevel);
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Parse, SourceCodeKind.Script);
        var project = ProjectInfo.Create(
            projectId, VersionStamp.Create(), name, $"{name}-{projectId.Id:N}", LanguageNames.CSharp,
            compilationOptions: compilationOptions,
            parseOptions: parseOptions,
            metadataReferences: references.Distinct(),
            projectReferences: previous.ProjectId is { } p ? [new ProjectReference(p)] : [],
            isSubmission: true,
            hostObjectType: globals);
        var documentId = DocumentId.CreateNewId(projectId, name);
        var document = DocumentInfo.Create(documentId, name + ".csx",
            loader: TextLoader.From(TextAndVersion.Create(text, VersionStamp.Create())),
            sourceCodeKind: SourceCodeKind.Script);
        return (previous.Solution.AddProject(project).AddDocument(document), documentId);
    }

    /// <summary>A solution holding the first <see cref="Count"/> submissions, the last one in <see cref="ProjectId"/>.</summary>
    sealed class Link(Solution solution, ProjectId? projectId, int count)
    {
        public Solution Solution { get; } = solution;
        public ProjectId? ProjectId { get; } = projectId;
        public int Count { get; } = count;
        /// <summary>The last analysed code's project on top of this link, reused while its references and imports stay the same.</summary>
        public CurrentSubmission? Current { get; set; }
    }

    sealed record CurrentSubmission(ProjectKey Key, Solution Solution, DocumentId Document);

    /// <summary>What the analysed code's project is built from; equal keys let the project be reused with new text.</summary>
    sealed class ProjectKey(IReadOnlyList<MetadataReference> references, IReadOnlyList<string> imports, Type? globals)
    {
        readonly IReadOnlyList<MetadataReference> references = references;
        readonly IReadOnlyList<string> imports = imports;
        readonly Type? globals = globals;

        public bool Matches(ProjectKey other) =>
            globals == other.globals
            && references.SequenceEqual(other.references, ReferenceEqualityComparer.Instance)
            && imports.SequenceEqual(other.imports, StringComparer.Ordinal);
    }
}
