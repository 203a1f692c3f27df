using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.distributions;

namespace Torch.Tests;

/// <summary>torch.distributions as TorchSharp writes it: sample shapes, moments of large samples, log_prob formulas, generators.</summary>
public class CompatDistributionTests
{
    [Fact]
    public void Samples_have_the_requested_shape_and_the_right_moments()
    {
        torch.manual_seed(0);
        using var bern = Bernoulli(torch.tensor(0.3f));
        using var b = bern.sample(200, 100);
        Assert.Equal(new long[] { 200, 100 }, b.shape);
        Assert.Equal(0.3, b.mean().item<float>(), 1);

        using var bin = Binomial(torch.tensor(100), torch.tensor(0.25f));
        using var n = bin.sample(4000);
        Assert.Equal(25.0, n.mean().item<float>(), 0);
        Assert.Equal(Math.Sqrt(100 * 0.25 * 0.75), n.std().item<float>(), 0);

        using var cat = Categorical(torch.tensor(new float[] { 0.1f, 0.7f, 0.1f, 0.1f }));
        using var c = cat.sample(20000);
        Assert.Equal(ScalarType.Int64, c.dtype);
        using var ones = (c == 1L).to(ScalarType.Float32).mean();
        Assert.Equal(0.7, ones.item<float>(), 1);

        using var mult = Multinomial(100, torch.tensor(new float[] { 0.1f, 0.7f, 0.1f, 0.1f }));
        using var m = mult.sample(2, 3);
        Assert.Equal(new long[] { 2, 3, 4 }, m.shape);
        Assert.All(m.sum(-1).data<float>().ToArray(), v => Assert.Equal(100f, v));

        using var norm = Normal(torch.tensor(0.5f), torch.tensor(0.125f));
        using var x = norm.sample(20000);
        Assert.Equal(0.5, x.mean().item<float>(), 2);
        Assert.Equal(0.125, x.std().item<float>(), 2);

        using var uni = Uniform(torch.tensor(10.0f), torch.tensor(17.0f));
        using var u = uni.sample(4, 4);
        Assert.All(u.data<float>().ToArray(), v => Assert.InRange(v, 10f, 17f));
    }

    [Fact]
    public void Log_probabilities_match_the_formulas()
    {
        using var norm = Normal(torch.tensor(1.0), torch.tensor(2.0));
        using var lp = norm.log_prob(torch.tensor(0.0));
        Assert.Equal(-0.125 - Math.Log(2) - 0.5 * Math.Log(2 * Math.PI), lp.item<double>(), 12);
        using var bern = Bernoulli(torch.tensor(0.2));
        using var lb = bern.log_prob(torch.tensor(new double[] { 0, 1 }));
        Assert.Equal(new[] { Math.Log(0.8), Math.Log(0.2) }, lb.data<double>().ToArray().Select(v => Math.Round(v, 12)), new RoundedComparer());
        using var cat = Categorical(logits: torch.tensor(new double[] { 0, Math.Log(3) }));
        using var lc = cat.log_prob(torch.tensor(new long[] { 1 }));
        Assert.Equal(Math.Log(0.75), lc.item<double>(), 12);
        using var uni = Uniform(torch.tensor(0.0), torch.tensor(4.0));
        using var lu = uni.log_prob(torch.tensor(new double[] { 1, 5 }));
        Assert.Equal(-Math.Log(4), lu[0].item<double>(), 12);
        Assert.True(double.IsNegativeInfinity(lu[1].item<double>()));
    }

    [Fact]
    public void A_generator_makes_samples_reproducible()
    {
        using var g1 = new torch.Generator(189);
        using var g2 = new torch.Generator(189);
        using var n1 = Normal(torch.tensor(0.5f), torch.tensor(0.125f), generator: g1);
        using var n2 = Normal(torch.tensor(0.5f), torch.tensor(0.125f), generator: g2);
        using var a = n1.sample(10);
        using var b = n2.sample(10);
        Assert.True(a.equal(b));
    }

    sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;
        public int GetHashCode(double v) => 0;
    }
}
