using System.Runtime.InteropServices;

namespace Course.Kernel.Zmq;

/// <summary>
/// Raw P/Invoke declarations for Debian's libzmq5 (4.3.x) and the constants of zmq.h that this binding uses.
/// Everything here is a thin 1:1 mapping; the checked, exception-throwing layer is <see cref="ZmqSocket"/>.
/// </summary>
internal static unsafe partial class ZmqNative
{
    const string Lib = "libzmq.so.5";

    // Socket options (zmq.h).
    public const int ZMQ_ROUTING_ID = 5;
    public const int ZMQ_SUBSCRIBE = 6;
    public const int ZMQ_RCVMORE = 13;
    public const int ZMQ_LINGER = 17;
    public const int ZMQ_LAST_ENDPOINT = 32;

    // Send/receive flags.
    public const int ZMQ_DONTWAIT = 1;
    public const int ZMQ_SNDMORE = 2;

    // zmq_poll event bits.
    public const short ZMQ_POLLIN = 1;

    // errno values that the binding handles itself.
    public const int EINTR = 4;
    public const int EAGAIN = 11;

    /// <summary>zmq_msg_t: 64 opaque bytes, pointer-aligned (eight longs give both).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ZmqMsg
    {
        fixed long _opaque[8];
    }

    /// <summary>zmq_pollitem_t on x86_64/arm64 Linux: { void* socket; int fd; short events; short revents; }.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ZmqPollItem
    {
        public IntPtr Socket;
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(Lib, SetLastError = true)] public static partial IntPtr zmq_ctx_new();
    [LibraryImport(Lib, SetLastError = true)] public static partial int zmq_ctx_term(IntPtr context);
    [LibraryImport(Lib, SetLastError = true)] public static partial IntPtr zmq_socket(IntPtr context, int type);
    [LibraryImport(Lib, SetLastError = true)] public static partial int zmq_close(IntPtr socket);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)] public static partial int zmq_bind(IntPtr socket, string endpoint);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)] public static partial int zmq_connect(IntPtr socket, string endpoint);
    [LibraryImport(Lib, SetLastError = true)] public static partial int zmq_setsockopt(IntPtr socket, int option, void* value, nuint size);
    [LibraryImport(Lib, SetLastError = true)] public static partial int zmq_getsockopt(IntPtr socket, int option, void* value, nuint* size);
    [LibraryImport(Lib, SetLastError = true)] public static partial int zmq_send(IntPtr socket, void* buffer, nuint length, int flags);
    [LibraryImport(Lib, SetLastError = true)] public static partial int zmq_msg_init(ZmqMsg* msg);
    [LibraryImport(Lib, SetLastError = true)] public static partial int zmq_msg_recv(ZmqMsg* msg, IntPtr socket, int flags);
    [LibraryImport(Lib)] public static partial void* zmq_msg_data(ZmqMsg* msg);
    [LibraryImport(Lib)] public static partial nuint zmq_msg_size(ZmqMsg* msg);
    [LibraryImport(Lib, SetLastError = true)] public static partial int zmq_msg_close(ZmqMsg* msg);
    [LibraryImport(Lib, SetLastError = true)] public static partial int zmq_poll(ZmqPollItem* items, int count, long timeoutMs);
    [LibraryImport(Lib)] public static partial IntPtr zmq_strerror(int errnum);
    [LibraryImport(Lib)] public static partial void zmq_version(out int major, out int minor, out int patch);

    /// <summary>The library version, read once; also the first call into libzmq, so it turns a missing library into one clear error.</summary>
    static readonly Lazy<Version> LoadedVersion = new(() =>
    {
        try
        {
            zmq_version(out var major, out var minor, out var patch);
            return new Version(major, minor, patch);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new ZmqException("libzmq.so.5 not found: install Debian's libzmq5 (scripts/setup.sh installs it)", e);
        }
    });

    /// <summary>Loads libzmq (once) and returns its version; throws <see cref="ZmqException"/> when it cannot be loaded.</summary>
    public static Version EnsureLoaded() => LoadedVersion.Value;

    /// <summary>zmq_strerror's text for an errno value.</summary>
    public static string ErrorText(int errno) => Marshal.PtrToStringUTF8(zmq_strerror(errno)) ?? "unknown error";

    /// <summary>
    /// The errno of the last failed call. The imports use SetLastError, so the marshaller saves errno right after
    /// the call (on Linux zmq_errno() is exactly errno) before any runtime work could overwrite it.
    /// </summary>
    public static int LastErrno() => Marshal.GetLastPInvokeError();

    /// <summary>Builds the exception for a failed call.</summary>
    public static ZmqException Failure(string call, string? target, int errno) => new(call, target, errno, ErrorText(errno));

    /// <summary>After a failed call: returns if it was interrupted by a signal (EINTR, so the caller retries), throws otherwise.</summary>
    public static void ThrowUnlessInterrupted(string call, string? target)
    {
        var errno = LastErrno();
        if (errno != EINTR) throw Failure(call, target, errno);
    }
}
