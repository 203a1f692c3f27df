// The part of .NET Interactive's Formatter API (package Microsoft.DotNet.Interactive.Formatting) that Polyglot notebooks
// use to customise display — same namespace, names, parameter names and defaults — so such notebooks run unchanged in the
// course's runner and kernel. Registrations go to the running session's FormatterRegistry, which the engine's display
// path (DisplayFormatter) consults before its own rules.
using Course.Notebooks;

namespace Microsoft.DotNet.Interactive.Formatting;

/// <summary>
/// Registers how notebook values are displayed (as in .NET Interactive): a formatter for a type and a MIME type, and the
/// MIME types a displayed value of a type is shown as. A registration for a type applies to derived types and
/// implementations too (the most specific one wins, then the latest). Registrations belong to the notebook session:
/// another notebook, or the kernel after a restart, starts with none.
/// </summary>
public static class Formatter
{
    /// <summary>Registers <paramref name="formatter"/> for values of type <typeparamref name="T"/> (and derived types) as <paramref name="mimeType"/>.</summary>
    /// <param name="formatter">Returns the text of a value, e.g. <c>(Tensor t) =&gt; t.ToString()</c>.</param>
    /// <param name="mimeType">The MIME type the text is, e.g. <c>text/plain</c> or <c>text/html</c>.</param>
    public static void Register<T>(Func<T, string> formatter, string mimeType = PlainTextFormatter.MimeType)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Register(typeof(T), (value, writer) => writer.Write(formatter((T)value)), mimeType);
    }

    /// <summary>Registers <paramref name="formatter"/>, which writes a <typeparamref name="T"/> to a <see cref="TextWriter"/>, as <paramref name="mimeType"/>.</summary>
    public static void Register<T>(Action<T, TextWriter> formatter, string mimeType = PlainTextFormatter.MimeType)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Register(typeof(T), (value, writer) => formatter((T)value, writer), mimeType);
    }

    /// <summary>
    /// Registers <paramref name="formatter"/> for values of <paramref name="type"/> as <paramref name="mimeType"/>; an open
    /// generic type definition (<c>typeof(List&lt;&gt;)</c>) applies to all its constructed types.
    /// </summary>
    public static void Register(Type type, Action<object, TextWriter> formatter, string mimeType = PlainTextFormatter.MimeType)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(formatter);
        CheckMimeType(mimeType, nameof(mimeType));
        FormatterRegistry.Current.Register(type, mimeType, formatter);
    }

    /// <summary>Sets the MIME types a displayed value of <paramref name="type"/> (or a derived type) is formatted as, e.g. <c>text/plain</c>.</summary>
    public static void SetPreferredMimeTypesFor(Type type, params string[] preferredMimeTypes)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (preferredMimeTypes is null || preferredMimeTypes.Length == 0)
            throw new ArgumentException($"SetPreferredMimeTypesFor({type.Name}): give at least one MIME type, e.g. \"text/plain\"", nameof(preferredMimeTypes));
        foreach (var mime in preferredMimeTypes) CheckMimeType(mime, nameof(preferredMimeTypes));
        FormatterRegistry.Current.SetPreferred(type, preferredMimeTypes.ToArray());
    }

    /// <summary>The MIME types a displayed value of <paramref name="type"/> is formatted as: those set by
    /// <see cref="SetPreferredMimeTypesFor"/>, else those of the formatters registered for it, else the engine's choice.</summary>
    public static IReadOnlyCollection<string> GetPreferredMimeTypesFor(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return FormatterRegistry.Current.MimeTypesFor(type) is { Count: > 0 } chosen ? chosen : [DisplayFormatter.DefaultMimeTypeFor(type)];
    }

    /// <summary>
    /// <paramref name="obj"/> as text of <paramref name="mimeType"/>: by the formatter registered for its type, else by the
    /// engine's rules (<c>ToString()</c> for text/plain, <c>ToHtml()</c> or escaped text for text/html; <c>&lt;null&gt;</c> for null).
    /// </summary>
    public static string ToDisplayString(this object obj, string mimeType = PlainTextFormatter.MimeType)
    {
        CheckMimeType(mimeType, nameof(mimeType));
        return DisplayFormatter.FormatAs(FormatterRegistry.Current, obj, mimeType);
    }

    /// <summary>Forgets every formatter and preferred MIME type registered in this session.</summary>
    public static void ResetToDefault() => FormatterRegistry.Current.Reset();

    static void CheckMimeType(string? mimeType, string parameter)
    {
        if (string.IsNullOrWhiteSpace(mimeType) || !mimeType.Contains('/'))
            throw new ArgumentException($"expected a MIME type such as \"text/plain\" or \"text/html\", got {(mimeType is null ? "null" : $"\"{mimeType}\"")}", parameter);
    }
}

/// <summary>The plain-text MIME type, as named in .NET Interactive.</summary>
public static class PlainTextFormatter
{
    /// <summary><c>text/plain</c>.</summary>
    public const string MimeType = "text/plain";
}

/// <summary>The HTML MIME type, as named in .NET Interactive.</summary>
public static class HtmlFormatter
{
    /// <summary><c>text/html</c>.</summary>
    public const string MimeType = "text/html";
}
