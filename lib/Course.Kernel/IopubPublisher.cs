using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Course.Kernel.Protocol;
using Course.Kernel.Zmq;

namespace Course.Kernel;

/// <summary>
/// Publishes iopub messages from any thread: they queue here and one thread, the socket's owner, sends them in order.
/// </summary>
internal sealed class IopubPublisher : IDisposable
{
    readonly BlockingCollection<JupyterMessage?> queue = new();
    readonly ZmqSocket socket;
    readonly MessageSigner signer;
    readonly string session;
    readonly Thread thread;
    readonly object flushGate = new();
    long queued, sent;

    public IopubPublisher(ZmqSocket socket, MessageSigner signer, string session)
    {
        this.socket = socket;
        this.signer = signer;
        this.session = session;
        thread = new Thread(Run) { IsBackground = true, Name = "iopub" };
        thread.Start();
    }

    /// <summary>Queues a message of <paramref name="msgType"/> whose parent is <paramref name="parent"/> (null: none).</summary>
    public void Publish(string msgType, JsonObject content, JupyterMessage? parent)
    {
        var message = JupyterMessage.Create(msgType, content, parent, session)
            .WithIdentities(Encoding.UTF8.GetBytes($"kernel.{session}.{msgType}"));
        Interlocked.Increment(ref queued);
        try { queue.Add(message); }
        catch (InvalidOperationException) { }   // shutting down
    }

    /// <summary>Publishes the kernel's execution state (starting, busy, idle).</summary>
    public void Status(string state, JupyterMessage? parent) => Publish("status", new JsonObject { ["execution_state"] = state }, parent);

    /// <summary>Waits until everything queued so far has been handed to ZeroMQ (at most <paramref name="timeout"/>).</summary>
    public bool Flush(TimeSpan timeout)
    {
        var target = Interlocked.Read(ref queued);
        var deadline = DateTime.UtcNow + timeout;
        lock (flushGate)
        {
            while (Interlocked.Read(ref sent) < target)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(flushGate, left);
            }
        }
        return true;
    }

    void Run()
    {
        foreach (var message in queue.GetConsumingEnumerable())
        {
            if (message is null) break;
            try { socket.SendMultipart(WireCodec.Encode(message, signer)); }
            catch (Exception e) { KernelLog.Write($"iopub: could not send {message.MsgType}: {e.Message}"); }
            lock (flushGate)
            {
                Interlocked.Increment(ref sent);
                Monitor.PulseAll(flushGate);
            }
        }
    }

    /// <summary>Sends what is queued, then stops the thread.</summary>
    public void Dispose()
    {
        Flush(TimeSpan.FromSeconds(2));
        queue.CompleteAdding();
        thread.Join(TimeSpan.FromSeconds(2));
    }
}
