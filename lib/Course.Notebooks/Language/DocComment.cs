using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;

namespace Course.Notebooks.LanguageSupport;

/// <summary>The parts of an XML doc comment, rendered as plain text or Markdown.</summary>
internal sealed partial record DocComment(
    string? Summary,
    IReadOnlyList<(string Name, string Text)> Parameters,
    IReadOnlyList<(string Name, string Text)> TypeParameters,
    string? Returns,
    string? Remarks,
    IReadOnlyList<(string Type, string Text)> Exceptions)
{
    static readonly DocComment Empty = new(null, [], [], null, null, []);

    /// <summary>The documentation of <paramref name="symbol"/>, following <c>&lt;inheritdoc/&gt;</c> to overridden and implemented members.</summary>
    public static DocComment For(ISymbol symbol, bool markdown, CancellationToken ct)
    {
        for (int depth = 0; depth < 8 && symbol is not null; depth++)
        {
            var element = Parse(symbol.GetDocumentationCommentXml(expandIncludes: true, cancellationToken: ct));
            if (element is null) return Empty;
            if (element.Element("summary") is not null || element.Element("inheritdoc") is null) return From(element, markdown);
            symbol = InheritedFrom(symbol)!;
        }
        return Empty;
    }

    static XElement? Parse(string? xml)
    {
        if (string.IsNullOrWhiteSpace(xml)) return null;
        try { return XElement.Parse(xml, LoadOptions.PreserveWhitespace); }
        catch (XmlException) { return null; }
    }

    static ISymbol? InheritedFrom(ISymbol symbol)
    {
        ISymbol? overridden = symbol switch
        {
            IMethodSymbol m => m.OverriddenMethod,
            IPropertySymbol p => p.OverriddenProperty,
            IEventSymbol e => e.OverriddenEvent,
            INamedTypeSymbol t => t.BaseType,
            _ => null,
        };
        if (overridden is not null) return overridden;
        var type = symbol.ContainingType;
        if (type is null) return null;
        return type.AllInterfaces.SelectMany(i => i.GetMembers(symbol.Name))
            .FirstOrDefault(m => SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(m), symbol));
    }

    static DocComment From(XElement member, bool md) => new(
        Text(member.Element("summary"), md),
        Named(member, "param", md),
        Named(member, "typeparam", md),
        Text(member.Element("returns") ?? member.Element("value"), md),
        Text(member.Element("remarks"), md),
        member.Elements("exception")
            .Select(e => (ShortName((string?)e.Attribute("cref") ?? ""), Text(e, md) ?? ""))
            .ToList());

    static List<(string, string)> Named(XElement member, string tag, bool md) =>
        member.Elements(tag)
            .Select(e => ((string?)e.Attribute("name") ?? "", Text(e, md) ?? ""))
            .Where(p => p.Item1.Length > 0)
            .ToList();

    /// <summary>The element's content with whitespace normalised and paragraphs kept; null when empty.</summary>
    static string? Text(XElement? element, bool md)
    {
        if (element is null) return null;
        var sb = new StringBuilder();
        AppendNodes(sb, element, md);
        var lines = sb.ToString().Split('\n').Select(l => Spaces().Replace(l, " ").Trim());
        var text = BlankLines().Replace(string.Join("\n", lines), "\n\n").Trim();
        return text.Length == 0 ? null : text;
    }

    static void AppendNodes(StringBuilder sb, XElement element, bool md)
    {
        foreach (var node in element.Nodes())
        {
            if (node is XText text) sb.Append(Whitespace().Replace(text.Value, " "));
            else if (node is XElement child) Append(sb, child, md);
        }
    }

    static void Append(StringBuilder sb, XElement e, bool md)
    {
        string Code(string s) => md ? $"`{s}`" : s;
        switch (e.Name.LocalName)
        {
            case "see" or "seealso":
                var inner = string.Concat(e.Nodes().OfType<XText>().Select(t => t.Value)).Trim();
                if ((string?)e.Attribute("langword") is { } word) sb.Append(Code(word));
                else if ((string?)e.Attribute("cref") is { } cref) sb.Append(inner.Length > 0 ? inner : Code(ShortName(cref)));
                else if ((string?)e.Attribute("href") is { } href) sb.Append(inner.Length > 0 ? (md ? $"[{inner}]({href})" : inner) : href);
                else sb.Append(inner);
                break;
            case "paramref" or "typeparamref":
                sb.Append(Code((string?)e.Attribute("name") ?? ""));
                break;
            case "c":
                sb.Append(Code(e.Value));
                break;
            case "code":
                var code = e.Value.Trim('\r', '\n');
                sb.Append(md ? $"\n\n```csharp\n{code}\n```\n\n" : $"\n\n{code}\n\n");
                break;
            case "para":
                sb.Append("\n\n");
                AppendNodes(sb, e, md);
                sb.Append("\n\n");
                break;
            case "br":
                sb.Append('\n');
                break;
            case "list":
                foreach (var item in e.Elements("item"))
                {
                    sb.Append("\n- ");
                    var (term, description) = (item.Element("term"), item.Element("description"));
                    if (term is not null) AppendNodes(sb, term, md);
                    if (term is not null && description is not null) sb.Append(" – ");
                    if (description is not null || term is null) AppendNodes(sb, description ?? item, md);
                }
                sb.Append('\n');
                break;
            default:
                AppendNodes(sb, e, md);
                break;
        }
    }

    /// <summary>A cref shortened for reading: "T:System.String" → "String", "M:System.Console.WriteLine(System.String)" → "Console.WriteLine".</summary>
    internal static string ShortName(string cref)
    {
        var kind = cref.Length > 2 && cref[1] == ':' ? cref[0] : 'T';
        var body = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        int paren = body.IndexOf('(');
        if (paren >= 0) body = body[..paren];
        body = Arity().Replace(body, "");
        var parts = body.Split('.');
        if (kind is 'T' or 'N' or '!' || parts.Length < 2) return parts[^1];
        return parts[^1] == "#ctor" ? parts[^2] : $"{parts[^2]}.{parts[^1]}";
    }

    [GeneratedRegex(@"`+\d+")]
    private static partial Regex Arity();

    [GeneratedRegex(@"[ \t\r\n]+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
