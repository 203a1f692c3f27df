using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>RAdam (rectified Adam; Liu et al., 2019) as in PyTorch 1.13.</summary>
            /// <param name="parameters">The parameters to optimise.</param>
            /// <param name="lr">Learning rate (default 0.002).</param>
            /// <param name="beta1">Decay of the running mean of the gradient (default 0.9).</param>
            /// <param name="beta2">Decay of the running mean of its square (default 0.999).</param>
            /// <param name="eps">Term added to the denominator (default 1e-8).</param>
            /// <param name="weight_decay">L2 penalty (default 0).</param>
            public static RAdam RAdam(IEnumerable<Parameter> parameters, double lr = 0.002, double beta1 = 0.9, double beta2 = 0.999,
                double eps = 1e-8, double weight_decay = 0) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay);

            /// <summary>RAdam over named parameters (<c>named_parameters()</c>); the names are not used.</summary>
            public static RAdam RAdam(IEnumerable<(string name, Parameter parameter)> parameters, double lr = 0.002, double beta1 = 0.9,
                double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0) =>
                new(Unnamed(parameters), lr, beta1, beta2, eps, weight_decay);

            /// <summary>RAdam over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public static RAdam RAdam(IEnumerable<RAdam.ParamGroup> parameters, double lr = 0.002, double beta1 = 0.9, double beta2 = 0.999,
                double eps = 1e-8, double weight_decay = 0) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay);
        }
    }

    namespace Modules
    {
        using static torch.optim;

        /// <summary>
        /// RAdam as in PyTorch 1.13: Adam's moments; with ρ∞ = 2/(1−β2) − 1 and ρₜ = ρ∞ − 2tβ2ᵗ/(1−β2ᵗ), the step is
        /// lr·m̂·r·√(1−β2ᵗ)/(√v + ε) when ρₜ &gt; 5 (r the variance rectification), else lr·m̂ (m̂ = m/(1−β1ᵗ)).
        /// </summary>
        public class RAdam : OptimizerHelper, IBetas
        {
            /// <summary>RAdam over one group of <paramref name="parameters"/>.</summary>
            public RAdam(IEnumerable<Parameter> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0)
                : this(OneGroup<ParamGroup>(parameters), lr, beta1, beta2, eps, weight_decay) { }

            /// <summary>RAdam over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public RAdam(IEnumerable<ParamGroup> parameters, double lr = 0.002, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0)
            {
                Adam.CheckAdamArguments(lr, beta1, beta2, eps, weight_decay);
                _defaults = new Options { LearningRate = lr, InitialLearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weight_decay };
                AddParamGroups(parameters);
            }

            /// <inheritdoc/>
            public override Tensor? step(Func<Tensor>? closure = null) =>
                StepParameters<Options, State>(closure, (param, grad, o, s) =>
                {
                    double beta1 = o.beta1!.Value, beta2 = o.beta2!.Value, lr = o.LearningRate!.Value;
                    s.step++;
                    double bias_correction1 = 1 - Math.Pow(beta1, s.step);
                    double bias_correction2 = 1 - Math.Pow(beta2, s.step);
                    if (o.weight_decay != 0) grad = grad.add(param, o.weight_decay!.Value);
                    s.exp_avg.mul_(beta1).add_(grad, 1 - beta1);
                    s.exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
                    var bias_corrected_exp_avg = s.exp_avg / bias_correction1;
                    double rho_inf = 2 / (1 - beta2) - 1;
                    double rho_t = rho_inf - 2 * s.step * Math.Pow(beta2, s.step) / bias_correction2;
                    if (rho_t > 5.0)
                    {
                        double rect = Math.Sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t));
                        // PyTorch's scalar / tensor is reciprocal() * scalar.
                        var adaptive_lr = s.exp_avg_sq.sqrt().add_(o.eps!.Value).reciprocal().mul(Math.Sqrt(bias_correction2));
                        param.add_(bias_corrected_exp_avg.mul(lr).mul(adaptive_lr).mul(rect), -1.0);
                    }
                    else param.add_(bias_corrected_exp_avg.mul(lr), -1.0);
                });

            /// <inheritdoc/>
            public override void add_param_group(Modules.ParamGroup param_group) => AddParamGroup<Options>(param_group, p => new State(p));

            /// <summary>The default (beta1, beta2) (for groups added later; OneCycleLR cycles the groups' beta1).</summary>
            public (double, double) Betas
            {
                get => (((Options)_defaults).beta1!.Value, ((Options)_defaults).beta2!.Value);
                set { ((Options)_defaults).beta1 = value.Item1; ((Options)_defaults).beta2 = value.Item2; }
            }

            /// <summary>RAdam's state of one parameter.</summary>
            public sealed class State : OptimizerState, IDisposable
            {
                /// <summary>Number of steps taken.</summary>
                public long step;
                /// <summary>Running mean of the gradient.</summary>
                public Tensor exp_avg = null!;
                /// <summary>Running mean of the squared gradient.</summary>
                public Tensor exp_avg_sq = null!;

                /// <summary>The state of <paramref name="parameter"/>.</summary>
                public State(Parameter parameter) : base(parameter) { }

                /// <inheritdoc/>
                public override void Initialize(OptimizerOptions options)
                {
                    Dispose(true);
                    step = 0;
                    exp_avg = NewStateTensor();
                    exp_avg_sq = NewStateTensor();
                }

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    writer.Write(step);
                    WriteTensor(writer, exp_avg);
                    WriteTensor(writer, exp_avg_sq);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    step = reader.ReadInt64();
                    exp_avg = ReadTensor(reader, exp_avg, nameof(exp_avg));
                    exp_avg_sq = ReadTensor(reader, exp_avg_sq, nameof(exp_avg_sq));
                }
            }

            /// <summary>RAdam's options.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Decay of the running mean of the gradient.</summary>
                public double? beta1;
                /// <summary>Decay of the running mean of its square.</summary>
                public double? beta2;
                /// <summary>Term added to the denominator.</summary>
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

            /// <summary>A parameter group of RAdam.</summary>
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
