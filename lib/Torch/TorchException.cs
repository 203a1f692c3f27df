namespace TorchSharp;

/// <summary>A failure reported by libtorch (or by the binding's own checks), with libtorch's message. Like TorchSharp's native errors it is an <see cref="System.Runtime.InteropServices.ExternalException"/>.</summary>
public class TorchException : System.Runtime.InteropServices.ExternalException
{
    public TorchException(string message) : base(message) { }
    public TorchException(string message, Exception inner) : base(message, inner) { }
}
