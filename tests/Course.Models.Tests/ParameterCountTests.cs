using TorchSharp;
using static TorchSharp.torch;
using static Course.Models.Tests.TestUtil;

namespace Course.Models.Tests;

public class ParameterCountTests
{
    [Fact]
    public void LeNetD2lHas61706Parameters()
    {
        using var m = new LeNet();
        long expected = Conv(1, 6, 5) + Conv(6, 16, 5) + Fc(400, 120) + Fc(120, 84) + Fc(84, 10);
        Assert.Equal(61_706, expected);
        Assert.Equal(expected, RawParams(m));
    }

    [Fact]
    public void AlexNet227MatchesTorchinfoTotal()
    {
        using var m = new AlexNet(AlexNetConfig.ImageNet);
        Assert.Equal(62_378_344, RawParams(m));
        // Pooling and LRN options do not change the count at 227 (6×6 maps either way).
        using var m2 = new AlexNet(AlexNetConfig.ImageNet with { Lrn = true, OverlappingPool = false });
        Assert.Equal(62_378_344, RawParams(m2));
    }

    [Fact]
    public void AlexNetD2lCountFollowsItsLayerList()
    {
        using var m = new AlexNet();
        long expected = Conv(1, 96, 11) + Conv(96, 256, 5) + Conv(256, 384, 3) + Conv(384, 384, 3) + Conv(384, 256, 3)
            + Fc(256 * 5 * 5, 4096) + Fc(4096, 4096) + Fc(4096, 10);
        Assert.Equal(expected, RawParams(m));
    }

    [Fact]
    public void Vgg16And11MatchTorchvision()
    {
        using (var m = new VGG(VggConfig.D)) Assert.Equal(138_357_544, RawParams(m));
        using (var m = new VGG(VggConfig.A)) Assert.Equal(132_863_336, RawParams(m));
    }

    [Fact]
    public void Vgg11D2lIsTheQuarterWidthNetwork()
    {
        using var m = new VGG(VggConfig.D2l11());
        long expected = Conv(1, 16, 3) + Conv(16, 32, 3) + Conv(32, 64, 3) + Conv(64, 64, 3) + Conv(64, 128, 3) + 3 * Conv(128, 128, 3)
            + Fc(128 * 7 * 7, 4096) + Fc(4096, 4096) + Fc(4096, 10);
        Assert.Equal(expected, RawParams(m));
    }

    [Fact]
    public void ResNetsMatchTorchvision()
    {
        // The registry's ImageNet ResNets are the binding's torchvision.models builds.
        using (var m = ModelRegistry.Get("resnet18").Create()) Assert.Equal(11_689_512, RawParams(m));
        using (var m = ModelRegistry.Get("resnet34").Create()) Assert.Equal(21_797_672, RawParams(m));
        using (var m = ModelRegistry.Get("resnet50").Create()) Assert.Equal(25_557_032, RawParams(m));
    }

    [Fact]
    public void DenseNet121MatchesTorchvision()
    {
        using var m = DenseNet.DenseNet121();
        Assert.Equal(7_978_856, RawParams(m));
    }

    // GoogLeNet paper, Table 1: #1×1, #3×3 reduce, #3×3, #5×5 reduce, #5×5, pool proj, with the block's input channels.
    private static readonly int[][] Table1 =
    {
        new[] { 192, 64, 96, 128, 16, 32, 32 },   // 3a
        new[] { 256, 128, 128, 192, 32, 96, 64 }, // 3b
        new[] { 480, 192, 96, 208, 16, 48, 64 },  // 4a
        new[] { 512, 160, 112, 224, 24, 64, 64 }, // 4b
        new[] { 512, 128, 128, 256, 24, 64, 64 }, // 4c
        new[] { 512, 112, 144, 288, 32, 64, 64 }, // 4d
        new[] { 528, 256, 160, 320, 32, 128, 128 }, // 4e
        new[] { 832, 256, 160, 320, 32, 128, 128 }, // 5a
        new[] { 832, 384, 192, 384, 48, 128, 128 }, // 5b
    };

    private static long GoogLeNetFromTable(long inChannels, long classes)
    {
        long n = Conv(inChannels, 64, 7) + Conv(64, 64, 1) + Conv(64, 192, 3);
        long prevOut = 192;
        foreach (var r in Table1)
        {
            Assert.Equal(prevOut, r[0]); // the table is consistent: each block's input is the previous output
            n += Conv(r[0], r[1], 1) + Conv(r[0], r[2], 1) + Conv(r[2], r[3], 3) + Conv(r[0], r[4], 1) + Conv(r[4], r[5], 5) + Conv(r[0], r[6], 1);
            prevOut = r[1] + r[3] + r[5] + r[6];
        }
        Assert.Equal(1024, prevOut);
        return n + Fc(1024, classes);
    }

    private static long Aux(long inChannels, long classes) => Conv(inChannels, 128, 1) + Fc(2048, 1024) + Fc(1024, classes);

    [Fact]
    public void GoogLeNetCountEqualsPaperTable1()
    {
        using (var m = new GoogLeNet()) Assert.Equal(GoogLeNetFromTable(3, 1000), RawParams(m));
        using (var m = new GoogLeNet(auxClassifiers: true))
            Assert.Equal(GoogLeNetFromTable(3, 1000) + Aux(512, 1000) + Aux(528, 1000), RawParams(m));
        using (var m = new GoogLeNetD2l()) Assert.Equal(GoogLeNetFromTable(1, 10), RawParams(m));
    }

    [Fact]
    public void MnistCnnMatchesSeedTable()
    {
        using var m = SmallCnn.Mnist();
        var p = m.named_parameters().ToDictionary(x => x.Item1, x => x.Item2.numel());
        Assert.Equal(200 + 8, p["features.0.weight"] + p["features.0.bias"]);
        Assert.Equal(16 * 8 * 25 + 16, p["features.3.weight"] + p["features.3.bias"]);
        Assert.Equal(8192 + 32, p["classifier.1.weight"] + p["classifier.1.bias"]);
        Assert.Equal(320 + 10, p["classifier.4.weight"] + p["classifier.4.bias"]);
    }
}
