using Microsoft.CodeAnalysis.Scripting;

namespace Course.Notebooks;

/// <summary>What the next cell would be compiled against.</summary>
/// <param name="Previous">The last executed submission (<c>state.Script</c>); its <see cref="Script.Previous"/> chain holds all earlier ones; null before the first cell.</param>
/// <param name="Options">References and imports the next cell gets.</param>
/// <param name="GlobalsType">Host object type (the engine uses <c>NotebookGlobals</c>), null for none.</param>
/// <param name="WorkingDirectory">Base folder for <c>#r</c> paths in the code being analysed.</param>
public sealed record ScriptContext(Script? Previous, ScriptOptions Options, Type? GlobalsType, string WorkingDirectory);

/// <summary>Completion matches for a cursor position, in the shape of a Jupyter <c>complete_reply</c>.</summary>
/// <param name="Matches">Texts that can replace the span <paramref name="CursorStart"/>..<paramref name="CursorEnd"/>, de-duplicated and sorted.</param>
/// <param name="CursorStart">UTF-16 index where the replaced span starts (the start of the identifier at the cursor).</param>
/// <param name="CursorEnd">UTF-16 index where the replaced span ends (the end of the identifier at the cursor).</param>
/// <param name="Entries">One entry per match, in the same order, with its kind and signature.</param>
public sealed record CompletionResult(IReadOnlyList<string> Matches, int CursorStart, int CursorEnd, IReadOnlyList<CompletionEntry> Entries);

/// <summary>One completion match with what it is.</summary>
/// <param name="Text">The text inserted.</param>
/// <param name="Kind">Lower-case kind: "method", "property", "field", "class", "struct", "namespace", "local", "keyword", …</param>
/// <param name="Signature">The one-line signature Roslyn describes the item with, when it was computed; null otherwise.</param>
public sealed record CompletionEntry(string Text, string Kind, string? Signature);

/// <summary>What Jupyter's <c>inspect_reply</c> shows for the symbol at the cursor.</summary>
/// <param name="Found">False when there is no symbol at (or just before) the cursor.</param>
/// <param name="PlainText">Signature(s), then the XML-doc summary (plus parameters and returns at detail level 1).</param>
/// <param name="Markdown">The same as Markdown, signatures in a <c>csharp</c> fence.</param>
public sealed record InspectResult(bool Found, string? PlainText, string? Markdown);

/// <summary>Whether a cell's code is ready to run (Jupyter's <c>is_complete_reply</c> statuses).</summary>
public enum CodeCompleteness
{
    /// <summary>The code is a complete submission without syntax errors.</summary>
    Complete,
    /// <summary>The code needs more lines (an open brace, parenthesis, string…).</summary>
    Incomplete,
    /// <summary>The code is a complete submission but has syntax errors.</summary>
    Invalid,
}

/// <summary>Result of <see cref="LanguageServices.IsComplete"/>.</summary>
/// <param name="Status">Complete, incomplete or invalid.</param>
/// <param name="Indent">Suggested indent for the next line when incomplete (four spaces per open bracket, at least four); "" otherwise.</param>
public sealed record IsCompleteResult(CodeCompleteness Status, string Indent);
