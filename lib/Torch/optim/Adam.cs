using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>Adam (Kingma and Ba, 2014) as in PyTorch 1.13, with L2 weight decay added to the gradient.</summary>
            /// <param name="parameters">The parameters to optimise.</param>
            /// <param name="lr">Learning rate (default 1e-3).</param>
            /// <param name="beta1">Decay of the running mean of the gradient (default 0.9).</param>
            /// <param name="beta2">Decay of the running mean of its square (default 0.999).</param>
            /// <param name="eps">Term added to the denominator (default 1e-8).</param>
            /// <param name="weight_decay">L2 penalty (default 0).</param>
            /// <param name="amsgrad">Use the AMSGrad variant (the maximum of the second moments).</param>
            /// <param name="maximize">Maximise the objective instead of minimising it.</param>
            public static Modules.Adam Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
                double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);

            /// <summary>Adam over named parameters (<c>named_parameters()</c>); the names are not used.</summary>
            public static Modules.Adam Adam(IEnumerable<(string name, Parameter parameter)> parameters, double lr = 1e-3, double beta1 = 0.9,
                double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
                new(Unnamed(parameters), lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);

            /// <summary>Adam over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public static Modules.Adam Adam(IEnumerable<Modules.Adam.ParamGroup> parameters, double lr = 1e-3, double beta1 = 0.9,
                double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);
        }
    }

    namespace Modules
    {
        using static torch.optim;

        /// <summary>
        /// Adam as in PyTorch 1.13: g = ±grad + wd·p; m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g² (AMSGrad: v̂ = max(v̂, v));
        /// p −= lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε).
        /// </summary>
        public class Adam : OptimizerHelper, IBetas
        {
            /// <summary>Adam over one group of <paramref name="parameters"/>.</summary>
            public Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                double weight_decay = 0, bool amsgrad = false, bool maximize = false)
                : this(OneGroup<ParamGroup>(parameters), lr, beta1, beta2, eps, weight_decay, amsgrad, maximize) { }

            /// <summary>Adam over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public Adam(IEnumerable<ParamGroup> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                double weight_decay = 0, bool amsgrad = false, bool maximize = false)
            {
                CheckAdamArguments(lr, beta1, beta2, eps, weight_decay);
                _defaults = new Options
                {
                    LearningRate = lr, InitialLearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps,
                    weight_decay = weight_decay, amsgrad = amsgrad, maximize = maximize,
                };
                AddParamGroups(parameters);
            }

            /// <inheritdoc/>
            public override Tensor? step(Func<Tensor>? closure = null) =>
                StepParameters<Options, State>(closure, (param, grad, o, s) =>
                {
                    if (o.maximize!.Value) grad = grad.neg();
                    s.step++;
                    if (o.weight_decay != 0) grad = grad.add(param, o.weight_decay!.Value);
                    Update(param, grad, s.exp_avg, s.exp_avg_sq, s.max_exp_avg_sq, s.step, o.LearningRate!.Value, o.beta1!.Value, o.beta2!.Value, o.eps!.Value);
                });

            /// <summary>
            /// The moment updates and the step shared by Adam and AdamW (PyTorch's single-tensor code path, op for op);
            /// <paramref name="max_exp_avg_sq"/> is null unless AMSGrad.
            /// </summary>
            internal static void Update(Tensor param, Tensor grad, Tensor exp_avg, Tensor exp_avg_sq, Tensor? max_exp_avg_sq, long step,
                double lr, double beta1, double beta2, double eps)
            {
                exp_avg.mul_(beta1).add_(grad, 1 - beta1);
                exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
                double bias_correction1 = 1 - Math.Pow(beta1, step);
                double bias_correction2_sqrt = Math.Sqrt(1 - Math.Pow(beta2, step));
                var second = exp_avg_sq;
                if (max_exp_avg_sq is not null)
                {
                    max_exp_avg_sq.copy_(max_exp_avg_sq.maximum(exp_avg_sq));
                    second = max_exp_avg_sq;
                }
                var denom = (second.sqrt() / bias_correction2_sqrt).add_(eps);
                param.addcdiv_(exp_avg, denom, -(lr / bias_correction1));
            }

            /// <summary>Validates the arguments Adam and AdamW share (PyTorch's checks).</summary>
            internal static void CheckAdamArguments(double lr, double beta1, double beta2, double eps, double weight_decay)
            {
                Check(lr >= 0, nameof(lr), lr, "learning rate");
                Check(eps >= 0, nameof(eps), eps, "epsilon value");
                Check(beta1 >= 0 && beta1 < 1, nameof(beta1), beta1, "beta parameter at index 0");
                Check(beta2 >= 0 && beta2 < 1, nameof(beta2), beta2, "beta parameter at index 1");
                Check(weight_decay >= 0, nameof(weight_decay), weight_decay, "weight_decay value");
            }

            /// <inheritdoc/>
            public override void add_param_group(Modules.ParamGroup param_group) => AddParamGroup<Options>(param_group, p => new State(p));

            /// <summary>The default (beta1, beta2) (for groups added later; OneCycleLR cycles the groups' beta1).</summary>
            public (double, double) Betas
            {
                get => (((Options)_defaults).beta1!.Value, ((Options)_defaults).beta2!.Value);
                set { ((Options)_defaults).beta1 = value.Item1; ((Options)_defaults).beta2 = value.Item2; }
            }

            /// <summary>Adam's state of one parameter.</summary>
            public sealed class State : OptimizerState, IDisposable
            {
                /// <summary>Number of steps taken.</summary>
                public long step;
                /// <summary>Running mean of the gradient.</summary>
                public Tensor exp_avg = null!;
                /// <summary>Running mean of the squared gradient.</summary>
                public Tensor exp_avg_sq = null!;
                /// <summary>Maximum of <see cref="exp_avg_sq"/> so far (AMSGrad only, else null).</summary>
                public Tensor? max_exp_avg_sq;

                /// <summary>The state of <paramref name="parameter"/>.</summary>
                public State(Parameter parameter) : base(parameter) { }

                /// <inheritdoc/>
                public override void Initialize(OptimizerOptions options)
                {
                    Dispose(true);
                    step = 0;
                    exp_avg = NewStateTensor();
                    exp_avg_sq = NewStateTensor();
                    max_exp_avg_sq = ((Options)options).amsgrad == true ? NewStateTensor() : null;
                }

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    writer.Write(step);
                    WriteTensor(writer, exp_avg);
                    WriteTensor(writer, exp_avg_sq);
                    WriteOptionalTensor(writer, max_exp_avg_sq);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    step = reader.ReadInt64();
                    exp_avg = ReadTensor(reader, exp_avg, nameof(exp_avg));
                    exp_avg_sq = ReadTensor(reader, exp_avg_sq, nameof(exp_avg_sq));
                    max_exp_avg_sq = ReadOptionalTensor(reader, max_exp_avg_sq, nameof(max_exp_avg_sq));
                }
            }

            /// <summary>Adam's options.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Decay of the running mean of the gradient.</summary>
                public double? beta1;
                /// <summary>Decay of the running mean of its square.</summary>
                public double? beta2;
                /// <summary>L2 penalty.</summary>
                public double? weight_decay;
                /// <summary>Term added to the denominator.</summary>
                public double? eps;
                /// <summary>AMSGrad variant.</summary>
                public bool? amsgrad;
                /// <summary>Maximise the objective.</summary>
                public bool? maximize;

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    base.SaveStateDict(writer);
                    writer.Write(beta1!.Value); writer.Write(beta2!.Value); writer.Write(eps!.Value); writer.Write(weight_decay!.Value);
                    writer.Write(amsgrad!.Value); writer.Write(maximize!.Value);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    base.LoadStateDict(reader);
                    beta1 = reader.ReadDouble(); beta2 = reader.ReadDouble(); eps = reader.ReadDouble(); weight_decay = reader.ReadDouble();
                    amsgrad = reader.ReadBoolean(); maximize = reader.ReadBoolean();
                }
            }

            /// <summary>A parameter group of Adam.</summary>
            public class ParamGroup : ParamGroup<Options>, IBetas
            {
                /// <summary>An empty group.</summary>
                public ParamGroup() { }

                /// <summary>A group of <paramref name="parameters"/> with <paramref name="options"/>.</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, Options options) : base(parameters, options) { }

                /// <summary>A group of <paramref name="parameters"/> with these options.</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                    double weight_decay = 0, bool amsgrad = false, bool maximize = false)
                    : base(parameters, new Options { LearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps, weight_decay = weight_decay, amsgrad = amsgrad, maximize = maximize }) { }

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
