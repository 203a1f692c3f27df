using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Course.Kernel.Protocol;
using Course.Kernel.Zmq;
using Course.Notebooks;

namespace Course.Kernel;

/// <summary>
/// A Jupyter kernel (messaging protocol 5.3) for C#, running cells on the course's notebook engine
/// (<see cref="ExecutionSession"/>). Threads: the caller's thread serves the shell channel (one request at a time, as
/// IPython does); control, heartbeat and iopub each have their own, so interrupt and shutdown work while a cell runs.
/// </summary>
internal sealed class JupyterKernel : IDisposable
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    readonly ConnectionInfo connection;
    readonly MessageSigner signer;
    readonly ZmqContext context = new();
    readonly ZmqSocket shell, control, stdin, iopubSocket, heartbeat;
    readonly IopubPublisher iopub;
    readonly ExecutionSession session;
    readonly KernelStdin stdinReader;
    readonly KernelHistory history = new();
    readonly string sessionId = Guid.NewGuid().ToString();
    readonly CancellationTokenSource stopping = new();
    KernelOutput? lastOutput;
    int executionCount;
    PosixSignalRegistration? sigint;

    /// <summary>Binds the five sockets of <paramref name="connection"/>; cells run in <paramref name="workingDirectory"/>;
    /// <c>#r "nuget: …"</c> of packages matching <paramref name="standIns"/> references those instead.</summary>
    public JupyterKernel(ConnectionInfo connection, string workingDirectory, IEnumerable<PackageStandIn>? standIns = null)
    {
        this.connection = connection;
        signer = MessageSigner.For(connection);
        shell = Bind(ZmqSocketType.Router, connection.ShellEndpoint);
        control = Bind(ZmqSocketType.Router, connection.ControlEndpoint);
        stdin = Bind(ZmqSocketType.Router, connection.StdinEndpoint);
        iopubSocket = Bind(ZmqSocketType.Pub, connection.IopubEndpoint);
        heartbeat = Bind(ZmqSocketType.Rep, connection.HbEndpoint);
        iopub = new IopubPublisher(iopubSocket, signer, sessionId);
        session = new ExecutionSession(workingDirectory, standIns: standIns);
        stdinReader = new KernelStdin(stdin, signer, sessionId, () => lastOutput?.Flush(), () => session.CellCancellation);
    }

    ZmqSocket Bind(ZmqSocketType type, string endpoint)
    {
        var socket = new ZmqSocket(context, type);
        socket.SetLinger(TimeSpan.FromSeconds(1));
        socket.Bind(endpoint);
        return socket;
    }

    /// <summary>Serves until a shutdown_request arrives (or <see cref="Stop"/>); returns the process exit code.</summary>
    public int Run()
    {
        Console.SetIn(stdinReader);
        sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal =>
        {
            signal.Cancel = true;   // SIGINT interrupts the cell, it does not end the kernel
            KernelLog.Write($"SIGINT: {(session.Interrupt() ? "interrupting the running cell" : "no cell is running")}");
        });
        var threads = new[]
        {
            new Thread(HeartbeatLoop) { IsBackground = true, Name = "heartbeat" },
            new Thread(() => ServeLoop(control, "control")) { IsBackground = true, Name = "control" },
        };
        foreach (var t in threads) t.Start();
        iopub.Status("starting", null);
        _ = session.WarmUpAsync();
        KernelLog.Write($"ready: {connection.Transport}://{connection.Ip} shell {connection.ShellPort}, libzmq {ZmqSocket.Version}, " +
                        $"working directory {session.WorkingDirectory}");
        ServeLoop(shell, "shell");
        iopub.Flush(TimeSpan.FromSeconds(2));
        return 0;
    }

    /// <summary>Ends <see cref="Run"/> after the request being handled.</summary>
    public void Stop() => stopping.Cancel();

    void HeartbeatLoop()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var ping = heartbeat.ReceiveMultipart(Poll);
                if (ping is not null) heartbeat.SendMultipart(ping);
            }
            catch (Exception e) when (!stopping.IsCancellationRequested) { KernelLog.Write($"heartbeat: {e.Message}"); }
            catch (Exception) { return; }
        }
    }

    void ServeLoop(ZmqSocket socket, string channel)
    {
        while (!stopping.IsCancellationRequested)
        {
            List<byte[]>? frames;
            try { frames = socket.ReceiveMultipart(Poll); }
            catch (Exception e) when (!stopping.IsCancellationRequested) { KernelLog.Write($"{channel}: receive failed: {e.Message}"); continue; }
            catch (Exception) { return; }
            if (frames is null) continue;
            JupyterMessage request;
            try { request = WireCodec.Decode(frames, signer); }
            catch (WireFormatException e)
            {
                KernelLog.Write($"{channel}: dropped message: {e.Message}");
                continue;
            }
            Handle(socket, channel, request);
        }
    }

    /// <summary>Answers one request, with busy/idle status around it. Nothing a client sends may end the kernel.</summary>
    void Handle(ZmqSocket socket, string channel, JupyterMessage request)
    {
        iopub.Status("busy", request);
        try
        {
            var (replyType, content, afterReply) = Dispatch(channel, request);
            if (replyType is not null) Send(socket, replyType, content!, request);
            afterReply?.Invoke();
        }
        catch (Exception e)
        {
            KernelLog.Write($"{channel}: {request.MsgType} failed: {e}");
            if (request.MsgType.EndsWith("_request", StringComparison.Ordinal))
                Send(socket, ReplyType(request.MsgType), ErrorContent(e.GetType().FullName ?? "Exception", e.Message), request);
        }
        finally
        {
            iopub.Status("idle", request);
        }
    }

    static string ReplyType(string requestType) => requestType[..^"_request".Length] + "_reply";

    static JsonObject ErrorContent(string ename, string evalue, IEnumerable<string>? traceback = null) => new()
    {
        ["status"] = "error", ["ename"] = ename, ["evalue"] = evalue,
        ["traceback"] = new JsonArray((traceback ?? [$"{ename}: {evalue}"]).Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
    };

    void Send(ZmqSocket socket, string msgType, JsonObject content, JupyterMessage parent)
    {
        // Outputs first: a client that sees the reply has already been sent every output of the request.
        iopub.Flush(TimeSpan.FromSeconds(2));
        var reply = JupyterMessage.Create(msgType, content, parent, sessionId);
        socket.SendMultipart(WireCodec.Encode(reply, signer));
    }

    (string? ReplyType, JsonObject? Content, Action? AfterReply) Dispatch(string channel, JupyterMessage request)
    {
        var c = request.Content;
        switch (request.MsgType)
        {
            case "kernel_info_request": return ("kernel_info_reply", KernelInfo(), null);
            case "execute_request" when channel == "shell": return Execute(request);
            case "complete_request": return ("complete_reply", Complete(c), null);
            case "inspect_request": return ("inspect_reply", Inspect(c), null);
            case "is_complete_request": return ("is_complete_reply", IsComplete(c), null);
            case "history_request": return ("history_reply", new JsonObject { ["status"] = "ok", ["history"] = history.Query(c) }, null);
            case "comm_info_request": return ("comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() }, null);
            case "interrupt_request":
                KernelLog.Write($"interrupt_request: {(session.Interrupt() ? "interrupting the running cell" : "no cell is running")}");
                return ("interrupt_reply", new JsonObject { ["status"] = "ok" }, null);
            case "shutdown_request":
                var restart = c["restart"] is JsonValue r && r.TryGetValue<bool>(out var b) && b;
                KernelLog.Write($"shutdown_request (restart: {restart})");
                return ("shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = restart }, Stop);
            case "comm_open":
                // No comm targets: close it at once, as ipykernel does for an unknown target.
                iopub.Publish("comm_close", new JsonObject { ["comm_id"] = c["comm_id"]?.DeepClone(), ["data"] = new JsonObject() }, request);
                return (null, null, null);
            case "comm_msg" or "comm_close":
                return (null, null, null);
            default:
                KernelLog.Write($"{channel}: unknown message type '{request.MsgType}'");
                if (!request.MsgType.EndsWith("_request", StringComparison.Ordinal)) return (null, null, null);
                return (ReplyType(request.MsgType), ErrorContent("UnknownMessageType",
                    $"the course's C# kernel does not handle '{request.MsgType}' on the {channel} channel"), null);
        }
    }

    JsonObject KernelInfo()
    {
        var version = typeof(JupyterKernel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1.0";
        return new JsonObject
        {
            ["status"] = "ok",
            ["protocol_version"] = JupyterMessage.ProtocolVersion,
            ["implementation"] = "course-csharp",
            ["implementation_version"] = version.Split('+')[0],
            ["language_info"] = new JsonObject
            {
                ["name"] = "C#",
                ["version"] = "latest",
                ["mimetype"] = "text/x-csharp",
                ["file_extension"] = ".cs",
                ["pygments_lexer"] = "csharp",
                ["codemirror_mode"] = "text/x-csharp",
            },
            ["banner"] = $"C# (course): Roslyn scripting on .NET {Environment.Version}. Cells share one script state; " +
                         "#r \"file.dll\", #r \"nuget: Id, Version\", #load \"file.csx\", #!time; display(x); Symbol? shows help.",
            ["help_links"] = new JsonArray(
                new JsonObject { ["text"] = "C# language reference", ["url"] = "https://learn.microsoft.com/dotnet/csharp/" },
                new JsonObject { ["text"] = "PyTorch (the engine under the course's TorchSharp-shaped binding)", ["url"] = "https://pytorch.org/docs/stable/" }),
            ["debugger"] = false,
        };
    }

    (string?, JsonObject?, Action?) Execute(JupyterMessage request)
    {
        var c = request.Content;
        var code = (string?)c["code"] ?? "";
        bool silent = Flag(c, "silent", false), storeHistory = Flag(c, "store_history", !silent) && !silent;
        bool stopOnError = Flag(c, "stop_on_error", true), allowStdin = Flag(c, "allow_stdin", false);
        if (storeHistory) executionCount++;
        int count = executionCount;
        if (!silent) iopub.Publish("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count }, request);

        lastOutput?.Dispose();
        var output = silent ? null : new KernelOutput(iopub, request);
        lastOutput = output;
        stdinReader.Begin(request, allowStdin);
        CellOutcome outcome;
        try
        {
            outcome = session.ExecuteAsync(new CellRequest { Code = code, FileName = $"In[{count}].csx", ExecutionCount = count },
                (ICellOutput?)output ?? new SilentOutput()).GetAwaiter().GetResult();
        }
        finally { stdinReader.End(); }
        output?.Flush();
        if (storeHistory) history.Add(count, code, output?.PlainResult);

        if (outcome.Status != CellStatus.Ok)
        {
            var e = outcome.Error!;
            var reply = ErrorContent(e.Name, e.Message, e.Traceback);
            reply["execution_count"] = count;
            if (!stopOnError) return ("execute_reply", reply, null);
            // The requests queued behind the failed cell are taken off the socket before its reply goes out, so that a
            // client that waits for the replies cannot have its next request mistaken for a queued one.
            var queued = TakeQueuedExecutes();
            return ("execute_reply", reply, () => Abort(queued));
        }
        return ("execute_reply", new JsonObject
        {
            ["status"] = "ok",
            ["execution_count"] = count,
            ["payload"] = new JsonArray((output?.Payloads ?? []).Select(p => (JsonNode?)p).ToArray()),
            ["user_expressions"] = UserExpressions(c["user_expressions"] as JsonObject),
        }, null);
    }

    /// <summary>After a failed cell with stop_on_error: takes every execute_request already queued (Run All stops at
    /// the error; they are answered "aborted" after the error's reply); other requests are served as usual.</summary>
    List<JupyterMessage> TakeQueuedExecutes()
    {
        var queued = new List<JupyterMessage>();
        while (shell.ReceiveMultipart(TimeSpan.Zero) is { } frames)
        {
            JupyterMessage request;
            try { request = WireCodec.Decode(frames, signer); }
            catch (WireFormatException e) { KernelLog.Write($"shell: dropped message: {e.Message}"); continue; }
            if (request.MsgType != "execute_request") { Handle(shell, "shell", request); continue; }
            queued.Add(request);
        }
        return queued;
    }

    /// <summary>Answers each of <paramref name="queued"/> "aborted", in order.</summary>
    void Abort(List<JupyterMessage> queued)
    {
        foreach (var request in queued)
        {
            iopub.Status("busy", request);
            Send(shell, "execute_reply", new JsonObject { ["status"] = "aborted", ["execution_count"] = executionCount }, request);
            iopub.Status("idle", request);
        }
    }

    /// <summary>Evaluates each user expression after a successful cell (text/plain and the display convention's types).</summary>
    JsonObject UserExpressions(JsonObject? expressions)
    {
        var results = new JsonObject();
        if (expressions is null) return results;
        foreach (var (name, node) in expressions)
        {
            var capture = new SilentOutput();
            var outcome = session.ExecuteAsync(new CellRequest { Code = (string?)node ?? "", FileName = "user_expression.csx" }, capture)
                .GetAwaiter().GetResult();
            if (outcome.Status != CellStatus.Ok) { results[name] = ErrorContent(outcome.Error!.Name, outcome.Error.Message, outcome.Error.Traceback); continue; }
            var data = new JsonObject();
            foreach (var (mime, value) in capture.Result ?? new Dictionary<string, string> { ["text/plain"] = "" }) data[mime] = value;
            results[name] = new JsonObject { ["status"] = "ok", ["data"] = data, ["metadata"] = new JsonObject() };
        }
        return results;
    }

    JsonObject Complete(JsonObject c)
    {
        var code = (string?)c["code"] ?? "";
        var cursor = LanguageServices.CodePointsToUtf16(code, (int?)c["cursor_pos"] ?? code.Length);
        var result = LanguageServices.CompleteAsync(session.LanguageContext, code, cursor).GetAwaiter().GetResult();
        int start = LanguageServices.Utf16ToCodePoints(code, result.CursorStart), end = LanguageServices.Utf16ToCodePoints(code, result.CursorEnd);
        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray(result.Matches.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()),
            ["cursor_start"] = start,
            ["cursor_end"] = end,
            ["metadata"] = new JsonObject
            {
                // JupyterLab shows the kind of each match from this (experimental) field
                ["_jupyter_types_experimental"] = new JsonArray(result.Entries.Select(e => (JsonNode?)new JsonObject
                {
                    ["text"] = e.Text, ["type"] = e.Kind, ["start"] = start, ["end"] = end, ["signature"] = e.Signature ?? "",
                }).ToArray()),
            },
        };
    }

    JsonObject Inspect(JsonObject c)
    {
        var code = (string?)c["code"] ?? "";
        var cursor = LanguageServices.CodePointsToUtf16(code, (int?)c["cursor_pos"] ?? code.Length);
        var result = LanguageServices.InspectAsync(session.LanguageContext, code, cursor, (int?)c["detail_level"] ?? 0).GetAwaiter().GetResult();
        var data = new JsonObject();
        if (result.Found)
        {
            data["text/plain"] = result.PlainText;
            if (result.Markdown is not null) data["text/markdown"] = result.Markdown;
        }
        return new JsonObject { ["status"] = "ok", ["found"] = result.Found, ["data"] = data, ["metadata"] = new JsonObject() };
    }

    static JsonObject IsComplete(JsonObject c)
    {
        var result = LanguageServices.IsComplete((string?)c["code"] ?? "");
        var reply = new JsonObject { ["status"] = result.Status.ToString().ToLowerInvariant() };
        if (result.Status == CodeCompleteness.Incomplete) reply["indent"] = result.Indent;
        return reply;
    }

    static bool Flag(JsonObject content, string key, bool fallback) =>
        content[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : fallback;

    /// <summary>Closes the session and the sockets.</summary>
    public void Dispose()
    {
        stopping.Cancel();
        sigint?.Dispose();
        lastOutput?.Dispose();
        iopub.Dispose();
        session.Dispose();
        foreach (var s in new[] { shell, control, stdin, iopubSocket, heartbeat }) s.Dispose();
        context.Dispose();
    }
}
