using System.ComponentModel;
using System.Reflection;

namespace Course.Figures;

/// <summary>
/// Marks a type for .NET Interactive (Polyglot Notebooks) formatting by convention: the formatter looks for an
/// attribute whose type is named <c>TypeFormatterSourceAttribute</c> (any namespace) with a
/// <c>FormatterSourceType</c> and <c>PreferredMimeTypes</c>, so no reference to Microsoft.DotNet.Interactive is needed.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>Type with a public parameterless constructor and a public <c>CreateTypeFormatters()</c>.</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>MIME types the notebook should prefer for the decorated type.</summary>
    public string[]? PreferredMimeTypes { get; set; }
}

/// <summary>Convention-based formatter source for .NET Interactive: yields one text/html formatter for the decorated type.
/// Public so that the kernel's compiled reflection calls need no visibility checks.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class CourseFormatterSource
{
    /// <summary>Called by .NET Interactive through reflection.</summary>
    public IEnumerable<object> CreateTypeFormatters() => [new HtmlConventionFormatter()];
}

/// <summary>Formatter shape .NET Interactive accepts by convention: <c>MimeType</c> and <c>bool Format(object, TextWriter)</c>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class HtmlConventionFormatter
{
    /// <summary>Always text/html.</summary>
    public string MimeType => "text/html";

    /// <summary>Writes <see cref="Display.ToHtml"/> of <paramref name="value"/>; false when it has no HTML.</summary>
    public bool Format(object value, TextWriter writer)
    {
        var html = Display.ToHtml(value);
        if (html is null) return false;
        writer.Write(html);
        return true;
    }
}

/// <summary>
/// Rich display helpers. The course runner needs nothing (it calls <c>ToHtml()</c>/<c>ToPng()</c> itself);
/// in Polyglot Notebooks the figure types format themselves through <see cref="TypeFormatterSourceAttribute"/>,
/// and <see cref="Register"/> adds explicit formatters for other types (e.g. from other course libraries).
/// </summary>
public static class Display
{
    /// <summary>HTML for any object with a public <c>string ToHtml()</c> or <c>byte[] ToPng()</c>; null otherwise.</summary>
    public static string? ToHtml(object? value)
    {
        if (value is null) return null;
        var type = value.GetType();
        if (type.GetMethod("ToHtml", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is { ReturnType: var r } m && r == typeof(string))
            return (string?)m.Invoke(value, null);
        if (type.GetMethod("ToPng", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is { ReturnType: var p } png && p == typeof(byte[]))
            return $"<img src=\"{HtmlUtil.PngDataUri((byte[])png.Invoke(value, null)!)}\" alt=\"{HtmlUtil.Escape(type.Name)}\">";
        return null;
    }

    /// <summary>
    /// When Microsoft.DotNet.Interactive.Formatting is loaded (Polyglot Notebooks), registers a text/html formatter
    /// for each given type (default: the course figure types) and makes text/html their preferred MIME type.
    /// Returns false (and does nothing) outside .NET Interactive.
    /// </summary>
    public static bool Register(params Type[] types)
    {
        var formatter = AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetType("Microsoft.DotNet.Interactive.Formatting.Formatter", throwOnError: false))
            .FirstOrDefault(t => t is not null);
        if (formatter is null) return false;
        if (types.Length == 0)
            types = [typeof(Chart), typeof(Image), typeof(ImageGrid), typeof(Table), typeof(TrainingCurves)];

        // Register(Type, Action<object, TextWriter>, string mimeType[, bool addToDefaults]) exists in all versions.
        var register = formatter.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == "Register" && !m.IsGenericMethod)
            .FirstOrDefault(m => m.GetParameters() is { Length: >= 3 } ps && ps[0].ParameterType == typeof(Type)
                && ps[1].ParameterType == typeof(Action<object, TextWriter>) && ps[2].ParameterType == typeof(string))
            ?? throw new MissingMethodException("Microsoft.DotNet.Interactive.Formatting.Formatter", "Register(Type, Action<object, TextWriter>, string)");
        var preferPlural = formatter.GetMethod("SetPreferredMimeTypesFor", [typeof(Type), typeof(string[])]);
        var preferSingle = formatter.GetMethod("SetPreferredMimeTypeFor", [typeof(Type), typeof(string)]);

        foreach (var type in types)
        {
            Action<object, TextWriter> write = (value, writer) => writer.Write(ToHtml(value) ?? HtmlUtil.Escape(value.ToString()));
            var args = new object?[register.GetParameters().Length];
            args[0] = type; args[1] = write; args[2] = "text/html";
            for (int i = 3; i < args.Length; i++) args[i] = register.GetParameters()[i].DefaultValue;
            register.Invoke(null, args);
            if (preferPlural is not null) preferPlural.Invoke(null, [type, new[] { "text/html" }]);
            else preferSingle?.Invoke(null, [type, "text/html"]);
        }
        return true;
    }
}
