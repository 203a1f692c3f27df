using System.Text;
using System.Text.RegularExpressions;

namespace Course.Notebooks.LanguageSupport;

/// <summary>
/// Blanks the lines of a cell that are not C# (<c>#r</c>, <c>#i</c>, <c>#load</c>, <c>#!</c> magics)
/// with spaces, so every offset in the code stays where it was.
/// </summary>
internal static partial class DirectiveMask
{
    [GeneratedRegex("""^\s*(#!|#(r|i|load)(\s|"|$))""")]
    private static partial Regex DirectiveLine();

    [GeneratedRegex("""^\s*#r\s+"([^"]*)"\s*(//.*)?$""")]
    private static partial Regex ReferenceLine();

    /// <summary>The code with directive lines replaced by spaces, and the file paths of its <c>#r "file"</c> lines.</summary>
    public static (string Code, IReadOnlyList<string> ReferencePaths) Apply(string code)
    {
        if (!code.Contains('#')) return (code, []);
        var result = new StringBuilder(code.Length);
        var paths = new List<string>();
        int start = 0;
        while (start <= code.Length)
        {
            int newline = code.IndexOf('\n', start);
            int end = newline < 0 ? code.Length : newline;
            var line = code.AsSpan(start, end - start).TrimEnd('\r').ToString();
            if (DirectiveLine().IsMatch(line))
            {
                var reference = ReferenceLine().Match(line);
                if (reference.Success && !reference.Groups[1].Value.TrimStart().StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
                    paths.Add(reference.Groups[1].Value.Trim());
                result.Append(' ', line.Length).Append(code, start + line.Length, end - start - line.Length);
            }
            else
            {
                result.Append(code, start, end - start);
            }
            if (newline < 0) break;
            result.Append('\n');
            start = newline + 1;
        }
        return (result.ToString(), paths);
    }
}
