using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Completion;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Recommendations;
using Microsoft.CodeAnalysis.Tags;

namespace Course.Notebooks.LanguageSupport;

/// <summary>Completion through Roslyn's <see cref="CompletionService"/>, filtered by the identifier prefix typed at the cursor.</summary>
internal static class CellCompletion
{
    static readonly string[] KindTags =
    [
        WellKnownTags.Keyword, WellKnownTags.Namespace, WellKnownTags.Class, WellKnownTags.Structure, WellKnownTags.Interface,
        WellKnownTags.Enum, WellKnownTags.EnumMember, WellKnownTags.Delegate, WellKnownTags.Method, WellKnownTags.ExtensionMethod,
        WellKnownTags.Property, WellKnownTags.Field, WellKnownTags.Event, WellKnownTags.Constant, WellKnownTags.Local,
        WellKnownTags.Parameter, WellKnownTags.RangeVariable, WellKnownTags.TypeParameter, WellKnownTags.Label, WellKnownTags.Operator,
        WellKnownTags.Module, WellKnownTags.Assembly,
    ];

    public static async Task<CompletionResult> CompleteAsync(ScriptContext context, string code, int cursor, CancellationToken ct)
    {
        var (start, end) = WordAt(code, cursor);
        var empty = new CompletionResult([], start, end, []);
        var (masked, references) = DirectiveMask.Apply(code);
        if (InBlankedLine(code, masked, cursor)) return empty;

        var document = await SubmissionWorkspace.OpenAsync(context, masked, references, ct).ConfigureAwait(false);
        // Full semantics first: completion otherwise settles for a frozen partial compilation that may not see earlier cells yet.
        var model = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
        var service = CompletionService.GetService(document);
        if (service is null) return empty;
        var list = await service.GetCompletionsAsync(document, cursor, cancellationToken: ct).ConfigureAwait(false);
        GC.KeepAlive(model);

        var prefix = code[start..cursor];
        var candidates = list.ItemsList
            .Where(i => i.DisplayTextPrefix.Length == 0 && !i.Tags.Contains(WellKnownTags.Snippet))
            .ToList();
        var matches = Filter(candidates, prefix, StringComparison.Ordinal);
        if (matches.Count == 0) matches = Filter(candidates, prefix, StringComparison.OrdinalIgnoreCase);
        var ordered = matches
            .GroupBy(Insertion, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(Insertion, StringComparer.OrdinalIgnoreCase)
            .ThenBy(Insertion, StringComparer.Ordinal)
            .ToList();

        var signatures = ordered.Count == 0 ? [] : await SignaturesAsync(document, cursor, ct).ConfigureAwait(false);
        var entries = ordered
            .Select(item => new CompletionEntry(Insertion(item), Kind(item), signatures.GetValueOrDefault(Insertion(item))))
            .ToList();
        return new CompletionResult(entries.Select(e => e.Text).ToList(), start, end, entries);
    }

    static List<CompletionItem> Filter(List<CompletionItem> items, string prefix, StringComparison comparison) =>
        items.Where(i => i.FilterText.StartsWith(prefix, comparison) || i.DisplayText.StartsWith(prefix, comparison)).ToList();

    /// <summary>The text the item inserts: Roslyn's insertion text (e.g. "List" for "List&lt;&gt;"), else its display text.</summary>
    static string Insertion(CompletionItem item) =>
        item.Properties.TryGetValue("InsertionText", out var text) && !string.IsNullOrEmpty(text) ? text : item.DisplayText;

    static string Kind(CompletionItem item)
    {
        var tag = KindTags.FirstOrDefault(item.Tags.Contains);
        return tag switch
        {
            null => "text",
            WellKnownTags.ExtensionMethod => "method",
            WellKnownTags.Structure => "struct",
            _ => tag.ToLowerInvariant(),
        };
    }

    /// <summary>Signatures by name of the symbols Roslyn recommends at the cursor ("+ N overloads" for method groups).
    /// Much cheaper than asking the completion service to describe each item.</summary>
    static async Task<Dictionary<string, string>> SignaturesAsync(Document document, int cursor, CancellationToken ct)
    {
        var symbols = await Recommender.GetRecommendedSymbolsAtPositionAsync(document, cursor, cancellationToken: ct).ConfigureAwait(false);
        return symbols
            .GroupBy(s => s.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g =>
            {
                var overloads = g.Count(s => s is IMethodSymbol);
                var signature = g
                    .Select(s => (Symbol: s, Text: SymbolText.Signature(s)))
                    .OrderBy(s => s.Symbol is IMethodSymbol m ? m.Parameters.Length : 0)
                    .ThenBy(s => s.Text, StringComparer.Ordinal)
                    .First().Text;
                return overloads switch
                {
                    <= 1 => signature,
                    2 => $"{signature} (+ 1 overload)",
                    _ => $"{signature} (+ {overloads - 1} overloads)",
                };
            }, StringComparer.Ordinal);
    }

    /// <summary>The identifier around <paramref name="cursor"/>: from its start to its end (the span a match replaces).</summary>
    static (int Start, int End) WordAt(string code, int cursor)
    {
        int start = cursor, end = cursor;
        while (start > 0 && SyntaxFacts.IsIdentifierPartCharacter(code[start - 1])) start--;
        while (end < code.Length && SyntaxFacts.IsIdentifierPartCharacter(code[end])) end++;
        return (start, end);
    }

    static bool InBlankedLine(string code, string masked, int cursor)
    {
        if (ReferenceEquals(code, masked)) return false;
        int lineStart = cursor == 0 ? 0 : code.LastIndexOf('\n', cursor - 1) + 1;
        int lineEnd = code.IndexOf('\n', cursor);
        if (lineEnd < 0) lineEnd = code.Length;
        return !code.AsSpan(lineStart, lineEnd - lineStart).SequenceEqual(masked.AsSpan(lineStart, lineEnd - lineStart));
    }
}
