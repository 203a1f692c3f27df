using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Kernel.Protocol;

/// <summary>
/// A Jupyter connection file: where the kernel binds its five sockets and how messages are signed.
/// Load with <see cref="Load"/>; every problem is a <see cref="ConnectionFileException"/> naming the file and field.
/// </summary>
internal sealed class ConnectionInfo
{
    /// <summary>The file this was read from (used in error messages).</summary>
    public required string FilePath { get; init; }
    /// <summary>"tcp" or "ipc" (lower case).</summary>
    public required string Transport { get; init; }
    /// <summary>The IP address for tcp, or the path prefix of the socket files for ipc.</summary>
    public required string Ip { get; init; }
    public required int ShellPort { get; init; }
    public required int IopubPort { get; init; }
    public required int StdinPort { get; init; }
    public required int ControlPort { get; init; }
    public required int HbPort { get; init; }
    /// <summary>The HMAC key; empty means messages are neither signed nor checked.</summary>
    public required string Key { get; init; }
    /// <summary>Always "hmac-sha256" (the only scheme supported).</summary>
    public required string SignatureScheme { get; init; }
    /// <summary>The kernel_name field, or "" when absent.</summary>
    public string KernelName { get; init; } = "";

    /// <summary>The ZeroMQ endpoint for a port, as jupyter_client builds it: "tcp://ip:port", or "ipc://ip-port" for ipc.</summary>
    public string Endpoint(int port) => Transport == "tcp" ? $"tcp://{Ip}:{port}" : $"ipc://{Ip}-{port}";

    public string ShellEndpoint => Endpoint(ShellPort);
    public string IopubEndpoint => Endpoint(IopubPort);
    public string StdinEndpoint => Endpoint(StdinPort);
    public string ControlEndpoint => Endpoint(ControlPort);
    public string HbEndpoint => Endpoint(HbPort);

    /// <summary>Reads and validates a connection file.</summary>
    public static ConnectionInfo Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConnectionFileException(path, "expected an existing file, found no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConnectionFileException(path, $"expected a readable file, found an error: {e.Message}");
        }
        return Parse(text, path);
    }

    /// <summary>Validates connection-file JSON; <paramref name="path"/> only names the source in error messages.</summary>
    public static ConnectionInfo Parse(string json, string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ConnectionFileException(path, $"expected JSON, found invalid JSON: {e.Message}");
        }
        if (root is not JsonObject o)
            throw new ConnectionFileException(path, $"expected a JSON object, found {Describe(root)}");

        var transport = OptionalString(o, "transport", path, "tcp").ToLowerInvariant();   // jupyter_client matches it case-insensitively
        if (transport is not ("tcp" or "ipc"))
            throw Field(path, "transport", "\"tcp\" or \"ipc\"", o["transport"]);
        var scheme = OptionalString(o, "signature_scheme", path, "hmac-sha256");
        if (scheme != "hmac-sha256")
            throw Field(path, "signature_scheme", "\"hmac-sha256\" (the only scheme supported)", o["signature_scheme"]);
        var ip = RequiredString(o, "ip", path);
        if (ip.Length == 0) throw Field(path, "ip", "a non-empty string", o["ip"]);

        return new ConnectionInfo
        {
            FilePath = path,
            Transport = transport,
            Ip = ip,
            ShellPort = Port(o, "shell_port", path),
            IopubPort = Port(o, "iopub_port", path),
            StdinPort = Port(o, "stdin_port", path),
            ControlPort = Port(o, "control_port", path),
            HbPort = Port(o, "hb_port", path),
            Key = RequiredString(o, "key", path),   // "" is allowed (no signing); a missing key is not silently "no signing"
            SignatureScheme = scheme,
            KernelName = OptionalString(o, "kernel_name", path, ""),
        };
    }

    static int Port(JsonObject o, string field, string path)
    {
        if (o[field] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var port) && port is >= 1 and <= 65535)
            return port;
        throw Field(path, field, "an integer port from 1 to 65535", o[field], o.ContainsKey(field));
    }

    static string RequiredString(JsonObject o, string field, string path) =>
        o[field] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Field(path, field, "a string", o[field], o.ContainsKey(field));

    static string OptionalString(JsonObject o, string field, string path, string fallback) =>
        o.ContainsKey(field) ? RequiredString(o, field, path) : fallback;

    static ConnectionFileException Field(string path, string field, string expected, JsonNode? found, bool present = true) =>
        new(path, $"field '{field}': expected {expected}, found {(present ? Describe(found) : "nothing (the field is missing)")}");

    /// <summary>A short description of a JSON value for error messages: its JSON text, cut after 80 characters.</summary>
    static string Describe(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        var kind = node is null ? "" : node.GetValueKind() switch
        {
            JsonValueKind.Object => "an object ",
            JsonValueKind.Array => "an array ",
            JsonValueKind.String => "a string ",
            JsonValueKind.Number => "a number ",
            _ => "",
        };
        return kind + (text.Length > 80 ? text[..80] + "…" : text);
    }
}

/// <summary>An invalid or unreadable connection file; the message names the file, the field, what was expected and what was found.</summary>
internal sealed class ConnectionFileException(string path, string problem)
    : Exception($"connection file '{path}': {problem}")
{
    /// <summary>The file that was being read.</summary>
    public string FilePath { get; } = path;
}
