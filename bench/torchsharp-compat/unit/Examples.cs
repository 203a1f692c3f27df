using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Measure;

/// <summary>
/// Compiles TorchSharpExamples' files (unchanged) against the binding and prints every compile error, grouped per
/// file by the missing API. Roslyn reports the errors of all method bodies, where csc stops after declaration errors.
/// </summary>
public static class Examples
{
    public static int Run(string dir, string binding, IEnumerable<string> extraRefs, string outDir, CSharpParseOptions parse)
    {
        var trees = Directory.GetFiles(dir, "*.cs").Order()
                             .Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), parse, p)).ToList();
        var compilation = CSharpCompilation.Create("Examples", trees, Refs.For(binding, extraRefs),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        var all = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var models = new Dictionary<SyntaxTree, SemanticModel>();
        var broken = Blockers.BrokenTypes(compilation, models);
        // Errors that only follow from another one (a call to a method whose parameter type is missing...) are left out.
        var errors = all.Where(e => !Blockers.IsCascade(e, models[e.Location.SourceTree!], broken)).ToList();
        if (errors.Count == 0) errors = all;
        var s = new StringBuilder();
        s.AppendLine($"TorchSharpExamples against {binding}: {trees.Count} files, {all.Count} errors " +
                     $"({all.Count - errors.Count} of them only following from others, not listed)");
        foreach (var tree in trees)
        {
            var model = models[tree];
            var mine = errors.Where(e => e.Location.SourceTree == tree).ToList();
            s.AppendLine();
            s.AppendLine($"{Path.GetFileName(tree.FilePath)}: {(mine.Count == 0 ? "compiles" : $"{mine.Count} errors")}");
            foreach (var g in mine.GroupBy(e => Blockers.Key(e, model)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
            {
                var lines = string.Join(",", g.Select(e => e.Location.GetLineSpan().StartLinePosition.Line + 1).Distinct().Order());
                s.AppendLine($"  {g.Count(),3} x {g.Key}   [{g.First().Id}; line {lines}]");
            }
        }
        var missing = errors.Select(e => Blockers.Key(e, models[e.Location.SourceTree!])).Distinct().Count();
        s.AppendLine();
        s.AppendLine($"{missing} distinct missing APIs; {trees.Count(t => all.All(e => e.Location.SourceTree != t))} of {trees.Count} files compile.");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "examples.txt"), s.ToString());
        Console.Write(s.ToString());
        return 0;
    }
}
