using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>Adamax (Adam with the infinity norm; Kingma and Ba, 2014) as in PyTorch 1.13.</summary>
            /// <param name="parameters">The parameters to optimise.</param>
            /// <param name="lr">Learning rate (default 0.002).</param>
            /// <param name="beta1">Decay of the running mean of the gradient (default 0.9).</param>
            /// <param name="beta2">Decay of the running infinity norm (default 0.999).</param>
            /// <param name="eps">Term added to the norm (default 1e-8).</param>
            /// <param name="weight_decay">L2 penalty (default 0).</param>
            public static Adamax Adamax(IEnumerable<Parameter> parameters, double lr = 0.002, double beta1 = 0.9, double beta2 = 0.999,
                double eps = 1e-8, double weight_decay = 0) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay);

            /// <summary>Adamax over named parameters (<c>named_parameters()</c>); the names are not used.</summary>
            public static Adamax Adamax(IEnumerable<(string name, Parameter parameter)> parameters, double lr = 0.002, double beta1 = 0.9,
                double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0) =>
                new(Unnamed(parameters), lr, beta1, beta2, eps, weight_decay);

            /// <summary>Adamax over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public static Adamax Adamax(IEnumerable<Adamax.ParamGroup> parameters, double lr = 0.002, double beta1 = 0.9, double beta2 = 0.999,
                double eps = 1e-8, double weight_decay = 0) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay);
        }
    }

    namespace Modules
    {
        using static torch.optim;

        /// <summary>
        /// Adamax as in PyTorch 1.13: g = grad + wd·p; m = β1·m + (1−β1)·g; u = max(β2·u, |g| + ε);
        /// p −= lr/(1−β1ᵗ) · m/u.
        /// </summary>
        public class Adamax : OptimizerHelper, IBetas
        {
            /// <summary>Adamax over one group of <paramref name="parameters"/>.</summary>
            public Adamax(IEnumerable<Parameter> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0)
                : this(OneGroup<ParamGroup>(parameters), lr, beta1, beta2, eps, weight_decay) { }

            /// <summary>Adamax over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public Adamax(IEnumerable<ParamGroup> parameters, double lr = 0.002, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0)
            {
                Adam.CheckAdamArguments(lr, beta1, beta2, eps, weight_decay);
                _defaults = new Options { LearningRate = lr, InitialLearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weight_decay };
                AddParamGroups(parameters);
            }

            /// <inheritdoc/>
            public override Tensor? step(Func<Tensor>? closure = null) =>
                StepParameters<Options, State>(closure, (param, grad, o, s) =>
                {
                    double beta1 = o.beta1!.Value;
                    s.step++;
                    if (o.weight_decay != 0) grad = grad.add(param, o.weight_decay!.Value);
                    s.exp_avg.mul_(beta1).add_(grad, 1 - beta1);
                    s.exp_inf.mul_(o.beta2!.Value);
                    s.exp_inf.copy_(s.exp_inf.maximum(grad.abs().add_(o.eps!.Value)));
                    double clr = o.LearningRate!.Value / (1 - Math.Pow(beta1, s.step));
                    param.addcdiv_(s.exp_avg, s.exp_inf, -clr);
                });

            /// <inheritdoc/>
            public override void add_param_group(Modules.ParamGroup param_group) => AddParamGroup<Options>(param_group, p => new State(p));

            /// <summary>The default (beta1, beta2) (for groups added later; OneCycleLR cycles the groups' beta1).</summary>
            public (double, double) Betas
            {
                get => (((Options)_defaults).beta1!.Value, ((Options)_defaults).beta2!.Value);
                set { ((Options)_defaults).beta1 = value.Item1; ((Options)_defaults).beta2 = value.Item2; }
            }

            /// <summary>Adamax's state of one parameter.</summary>
            public sealed class State : OptimizerState, IDisposable
            {
                /// <summary>Number of steps taken.</summary>
                public long step;
                /// <summary>Running mean of the gradient.</summary>
                public Tensor exp_avg = null!;
                /// <summary>Running infinity norm of the gradient.</summary>
                public Tensor exp_inf = null!;

                /// <summary>The state of <paramref name="parameter"/>.</summary>
                public State(Parameter parameter) : base(parameter) { }

                /// <inheritdoc/>
                public override void Initialize(OptimizerOptions options)
                {
                    Dispose(true);
                    step = 0;
                    exp_avg = NewStateTensor();
                    exp_inf = NewStateTensor();
                }

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    writer.Write(step);
                    WriteTensor(writer, exp_avg);
                    WriteTensor(writer, exp_inf);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    step = reader.ReadInt64();
                    exp_avg = ReadTensor(reader, exp_avg, nameof(exp_avg));
                    exp_inf = ReadTensor(reader, exp_inf, nameof(exp_inf));
                }
            }

            /// <summary>Adamax's options.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Decay of the running mean of the gradient.</summary>
                public double? beta1;
                /// <summary>Decay of the running infinity norm.</summary>
                public double? beta2;
                /// <summary>Term added to the norm.</summary>
                public double? eps;
                /// <summary>L2 penalty.</summary>
                public double? weight_decay;

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    base.SaveStateDict(writer);
                    writer.Write(beta1!.Value); writer.Write(beta2!.Value); writer.Write(eps!.Value); writer.Write(weight_decay!.Value);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    base.LoadStateDict(reader);
                    beta1 = reader.ReadDouble(); beta2 = reader.ReadDouble(); eps = reader.ReadDouble(); weight_decay = reader.ReadDouble();
                }
            }

            /// <summary>A parameter group of Adamax.</summary>
            public class ParamGroup : ParamGroup<Options>, IBetas
            {
                /// <summary>An empty group.</summary>
                public ParamGroup() { }

                /// <summary>A group of <paramref name="parameters"/> with <paramref name="options"/>.</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, Options options) : base(parameters, options) { }

                /// <summary>A group of <paramref name="parameters"/> with these options.</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, double lr = 1.0, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0)
                    : base(parameters, new Options { LearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weight_decay }) { }

                /// <summary>The group's (beta1, beta2).</summary>
                public (double, double) Betas
                {
                    get => (Options.beta1!.Value, Options.beta2!.Value);
                    set { Options.beta1 = value.Item1; Options.beta2 = value.Item2; }
                }
            }
        }
    }
}
