using System.Collections;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Measure;

/// <summary>
/// A piece of upstream code that compiles or fails as a whole: a test method, a helper member of a test class
/// (method, field, property, nested type), or a top-level type without tests (module classes, attributes, bases).
/// </summary>
public sealed class Unit
{
    public required int Id { get; init; }
    public required string File { get; init; }
    /// <summary>The test class it is a member of, or null for a top-level helper type.</summary>
    public required string? Class { get; init; }
    /// <summary>The names other code uses it by (a field declaration may declare several).</summary>
    public required HashSet<string> Names { get; init; }
    /// <summary>Identifiers used inside it (and in its class's base list): candidate dependencies.</summary>
    public required HashSet<string> Refs { get; init; }
    public TestCase? Test { get; init; }
    /// <summary>Constructors, finalizers, operators and indexers: every member of the class needs them.</summary>
    public bool ClassWide { get; init; }
    public string Label => Test?.Id ?? $"{Class ?? ""}{(Class != null ? "." : "")}{string.Join("/", Names.DefaultIfEmpty("(ctor)"))} in {File}";
}

/// <summary>One compile error, as the missing API it names and where it is.</summary>
public sealed record Blocker(string Key, string Code, string Where, string Message, bool Cascade);

/// <summary>What compiling the selection found: per test, its blockers; and the assembly of the tests that compile.</summary>
public sealed class CompileResult
{
    /// <summary>Errors per test: its own, and those of the helpers it uses (by name, transitively). Empty: it compiles.</summary>
    public Dictionary<TestCase, List<Blocker>> Errors { get; } = [];
    /// <summary>Errors per test when every helper of its file must compile too (the file minus the other tests).</summary>
    public Dictionary<TestCase, List<Blocker>> WholeFile { get; } = [];
    /// <summary>Per failing helper, its own errors (reported once, and inherited by the tests above).</summary>
    public Dictionary<string, List<Blocker>> Helpers { get; } = [];
    /// <summary>Per failing helper, the tests that use it.</summary>
    public Dictionary<string, List<TestCase>> HelperUsers { get; } = [];
    public byte[]? Assembly { get; set; }
    public int Rounds { get; set; }
}

/// <summary>
/// Compiles the selected tests against the binding in one compilation and attributes each error to the test or
/// helper it lies in (a diagnostic inside a method body blocks only that method). Failing tests and helpers are
/// then removed, together with everything that uses a failing helper, and the rest is compiled again until it
/// compiles cleanly; that assembly holds exactly the tests that compile.
/// </summary>
public sealed class Engine(TestSource source, IReadOnlySet<TestCase> selected, string binding, CSharpParseOptions parse)
{
    const string UnitTag = "unit", ClassTag = "test-class";
    readonly List<Unit> units = [];
    readonly Dictionary<int, List<Blocker>> unitErrors = [];
    readonly Dictionary<string, List<Blocker>> classErrors = [], fileErrors = [];

