using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace TorchSharp;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>
        /// Base of optimizers, shaped like TorchSharp's: the parameters live in <see cref="ParamGroups"/>, each group with
        /// its own options (learning rate, momentum, betas, ...); the per-parameter state (momentum buffers, moments) is
        /// keyed by Parameter object, so create the optimizer after moving the model.
        /// <see cref="step"/> updates the parameters in place under no_grad, with PyTorch 1.13's update rules.
        /// </summary>
        public abstract class Optimizer : IDisposable
        {
            /// <summary>The parameter groups, in the order they were added.</summary>
            protected IList<ParamGroup> _parameter_groups = new List<ParamGroup>();

            /// <summary>The state of each parameter (by object identity), created when its group is added.</summary>
            protected readonly Dictionary<Parameter, OptimizerState> _state = new(ReferenceEqualityComparer.Instance);

            /// <summary>Creates an optimizer without parameter groups (derived classes add them).</summary>
            protected Optimizer() { }

            /// <summary>The parameter groups; their <c>LearningRate</c> is what schedulers read and set.</summary>
            public virtual IEnumerable<ILearningRateController> ParamGroups => _parameter_groups;

            /// <summary>All optimised parameters, group by group.</summary>
            public virtual IEnumerable<Parameter> parameters() => _parameter_groups.SelectMany(g => g.Parameters);

            /// <summary>Zeroes the gradients of all parameters (PyTorch 1.13's default, <c>set_to_none=false</c>).</summary>
            public virtual void zero_grad()
            {
                foreach (var p in parameters())
                {
                    using var g = p.grad;
                    g?.zero_();
                }
            }

            /// <summary>Zeroes the gradients, or with <paramref name="set_to_none"/> drops them.</summary>
            public void zero_grad(bool set_to_none)
            {
                if (!set_to_none) { zero_grad(); return; }
                foreach (var p in parameters()) p.grad = null;
            }

            /// <summary>
            /// One update of every parameter that has a gradient. A <paramref name="closure"/> is called first (with grad
            /// enabled) to recompute the loss; its result is returned (null without a closure).
            /// </summary>
            public abstract Tensor? step(Func<Tensor>? closure = null);

            /// <summary>Adds a parameter group; options it leaves unset take the optimizer's defaults.</summary>
            /// <remarks>Useful when fine-tuning: frozen layers can be made trainable and added as training progresses.</remarks>
            public virtual void add_param_group(ParamGroup param_group) =>
                throw new NotImplementedException($"{GetType().Name} does not support add_param_group");

            /// <summary>
            /// The optimizer's state as TorchSharp shapes it (not PyTorch's dictionary): the options of each group and
            /// the state of each parameter, both in group order. The entries are the live objects, not copies.
            /// </summary>
            public virtual StateDictionary state_dict()
            {
                var dict = new StateDictionary();
                int index = 0;
                foreach (var g in _parameter_groups)
                {
                    dict.Options.Add(g.Options);
                    var refs = new List<int>();
                    foreach (var p in g.Parameters) { refs.Add(index++); dict.State.Add(_state[p]); }
                    dict.StateIndexRef.Add(refs);
                }
                return dict;
            }

            /// <summary>
            /// Copies options and per-parameter state from <paramref name="state_dict"/> (another optimizer's
            /// <see cref="state_dict()"/> of the same type and layout); state tensors are copied to each parameter's device.
            /// </summary>
            /// <exception cref="ArgumentException">Different numbers of groups or parameters, or another optimizer type.</exception>
            public virtual void load_state_dict(StateDictionary state_dict)
            {
                ArgumentNullException.ThrowIfNull(state_dict);
                var own = this.state_dict();
                CheckCounts(state_dict.Options.Count, state_dict.State.Count, own);
                for (int i = 0; i < own.Options.Count; i++)
                    if (!ReferenceEquals(own.Options[i], state_dict.Options[i])) own.Options[i].LoadStateDict(state_dict.Options[i]);
                for (int i = 0; i < own.State.Count; i++)
                    if (!ReferenceEquals(own.State[i], state_dict.State[i])) own.State[i].LoadStateDict(state_dict.State[i]);
            }

            /// <summary>Writes options and state to <paramref name="location"/> in TorchSharp's binary format.</summary>
            public void save_state_dict(string location)
            {
                using var stream = File.Create(location);
                using var writer = new BinaryWriter(stream);
                save_state_dict(writer);
            }

            /// <summary>
            /// Writes options and state in TorchSharp's binary format: the optimizer's type name, the number of groups and
            /// of parameters (LEB128), each group's options, each parameter's state.
            /// </summary>
            public void save_state_dict(BinaryWriter writer)
            {
                writer.Write(GetType().Name);
                var sd = state_dict();
                StateTensorIO.Encode(writer, sd.Options.Count);
                StateTensorIO.Encode(writer, sd.State.Count);
                foreach (var o in sd.Options) o.SaveStateDict(writer);
                foreach (var s in sd.State) s.SaveStateDict(writer);
            }

            /// <summary>Loads options and state written by <see cref="save_state_dict(string)"/> (or TorchSharp, or its
            /// <c>exportsd.py</c> from PyTorch).</summary>
            /// <exception cref="FileNotFoundException">No such file.</exception>
            /// <exception cref="InvalidDataException">The file was written by another optimizer type, or is truncated.</exception>
            /// <exception cref="ArgumentException">Different numbers of groups or parameters, or a state tensor of another shape
            /// (the entries read before it are already loaded).</exception>
            public void load_state_dict(string location)
            {
                if (!File.Exists(location)) throw new FileNotFoundException($"optimizer state file '{location}' not found", location);
                using var stream = File.OpenRead(location);
                using var reader = new BinaryReader(stream);
                try { load_state_dict(reader); }
                catch (EndOfStreamException e) { throw new InvalidDataException($"optimizer state file '{location}' is truncated", e); }
            }

            /// <summary>Loads options and state in TorchSharp's binary format (see <see cref="save_state_dict(BinaryWriter)"/>).</summary>
            public void load_state_dict(BinaryReader reader)
            {
                var name = reader.ReadString();
                if (name != GetType().Name)
                    throw new InvalidDataException($"Mismatched optimizer type: expected '{GetType().Name}', but found '{name}' in the loaded stream.");
                var options = StateTensorIO.Decode(reader);
                var states = StateTensorIO.Decode(reader);
                var sd = state_dict();
                CheckCounts(options, states, sd);
                foreach (var o in sd.Options) o.LoadStateDict(reader);
                foreach (var s in sd.State) s.LoadStateDict(reader);
            }

            /// <summary>Moves all state tensors to <paramref name="device"/> (after moving the model's parameters there).</summary>
            public void to(Device device)
            {
                foreach (var s in _state.Values) s.to(device);
            }

            private void CheckCounts(long options, long states, StateDictionary own)
            {
                if (options != own.Options.Count)
                    throw new ArgumentException($"Invalid optimizer state -- different number of parameter groups: the optimizer has {own.Options.Count}, the state {options}.");
                if (states != own.State.Count)
                    throw new ArgumentException($"Invalid optimizer state -- different number of states: the optimizer has {own.State.Count} parameters, the state {states}.");
            }

            /// <summary>Releases the state tensors.</summary>
            public void Dispose()
            {
                Dispose(true);
                GC.SuppressFinalize(this);
            }

            /// <summary>Releases the state tensors (the .NET dispose pattern).</summary>
            protected virtual void Dispose(bool disposing)
            {
                if (!disposing) return;
                foreach (var s in _state.Values) s.Dispose();
                _state.Clear();
            }

            /// <summary>
            /// The optimizer state as TorchSharp shapes it: <see cref="Options"/> per group, <see cref="State"/> per
            /// parameter (groups in order), and for each group the indices of its parameters' states.
            /// </summary>
            public class StateDictionary
            {
                internal StateDictionary() { }

                /// <summary>The options of each parameter group.</summary>
                public List<OptimizerOptions> Options { get; } = new();

                /// <summary>The state of each parameter.</summary>
                public List<OptimizerState> State { get; } = new();

                /// <summary>For each group, the indices into <see cref="State"/> of its parameters.</summary>
                public List<List<int>> StateIndexRef { get; } = new();
            }
        }

        /// <summary>What learning-rate schedulers read and set on a parameter group.</summary>
        public interface ILearningRateController
        {
            /// <summary>The current learning rate.</summary>
            double LearningRate { get; set; }

            /// <summary>The learning rate the group started with (schedulers' base rate).</summary>
            double InitialLearningRate { get; set; }
        }

        /// <summary>Optimizers and groups with a momentum, which CyclicLR and OneCycleLR cycle.</summary>
        public interface IMomentum
        {
            /// <summary>The momentum factor.</summary>
            double Momentum { get; set; }
        }

        /// <summary>Optimizers and groups with Adam-style betas (OneCycleLR cycles beta1).</summary>
        public interface IBetas
        {
            /// <summary>(beta1, beta2).</summary>
            (double, double) Betas { get; set; }
        }
    }
}
