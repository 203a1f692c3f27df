using TorchSharp;
using static TorchSharp.torch;

namespace Torch.Tests;

/// <summary>nn.init and the layers' default initialisation.</summary>
public class NnInitTests
{
    private static (double min, double max, double std) Stats(Tensor t)
    {
        var d = t.to(ScalarType.Float64).data<double>().ToArray();
        double mean = d.Average();
        return (d.Min(), d.Max(), Math.Sqrt(d.Sum(v => (v - mean) * (v - mean)) / d.Length));
    }

    [Fact]
    public void Gain_table_matches_pytorch()
    {
        Assert.Equal(1.0, nn.init.calculate_gain("linear"));
        Assert.Equal(1.0, nn.init.calculate_gain("conv2d"));
        Assert.Equal(1.0, nn.init.calculate_gain("sigmoid"));
        Assert.Equal(5.0 / 3, nn.init.calculate_gain("tanh"));
        Assert.Equal(Math.Sqrt(2), nn.init.calculate_gain("relu"));
        Assert.Equal(Math.Sqrt(2 / (1 + 0.01 * 0.01)), nn.init.calculate_gain("leaky_relu"));
        Assert.Equal(Math.Sqrt(2 / 6.0), nn.init.calculate_gain("leaky_relu", Math.Sqrt(5)));
        Assert.Equal(Math.Sqrt(2), nn.init.calculate_gain(nn.init.NonlinearityType.ReLU));
        Assert.Contains("softplus", Assert.Throws<ArgumentException>(() => nn.init.calculate_gain("softplus")).Message);
    }

    [Fact]
    public void Fans_of_conv_and_linear_weights()
    {
        using var w = empty(16, 6, 5, 5);
        Assert.Equal((150L, 400L), nn.init.calculate_fan_in_and_fan_out(w));
        using var v = empty(3);
        Assert.Throws<ArgumentException>(() => nn.init.calculate_fan_in_and_fan_out(v));
    }

    [Fact]
    public void Kaiming_and_xavier_have_the_specified_spread()
    {
        using var w = empty(400, 300);
        nn.init.kaiming_uniform_(w, nonlinearity: "relu");
        double bound = Math.Sqrt(3) * Math.Sqrt(2) / Math.Sqrt(300);
        var (min, max, std) = Stats(w);
        Assert.InRange(max, bound * 0.99, bound); Assert.InRange(min, -bound, -bound * 0.99);
        nn.init.kaiming_normal_(w, mode: "fan_out", nonlinearity: "relu");
        Assert.InRange(Stats(w).std, Math.Sqrt(2.0 / 400) * 0.98, Math.Sqrt(2.0 / 400) * 1.02);
        nn.init.xavier_uniform_(w, gain: 2);
        double a = 2 * Math.Sqrt(6.0 / 700);
        (min, max, _) = Stats(w);
        Assert.InRange(max, a * 0.99, a); Assert.InRange(min, -a, -a * 0.99);
        nn.init.xavier_normal_(w);
        Assert.InRange(Stats(w).std, Math.Sqrt(2.0 / 700) * 0.98, Math.Sqrt(2.0 / 700) * 1.02);
        nn.init.normal_(w, 3, 0.5);
        Assert.InRange(Stats(w).std, 0.49, 0.51);
        nn.init.uniform_(w, -0.25, 0.75);
        (min, max, _) = Stats(w);
        Assert.InRange(min, -0.25, -0.24); Assert.InRange(max, 0.74, 0.75);
        Assert.Throws<ArgumentException>(() => nn.init.kaiming_normal_(w, mode: "fan_avg"));
    }

    [Fact]
    public void Constant_zeros_ones_work_on_parameters_in_place()
    {
        using var lin = nn.Linear(3, 2);
        var same = nn.init.constant_(lin.weight, 0.5);
        Assert.Same(lin.weight, same);
        Assert.All(lin.weight.data<float>(), v => Assert.Equal(0.5f, v));
        nn.init.zeros_(lin.bias!);
        Assert.All(lin.bias!.data<float>(), v => Assert.Equal(0f, v));
        nn.init.ones_(lin.weight);
        Assert.All(lin.weight.data<float>(), v => Assert.Equal(1f, v));
        Assert.True(lin.weight.requires_grad);
        Assert.True(lin.weight.is_leaf);
    }

    [Fact]
    public void Default_layer_init_matches_pytorch_bounds()
    {
        using var conv = nn.Conv2d(64, 128, 3);
        double fanIn = 64 * 9;
        double wBound = 1 / Math.Sqrt(fanIn); // kaiming_uniform_(a=√5): √3·√(2/6)/√fan_in = 1/√fan_in
        var (min, max, _) = Stats(conv.weight);
        Assert.InRange(max, wBound * 0.99, wBound); Assert.InRange(min, -wBound, -wBound * 0.99);
        (min, max, _) = Stats(conv.bias!);
        Assert.InRange(max, 0, wBound); Assert.InRange(min, -wBound, 0);
        using var bn = nn.BatchNorm2d(4);
        Assert.All(bn.weight!.data<float>(), v => Assert.Equal(1f, v));
        Assert.All(bn.bias!.data<float>(), v => Assert.Equal(0f, v));
    }
}
