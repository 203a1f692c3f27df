using System.Reflection;

namespace Course.Figures.Tests;

/// <summary>Checks the reflection contract .NET Interactive's convention-based formatter lookup relies on.</summary>
public class DisplayTests
{
    public static TheoryData<object> Displayables() =>
    [
        SampleCharts.Bar(),
        new Image([0, 255, 0, 255], 2, 2, 1),
        ImageGrid.FromArray(new float[8], [2, 2, 2]),
        new Table("t").AddColumn("a").AddRow(1),
        SampleCharts.Curves(),
    ];

    [Theory]
    [MemberData(nameof(Displayables))]
    public void Course_types_follow_the_runner_and_polyglot_conventions(object value)
    {
        var type = value.GetType();
        // runner convention: public string ToHtml()
        Assert.Equal(typeof(string), type.GetMethod("ToHtml", Type.EmptyTypes)!.ReturnType);

        // .NET Interactive convention: attribute named TypeFormatterSourceAttribute with FormatterSourceType/PreferredMimeTypes
        var attr = type.GetCustomAttributes(true).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var sourceType = (Type)attr.GetType().GetProperty("FormatterSourceType")!.GetValue(attr)!;
        Assert.Equal(["text/html"], (string[])attr.GetType().GetProperty("PreferredMimeTypes")!.GetValue(attr)!);
        var source = Activator.CreateInstance(sourceType)!;
        var formatters = (System.Collections.IEnumerable)sourceType.GetMethod("CreateTypeFormatters")!.Invoke(source, null)!;
        var formatter = formatters.Cast<object>().Single();
        Assert.Equal("text/html", formatter.GetType().GetProperty("MimeType")!.GetValue(formatter));
        var format = formatter.GetType().GetMethod("Format")!;
        Assert.Equal(typeof(bool), format.ReturnType);
        Assert.Equal([typeof(object), typeof(TextWriter)], format.GetParameters().Select(p => p.ParameterType));

        var writer = new StringWriter();
        Assert.True((bool)format.Invoke(formatter, [value, writer])!);
        Assert.StartsWith("<", writer.ToString());
    }

    private sealed class PngOnly { public byte[] ToPng() => Png.Encode([1, 2, 3, 4], 2, 2, 1); }

    [Fact]
    public void Display_ToHtml_handles_png_only_and_plain_objects()
    {
        var html = Display.ToHtml(new PngOnly())!;
        Assert.StartsWith("<img src=\"data:image/png;base64,", html);
        Assert.Null(Display.ToHtml(42));
        Assert.Null(Display.ToHtml(null));
    }

    [Fact]
    public void Register_is_a_no_op_outside_dotnet_interactive()
    {
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Microsoft.DotNet.Interactive.Formatting");
        Assert.False(Display.Register());
    }
}
