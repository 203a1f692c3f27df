using TorchSharp;
using static TorchSharp.torch;
using static Torch.Tests.NnTestHelpers;

namespace Torch.Tests;

/// <summary>Forward values of every layer against independent C# computations.</summary>
public class NnLayerTests
{
    [Fact]
    public void Linear_matches_manual_matmul()
    {
        using var lin = nn.Linear(4, 3, dtype: ScalarType.Float64);
        using var x = RandD(1, 5, 4);
        using var y = lin.call(x);
        Assert.Equal(new long[] { 5, 3 }, y.shape);
        var w = lin.weight.data<double>(); var b = lin.bias!.data<double>(); var xd = x.data<double>().ToArray();
        var expected = new double[15];
        for (int n = 0; n < 5; n++)
            for (int o = 0; o < 3; o++)
            {
                double s = b[o];
                for (int i = 0; i < 4; i++) s += xd[n * 4 + i] * w[o * 4 + i];
                expected[n * 3 + o] = s;
            }
        AssertClose(expected, y.data<double>(), 1e-12);
    }

    [Fact]
    public void Linear_without_bias_has_one_parameter()
    {
        using var lin = nn.Linear(4, 3, hasBias: false);
        Assert.Null(lin.bias);
        Assert.Equal(new[] { "weight" }, lin.named_parameters().Select(p => p.Item1));
    }

    internal static double[] DirectConv(double[] x, long[] xs, double[] w, long[] ws, double[]? b,
        int sh, int sw, int ph, int pw, int dh, int dw, int groups, out long[] outShape)
    {
        long N = xs[0], H = xs[2], W = xs[3], O = ws[0], Cg = ws[1], KH = ws[2], KW = ws[3], C = xs[1];
        long OH = (H + 2 * ph - dh * (KH - 1) - 1) / sh + 1, OW = (W + 2 * pw - dw * (KW - 1) - 1) / sw + 1;
        outShape = new[] { N, O, OH, OW };
        var y = new double[N * O * OH * OW];
        long perGroup = O / groups;
        for (long n = 0; n < N; n++)
            for (long o = 0; o < O; o++)
                for (long oh = 0; oh < OH; oh++)
                    for (long ow = 0; ow < OW; ow++)
                    {
                        double s = b?[o] ?? 0;
                        long g = o / perGroup;
                        for (long c = 0; c < Cg; c++)
                            for (long kh = 0; kh < KH; kh++)
                                for (long kw = 0; kw < KW; kw++)
                                {
                                    long ih = oh * sh - ph + kh * dh, iw = ow * sw - pw + kw * dw;
                                    if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                                    long ic = g * Cg + c;
                                    s += x[((n * C + ic) * H + ih) * W + iw] * w[((o * Cg + c) * KH + kh) * KW + kw];
                                }
                        y[((n * O + o) * OH + oh) * OW + ow] = s;
                    }
        return y;
    }

    [Theory]
    [InlineData(1, 0, 1, 1, true)]
    [InlineData(2, 1, 1, 1, true)]
    [InlineData(1, 2, 2, 1, false)]
    [InlineData(2, 1, 1, 2, true)]
    public void Conv2d_matches_direct_loop(int stride, int padding, int dilation, int groups, bool bias)
    {
        using var conv = nn.Conv2d(4, 6, 3, stride, padding, dilation, groups: groups, bias: bias, dtype: ScalarType.Float64);
        using var x = RandD(2, 2, 4, 7, 6);
        using var y = conv.call(x);
        var expected = DirectConv(x.data<double>(), x.shape, conv.weight.data<double>(), conv.weight.shape,
            conv.bias?.data<double>(), stride, stride, padding, padding, dilation, dilation, groups, out var shape);
        Assert.Equal(shape, y.shape);
        AssertClose(expected, y.data<double>(), 1e-12);
    }

    [Fact]
    public void Conv2d_rectangular_kernel_and_bad_groups()
    {
        using var conv = nn.Conv2d(2, 2, (1L, 3L), stride: (1L, 2L), padding: (0L, 1L), dtype: ScalarType.Float64);
        Assert.Equal(new long[] { 2, 2, 1, 3 }, conv.weight.shape);
        using var x = RandD(3, 1, 2, 4, 5);
        using var y = conv.call(x);
        var expected = DirectConv(x.data<double>(), x.shape, conv.weight.data<double>(), conv.weight.shape,
            conv.bias!.data<double>(), 1, 2, 0, 1, 1, 1, 1, out var shape);
        Assert.Equal(shape, y.shape);
        AssertClose(expected, y.data<double>(), 1e-12);
        var e = Assert.Throws<ArgumentException>(() => nn.Conv2d(3, 4, 3, groups: 2));
        Assert.Contains("groups", e.Message);
    }

