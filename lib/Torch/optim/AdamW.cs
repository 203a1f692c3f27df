using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>
            /// AdamW (Loshchilov and Hutter, 2019) as in PyTorch 1.13: Adam with decoupled weight decay. The default
            /// weight_decay is TorchSharp's 0 (PyTorch's is 1e-2).
            /// </summary>
            /// <param name="parameters">The parameters to optimise.</param>
            /// <param name="lr">Learning rate (default 1e-3).</param>
            /// <param name="beta1">Decay of the running mean of the gradient (default 0.9).</param>
            /// <param name="beta2">Decay of the running mean of its square (default 0.999).</param>
            /// <param name="eps">Term added to the denominator (default 1e-8).</param>
            /// <param name="weight_decay">Decoupled weight decay: p ← p·(1 − lr·wd) each step (default 0).</param>
            /// <param name="amsgrad">Use the AMSGrad variant (the maximum of the second moments).</param>
            /// <param name="maximize">Maximise the objective instead of minimising it.</param>
            public static Modules.AdamW AdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
                double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);

            /// <summary>AdamW over named parameters (<c>named_parameters()</c>); the names are not used.</summary>
            public static Modules.AdamW AdamW(IEnumerable<(string name, Parameter parameter)> parameters, double lr = 1e-3, double beta1 = 0.9,
                double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
                new(Unnamed(parameters), lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);

            /// <summary>AdamW over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public static Modules.AdamW AdamW(IEnumerable<Modules.AdamW.ParamGroup> parameters, double lr = 1e-3, double beta1 = 0.9,
                double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
                new(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize);
        }
    }

    namespace Modules
    {
        /// <summary>
        /// AdamW as in PyTorch 1.13: p ← p·(1 − lr·wd), then Adam's update without weight decay in the gradient. Its
        /// options, state and parameter groups are Adam's (<c>AdamW.Options</c> is <c>Adam.Options</c>).
        /// </summary>
        public class AdamW : Adam
        {
            /// <summary>AdamW over one group of <paramref name="parameters"/>.</summary>
            public AdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                double weight_decay = 0, bool amsgrad = false, bool maximize = false)
                : base(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize) { }

            /// <summary>AdamW over parameter groups; the arguments are the defaults for options a group leaves unset.</summary>
            public AdamW(IEnumerable<ParamGroup> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
                double weight_decay = 0, bool amsgrad = false, bool maximize = false)
                : base(parameters, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize) { }

            /// <inheritdoc/>
            public override Tensor? step(Func<Tensor>? closure = null) =>
                StepParameters<Options, State>(closure, (param, grad, o, s) =>
                {
                    if (o.maximize!.Value) grad = grad.neg();
                    s.step++;
                    double lr = o.LearningRate!.Value;
                    param.mul_(1 - lr * o.weight_decay!.Value);
                    Update(param, grad, s.exp_avg, s.exp_avg_sq, s.max_exp_avg_sq, s.step, lr, o.beta1!.Value, o.beta2!.Value, o.eps!.Value);
                });
        }
    }
}
