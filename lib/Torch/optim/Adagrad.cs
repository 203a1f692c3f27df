using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>Adagrad (Duchi et al., 2011) as in PyTorch 1.13.</summary>
            /// <param name="parameters">The parameters to optimise.</param>
            /// <param name="lr">Learning rate (default 0.01).</param>
            /// <param name="lr_decay">Learning-rate decay: step t uses lr/(1 + (t−1)·lr_decay) (default 0).</param>
            /// <param name="weight_decay">L2 penalty (default 0).</param>
            /// <param name="initial_accumulator_value">Starting value of the sum of squared gradients (default 0).</param>
            /// <param name="eps">Term added to the denominator (default 1e-10).</param>
            public static Adagrad Adagrad(IEnumerable<Parameter> parameters, double lr = 1e-2, double lr_decay = 0, double weight_decay = 0,
                double initial_accumulator_value = 0, double eps = 1e-10) =>
                new(parameters, lr, lr_decay, weight_decay, initial_accumulator_value, eps);

            /// <summary>Adagrad over named parameters (<c>named_parameters()</c>); the names are not used.</summary>
            public static Adagrad Adagrad(IEnumerable<(string name, Parameter parameter)> parameters, double lr = 1e-2, double lr_decay = 0,
                double weight_decay = 0, double initial_accumulator_value = 0, double eps = 1e-10) =>
                new(Unnamed(parameters), lr, lr_decay, weight_decay, initial_accumulator_value, eps);

            /// <summary>Adagrad over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public static Adagrad Adagrad(IEnumerable<Adagrad.ParamGroup> parameters, double lr = 1e-2, double lr_decay = 0,
                double weight_decay = 0, double initial_accumulator_value = 0, double eps = 1e-10) =>
                new(parameters, lr, lr_decay, weight_decay, initial_accumulator_value, eps);
        }
    }

    namespace Modules
    {
        /// <summary>
        /// Adagrad as in PyTorch 1.13: g = grad + wd·p; s += g²; p −= lr/(1 + (t−1)·lr_decay) · g/(√s + ε),
        /// with s starting at initial_accumulator_value.
        /// </summary>
        public class Adagrad : OptimizerHelper
        {
            /// <summary>Adagrad over one group of <paramref name="parameters"/>.</summary>
            public Adagrad(IEnumerable<Parameter> parameters, double lr = 1e-2, double lr_decay = 0, double weight_decay = 0,
                double initial_accumulator_value = 0, double eps = 1e-10)
                : this(OneGroup<ParamGroup>(parameters), lr, lr_decay, weight_decay, initial_accumulator_value, eps) { }

            /// <summary>Adagrad over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public Adagrad(IEnumerable<ParamGroup> parameters, double lr = 1e-2, double lr_decay = 0, double weight_decay = 0,
                double initial_accumulator_value = 0, double eps = 1e-10)
            {
                Check(lr >= 0, nameof(lr), lr, "learning rate");
                Check(lr_decay >= 0, nameof(lr_decay), lr_decay, "lr_decay value");
                Check(weight_decay >= 0, nameof(weight_decay), weight_decay, "weight_decay value");
                Check(initial_accumulator_value >= 0, nameof(initial_accumulator_value), initial_accumulator_value, "initial_accumulator_value");
                Check(eps >= 0, nameof(eps), eps, "epsilon value");
                _defaults = new Options
                {
                    LearningRate = lr, InitialLearningRate = lr, lr_decay = lr_decay, weight_decay = weight_decay,
                    initial_accumulator_value = initial_accumulator_value, eps = eps,
                };
                AddParamGroups(parameters);
            }

            /// <inheritdoc/>
            public override Tensor? step(Func<Tensor>? closure = null) =>
                StepParameters<Options, State>(closure, (param, grad, o, s) =>
                {
                    s.step++;
                    if (o.weight_decay != 0) grad = grad.add(param, o.weight_decay!.Value);
                    double clr = o.LearningRate!.Value / (1 + (s.step - 1) * o.lr_decay!.Value);
                    s.sum.addcmul_(grad, grad, 1);
                    var std = s.sum.sqrt().add_(o.eps!.Value);
                    param.addcdiv_(grad, std, -clr);
                });

            /// <inheritdoc/>
            public override void add_param_group(Modules.ParamGroup param_group) => AddParamGroup<Options>(param_group, p => new State(p));

            /// <summary>Adagrad's state of one parameter.</summary>
            public sealed class State : OptimizerState, IDisposable
            {
                /// <summary>Number of steps taken.</summary>
                public long step;
                /// <summary>Sum of the squared gradients.</summary>
                public Tensor sum = null!;

                /// <summary>The state of <paramref name="parameter"/>.</summary>
                public State(Parameter parameter) : base(parameter) { }

                /// <inheritdoc/>
                public override void Initialize(OptimizerOptions options)
                {
                    Dispose(true);
                    step = 0;
                    sum = NewStateTensor(((Options)options).initial_accumulator_value!.Value);
                }

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    writer.Write(step);
                    WriteTensor(writer, sum);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    step = reader.ReadInt64();
                    sum = ReadTensor(reader, sum, nameof(sum));
                }
            }

            /// <summary>Adagrad's options.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Learning-rate decay.</summary>
                public double? lr_decay;
                /// <summary>Starting value of the sum of squared gradients.</summary>
                public double? initial_accumulator_value;
                /// <summary>Term added to the denominator.</summary>
                public double? eps;
                /// <summary>L2 penalty.</summary>
                public double? weight_decay;

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    base.SaveStateDict(writer);
                    writer.Write(lr_decay!.Value); writer.Write(initial_accumulator_value!.Value); writer.Write(eps!.Value); writer.Write(weight_decay!.Value);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    base.LoadStateDict(reader);
                    lr_decay = reader.ReadDouble(); initial_accumulator_value = reader.ReadDouble(); eps = reader.ReadDouble(); weight_decay = reader.ReadDouble();
                }
            }

            /// <summary>A parameter group of Adagrad.</summary>
            public class ParamGroup : ParamGroup<Options>
            {
                /// <summary>An empty group.</summary>
                public ParamGroup() { }

                /// <summary>A group of <paramref name="parameters"/> with <paramref name="options"/>.</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, Options options) : base(parameters, options) { }

                /// <summary>A group of <paramref name="parameters"/> with these options.</summary>
                public ParamGroup(IEnumerable<Parameter> parameters, double lr = 0.01, double lr_decay = 0, double weight_decay = 0,
                    double initial_accumulator_value = 0, double eps = 1e-10)
                    : base(parameters, new Options { LearningRate = lr, lr_decay = lr_decay, weight_decay = weight_decay, initial_accumulator_value = initial_accumulator_value, eps = eps }) { }
            }
        }
    }
}
