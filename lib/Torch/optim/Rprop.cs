using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>Resilient backpropagation (Riedmiller and Braun, 1993) as in PyTorch 1.13.</summary>
            /// <param name="parameters">The parameters to optimise.</param>
            /// <param name="lr">Initial step size of every element (default 0.01).</param>
            /// <param name="etaminus">Step-size factor when the gradient's sign flips (default 0.5).</param>
            /// <param name="etaplus">Step-size factor when it keeps its sign (default 1.2).</param>
            /// <param name="min_step">Smallest step size (default 1e-6).</param>
            /// <param name="max_step">Largest step size (default 50).</param>
            /// <param name="maximize">Maximise the objective instead of minimising it.</param>
            public static Rprop Rprop(IEnumerable<Parameter> parameters, double lr = 1e-2, double etaminus = 0.5, double etaplus = 1.2,
                double min_step = 1e-6, double max_step = 50, bool maximize = false) =>
                new(parameters, lr, etaminus, etaplus, min_step, max_step, maximize);

            /// <summary>Rprop over named parameters (<c>named_parameters()</c>); the names are not used.</summary>
            public static Rprop Rprop(IEnumerable<(string name, Parameter parameter)> parameters, double lr = 1e-2, double etaminus = 0.5,
                double etaplus = 1.2, double min_step = 1e-6, double max_step = 50, bool maximize = false) =>
                new(Unnamed(parameters), lr, etaminus, etaplus, min_step, max_step, maximize);

            /// <summary>Rprop over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public static Rprop Rprop(IEnumerable<Rprop.ParamGroup> parameters, double lr = 1e-2, double etaminus = 0.5, double etaplus = 1.2,
                double min_step = 1e-6, double max_step = 50, bool maximize = false) =>
                new(parameters, lr, etaminus, etaplus, min_step, max_step, maximize);
        }
    }

    namespace Modules
    {
        /// <summary>
        /// Rprop as in PyTorch 1.13: per element, the step size is multiplied by etaplus where the gradient kept its sign,
        /// by etaminus where it flipped (and that gradient is then ignored), clamped to [min_step, max_step];
        /// p −= sign(g)·step_size. The step sizes start at the learning rate of the first step.
        /// </summary>
        public class Rprop : OptimizerHelper
        {
            /// <summary>Rprop over one group of <paramref name="parameters"/>.</summary>
            public Rprop(IEnumerable<Parameter> parameters, double lr = 1e-2, double etaminus = 0.5, double etaplus = 1.2, double min_step = 1e-6,
                double max_step = 50, bool maximize = false)
                : this(OneGroup<ParamGroup>(parameters), lr, etaminus, etaplus, min_step, max_step, maximize) { }

            /// <summary>Rprop over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public Rprop(IEnumerable<ParamGroup> parameters, double lr = 1e-2, double etaminus = 0.5, double etaplus = 1.2, double min_step = 1e-6,
                double max_step = 50, bool maximize = false)
            {
                Check(lr >= 0, nameof(lr), lr, "learning rate");
                Check(etaminus > 0 && etaminus < 1, nameof(etaminus), etaminus, "etaminus (0 < etaminus < 1)");
                Check(etaplus > 1, nameof(etaplus), etaplus, "etaplus (etaplus > 1)");
                _defaults = new Options
                {
                    LearningRate = lr, InitialLearningRate = lr, etaminus = etaminus, etaplus = etaplus,
                    min_step = min_step, max_step = max_step, maximize = maximize,
                };
                AddParamGroups(parameters);
            }

            /// <inheritdoc/>
            public override Tensor? step(Func<Tensor>? closure = null) =>
                StepParameters<Options, State>(closure, (param, grad, o, s) =>
                {
                    double etaminus = o.etaminus!.Value;
                    if (s.step == 0) s.step_size.fill_(o.LearningRate!.Value);
                    s.step++;
                    if (o.maximize!.Value) grad = grad.neg();
                    var sign = grad.mul(s.prev).sign();
                    sign = where(sign.gt(0), full_like(sign, o.etaplus!.Value), sign);
                    sign = where(sign.lt(0), full_like(sign, etaminus), sign);
                    sign = where(sign.eq(0), full_like(sign, 1), sign);
                    s.step_size.mul_(sign).clamp_(o.min_step!.Value, o.max_step!.Value);
                    grad = where(sign.eq(etaminus), zeros_like(grad), grad);
                    param.addcmul_(grad.sign(), s.step_size, -1);
                    s.prev.copy_(grad);
                });

            /// <inheritdoc/>
            public override void add_param_group(Modules.ParamGroup param_group) => AddParamGroup<Options>(param_group, p => new State(p));

            /// <summary>Rprop's state of one parameter.</summary>
            public sealed class State : OptimizerState, IDisposable
            {
                /// <summary>Number of steps taken.</summary>
                public long step;
                /// <summary>The previous (masked) gradient.</summary>
                public Tensor prev = null!;
                /// <summary>The step size of each element.</summary>
                public Tensor step_size = null!;

                /// <summary>The state of <paramref name="parameter"/>.</summary>
                public State(Parameter parameter) : base(parameter) { }

                /// <inheritdoc/>
                public override void Initialize(OptimizerOptions options)
                {
                    Dispose(true);
                    step = 0;
                    prev = NewStateTensor();
                    step_size = NewStateTensor(options.LearningRate!.Value);
                }

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    writer.Write(step);
                    WriteTensor(writer, prev);
                    WriteTensor(writer, step_size);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    step = reader.ReadInt64();
                    prev = ReadTensor(reader, prev, nameof(prev));
                    step_size = ReadTensor(reader, step_size, nameof(step_size));
                }
            }

            /// <summary>Rprop's options.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Maximise the objective.</summary>
                public bool? maximize;
                /// <summary>Step-size factor when the gradient's sign flips.</summary>
                public double? etaminus;
                /// <summary>Step-size factor when it keeps its sign.</summary>
                public double? etaplus;
                /// <summary>Smallest step size.</summary>
                public double? min_step;
                /// <summary>Largest step size.</summary>
                public double? max_step;

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    base.SaveStateDict(writer);
                    writer.Write(maximize!.Value); writer.Write(etaminus!.Value); writer.Write(etaplus!.Value);
                    writer.Write(min_step!.Value); writer.Write(max_step!.Value);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    base.LoadStateDict(reader);
                    maximize = reader.ReadBoolean(); etaminus = reader.ReadDouble(); etaplus = reader.ReadDouble();
                    min_step = reader.ReadDouble(); max_step = reader.ReadDouble();
                }
            }

            /// <summary>A parameter group of Rprop.</summary>
            public class ParamGroup : ParamGroup<Options>
            {
                /// <summary>An empty group.</summary>
                public ParamGroup() { }

                /// <summary>A group of <paramref name="parameters"/> with <paramref name="options"/>.</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, Options options) : base(parameters, options) { }

                /// <summary>A group of <paramref name="parameters"/> with these options.</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, double lr = 1e-2, double etaminus = 0.5, double etaplus = 1.2,
                    double min_step = 1e-6, double max_step = 50, bool maximize = false)
                    : base(parameters, new Options { LearningRate = lr, etaminus = etaminus, etaplus = etaplus, min_step = min_step, max_step = max_step, maximize = maximize }) { }
            }
        }
    }
}
