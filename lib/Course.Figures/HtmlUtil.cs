using System.Net;

namespace Course.Figures;

/// <summary>Small HTML helpers shared by the figure types.</summary>
internal static class HtmlUtil
{
    private static long _counter;

    /// <summary>Encodes text for HTML element content or attribute values.</summary>
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>Escapes text and turns newlines into &lt;br&gt;.</summary>
    public static string EscapeMultiline(string? text) =>
        Escape(text).Replace("\r\n", "\n").Replace("\n", "<br>");

    /// <summary>A document-unique element id with the given prefix.</summary>
    public static string NewId(string prefix) =>
        $"{prefix}-{Guid.NewGuid():N}".Substring(0, prefix.Length + 13) + Interlocked.Increment(ref _counter);

    /// <summary>A PNG as a data URI.</summary>
    public static string PngDataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);
}
