using TorchSharp;
using static TorchSharp.torch;

namespace Course.Models.Tests;

public class ArchitectureTests
{
    private static Dictionary<string, long[]> Shapes(nn.Module<Tensor, Tensor> m, long[] input, int? depth = null) =>
        ShapeWalk.LayerShapes(m, input, depth).GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.First().OutputShape);

    [Fact]
    public void ZFNetFeatureSizesFollowThePaper()
    {
        using var m = new ZFNet(numClasses: 1000, inChannels: 3);
        var s = Shapes(m, new long[] { 1, 3, 224, 224 });
        Assert.Equal(new long[] { 1, 96, 110, 110 }, s["features.0"]);
        Assert.Equal(new long[] { 1, 96, 55, 55 }, s["features.2"]);
        Assert.Equal(new long[] { 1, 256, 26, 26 }, s["features.4"]);
        Assert.Equal(new long[] { 1, 256, 13, 13 }, s["features.6"]);
        Assert.Equal(new long[] { 1, 256, 6, 6 }, s["features.14"]);
    }

    [Fact]
    public void D2lBlockShapes()
    {
        using (var g = new GoogLeNetD2l())
        {
            var s = Shapes(g, new long[] { 1, 1, 96, 96 }, depth: 2);
            Assert.Equal(new long[] { 1, 64, 24, 24 }, s["net.b1"]);
            Assert.Equal(new long[] { 1, 192, 12, 12 }, s["net.b2"]);
            Assert.Equal(new long[] { 1, 480, 6, 6 }, s["net.b3"]);
            Assert.Equal(new long[] { 1, 832, 3, 3 }, s["net.b4"]);
            Assert.Equal(new long[] { 1, 1024 }, s["net.b5"]);
        }
        using (var r = new ResNetD2l())
        {
            var s = Shapes(r, new long[] { 1, 1, 96, 96 }, depth: 1);
            Assert.Equal(new long[] { 1, 64, 24, 24 }, s["b1"]);
            Assert.Equal(new long[] { 1, 64, 24, 24 }, s["b2"]);
            Assert.Equal(new long[] { 1, 128, 12, 12 }, s["b3"]);
            Assert.Equal(new long[] { 1, 256, 6, 6 }, s["b4"]);
            Assert.Equal(new long[] { 1, 512, 3, 3 }, s["b5"]);
        }
        using (var d = DenseNet.D2l())
        {
            var s = Shapes(d, new long[] { 1, 1, 96, 96 }, depth: 1);
            Assert.Equal(new long[] { 1, 64 + 4 * 32, 24, 24 }, s["denseblock1"]);
            Assert.Equal(new long[] { 1, 96, 12, 12 }, s["transition1"]);
            Assert.Equal(new long[] { 1, 248, 3, 3 }, s["denseblock4"]);
        }
        using (var n = new NiN())
        {
            var s = Shapes(n, new long[] { 1, 1, 224, 224 }, depth: 2);
            Assert.Equal(new long[] { 1, 96, 54, 54 }, s["net.0"]);
            Assert.Equal(new long[] { 1, 384, 12, 12 }, s["net.4"]);
            Assert.Equal(new long[] { 1, 10, 5, 5 }, s["net.7"]);
        }
    }

    [Fact]
    public void GoogLeNetAuxClassifiers()
    {
        using var scope = NewDisposeScope();
        using var m = new GoogLeNet(numClasses: 7, inChannels: 1, auxClassifiers: true);
        m.eval();
        using var _ = no_grad();
        var x = randn(1, 1, 224, 224);
        var (main, a1, a2) = m.ForwardWithAux(x);
        Assert.Equal(new long[] { 1, 7 }, main.shape);
        Assert.Equal(new long[] { 1, 7 }, a1.shape);
        Assert.Equal(new long[] { 1, 7 }, a2.shape);
        Assert.True(main.allclose(m.call(x), 1e-4, 1e-5));
        using var plain = new GoogLeNet(numClasses: 7, inChannels: 1);
        Assert.Throws<InvalidOperationException>(() => plain.ForwardWithAux(x));
    }

    [Fact]
    public void AlexNetOptionsChangeTheLayers()
    {
        using var lrn = new AlexNet(AlexNetConfig.D2l with { Lrn = true, OverlappingPool = false });
        var types = lrn.features.Select(l => l.GetName()).ToList();
        Assert.Equal(2, types.Count(t => t == "LocalResponseNorm"));
        var pools = lrn.features.OfType<TorchSharp.Modules.MaxPool2d>().ToList();
        Assert.All(pools, p => Assert.Equal(new long[] { 2, 2 }, p.kernel_size));
        // Non-overlapping pooling at 224 (d2l padding): 54 → 27 → 27 → 13 → 13 → 6.
        Assert.Equal(new long[] { 1, 10 }, TestUtil.OutputShape(lrn, 1, 1, 224, 224));
        var fc = (TorchSharp.Modules.Linear)lrn.classifier[1];
        Assert.Equal(256 * 6 * 6, fc.in_features);
    }

    [Fact]
    public void SizeMathMatchesPyTorch()
    {
        Assert.Equal(55, SizeMath.ConvOut(227, 11, 4));
        Assert.Equal(56, SizeMath.ConvOut(112, 3, 2, 0, ceil: true));
        Assert.Equal(7, SizeMath.ConvOut(14, 3, 2, 0, ceil: true));
        Assert.Throws<ArgumentException>(() => SizeMath.ConvOut(3, 5));
    }
}
