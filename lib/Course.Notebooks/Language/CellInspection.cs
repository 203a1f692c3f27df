using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Course.Notebooks.LanguageSupport;

/// <summary>Finds the symbol at the cursor and writes its signature(s) and documentation.</summary>
internal static class CellInspection
{
    /// <summary>Overloads listed beyond the first; the rest are counted.</summary>
    const int MaxOverloads = 12;

    static readonly InspectResult NotFound = new(false, null, null);

    public static async Task<InspectResult> InspectAsync(ScriptContext context, string code, int cursor, int detailLevel, CancellationToken ct)
    {
        var (masked, references) = DirectiveMask.Apply(code);
        var document = await SubmissionWorkspace.OpenAsync(context, masked, references, ct).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
        if (model is null) return NotFound;
        var root = await model.SyntaxTree.GetRootAsync(ct).ConfigureAwait(false);

        var node = NodeAt(root, cursor) ?? CallAround(root, cursor);
        if (node is null) return NotFound;
        var (primary, group) = SymbolsOf(model, node, ct);
        if (primary is null) return NotFound;

        var signatures = group.Select(SymbolText.Signature).Distinct().ToList();
        var shown = signatures.Take(MaxOverloads + 1).ToList();
        if (signatures.Count > shown.Count) shown.Add(signatures.Count - shown.Count == 1 ? "(+ 1 more overload)" : $"(+ {signatures.Count - shown.Count} more overloads)");
        var docSymbol = primary is IMethodSymbol { ReducedFrom: { } unreduced } ? unreduced : primary;
        var plain = DocComment.For(docSymbol.OriginalDefinition, markdown: false, ct);
        var markdown = DocComment.For(docSymbol.OriginalDefinition, markdown: true, ct);
        return new InspectResult(true, Render(shown, plain, detailLevel, md: false), Render(shown, markdown, detailLevel, md: true));
    }

    /// <summary>The name, keyword or declaration whose token holds <paramref name="cursor"/> or ends right at it.</summary>
    static SyntaxNode? NodeAt(SyntaxNode root, int cursor)
    {
        foreach (var position in new[] { cursor, cursor - 1 })
        {
            if (position < 0 || position >= root.FullSpan.End) continue;
            var token = root.FindToken(position);
            if (!token.Span.Contains(position)) continue;
            if (token.IsKind(SyntaxKind.IdentifierToken) || SyntaxFacts.IsPredefinedType(token.Kind())
                || token.Kind() is SyntaxKind.ThisKeyword or SyntaxKind.BaseKeyword or SyntaxKind.NewKeyword)
                return token.Parent;
        }
        return null;
    }

    /// <summary>Inside a call's argument list, the called expression (what Jupyter's contextual help asks about while typing arguments).</summary>
    static SyntaxNode? CallAround(SyntaxNode root, int cursor)
    {
        if (cursor <= 0 || cursor > root.FullSpan.End) return null;
        var token = root.FindToken(Math.Min(cursor, root.FullSpan.End - 1));
        var arguments = token.Parent?.AncestorsAndSelf().OfType<BaseArgumentListSyntax>()
            .FirstOrDefault(a => a.OpenToken().Span.End <= cursor && (a.CloseToken().IsMissing || cursor <= a.CloseToken().SpanStart));
        return arguments?.Parent switch
        {
            InvocationExpressionSyntax call => call.Expression is MemberAccessExpressionSyntax access ? access.Name : call.Expression,
            BaseObjectCreationExpressionSyntax creation => creation,
            _ => null,
        };
    }

    static SyntaxToken OpenToken(this BaseArgumentListSyntax list) => list switch
    {
        ArgumentListSyntax a => a.OpenParenToken,
        BracketedArgumentListSyntax b => b.OpenBracketToken,
        _ => default,
    };

    static SyntaxToken CloseToken(this BaseArgumentListSyntax list) => list switch
    {
        ArgumentListSyntax a => a.CloseParenToken,
        BracketedArgumentListSyntax b => b.CloseBracketToken,
        _ => default,
    };

    /// <summary>The symbol the node stands for (or declares) and, for a method, every overload in its group, the bound one first.</summary>
    static (ISymbol? Primary, List<ISymbol> Group) SymbolsOf(SemanticModel model, SyntaxNode node, CancellationToken ct)
    {
        var target = node;
        var info = model.GetSymbolInfo(target, ct);
        var bound = info.Symbol;
        var candidates = info.CandidateSymbols.ToList();
        if (bound is null && candidates.Count == 0)
        {
            bound = model.GetDeclaredSymbol(target, ct);
            if (bound is null && target is IdentifierNameSyntax { IsVar: true }) bound = model.GetTypeInfo(target, ct).Type;
        }
        if (bound is null && candidates.Count == 0) return (null, []);

        var group = new List<ISymbol>();
        if (bound is not null) group.Add(bound);
        if ((bound ?? candidates[0]) is IMethodSymbol)
        {
            var access = target.Parent is MemberAccessExpressionSyntax a && a.Name == target ? a : null;
            // On a type (string.Join) extension methods of the type as a value do not apply.
            var onType = access is not null && model.GetSymbolInfo(access.Expression, ct).Symbol is ITypeSymbol;
            var members = model.GetMemberGroup((SyntaxNode?)access ?? target, ct).Concat(candidates);
            group.AddRange(members
                .Where(m => !SymbolEqualityComparer.Default.Equals(m, bound))
                .Where(m => !(onType && m is IMethodSymbol { MethodKind: MethodKind.ReducedExtension }))
                .Distinct(SymbolEqualityComparer.Default)
                .OrderBy(m => m is IMethodSymbol method ? method.Parameters.Length : 0)
                .ThenBy(SymbolText.Signature, StringComparer.Ordinal));
        }
        else if (bound is null) group.AddRange(candidates.Distinct(SymbolEqualityComparer.Default));
        return (bound ?? group[0], group);
    }

    static string Render(List<string> signatures, DocComment doc, int detailLevel, bool md)
    {
        var sb = new StringBuilder();
        if (md) sb.Append("```csharp\n").AppendJoin('\n', signatures).Append("\n```\n");
        else sb.AppendJoin('\n', signatures).Append('\n');
        if (doc.Summary is { } summary) sb.Append('\n').Append(summary).Append('\n');
        if (detailLevel < 1) return sb.ToString().TrimEnd();

        Section(sb, md, "Type parameters", doc.TypeParameters);
        Section(sb, md, "Parameters", doc.Parameters);
        if (doc.Returns is { } returns) sb.Append('\n').Append(md ? "**Returns:** " : "Returns: ").Append(returns).Append('\n');
        Section(sb, md, "Exceptions", doc.Exceptions);
        if (doc.Remarks is { } remarks) sb.Append('\n').Append(md ? "**Remarks:**\n\n" : "Remarks:\n").Append(remarks).Append('\n');
        return sb.ToString().TrimEnd();
    }

    static void Section(StringBuilder sb, bool md, string title, IReadOnlyList<(string Name, string Text)> items)
    {
        if (items.Count == 0) return;
        sb.Append('\n').Append(md ? $"**{title}:**\n\n" : $"{title}:\n");
        foreach (var (name, text) in items)
            sb.Append(md ? $"- `{name}`: {text}\n" : $"  {name}: {text}\n");
    }
}
