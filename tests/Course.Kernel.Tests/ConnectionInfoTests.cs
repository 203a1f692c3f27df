using System.Text.Json.Nodes;
using Course.Kernel.Protocol;

namespace Course.Kernel.Tests;

/// <summary>Connection files: ones written by jupyter_client load, broken ones say exactly what is wrong.</summary>
public sealed class ConnectionInfoTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("kernel-connection-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void LoadsAFileWrittenByJupyterClient()
    {
        var path = Path.Combine(_dir, "kernel-tcp.json");
        var python = PythonInterop.Run("connfile", path, "tcp", "127.0.0.1", "a-secret-key");
        var cfg = python["cfg"]!.AsObject();

        var info = ConnectionInfo.Load(path);

        Assert.Equal(path, info.FilePath);
        Assert.Equal("tcp", info.Transport);
        Assert.Equal("127.0.0.1", info.Ip);
        Assert.Equal("a-secret-key", info.Key);
        Assert.Equal("hmac-sha256", info.SignatureScheme);
        Assert.Equal("csharp-course", info.KernelName);
        Assert.Equal(cfg["shell_port"]!.GetValue<int>(), info.ShellPort);
        Assert.Equal(cfg["iopub_port"]!.GetValue<int>(), info.IopubPort);
        Assert.Equal(cfg["stdin_port"]!.GetValue<int>(), info.StdinPort);
        Assert.Equal(cfg["control_port"]!.GetValue<int>(), info.ControlPort);
        Assert.Equal(cfg["hb_port"]!.GetValue<int>(), info.HbPort);
        AssertSameUrls(python, info);
    }

    [Fact]
    public void IpcEndpointsMatchJupyterClient()
    {
        var path = Path.Combine(_dir, "kernel-ipc.json");
        var python = PythonInterop.Run("connfile", path, "ipc", Path.Combine(_dir, "kernel-ipc"), "");

        var info = ConnectionInfo.Load(path);

        Assert.Equal("ipc", info.Transport);
        Assert.Equal("", info.Key);
        Assert.False(MessageSigner.For(info).IsEnabled);
        Assert.StartsWith($"ipc://{_dir}/kernel-ipc-", info.ShellEndpoint);
        AssertSameUrls(python, info);
    }

    static void AssertSameUrls(JsonObject python, ConnectionInfo info)
    {
        var urls = python["urls"]!;
        Assert.Equal(urls["shell"]!.GetValue<string>(), info.ShellEndpoint);
        Assert.Equal(urls["iopub"]!.GetValue<string>(), info.IopubEndpoint);
        Assert.Equal(urls["stdin"]!.GetValue<string>(), info.StdinEndpoint);
        Assert.Equal(urls["control"]!.GetValue<string>(), info.ControlEndpoint);
        Assert.Equal(urls["hb"]!.GetValue<string>(), info.HbEndpoint);
    }

    const string Valid = """
        {"shell_port": 5001, "iopub_port": 5002, "stdin_port": 5003, "control_port": 5004, "hb_port": 5005,
         "ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "csharp"}
        """;

    /// <summary>The valid file with one field replaced (or removed, for null).</summary>
    static string With(string field, JsonNode? value, bool remove = false)
    {
        var o = JsonNode.Parse(Valid)!.AsObject();
        if (remove) o.Remove(field);
        else o[field] = value;
        return o.ToJsonString();
    }

    public static TheoryData<string, string> InvalidFiles => new()
    {
        { "{ \"shell_port\": ", "expected JSON, found invalid JSON" },
        { "[1, 2]", "expected a JSON object, found an array [1,2]" },
        { With("shell_port", null, remove: true), "field 'shell_port': expected an integer port from 1 to 65535, found nothing (the field is missing)" },
        { With("iopub_port", "5002"), "field 'iopub_port': expected an integer port from 1 to 65535, found a string \"5002\"" },
        { With("hb_port", 70000), "field 'hb_port': expected an integer port from 1 to 65535, found a number 70000" },
        { With("control_port", 0), "field 'control_port': expected an integer port from 1 to 65535, found a number 0" },
        { With("stdin_port", 5.5), "field 'stdin_port': expected an integer port from 1 to 65535, found a number 5.5" },
        { With("transport", "udp"), "field 'transport': expected \"tcp\" or \"ipc\", found a string \"udp\"" },
        { With("signature_scheme", "hmac-md5"), "field 'signature_scheme': expected \"hmac-sha256\" (the only scheme supported), found a string \"hmac-md5\"" },
        { With("key", null, remove: true), "field 'key': expected a string, found nothing (the field is missing)" },
        { With("key", 42), "field 'key': expected a string, found a number 42" },
        { With("ip", ""), "field 'ip': expected a non-empty string, found a string \"\"" },
    };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void InvalidFile_NamesFileFieldExpectedAndFound(string json, string expected)
    {
        var path = Path.Combine(_dir, "broken.json");
        File.WriteAllText(path, json);
        var error = Assert.Throws<ConnectionFileException>(() => ConnectionInfo.Load(path));
        Assert.StartsWith($"connection file '{path}': {expected}", error.Message);   // invalid JSON goes on with the parser's details
    }

    [Fact]
    public void MissingFile_SaysSo()
    {
        var path = Path.Combine(_dir, "nope.json");
        var error = Assert.Throws<ConnectionFileException>(() => ConnectionInfo.Load(path));
        Assert.Equal($"connection file '{path}': expected an existing file, found no such file", error.Message);
    }

    [Fact]
    public void OptionalFieldsHaveJupyterClientsDefaults()
    {
        var o = JsonNode.Parse(Valid)!.AsObject();
        o.Remove("transport");
        o.Remove("signature_scheme");
        o.Remove("kernel_name");
        var info = ConnectionInfo.Parse(o.ToJsonString(), "inline.json");
        Assert.Equal("tcp", info.Transport);
        Assert.Equal("hmac-sha256", info.SignatureScheme);
        Assert.Equal("", info.KernelName);
        Assert.Equal("tcp://127.0.0.1:5001", info.ShellEndpoint);
        Assert.Equal("tcp://127.0.0.1:5005", info.Endpoint(5005));
    }
}
