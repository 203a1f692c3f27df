using System.Net;
using System.Reflection;

namespace Course.Notebooks;

/// <summary>
/// Turns objects into MIME bundles by the course's display convention: a public instance
/// <c>string ToHtml()</c> gives text/html, a public instance <c>byte[] ToPng()</c> gives image/png
/// (base64); every bundle also has text/plain via <c>ToString()</c>.
/// </summary>
public static class DisplayFormatter
{
    /// <summary>Text shown for a null value.</summary>
    public const string NullText = "<null>";

    /// <summary>
    /// Formats <paramref name="value"/>; with <paramref name="mimeTypes"/> given, produces exactly those
    /// types (text/html, image/png, text/plain or any other type filled with ToString()). Formatters and preferred MIME
    /// types the running notebook registered (<c>Microsoft.DotNet.Interactive.Formatting.Formatter</c>) come first.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Format(object? value, params string[] mimeTypes) =>
        Format(FormatterRegistry.Current, value, mimeTypes);

    internal static IReadOnlyDictionary<string, string> Format(FormatterRegistry registry, object? value, string[]? mimeTypes)
    {
        var bundle = new Dictionary<string, string>();
        if (mimeTypes is { Length: > 0 })
        {
            foreach (var mime in mimeTypes) bundle[mime] = FormatAs(registry, value, mime);
            return bundle;
        }
        if (value is not null && registry.MimeTypesFor(value.GetType()) is { Count: > 0 } registered)
        {
            // what the notebook registered for the type replaces the engine's own choice (text/plain stays as the fallback)
            foreach (var mime in registered) bundle[mime] = FormatAs(registry, value, mime);
            bundle.TryAdd("text/plain", FormatAs(registry, value, "text/plain"));
            return bundle;
        }
        if (value is not null and not string)
        {
            if (InvokeToHtml(value) is string html) bundle["text/html"] = html;
            else if (InvokeToPng(value) is byte[] png) bundle["image/png"] = Convert.ToBase64String(png);
        }
        bundle["text/plain"] = PlainText(value);   // always: the fallback every Jupyter client and nbconvert understands
        return bundle;
    }

    /// <summary>The MIME type the engine's own rules show a value of <paramref name="type"/> as (besides text/plain).</summary>
    internal static string DefaultMimeTypeFor(Type type) =>
        type == typeof(string) ? "text/plain"
        : FindMethod(type, "ToHtml", typeof(string)) is not null ? "text/html"
        : FindMethod(type, "ToPng", typeof(byte[])) is not null ? "image/png"
        : "text/plain";

    /// <summary><paramref name="value"/> as <paramref name="mime"/>: a registered formatter's text, else the engine's rules.</summary>
    internal static string FormatAs(FormatterRegistry registry, object? value, string mime) =>
        (value is null ? null : registry.TryFormat(value, mime)) ?? FormatAs(value, mime);

    static string FormatAs(object? value, string mime) => mime switch
    {
        "text/html" => value is string s ? s : InvokeToHtml(value) ?? $"<pre>{WebUtility.HtmlEncode(PlainText(value))}</pre>",
        "image/png" => value is byte[] bytes ? Convert.ToBase64String(bytes)
            : InvokeToPng(value) is byte[] png ? Convert.ToBase64String(png)
            : throw new ArgumentException($"display(..., \"image/png\") needs a byte[] or an object with a public byte[] ToPng() method; got {value?.GetType().FullName ?? "null"}"),
        _ => PlainText(value),
    };

    static string PlainText(object? value) => value?.ToString() ?? NullText;

    static string? InvokeToHtml(object? value) =>
        value is null ? null : FindMethod(value.GetType(), "ToHtml", typeof(string))?.Invoke(value, null) as string;

    static byte[]? InvokeToPng(object? value) =>
        value is null ? null : FindMethod(value.GetType(), "ToPng", typeof(byte[]))?.Invoke(value, null) as byte[];

    static MethodInfo? FindMethod(Type type, string name, Type returnType)
    {
        var m = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
        return m is not null && m.ReturnType == returnType ? m : null;
    }
}
