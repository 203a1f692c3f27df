using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>RMSprop (Hinton's lecture 6.5) as in PyTorch 1.13's <c>RMSprop</c>, optionally centered and with momentum.</summary>
            /// <param name="parameters">The parameters to optimise.</param>
            /// <param name="lr">Learning rate (default 0.01).</param>
            /// <param name="alpha">Smoothing constant of the running mean of the squared gradient (default 0.99).</param>
            /// <param name="eps">Term added to the denominator (default 1e-8).</param>
            /// <param name="weight_decay">L2 penalty (default 0).</param>
            /// <param name="momentum">Momentum factor (default 0).</param>
            /// <param name="centered">Normalise by the estimated variance of the gradient instead of its second moment.</param>
            /// <param name="maximize">Maximise the objective instead of minimising it.</param>
            public static RMSProp RMSProp(IEnumerable<Parameter> parameters, double lr = 0.01, double alpha = 0.99, double eps = 1e-8,
                double weight_decay = 0, double momentum = 0, bool centered = false, bool maximize = false) =>
                new(parameters, lr, alpha, eps, weight_decay, momentum, centered, maximize);

            /// <summary>RMSprop over named parameters (<c>named_parameters()</c>); the names are not used.</summary>
            public static RMSProp RMSProp(IEnumerable<(string name, Parameter parameter)> parameters, double lr = 0.01, double alpha = 0.99,
                double eps = 1e-8, double weight_decay = 0, double momentum = 0, bool centered = false, bool maximize = false) =>
                new(Unnamed(parameters), lr, alpha, eps, weight_decay, momentum, centered, maximize);

            /// <summary>RMSprop over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public static RMSProp RMSProp(IEnumerable<RMSProp.ParamGroup> parameters, double lr = 0.01, double alpha = 0.99, double eps = 1e-8,
                double weight_decay = 0, double momentum = 0, bool centered = false, bool maximize = false) =>
                new(parameters, lr, alpha, eps, weight_decay, momentum, centered, maximize);
        }
    }

    namespace Modules
    {
        using static torch.optim;

        /// <summary>
        /// RMSprop as in PyTorch 1.13: g = ±grad + wd·p; v = α·v + (1−α)·g²; with centered, m = α·m + (1−α)·g and
        /// a = √(v − m²) + ε, else a = √v + ε; with momentum μ, buf = μ·buf + g/a and p −= lr·buf, else p −= lr·g/a.
        /// </summary>
        public class RMSProp : OptimizerHelper, IMomentum
        {
            /// <summary>RMSprop over one group of <paramref name="parameters"/>.</summary>
            public RMSProp(IEnumerable<Parameter> parameters, double lr = 1e-3, double alpha = 0.99, double eps = 1e-8, double weight_decay = 0,
                double momentum = 0.0, bool centered = false, bool maximize = false)
                : this(OneGroup<ParamGroup>(parameters), lr, alpha, eps, weight_decay, momentum, centered, maximize) { }

            /// <summary>RMSprop over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public RMSProp(IEnumerable<ParamGroup> parameters, double lr = 1e-3, double alpha = 0.99, double eps = 1e-8, double weight_decay = 0,
                double momentum = 0.0, bool centered = false, bool maximize = false)
            {
                Check(lr >= 0, nameof(lr), lr, "learning rate");
                Check(eps >= 0, nameof(eps), eps, "epsilon value");
                Check(momentum >= 0, nameof(momentum), momentum, "momentum value");
                Check(weight_decay >= 0, nameof(weight_decay), weight_decay, "weight_decay value");
                Check(alpha >= 0, nameof(alpha), alpha, "alpha value");
                _defaults = new Options
                {
                    LearningRate = lr, InitialLearningRate = lr, alpha = alpha, eps = eps, weight_decay = weight_decay,
                    momentum = momentum, centered = centered, maximize = maximize,
                };
                AddParamGroups(parameters);
            }

            /// <inheritdoc/>
            public override Tensor? step(Func<Tensor>? closure = null) =>
                StepParameters<Options, State>(closure, (param, grad, o, s) =>
                {
                    double alpha = o.alpha!.Value, momentum = o.momentum!.Value, lr = o.LearningRate!.Value;
                    if (o.maximize!.Value) grad = grad.neg();
                    s.step++;
                    if (o.weight_decay != 0) grad = grad.add(param, o.weight_decay!.Value);
                    s.square_avg.mul_(alpha).addcmul_(grad, grad, 1 - alpha);
                    Tensor avg;
                    if (o.centered!.Value)
                    {
                        s.grad_avg ??= s.NewStateTensor();
                        s.grad_avg.mul_(alpha).add_(grad, 1 - alpha);
                        avg = s.square_avg.clone().addcmul_(s.grad_avg, s.grad_avg, -1).sqrt_();
                    }
                    else avg = s.square_avg.sqrt();
                    avg.add_(o.eps!.Value);
                    if (momentum > 0)
                    {
                        s.momentum_buffer ??= s.NewStateTensor();
                        s.momentum_buffer.mul_(momentum).addcdiv_(grad, avg);
                        param.add_(s.momentum_buffer, -lr);
                    }
                    else param.addcdiv_(grad, avg, -lr);
                });

            /// <inheritdoc/>
            public override void add_param_group(Modules.ParamGroup param_group) => AddParamGroup<Options>(param_group, p => new State(p));

            /// <summary>The default momentum (for groups added later; CyclicLR/OneCycleLR use the groups').</summary>
            public double Momentum { get => ((Options)_defaults).momentum!.Value; set => ((Options)_defaults).momentum = value; }

            /// <summary>RMSprop's state of one parameter.</summary>
            public sealed class State : OptimizerState, IDisposable
            {
                /// <summary>Number of steps taken.</summary>
                public long step;
                /// <summary>Running mean of the squared gradient.</summary>
                public Tensor square_avg = null!;
                /// <summary>Momentum buffer (null without momentum).</summary>
                public Tensor? momentum_buffer;
                /// <summary>Running mean of the gradient (null unless centered).</summary>
                public Tensor? grad_avg;

                /// <summary>The state of <paramref name="parameter"/>.</summary>
                public State(Parameter parameter) : base(parameter) { }

                /// <inheritdoc/>
                public override void Initialize(OptimizerOptions options)
                {
                    Dispose(true);
                    var o = (Options)options;
                    step = 0;
                    square_avg = NewStateTensor();
                    momentum_buffer = o.momentum > 0 ? NewStateTensor() : null;
                    grad_avg = o.centered == true ? NewStateTensor() : null;
                }

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    writer.Write(step);
                    WriteTensor(writer, square_avg);
                    WriteOptionalTensor(writer, momentum_buffer);
                    WriteOptionalTensor(writer, grad_avg);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    step = reader.ReadInt64();
                    square_avg = ReadTensor(reader, square_avg, nameof(square_avg));
                    momentum_buffer = ReadOptionalTensor(reader, momentum_buffer, nameof(momentum_buffer));
                    grad_avg = ReadOptionalTensor(reader, grad_avg, nameof(grad_avg));
                }
            }

            /// <summary>RMSprop's options.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Maximise the objective.</summary>
                public bool? maximize;
                /// <summary>Momentum factor.</summary>
                public double? momentum;
                /// <summary>Smoothing constant.</summary>
                public double? alpha;
                /// <summary>Term added to the denominator.</summary>
                public double? eps;
                /// <summary>L2 penalty.</summary>
                public double? weight_decay;
                /// <summary>Centered RMSprop.</summary>
                public bool? centered;

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    base.SaveStateDict(writer);
                    writer.Write(maximize!.Value); writer.Write(momentum!.Value); writer.Write(alpha!.Value); writer.Write(eps!.Value);
                    writer.Write(weight_decay!.Value); writer.Write(centered!.Value);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    base.LoadStateDict(reader);
                    maximize = reader.ReadBoolean(); momentum = reader.ReadDouble(); alpha = reader.ReadDouble(); eps = reader.ReadDouble();
                    weight_decay = reader.ReadDouble(); centered = reader.ReadBoolean();
                }
            }

            /// <summary>A parameter group of RMSprop.</summary>
            public class ParamGroup : ParamGroup<Options>, IMomentum
            {
                /// <summary>An empty group.</summary>
                public ParamGroup() { }

                /// <summary>A group of <paramref name="parameters"/> with <paramref name="options"/>.</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, Options options) : base(parameters, options) { }

                /// <summary>A group of <paramref name="parameters"/> with these options (note TorchSharp's order: eps before alpha).</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, double lr = 1e-3, double eps = 1e-8, double alpha = 0.99, double weight_decay = 0,
                    double momentum = 0.0, bool centered = false)
                    : base(parameters, new Options { LearningRate = lr, eps = eps, alpha = alpha, weight_decay = weight_decay, momentum = momentum, centered = centered }) { }

                /// <summary>The group's momentum.</summary>
                public double Momentum { get => Options.momentum!.Value; set => Options.momentum = value; }
            }
        }
    }
}
