namespace TorchSharp;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>
        /// Base of optimizers: one group of parameters with a learning rate. <see cref="step"/> updates the parameters
        /// from their gradients under no_grad, in place. State is keyed by Parameter object, so create the optimizer
        /// after moving the model (<c>Module.to</c> replaces Parameter objects).
        /// </summary>
        public abstract class Optimizer : IDisposable
        {
            /// <summary>The optimised parameters.</summary>
            protected readonly List<Modules.Parameter> _parameters;
            private double _lr;

            /// <summary>Takes the parameters (at least one) and the initial learning rate.</summary>
            protected Optimizer(IEnumerable<Modules.Parameter> parameters, double lr)
            {
                ArgumentNullException.ThrowIfNull(parameters, nameof(parameters));
                _parameters = parameters.ToList();
                if (_parameters.Count == 0) throw new ArgumentException("optimizer got an empty parameter list", nameof(parameters));
                LearningRate = lr;
                InitialLearningRate = lr;
            }

            /// <summary>Current learning rate (schedulers set it).</summary>
            public double LearningRate
            {
                get => _lr;
                set
                {
                    if (!(value >= 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), value, $"Invalid learning rate: {value}");
                    _lr = value;
                }
            }

            /// <summary>The learning rate given at construction (schedulers' base_lr).</summary>
            public double InitialLearningRate { get; }

            /// <summary>The optimised parameters.</summary>
            public IReadOnlyList<Modules.Parameter> parameters() => _parameters;

            /// <summary>Zeroes the gradients (PyTorch 1.13 default <c>set_to_none=false</c>); with <paramref name="set_to_none"/> they are dropped.</summary>
            public virtual void zero_grad(bool set_to_none = false)
            {
                foreach (var p in _parameters)
                {
                    if (set_to_none) { p.grad = null; continue; }
                    nn.Module.ZeroGrad(p);
                }
            }

            /// <summary>One update of all parameters that have a gradient.</summary>
            public void step()
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                foreach (var p in _parameters)
                {
                    var g = p.grad;
                    if (g is null) continue;
                    Update(p, g);
                }
            }

            /// <summary>Updates one parameter (runs inside a dispose scope and no_grad; keep state tensors with DetachFromDisposeScope).</summary>
            protected abstract void Update(Modules.Parameter p, Tensor grad);

            /// <summary>
            /// CPU copies of the optimizer's state tensors keyed by name and parameter index (e.g. <c>momentum_buffer.3</c>
            /// for the 4th parameter), for checkpoints; the caller disposes them. Empty for a stateless optimizer.
            /// </summary>
            public virtual Dictionary<string, Tensor> state_dict() => new();

            /// <summary>Replaces the state with copies of <paramref name="state"/> (as written by <see cref="state_dict"/>),
            /// moved to each parameter's device; a wrong key or shape throws naming it.</summary>
            public virtual void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
            {
                if (state.Count > 0) throw new ArgumentException($"{GetType().Name} has no state, got '{state.Keys.First()}'");
            }

            /// <summary>The index of a key <c>prefix.N</c>, checked against the parameter count.</summary>
            protected int StateIndex(string key, string prefix)
            {
                if (!key.StartsWith(prefix + ".", StringComparison.Ordinal) || !int.TryParse(key.AsSpan(prefix.Length + 1), out int i) || i < 0 || i >= _parameters.Count)
                    throw new ArgumentException($"optimizer state key '{key}' is not '{prefix}.N' with N in 0..{_parameters.Count - 1}");
                return i;
            }

            /// <summary>A CPU copy of a state tensor, owned by the caller.</summary>
            protected static Tensor CpuCopy(Tensor t) => Keep(t.to(t.dtype, torch.CPU, copy: true));

            /// <summary>A copy of a saved state tensor for parameter <paramref name="index"/> (its dtype and device).</summary>
            protected Tensor StateFor(Tensor source, int index, string key)
            {
                var p = _parameters[index];
                if (!source.shape.SequenceEqual(p.shape))
                    throw new ArgumentException($"optimizer state '{key}' has shape [{string.Join(", ", source.shape)}], the parameter has [{string.Join(", ", p.shape)}]");
                using var _ = no_grad();
                return Keep(source.to(p.dtype, p.device, copy: true));
            }

            /// <summary>Releases the optimizer's state tensors.</summary>
            public virtual void Dispose() { GC.SuppressFinalize(this); }

            /// <summary>Creates a state tensor owned by the optimizer (detached from dispose scopes).</summary>
            protected static Tensor Keep(Tensor t) { t.DetachFromDisposeScope(); return t; }
        }

        /// <summary>Stochastic gradient descent, PyTorch's update rule (momentum, dampening, weight decay, Nesterov).</summary>
        public static Modules.SGD SGD(IEnumerable<Modules.Parameter> parameters, double lr, double momentum = 0, double dampening = 0,
            double weight_decay = 0, bool nesterov = false) =>
            new(parameters, lr, momentum, dampening, weight_decay, nesterov);

        /// <summary>Adam with bias correction and L2 weight decay, PyTorch's update rule.</summary>
        public static Modules.Adam Adam(IEnumerable<Modules.Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
            double eps = 1e-8, double weight_decay = 0) =>
            new(parameters, lr, beta1, beta2, eps, weight_decay);
    }
}
