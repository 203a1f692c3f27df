using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Measure;

/// <summary>One upstream test method: where it is, what it says it tests, and whether upstream skips it here.</summary>
public sealed record TestCase(string File, string Class, string TypeName, string Method, IReadOnlyList<string> Subjects,
                              string? Skip, bool IsTheory, MethodDeclarationSyntax Syntax)
{
    /// <summary>The name the reports use: Class.Method (test method names are unique per class upstream).</summary>
    public string Id => $"{Class}.{Method}";
}

/// <summary>The upstream test files, parsed once, and the test methods in them.</summary>
public sealed class TestSource
{
    static readonly HashSet<string> TestAttributes = ["Fact", "Theory", "FactIgnoreOnPlatform", "SkippableFact"];

    /// <summary>The parsed files, by file name (without folder).</summary>
    public IReadOnlyDictionary<string, SyntaxTree> Trees { get; }
    /// <summary>Every test method of every file, in file order.</summary>
    public IReadOnlyList<TestCase> Tests { get; }

    public TestSource(string folder, CSharpParseOptions options)
    {
        var trees = new Dictionary<string, SyntaxTree>();
        var tests = new List<TestCase>();
        // netstandardTests.cs is compiled upstream only for .NET Framework (net472).
        foreach (var path in Directory.GetFiles(folder, "*.cs").Where(p => Path.GetFileName(p) != "netstandardTests.cs").Order())
        {
            var name = Path.GetFileName(path);
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(path), options, path);
            trees[name] = tree;
            foreach (var m in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
                if (TestAttribute(m) is { } attr)
                    tests.Add(new TestCase(name, ClassName(m), MetadataName(m), m.Identifier.Text, Subjects(m), SkipReason(attr),
                                           AttrName(attr) == "Theory", m));
        }
        Trees = trees;
        Tests = tests;
    }

    /// <summary>The xunit attribute that makes <paramref name="m"/> a test, or null for a helper method.</summary>
    public static AttributeSyntax? TestAttribute(MethodDeclarationSyntax m) =>
        m.AttributeLists.SelectMany(l => l.Attributes).FirstOrDefault(a => TestAttributes.Contains(AttrName(a)));

    public static bool IsTest(MemberDeclarationSyntax m) => m is MethodDeclarationSyntax md && TestAttribute(md) != null;

    static string AttrName(AttributeSyntax a)
    {
        var n = a.Name.ToString();
        n = n[(n.LastIndexOf('.') + 1)..];
        return n.EndsWith("Attribute") ? n[..^"Attribute".Length] : n;
    }

    /// <summary>The enclosing type names, outermost first, joined with dots (nested test classes keep their outer name).</summary>
    static string ClassName(SyntaxNode n) =>
        string.Join(".", n.Ancestors().OfType<BaseTypeDeclarationSyntax>().Reverse().Select(t => t.Identifier.Text));

    /// <summary>The runtime name of the enclosing type: Namespace.Outer+Inner.</summary>
    static string MetadataName(SyntaxNode n)
    {
        var ns = string.Join(".", n.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(d => d.Name.ToString()));
        var type = string.Join("+", n.Ancestors().OfType<BaseTypeDeclarationSyntax>().Reverse().Select(t => t.Identifier.Text));
        return ns.Length == 0 ? type : ns + "." + type;
    }

    /// <summary>The subjects named by [TestOf(nameof(X.y))] / [TestOf("y")], as written.</summary>
    static IReadOnlyList<string> Subjects(MethodDeclarationSyntax m) =>
        m.AttributeLists.SelectMany(l => l.Attributes).Where(a => AttrName(a) == "TestOf")
         .Select(a => a.ArgumentList?.Arguments.FirstOrDefault()?.Expression switch
         {
             InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "nameof" } } inv
                 => inv.ArgumentList.Arguments[0].Expression.ToString(),
             LiteralExpressionSyntax lit => lit.Token.ValueText,
             var e => e?.ToString() ?? ""
         }).ToList();

    /// <summary>Why upstream skips the test on this machine (Skip = "...", or FactIgnoreOnPlatform naming Linux), else null.</summary>
    static string? SkipReason(AttributeSyntax a)
    {
        var args = a.ArgumentList?.Arguments ?? default;
        if (args.FirstOrDefault(x => x.NameEquals?.Name.Identifier.Text == "Skip") is { } skip)
            return skip.Expression is LiteralExpressionSyntax l ? l.Token.ValueText : skip.Expression.ToString();
        if (AttrName(a) == "FactIgnoreOnPlatform")
        {
            var strings = args.Select(x => x.Expression).OfType<LiteralExpressionSyntax>().Select(l => l.Token.ValueText).ToList();
            if (strings.Skip(strings.Count > 1 ? 1 : 0).Any(s => s.Equals("linux", StringComparison.OrdinalIgnoreCase)))
                return strings.Count > 1 ? strings[0] : "ignored on Linux";
        }
        return null;
    }
}