    internal static double[] DirectPool(double[] x, long[] xs, int k, int s, int p, bool ceil, bool max, bool countPad, out long[] outShape)
    {
        long N = xs[0], C = xs[1], H = xs[2], W = xs[3];
        long Out(long L)
        {
            double v = (double)(L + 2 * p - k) / s;
            long o = (ceil ? (long)Math.Ceiling(v) : (long)Math.Floor(v)) + 1;
            if (ceil && (o - 1) * s >= L + p) o--;
            return o;
        }
        long OH = Out(H), OW = Out(W);
        outShape = new[] { N, C, OH, OW };
        var y = new double[N * C * OH * OW];
        for (long n = 0; n < N; n++)
            for (long c = 0; c < C; c++)
                for (long oh = 0; oh < OH; oh++)
                    for (long ow = 0; ow < OW; ow++)
                    {
                        long h0 = oh * s - p, w0 = ow * s - p;
                        long h1 = Math.Min(h0 + k, H + p), w1 = Math.Min(w0 + k, W + p);
                        long poolSize = (h1 - h0) * (w1 - w0);
                        long hs = Math.Max(h0, 0), ws = Math.Max(w0, 0), he = Math.Min(h1, H), we = Math.Min(w1, W);
                        double acc = max ? double.NegativeInfinity : 0;
                        for (long i = hs; i < he; i++)
                            for (long j = ws; j < we; j++)
                            {
                                double v = x[((n * C + c) * H + i) * W + j];
                                acc = max ? Math.Max(acc, v) : acc + v;
                            }
                        if (!max) acc /= countPad ? poolSize : (he - hs) * (we - ws);
                        y[((n * C + c) * OH + oh) * OW + ow] = acc;
                    }
        return y;
    }

    [Theory]
    [InlineData(2, 2, 0, false)]
    [InlineData(3, 2, 0, true)]
    [InlineData(3, 2, 1, false)]
    [InlineData(3, 2, 1, true)]
    public void MaxPool2d_matches_direct_loop(int k, int s, int p, bool ceil)
    {
        using var pool = nn.MaxPool2d(k, s, p, ceil_mode: ceil);
        using var x = RandD(4, 2, 3, 7, 6);
        using var y = pool.call(x);
        var expected = DirectPool(x.data<double>(), x.shape, k, s, p, ceil, true, true, out var shape);
        Assert.Equal(shape, y.shape);
        AssertClose(expected, y.data<double>(), 0);
    }

    [Theory]
    [InlineData(2, 2, 0, false, true)]
    [InlineData(3, 2, 1, false, true)]
    [InlineData(3, 2, 1, false, false)]
    [InlineData(3, 2, 1, true, true)]
    [InlineData(3, 2, 1, true, false)]
    [InlineData(2, 2, 0, true, true)]
    public void AvgPool2d_matches_direct_loop(int k, int s, int p, bool ceil, bool countPad)
    {
        using var pool = nn.AvgPool2d(k, s, p, ceil, countPad);
        using var x = RandD(5, 2, 3, 7, 6);
        using var y = pool.call(x);
        var expected = DirectPool(x.data<double>(), x.shape, k, s, p, ceil, false, countPad, out var shape);
        Assert.Equal(shape, y.shape);
        AssertClose(expected, y.data<double>(), 1e-12);
    }

