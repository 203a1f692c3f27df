using static TorchSharp.torch;

namespace TorchSharp.Modules;

/// <summary>
/// Adam as in PyTorch 1.13: g += wd·p; m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
/// p −= lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε).
/// </summary>
public sealed class Adam : optim.Optimizer
{
    private sealed class State { public long Step; public required Tensor ExpAvg; public required Tensor ExpAvgSq; }
    private readonly Dictionary<Tensor, State> _state = new(ReferenceEqualityComparer.Instance);

    /// <summary>First-moment decay β1.</summary>
    public double beta1 { get; }
    /// <summary>Second-moment decay β2.</summary>
    public double beta2 { get; }
    /// <summary>Denominator term ε.</summary>
    public double eps { get; }
    /// <summary>L2 penalty.</summary>
    public double weight_decay { get; }

    /// <summary>Creates the optimizer.</summary>
    public Adam(IEnumerable<Modules.Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0)
        : base(parameters, lr)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, $"Invalid beta parameter at index 0: {beta1}");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, $"Invalid beta parameter at index 1: {beta2}");
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, $"Invalid epsilon value: {eps}");
        if (!(weight_decay >= 0)) throw new ArgumentOutOfRangeException(nameof(weight_decay), weight_decay, $"Invalid weight_decay value: {weight_decay}");
        this.beta1 = beta1; this.beta2 = beta2; this.eps = eps; this.weight_decay = weight_decay;
    }

    /// <inheritdoc/>
    protected override void Update(Modules.Parameter p, Tensor grad)
    {
        if (!_state.TryGetValue(p, out var s))
            _state[p] = s = new State { ExpAvg = Keep(zeros_like(p)), ExpAvgSq = Keep(zeros_like(p)) };
        s.Step++;
        if (weight_decay != 0) grad = grad.clone().add_(p, weight_decay);
        s.ExpAvg.mul_(beta1).add_(grad, 1 - beta1);
        s.ExpAvgSq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
        double bias1 = 1 - Math.Pow(beta1, s.Step);
        double bias2 = 1 - Math.Pow(beta2, s.Step);
        double stepSize = LearningRate / bias1;
        var denom = (s.ExpAvgSq.sqrt() / Math.Sqrt(bias2)).add_(eps);
        p.addcdiv_(s.ExpAvg, denom, -stepSize);
    }

    /// <summary>The moments and step counts as <c>exp_avg.N</c>, <c>exp_avg_sq.N</c>, <c>step.N</c> (N = the parameter's index).</summary>
    public override Dictionary<string, Tensor> state_dict()
    {
        var d = new Dictionary<string, Tensor>();
        for (int i = 0; i < _parameters.Count; i++)
        {
            if (!_state.TryGetValue(_parameters[i], out var s)) continue;
            d[$"exp_avg.{i}"] = CpuCopy(s.ExpAvg);
            d[$"exp_avg_sq.{i}"] = CpuCopy(s.ExpAvgSq);
            d[$"step.{i}"] = Keep(tensor(new[] { s.Step }, new long[] { 1 }));
        }
        return d;
    }

    /// <inheritdoc/>
    public override void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        var m = new Dictionary<int, Tensor>(); var v = new Dictionary<int, Tensor>(); var steps = new Dictionary<int, long>();
        foreach (var (k, t) in state)
        {
            if (k.StartsWith("exp_avg_sq.", StringComparison.Ordinal)) { int i = StateIndex(k, "exp_avg_sq"); v[i] = StateFor(t, i, k); }
            else if (k.StartsWith("exp_avg.", StringComparison.Ordinal)) { int i = StateIndex(k, "exp_avg"); m[i] = StateFor(t, i, k); }
            else if (k.StartsWith("step.", StringComparison.Ordinal)) { int i = StateIndex(k, "step"); using var c = t.to(ScalarType.Int64); steps[i] = c.data<long>()[0]; }
            else throw new ArgumentException($"unexpected Adam state key '{k}' (expected exp_avg.N, exp_avg_sq.N, step.N)");
        }
        foreach (var i in m.Keys.Union(v.Keys).Union(steps.Keys))
            if (!m.ContainsKey(i) || !v.ContainsKey(i) || !steps.ContainsKey(i))
                throw new ArgumentException($"Adam state for parameter {i} is incomplete (needs exp_avg.{i}, exp_avg_sq.{i} and step.{i})");
        foreach (var s in _state.Values) { s.ExpAvg.Dispose(); s.ExpAvgSq.Dispose(); }
        _state.Clear();
        foreach (var i in m.Keys) _state[_parameters[i]] = new State { Step = steps[i], ExpAvg = m[i], ExpAvgSq = v[i] };
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        foreach (var s in _state.Values) { s.ExpAvg.Dispose(); s.ExpAvgSq.Dispose(); }
        _state.Clear();
        base.Dispose();
    }
}
