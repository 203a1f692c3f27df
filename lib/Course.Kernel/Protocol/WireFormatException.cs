namespace Course.Kernel.Protocol;

/// <summary>A received message that cannot be accepted (bad framing, signature, UTF-8 or JSON); the message says what was wrong.</summary>
internal sealed class WireFormatException(string message, Exception? inner = null) : Exception(message, inner);
