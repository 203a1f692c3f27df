using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Course.Notebooks.LanguageSupport;

namespace Course.Notebooks;

/// <summary>
/// Code completion, inspection and completeness checks for notebook cells, analysed as the next submission of a
/// script state (what a Jupyter kernel answers <c>complete_request</c>, <c>inspect_request</c> and <c>is_complete_request</c> with).
/// Requests may come from any thread; the first one pays for MEF composition and JIT.
/// </summary>
public static class LanguageServices
{
    static readonly CSharpParseOptions ScriptParseOptions = new(LanguageVersion.Latest, DocumentationMode.Parse, SourceCodeKind.Script);

    /// <summary>Completions for the identifier being typed at <paramref name="cursor"/> (a UTF-16 index into <paramref name="code"/>).</summary>
    public static Task<CompletionResult> CompleteAsync(ScriptContext context, string code, int cursor, CancellationToken ct = default) =>
        CellCompletion.CompleteAsync(context, code, Math.Clamp(cursor, 0, code.Length), ct);

    /// <summary>The signature and documentation of the symbol at (or just before) <paramref name="cursor"/>, a UTF-16 index;
    /// <paramref name="detailLevel"/> 1 adds parameters, returns, exceptions and remarks.</summary>
    public static Task<InspectResult> InspectAsync(ScriptContext context, string code, int cursor, int detailLevel = 0, CancellationToken ct = default) =>
        CellInspection.InspectAsync(context, code, Math.Clamp(cursor, 0, code.Length), detailLevel, ct);

    /// <summary>Whether <paramref name="code"/> is a complete submission (Roslyn's <see cref="SyntaxFactory.IsCompleteSubmission"/>),
    /// with the indent of the next line when it is not. Directive and magic lines are ignored.</summary>
    public static IsCompleteResult IsComplete(string code)
    {
        var (masked, _) = DirectiveMask.Apply(code);
        if (string.IsNullOrWhiteSpace(masked)) return new(CodeCompleteness.Complete, "");
        var tree = CSharpSyntaxTree.ParseText(masked, ScriptParseOptions);
        if (!SyntaxFactory.IsCompleteSubmission(tree)) return new(CodeCompleteness.Incomplete, new string(' ', 4 * Math.Max(1, OpenBrackets(tree))));
        return tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)
            ? new(CodeCompleteness.Invalid, "")
            : new(CodeCompleteness.Complete, "");
    }

    /// <summary>The UTF-16 index of the position <paramref name="codePoints"/> Unicode code points into <paramref name="text"/> (clamped to the text).</summary>
    public static int CodePointsToUtf16(string text, int codePoints)
    {
        int index = 0;
        for (int n = 0; n < codePoints && index < text.Length; n++)
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        return index;
    }

    /// <summary>The number of Unicode code points before UTF-16 index <paramref name="utf16Index"/> of <paramref name="text"/> (clamped to the text).</summary>
    public static int Utf16ToCodePoints(string text, int utf16Index)
    {
        int end = Math.Clamp(utf16Index, 0, text.Length), count = 0;
        for (int i = 0; i < end; i++, count++)
            if (char.IsHighSurrogate(text[i]) && i + 1 < end && char.IsLowSurrogate(text[i + 1])) i++;
        return count;
    }

    /// <summary>Brackets, braces and parentheses opened and not closed (missing tokens the parser made up do not count).</summary>
    static int OpenBrackets(SyntaxTree tree)
    {
        int depth = 0;
        foreach (var token in tree.GetRoot().DescendantTokens())
        {
            if (token.IsMissing) continue;
            if (token.Kind() is SyntaxKind.OpenBraceToken or SyntaxKind.OpenParenToken or SyntaxKind.OpenBracketToken) depth++;
            else if (token.Kind() is SyntaxKind.CloseBraceToken or SyntaxKind.CloseParenToken or SyntaxKind.CloseBracketToken) depth = Math.Max(0, depth - 1);
        }
        return depth;
    }
}
