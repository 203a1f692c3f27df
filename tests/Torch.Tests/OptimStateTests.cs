using TorchSharp;
using static TorchSharp.torch;

namespace Torch.Tests;

/// <summary>An optimizer's state_dict saved after k steps and loaded into a fresh optimizer continues exactly.</summary>
public class OptimStateTests
{
    // No torch RNG here: other test classes run in parallel and share libtorch's global generator.
    static nn.Module<Tensor, Tensor> Net()
    {
        var net = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3));
        var rng = new Random(3);
        using (no_grad())
            foreach (var p in net.parameters())
                p.copy_(tensor(Enumerable.Range(0, (int)p.numel()).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray(), p.shape));
        return net;
    }

    static void Steps(nn.Module<Tensor, Tensor> net, optim.Optimizer opt, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            using var scope = NewDisposeScope();
            var rng = new Random(100 + i);
            var x = tensor(Enumerable.Range(0, 20).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray(), new long[] { 5, 4 });
            var y = tensor(Enumerable.Range(0, 5).Select(_ => (long)rng.Next(3)).ToArray());
            opt.zero_grad();
            nn.functional.cross_entropy(net.call(x), y).backward();
            opt.step();
        }
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void ResumedOptimizerMatchesUninterrupted(string kind)
    {
        optim.Optimizer Make(nn.Module<Tensor, Tensor> n) => kind == "sgd"
            ? optim.SGD(n.parameters(), 0.1, momentum: 0.9, weight_decay: 1e-3, nesterov: true)
            : optim.Adam(n.parameters(), 0.01, weight_decay: 1e-3);

        var a = Net(); var optA = Make(a);
        Steps(a, optA, 0, 4);

        var b = Net(); var optB = Make(b);
        Steps(b, optB, 0, 2);
        var file = Path.Combine(Path.GetTempPath(), $"optim-{Guid.NewGuid():N}.dat");
        Assert.NotEmpty(optB.state_dict().State);
        optB.save_state_dict(file);
        var c = Net();
        foreach (var ((_, pc), (_, pb)) in c.named_parameters().Zip(b.named_parameters())) using (no_grad()) pc.copy_(pb);
        var optC = Make(c);
        optC.load_state_dict(file);
        Steps(c, optC, 2, 4);
        File.Delete(file);

        foreach (var ((name, pa), (_, pc)) in a.named_parameters().Zip(c.named_parameters()))
            Assert.True(pa.equal(pc), $"{kind}: parameter {name} differs after resuming");
    }

    [Fact]
    public void WrongStateShapeNamesTheKey()
    {
        // State saved for a net whose first layer is 4x4 (not 8x4), and for a net with fewer parameters.
        var other = nn.Sequential(nn.Linear(4, 4), nn.Tanh(), nn.Linear(4, 3));
        var otherOpt = optim.SGD(other.parameters(), 0.1, momentum: 0.9);
        Steps(other, otherOpt, 0, 1);
        var file = Path.Combine(Path.GetTempPath(), $"optim-{Guid.NewGuid():N}.dat");
        otherOpt.save_state_dict(file);
        var fewer = optim.SGD(nn.Linear(4, 3).parameters(), 0.1, momentum: 0.9);
        var file2 = Path.Combine(Path.GetTempPath(), $"optim-{Guid.NewGuid():N}.dat");
        fewer.save_state_dict(file2);
        try
        {
            var opt = optim.SGD(Net().parameters(), 0.1, momentum: 0.9);
            var e = Assert.Throws<ArgumentException>(() => opt.load_state_dict(file));
            Assert.Contains("momentum_buffer", e.Message);
            Assert.Contains("[4, 4]", e.Message);
            e = Assert.Throws<ArgumentException>(() => opt.load_state_dict(file2));
            Assert.Contains("different number of states", e.Message);
        }
        finally { File.Delete(file); File.Delete(file2); }
    }
}
