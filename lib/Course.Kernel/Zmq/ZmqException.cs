namespace Course.Kernel.Zmq;

/// <summary>A failed libzmq call (or a libzmq that cannot be loaded). <see cref="Errno"/> is 0 when no call failed.</summary>
internal sealed class ZmqException : Exception
{
    /// <summary>The libzmq function that failed, e.g. "zmq_bind"; empty when the library could not be loaded.</summary>
    public string Call { get; } = "";

    /// <summary>zmq_errno() right after the failing call.</summary>
    public int Errno { get; }

    /// <summary>A failed call: "zmq_bind (tcp://127.0.0.1:5555 on ROUTER socket) failed: Address already in use (errno 98)".</summary>
    public ZmqException(string call, string? target, int errno, string errorText)
        : base($"{call}{(target is null ? "" : $" ({target})")} failed: {errorText} (errno {errno})")
    {
        Call = call;
        Errno = errno;
    }

    /// <summary>An error that is not a failed call, such as the library being missing.</summary>
    public ZmqException(string message, Exception? inner = null) : base(message, inner) { }
}
