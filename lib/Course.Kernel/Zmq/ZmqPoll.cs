using System.Diagnostics;
using static Course.Kernel.Zmq.ZmqNative;

namespace Course.Kernel.Zmq;

/// <summary>zmq_poll over several sockets. All the sockets must be owned by the calling thread.</summary>
internal static unsafe class ZmqPoll
{
    /// <summary>
    /// Waits until at least one of <paramref name="sockets"/> has a message to read, or <paramref name="timeout"/> passes
    /// (<see cref="TimeSpan.Zero"/>: just check, <see cref="Timeout.InfiniteTimeSpan"/>: forever).
    /// Returns the readable sockets in the order given; empty on timeout.
    /// </summary>
    public static IReadOnlyList<ZmqSocket> WaitReadable(IReadOnlyList<ZmqSocket> sockets, TimeSpan timeout)
    {
        if (sockets.Count == 0) throw new ArgumentException("nothing to poll", nameof(sockets));
        var items = stackalloc ZmqPollItem[sockets.Count];
        for (var i = 0; i < sockets.Count; i++)
            items[i] = new ZmqPollItem { Socket = sockets[i].Handle, Events = ZMQ_POLLIN };

        var deadline = Deadline.Start(timeout);
        int ready;
        while ((ready = zmq_poll(items, sockets.Count, deadline.RemainingMilliseconds)) < 0)
            ThrowUnlessInterrupted("zmq_poll", string.Join(", ", sockets));   // EINTR: poll again for the time left

        var readable = new List<ZmqSocket>(ready);
        for (var i = 0; i < sockets.Count && ready > 0; i++)
            if ((items[i].Revents & ZMQ_POLLIN) != 0) readable.Add(sockets[i]);
        return readable;
    }

    /// <summary>A timeout turned into a deadline, so that retries (after EINTR or a spurious wake-up) wait only for the time left.</summary>
    internal readonly struct Deadline
    {
        readonly long _start;
        readonly TimeSpan _timeout;

        Deadline(TimeSpan timeout)
        {
            _start = Stopwatch.GetTimestamp();
            _timeout = timeout;
        }

        /// <summary>Starts the clock for <paramref name="timeout"/>; <see cref="Timeout.InfiniteTimeSpan"/> never expires, negative values count as zero.</summary>
        public static Deadline Start(TimeSpan timeout) => new(timeout);

        /// <summary>The time left (never negative; infinite stays infinite).</summary>
        public TimeSpan Remaining
        {
            get
            {
                if (_timeout == Timeout.InfiniteTimeSpan) return Timeout.InfiniteTimeSpan;
                var left = _timeout - Stopwatch.GetElapsedTime(_start);
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }

        /// <summary>Whether no time is left.</summary>
        public bool Expired => Remaining == TimeSpan.Zero;

        /// <summary>The time left for zmq_poll: -1 for infinite, else whole milliseconds rounded up (so a short wait is not a busy poll).</summary>
        public long RemainingMilliseconds
        {
            get
            {
                var left = Remaining;
                return left == Timeout.InfiniteTimeSpan ? -1 : (long)Math.Ceiling(left.TotalMilliseconds);
            }
        }
    }
}
