using static TorchSharp.torch;

namespace TorchSharp.Modules;

/// <summary>
/// SGD as in PyTorch: d = g + wd·p; with momentum, buf = d on the first step, else buf = μ·buf + (1−τ)·d;
/// d = d + μ·buf (Nesterov) or buf; p −= lr·d.
/// </summary>
public sealed class SGD : optim.Optimizer
{
    private readonly Dictionary<Tensor, Tensor> _momentumBuffers = new(ReferenceEqualityComparer.Instance);

    /// <summary>Momentum factor μ.</summary>
    public double momentum { get; }
    /// <summary>Dampening τ.</summary>
    public double dampening { get; }
    /// <summary>L2 penalty.</summary>
    public double weight_decay { get; }
    /// <summary>Nesterov momentum.</summary>
    public bool nesterov { get; }

    /// <summary>Creates the optimizer.</summary>
    public SGD(IEnumerable<Modules.Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false)
        : base(parameters, lr)
    {
        if (momentum < 0) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"Invalid momentum value: {momentum}");
        if (weight_decay < 0) throw new ArgumentOutOfRangeException(nameof(weight_decay), weight_decay, $"Invalid weight_decay value: {weight_decay}");
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening");
        this.momentum = momentum; this.dampening = dampening; this.weight_decay = weight_decay; this.nesterov = nesterov;
    }

    /// <inheritdoc/>
    protected override void Update(Modules.Parameter p, Tensor grad)
    {
        Tensor d = grad;
        if (weight_decay != 0) d = grad.clone().add_(p, weight_decay);
        if (momentum != 0)
        {
            if (!_momentumBuffers.TryGetValue(p, out var buf))
                _momentumBuffers[p] = buf = Keep(d.clone().detach());
            else
                buf.mul_(momentum).add_(d, 1 - dampening);
            if (nesterov) d = (ReferenceEquals(d, grad) ? d.clone() : d).add_(buf, momentum);
            else d = buf;
        }
        p.add_(d, -LearningRate);
    }

    /// <summary>The momentum buffers as <c>momentum_buffer.N</c> (N = the parameter's index).</summary>
    public override Dictionary<string, Tensor> state_dict()
    {
        var d = new Dictionary<string, Tensor>();
        for (int i = 0; i < _parameters.Count; i++)
            if (_momentumBuffers.TryGetValue(_parameters[i], out var b)) d[$"momentum_buffer.{i}"] = CpuCopy(b);
        return d;
    }

    /// <inheritdoc/>
    public override void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        var fresh = state.Select(kv => { int i = StateIndex(kv.Key, "momentum_buffer"); return (i, t: StateFor(kv.Value, i, kv.Key)); }).ToList();
        foreach (var b in _momentumBuffers.Values) b.Dispose();
        _momentumBuffers.Clear();
        foreach (var (i, t) in fresh) _momentumBuffers[_parameters[i]] = t;
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        foreach (var b in _momentumBuffers.Values) b.Dispose();
        _momentumBuffers.Clear();
        base.Dispose();
    }
}