    public CompileResult Run(TextWriter log)
    {
        var trees = source.Trees.Select(kv => Annotate(kv.Key, kv.Value)).ToList();
        var deps = Dependencies();
        var references = Refs.For(binding);
        var removed = new HashSet<int>();
        var droppedClasses = new HashSet<string>();
        var result = new CompileResult();
        for (var round = 1; ; round++)
        {
            var current = trees.Select(t => Prune(t, removed, droppedClasses)).ToList();
            var compilation = CSharpCompilation.Create("UpstreamTests", current, references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable,
                                             allowUnsafe: true, concurrentBuild: true));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            log.WriteLine($"  round {round}: {compilation.SyntaxTrees.Count()} files, {errors.Count} errors");
            result.Rounds = round;
            if (errors.Count == 0)
            {
                using var pe = new MemoryStream();
                var emit = compilation.Emit(pe);
                if (!emit.Success) throw new InvalidOperationException("emit failed: " + emit.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error));
                result.Assembly = pe.ToArray();
                break;
            }
            if (round == 8) throw new InvalidOperationException("compilation did not converge: " + errors[0]);
            var models = new Dictionary<SyntaxTree, SemanticModel>();
            var broken = Blockers.BrokenTypes(compilation, models);
            foreach (var e in errors) Attribute(e, compilation, models, broken);
            // Everything that fails, and everything that uses something that fails, is left out of the next round.
            foreach (var u in units.Where(u => !removed.Contains(u.Id)))
                if (unitErrors.ContainsKey(u.Id) || deps[u.Id].Any(unitErrors.ContainsKey)
                    || (u.Class != null && classErrors.ContainsKey(u.Class)) || fileErrors.ContainsKey(u.File))
                    removed.Add(u.Id);
            droppedClasses.UnionWith(classErrors.Keys);
            // A test class none of whose members is left goes too (its base list may name a removed helper).
            droppedClasses.UnionWith(units.Where(u => u.Class != null).GroupBy(u => u.Class!)
                                          .Where(g => g.All(u => removed.Contains(u.Id))).Select(g => g.Key));
        }

        // An error that only follows from another one in the same place is not a blocker of its own.
        foreach (var map in new IDictionary[] { unitErrors, classErrors, fileErrors })
            foreach (List<Blocker> list in map.Values)
                if (list.Any(b => !b.Cascade)) list.RemoveAll(b => b.Cascade);
        foreach (var (id, errs) in unitErrors)
            if (units[id].Test == null)
            {
                result.Helpers[units[id].Label] = errs;
                result.HelperUsers[units[id].Label] = units.Where(u => u.Test != null && deps[u.Id].Contains(id)).Select(u => u.Test!).ToList();
            }
        foreach (var u in units.Where(u => u.Test != null))
        {
            var file = fileErrors.GetValueOrDefault(u.File) ?? [];
            var cls = classErrors.GetValueOrDefault(u.Class!) ?? [];
            var own = unitErrors.GetValueOrDefault(u.Id) ?? [];
            var used = deps[u.Id].SelectMany(h => unitErrors.GetValueOrDefault(h) ?? []);
            var sameFile = units.Where(h => h.Test == null && h.File == u.File).SelectMany(h => unitErrors.GetValueOrDefault(h.Id) ?? []);
            result.Errors[u.Test!] = Real(file.Concat(cls).Concat(own).Concat(used));
            result.WholeFile[u.Test!] = Real(file.Concat(cls).Concat(own).Concat(used).Concat(sameFile));
        }
        return result;
    }

    /// <summary>The errors, one per missing API, without the ones that only follow from others when there are others.</summary>
    static List<Blocker> Real(IEnumerable<Blocker> all)
    {
        var list = all.GroupBy(b => b.Key).Select(g => g.First()).ToList();
        return list.Any(b => !b.Cascade) ? list.Where(b => !b.Cascade).ToList() : list;
    }

    /// <summary>Makes units of a file's members and tags their syntax nodes, so errors can be traced back after pruning.</summary>
    SyntaxTree Annotate(string file, SyntaxTree tree)
    {
        var root = tree.GetRoot();
        var tags = new Dictionary<SyntaxNode, SyntaxAnnotation>();
        var topTypes = root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
                           .OfType<MemberDeclarationSyntax>().Where(m => m is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax);
        foreach (var type in topTypes)
        {
            if (type is TypeDeclarationSyntax td && td.Members.Any(TestSource.IsTest))
            {
                var cls = td.Identifier.Text;
                var baseRefs = td.BaseList is { } bl ? Identifiers(bl) : [];
                tags[td] = new SyntaxAnnotation(ClassTag, cls);
                foreach (var m in td.Members)
                {
                    var test = m is MethodDeclarationSyntax md && TestSource.IsTest(md)
                        ? source.Tests.First(t => t.Syntax == md) : null;
                    if (test != null && !selected.Contains(test)) { tags[m] = new SyntaxAnnotation(UnitTag, "drop"); continue; }
                    var refs = Identifiers(m);
                    refs.UnionWith(baseRefs);
                    tags[m] = Add(new Unit
                    {
                        Id = units.Count, File = file, Class = cls, Names = NamesOf(m), Refs = refs, Test = test,
                        ClassWide = m is ConstructorDeclarationSyntax or DestructorDeclarationSyntax or OperatorDeclarationSyntax
                                    or ConversionOperatorDeclarationSyntax or IndexerDeclarationSyntax,
                    });
                }
            }
            else
                tags[type] = Add(new Unit { Id = units.Count, File = file, Class = null, Names = NamesOf(type), Refs = Identifiers(type) });
        }
        // Test classes carry both tags' kinds on different nodes; members are replaced inside the class first.
        var annotated = root.ReplaceNodes(tags.Keys, (orig, rewritten) => rewritten.WithAdditionalAnnotations(tags[orig]));
        return tree.WithRootAndOptions(annotated, parse);
    }

    SyntaxAnnotation Add(Unit u)
    {
        units.Add(u);
        return new SyntaxAnnotation(UnitTag, u.Id.ToString());
    }

    static HashSet<string> Identifiers(SyntaxNode n) =>
        n.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).ToHashSet();

    static HashSet<string> NamesOf(MemberDeclarationSyntax m)
    {
        var names = m switch
        {
            BaseTypeDeclarationSyntax t => [t.Identifier.Text],
            DelegateDeclarationSyntax d => [d.Identifier.Text],
            MethodDeclarationSyntax md => [md.Identifier.Text],
            PropertyDeclarationSyntax p => [p.Identifier.Text],
            EventDeclarationSyntax e => [e.Identifier.Text],
            BaseFieldDeclarationSyntax f => f.Declaration.Variables.Select(v => v.Identifier.Text).ToHashSet(),
            _ => new HashSet<string>(),
        };
        // [TestOf(...)] names TestOfAttribute.
        foreach (var n in names.Where(n => n.EndsWith("Attribute") && n.Length > 9).ToList()) names.Add(n[..^9]);
        return names;
    }

    /// <summary>Per unit, the helpers it uses, transitively: by name, a helper of its own class first, else any.</summary>
    Dictionary<int, HashSet<int>> Dependencies()
    {
        var helpers = units.Where(u => u.Test == null).ToList();
        var direct = units.ToDictionary(u => u.Id, u =>
        {
            var set = new HashSet<int>();
            foreach (var r in u.Refs)
            {
                var own = helpers.Where(h => h.Class != null && h.Class == u.Class && h.Names.Contains(r)).ToList();
                // Elsewhere: a top-level type, or a member of another test class that the unit names (TestTraining.CreateDataAndLabels).
                var other = helpers.Where(h => h.Names.Contains(r) && (h.Class == null || u.Refs.Contains(h.Class))).ToList();
                foreach (var h in own.Count > 0 ? own : other) set.Add(h.Id);
            }
            if (u.Class != null) set.UnionWith(helpers.Where(h => h.ClassWide && h.Class == u.Class).Select(h => h.Id));
            set.Remove(u.Id);
            return set;
        });
        return units.ToDictionary(u => u.Id, u =>
        {
            var seen = new HashSet<int>();
            var todo = new Stack<int>(direct[u.Id]);
            while (todo.Count > 0)
                if (seen.Add(todo.Peek())) foreach (var d in direct[todo.Pop()]) todo.Push(d);
                else todo.Pop();
            seen.Remove(u.Id);
            return seen;
        });
    }

    /// <summary>The tree without the unselected tests, the removed units, the dropped classes and the failing usings.</summary>
    SyntaxTree Prune(SyntaxTree tree, HashSet<int> removed, HashSet<string> droppedClasses)
    {
        var root = tree.GetRoot();
        var file = Path.GetFileName(tree.FilePath);
        var drop = root.GetAnnotatedNodes(UnitTag)
                       .Where(n => n.GetAnnotations(UnitTag).Any(a => a.Data == "drop" || removed.Contains(int.Parse(a.Data!))))
                       .Concat(root.GetAnnotatedNodes(ClassTag).Where(n => n.GetAnnotations(ClassTag).Any(a => droppedClasses.Contains(a.Data!))))
                       .ToList();
        // A using directive that fails to resolve blocks the file's tests (already recorded); dropping it lets the
        // file's helpers still serve other files.
        if (fileErrors.ContainsKey(file))
            drop.AddRange(root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax)
                              .OfType<UsingDirectiveSyntax>().Where(u => failingUsings.Contains((file, u.ToString()))));
        drop = drop.Where(n => !drop.Any(o => o != n && o.Span.Contains(n.Span))).ToList();
        return drop.Count == 0 ? tree : tree.WithRootAndOptions(root.RemoveNodes(drop, SyntaxRemoveOptions.KeepDirectives)!, parse);
    }

    readonly HashSet<(string, string)> failingUsings = [];

    /// <summary>Records one error against the test or helper it lies in, else its test class, else its file.</summary>
    void Attribute(Diagnostic e, Compilation compilation, Dictionary<SyntaxTree, SemanticModel> models, IReadOnlySet<string> broken)
    {
        var tree = e.Location.SourceTree;
        SemanticModel? model = null;
        if (tree != null && !models.TryGetValue(tree, out model)) models[tree] = model = compilation.GetSemanticModel(tree);
        var line = e.Location.GetLineSpan();
        var file = tree == null ? "(no file)" : Path.GetFileName(tree.FilePath);
        var blocker = new Blocker(Blockers.Key(e, model), e.Id, $"{file}:{line.StartLinePosition.Line + 1}",
                                  Blockers.Tidy(e.GetMessage(System.Globalization.CultureInfo.InvariantCulture)),
                                  Blockers.IsCascade(e, model, broken));
        var node = tree?.GetRoot().FindNode(e.Location.SourceSpan, getInnermostNodeForTie: true);
        var unitNode = node?.AncestorsAndSelf().FirstOrDefault(n => n.HasAnnotations(UnitTag));
        if (unitNode != null)
        {
            var id = int.Parse(unitNode.GetAnnotations(UnitTag).First().Data!);
            Record(unitErrors, id, blocker);
        }
        else if (node?.AncestorsAndSelf().FirstOrDefault(n => n.HasAnnotations(ClassTag)) is { } cls)
            Record(classErrors, cls.GetAnnotations(ClassTag).First().Data!, blocker);
        else
        {
            Record(fileErrors, file, blocker);
            if (node?.AncestorsAndSelf().OfType<UsingDirectiveSyntax>().FirstOrDefault() is { } u) failingUsings.Add((file, u.ToString()));
            else throw new InvalidOperationException($"an error outside any member that cannot be left out: {e}");
        }
    }

    static void Record<TK>(Dictionary<TK, List<Blocker>> map, TK key, Blocker b) where TK : notnull
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        if (!list.Any(x => x.Key == b.Key)) list.Add(b);
    }
}
