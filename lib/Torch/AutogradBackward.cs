namespace TorchSharp;

public static partial class torch
{
    /// <summary>Functions of PyTorch's <c>torch.autograd</c>.</summary>
    public static partial class autograd
    {
        /// <summary>
        /// Accumulates into the leaves' <c>grad</c> the gradients of the sum of <paramref name="tensors"/>, each weighted by
        /// its entry of <paramref name="grad_tensors"/> (which a non-scalar tensor needs). The graph is freed afterwards
        /// unless <paramref name="retain_graph"/>. <paramref name="create_graph"/> and <paramref name="inputs"/> are not
        /// supported by this binding.
        /// </summary>
        public static void backward(IList<Tensor> tensors, IList<Tensor>? grad_tensors = null, bool? retain_graph = null, bool create_graph = false, IList<Tensor>? inputs = null)
        {
            ArgumentNullException.ThrowIfNull(tensors);
            if (create_graph) throw new NotSupportedException("autograd.backward: create_graph is not supported by this binding.");
            if (inputs is not null) throw new NotSupportedException("autograd.backward: inputs is not supported by this binding.");
            if (grad_tensors is not null && grad_tensors.Count != tensors.Count)
                throw new ArgumentException($"autograd.backward: {tensors.Count} tensors but {grad_tensors.Count} grad_tensors.", nameof(grad_tensors));
            // One pass per root: the graph is kept until the last one, so shared parts are traversed with their buffers.
            for (int i = 0; i < tensors.Count; i++)
                tensors[i].backward(grad_tensors?[i], (retain_graph ?? false) || i < tensors.Count - 1);
        }

        /// <summary>Same as <see cref="backward(IList{Tensor}, IList{Tensor}?, bool?, bool, IList{Tensor}?)"/> for one tensor.</summary>
        public static void backward(Tensor tensor, IList<Tensor>? grad_tensors = null, bool? retain_graph = null, bool create_graph = false, IList<Tensor>? inputs = null) =>
            backward(new[] { tensor }, grad_tensors, retain_graph, create_graph, inputs);

        /// <summary>Same as <see cref="backward(IList{Tensor}, IList{Tensor}?, bool?, bool, IList{Tensor}?)"/> for one tensor and its gradient.</summary>
        public static void backward(Tensor tensor, Tensor grad_tensor, bool? retain_graph = null, bool create_graph = false, IList<Tensor>? inputs = null) =>
            backward(new[] { tensor }, new[] { grad_tensor }, retain_graph, create_graph, inputs);
    }

    public partial class Tensor
    {
        /// <summary>
        /// TorchSharp's list form of <c>backward</c>: <paramref name="grad_tensors"/> holds this tensor's gradient (one
        /// tensor, or none for a scalar). <paramref name="create_graph"/> and <paramref name="inputs"/> are not supported.
        /// </summary>
        public void backward(IList<Tensor>? grad_tensors, bool retain_graph = false, bool create_graph = false, IList<Tensor>? inputs = null)
        {
            if (grad_tensors is { Count: > 1 })
                throw new ArgumentException($"backward: one tensor takes at most one gradient, got {grad_tensors.Count}.", nameof(grad_tensors));
            autograd.backward(this, grad_tensors, retain_graph, create_graph, inputs);
        }
    }
}
