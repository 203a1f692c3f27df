namespace TorchSharp;

/// <summary>A failure reported by libtorch (or by the binding's own checks), with libtorch's message.</summary>
public class TorchException : InvalidOperationException
{
    public TorchException(string message) : base(message) { }
    public TorchException(string message, Exception inner) : base(message, inner) { }
}
