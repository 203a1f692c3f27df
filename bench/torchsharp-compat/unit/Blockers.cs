using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Measure;

/// <summary>
/// Names the missing API behind a compile error: "Tensor.foo" for a missing member, "torch.zeros(3 args)" for a
/// missing overload, "conversion double -> Tensor" for a missing conversion, and so on. Errors that name the same
/// API get the same key, so the keys can be counted over tests.
/// </summary>
public static class Blockers
{
    static readonly SymbolDisplayFormat Fmt = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters);

    static readonly (string Code, Regex Re, Func<Match, string> Key)[] ByMessage =
    [
        ("CS0117", Re(@"'(?<t>.+?)' does not contain a definition for '(?<m>.+?)'"), m => $"{m.G("t")}.{m.G("m")}"),
        ("CS1061", Re(@"'(?<t>.+?)' does not contain a definition for '(?<m>.+?)'"), m => $"{m.G("t")}.{m.G("m")}"),
        ("CS1929", Re(@"'(?<t>.+?)' does not contain a definition for '(?<m>.+?)'"), m => $"{m.G("t")}.{m.G("m")}"),
        ("CS0234", Re(@"name '(?<m>.+?)' does not exist in the namespace '(?<t>.+?)'"), m => $"{m.G("t")}.{m.G("m")}"),
        ("CS0426", Re(@"name '(?<m>.+?)' does not exist in the type '(?<t>.+?)'"), m => $"{m.G("t")}.{m.G("m")}"),
        ("CS0246", Re(@"name '(?<m>.+?)' could not be found"), m => $"type {m.G("m")}"),
        ("CS0103", Re(@"The name '(?<m>.+?)' does not exist"), m => $"name {m.G("m")} (unqualified)"),
        ("CS1729", Re(@"'(?<t>.+?)' does not contain a constructor that takes (?<n>\d+) arguments"), m => $"new {m.G("t")}({m.G("n")} args)"),
        ("CS0029", Re(@"convert type '(?<a>.+?)' to '(?<b>.+?)'"), m => $"conversion {m.G("a")} -> {m.G("b")}"),
        ("CS0266", Re(@"convert type '(?<a>.+?)' to '(?<b>.+?)'"), m => $"conversion {m.G("a")} -> {m.G("b")}"),
        ("CS0030", Re(@"convert type '(?<a>.+?)' to '(?<b>.+?)'"), m => $"explicit conversion {m.G("a")} -> {m.G("b")}"),
        ("CS0019", Re(@"Operator '(?<o>.+?)' cannot be applied to operands of type '(?<a>.+?)' and '(?<b>.+?)'"), m => $"operator {m.G("o")}({m.G("a")}, {m.G("b")})"),
        ("CS0023", Re(@"Operator '(?<o>.+?)' cannot be applied to operand of type '(?<a>.+?)'"), m => $"operator {m.G("o")}({m.G("a")})"),
        ("CS0021", Re(@"indexing with \[\] to an expression of type '(?<t>.+?)'"), m => $"{m.G("t")}[] indexer"),
        ("CS0308", Re(@"The non-generic \w+ '(?<m>.+?)' cannot be used with type arguments"), m => $"{m.G("m")}<> (generic)"),
        ("CS0305", Re(@"Using the generic \w+ '(?<m>.+?)' requires (?<n>\d+) type arguments"), m => $"{m.G("m")} with other type-argument count"),
        ("CS0122", Re(@"'(?<m>.+?)' is inaccessible"), m => $"{m.G("m")} (inaccessible)"),
        ("CS0200", Re(@"'(?<m>.+?)' cannot be assigned to"), m => $"{m.G("m")} (setter)"),
        ("CS0154", Re(@"indexer '(?<m>.+?)' cannot be used"), m => $"{m.G("m")} (getter)"),
        ("CS1955", Re(@"Non-invocable member '(?<m>.+?)'"), m => $"{m.G("m")} (as a method)"),
        ("CS0120", Re(@"property '(?<m>.+?)'"), m => $"{m.G("m")} (static)"),
        ("CS0176", Re(@"Member '(?<m>.+?)' cannot be accessed with an instance"), m => $"{m.G("m")} (instance)"),
        ("CS0506", Re(@"inherited member '(?<m>.+?)' because"), m => $"{m.G("m")} (virtual)"),
        ("CS0121", Re(@"between the following methods or properties: '(?<a>.+?)' and '(?<b>.+?)'"), m => $"ambiguous {m.G("a")} / {m.G("b")}"),
        ("CS0509", Re(@"cannot derive from sealed type '(?<t>.+?)'"), m => $"{m.G("t")} (sealed: cannot derive from it)"),
        ("CS7036", Re(@"required parameter '(?<p>.+?)' of '(?<s>.+?)'"), m => $"{m.G("s")} (called without '{m.G("p")}')"),
    ];

    static Regex Re(string s) => new(s, RegexOptions.CultureInvariant);
    static string G(this Match m, string g) => Tidy(m.Groups[g].Value);

    /// <summary>Type names as the course reads them: TorchSharp.torch.Tensor -> Tensor, TorchSharp.torch.nn -> torch.nn.</summary>
    public static string Tidy(string s) =>
        Regex.Replace(s.Replace("TorchSharp.torch.Tensor", "Tensor").Replace("torch.Tensor", "Tensor"), @"\bTorchSharp\.(?=torch|Modules)", "");

    /// <summary>The key of one error diagnostic; <paramref name="model"/> resolves the method of an overload error.</summary>
    public static string Key(Diagnostic d, SemanticModel? model)
    {
        var msg = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        switch (d.Id)
        {
            case "CS1501" or "CS1503" or "CS1739" or "CS1744" or "CS1620" or "CS1615" or "CS1660" or "CS1593" or "CS1661" or "CS1678":
                var method = Callee(d, model) ?? (Regex.Match(msg, @"'(?<m>[^']+)'") is { Success: true } mm ? Tidy(mm.Groups["m"].Value) : "?");
                return d.Id switch
                {
                    "CS1501" => $"{method}({Regex.Match(msg, @"takes (\d+)").Groups[1].Value} args)",
                    "CS1503" => $"{method}(arg {Regex.Match(msg, @"Argument (\d+)").Groups[1].Value}: {Tidy(Regex.Match(msg, @"from '(.+?)' to").Groups[1].Value)})",
                    "CS1739" => $"{method}({Regex.Match(msg, @"parameter named '(.+?)'").Groups[1].Value}:)",
                    "CS1744" => $"{method}({Regex.Match(msg, @"argument '(.+?)'").Groups[1].Value}: is not where it is upstream)",
                    _ => $"{method}: {d.Id} {Tidy(msg)}",
                };
            case "CS0115" or "CS0508" or "CS0533":
                return $"{Overridden(d, model)} (override)";
            case "CS1061" or "CS0117" when InheritedFrom(d, model) is { } owner:
                return $"{owner}.{Regex.Match(msg, @"definition for '(.+?)'").Groups[1].Value} (inherited)";
        }
        foreach (var (code, re, key) in ByMessage)
            if (code == d.Id && re.Match(msg) is { Success: true } m)
                return key(m);
        return $"{d.Id}: {Tidy(msg)}";
    }

    /// <summary>For a member missing on a test's own class: the binding's base class it should come from.</summary>
    static string? InheritedFrom(Diagnostic d, SemanticModel? model)
    {
        var receiver = Receiver(d, model);
        if (receiver == null || !receiver.Locations.Any(l => l.IsInSource)) return null;
        for (var t = receiver.BaseType; t != null; t = t.BaseType)
            if (!t.Locations.Any(l => l.IsInSource) && t.TypeKind != TypeKind.Error && t.SpecialType != SpecialType.System_Object)
                return Tidy(t.OriginalDefinition.ToDisplayString(Fmt));
        return null;
    }

    static ITypeSymbol? Receiver(Diagnostic d, SemanticModel? model)
    {
        if (model == null || d.Location.SourceTree is not { } tree) return null;
        var node = tree.GetRoot().FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true);
        var receiver = node.AncestorsAndSelf().OfType<MemberAccessExpressionSyntax>().FirstOrDefault()?.Expression;
        return receiver == null ? null : model.GetTypeInfo(receiver).Type ?? model.GetSymbolInfo(receiver).Symbol as ITypeSymbol;
    }

    /// <summary>Errors that only follow from another error: a variable whose type could not be inferred, anything said
    /// about a test's own class whose base class failed (<paramref name="brokenTypes"/>), a name missing in such a class.</summary>
    public static bool IsCascade(Diagnostic d, SemanticModel? model, IReadOnlySet<string> brokenTypes)
    {
        if (d.Id is "CS8130" or "CS8131" or "CS8183" or "CS0815" or "CS8197" or "CS1662") return true;
        var msg = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        if (d.Id is not ("CS0509" or "CS0246" or "CS0234" or "CS0426" or "CS0115" or "CS0534" or "CS0535" or "CS0308" or "CS0305")
            && brokenTypes.Any(t => msg.Contains($"'{t}'") || msg.Contains($"'{t}.") || msg.Contains($"'{t}<"))) return true;
        if (model == null || d.Location.SourceTree is not { } tree) return false;
        var node = tree.GetRoot().FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true);
        switch (d.Id)
        {
            case "CS1503" or "CS1739" or "CS1501" or "CS7036" when CalleeSymbol(d, model) is IMethodSymbol m && m.Locations.Any(l => l.IsInSource):
                return m.Parameters.Any(p => p.Type.TypeKind == TypeKind.Error || p.Type is IArrayTypeSymbol { ElementType.TypeKind: TypeKind.Error });
            case "CS1729":
                return model.GetTypeInfo(node.AncestorsAndSelf().OfType<ObjectCreationExpressionSyntax>().FirstOrDefault() ?? node).Type
                           is { SpecialType: SpecialType.System_Object } || d.GetMessage().StartsWith("'object'");
            case "CS0103":
                var owner = node.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault();
                for (var t = owner == null ? null : (model.GetDeclaredSymbol(owner) as INamedTypeSymbol)?.BaseType; t != null; t = t.BaseType)
                    if (t.TypeKind == TypeKind.Error) return true;
                return false;
        }
        return false;
    }

    /// <summary>"Type.method" of the call an overload error is about, from the candidates the binder considered.</summary>
    static string? Callee(Diagnostic d, SemanticModel? model)
    {
        var s = CalleeSymbol(d, model);
        if (s == null) return null;
        var owner = s.ContainingType?.ToDisplayString(Fmt);
        return Tidy(s is IMethodSymbol { MethodKind: MethodKind.Constructor } ? "new " + owner : $"{owner}.{s.Name}");
    }

    static ISymbol? CalleeSymbol(Diagnostic d, SemanticModel? model)
    {
        if (model == null || d.Location.SourceTree is not { } tree) return null;
        var node = tree.GetRoot().FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true);
        // An argument error lies on the argument: the call is the one whose argument list holds it.
        if (d.Id is "CS1503" or "CS1739" or "CS1744" or "CS1620" or "CS1615"
            && node.AncestorsAndSelf().OfType<ArgumentSyntax>().FirstOrDefault() is { Parent.Parent: { } call })
            node = call;
        foreach (var n in node.AncestorsAndSelf())
        {
            if (n is not (InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or ElementAccessExpressionSyntax
                          or ConstructorInitializerSyntax or PrimaryConstructorBaseTypeSyntax)) continue;
            var info = model.GetSymbolInfo(n);
            return info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
        }
        return null;
    }

    /// <summary>"Base.member" that an override declaration expects to find.</summary>
    static string Overridden(Diagnostic d, SemanticModel? model)
    {
        var node = d.Location.SourceTree?.GetRoot().FindNode(d.Location.SourceSpan);
        var member = node?.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault();
        var declared = member is null || model is null ? null : model.GetDeclaredSymbol(member);
        var baseType = declared?.ContainingType?.BaseType?.OriginalDefinition.ToDisplayString(Fmt);
        var name = declared?.Name ?? "?";
        return Tidy($"{baseType ?? "?"}.{name}");
    }

    /// <summary>The test sources' own types whose base class or interface is missing, as error messages name them.</summary>
    public static HashSet<string> BrokenTypes(Compilation compilation, Dictionary<SyntaxTree, SemanticModel> models)
    {
        var broken = new HashSet<string>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!models.TryGetValue(tree, out var model)) models[tree] = model = compilation.GetSemanticModel(tree);
            foreach (var td in tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
                if (model.GetDeclaredSymbol(td) is INamedTypeSymbol t
                    && (Bases(t).Any(b => b.TypeKind == TypeKind.Error || b.IsSealed && !b.Locations.Any(l => l.IsInSource))
                        || t.Interfaces.Any(i => i.TypeKind == TypeKind.Error)))
                    broken.Add(t.ToDisplayString());
        }
        return broken;

        static IEnumerable<INamedTypeSymbol> Bases(INamedTypeSymbol t)
        {
            for (var b = t.BaseType; b != null; b = b.BaseType) yield return b;
        }
    }
}
