namespace TorchSharp
{
    namespace Modules
    {
        /// <summary>
        /// A tensor that is a trainable parameter of a module: <c>requires_grad</c> is true by default and
        /// <see cref="torch.nn.Module.parameters"/> yields it. Creating one takes over the native handle of the given
        /// tensor, which must not be used afterwards.
        /// </summary>
        public class Parameter : torch.Tensor
        {
            /// <summary>Wraps <paramref name="data"/> (its native handle is moved into the parameter).</summary>
            public Parameter(torch.Tensor data, bool requires_grad = true) : base(data)
            {
                this.requires_grad = requires_grad;
            }
        }
    }

    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary>Makes <paramref name="data"/> a module parameter (TorchSharp's <c>torch.nn.Parameter(...)</c>).</summary>
            public static Modules.Parameter Parameter(Tensor data, bool requires_grad = true) => new(data, requires_grad);
        }

        public partial class Tensor
        {
            /// <summary>This tensor as a parameter (takes over its native handle).</summary>
            public Modules.Parameter AsParameter() => new(this);
        }
    }
}
