using System.Text.RegularExpressions;

namespace Course.Notebooks;

/// <summary>Kind of a directive line in a cell.</summary>
internal enum DirectiveKind { Reference, NuGetReference, NuGetSource, Load }

/// <summary>A directive found in a cell: <c>#r</c>, <c>#i</c> or <c>#load</c>, with its 1-based line.</summary>
internal sealed record Directive(DirectiveKind Kind, string Value, int Line, string? Version = null);

/// <summary>A cell split into its language, directives and the C# code left to compile.</summary>
internal sealed class ParsedCell
{
    /// <summary>Normalised language ("csharp", "markdown" or whatever else the cell declares).</summary>
    public required string Language { get; init; }
    /// <summary>The code with directive and magic-command lines blanked (line numbers unchanged).</summary>
    public required string Code { get; init; }
    public List<Directive> Directives { get; } = new();
    /// <summary>True when the cell has a <c>#!time</c> magic command.</summary>
    public bool Time { get; set; }
    /// <summary>A magic command the runner does not support, with its line, if any.</summary>
    public (string Command, int Line)? Unsupported { get; set; }
}

/// <summary>Parses Polyglot-style cells: <c>#!</c> magic commands and <c>#r</c>/<c>#i</c>/<c>#load</c> directives at line start.</summary>
internal static partial class CellParser
{
    [GeneratedRegex("""^\s*#(r|i|load)\s+"([^"]*)"\s*(//.*)?$""")]
    private static partial Regex DirectiveRegex();

    [GeneratedRegex(@"^\s*nuget\s*:\s*(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex NuGetRegex();

    static readonly Dictionary<string, string> LanguageMagics = new(StringComparer.Ordinal)
    {
        ["#!csharp"] = "csharp", ["#!c#"] = "csharp", ["#!C#"] = "csharp",
        ["#!markdown"] = "markdown", ["#!fsharp"] = "fsharp", ["#!f#"] = "fsharp", ["#!F#"] = "fsharp",
        ["#!pwsh"] = "pwsh", ["#!powershell"] = "pwsh", ["#!javascript"] = "javascript", ["#!js"] = "javascript",
        ["#!html"] = "html", ["#!sql"] = "sql", ["#!kql"] = "kql", ["#!mermaid"] = "mermaid",
        ["#!http"] = "http", ["#!value"] = "value",
    };

    /// <summary>Maps kernel names and aliases ("C#", "c#", "csharp") to a normalised language name.</summary>
    public static string NormalizeLanguage(string language) => language.Trim().ToLowerInvariant() switch
    {
        "csharp" or "c#" or ".net (c#)" => "csharp",
        "fsharp" or "f#" => "fsharp",
        var other => other,
    };

    /// <summary>Parses <paramref name="source"/>, whose language is <paramref name="language"/> unless a magic line at the top says otherwise.</summary>
    public static ParsedCell Parse(string source, string language)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        language = NormalizeLanguage(language);
        int first = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (first >= 0 && LanguageMagics.TryGetValue(lines[first].Trim(), out var overridden))
        {
            language = overridden;
            lines[first] = "";
        }
        var directives = new List<Directive>();
        bool time = false;
        (string, int)? unsupported = null;
        if (language == "csharp")
        {
            for (int i = 0; i < lines.Length; i++)
            {
                var trimmed = lines[i].Trim();
                if (trimmed.StartsWith("#!", StringComparison.Ordinal))
                {
                    if (trimmed == "#!time") time = true;
                    else unsupported ??= (trimmed, i + 1);
                    lines[i] = "";
                    continue;
                }
                var m = DirectiveRegex().Match(lines[i]);
                if (!m.Success) continue;
                directives.Add(ToDirective(m.Groups[1].Value, m.Groups[2].Value.Trim(), i + 1));
                lines[i] = "";
            }
        }
        var cell = new ParsedCell { Language = language, Code = string.Join("\n", lines), Time = time, Unsupported = unsupported };
        cell.Directives.AddRange(directives);
        return cell;
    }

    static Directive ToDirective(string keyword, string value, int line)
    {
        var nuget = NuGetRegex().Match(value);
        switch (keyword)
        {
            case "r" when nuget.Success:
                var parts = nuget.Groups[1].Value.Split(',', 2, StringSplitOptions.TrimEntries);
                return new Directive(DirectiveKind.NuGetReference, parts[0], line, parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null);
            case "r":
                return new Directive(DirectiveKind.Reference, value, line);
            case "i":
                return new Directive(DirectiveKind.NuGetSource, nuget.Success ? nuget.Groups[1].Value.Trim() : value, line);
            default:
                return new Directive(DirectiveKind.Load, value, line);
        }
    }
}

/// <summary>A directive that could not be honoured (missing file, failed restore); carries the line.</summary>
public sealed class NotebookDirectiveException(string message, int line, string? file = null) : Exception(message)
{
    /// <summary>1-based line of the directive.</summary>
    public int Line { get; } = line;
    /// <summary>The file holding the directive when it is not the cell (a #load'ed script).</summary>
    public string? File { get; } = file;
}
