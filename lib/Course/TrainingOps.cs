using TorchSharp;
using static TorchSharp.torch;

namespace Course;

/// <summary>Weight initialisers a trainer can apply before training.</summary>
public enum WeightInit
{
    /// <summary>Keep the layers' own initialisation.</summary>
    None,
    /// <summary>d2l's <c>init_weights</c>: xavier_uniform_ on the weight of every Linear and Conv2d layer (biases kept).</summary>
    Xavier,
}

/// <summary>Training building blocks: weight initialisation, gradient clipping, accuracy counts.</summary>
public static class TrainingOps
{
    /// <summary>Applies <paramref name="init"/> to every Linear and Conv2d weight of <paramref name="model"/>; returns the number of layers initialised.</summary>
    public static int InitWeights(nn.Module model, WeightInit init)
    {
        if (init == WeightInit.None) return 0;
        int n = 0;
        foreach (var m in model.modules())
        {
            var w = m switch
            {
                TorchSharp.Modules.Linear l => l.weight,
                TorchSharp.Modules.Conv2d c => c.weight,
                _ => null,
            };
            if (w is null) continue;
            nn.init.xavier_uniform_(w);
            n++;
        }
        return n;
    }

    /// <summary>
    /// Scales all gradients so that their global L2 norm is at most <paramref name="maxNorm"/> (PyTorch's
    /// <c>clip_grad_norm_</c>: coefficient maxNorm/(norm+1e-6), clamped to 1), with tensor ops only (no host sync).
    /// Returns the total norm before clipping as a scalar tensor (the caller disposes it).
    /// </summary>
    public static Tensor ClipGradNorm(IEnumerable<TorchSharp.Modules.Parameter> parameters, double maxNorm)
    {
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, $"max norm must be positive, got {maxNorm}");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var grads = parameters.Select(p => p.grad).Where(g => g is not null).Select(g => g!).ToList();
        if (grads.Count == 0) return tensor(0.0).MoveToOuterDisposeScope();
        var squares = grads.Select(g => g.pow(2).sum()).ToList();
        var total = stack(squares).sum().sqrt();
        var coef = (maxNorm / (total + 1e-6)).clamp(null, 1.0);
        foreach (var g in grads) g.mul_(coef.to(g.dtype));
        return total.MoveToOuterDisposeScope();
    }

    /// <summary>Number of rows of <paramref name="logits"/> [N, classes] whose argmax equals <paramref name="labels"/> [N], as a scalar int64 tensor.</summary>
    public static Tensor CorrectCount(Tensor logits, Tensor labels)
    {
        if (logits.dim() != 2 || labels.dim() != 1 || logits.shape[0] != labels.shape[0])
            throw new ArgumentException($"expected logits [N, classes] and labels [N], got [{string.Join(", ", logits.shape)}] and [{string.Join(", ", labels.shape)}]");
        using var pred = logits.argmax(1);
        using var eq = pred.eq(labels);
        return eq.sum();
    }
}
