using System.Text.Json;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Course.Models.Tests;

public class SummaryTests
{
    [Fact]
    public void AlexNet227SummaryLooksLikeTorchinfo()
    {
        using var m = new AlexNet(AlexNetConfig.ImageNet);
        var s = ModelSummary.Create(m, new long[] { 10, 3, 227, 227 });
        Assert.Equal(62_378_344, s.TotalParams);
        Assert.Equal(62_378_344, s.TrainableParams);
        Assert.Equal(s.TotalParams, s.Rows.Sum(r => r.Params));
        string text = s.ToString();
        Assert.Contains("Layer (type:depth-idx)", text);
        Assert.Contains("Output Shape", text);
        Assert.Contains("Param #", text);
        Assert.Contains("Total params: 62,378,344", text);
        Assert.Contains("Non-trainable params: 0", text);
        Assert.StartsWith("=====", text);
        Assert.Contains("├─Sequential: 1-1", text);
        Assert.Contains("│    └─Conv2d: 2-1", text);
        Assert.Contains("[10, 96, 55, 55]", text);
        Assert.Contains("34,944", text);
        var features = s.Rows.Single(r => r.Name == "features");
        Assert.Equal(new long[] { 10, 256, 6, 6 }, features.OutputShape);
        // Input 10×3×227×227 floats.
        Assert.Equal(10 * 3 * 227 * 227 * 4 / 1e6, s.InputSizeMB, 6);
        Assert.Equal(62_378_344 * 4 / 1e6, s.ParamsSizeMB, 6);
    }

    [Fact]
    public void MultAddsFollowTorchinfosConvention()
    {
        using var m = new LeNet();
        var s = ModelSummary.Create(m, new long[] { 2, 1, 28, 28 });
        var conv = (Conv2d)m.net[0];
        var lin = (Linear)m.net[7];
        long convParams = conv.weight.numel() + conv.bias!.numel();
        var convRow = s.Rows.Single(r => r.Name == "net.0");
        Assert.Equal(convParams * 2 * 28 * 28, convRow.MultAdds);
        var linRow = s.Rows.Single(r => r.Name == "net.7");
        Assert.Equal((lin.weight.numel() + lin.bias!.numel()) * 2, linRow.MultAdds);
        Assert.Equal(0, s.Rows.Single(r => r.Name == "net.1").MultAdds);
        Assert.Equal(s.Rows.Where(r => r.IsLeaf).Sum(r => r.MultAdds), s.TotalMultAdds);
        Assert.Equal(61_706, s.TotalParams);
    }

    [Fact]
    public void JsonHasTotalsAndLayers()
    {
        using var m = new LeNet();
        var s = ModelSummary.Create(m, new long[] { 1, 1, 28, 28 });
        using var doc = JsonDocument.Parse(s.ToJson());
        var root = doc.RootElement;
        Assert.Equal(61_706, root.GetProperty("total_params").GetInt64());
        Assert.Equal(61_706, root.GetProperty("trainable_params").GetInt64());
        var layers = root.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(s.Rows.Count, layers.Count);
        var first = layers.Single(l => l.GetProperty("name").GetString() == "net.0");
        Assert.Equal("Conv2d", first.GetProperty("type").GetString());
        Assert.Equal(new long[] { 1, 6, 28, 28 }, first.GetProperty("output_shape").EnumerateArray().Select(e => e.GetInt64()).ToArray());
        Assert.Equal(156, first.GetProperty("params").GetInt64());
        Assert.True(first.GetProperty("trainable").GetBoolean());
        Assert.Equal(156L * 28 * 28, first.GetProperty("macs").GetInt64());
        var relu = layers.Single(l => l.GetProperty("name").GetString() == "net.1");
        Assert.Equal(JsonValueKind.Null, relu.GetProperty("trainable").ValueKind);
    }

    [Fact]
    public void DepthFoldsDeeperRowsButKeepsTotals()
    {
        using var m = torchvision.models.resnet18(num_classes: 10, in_channels: 1);
        var full = ModelSummary.Create(m, new long[] { 1, 1, 64, 64 }, depth: 10);
        var shallow = ModelSummary.Create(m, new long[] { 1, 1, 64, 64 }, depth: 1);
        Assert.Equal(full.TotalParams, shallow.TotalParams);
        Assert.Equal(full.TotalMultAdds, shallow.TotalMultAdds);
        Assert.All(shallow.Rows, r => Assert.True(r.Depth <= 1));
        Assert.Equal(shallow.TotalParams, shallow.Rows.Sum(r => r.Params));
        Assert.Equal(full.TotalParams, full.Rows.Sum(r => r.Params));
        var layer1 = shallow.Rows.Single(r => r.Name == "layer1");
        Assert.Equal(full.Rows.Where(r => r.Name.StartsWith("layer1.")).Sum(r => r.Params), layer1.Params);
        Assert.Contains(full.Rows, r => r.Name == "layer2.0.downsample.0");
    }

