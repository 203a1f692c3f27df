using System.Text.Json.Nodes;
using Course.Kernel.Protocol;
using Course.Kernel.Zmq;

namespace Course.Kernel;

/// <summary>
/// <c>Console.In</c> inside the kernel: <c>Console.ReadLine()</c> in a cell sends an input_request on the stdin channel
/// to the client that ran the cell and returns its input_reply, as Python's <c>input()</c> does in IPython.
/// </summary>
internal sealed class KernelStdin(ZmqSocket socket, MessageSigner signer, string session, Action flushOutput,
    Func<CancellationToken> cellCancellation) : TextReader
{
    readonly object gate = new();
    JupyterMessage? request;
    bool allowed;
    string? buffered;

    /// <summary>The execute_request now running, and whether its client accepts input requests.</summary>
    public void Begin(JupyterMessage executeRequest, bool allowStdin)
    {
        lock (gate) { request = executeRequest; allowed = allowStdin; buffered = null; }
    }

    /// <summary>No cell runs any more.</summary>
    public void End()
    {
        lock (gate) { request = null; allowed = false; buffered = null; }
    }

    public override string? ReadLine()
    {
        lock (gate)
        {
            if (buffered is not null) { var rest = buffered; buffered = null; return rest.EndsWith('\n') ? rest[..^1] : rest; }
            if (request is null)
                throw new InvalidOperationException("Console.ReadLine(): no cell is running, so there is no client to ask for input");
            if (!allowed)
                throw new InvalidOperationException("Console.ReadLine(): this client does not accept input requests (allow_stdin is false)");
            flushOutput();
            var ask = JupyterMessage.Create("input_request", new JsonObject { ["prompt"] = "", ["password"] = false }, request, session);
            socket.SendMultipart(WireCodec.Encode(ask, signer));
            var token = cellCancellation();
            while (true)
            {
                token.ThrowIfCancellationRequested();
                var frames = socket.ReceiveMultipart(TimeSpan.FromMilliseconds(100));
                if (frames is null) continue;
                JupyterMessage reply;
                try { reply = WireCodec.Decode(frames, signer); }
                catch (WireFormatException e) { KernelLog.Write($"stdin: dropped message: {e.Message}"); continue; }
                if (reply.MsgType != "input_reply") { KernelLog.Write($"stdin: ignored {reply.MsgType}"); continue; }
                return (string?)reply.Content["value"] ?? "";
            }
        }
    }

    public override int Peek()
    {
        lock (gate)
        {
            buffered ??= ReadLine() + "\n";
            return buffered.Length > 0 ? buffered[0] : -1;
        }
    }

    public override int Read()
    {
        lock (gate)
        {
            buffered ??= ReadLine() + "\n";
            if (buffered.Length == 0) { buffered = null; return -1; }
            var c = buffered[0];
            buffered = buffered.Length > 1 ? buffered[1..] : null;
            return c;
        }
    }
}
