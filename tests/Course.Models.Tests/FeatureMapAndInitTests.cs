using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Models.Tests;

public class FeatureMapAndInitTests
{
    [Fact]
    public void CaptureReturnsTheNamedLayersOutputs()
    {
        using var m = new LeNet();
        using var x = randn(2, 1, 28, 28);
        var maps = FeatureMaps.Capture(m, x, "net.0", "net.2", "");
        try
        {
            Assert.Equal(new long[] { 2, 6, 28, 28 }, maps["net.0"].shape);
            Assert.Equal(new long[] { 2, 6, 14, 14 }, maps["net.2"].shape);
            Assert.Equal(new long[] { 2, 10 }, maps[""].shape);
            Assert.False(maps["net.0"].requires_grad);
            using var direct = m.net[0].call(x);
            Assert.True(direct.allclose(maps["net.0"], 1e-5, 1e-6));
            Assert.True(m.training);
        }
        finally { foreach (var t in maps.Values) t.Dispose(); }
    }

    [Fact]
    public void CaptureWorksOnNestedModelsAndRejectsUnknownNames()
    {
        using var m = new ZFNet();
        using var x = randn(1, 1, 224, 224);
        var maps = FeatureMaps.Capture(m, x, "features.0", "features.4");
        Assert.Equal(new long[] { 1, 96, 110, 110 }, maps["features.0"].shape);
        Assert.Equal(new long[] { 1, 256, 26, 26 }, maps["features.4"].shape);
        foreach (var t in maps.Values) t.Dispose();
        var e = Assert.Throws<ArgumentException>(() => FeatureMaps.Capture(m, x, "features.99"));
        Assert.Contains("'features.99'", e.Message);
        Assert.Contains("features.0", e.Message);
        Assert.Throws<ArgumentException>(() => FeatureMaps.Capture(m, x));
    }

    [Fact]
    public void XavierInitialisesConvAndLinearWeightsOnly()
    {
        using var m = new LeNet();
        var conv = (Conv2d)m.net[0];
        var biasBefore = conv.bias!.data<float>().ToArray();
        Init.Xavier(m);
        foreach (var layer in m.modules())
        {
            Tensor? w = layer switch { Conv2d c => c.weight, Linear l => l.weight, _ => null };
            if (w is null) continue;
            var (fanIn, fanOut) = nn.init.calculate_fan_in_and_fan_out(w);
            double bound = Math.Sqrt(6.0 / (fanIn + fanOut));
            var v = w.data<float>().ToArray();
            Assert.True(v.Max() <= bound && v.Min() >= -bound);
            Assert.True(v.Max() > bound / 2, "xavier_uniform_ should fill the range");
        }
        Assert.Equal(biasBefore, conv.bias!.data<float>());
    }

    [Fact]
    public void XavierKeepsTheC3MaskZero()
    {
        using var m = new LeNet5();
        Init.Xavier(m);
        using var off = m.C3.weight * (1 - m.C3.mask);
        Assert.Equal(0.0, off.abs().sum().ToDouble());
        using var on = m.C3.weight.abs().sum();
        Assert.True(on.ToDouble() > 0);
    }
}
