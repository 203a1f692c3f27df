using TorchSharp;
using static TorchSharp.torch;

namespace Course;

/// <summary>An optimizer whose internal state (momentum buffers, Adam moments) can be saved and restored by name.</summary>
public interface IStatefulOptimizer
{
    /// <summary>CPU copies of the state tensors keyed by name (e.g. <c>momentum_buffer.3</c> for the 4th parameter); the caller disposes them.</summary>
    Dictionary<string, Tensor> StateDict();

    /// <summary>Replaces the state with copies of <paramref name="state"/> (moved to each parameter's device).</summary>
    void LoadStateDict(IReadOnlyDictionary<string, Tensor> state);
}

/// <summary>Factories for the trainer's optimizers: PyTorch's SGD and Adam update rules with a saveable state.</summary>
public static class Optimizers
{
    /// <summary>SGD (momentum, dampening, weight decay, Nesterov) as <c>torch.optim.SGD</c>, with <see cref="IStatefulOptimizer"/>.</summary>
    public static StatefulSGD SGD(IEnumerable<nn.Parameter> parameters, double lr, double momentum = 0, double weightDecay = 0,
        double dampening = 0, bool nesterov = false) => new(parameters, lr, momentum, dampening, weightDecay, nesterov);

    /// <summary>Adam as <c>torch.optim.Adam</c>, with <see cref="IStatefulOptimizer"/>.</summary>
    public static StatefulAdam Adam(IEnumerable<nn.Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weightDecay = 0) => new(parameters, lr, beta1, beta2, eps, weightDecay);

    internal static int IndexFromKey(string key, string prefix, int count)
    {
        if (!key.StartsWith(prefix + ".", StringComparison.Ordinal) || !int.TryParse(key.AsSpan(prefix.Length + 1), out int i) || i < 0 || i >= count)
            throw new ArgumentException($"optimizer state key '{key}' is not '{prefix}.N' with N in 0..{count - 1}");
        return i;
    }

    internal static Tensor CpuCopy(Tensor t)
    {
        var c = t.to(t.dtype, torch.CPU, copy: true);
        c.DetachFromDisposeScope();
        return c;
    }

    internal static int IndexOf(Dictionary<Tensor, int> index, nn.Parameter p) =>
        index.TryGetValue(p, out int i) ? i : throw new InvalidOperationException("the parameter is not one of this optimizer's parameters");

    internal static Dictionary<Tensor, int> Index(IReadOnlyList<nn.Parameter> ps)
    {
        var d = new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < ps.Count; i++) d.TryAdd(ps[i], i);
        return d;
    }

    internal static Tensor CopyFor(Tensor source, Tensor parameter, string key)
    {
        if (!source.shape.SequenceEqual(parameter.shape))
            throw new ArgumentException($"optimizer state '{key}' has shape [{string.Join(", ", source.shape)}], the parameter has [{string.Join(", ", parameter.shape)}]");
        using var _ = no_grad();
        var t = source.to(parameter.dtype, parameter.device, copy: true);
        t.DetachFromDisposeScope();
        return t;
    }
}

/// <summary>
/// SGD with PyTorch's rule: d = g + wd·p; with momentum, buf = d on the first step, else buf = μ·buf + (1−τ)·d;
/// d = d + μ·buf (Nesterov) or buf; p −= lr·d. The momentum buffers are its saveable state.
/// </summary>
public sealed class StatefulSGD : torch.optim.Optimizer, IStatefulOptimizer
{
    private readonly Tensor?[] _buffers;
    private readonly Dictionary<Tensor, int> _index;

    /// <summary>Momentum factor μ.</summary>
    public double Momentum { get; }
    /// <summary>Dampening τ.</summary>
    public double Dampening { get; }
    /// <summary>L2 penalty.</summary>
    public double WeightDecay { get; }
    /// <summary>Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <summary>Creates the optimizer.</summary>
    public StatefulSGD(IEnumerable<nn.Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameters, lr)
    {
        if (momentum < 0) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"momentum must be >= 0, got {momentum}");
        if (weightDecay < 0) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, $"weight decay must be >= 0, got {weightDecay}");
        if (nesterov && (momentum <= 0 || dampening != 0)) throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
        Momentum = momentum; Dampening = dampening; WeightDecay = weightDecay; Nesterov = nesterov;
        _buffers = new Tensor?[_parameters.Count];
        _index = Optimizers.Index(_parameters);
    }

    /// <inheritdoc/>
    protected override void Update(nn.Parameter p, Tensor grad)
    {
        Tensor d = grad;
        if (WeightDecay != 0) d = grad.clone().add_(p, WeightDecay);
        if (Momentum != 0)
        {
            int i = Optimizers.IndexOf(_index, p);
            var buf = _buffers[i];
            if (buf is null) _buffers[i] = buf = Keep(d.clone().detach());
            else buf.mul_(Momentum).add_(d, 1 - Dampening);
            d = Nesterov ? (ReferenceEquals(d, grad) ? d.clone() : d).add_(buf, Momentum) : buf;
        }
        p.add_(d, -LearningRate);
    }

    /// <inheritdoc/>
    public Dictionary<string, Tensor> StateDict()
    {
        var d = new Dictionary<string, Tensor>();
        for (int i = 0; i < _buffers.Length; i++) if (_buffers[i] is { } b) d[$"momentum_buffer.{i}"] = Optimizers.CpuCopy(b);
        return d;
    }

    /// <inheritdoc/>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        var fresh = new Tensor?[_buffers.Length];
        foreach (var (k, v) in state)
        {
            int i = Optimizers.IndexFromKey(k, "momentum_buffer", _buffers.Length);
            fresh[i] = Optimizers.CopyFor(v, _parameters[i], k);
        }
        for (int i = 0; i < _buffers.Length; i++) { _buffers[i]?.Dispose(); _buffers[i] = fresh[i]; }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        for (int i = 0; i < _buffers.Length; i++) { _buffers[i]?.Dispose(); _buffers[i] = null; }
        base.Dispose();
    }
}

