using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>Stochastic gradient descent, optionally with (Nesterov) momentum, as in PyTorch 1.13.</summary>
            /// <param name="parameters">The parameters to optimise.</param>
            /// <param name="learningRate">Learning rate.</param>
            /// <param name="momentum">Momentum factor (default 0).</param>
            /// <param name="dampening">Dampening of the momentum (default 0).</param>
            /// <param name="weight_decay">L2 penalty (default 0).</param>
            /// <param name="nesterov">Nesterov momentum (default false).</param>
            /// <param name="maximize">Maximise the objective instead of minimising it.</param>
            public static Modules.SGD SGD(IEnumerable<Parameter> parameters, double learningRate, double momentum = 0, double dampening = 0,
                double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
                new(parameters, learningRate, momentum, dampening, weight_decay, nesterov, maximize);

            /// <summary>SGD over named parameters (<c>named_parameters()</c>); the names are not used.</summary>
            public static Modules.SGD SGD(IEnumerable<(string name, Parameter parameter)> parameters, double learningRate, double momentum = 0,
                double dampening = 0, double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
                new(Unnamed(parameters), learningRate, momentum, dampening, weight_decay, nesterov, maximize);

            /// <summary>SGD over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public static Modules.SGD SGD(IEnumerable<Modules.SGD.ParamGroup> parameters, double learningRate, double momentum = 0.0,
                double dampening = 0, double weight_decay = 0, bool nesterov = false, bool maximize = false) =>
                new(parameters, learningRate, momentum, dampening, weight_decay, nesterov, maximize);

            /// <summary>The parameters of named parameters (the factories' <c>named_parameters()</c> overloads).</summary>
            internal static IEnumerable<Parameter> Unnamed(IEnumerable<(string name, Parameter parameter)> parameters) =>
                (parameters ?? throw new ArgumentNullException(nameof(parameters))).Select(np => np.parameter);
        }
    }

    namespace Modules
    {
        using static torch.optim;

        /// <summary>
        /// SGD as in PyTorch 1.13: d = ±g + wd·p (− when maximising); with momentum μ, buf = d on the first step, else
        /// buf = μ·buf + (1−τ)·d, and d = d + μ·buf (Nesterov) or buf; then p −= lr·d.
        /// </summary>
        public class SGD : OptimizerHelper, IMomentum
        {
            /// <summary>SGD over one group of <paramref name="parameters"/>.</summary>
            public SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0.0, double dampening = 0, double weight_decay = 0,
                bool nesterov = false, bool maximize = false)
                : this(OneGroup<ParamGroup>(parameters), lr, momentum, dampening, weight_decay, nesterov, maximize) { }

            /// <summary>SGD over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public SGD(IEnumerable<ParamGroup> parameters, double lr, double momentum = 0.0, double dampening = 0, double weight_decay = 0,
                bool nesterov = false, bool maximize = false)
            {
                Check(lr >= 0, nameof(lr), lr, "learning rate");
                Check(momentum >= 0, nameof(momentum), momentum, "momentum value");
                Check(weight_decay >= 0, nameof(weight_decay), weight_decay, "weight_decay value");
                if (nesterov && (momentum <= 0 || dampening != 0))
                    throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening", nameof(nesterov));
                _defaults = new Options
                {
                    LearningRate = lr, InitialLearningRate = lr, momentum = momentum, dampening = dampening,
                    weight_decay = weight_decay, nesterov = nesterov, maximize = maximize,
                };
                AddParamGroups(parameters);
            }

            /// <inheritdoc/>
            public override Tensor? step(Func<Tensor>? closure = null) =>
                StepParameters<Options, State>(closure, (param, grad, o, state) =>
                {
                    double momentum = o.momentum!.Value;
                    var d = o.maximize!.Value ? grad.neg() : grad;
                    if (o.weight_decay != 0) d = d.add(param, o.weight_decay!.Value);
                    if (momentum != 0)
                    {
                        var buf = state.momentum_buffer;
                        if (buf is null) state.momentum_buffer = buf = d.clone().detach().DetachFromDisposeScope();
                        else buf.mul_(momentum).add_(d, 1 - o.dampening!.Value);
                        d = o.nesterov!.Value ? d.add(buf, momentum) : buf;
                    }
                    param.add_(d, -o.LearningRate!.Value);
                });

            /// <inheritdoc/>
            public override void add_param_group(Modules.ParamGroup param_group) => AddParamGroup<Options>(param_group, p => new State(p));

            /// <summary>The default momentum (for groups added later; CyclicLR/OneCycleLR use the groups').</summary>
            public double Momentum { get => ((Options)_defaults).momentum!.Value; set => ((Options)_defaults).momentum = value; }

            /// <summary>The momentum buffer of one parameter (null until its first step with momentum).</summary>
            public sealed class State : OptimizerState, IDisposable
            {
                /// <summary>The momentum buffer.</summary>
                public Tensor? momentum_buffer;

                /// <summary>The state of <paramref name="parameter"/>.</summary>
                public State(Parameter parameter) : base(parameter) { }

                /// <inheritdoc/>
                public override void Initialize(OptimizerOptions options)
                {
                    momentum_buffer?.Dispose();
                    momentum_buffer = null;
                }

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer) => WriteOptionalTensor(writer, momentum_buffer);

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader) =>
                    momentum_buffer = ReadOptionalTensor(reader, momentum_buffer, nameof(momentum_buffer));
            }

            /// <summary>SGD's options.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Momentum factor.</summary>
                public double? momentum;
                /// <summary>Dampening of the momentum.</summary>
                public double? dampening;
                /// <summary>L2 penalty.</summary>
                public double? weight_decay;
                /// <summary>Nesterov momentum.</summary>
                public bool? nesterov;
                /// <summary>Maximise the objective.</summary>
                public bool? maximize;

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    base.SaveStateDict(writer);
                    writer.Write(momentum!.Value); writer.Write(dampening!.Value); writer.Write(weight_decay!.Value);
                    writer.Write(nesterov!.Value); writer.Write(maximize!.Value);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    base.LoadStateDict(reader);
                    momentum = reader.ReadDouble(); dampening = reader.ReadDouble(); weight_decay = reader.ReadDouble();
                    nesterov = reader.ReadBoolean(); maximize = reader.ReadBoolean();
                }
            }

            /// <summary>A parameter group of SGD.</summary>
            public class ParamGroup : ParamGroup<Options>, IMomentum
            {
                /// <summary>An empty group.</summary>
                public ParamGroup() { }

                /// <summary>A group of <paramref name="parameters"/> with <paramref name="options"/>.</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, Options options) : base(parameters, options) { }

                /// <summary>A group of <paramref name="parameters"/> with these options.</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, double lr = 1e-3, double momentum = 0.0, double dampening = 0,
                    double weight_decay = 0, bool nesterov = false, bool maximize = false)
                    : base(parameters, new Options { LearningRate = lr, momentum = momentum, dampening = dampening, weight_decay = weight_decay, nesterov = nesterov, maximize = maximize }) { }

                /// <summary>The group's momentum.</summary>
                public double Momentum { get => Options.momentum!.Value; set => Options.momentum = value; }
            }
        }
    }
}
