using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;

namespace Course.Notebooks;

/// <summary>
/// Papermill-style parameters: a new cell tagged <c>injected-parameters</c> holding
/// <c>var name = value;</c> lines goes right after the cell tagged <c>parameters</c> (or first, if none).
/// </summary>
public static partial class ParameterInjector
{
    /// <summary>Tag of the cell holding parameter defaults.</summary>
    public const string ParametersTag = "parameters";
    /// <summary>Tag of the cell the runner inserts.</summary>
    public const string InjectedTag = "injected-parameters";

    [GeneratedRegex(@"^-?\d+(\.\d+)?([eE][+-]?\d+)?$")]
    private static partial Regex NumberRegex();

    /// <summary>Parses "name=value"; throws <see cref="ArgumentException"/> naming the bad text.</summary>
    public static KeyValuePair<string, string> ParseAssignment(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new ArgumentException($"--param expects name=value, got '{text}'");
        return new(text[..eq].Trim(), text[(eq + 1)..]);
    }

    /// <summary>The C# literal for a raw value: numbers and true/false as they are, anything else as a string literal.</summary>
    public static string ToLiteral(string value)
    {
        var v = value.Trim();
        if (v is "true" or "false") return v;
        if (NumberRegex().IsMatch(v))
        {
            bool integral = !v.Contains('.') && !v.Contains('e') && !v.Contains('E');
            if (!integral || long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) return v;
        }
        return SymbolDisplay.FormatLiteral(value, quote: true);
    }

    /// <summary>The source of the injected cell.</summary>
    public static string BuildSource(IReadOnlyDictionary<string, string> parameters)
    {
        var sb = new StringBuilder("// Parameters\n");
        foreach (var (name, value) in parameters)
        {
            if (!SyntaxFacts.IsValidIdentifier(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
                throw new ArgumentException($"Parameter name must be a C# identifier, got '{name}'");
            sb.Append("var ").Append(name).Append(" = ").Append(ToLiteral(value)).Append(";\n");
        }
        return sb.ToString();
    }

    /// <summary>
    /// Replaces any earlier injected cell and inserts a new one after the parameters cell; returns its
    /// 0-based index, or -1 when there are no parameters.
    /// </summary>
    public static int Inject(NotebookDocument notebook, IReadOnlyDictionary<string, string> parameters)
    {
        var cells = notebook.Cells;
        for (int i = cells.Count - 1; i >= 0; i--)
            if (NotebookDocument.HasTag((JsonObject)cells[i]!, InjectedTag)) cells.RemoveAt(i);
        if (parameters.Count == 0) return -1;
        int at = 0;
        for (int i = 0; i < cells.Count; i++)
            if (NotebookDocument.HasTag((JsonObject)cells[i]!, ParametersTag)) { at = i + 1; break; }
        var cell = new JsonObject();
        if (notebook.MinorVersion >= 5) cell["id"] = "injected-" + Guid.NewGuid().ToString("N")[..12];
        cell["cell_type"] = "code";
        cell["execution_count"] = null;
        cell["metadata"] = new JsonObject
        {
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
            ["tags"] = new JsonArray(InjectedTag),
        };
        cell["outputs"] = new JsonArray();
        cell["source"] = NotebookDocument.ToLines(BuildSource(parameters));
        cells.Insert(at, cell);
        return at;
    }
}
