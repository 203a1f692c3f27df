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
        var file = Path.Combine(Path.GetTempPath(), $"optim-{Guid.NewGuid():N}.ctsd");
        var state = optB.state_dict();
        Assert.NotEmpty(state);
        StateFile.Write(file, state);
        var c = Net();
        foreach (var ((_, pc), (_, pb)) in c.named_parameters().Zip(b.named_parameters())) using (no_grad()) pc.copy_(pb);
        var optC = Make(c);
        optC.load_state_dict(StateFile.Read(file));
        Steps(c, optC, 2, 4);
        File.Delete(file);

        foreach (var ((name, pa), (_, pc)) in a.named_parameters().Zip(c.named_parameters()))
            Assert.True(pa.equal(pc), $"{kind}: parameter {name} differs after resuming");
    }

    [Fact]
    public void WrongStateShapeNamesTheKey()
    {
        var n = Net();
        var opt = optim.SGD(n.parameters(), 0.1, momentum: 0.9);
        var e = Assert.Throws<ArgumentException>(() => opt.load_state_dict(new Dictionary<string, Tensor> { ["momentum_buffer.0"] = zeros(2, 2) }));
        Assert.Contains("momentum_buffer.0", e.Message);
        Assert.Throws<ArgumentException>(() => opt.load_state_dict(new Dictionary<string, Tensor> { ["momentum_buffer.99"] = zeros(1) }));
    }
}
