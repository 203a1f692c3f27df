using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Models.Tests;

public class LeNet5Tests
{
    [Fact]
    public void C3TableHasThePapersStructure()
    {
        var t = LeNet5.C3Table;
        Assert.Equal(6, t.GetLength(0));
        Assert.Equal(16, t.GetLength(1));
        int Col(int j) => Enumerable.Range(0, 6).Count(i => t[i, j]);
        for (int j = 0; j < 6; j++)
        {
            Assert.Equal(3, Col(j));
            Assert.All(new[] { j, (j + 1) % 6, (j + 2) % 6 }, i => Assert.True(t[i, j], $"map {j} should take {i}"));
        }
        for (int j = 6; j < 12; j++)
        {
            Assert.Equal(4, Col(j));
            Assert.All(Enumerable.Range(0, 4).Select(k => (j - 6 + k) % 6), i => Assert.True(t[i, j]));
        }
        for (int j = 12; j < 15; j++)
        {
            Assert.Equal(4, Col(j));
            var ins = Enumerable.Range(0, 6).Where(i => t[i, j]).ToArray();
            bool contiguous = Enumerable.Range(0, 6).Any(s => Enumerable.Range(0, 4).All(k => ins.Contains((s + k) % 6)));
            Assert.False(contiguous, $"map {j} must take non-contiguous inputs");
        }
        Assert.Equal(6, Col(15));
        Assert.Equal(60, t.Cast<bool>().Count(c => c));
        // First row of the paper's Table I: S2 map 0 feeds C3 maps 0, 4, 5, 6, 9, 10, 11, 12, 14, 15.
        Assert.Equal(new[] { 0, 4, 5, 6, 9, 10, 11, 12, 14, 15 }, Enumerable.Range(0, 16).Where(j => t[0, j]).ToArray());
    }

    [Fact]
    public void DigitBitmapsAreDistinct7x12PlusMinusOne()
    {
        var b = LeNet5.DigitBitmaps;
        Assert.Equal(10, b.Length);
        Assert.All(b, d => Assert.Equal(84, d.Length));
        Assert.All(b.SelectMany(d => d), v => Assert.True(v == 1f || v == -1f));
        for (int i = 0; i < 10; i++)
            for (int j = i + 1; j < 10; j++)
                Assert.True(b[i].Zip(b[j]).Count(p => p.First != p.Second) >= 4, $"digits {i} and {j} differ too little");
        b[0][0] = 42; // a copy each time
        Assert.NotEqual(42f, LeNet5.DigitBitmaps[0][0]);
    }

    [Fact]
    public void SummaryShowsThePapersPerLayerCounts()
    {
        using var m = new LeNet5();
        var s = ModelSummary.Create(m, new long[] { 2, 1, 32, 32 });
        var byName = s.Rows.ToDictionary(r => r.Name);
        var expected = new Dictionary<string, long> { ["C1"] = 156, ["S2"] = 12, ["C3"] = 1516, ["S4"] = 32, ["C5"] = 48120, ["F6"] = 10164, ["Output"] = 840 };
        foreach (var (name, count) in expected) Assert.Equal(count, byName[name].Params);
        Assert.Equal(expected.Values.Sum(), s.TotalParams);
        Assert.Equal(expected.Values.Sum() - 840, s.TrainableParams);
        Assert.Equal(840, s.NonTrainableParams);
        Assert.False(byName["Output"].Trainable);
        Assert.True(byName["C3"].Trainable);
        Assert.Null(byName["act1"].Trainable);
        Assert.Equal(new long[] { 2, 16, 10, 10 }, byName["C3"].OutputShape);
        Assert.Equal(new long[] { 2, 120, 1, 1 }, byName["C5"].OutputShape);
        Assert.Equal(new long[] { 2, 10 }, byName["Output"].OutputShape);
        string text = s.ToString();
        Assert.Contains("1,516", text);
        Assert.Contains("(840)", text);
        using var doc = JsonDocument.Parse(s.ToJson());
        Assert.Equal(60_840, doc.RootElement.GetProperty("total_params").GetInt64());
        Assert.Equal(60_000, doc.RootElement.GetProperty("trainable_params").GetInt64());
        var c3 = doc.RootElement.GetProperty("layers").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "C3");
        Assert.Equal(1516, c3.GetProperty("params").GetInt64());
        Assert.Equal("MaskedConv2d", c3.GetProperty("type").GetString());
    }

    [Fact]
    public void C3OutputIgnoresUnconnectedMapsAndTheirWeightsGetNoGradient()
    {
        using var scope = NewDisposeScope();
        var c3 = new MaskedConv2d(LeNet5.C3Table, 5);
        Assert.Equal(1516, c3.ParameterCount);
        var x = randn(1, 6, 14, 14);
        var y = c3.call(x);
        // C3 map 0 takes S2 maps 0, 1, 2: changing map 3 must not change it, but must change map 3's output.
        var x2 = x.clone();
        x2[0, 3].add_(5.0);
        var y2 = c3.call(x2);
        Assert.True(y[0, 0].allclose(y2[0, 0], 1e-5, 1e-6));
        Assert.False(y[0, 3].allclose(y2[0, 3], 1e-5, 1e-6));
        y.sum().backward();
        var g = c3.weight.grad!;
        Assert.Equal(0.0, g[0, 3].abs().sum().ToDouble());          // unconnected (S2 3 → C3 0)
        Assert.True(g[0, 0].abs().sum().ToDouble() > 0);            // connected (S2 0 → C3 0)
        Assert.Equal(0.0, (c3.weight * (1 - c3.mask)).abs().sum().ToDouble());
    }

    [Fact]
    public void RbfOutputIsTheSquaredDistanceToTheBitmaps()
    {
        using var scope = NewDisposeScope();
        var rbf = new EuclideanRbf(LeNet5.DigitBitmaps);
        Assert.False(rbf.weight.requires_grad);
        var bitmaps = tensor(LeNet5.DigitBitmaps.SelectMany(b => b).ToArray(), new long[] { 10, 84 });
        var d = rbf.call(bitmaps);
        var dd = d.data<float>().ToArray();
        var b = LeNet5.DigitBitmaps;
        for (int i = 0; i < 10; i++)
            for (int j = 0; j < 10; j++)
            {
                double expected = b[i].Zip(b[j]).Sum(p => (p.First - p.Second) * (p.First - p.Second));
                Assert.Equal(expected, dd[i * 10 + j], 3);
            }
    }

    [Fact]
    public void ForwardReturnsNegatedDistancesForCrossEntropy()
    {
        using var scope = NewDisposeScope();
        using var m = new LeNet5();
        m.eval();
        var x = randn(3, 1, 32, 32);
        var logits = m.call(x);
        var dist = m.Distances(x);
        Assert.Equal(new long[] { 3, 10 }, logits.shape);
        Assert.True(logits.allclose(-dist, 1e-5, 1e-5));
        Assert.True(dist.min().ToDouble() >= 0);
        var loss = nn.functional.cross_entropy(logits, tensor(new long[] { 1, 2, 3 }));
        loss.backward();
        Assert.Null(m.Output.weight.grad);
        Assert.NotNull(m.F6.weight.grad);
    }

    [Fact]
    public void RejectsUnpaddedInput()
    {
        using var m = new LeNet5();
        using var x = zeros(1, 1, 28, 28);
        var e = Assert.Throws<ArgumentException>(() => m.call(x));
        Assert.Contains("32", e.Message);
    }
}
