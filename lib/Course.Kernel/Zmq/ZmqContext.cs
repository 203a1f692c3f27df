using static Course.Kernel.Zmq.ZmqNative;

namespace Course.Kernel.Zmq;

/// <summary>
/// A libzmq context (zmq_ctx_new). Sockets are created on it with <c>new ZmqSocket(context, type)</c>.
/// <see cref="Dispose"/> closes any socket still open and then terminates the context; because every socket
/// gets a bounded linger (see <see cref="ZmqSocket.DefaultLinger"/>), termination never hangs on unsent messages.
/// The context itself is thread-safe; dispose it only after the threads that own its sockets have stopped.
/// </summary>
internal sealed class ZmqContext : IDisposable
{
    readonly List<ZmqSocket> _sockets = new();
    readonly IntPtr _handle;
    bool _disposed;   // set (under the lock) before the sockets are closed, so no new socket can appear meanwhile

    /// <summary>Creates a context; throws <see cref="ZmqException"/> if libzmq.so.5 cannot be loaded.</summary>
    public ZmqContext()
    {
        EnsureLoaded();
        _handle = zmq_ctx_new();
        if (_handle == IntPtr.Zero) throw Failure("zmq_ctx_new", null, LastErrno());
    }

    /// <summary>Creates a raw socket on this context and tracks it so that <see cref="Dispose"/> can close it.</summary>
    internal IntPtr OpenSocket(ZmqSocket owner, ZmqSocketType type)
    {
        lock (_sockets)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var socket = zmq_socket(_handle, (int)type);
            if (socket == IntPtr.Zero) throw Failure("zmq_socket", type.ToString().ToUpperInvariant(), LastErrno());
            _sockets.Add(owner);
            return socket;
        }
    }

    /// <summary>Forgets a socket that its owner has closed.</summary>
    internal void Forget(ZmqSocket socket)
    {
        lock (_sockets) _sockets.Remove(socket);
    }

    /// <summary>Closes the sockets still open (each waits at most its linger) and terminates the context.</summary>
    public void Dispose()
    {
        ZmqSocket[] leftovers;
        lock (_sockets)
        {
            if (_disposed) return;
            _disposed = true;
            leftovers = _sockets.ToArray();
        }
        foreach (var socket in leftovers) socket.Dispose();   // Dispose calls Forget, hence the copy
        while (zmq_ctx_term(_handle) != 0) ThrowUnlessInterrupted("zmq_ctx_term", null);
    }
}
