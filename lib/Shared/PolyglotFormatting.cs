// Display in Polyglot Notebooks (.NET Interactive) without a reference to Microsoft.DotNet.Interactive.
//
// This one file is compiled into every course assembly whose types notebooks display (Torch, Course.Data,
// Course.Figures, Course.Models, Course): each .csproj links it with
//   <Compile Include="../Shared/PolyglotFormatting.cs" Link="Polyglot/PolyglotFormatting.cs" />
// so each assembly has its own internal copy. That is enough, because .NET Interactive's Formatter finds the
// attribute by its class NAME (Formatter.TryRegisterFromConventionBasedFormatterSources in dotnet/interactive,
// src/Microsoft.DotNet.Interactive.Formatting/Formatter.cs):
//   1. type.GetCustomAttributes(inherit: true), keeping those whose class is named "TypeFormatterSourceAttribute";
//   2. the public property FormatterSourceType (a Type) → Activator.CreateInstance (public parameterless constructor)
//      → the public method CreateTypeFormatters() → an IEnumerable of formatter objects;
//   3. per formatter: a public string property MimeType, and the ONE public method named Format, called through a
//      compiled expression as Format(object, TextWriter) returning bool; without a public Type property the
//      formatter applies to the attributed type (and types derived from it);
//   4. the public string[] property PreferredMimeTypes → Formatter.SetPreferredMimeTypesFor(type, …): the MIME
//      types a displayed value (display(x), a cell's trailing expression) is formatted as.
// The course's own engine and kernel (lib/Course.Notebooks) do not use any of this: they call ToHtml()/ToPng()/
// ToString() by name (DisplayFormatter), and record in each output whether the displayed type carries this attribute.
using System.Net;
using System.Reflection;

namespace Course.Polyglot;

/// <summary>
/// Marks a type for .NET Interactive's convention-based formatting (matched by name; same shape as
/// <c>Microsoft.DotNet.Interactive.Formatting.TypeFormatterSourceAttribute</c>). Use
/// <c>[TypeFormatterSource(typeof(CourseFormatterSource), PreferredMimeTypes = ["text/html"])]</c> on types with
/// <c>ToHtml()</c> or <c>ToPng()</c>, <c>PreferredMimeTypes = ["text/plain"]</c> on types shown as text.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>The formatter source: public parameterless constructor, public <c>CreateTypeFormatters()</c>.</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>The MIME types a displayed value of the type is formatted as.</summary>
    public string[]? PreferredMimeTypes { get; set; }
}

/// <summary>Formatter source by convention: a text/html and a text/plain formatter for the attributed type.</summary>
internal sealed class CourseFormatterSource
{
    /// <summary>Called by .NET Interactive through reflection, once per attributed type.</summary>
    public IEnumerable<object> CreateTypeFormatters() =>
        [new CourseFormatter(CourseFormatter.Html), new CourseFormatter(CourseFormatter.PlainText)];
}

/// <summary>
/// Formatter by convention: <c>MimeType</c> and <c>bool Format(object, TextWriter)</c> (a single public
/// <c>Format</c> method: .NET Interactive looks it up by name). text/html writes the value's public
/// <c>string ToHtml()</c>, else an <c>&lt;img&gt;</c> of its public <c>byte[] ToPng()</c>, else its
/// <c>ToString()</c> escaped in a <c>&lt;pre&gt;</c>; text/plain writes <c>ToString()</c>.
/// </summary>
internal sealed class CourseFormatter(string mimeType)
{
    internal const string Html = "text/html", PlainText = "text/plain";

    /// <summary>text/html or text/plain.</summary>
    public string MimeType { get; } = mimeType;

    /// <summary>Writes <paramref name="instance"/> as <see cref="MimeType"/>; false only for null.</summary>
    public bool Format(object instance, TextWriter writer)
    {
        if (instance is null) return false;
        writer.Write(MimeType == Html ? ToHtml(instance) : instance.ToString());
        return true;
    }

    /// <summary>The HTML the text/html formatter writes for <paramref name="value"/>.</summary>
    internal static string ToHtml(object value)
    {
        var type = value.GetType();
        if (Method(type, "ToHtml", typeof(string)) is { } toHtml) return (string?)toHtml.Invoke(value, null) ?? "";
        if (Method(type, "ToPng", typeof(byte[])) is { } toPng && toPng.Invoke(value, null) is byte[] png)
            return $"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" alt=\"{WebUtility.HtmlEncode(type.Name)}\">";
        return $"<pre>{WebUtility.HtmlEncode(value.ToString())}</pre>";
    }

    static MethodInfo? Method(Type type, string name, Type returnType) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is { } m && m.ReturnType == returnType ? m : null;
}