/// <summary>
/// Adam with PyTorch 1.13's rule: g += wd·p; m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
/// p −= lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε). The moments and step counts are its saveable state.
/// </summary>
public sealed class StatefulAdam : torch.optim.Optimizer, IStatefulOptimizer
{
    private readonly Tensor?[] _m, _v;
    private readonly long[] _steps;
    private readonly Dictionary<Tensor, int> _index;

    /// <summary>First-moment decay β1.</summary>
    public double Beta1 { get; }
    /// <summary>Second-moment decay β2.</summary>
    public double Beta2 { get; }
    /// <summary>Denominator term ε.</summary>
    public double Eps { get; }
    /// <summary>L2 penalty.</summary>
    public double WeightDecay { get; }

    /// <summary>Creates the optimizer.</summary>
    public StatefulAdam(IEnumerable<nn.Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
        : base(parameters, lr)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, $"beta1 must be in [0, 1), got {beta1}");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, $"beta2 must be in [0, 1), got {beta2}");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, $"eps must be >= 0, got {eps}");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, $"weight decay must be >= 0, got {weightDecay}");
        Beta1 = beta1; Beta2 = beta2; Eps = eps; WeightDecay = weightDecay;
        _m = new Tensor?[_parameters.Count]; _v = new Tensor?[_parameters.Count]; _steps = new long[_parameters.Count];
        _index = Optimizers.Index(_parameters);
    }

    /// <inheritdoc/>
    protected override void Update(nn.Parameter p, Tensor grad)
    {
        int i = Optimizers.IndexOf(_index, p);
        var m = _m[i] ??= Keep(zeros_like(p));
        var v = _v[i] ??= Keep(zeros_like(p));
        long step = ++_steps[i];
        if (WeightDecay != 0) grad = grad.clone().add_(p, WeightDecay);
        m.mul_(Beta1).add_(grad, 1 - Beta1);
        v.mul_(Beta2).addcmul_(grad, grad, 1 - Beta2);
        double bias1 = 1 - Math.Pow(Beta1, step);
        double bias2 = 1 - Math.Pow(Beta2, step);
        var denom = (v.sqrt() / Math.Sqrt(bias2)).add_(Eps);
        p.addcdiv_(m, denom, -LearningRate / bias1);
    }

    /// <inheritdoc/>
    public Dictionary<string, Tensor> StateDict()
    {
        var d = new Dictionary<string, Tensor>();
        for (int i = 0; i < _m.Length; i++)
        {
            if (_m[i] is null || _v[i] is null) continue;
            d[$"exp_avg.{i}"] = Optimizers.CpuCopy(_m[i]!);
            d[$"exp_avg_sq.{i}"] = Optimizers.CpuCopy(_v[i]!);
            var step = tensor(new[] { _steps[i] }, new long[] { 1 });
            step.DetachFromDisposeScope();
            d[$"step.{i}"] = step;
        }
        return d;
    }

    /// <inheritdoc/>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        int n = _m.Length;
        var m = new Tensor?[n]; var v = new Tensor?[n]; var steps = new long[n];
        foreach (var (k, t) in state)
        {
            if (k.StartsWith("exp_avg_sq.", StringComparison.Ordinal)) { int i = Optimizers.IndexFromKey(k, "exp_avg_sq", n); v[i] = Optimizers.CopyFor(t, _parameters[i], k); }
            else if (k.StartsWith("exp_avg.", StringComparison.Ordinal)) { int i = Optimizers.IndexFromKey(k, "exp_avg", n); m[i] = Optimizers.CopyFor(t, _parameters[i], k); }
            else if (k.StartsWith("step.", StringComparison.Ordinal)) { int i = Optimizers.IndexFromKey(k, "step", n); using var c = t.to(ScalarType.Int64); steps[i] = c.data<long>()[0]; }
            else throw new ArgumentException($"unexpected Adam state key '{k}' (expected exp_avg.N, exp_avg_sq.N, step.N)");
        }
        for (int i = 0; i < n; i++)
        {
            _m[i]?.Dispose(); _v[i]?.Dispose();
            _m[i] = m[i]; _v[i] = v[i]; _steps[i] = steps[i];
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        for (int i = 0; i < _m.Length; i++) { _m[i]?.Dispose(); _v[i]?.Dispose(); _m[i] = _v[i] = null; }
        base.Dispose();
    }
}