    [Fact]
    public void RestoresTrainingModeAndRejectsBadInput()
    {
        using var m = new LeNet();
        Assert.True(m.training);
        ModelSummary.Create(m, new long[] { 1, 1, 28, 28 });
        Assert.True(m.training);
        Assert.True(m.net[0].training);
        m.eval();
        ModelSummary.Create(m, new long[] { 1, 1, 28, 28 });
        Assert.False(m.training);
        var e = Assert.Throws<ArgumentException>(() => ModelSummary.Create(m, new long[] { 1, 3, 28, 28 }));
        Assert.Contains("[1, 3, 28, 28]", e.Message);
        Assert.Throws<ArgumentException>(() => ModelSummary.Create(m, new long[] { 28, 28 }.Skip(1).ToArray()));
    }

    [Fact]
    public void UnexecutedModulesAreListedWithoutShape()
    {
        using var m = new GoogLeNet(numClasses: 10, inChannels: 1, auxClassifiers: true);
        var s = ModelSummary.Create(m, new long[] { 1, 1, 224, 224 }, depth: 1);
        var aux = s.Rows.Single(r => r.Name == "aux1");
        Assert.Null(aux.OutputShape);
        Assert.True(aux.Params > 0);
        Assert.Equal(TestUtil.RawParams(m), s.TotalParams);
        Assert.Equal(new long[] { 1, 832, 7, 7 }, s.Rows.Single(r => r.Name == "inception5a").OutputShape);
        Assert.Equal(new long[] { 1, 1024, 7, 7 }, s.Rows.Single(r => r.Name == "inception5b").OutputShape);
    }

    [Fact]
    public void HtmlContainsTheRows()
    {
        using var m = new LeNet5();
        var html = ModelSummary.Create(m, new long[] { 1, 1, 32, 32 }).ToHtml();
        Assert.StartsWith("<div", html);
        Assert.Contains("<table", html);
        Assert.Contains("MaskedConv2d", html);
        Assert.Contains("1,516", html);
        Assert.Contains("Total params: 60,840", html);
    }

    [Fact]
    public void ShapeWalkReproducesD2lsLeNetPrintout()
    {
        using var m = new LeNet();
        var rows = ShapeWalk.LayerShapes(m, new long[] { 1, 1, 28, 28 });
        Assert.Equal(12, rows.Count);
        Assert.Equal(new[] { "Conv2d", "Sigmoid", "AvgPool2d", "Conv2d", "Sigmoid", "AvgPool2d", "Flatten", "Linear", "Sigmoid", "Linear", "Sigmoid", "Linear" },
            rows.Select(r => r.Type).ToArray());
        Assert.Equal(new long[] { 1, 6, 28, 28 }, rows[0].OutputShape);
        Assert.Equal(new long[] { 1, 6, 14, 14 }, rows[2].OutputShape);
        Assert.Equal(new long[] { 1, 16, 10, 10 }, rows[3].OutputShape);
        Assert.Equal(new long[] { 1, 16, 5, 5 }, rows[5].OutputShape);
        Assert.Equal(new long[] { 1, 400 }, rows[6].OutputShape);
        Assert.Equal(new long[] { 1, 10 }, rows[11].OutputShape);
        var table = ShapeWalk.Run(m, new long[] { 1, 1, 28, 28 });
        Assert.Contains("Conv2d (net.0)", table.ToString());
        Assert.Contains("<table", table.ToHtml());
    }

    [Fact]
    public void ShapeWalkAtDepthShowsBlocks()
    {
        using var m = new VGG(VggConfig.D2l11());
        var rows = ShapeWalk.LayerShapes(m, new long[] { 1, 1, 224, 224 }, depth: 2);
        var blocks = rows.Where(r => r.Name.StartsWith("features.")).ToList();
        Assert.Equal(5, blocks.Count);
        Assert.Equal(new long[] { 16, 32, 64, 128, 128 }, blocks.Select(b => b.OutputShape[1]).ToArray());
        Assert.Equal(new long[] { 112, 56, 28, 14, 7 }, blocks.Select(b => b.OutputShape[2]).ToArray());
        Assert.Equal(new long[] { 1, 10 }, rows[^1].OutputShape);
    }
}
