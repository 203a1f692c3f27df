using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>Adadelta (Zeiler, 2012) as in PyTorch 1.13.</summary>
            /// <param name="parameters">The parameters to optimise.</param>
            /// <param name="lr">Scale of the deltas (default 1.0).</param>
            /// <param name="rho">Decay of the running means (default 0.9).</param>
            /// <param name="eps">Term added inside the square roots (default 1e-6).</param>
            /// <param name="weight_decay">L2 penalty (default 0).</param>
            /// <param name="maximize">Maximise the objective instead of minimising it.</param>
            public static Adadelta Adadelta(IEnumerable<Parameter> parameters, double lr = 1.0, double rho = 0.9, double eps = 1e-6,
                double weight_decay = 0, bool maximize = false) =>
                new(parameters, lr, rho, eps, weight_decay, maximize);

            /// <summary>Adadelta over named parameters (<c>named_parameters()</c>); the names are not used.</summary>
            public static Adadelta Adadelta(IEnumerable<(string name, Parameter parameter)> parameters, double lr = 1.0, double rho = 0.9,
                double eps = 1e-6, double weight_decay = 0, bool maximize = false) =>
                new(Unnamed(parameters), lr, rho, eps, weight_decay, maximize);

            /// <summary>Adadelta over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public static Adadelta Adadelta(IEnumerable<Adadelta.ParamGroup> parameters, double lr = 1.0, double rho = 0.9, double eps = 1e-6,
                double weight_decay = 0, bool maximize = false) =>
                new(parameters, lr, rho, eps, weight_decay, maximize);
        }
    }

    namespace Modules
    {
        /// <summary>
        /// Adadelta as in PyTorch 1.13: g = ±grad + wd·p; v = ρ·v + (1−ρ)·g²; Δ = √(u + ε)/√(v + ε) · g;
        /// u = ρ·u + (1−ρ)·Δ²; p −= lr·Δ.
        /// </summary>
        public class Adadelta : OptimizerHelper
        {
            /// <summary>Adadelta over one group of <paramref name="parameters"/>.</summary>
            public Adadelta(IEnumerable<Parameter> parameters, double lr, double rho = 0.9, double eps = 1e-6, double weight_decay = 0, bool maximize = false)
                : this(OneGroup<ParamGroup>(parameters), lr, rho, eps, weight_decay, maximize) { }

            /// <summary>Adadelta over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public Adadelta(IEnumerable<ParamGroup> parameters, double lr = 1.0, double rho = 0.9, double eps = 1e-6, double weight_decay = 0, bool maximize = false)
            {
                Check(lr >= 0, nameof(lr), lr, "learning rate");
                Check(rho >= 0 && rho <= 1, nameof(rho), rho, "rho value");
                Check(eps >= 0, nameof(eps), eps, "epsilon value");
                Check(weight_decay >= 0, nameof(weight_decay), weight_decay, "weight_decay value");
                _defaults = new Options { LearningRate = lr, InitialLearningRate = lr, rho = rho, eps = eps, weight_decay = weight_decay, maximize = maximize };
                AddParamGroups(parameters);
            }

            /// <inheritdoc/>
            public override Tensor? step(Func<Tensor>? closure = null) =>
                StepParameters<Options, State>(closure, (param, grad, o, s) =>
                {
                    double rho = o.rho!.Value, eps = o.eps!.Value;
                    if (o.maximize!.Value) grad = grad.neg();
                    s.step++;
                    if (o.weight_decay != 0) grad = grad.add(param, o.weight_decay!.Value);
                    s.square_avg.mul_(rho).addcmul_(grad, grad, 1 - rho);
                    var std = s.square_avg.add(eps).sqrt_();
                    var delta = s.acc_delta.add(eps).sqrt_().div_(std).mul_(grad);
                    s.acc_delta.mul_(rho).addcmul_(delta, delta, 1 - rho);
                    param.add_(delta, -o.LearningRate!.Value);
                });

            /// <inheritdoc/>
            public override void add_param_group(Modules.ParamGroup param_group) => AddParamGroup<Options>(param_group, p => new State(p));

            /// <summary>Adadelta's state of one parameter.</summary>
            public sealed class State : OptimizerState, IDisposable
            {
                /// <summary>Number of steps taken.</summary>
                public long step;
                /// <summary>Running mean of the squared gradient.</summary>
                public Tensor square_avg = null!;
                /// <summary>Running mean of the squared deltas.</summary>
                public Tensor acc_delta = null!;

                /// <summary>The state of <paramref name="parameter"/>.</summary>
                public State(Parameter parameter) : base(parameter) { }

                /// <inheritdoc/>
                public override void Initialize(OptimizerOptions options)
                {
                    Dispose(true);
                    step = 0;
                    square_avg = NewStateTensor();
                    acc_delta = NewStateTensor();
                }

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    writer.Write(step);
                    WriteTensor(writer, square_avg);
                    WriteTensor(writer, acc_delta);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    step = reader.ReadInt64();
                    square_avg = ReadTensor(reader, square_avg, nameof(square_avg));
                    acc_delta = ReadTensor(reader, acc_delta, nameof(acc_delta));
                }
            }

            /// <summary>Adadelta's options.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Decay of the running means.</summary>
                public double? rho;
                /// <summary>Term added inside the square roots.</summary>
                public double? eps;
                /// <summary>L2 penalty.</summary>
                public double? weight_decay;
                /// <summary>Maximise the objective.</summary>
                public bool? maximize;

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    base.SaveStateDict(writer);
                    writer.Write(rho!.Value); writer.Write(eps!.Value); writer.Write(weight_decay!.Value); writer.Write(maximize!.Value);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    base.LoadStateDict(reader);
                    rho = reader.ReadDouble(); eps = reader.ReadDouble(); weight_decay = reader.ReadDouble(); maximize = reader.ReadBoolean();
                }
            }

            /// <summary>A parameter group of Adadelta.</summary>
            public class ParamGroup : ParamGroup<Options>
            {
                /// <summary>An empty group.</summary>
                public ParamGroup() { }

                /// <summary>A group of <paramref name="parameters"/> with <paramref name="options"/>.</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, Options options) : base(parameters, options) { }

                /// <summary>A group of <paramref name="parameters"/> with these options.</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, double lr = 1.0, double rho = 0.9, double eps = 1e-6, double weight_decay = 0, bool maximize = false)
                    : base(parameters, new Options { LearningRate = lr, rho = rho, eps = eps, weight_decay = weight_decay, maximize = maximize }) { }
            }
        }
    }
}
