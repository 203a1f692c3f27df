using TorchSharp.Modules;

namespace TorchSharp;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>A linear layer with the given <paramref name="weight"/> (out, in) and optional <paramref name="bias"/> (out).</summary>
        public static Modules.Linear Linear(Parameter weight, Parameter? bias = null)
        {
            if (weight.dim() != 2) throw new ArgumentException($"Linear: weight must be 2-D (out, in), got shape {Tensor.Shape(weight)}.", nameof(weight));
            if (bias is not null && (bias.dim() != 1 || bias.shape[0] != weight.shape[0]))
                throw new ArgumentException($"Linear: bias must have shape [{weight.shape[0]}], got {Tensor.Shape(bias)}.", nameof(bias));
            var lin = new Modules.Linear(weight.shape[1], weight.shape[0], bias is not null, weight.device, weight.dtype);
            lin.weight.Dispose();
            lin.weight = weight;
            if (bias is not null) { lin.bias!.Dispose(); lin.bias = bias; }
            return lin;
        }

        /// <summary>Helpers on parameters and gradients (PyTorch's <c>torch.nn.utils</c>).</summary>
        public static partial class utils
        {
            /// <summary>
            /// Scales the gradients of <paramref name="tensors"/> in place so that their total <paramref name="norm_type"/>-norm
            /// (the norm of the per-tensor norms; ∞ for the largest magnitude) is at most <paramref name="max_norm"/>, by
            /// max_norm / (total + 1e-6) when that is below 1. Returns the total norm before clipping.
            /// </summary>
            public static double clip_grad_norm_(IEnumerable<Parameter> tensors, double max_norm, double norm_type = 2.0)
            {
                if (!(norm_type > 0)) throw new ArgumentOutOfRangeException(nameof(norm_type), norm_type, "clip_grad_norm_: norm_type must be positive.");
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var grads = tensors.Select(p => p.grad).OfType<Tensor>().ToList();
                if (grads.Count == 0) return 0;
                // linalg_vector_norm with ord = ∞ is the largest magnitude, as clip_grad_norm_ wants.
                var norms = stack(grads.Select(g => Ops.Tensor("aten::linalg_vector_norm", g.to(ScalarType.Float64), norm_type)).ToList());
                double total = Ops.Tensor("aten::linalg_vector_norm", norms, norm_type).item<double>();
                double coef = max_norm / (total + 1e-6);
                if (coef < 1) foreach (var g in grads) g.mul_(coef);
                return total;
            }

            /// <summary>Clamps every gradient of <paramref name="tensors"/> to [−clip_value, clip_value], in place.</summary>
            public static void clip_grad_value_(IEnumerable<Parameter> tensors, double clip_value)
            {
                using var _ = no_grad();
                foreach (var p in tensors)
                {
                    using var g = p.grad;
                    g?.clamp_(-clip_value, clip_value);
                }
            }

            /// <summary>All of <paramref name="tensors"/> flattened and concatenated into one vector (differentiable).</summary>
            public static Tensor parameters_to_vector(IEnumerable<Parameter> tensors)
            {
                using var scope = NewDisposeScope();
                return cat(tensors.Select(p => p.reshape(-1)).ToList()).MoveToOuterDisposeScope();
            }

            /// <summary>Copies consecutive slices of the vector <paramref name="vec"/> into <paramref name="tensors"/>, in place.</summary>
            public static void vector_to_parameters(Tensor vec, IEnumerable<Parameter> tensors)
            {
                var ps = tensors.ToList();
                long total = ps.Sum(p => p.numel());
                if (vec.dim() != 1 || vec.shape[0] != total)
                    throw new ArgumentException($"vector_to_parameters: expected a vector of {total} elements (the parameters' total), got shape {Tensor.Shape(vec)}.", nameof(vec));
                using var _ = no_grad();
                long offset = 0;
                foreach (var p in ps)
                {
                    using var piece = vec.narrow(0, offset, p.numel());
                    using var shaped = piece.view(p.shape);
                    p.copy_(shaped);
                    offset += p.numel();
                }
            }

            /// <summary>
            /// The weight and bias of a convolution followed by batch norm in eval mode, folded into one convolution:
            /// w·γ/√(var+ε) per output channel (the second dimension with <paramref name="transpose"/>) and
            /// (b − mean)·γ/√(var+ε) + β.
            /// </summary>
            public static (Parameter weight, Parameter bias) fuse_conv_bn_weights(Tensor conv_w, Tensor? conv_b, Tensor bn_rm, Tensor bn_rv,
                double bn_eps, Tensor? bn_w, Tensor? bn_b, bool transpose = false)
            {
                using var scope = NewDisposeScope();
                var b = conv_b ?? zeros_like(bn_rm);
                var scale = (bn_w ?? ones_like(bn_rm)) * (bn_rv + bn_eps).rsqrt();
                var shape = conv_w.shape.Select(_ => 1L).ToArray();
                shape[transpose ? 1 : 0] = -1;
                var w = (conv_w * scale.reshape(shape)).to(conv_w.dtype);
                var fusedB = ((b - bn_rm) * scale + (bn_b ?? zeros_like(bn_rm))).to(conv_b?.dtype ?? conv_w.dtype);
                var result = (new Parameter(w.detach(), conv_w.requires_grad), new Parameter(fusedB.detach(), conv_b?.requires_grad ?? false));
                result.Item1.DetachFromDisposeScope(); result.Item2.DetachFromDisposeScope();
                return result;
            }

            /// <summary>
            /// The weight and bias of a linear layer followed by batch norm in eval mode, folded into one linear layer:
            /// w·γ/√(var+ε) per output row and (b − mean)·γ/√(var+ε) + β.
            /// </summary>
            public static (Parameter weight, Parameter bias) fuse_linear_bn_weights(Tensor linear_w, Tensor? linear_b, Tensor bn_rm, Tensor bn_rv,
                double bn_eps, Tensor bn_w, Tensor bn_b)
            {
                using var scope = NewDisposeScope();
                var b = linear_b ?? zeros_like(bn_rm);
                var scale = bn_w * (bn_rv + bn_eps).rsqrt();
                var w = linear_w * scale.unsqueeze(-1);
                var fusedB = (b - bn_rm) * scale + bn_b;
                var result = (new Parameter(w.detach(), linear_w.requires_grad), new Parameter(fusedB.detach(), linear_b?.requires_grad ?? false));
                result.Item1.DetachFromDisposeScope(); result.Item2.DetachFromDisposeScope();
                return result;
            }

            /// <summary>One linear layer computing <paramref name="bn"/>(<paramref name="linear"/>(x)); both must be in eval mode.</summary>
            public static Modules.Linear fuse_linear_bn_eval(Modules.Linear linear, BatchNorm bn)
            {
                CheckFusable(linear, bn);
                var (w, b) = fuse_linear_bn_weights(linear.weight, linear.bias, bn.running_mean!, bn.running_var!, bn.eps,
                    bn.weight ?? ones_like(bn.running_mean!), bn.bias ?? zeros_like(bn.running_mean!));
                return Linear(w, b);
            }

            /// <summary>One convolution computing <paramref name="bn"/>(<paramref name="conv"/>(x)); both must be in eval mode.</summary>
            public static Conv2d fuse_conv_bn_eval(Conv2d conv, BatchNorm bn)
            {
                CheckFusable(conv, bn);
                var (w, b) = fuse_conv_bn_weights(conv.weight, conv.bias, bn.running_mean!, bn.running_var!, bn.eps, bn.weight, bn.bias);
                var fused = new Conv2d(conv.in_channels, conv.out_channels, conv.kernel_size, conv.stride, conv.padding, conv.dilation,
                    conv.groups, bias: true, conv.weight.device, conv.weight.dtype, conv.padding_mode);
                fused.weight.Dispose(); fused.weight = w;
                fused.bias!.Dispose(); fused.bias = b;
                return fused;
            }

            private static void CheckFusable(Module layer, BatchNorm bn)
            {
                if (layer.training || bn.training)
                    throw new InvalidOperationException($"Fusing {layer.GetName()} and {bn.GetName()} is valid only in eval mode (call eval() on both).");
                if (bn.running_mean is null || bn.running_var is null)
                    throw new InvalidOperationException($"Fusing needs {bn.GetName()}'s running statistics (track_running_stats was false).");
            }
        }
    }
}
