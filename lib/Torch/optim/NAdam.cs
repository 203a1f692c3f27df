using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>NAdam (Adam with Nesterov momentum; Dozat, 2016) as in PyTorch 1.13.</summary>
            /// <param name="named_parameters">The parameters to optimise.</param>
            /// <param name="lr">Learning rate (default 0.002).</param>
            /// <param name="beta1">Decay of the running mean of the gradient (default 0.9).</param>
            /// <param name="beta2">Decay of the running mean of its square (default 0.999).</param>
            /// <param name="eps">Term added to the denominator (default 1e-8).</param>
            /// <param name="weight_decay">L2 penalty (default 0).</param>
            /// <param name="momentum_decay">Momentum decay ψ (default 4e-3).</param>
            public static NAdam NAdam(IEnumerable<Parameter> named_parameters, double lr = 0.002, double beta1 = 0.9, double beta2 = 0.999,
                double eps = 1e-8, double weight_decay = 0, double momentum_decay = 4e-3) =>
                new(named_parameters, lr, beta1, beta2, eps, weight_decay, momentum_decay);

            /// <summary>NAdam over named parameters (<c>named_parameters()</c>); the names are not used.</summary>
            public static NAdam NAdam(IEnumerable<(string name, Parameter parameter)> named_parameters, double lr = 0.002, double beta1 = 0.9,
                double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, double momentum_decay = 4e-3) =>
                new(Unnamed(named_parameters), lr, beta1, beta2, eps, weight_decay, momentum_decay);

            /// <summary>NAdam over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public static NAdam NAdam(IEnumerable<NAdam.ParamGroup> parameters, double lr = 0.002, double beta1 = 0.9, double beta2 = 0.999,
                double eps = 1e-8, double weight_decay = 0, double momentum_decay = 4e-3) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay, momentum_decay);
        }
    }

    namespace Modules
    {
        using static torch.optim;

        /// <summary>
        /// NAdam as in PyTorch 1.13: μₜ = β1(1 − ½·0.96^(t·ψ)), Πμ = μ₁⋯μₜ; Adam's moments; with d = √(v/(1−β2ᵗ)) + ε,
        /// p −= lr(1−μₜ)/(1−Πμ) · g/d + lr·μₜ₊₁/(1−Πμ·μₜ·μₜ₊₁) · m/d. Πμ is kept in single precision, as PyTorch's float32
        /// state tensor. (PyTorch 2 and TorchSharp use 1−Πμ·μₜ₊₁ in the second denominator, so their numbers differ slightly.)
        /// </summary>
        public class NAdam : OptimizerHelper, IBetas
        {
            /// <summary>NAdam over one group of <paramref name="parameters"/>.</summary>
            public NAdam(IEnumerable<Parameter> parameters, double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0,
                double momentum_decay = 4e-3)
                : this(OneGroup<ParamGroup>(parameters), lr, beta1, beta2, eps, weight_decay, momentum_decay) { }

            /// <summary>NAdam over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public NAdam(IEnumerable<ParamGroup> parameters, double lr = 0.002, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                double weight_decay = 0, double momentum_decay = 4e-3)
            {
                Adam.CheckAdamArguments(lr, beta1, beta2, eps, weight_decay);
                Check(momentum_decay >= 0, nameof(momentum_decay), momentum_decay, "momentum_decay value");
                _defaults = new Options
                {
                    LearningRate = lr, InitialLearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps,
                    weight_decay = weight_decay, momentum_decay = momentum_decay,
                };
                AddParamGroups(parameters);
            }

            /// <inheritdoc/>
            public override Tensor? step(Func<Tensor>? closure = null) =>
                StepParameters<Options, State>(closure, (param, grad, o, s) =>
                {
                    double beta1 = o.beta1!.Value, beta2 = o.beta2!.Value, psi = o.momentum_decay!.Value, lr = o.LearningRate!.Value;
                    s.step++;
                    double bias_correction2 = 1 - Math.Pow(beta2, s.step);
                    if (o.weight_decay != 0) grad = grad.add(param, o.weight_decay!.Value);
                    double mu = beta1 * (1.0 - 0.5 * Math.Pow(0.96, s.step * psi));
                    double mu_next = beta1 * (1.0 - 0.5 * Math.Pow(0.96, (s.step + 1) * psi));
                    float mu_product = (float)s.mu_product * (float)mu;
                    float mu_product_next = mu_product * (float)mu * (float)mu_next;
                    s.mu_product = mu_product;
                    s.exp_avg.mul_(beta1).add_(grad, 1 - beta1);
                    s.exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
                    var denom = s.exp_avg_sq.div(bias_correction2).sqrt().add_(o.eps!.Value);
                    param.addcdiv_(grad, denom, -lr * (1.0 - mu) / (1.0 - mu_product));
                    param.addcdiv_(s.exp_avg, denom, -lr * mu_next / (1.0 - mu_product_next));
                });

            /// <inheritdoc/>
            public override void add_param_group(Modules.ParamGroup param_group) => AddParamGroup<Options>(param_group, p => new State(p));

            /// <summary>The default (beta1, beta2) (for groups added later; OneCycleLR cycles the groups' beta1).</summary>
            public (double, double) Betas
            {
                get => (((Options)_defaults).beta1!.Value, ((Options)_defaults).beta2!.Value);
                set { ((Options)_defaults).beta1 = value.Item1; ((Options)_defaults).beta2 = value.Item2; }
            }

            /// <summary>NAdam's state of one parameter.</summary>
            public sealed class State : OptimizerState, IDisposable
            {
                /// <summary>Number of steps taken.</summary>
                public long step;
                /// <summary>Product of the momentum coefficients μ₁…μₜ.</summary>
                public double mu_product;
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
                    mu_product = 1;
                    exp_avg = NewStateTensor();
                    exp_avg_sq = NewStateTensor();
                }

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    writer.Write(step);
                    writer.Write(mu_product);
                    WriteTensor(writer, exp_avg);
                    WriteTensor(writer, exp_avg_sq);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    step = reader.ReadInt64();
                    mu_product = reader.ReadDouble();
                    exp_avg = ReadTensor(reader, exp_avg, nameof(exp_avg));
                    exp_avg_sq = ReadTensor(reader, exp_avg_sq, nameof(exp_avg_sq));
                }
            }

            /// <summary>NAdam's options.</summary>
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
                /// <summary>Momentum decay ψ.</summary>
                public double? momentum_decay;

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    base.SaveStateDict(writer);
                    writer.Write(beta1!.Value); writer.Write(beta2!.Value); writer.Write(eps!.Value); writer.Write(weight_decay!.Value);
                    writer.Write(momentum_decay!.Value);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    base.LoadStateDict(reader);
                    beta1 = reader.ReadDouble(); beta2 = reader.ReadDouble(); eps = reader.ReadDouble(); weight_decay = reader.ReadDouble();
                    momentum_decay = reader.ReadDouble();
                }
            }

            /// <summary>A parameter group of NAdam.</summary>
            public class ParamGroup : ParamGroup<Options>, IBetas
            {
                /// <summary>An empty group.</summary>
                public ParamGroup() { }

                /// <summary>A group of <paramref name="parameters"/> with <paramref name="options"/>.</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, Options options) : base(parameters, options) { }

                /// <summary>A group of <paramref name="parameters"/> with these options.</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, double lr = 1.0, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                    double weight_decay = 0, double momentum_decay = 4e-3)
                    : base(parameters, new Options { LearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weight_decay, momentum_decay = momentum_decay }) { }

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
