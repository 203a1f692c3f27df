using System.Globalization;
using System.Text.Json.Nodes;

namespace Course.Kernel.Protocol;

/// <summary>
/// One Jupyter message (protocol 5.3) as the kernel sees it: the ZeroMQ routing identities, the four JSON parts
/// and the binary buffers. <see cref="WireCodec"/> converts it to and from frames.
/// </summary>
internal sealed class JupyterMessage
{
    /// <summary>The protocol version written into new headers.</summary>
    public const string ProtocolVersion = "5.3";

    /// <summary>The frames before &lt;IDS|MSG&gt;: the client's routing identities on ROUTER sockets, the topic on iopub.</summary>
    public List<byte[]> Identities { get; set; } = [];
    public JsonObject Header { get; init; } = [];
    /// <summary>The header of the request this message answers; {} when there is none.</summary>
    public JsonObject ParentHeader { get; init; } = [];
    public JsonObject Metadata { get; init; } = [];
    public JsonObject Content { get; init; } = [];
    /// <summary>Binary frames after the content (used by widgets and comms).</summary>
    public List<byte[]> Buffers { get; init; } = [];

    /// <summary>header.msg_type, or "" if missing.</summary>
    public string MsgType => HeaderString("msg_type");
    /// <summary>header.msg_id, or "" if missing.</summary>
    public string MsgId => HeaderString("msg_id");
    /// <summary>header.session, or "" if missing.</summary>
    public string Session => HeaderString("session");

    string HeaderString(string name) => Header[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    /// <summary>
    /// A new message with a fresh msg_id. For a reply pass the request as <paramref name="parent"/>: its header becomes
    /// parent_header (copied) and its identities are reused, so a ROUTER socket routes the reply back to the sender.
    /// For iopub, set the topic afterwards with <see cref="WithIdentities"/>. <paramref name="content"/> is taken over, not copied.
    /// </summary>
    public static JupyterMessage Create(string msgType, JsonObject content, JupyterMessage? parent, string session, string username = "kernel") =>
        new()
        {
            Identities = parent is null ? [] : [.. parent.Identities],
            Header = new JsonObject
            {
                ["msg_id"] = Guid.NewGuid().ToString(),
                ["msg_type"] = msgType,
                ["username"] = username,
                ["session"] = session,
                ["date"] = FormatDate(DateTime.UtcNow),
                ["version"] = ProtocolVersion,
            },
            ParentHeader = parent is null ? [] : parent.Header.DeepClone().AsObject(),   // a JsonNode can have only one parent
            Content = content,
        };

    /// <summary>Replaces the identities (e.g. with the iopub topic) and returns this message.</summary>
    public JupyterMessage WithIdentities(params IEnumerable<byte[]> identities)
    {
        Identities = [.. identities];
        return this;
    }

    /// <summary>ISO 8601 in UTC with microseconds and a zone, the form jupyter_client writes: 2026-11-24T12:00:00.123456Z.</summary>
    public static string FormatDate(DateTime time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
