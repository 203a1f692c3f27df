using System.Text;
using static Course.Kernel.Zmq.ZmqNative;

namespace Course.Kernel.Zmq;

/// <summary>
/// One ZeroMQ socket. Like libzmq sockets, an instance is NOT thread-safe: each socket is owned by one thread,
/// which does all its Bind/Connect/Send/Receive/Poll calls and disposes it (only <see cref="ZmqContext.Dispose"/>,
/// called after that thread has stopped, may close it instead). Every failing call throws <see cref="ZmqException"/>;
/// calls interrupted by a signal (EINTR) are retried.
/// </summary>
internal sealed unsafe class ZmqSocket : IDisposable
{
    /// <summary>Linger given to every new socket: unsent messages get this long to leave when the socket closes, so closing never hangs.</summary>
    public static readonly TimeSpan DefaultLinger = TimeSpan.FromSeconds(1);

    readonly ZmqContext _context;
    IntPtr _handle;

    /// <summary>The version of the loaded libzmq (e.g. 4.3.4), for logging; throws <see cref="ZmqException"/> if it is missing.</summary>
    public static Version Version => EnsureLoaded();

    /// <summary>The socket's type.</summary>
    public ZmqSocketType Type { get; }

    /// <summary>Creates a socket of <paramref name="type"/> on <paramref name="context"/>, with linger <see cref="DefaultLinger"/>.</summary>
    public ZmqSocket(ZmqContext context, ZmqSocketType type)
    {
        _context = context;
        Type = type;
        _handle = context.OpenSocket(this, type);
        SetLinger(DefaultLinger);
    }

