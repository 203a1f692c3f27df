using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Torch.Tests;

/// <summary>More of TorchSharp's nn surface: parameter containers, losses against their formulas, small layers.</summary>
public class CompatModulesTests
{
    sealed class WithContainers : Module<Tensor, Tensor>
    {
        private readonly ParameterList list = new(torch.nn.Parameter(torch.ones(2)), torch.nn.Parameter(torch.zeros(3)));
        private readonly ParameterDict dict = new(("scale", torch.nn.Parameter(torch.full(1, 2.0f))));
        public WithContainers() : base(nameof(WithContainers)) { RegisterComponents(); }
        public ParameterList List => list;
        public ParameterDict Dict => dict;
        public override Tensor forward(Tensor x) => x * dict["scale"] + list[0].sum();
    }

    [Fact]
    public void Parameter_containers_register_their_items()
    {
        var m = new WithContainers();
        Assert.Equal(new[] { "list.0", "list.1", "dict.scale" }, m.named_parameters().Select(p => p.name));
        m.List.Add(torch.nn.Parameter(torch.ones(4)));
        m.List.RemoveAt(0);
        Assert.Equal(new[] { "list.0", "list.1", "dict.scale" }, m.named_parameters().Select(p => p.name));
        Assert.Equal(new long[] { 3 }, m.List[0].shape);
        Assert.Throws<ArgumentException>(() => m.Dict.Add("scale", torch.nn.Parameter(torch.ones(1))));
        Assert.Throws<KeyNotFoundException>(() => m.Dict["missing"]);
        using var y = m.call(torch.ones(1));
        y.backward();
        Assert.Equal(1f, m.Dict["scale"].grad!.item<float>());
    }

    [Fact]
    public void Losses_match_their_formulas()
    {
        var x = new[] { 0.5, -1.0, 3.0 };
        var t = new[] { 0.0, 1.0, 1.0 };
        using var xt = torch.tensor(x);
        using var tt = torch.tensor(t);
        double Mean(Func<double, double, double> f) => x.Zip(t, f).Average();
        using (var l = L1Loss().call(xt, tt)) Assert.Equal(Mean((a, b) => Math.Abs(a - b)), l.item<double>(), 12);
        double Smooth(double d, double beta) => Math.Abs(d) < beta ? 0.5 * d * d / beta : Math.Abs(d) - 0.5 * beta;
        using (var l = SmoothL1Loss(beta: 0.5).call(xt, tt)) Assert.Equal(Mean((a, b) => Smooth(a - b, 0.5)), l.item<double>(), 12);
        double Huber(double d, double delta) => Math.Abs(d) < delta ? 0.5 * d * d : delta * (Math.Abs(d) - 0.5 * delta);
        using (var l = HuberLoss(delta: 2).call(xt, tt)) Assert.Equal(Mean((a, b) => Huber(a - b, 2)), l.item<double>(), 12);
        double Sig(double v) => 1 / (1 + Math.Exp(-v));
        double Bce(double p, double y) => -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
        using (var l = BCEWithLogitsLoss().call(xt, tt)) Assert.Equal(Mean((a, b) => Bce(Sig(a), b)), l.item<double>(), 12);
        using var probs = xt.sigmoid();
        using (var l = BCELoss().call(probs, tt)) Assert.Equal(Mean((a, b) => Bce(Sig(a), b)), l.item<double>(), 10);
    }

    [Fact]
    public void Small_layers_compute_what_they_say()
    {
        using var x = torch.tensor(new double[] { -1, 0, 2 });
        using var elu = ELU(alpha: 0.5).call(x);
        Assert.Equal(new[] { 0.5 * (Math.Exp(-1) - 1), 0, 2 }, elu.data<double>().ToArray());
        using var u = Unflatten(1, new long[] { 2, 3 }).call(torch.zeros(4, 6));
        Assert.Equal(new long[] { 4, 2, 3 }, u.shape);
        var drop = Dropout2d(0.5);
        using var ones = torch.ones(8, 16, 3, 3);
        using var d = drop.call(ones);
        using var perChannel = d.amax(new long[] { 2, 3 }) - d.amin(new long[] { 2, 3 });
        Assert.Equal(0f, perChannel.abs().max().item<float>());   // whole channels dropped or kept
        drop.eval();
        using var kept = drop.call(ones);
        Assert.True(kept.equal(ones));
        using var m = torch.empty(3, 4);
        torch.nn.init.eye_(m);
        Assert.Equal(3f, m.sum().item<float>());
        Assert.Equal(1f, m[2, 2].item<float>());
    }
}
