extern alias DotNetInteractive;
using Course.Data;
using Course.Figures;
using Course.Models;
using System.Text.RegularExpressions;
using DotNetInteractive::Microsoft.DotNet.Interactive.Formatting;
using TorchSharp;
using static TorchSharp.torch;
using static Course.Tests.PolyglotDiscovery;

namespace Course.Tests;

/// <summary>
/// Every course type a notebook displays formats itself in Polyglot Notebooks (.NET Interactive) through the
/// convention attribute (lib/Shared/PolyglotFormatting.cs), as <see cref="PolyglotDiscovery"/> emulates the kernel's
/// lookup: types with ToHtml()/ToPng() as text/html, the others as text/plain through ToString().
/// </summary>
public sealed class PolyglotDisplayTests
{
    const string Html = "text/html", Plain = "text/plain";

    /// <summary>Public types shown as text (no HTML of their own) that notebooks display or obviously may.</summary>
    static readonly Type[] TextTypes = [typeof(Tensor), typeof(nn.Module), typeof(ImageDataset), typeof(EpochRecord)];

    /// <summary>One value of every attributed type (a subclass where the type is abstract).</summary>
    static readonly Dictionary<string, Func<object>> Samples = new()
    {
        ["Chart"] = () => Chart.Line([1.0, 2, 3], [0.5, 0.4, 0.3], name: "loss").WithTitle("loss"),
        ["TrainingCurves"] = () => new TrainingCurves(epochs: 2).Add(1, trainLoss: 0.5, trainAcc: 0.8, testAcc: 0.79),
        ["Table"] = () => new Table("Summary").AddColumn("Layer").AddColumn("Params", Align.Right, "N0").AddRow("conv<1>", 156),
        ["Image"] = () => new Image([0, 255, 0, 255], 2, 2, 1),
        ["ImageGrid"] = () => ImageGrid.FromArray(new float[8], [2, 2, 2]),
        ["ImageGrid with captions"] = () => ImageGrid.FromArray(new float[8], [2, 2, 2], captions: ["a", "b"]),
        ["ShapeTable"] = () => ShapeWalk.Run(TestEnv.TinyNet(), [1, 1, 8, 8]),
        ["ModelSummary"] = () => ModelSummary.Create(TestEnv.TinyNet(), [1, 1, 8, 8]),
        ["History"] = () => new History([new EpochRecord(1, 0.5, 0.8, 0.6, 0.78, 1000, 1.5, 0.1)]),
        ["EpochRecord"] = () => new EpochRecord(1, 0.5, 0.8, 0.6, 0.78, 1000, 1.5, 0.1),
        ["CheckResult"] = () => Exercises.Equal("2.1 inputs <of> the first dense layer", 400L, () => 256L),
        ["CheckReport"] = () => Exercises.Report(Exercises.Equal("2.1 a", 1, () => 1), Exercises.Check("2.2 b", () => throw new NotImplementedException())),
        ["GateResult"] = () => Exercises.Gate("LeNet test accuracy", 0.81, 0.75, "d2l's LeNet reaches about 0.8"),
        ["Tensor"] = () => torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2]),
        ["Parameter (a Tensor)"] = () => nn.Linear(2, 1).weight!,
        ["Module"] = () => TestEnv.TinyNet(),
        ["ImageDataset"] = () => Course.Data.Synthetic.ShapeSets.Colors(perClass: 1),
        ["HtmlString (the engine's HTML(...))"] = () => new Course.Notebooks.HtmlString("<b>bold</b>"),
    };

    public static TheoryData<string> SampleNames() => new(Samples.Keys);

    static IEnumerable<Type> AttributedTypes() => PublicTypes().Where(t => Attributes(t).Length > 0);

    [Fact]
    public void EveryPublicTypeWithToHtmlOrToPngCarriesTheAttributeAndPrefersHtml()
    {
        var rich = PublicTypes().Where(HasRichDisplay).ToList();
        Assert.True(rich.Count >= 12, $"only {rich.Count} types with ToHtml/ToPng found: {string.Join(", ", rich)}");
        var bare = rich.Where(t => Attributes(t).Length == 0).Select(t => t.FullName).ToList();
        Assert.True(bare.Count == 0, "without TypeFormatterSourceAttribute: " + string.Join(", ", bare));
        foreach (var t in rich) Assert.Equal([Html], Discover(t).PreferredMimeTypes ?? []);
    }

    [Fact]
    public void TypesShownAsTextCarryTheAttributeAndPreferPlainText()
    {
        foreach (var t in TextTypes) Assert.Equal([Plain], Discover(t).PreferredMimeTypes ?? []);
        // and every attributed type without HTML of its own is shown as text
        foreach (var t in AttributedTypes().Where(t => !HasRichDisplay(t))) Assert.Equal([Plain], Discover(t).PreferredMimeTypes ?? []);
    }

    [Fact]
    public void EveryAttributedTypeGetsAnHtmlAndAPlainTextFormatterFromItsSource()
    {
        var types = AttributedTypes().ToList();
        Assert.Contains(typeof(Tensor), types);
        Assert.Contains(typeof(TorchSharp.Modules.Parameter), types);                     // inherited, as .NET Interactive reads it
        foreach (var t in types)
        {
            var attrs = Attributes(t);
            Assert.Single(attrs);
            Assert.True(attrs[0].GetType().IsNotPublic, $"{t}: the attribute should stay internal (matched by name)");
            var registration = Discover(t);
            Assert.Equal([Html, Plain], registration.Formatters.Select(f => f.MimeType).Order());
            Assert.All(registration.Formatters, f => Assert.Equal(t, f.Type));   // no Type property: the attributed type
        }
    }

    [Fact]
    public void EveryTypeDeclaringTheAttributeHasASample()
    {
        using var scope = torch.NewDisposeScope();
        var sampleTypes = Samples.Values.Select(make => make().GetType()).ToList();
        var missing = PublicTypes().Where(t => Attributes(t, inherit: false).Length > 0).Where(t => !sampleTypes.Any(t.IsAssignableFrom)).Select(t => t.FullName).ToList();
        Assert.True(missing.Count == 0, "add a sample for: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void DisplayedValuesFormatAsThePolyglotKernelWouldShowThem(string sample)
    {
        using var scope = torch.NewDisposeScope();
        var value = Samples[sample]();
        var type = value.GetType();
        var registration = Discover(type);

        // text/plain is ToString(), for every type
        Assert.Equal(value.ToString(), Format(registration, value, Plain));

        // text/html is ToHtml() where the type has it, else an <img> of ToPng(), else ToString() in a <pre>
        var html = Format(registration, value, Html)!;
        if (type.GetMethod("ToHtml", Type.EmptyTypes) is { } toHtml) Assert.Equal(Stable((string)toHtml.Invoke(value, null)!), Stable(html));
        else if (type.GetMethod("ToPng", Type.EmptyTypes) is not null) Assert.StartsWith("<img src=\"data:image/png;base64,", html);
        else Assert.Equal($"<pre>{System.Net.WebUtility.HtmlEncode(value.ToString())}</pre>", html);

        // what display(value) or a trailing expression produces: the preferred MIME types only
        var shown = PolyglotDiscovery.Display(value);
        var expected = HasRichDisplay(type) ? Html : Plain;
        Assert.Equal([expected], shown.Select(s => s.MimeType));
        Assert.Equal(Stable(expected == Html ? html : value.ToString()!), Stable(shown[0].Value!));
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void TheRealDotNetInteractiveFormatterShowsWhatTheEmulationSays(string sample)
    {
        // Microsoft.DotNet.Interactive.Formatting (the package the Polyglot C# kernel formats with), not an emulation
        using var scope = torch.NewDisposeScope();
        var value = Samples[sample]();
        var expected = HasRichDisplay(value.GetType()) ? Html : Plain;
        Assert.Equal([expected], Formatter.GetPreferredMimeTypesFor(value.GetType()));

        var real = FormattedValue.CreateManyFromObject(value);                    // display(value), a trailing expression
        var emulated = PolyglotDiscovery.Display(value);
        Assert.Equal(emulated.Select(e => (e.MimeType, Stable(e.Value!))), real.Select(r => (r.MimeType, Stable(r.Value))));

        Assert.Equal(value.ToString(), value.ToDisplayString(Plain));
        if (value.GetType().GetMethod("ToHtml", Type.EmptyTypes) is { } toHtml)
            Assert.Equal(Stable((string)toHtml.Invoke(value, null)!), Stable(value.ToDisplayString(Html)));
    }

    [Fact]
    public void TheTensorShowsAsPyTorchPrintsIt()
    {
        using var t = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var shown = PolyglotDiscovery.Display(t);
        Assert.Equal((Plain, (string?)"tensor([[1.0000, 2.0000],\n        [3.0000, 4.0000]])"), Assert.Single(shown));
    }

    [Fact]
    public void PngOnlyTypesShowAsAnImage()
    {
        // the html formatter embeds ToPng() when there is no ToHtml(); borrow the source of a course type
        var registration = Discover(typeof(Image));
        var html = Format(registration with { Formatters = registration.Formatters.Select(f => f with { Type = typeof(object) }).ToList() },
            new PngOnly(), Html)!;
        Assert.Equal($"<img src=\"data:image/png;base64,{Convert.ToBase64String(new PngOnly().ToPng())}\" alt=\"PngOnly\">", html);
    }

    [Fact]
    public void WithoutTheAttributeTheRealFormatterIgnoresToHtml()
    {
        // the control case: .NET Interactive does not call ToHtml() by name
        var html = new Unattributed().ToDisplayString(Html);
        Assert.DoesNotContain("<b>mine</b>", html);
        Assert.Contains("<table", html);                                           // its default: a table of properties
    }

    public sealed class Unattributed { public int Answer => 42; public string ToHtml() => "<b>mine</b>"; }

    /// <summary>HTML with the chart's per-call element id made constant.</summary>
    static string Stable(string html) => Regex.Replace(html, "course-plot-[0-9a-f]{12}[0-9]+", "course-plot-ID");

    private sealed class PngOnly { public byte[] ToPng() => [137, 80, 78, 71]; }
}
