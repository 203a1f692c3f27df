using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Course.Kernel.Tests;

/// <summary>
/// Runs Debian's /usr/bin/python3 (which has pyzmq and jupyter_client; a bare "python3" may be another interpreter)
/// with <see cref="Script"/>, the reference side of the interop tests. Output is one JSON line on stdout.
/// </summary>
internal sealed class PythonInterop : IDisposable
{
    const string Python = "/usr/bin/python3";

    /// <summary>
    /// Modes: "receive ENDPOINT KEY" (DEALER: say "ready", receive one message, deserialize it with jupyter_client),
    /// "send ENDPOINT KEY" (DEALER: send a valid message and four broken ones, wait for "ack"),
    /// "connfile PATH TRANSPORT IP KEY" (write a connection file; print it and the URLs a client would use).
    /// </summary>
    const string Script = """
        import sys, json, base64
        from jupyter_client.jsonutil import json_default

        def b64(b):
            return base64.b64encode(bytes(b)).decode()

        def out(obj):
            print(json.dumps(obj, default=json_default))
            sys.stdout.flush()

        mode = sys.argv[1]
        if mode == "connfile":
            from jupyter_client.connect import write_connection_file
            from jupyter_client.blocking.client import BlockingKernelClient
            path, transport, ip, key = sys.argv[2:6]
            fname, cfg = write_connection_file(fname=path, ip=ip, key=key.encode(), transport=transport, kernel_name="csharp-course")
            client = BlockingKernelClient()
            client.load_connection_file(fname)
            out({"cfg": cfg, "urls": {ch: client._make_url(ch) for ch in ["shell", "iopub", "stdin", "control", "hb"]}})
            sys.exit(0)

        import zmq
        from jupyter_client.session import Session, DELIM
        endpoint, key = sys.argv[2], sys.argv[3].encode()
        ctx = zmq.Context()
        sock = ctx.socket(zmq.DEALER)
        sock.setsockopt(zmq.LINGER, 2000)
        sock.setsockopt(zmq.IDENTITY, b"py-client")
        sock.connect(endpoint)

        def python_accepts(frames):
            # a fresh Session each time: jupyter_client rejects a signature it has seen before
            try:
                idents, rest = Session(key=key).feed_identities(list(frames))
                Session(key=key).deserialize(rest)
                return True
            except Exception as e:
                return "%s: %s" % (type(e).__name__, e)

        if mode == "receive":
            sock.send(b"ready")
            if not sock.poll(20000):
                sys.exit("no message from C# within 20 s")
            frames = sock.recv_multipart()
            idents, msg_list = Session(key=key).feed_identities(frames)
            try:
                Session(key=b"some other key").deserialize(list(msg_list))
                wrong = "accepted"
            except ValueError as e:
                wrong = str(e)
            msg = Session(key=key).deserialize(msg_list)
            out({"idents": [b64(i) for i in idents], "header": msg["header"], "date_type": type(msg["header"]["date"]).__name__,
                 "parent_header": msg["parent_header"], "metadata": msg["metadata"], "content": msg["content"],
                 "buffers": [b64(b) for b in msg["buffers"]], "wrong_key": wrong})
        elif mode == "send":
            session = Session(key=key, username="py-user")
            parent = session.msg("kernel_info_request", content={})
            msg = session.msg("execute_request", parent=parent, metadata={"cellId": "cell-1"},
                              content={"code": 'Console.WriteLine("héllo ✓ 😀");', "silent": False, "store_history": True,
                                       "user_expressions": {}, "allow_stdin": True, "stop_on_error": True})
            valid = session.serialize(msg) + [b"\x00\x01\x02\xff", b""]   # two buffers, as Session.send appends them
            sig = valid[1]
            altered = sig[:-1] + (b"0" if sig[-1:] != b"0" else b"1") if sig else b"deadbeef"
            bad_json = b'{"code": "1 +'
            cases = {
                "valid": valid,
                "bad_signature": [DELIM, altered] + valid[2:],
                "no_delimiter": valid[1:],
                "truncated": valid[:4],
                "invalid_json": [DELIM, session.sign(valid[2:5] + [bad_json])] + valid[2:5] + [bad_json],
            }
            for frames in cases.values():
                sock.send_multipart(frames)
            if not sock.poll(20000):
                sys.exit("no ack from C# within 20 s")
            sock.recv_multipart()
            out({"frames": {name: [b64(f) for f in frames] for name, frames in cases.items()},
                 "python": {name: python_accepts(frames) for name, frames in cases.items()}})
        sock.close()
        ctx.term()
        """;

    readonly Process _process;
    readonly Task<string> _stdout, _stderr;

    PythonInterop(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts the script in <paramref name="mode"/>; it runs while the test drives the C# side.</summary>
    public static PythonInterop Start(string mode, params string[] args)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: the interop tests need Debian's python3 with python3-zmq and python3-jupyter-client");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-c", Script, mode, .. args]) start.ArgumentList.Add(a);
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        return new PythonInterop(Process.Start(start)!);
    }

    /// <summary>Runs a mode to completion and returns its JSON output.</summary>
    public static JsonObject Run(string mode, params string[] args)
    {
        using var python = Start(mode, args);
        return python.Finish();
    }

    /// <summary>Waits for the script to end, fails the test (with python's stderr) unless it succeeded, and returns its JSON output.</summary>
    public JsonObject Finish()
    {
        var exited = _process.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.True(exited, "python did not finish within 60 s");
        var stdout = _stdout.Result;
        Assert.True(_process.ExitCode == 0, $"python exited with {_process.ExitCode}\nstdout: {stdout}\nstderr: {_stderr.Result}");
        return JsonNode.Parse(stdout)!.AsObject();
    }

    /// <summary>Python's stderr so far (for failure messages while it still runs it may be incomplete).</summary>
    public string Diagnostics => _process.HasExited ? _stderr.Result : "(python still running)";

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