    [Fact]
    public void AdaptiveAvgPool2d_matches_direct_loop()
    {
        using var pool = nn.AdaptiveAvgPool2d(3, 2);
        using var x = RandD(6, 2, 2, 7, 5);
        using var y = pool.call(x);
        Assert.Equal(new long[] { 2, 2, 3, 2 }, y.shape);
        var xd = x.data<double>().ToArray();
        var expected = new List<double>();
        for (int nc = 0; nc < 4; nc++)
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 2; j++)
                {
                    int h0 = i * 7 / 3, h1 = (int)Math.Ceiling((i + 1) * 7 / 3.0), w0 = j * 5 / 2, w1 = (int)Math.Ceiling((j + 1) * 5 / 2.0);
                    double s = 0;
                    for (int h = h0; h < h1; h++) for (int w = w0; w < w1; w++) s += xd[nc * 35 + h * 5 + w];
                    expected.Add(s / ((h1 - h0) * (w1 - w0)));
                }
        AssertClose(expected.ToArray(), y.data<double>(), 1e-12);
    }

    /// <summary>Per-channel batch mean and biased/unbiased variance of (N, C, H, W) data.</summary>
    private static (double[] mean, double[] varBiased, double[] varUnbiased) ChannelStats(double[] x, long N, long C, long HW)
    {
        var mean = new double[C]; var vb = new double[C]; var vu = new double[C];
        long m = N * HW;
        for (long c = 0; c < C; c++)
        {
            double s = 0;
            for (long n = 0; n < N; n++) for (long i = 0; i < HW; i++) s += x[(n * C + c) * HW + i];
            mean[c] = s / m;
            double q = 0;
            for (long n = 0; n < N; n++) for (long i = 0; i < HW; i++) q += Math.Pow(x[(n * C + c) * HW + i] - mean[c], 2);
            vb[c] = q / m; vu[c] = q / (m - 1);
        }
        return (mean, vb, vu);
    }

    [Fact]
    public void BatchNorm2d_training_uses_batch_stats_and_updates_running_stats()
    {
        using var bn = nn.BatchNorm2d(3, dtype: ScalarType.Float64);
        using (no_grad()) { bn.weight!.copy_(T(new[] { 1.5, 0.5, 2.0 }, 3)); bn.bias!.copy_(T(new[] { 0.1, -0.2, 0.3 }, 3)); }
        using var x = RandD(7, 4, 3, 2, 2) * 3 + 1;
        using var y = bn.call(x);
        var xd = x.data<double>().ToArray();
        var (mean, vb, vu) = ChannelStats(xd, 4, 3, 4);
        var w = new[] { 1.5, 0.5, 2.0 }; var b = new[] { 0.1, -0.2, 0.3 };
        var expected = new double[xd.Length];
        for (int i = 0; i < xd.Length; i++) { int c = i / 4 % 3; expected[i] = (xd[i] - mean[c]) / Math.Sqrt(vb[c] + 1e-5) * w[c] + b[c]; }
        AssertClose(expected, y.data<double>(), 1e-10);
        AssertClose(mean.Select(m => 0.1 * m).ToArray(), bn.running_mean!.data<double>(), 1e-12, "running_mean");
        AssertClose(vu.Select(v => 0.9 + 0.1 * v).ToArray(), bn.running_var!.data<double>(), 1e-12, "running_var");
        Assert.Equal(1L, bn.num_batches_tracked!.item<long>());
        using (var y2 = bn.call(x)) Assert.Equal(2L, bn.num_batches_tracked!.item<long>());

        // eval: normalise with the running statistics, leave them unchanged
        bn.eval();
        var rm = bn.running_mean!.data<double>(); var rv = bn.running_var!.data<double>().ToArray();
        using var ye = bn.call(x);
        for (int i = 0; i < xd.Length; i++) { int c = i / 4 % 3; expected[i] = (xd[i] - rm[c]) / Math.Sqrt(rv[c] + 1e-5) * w[c] + b[c]; }
        AssertClose(expected, ye.data<double>(), 1e-10);
        Assert.Equal(rm, bn.running_mean!.data<double>());
        Assert.Equal(2L, bn.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void BatchNorm1d_normalises_features_and_checks_input()
    {
        using var bn = nn.BatchNorm1d(2, dtype: ScalarType.Float64);
        using var x = RandD(8, 5, 2);
        using var y = bn.call(x);
        var (mean, vb, _) = ChannelStats(x.data<double>(), 5, 2, 1);
        var xd = x.data<double>().ToArray();
        AssertClose(xd.Select((v, i) => (v - mean[i % 2]) / Math.Sqrt(vb[i % 2] + 1e-5)).ToArray(), y.data<double>(), 1e-10);
        using var bad = zeros(2, 2, 2, 2);
        Assert.Contains("BatchNorm1d", Assert.Throws<ArgumentException>(() => bn.call(bad)).Message);
        using var wrongC = zeros(4, 3);
        Assert.Contains("2 channels", Assert.Throws<ArgumentException>(() => bn.call(wrongC)).Message);
    }

    [Fact]
    public void LocalResponseNorm_matches_formula()
    {
        const int n = 3; const double alpha = 0.2, beta = 0.75, k = 2.0;
        using var lrn = nn.LocalResponseNorm(n, alpha, beta, k);
        using var x = RandD(9, 2, 5, 2, 3) * 2;
        using var y = lrn.call(x);
        var xd = x.data<double>().ToArray();
        var expected = new double[xd.Length];
        const int C = 5, HW = 6;
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < C; c++)
                for (int i = 0; i < HW; i++)
                {
                    double s = 0;
                    for (int cc = Math.Max(0, c - n / 2); cc <= Math.Min(C - 1, c + (n - 1) / 2); cc++) s += Math.Pow(xd[(b * C + cc) * HW + i], 2);
                    int idx = (b * C + c) * HW + i;
                    expected[idx] = xd[idx] / Math.Pow(k + alpha / n * s, beta);
                }
        AssertClose(expected, y.data<double>(), 1e-10);
    }

    [Fact]
    public void Dropout_statistics_in_training_and_identity_in_eval()
    {
        using var drop = nn.Dropout(0.3);
        using var x = ones(200_000);
        using var y = drop.call(x);
        var yd = y.data<float>().ToArray();
        double zeroFraction = yd.Count(v => v == 0) / (double)yd.Length;
        Assert.InRange(zeroFraction, 0.29, 0.31);
        Assert.All(yd.Where(v => v != 0), v => Assert.Equal(1 / 0.7f, v, 5));
        drop.eval();
        using var ye = drop.call(x);
        Assert.True(ye.equal(x));
        Assert.Throws<ArgumentOutOfRangeException>(() => nn.Dropout(1.5));
    }

    [Fact]
    public void Activations_flatten_identity()
    {
        var xd = new[] { -2.0, -0.5, 0, 0.5, 3 };
        using var x = T(xd, 5);
        using (var r = nn.ReLU().call(x)) AssertClose(xd.Select(v => Math.Max(v, 0)).ToArray(), r.data<double>(), 0);
        using (var s = nn.Sigmoid().call(x)) AssertClose(xd.Select(v => 1 / (1 + Math.Exp(-v))).ToArray(), s.data<double>(), 1e-15);
        using (var t = nn.Tanh().call(x)) AssertClose(xd.Select(Math.Tanh).ToArray(), t.data<double>(), 1e-15);
        Assert.Same(x, nn.Identity().call(x));
        using var c = x.clone();
        var inplace = nn.ReLU(inplace: true).call(c);
        Assert.Same(c, inplace);
        AssertClose(xd.Select(v => Math.Max(v, 0)).ToArray(), c.data<double>(), 0);
        using var img = zeros(2, 3, 4, 5);
        using (var f = nn.Flatten().call(img)) Assert.Equal(new long[] { 2, 60 }, f.shape);
        using (var f = nn.Flatten(2).call(img)) Assert.Equal(new long[] { 2, 3, 20 }, f.shape);
        using (var f = nn.Flatten(0, 1).call(img)) Assert.Equal(new long[] { 6, 4, 5 }, f.shape);
    }

    [Fact]
    public void Losses_match_manual_formulas()
    {
        using var logits = RandD(10, 4, 3) * 3;
        using var target = tensor(new long[] { 0, 2, 1, 2 });
        var l = logits.data<double>().ToArray(); var tg = new[] { 0, 2, 1, 2 };
        var nll = new double[4];
        for (int i = 0; i < 4; i++)
        {
            double lse = Math.Log(Enumerable.Range(0, 3).Sum(j => Math.Exp(l[i * 3 + j])));
            nll[i] = lse - l[i * 3 + tg[i]];
        }
        using (var ce = nn.CrossEntropyLoss().call(logits, target)) Assert.Equal(nll.Average(), ce.item<double>(), 12);
        using (var ce = nn.CrossEntropyLoss(reduction: nn.Reduction.Sum).call(logits, target)) Assert.Equal(nll.Sum(), ce.item<double>(), 12);
        using (var ce = nn.CrossEntropyLoss(reduction: nn.Reduction.None).call(logits, target)) AssertClose(nll, ce.data<double>(), 1e-12);
        using var logp = logits.log_softmax(1);
        using (var n = nn.NLLLoss().call(logp, target)) Assert.Equal(nll.Average(), n.item<double>(), 12);
        using var a = RandD(11, 3, 2); using var b = RandD(12, 3, 2);
        var sq = a.data<double>().Zip(b.data<double>(), (p, q) => (p - q) * (p - q)).ToArray();
        using (var m = nn.MSELoss().call(a, b)) Assert.Equal(sq.Average(), m.item<double>(), 12);
        using (var m = nn.MSELoss(nn.Reduction.Sum).call(a, b)) Assert.Equal(sq.Sum(), m.item<double>(), 12);
    }
}
