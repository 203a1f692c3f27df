using System.Collections;
using System.Linq.Expressions;
using System.Reflection;

namespace Course.Tests;

/// <summary>
/// What .NET Interactive (Polyglot Notebooks) does with a type that carries no reference to it, step by step as in
/// dotnet/interactive's src/Microsoft.DotNet.Interactive.Formatting/Formatter.cs
/// (<c>TryRegisterFromConventionBasedFormatterSources</c>, <c>TryGetPropertyValue</c>, <c>FindPreferredFormatter</c>) and
/// FormattedValue.cs (<c>CreateManyFromObject</c>): attributes found by class name with inherit: true, properties read
/// through their public getters, the formatter source made with <c>Activator.CreateInstance</c>, and each formatter's
/// <c>Format</c> (looked up by name alone) called through the same compiled expression
/// <c>Func&lt;object, TextWriter, bool&gt;</c>.
/// </summary>
internal static class PolyglotDiscovery
{
    public const string AttributeName = "TypeFormatterSourceAttribute";

    /// <summary>A formatter as .NET Interactive registers it: MIME type, the type it applies to, the compiled call.</summary>
    public sealed record ConventionFormatter(string MimeType, Type Type, Func<object, TextWriter, bool> Format);

    /// <summary>The formatters and preferred MIME types registered for <paramref name="type"/>.</summary>
    public sealed record Registration(IReadOnlyList<ConventionFormatter> Formatters, string[]? PreferredMimeTypes);

    /// <summary>The convention attributes on <paramref name="type"/> (by name; with <paramref name="inherit"/>, as the kernel reads them).</summary>
    public static object[] Attributes(Type type, bool inherit = true) =>
        type.GetCustomAttributes(inherit).Where(a => a.GetType().Name == AttributeName).ToArray();

    /// <summary>Formatter.TryRegisterFromConventionBasedFormatterSources for <paramref name="type"/>.</summary>
    public static Registration Discover(Type type)
    {
        var formatters = new List<ConventionFormatter>();
        string[]? preferred = null;
        foreach (var attr in Attributes(type))
        {
            if (TryGetPropertyValue<object>(attr, "FormatterSourceType", out var prop) && prop is Type formatterSourceType)
            {
                var formatterSource = Activator.CreateInstance(formatterSourceType)!;
                if (formatterSource.GetType().GetMethod("CreateTypeFormatters")!.Invoke(formatterSource, null) is IEnumerable all)
                {
                    foreach (var formatterByConvention in all)
                    {
                        if (!TryGetPropertyValue<string>(formatterByConvention, "MimeType", out var mimeType)) continue;
                        var formatMethod = formatterByConvention.GetType().GetMethod("Format")!;
                        var value = Expression.Parameter(typeof(object));
                        var writer = Expression.Parameter(typeof(TextWriter));
                        var call = Expression.Call(Expression.Constant(formatterByConvention), formatMethod, value, writer);
                        var format = Expression.Lambda<Func<object, TextWriter, bool>>(call, value, writer).Compile();
                        if (!TryGetPropertyValue<Type>(formatterByConvention, "Type", out var formattedType)) formattedType = type;
                        formatters.Add(new ConventionFormatter(mimeType, formattedType, format));
                    }
                }
            }
            if (TryGetPropertyValue<string[]>(attr, "PreferredMimeTypes", out var mimeTypes)) preferred = mimeTypes;
        }
        return new Registration(formatters, preferred);
    }

    /// <summary>
    /// FormattedValue.CreateManyFromObject(value): one (MIME type, text) per preferred MIME type, each written by the
    /// registered formatter for it (null where none applies: the kernel would fall back to its own defaults).
    /// </summary>
    public static IReadOnlyList<(string MimeType, string? Value)> Display(object value)
    {
        var registration = Discover(value.GetType());
        return (registration.PreferredMimeTypes ?? []).Select(mime => (mime, Format(registration, value, mime))).ToList();
    }

    /// <summary>The text the registered formatter for <paramref name="mimeType"/> writes; null when none applies or it declines.</summary>
    public static string? Format(Registration registration, object value, string mimeType)
    {
        foreach (var f in registration.Formatters.Where(f => f.MimeType == mimeType && f.Type.IsAssignableFrom(value.GetType())))
        {
            var writer = new StringWriter();
            if (f.Format(value, writer)) return writer.ToString();
        }
        return null;
    }

    static bool TryGetPropertyValue<T>(object fromObject, string propertyName, out T value)
    {
        if (fromObject.GetType().GetProperty(propertyName) is { } propInfo && propInfo.GetGetMethod() is { } getMethod
            && getMethod.Invoke(fromObject, null) is T valueT)
        {
            value = valueT;
            return true;
        }
        value = default!;
        return false;
    }

    /// <summary>The course's assemblies: the library notebooks load, and the engine (whose <c>HTML(...)</c> they display).</summary>
    public static readonly Assembly[] CourseAssemblies =
    [
        typeof(TorchSharp.torch).Assembly, typeof(Course.Data.ImageDataset).Assembly, typeof(Course.Figures.Chart).Assembly,
        typeof(Course.Models.ModelSummary).Assembly, typeof(History).Assembly, typeof(Course.Notebooks.HtmlString).Assembly,
    ];

    /// <summary>Public classes and structs of the course assemblies (nested public ones included).</summary>
    public static IEnumerable<Type> PublicTypes() =>
        CourseAssemblies.SelectMany(a => a.GetExportedTypes()).Where(t => (t.IsClass || t.IsValueType) && !t.IsEnum
            && !(t.IsAbstract && t.IsSealed) && !typeof(Delegate).IsAssignableFrom(t) && !typeof(Attribute).IsAssignableFrom(t));

    /// <summary>Whether <paramref name="type"/> has the course's rich display methods (public string ToHtml() or byte[] ToPng()).</summary>
    public static bool HasRichDisplay(Type type) =>
        Method(type, "ToHtml") is { ReturnType: var h } && h == typeof(string) || Method(type, "ToPng") is { ReturnType: var p } && p == typeof(byte[]);

    static MethodInfo? Method(Type type, string name) => type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
}
