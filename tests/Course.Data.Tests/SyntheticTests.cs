using Course.Data.Synthetic;

namespace Course.Data.Tests;

public class SyntheticTests
{
    public static TheoryData<string> Sets => new() { "colors", "shapes", "color-shapes" };

    static ImageDataset Make(string set, bool train, int seed, int? perClass = null) => set switch
    {
        "colors" => ShapeSets.Colors(train, seed, perClass),
        "shapes" => ShapeSets.Shapes(train, seed, perClass),
        _ => ShapeSets.ColorShapes(train, seed, perClass),
    };

    [Theory]
    [MemberData(nameof(Sets))]
    public void SameSeedSameData_OtherSeedOtherData(string set)
    {
        var a = Make(set, true, 5, 20);
        var b = Make(set, true, 5, 20);
        var c = Make(set, true, 6, 20);
        Assert.Equal(a.Images, b.Images);
        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEqual(a.Images, c.Images);
        var test = Make(set, false, 5, 20);
        Assert.NotEqual(a.Images, test.Images);
    }

    [Theory]
    [InlineData("colors", 6, 600, 100)]
    [InlineData("shapes", 5, 600, 100)]
    [InlineData("color-shapes", 9, 600, 100)]
    public void DefaultSizesAndClassBalance(string set, int classes, int train, int test)
    {
        var tr = Make(set, true, 0);
        var te = Make(set, false, 0);
        Assert.Equal(classes, tr.Classes.Count);
        Assert.Equal((3, 28, 28), (tr.Channels, tr.Height, tr.Width));
        Assert.All(tr.ClassCounts(), n => Assert.Equal(train, n));
        Assert.All(te.ClassCounts(), n => Assert.Equal(test, n));
        // Shuffled, not sorted by class.
        Assert.NotEqual(tr.Labels.Order().ToArray(), tr.Labels);
        // Every image has something drawn on it.
        for (int i = 0; i < tr.Count; i++) Assert.Contains(tr.ImageBytes(i).ToArray(), b => b > 150);
    }

    [Fact]
    public void ColorImagesShowTheirColour()
    {
        var ds = ShapeSets.ColorShapes(true, 1, 10);
        for (int i = 0; i < ds.Count; i++)
        {
            // Sum each channel; the class colour's channel dominates (red, blue, green order).
            var px = ds.ImageBytes(i).ToArray();
            var sums = Enumerable.Range(0, 3).Select(c => px.Skip(c * 784).Take(784).Sum(b => (long)b)).ToArray();
            int expected = new[] { 0, 2, 1 }[ds.Labels[i] / 3];
            Assert.Equal(expected, Array.IndexOf(sums, sums.Max()));
            Assert.StartsWith(new[] { "red", "blue", "green" }[ds.Labels[i] / 3], ds.Classes[ds.Labels[i]]);
        }
    }

    [Fact]
    public void ShapesCanBeSingleChannel()
    {
        var ds = ShapeSets.Shapes(true, 0, 4, channels: 1);
        Assert.Equal(1, ds.Channels);
        Assert.Equal(20 * 784, ds.Images.Length);
    }

    [Fact]
    public void CifarStandInSaysItIsNotCifar()
    {
        var ds = CifarStandIn.Create(train: false, seed: 0, perClass: 5, quiet: true);
        Assert.True(ds.IsStandIn);
        Assert.Contains("NOT CIFAR-10", ds.Description);
        Assert.Equal((3, 32, 32), (ds.Channels, ds.Height, ds.Width));
        Assert.All(ds.ClassCounts(), n => Assert.Equal(5, n));
        Assert.Equal(ds.Images, CifarStandIn.Create(false, 0, 5, quiet: true).Images);
        Assert.NotEqual(ds.Images, CifarStandIn.Create(false, 1, 5, quiet: true).Images);
    }

    [Fact]
    public void RasterFillsShapesByPixelCentre()
    {
        var r = new Raster(1, 10, 10);
        r.FillRect(2, 3, 5, 4, [255]);
        Assert.Equal(3, r.Pixels.Count(b => b == 255));
        var c = new Raster(1, 21, 21);
        c.FillCircle(10.5, 10.5, 5, [9]);
        int n = c.Pixels.Count(b => b == 9);
        Assert.InRange(n, 70, 87); // π·25 ≈ 78.5
    }
}