    /// <summary>The raw zmq socket pointer (for <see cref="ZmqPoll"/>).</summary>
    internal IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle == IntPtr.Zero, this);
            return _handle;
        }
    }

    /// <summary>"ROUTER socket", used in error messages.</summary>
    string Name => $"{Type.ToString().ToUpperInvariant()} socket";

    /// <summary>Binds to an endpoint such as "tcp://127.0.0.1:5555", "tcp://127.0.0.1:*" (any free port, see <see cref="LastEndpoint"/>) or "ipc:///tmp/x".</summary>
    public void Bind(string endpoint)
    {
        while (zmq_bind(Handle, endpoint) != 0) ThrowUnlessInterrupted("zmq_bind", $"{endpoint} on {Name}");
    }

    /// <summary>Connects to an endpoint; libzmq connects (and reconnects) in the background.</summary>
    public void Connect(string endpoint)
    {
        while (zmq_connect(Handle, endpoint) != 0) ThrowUnlessInterrupted("zmq_connect", $"{endpoint} on {Name}");
    }

    /// <summary>How long unsent messages may keep the socket (and its context) alive after close; <see cref="Timeout.InfiniteTimeSpan"/> waits forever.</summary>
    public void SetLinger(TimeSpan linger) =>
        SetInt(ZMQ_LINGER, linger == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Clamp(Math.Ceiling(linger.TotalMilliseconds), 0, int.MaxValue), "ZMQ_LINGER");

    /// <summary>For SUB sockets: receive messages whose first frame starts with <paramref name="prefix"/> (empty: everything).</summary>
    public void Subscribe(byte[] prefix) => SetBytes(ZMQ_SUBSCRIBE, prefix, "ZMQ_SUBSCRIBE");

    /// <summary>The identity a ROUTER peer sees for this socket (set before Connect; 1 to 255 bytes, not starting with a zero byte).</summary>
    public void SetRoutingId(byte[] id) => SetBytes(ZMQ_ROUTING_ID, id, "ZMQ_ROUTING_ID");

    /// <summary>The endpoint of the last Bind or Connect, with the port chosen by the system for "tcp://host:*".</summary>
    public string LastEndpoint
    {
        get
        {
            var buffer = stackalloc byte[1024];
            nuint size = 1024;
            while (zmq_getsockopt(Handle, ZMQ_LAST_ENDPOINT, buffer, &size) != 0)
                ThrowUnlessInterrupted("zmq_getsockopt", $"ZMQ_LAST_ENDPOINT on {Name}");
            var length = (int)size;
            if (length > 0 && buffer[length - 1] == 0) length--;   // size counts the terminating NUL
            return Encoding.UTF8.GetString(buffer, length);
        }
    }

    /// <summary>Sends one message of one or more frames (ZMQ_SNDMORE on all but the last). Blocks only if the socket type blocks at its high-water mark.</summary>
    public void SendMultipart(IReadOnlyList<byte[]> frames)
    {
        if (frames.Count == 0) throw new ArgumentException("a message needs at least one frame", nameof(frames));
        var handle = Handle;
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            var flags = i < frames.Count - 1 ? ZMQ_SNDMORE : 0;
            byte none = 0;
            fixed (byte* pinned = frame)
            {
                var data = frame.Length == 0 ? &none : pinned;   // an empty array pins to null; give libzmq a real address
                while (zmq_send(handle, data, (nuint)frame.Length, flags) < 0)
                    ThrowUnlessInterrupted("zmq_send", $"frame {i + 1} of {frames.Count} on {Name}");
            }
        }
    }

    /// <summary>
    /// Receives one whole message (all frames), waiting at most <paramref name="timeout"/>
    /// (<see cref="TimeSpan.Zero"/>: don't wait, <see cref="Timeout.InfiniteTimeSpan"/>: forever). Returns null on timeout.
    /// </summary>
    public List<byte[]>? ReceiveMultipart(TimeSpan timeout)
    {
        var deadline = ZmqPoll.Deadline.Start(timeout);
        ZmqSocket[] self = [this];
        while (true)
        {
            if (ZmqPoll.WaitReadable(self, deadline.Remaining).Count == 0) return null;
            var first = ReceiveFrame(ZMQ_DONTWAIT);
            if (first is null)   // readiness without a message (rare); wait again for what is left of the timeout
            {
                if (deadline.Expired) return null;
                continue;
            }
            var frames = new List<byte[]> { first };
            while (HasMore()) frames.Add(ReceiveFrame(0)!);   // the parts of a message arrive together, so this does not wait
            return frames;
        }
    }

    /// <summary>Receives one frame through a zmq_msg_t (any size); null if <paramref name="flags"/> has ZMQ_DONTWAIT and nothing is queued.</summary>
    byte[]? ReceiveFrame(int flags)
    {
        ZmqMsg msg;
        if (zmq_msg_init(&msg) != 0) throw Failure("zmq_msg_init", Name, LastErrno());
        try
        {
            while (zmq_msg_recv(&msg, _handle, flags) < 0)
            {
                if (LastErrno() == EAGAIN && (flags & ZMQ_DONTWAIT) != 0) return null;
                ThrowUnlessInterrupted("zmq_msg_recv", Name);
            }
            return new ReadOnlySpan<byte>(zmq_msg_data(&msg), checked((int)zmq_msg_size(&msg))).ToArray();
        }
        finally
        {
            zmq_msg_close(&msg);
        }
    }

    /// <summary>ZMQ_RCVMORE: whether the frame just received is followed by another of the same message.</summary>
    bool HasMore()
    {
        int more;
        nuint size = sizeof(int);
        while (zmq_getsockopt(_handle, ZMQ_RCVMORE, &more, &size) != 0) ThrowUnlessInterrupted("zmq_getsockopt", $"ZMQ_RCVMORE on {Name}");
        return more != 0;
    }

    void SetInt(int option, int value, string optionName)
    {
        while (zmq_setsockopt(Handle, option, &value, sizeof(int)) != 0) ThrowUnlessInterrupted("zmq_setsockopt", $"{optionName}={value} on {Name}");
    }

    void SetBytes(int option, byte[] value, string optionName)
    {
        byte none = 0;
        fixed (byte* pinned = value)
        {
            var data = value.Length == 0 ? &none : pinned;   // as in SendMultipart: never hand libzmq a null pointer
            while (zmq_setsockopt(Handle, option, data, (nuint)value.Length) != 0) ThrowUnlessInterrupted("zmq_setsockopt", $"{optionName} on {Name}");
        }
    }

    /// <summary>Closes the socket (unsent messages get the linger time). Safe to call twice.</summary>
    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (handle == IntPtr.Zero) return;
        _context.Forget(this);
        while (zmq_close(handle) != 0) ThrowUnlessInterrupted("zmq_close", Name);
    }

    /// <inheritdoc/>
    public override string ToString() => _handle == IntPtr.Zero ? $"{Name} (closed)" : Name;
}
