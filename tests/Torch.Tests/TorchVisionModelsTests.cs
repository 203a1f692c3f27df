using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torchvision.models;

namespace Torch.Tests;

/// <summary>
/// torchvision.models' ResNets as TorchSharp's TorchVision has them: the parameter counts torchvision documents, its
/// state-dict names (so weights saved from one load into the other), its initialisation, and the shapes.
/// </summary>
public class TorchVisionModelsTests
{
    static long Params(nn.Module m) => m.parameters().Sum(p => p.numel());

    [Fact]
    public void Parameter_counts_are_torchvisions()
    {
        // The numbers in torchvision's model documentation (1000 classes, 3×224 input).
        using (var m = resnet18()) Assert.Equal(11_689_512, Params(m));
        using (var m = resnet34()) Assert.Equal(21_797_672, Params(m));
        using (var m = resnet50()) Assert.Equal(25_557_032, Params(m));
        using (var m = resnet101()) Assert.Equal(44_549_160, Params(m));
        using (var m = wide_resnet50_2()) Assert.Equal(68_883_240, Params(m));
        using (var m = resnext50_32x4d()) Assert.Equal(25_028_904, Params(m));
    }

    [Fact]
    public void State_dict_names_are_torchvisions()
    {
        using var m = resnet18();
        var keys = m.state_dict().Keys.ToList();
        // 62 parameters + 3 buffers for each of the 20 BatchNorm layers.
        Assert.Equal(122, keys.Count);
        Assert.Equal(new[] { "conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked" }, keys.Take(6));
        Assert.Contains("layer1.0.conv1.weight", keys);
        Assert.Contains("layer2.0.downsample.0.weight", keys);
        Assert.Contains("layer2.0.downsample.1.running_var", keys);
        Assert.DoesNotContain("layer1.0.downsample.0.weight", keys);
        Assert.Equal(new[] { "fc.weight", "fc.bias" }, keys.TakeLast(2));
        Assert.Equal(new[] { "conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool", "flatten", "fc" },
            m.named_children().Select(c => c.name));
        using var b50 = resnet50();
        Assert.Contains("layer1.0.downsample.0.weight", b50.state_dict().Keys);   // 64 → 256 channels: a projection from the first block on
        Assert.Equal(new long[] { 1000, 2048 }, b50.state_dict()["fc.weight"].shape);
    }

    [Fact]
    public void Forward_gives_logits_at_any_input_size_and_channel_count()
    {
        using var m = resnet18(num_classes: 10, in_channels: 1);
        m.eval();
        using var y = m.call(randn(2, 1, 64, 48));
        Assert.Equal(new long[] { 2, 10 }, y.shape);
        using var b = new ResNet.BasicBlock(64, 128, stride: 2);
        using var z = b.call(randn(1, 64, 56, 56));
        Assert.Equal(new long[] { 1, 128, 28, 28 }, z.shape);
        using var n = new ResNet.Bottleneck(256, 128, stride: 2);
        using var w = n.call(randn(1, 256, 16, 16));
        Assert.Equal(new long[] { 1, 512, 8, 8 }, w.shape);
        // Dilation in place of the last stride (as for segmentation): the output map stays twice as large.
        using var d = resnet50(replace_stride_with_dilation: (false, false, true));
        var seq = nn.Sequential(d.named_children().Take(8).Select(c => (c.name, (nn.Module<Tensor, Tensor>)c.module)).ToArray());
        d.eval();
        using var f = seq.call(randn(1, 3, 64, 64));
        Assert.Equal(new long[] { 1, 2048, 4, 4 }, f.shape);
    }

    [Fact]
    public void Initialisation_is_torchvisions()
    {
        manual_seed(3);
        using var m = resnet18();
        var sd = m.state_dict();
        // Kaiming normal, fan-out, ReLU gain: std = sqrt(2 / (64 · 7 · 7)).
        double std = sd["conv1.weight"].std().item<float>();
        Assert.InRange(std, 0.95 * Math.Sqrt(2.0 / (64 * 49)), 1.05 * Math.Sqrt(2.0 / (64 * 49)));
        Assert.Equal(0f, sd["conv1.weight"].mean().item<float>(), 3);
        Assert.True(sd["layer1.0.bn2.weight"].eq(1).all().item<bool>());
        using var z = resnet18(zero_init_residual: true);
        Assert.True(z.state_dict()["layer1.0.bn2.weight"].eq(0).all().item<bool>());
        Assert.True(z.state_dict()["layer1.0.bn1.weight"].eq(1).all().item<bool>());
        using var z50 = resnet50(zero_init_residual: true);
        Assert.True(z50.state_dict()["layer3.2.bn3.weight"].eq(0).all().item<bool>());
    }

    [Fact]
    public void Zero_init_residual_makes_an_identity_block_a_relu()
    {
        // With the last BN's γ = 0 the residual branch is exactly 0: a block without projection returns relu(x).
        using var z = resnet18(zero_init_residual: true);
        z.eval();
        var block = (nn.Module<Tensor, Tensor>)z.named_modules().Single(x => x.name == "layer1.1").module;
        using var x = randn(2, 64, 8, 8);
        using var y = block.call(x);
        Assert.True(y.allclose(x.relu()));
    }

    [Fact]
    public void Weights_file_loads_all_but_fc_unless_asked()
    {
        var path = Path.Combine(Path.GetTempPath(), $"resnet18-{Guid.NewGuid():N}.dat");
        try
        {
            using var a = resnet18(num_classes: 10);
            a.save(path);
            using var b = resnet18(num_classes: 5, weights_file: path);   // skipfc (the default): a new head
            Assert.True(a.state_dict()["layer4.1.conv2.weight"].equal(b.state_dict()["layer4.1.conv2.weight"]));
            Assert.Equal(new long[] { 5, 512 }, b.state_dict()["fc.weight"].shape);
            using var c = resnet18(num_classes: 10, weights_file: path, skipfc: false);
            Assert.True(a.state_dict()["fc.weight"].equal(c.state_dict()["fc.weight"]));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Bad_arguments_name_the_problem()
    {
        var e = Assert.Throws<ArgumentException>(() => new ResNet("r", false, [2, 2, 2]));
        Assert.Contains("4 positive block counts", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => resnet18(num_classes: 0));
        Assert.Contains("BasicBlock", Assert.Throws<ArgumentException>(() => resnet18(groups: 32)).Message);
        Assert.Contains("dilation", Assert.Throws<ArgumentException>(() => resnet18(replace_stride_with_dilation: (false, true, true))).Message);
        using var m = resnet18();
        var shape = Assert.ThrowsAny<Exception>(() => m.call(randn(1, 1, 32, 32)));
        Assert.Contains("channels", shape.Message);
    }
}
