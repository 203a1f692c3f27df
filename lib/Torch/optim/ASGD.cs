using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>Averaged SGD (Polyak and Juditsky, 1992) as in PyTorch 1.13.</summary>
            /// <param name="parameters">The parameters to optimise.</param>
            /// <param name="lr">Learning rate (default 1e-3).</param>
            /// <param name="lambd">Decay term (default 1e-4).</param>
            /// <param name="alpha">Power of the eta update (default 0.75).</param>
            /// <param name="t0">Step at which averaging starts (default 1e6).</param>
            /// <param name="weight_decay">L2 penalty (default 0).</param>
            /// <param name="maximize">Maximise the objective instead of minimising it.</param>
            public static ASGD ASGD(IEnumerable<Parameter> parameters, double lr = 1e-3, double lambd = 1e-4, double alpha = 0.75, double t0 = 1e6,
                double weight_decay = 0, bool maximize = false) =>
                new(parameters, lr, lambd, alpha, t0, weight_decay, maximize);

            /// <summary>ASGD over named parameters (<c>named_parameters()</c>); the names are not used.</summary>
            public static ASGD ASGD(IEnumerable<(string name, Parameter parameter)> parameters, double lr = 1e-3, double lambd = 1e-4,
                double alpha = 0.75, double t0 = 1e6, double weight_decay = 0, bool maximize = false) =>
                new(Unnamed(parameters), lr, lambd, alpha, t0, weight_decay, maximize);

            /// <summary>ASGD over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public static ASGD ASGD(IEnumerable<ParamGroup<ASGD.Options>> parameters, double lr = 1e-3, double lambd = 1e-4, double alpha = 0.75,
                double t0 = 1e6, double weight_decay = 0, bool maximize = false) =>
                new(parameters, lr, lambd, alpha, t0, weight_decay, maximize);
        }
    }

    namespace Modules
    {
        /// <summary>
        /// ASGD as in PyTorch 1.13: g = ±grad + wd·p; p ← p·(1 − λη) − η·g; the average ax follows p (ax += μ(p − ax));
        /// η = lr/(1 + λ·lr·t)^α and μ = 1/max(1, t − t0). η and μ are kept in single precision, as PyTorch's
        /// float32 state tensors, starting with η = the learning rate of the first step.
        /// </summary>
        public class ASGD : OptimizerHelper
        {
            /// <summary>ASGD over one group of <paramref name="parameters"/>.</summary>
            public ASGD(IEnumerable<Parameter> parameters, double lr = 0.01, double lambd = 1e-4, double alpha = 0.75, double t0 = 1e6,
                double weight_decay = 0, bool maximize = false)
                : this(OneGroup<ParamGroup>(parameters), lr, lambd, alpha, t0, weight_decay, maximize) { }

            /// <summary>ASGD over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public ASGD(IEnumerable<ParamGroup<Options>> parameters, double lr = 0.01, double lambd = 1e-4, double alpha = 0.75, double t0 = 1e6,
                double weight_decay = 0, bool maximize = false)
            {
                Check(lr >= 0, nameof(lr), lr, "learning rate");
                Check(weight_decay >= 0, nameof(weight_decay), weight_decay, "weight_decay value");
                _defaults = new Options
                {
                    LearningRate = lr, InitialLearningRate = lr, lambd = lambd, alpha = alpha, t0 = t0,
                    weight_decay = weight_decay, maximize = maximize,
                };
                AddParamGroups(parameters);
            }

            /// <inheritdoc/>
            public override Tensor? step(Func<Tensor>? closure = null) =>
                StepParameters<Options, State>(closure, (param, grad, o, s) =>
                {
                    double lr = o.LearningRate!.Value, lambd = o.lambd!.Value;
                    if (s.step == 0) s.eta = (float)lr;
                    s.step++;
                    if (o.maximize!.Value) grad = grad.neg();
                    if (o.weight_decay != 0) grad = grad.add(param, o.weight_decay!.Value);
                    param.mul_(1 - lambd * s.eta);
                    param.add_(grad, -s.eta);
                    if (s.mu != 1) s.ax.add_(param.sub(s.ax).mul(s.mu));
                    else s.ax.copy_(param);
                    s.eta = (float)(lr / Math.Pow(1 + lambd * lr * s.step, o.alpha!.Value));
                    s.mu = (float)(1 / Math.Max(1, s.step - o.t0!.Value));
                });

            /// <inheritdoc/>
            public override void add_param_group(Modules.ParamGroup param_group) => AddParamGroup<Options>(param_group, p => new State(p));

            /// <summary>ASGD's state of one parameter.</summary>
            public sealed class State : OptimizerState, IDisposable
            {
                /// <summary>Number of steps taken.</summary>
                public long step;
                /// <summary>The current step size η.</summary>
                public double eta;
                /// <summary>The averaging coefficient μ.</summary>
                public double mu;
                /// <summary>The averaged parameter.</summary>
                public Tensor ax = null!;

                /// <summary>The state of <paramref name="parameter"/>.</summary>
                public State(Parameter parameter) : base(parameter) { }

                /// <inheritdoc/>
                public override void Initialize(OptimizerOptions options)
                {
                    Dispose(true);
                    step = 0;
                    eta = (float)options.LearningRate!.Value;
                    mu = 1;
                    ax = NewStateTensor();
                }

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    writer.Write(step);
                    writer.Write(eta);
                    writer.Write(mu);
                    WriteTensor(writer, ax);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    step = reader.ReadInt64();
                    eta = reader.ReadDouble();
                    mu = reader.ReadDouble();
                    ax = ReadTensor(reader, ax, nameof(ax));
                }
            }

            /// <summary>ASGD's options.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Maximise the objective.</summary>
                public bool? maximize;
                /// <summary>Decay term.</summary>
                public double? lambd;
                /// <summary>Power of the eta update.</summary>
                public double? alpha;
                /// <summary>L2 penalty.</summary>
                public double? weight_decay;
                /// <summary>Step at which averaging starts.</summary>
                public double? t0;

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    base.SaveStateDict(writer);
                    writer.Write(maximize!.Value); writer.Write(lambd!.Value); writer.Write(alpha!.Value); writer.Write(weight_decay!.Value); writer.Write(t0!.Value);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    base.LoadStateDict(reader);
                    maximize = reader.ReadBoolean(); lambd = reader.ReadDouble(); alpha = reader.ReadDouble(); weight_decay = reader.ReadDouble(); t0 = reader.ReadDouble();
                }
            }

            /// <summary>A parameter group of ASGD.</summary>
            public class ParamGroup : ParamGroup<Options>
            {
                /// <summary>An empty group.</summary>
                public ParamGroup() { }

                /// <summary>A group of <paramref name="parameters"/> with <paramref name="options"/>.</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, Options options) : base(parameters, options) { }

                /// <summary>A group of <paramref name="parameters"/> with these options.</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, double lr = 0.01, double lambd = 1e-4, double alpha = 0.75, double t0 = 1e6, double weight_decay = 0)
                    : base(parameters, new Options { LearningRate = lr, lambd = lambd, alpha = alpha, t0 = t0, weight_decay = weight_decay }) { }
            }
        }
    }
}
