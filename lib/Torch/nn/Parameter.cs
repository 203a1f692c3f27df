namespace TorchSharp;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// A tensor that is a trainable parameter of a module: <c>requires_grad</c> is true by default and
        /// <see cref="Module.parameters"/> yields it. Creating one takes over the native handle of the given tensor,
        /// which must not be used afterwards.
        /// </summary>
        public class Parameter : Tensor
        {
            /// <summary>Wraps <paramref name="data"/> (its native handle is moved into the parameter).</summary>
            public Parameter(Tensor data, bool requires_grad = true) : base(data)
            {
                this.requires_grad = requires_grad;
            }
        }
    }
}
