using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Course.Kernel.Protocol;
using Course.Kernel.Zmq;

namespace Course.Kernel.Tests;

/// <summary>Messages, signatures and the wire format; the interop tests talk to jupyter_client over real sockets.</summary>
public sealed class ProtocolTests
{
    const string Key = "secret-key";
    static readonly MessageSigner Signer = new(Key);
    static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
    static string Text(byte[] frame) => Encoding.UTF8.GetString(frame);

    static JupyterMessage Request() =>
        JupyterMessage.Create("execute_request", new JsonObject { ["code"] = "1 + 1" }, null, "client-session", "alice")
            .WithIdentities(Utf8("client-id"));

    [Fact]
    public void Create_WritesAProtocol53Header()
    {
        var message = JupyterMessage.Create("kernel_info_request", new JsonObject(), null, "s-1");

        Assert.Equal("kernel_info_request", message.MsgType);
        Assert.Equal("s-1", message.Session);
        Assert.Equal("kernel", message.Header["username"]!.GetValue<string>());
        Assert.Equal("5.3", message.Header["version"]!.GetValue<string>());
        Assert.True(Guid.TryParse(message.MsgId, out _), message.MsgId);
        var date = message.Header["date"]!.GetValue<string>();
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", date);
        Assert.InRange(DateTimeOffset.Parse(date), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Empty(message.ParentHeader);
        Assert.Empty(message.Identities);
        Assert.NotEqual(message.MsgId, JupyterMessage.Create("kernel_info_request", new JsonObject(), null, "s-1").MsgId);
    }

    [Fact]
    public void Create_Reply_CopiesTheParentHeaderAndIdentities()
    {
        var request = Request();
        var reply = JupyterMessage.Create("execute_reply", new JsonObject { ["status"] = "ok" }, request, "kernel-session");

        Assert.True(JsonNode.DeepEquals(request.Header, reply.ParentHeader));
        Assert.NotSame(request.Header, reply.ParentHeader);
        Assert.Equal(request.Identities, reply.Identities);
        Assert.NotSame(request.Identities, reply.Identities);
        Assert.NotEqual(request.MsgId, reply.MsgId);

        var status = JupyterMessage.Create("status", new JsonObject { ["execution_state"] = "busy" }, request, "kernel-session")
            .WithIdentities(Utf8("kernel.status"));
        Assert.Equal([Utf8("kernel.status")], status.Identities);
        Assert.Equal([Utf8("client-id")], request.Identities);   // the parent is untouched
    }

    [Fact]
    public void Encode_WritesFramesInWireOrder_AsCompactUtf8Json()
    {
        var message = JupyterMessage.Create("stream", new JsonObject { ["name"] = "stdout", ["text"] = "héllo ✓ <b>\"x\"</b>\n" }, Request(), "k");
        message.Metadata["m"] = 1;
        message.Buffers.Add([1, 2, 3]);

        var frames = WireCodec.Encode(message, Signer);

        Assert.Equal(8, frames.Count);   // identity, delimiter, signature, four JSON parts, one buffer
        Assert.Equal(Utf8("client-id"), frames[0]);
        Assert.Equal("<IDS|MSG>", Text(frames[1]));
        Assert.Matches("^[0-9a-f]{64}$", Text(frames[2]));
        Assert.Equal(Signer.Sign(frames[3], frames[4], frames[5], frames[6]), Text(frames[2]));
        Assert.Equal(message.MsgId, JsonNode.Parse(frames[3])!["msg_id"]!.GetValue<string>());
        Assert.Equal(Request().Header["msg_type"]!.GetValue<string>(), JsonNode.Parse(frames[4])!["msg_type"]!.GetValue<string>());
        Assert.Equal("""{"m":1}""", Text(frames[5]));
        Assert.Equal("""{"name":"stdout","text":"héllo ✓ <b>\"x\"</b>\n"}""", Text(frames[6]));   // no indentation, non-ASCII kept
        Assert.Equal([1, 2, 3], frames[7]);
    }

    [Fact]
    public void EncodeThenDecode_GivesTheSameMessage()
    {
        var message = JupyterMessage.Create("comm_msg", new JsonObject { ["data"] = new JsonObject { ["x"] = new JsonArray(1, 2.5, "ü", null, true) } },
            Request(), "k");
        message.Buffers.AddRange([[], [0, 255]]);

        var decoded = WireCodec.Decode(WireCodec.Encode(message, Signer), Signer);

        Assert.Equal(message.Identities, decoded.Identities);
        Assert.True(JsonNode.DeepEquals(message.Header, decoded.Header));
        Assert.True(JsonNode.DeepEquals(message.ParentHeader, decoded.ParentHeader));
        Assert.True(JsonNode.DeepEquals(message.Metadata, decoded.Metadata));
        Assert.True(JsonNode.DeepEquals(message.Content, decoded.Content));
        Assert.Equal(message.Buffers, decoded.Buffers);
        Assert.Equal(message.MsgId, decoded.MsgId);
        Assert.Equal("comm_msg", decoded.MsgType);
    }

    [Fact]
    public void Sign_MatchesPythonsHmacSha256()
    {
        // hmac.new(b"secret-key", digestmod=hashlib.sha256) updated with the four parts, in /usr/bin/python3
        var signature = Signer.Sign(Utf8("""{"msg_id":"1","msg_type":"t"}"""), Utf8("{}"), Utf8("{}"), Utf8("""{"text":"héllo"}"""));
        Assert.Equal("ec59554cd9f1c48dc6093ca0df139fa841dd3399a778d6d0a9c552906c1e1807", signature);
    }

    [Fact]
    public void EmptyKey_SignsWithEmptyString_AndAcceptsAnySignature()
    {
        var unsigned = new MessageSigner("");
        var frames = WireCodec.Encode(Request(), unsigned);
        Assert.False(unsigned.IsEnabled);
        Assert.Empty(frames[2]);

        frames[2] = Utf8("not a signature at all");   // jupyter_client skips the check entirely without a key
        Assert.Equal("execute_request", WireCodec.Decode(frames, unsigned).MsgType);

        Assert.Throws<WireFormatException>(() => WireCodec.Decode(frames, Signer));
    }

    [Theory]
    [InlineData("upper", "bad signature: message dropped")]
    [InlineData("empty", "unsigned message")]
    [InlineData("content changed", "bad signature: message dropped")]
    public void Decode_RejectsWrongSignatures(string change, string expected)
    {
        var frames = WireCodec.Encode(Request(), Signer);
        var signatureIndex = 2;
        switch (change)
        {
            case "upper": frames[signatureIndex] = Utf8(Text(frames[signatureIndex]).ToUpperInvariant()); break;   // jupyter_client wants lowercase too
            case "empty": frames[signatureIndex] = []; break;
            default: frames[6] = Utf8("""{"code":"rm -rf /"}"""); break;
        }
        var error = Assert.Throws<WireFormatException>(() => WireCodec.Decode(frames, Signer));
        Assert.Contains(expected, error.Message);
    }

    /// <summary>Properly signed frames around the given parts, so that what fails is the part itself.</summary>
    static List<byte[]> Signed(byte[] header, byte[] parent, byte[] metadata, byte[] content) =>
        [Utf8("<IDS|MSG>"), Utf8(Signer.Sign(header, parent, metadata, content)), header, parent, metadata, content];

    const string GoodHeader = """{"msg_id":"m1","msg_type":"execute_request"}""";

    [Theory]
    [InlineData("[1]", "{}", "{}", "header is not a JSON object: [1]")]
    [InlineData("""{"msg_type":"x"}""", "{}", "{}", "header has no string msg_id")]
    [InlineData("""{"msg_id":"1","msg_type":3}""", "{}", "{}", "header has no string msg_type")]
    [InlineData(GoodHeader, "{", "{}", "metadata is not valid JSON")]
    [InlineData(GoodHeader, "{}", "null", "content is not a JSON object: null")]
    [InlineData(GoodHeader, "{}", "\"text\"", "content is not a JSON object: \"text\"")]
    [InlineData(GoodHeader, "{}", "", "content is not valid JSON")]
    [InlineData(GoodHeader, "{}", """{"a":1,"a":2}""", "content is not valid JSON")]
    public void Decode_RejectsPartsThatAreNotJsonObjects(string header, string metadata, string content, string expected)
    {
        var frames = Signed(Utf8(header), Utf8("{}"), Utf8(metadata), Utf8(content));
        var error = Assert.Throws<WireFormatException>(() => WireCodec.Decode(frames, Signer));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Decode_RejectsInvalidUtf8_DeepNesting_AndBadFraming()
    {
        var bad = Assert.Throws<WireFormatException>(() =>
            WireCodec.Decode(Signed(Utf8(GoodHeader), [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], Utf8("{}"), Utf8("{}")), Signer));
        Assert.Contains("parent_header is not valid UTF-8", bad.Message);

        var deep = new string('[', 400) + new string(']', 400);
        bad = Assert.Throws<WireFormatException>(() => WireCodec.Decode(Signed(Utf8(GoodHeader), Utf8("{}"), Utf8("{}"), Utf8($$"""{"a":{{deep}}}""")), Signer));
        Assert.Contains("content is not valid JSON", bad.Message);

        bad = Assert.Throws<WireFormatException>(() => WireCodec.Decode([], Signer));
        Assert.Contains("missing <IDS|MSG> delimiter", bad.Message);
        bad = Assert.Throws<WireFormatException>(() => WireCodec.Decode([Utf8("id"), Utf8("<IDS|MSG>")], Signer));
        Assert.Contains("truncated message: 0 frames after <IDS|MSG>", bad.Message);
    }

    [Fact]
    public void Decode_OfRandomlyCorruptedFrames_ThrowsOnlyWireFormatException()
    {
        var unsigned = new MessageSigner("");   // no signature check, so corrupted JSON reaches the parser
        var message = JupyterMessage.Create("execute_request",
            new JsonObject { ["code"] = "Console.WriteLine(\"é\");", ["n"] = new JsonArray(1, 2, new JsonObject { ["x"] = null }) }, Request(), "s");
        var original = WireCodec.Encode(message, unsigned);
        var random = new Random(1234);
        for (var i = 0; i < 3000; i++)
        {
            var frames = original.Select(f => f.ToArray()).ToList();
            var part = random.Next(frames.Count);
            if (frames[part].Length > 0 && random.Next(4) > 0)
                frames[part][random.Next(frames[part].Length)] = (byte)random.Next(256);
            else
                frames[part] = frames[part].Take(random.Next(frames[part].Length + 1)).ToArray();
            try
            {
                WireCodec.Decode(frames, unsigned);
            }
            catch (WireFormatException)
            {
            }
        }
    }

    [Theory]
    [InlineData(Key)]
    [InlineData("")]
    public void CSharpMessage_IsAcceptedByJupyterClient(string key)
    {
        using var context = new ZmqContext();
        using var router = new ZmqSocket(context, ZmqSocketType.Router);
        router.Bind("tcp://127.0.0.1:*");
        using var python = PythonInterop.Start("receive", router.LastEndpoint, key);

        var hello = router.ReceiveMultipart(Wait);
        Assert.True(hello is not null, $"no 'ready' from python: {python.Diagnostics}");
        Assert.Equal([Utf8("py-client"), Utf8("ready")], hello);

        var request = JupyterMessage.Create("execute_request", new JsonObject { ["code"] = "1 + 1" }, null, "client-session", "py-user")
            .WithIdentities(hello[0]);
        var reply = JupyterMessage.Create("execute_reply",
            new JsonObject { ["status"] = "ok", ["execution_count"] = 3, ["text"] = "héllo ✓ 😀", ["list"] = new JsonArray(1, 2.5, null, false) },
            request, "kernel-session");
        reply.Metadata["engine"] = "csharp";
        reply.Buffers.Add([0, 1, 2, 255]);
        router.SendMultipart(WireCodec.Encode(reply, new MessageSigner(key)));

        var seen = python.Finish();
        var header = seen["header"]!.AsObject();
        Assert.Equal(reply.MsgId, header["msg_id"]!.GetValue<string>());
        Assert.Equal("execute_reply", header["msg_type"]!.GetValue<string>());
        Assert.Equal("kernel-session", header["session"]!.GetValue<string>());
        Assert.Equal("kernel", header["username"]!.GetValue<string>());
        Assert.Equal("5.3", header["version"]!.GetValue<string>());
        Assert.Equal("datetime", seen["date_type"]!.GetValue<string>());   // jupyter_client recognised our date format
        Assert.Equal(DateTimeOffset.Parse(reply.Header["date"]!.GetValue<string>()), DateTimeOffset.Parse(header["date"]!.GetValue<string>()));
        Assert.Equal(request.MsgId, seen["parent_header"]!["msg_id"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(reply.Content, seen["content"]), seen["content"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(reply.Metadata, seen["metadata"]));
        Assert.Equal([Convert.ToBase64String([0, 1, 2, 255])], seen["buffers"]!.AsArray().Select(b => b!.GetValue<string>()));
        // with a key, another key's session must refuse our signature; without one, our empty signature reads as unsigned
        Assert.Contains(key.Length > 0 ? "Invalid Signature" : "Unsigned Message", seen["wrong_key"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(Key)]
    [InlineData("")]
    public void JupyterClientMessages_DecodeInCSharp_AndBrokenOnesFailLikeInJupyterClient(string key)
    {
        var signer = new MessageSigner(key);
        using var context = new ZmqContext();
        using var router = new ZmqSocket(context, ZmqSocketType.Router);
        router.Bind("tcp://127.0.0.1:*");
        using var python = PythonInterop.Start("send", router.LastEndpoint, key);

        string[] names = ["valid", "bad_signature", "no_delimiter", "truncated", "invalid_json"];
        var received = new Dictionary<string, List<byte[]>>();
        foreach (var name in names)
        {
            var frames = router.ReceiveMultipart(Wait);
            Assert.True(frames is not null, $"no '{name}' message from python: {python.Diagnostics}");
            Assert.Equal(Utf8("py-client"), frames[0]);
            received[name] = frames;
        }
        router.SendMultipart([Utf8("py-client"), Utf8("ack")]);
        var sent = python.Finish();

        foreach (var name in names)   // the socket delivered python's frames unchanged
            Assert.Equal(sent["frames"]![name]!.AsArray().Select(f => Convert.FromBase64String(f!.GetValue<string>())), received[name].Skip(1));

        var valid = WireCodec.Decode(received["valid"], signer);
        var pythonFrames = received["valid"];
        Assert.Equal([Utf8("py-client")], valid.Identities);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(pythonFrames[3]), valid.Header));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(pythonFrames[5]), valid.Metadata));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(pythonFrames[6]), valid.Content));
        Assert.Equal("execute_request", valid.MsgType);
        Assert.Equal("py-user", valid.Header["username"]!.GetValue<string>());
        Assert.Equal("kernel_info_request", valid.ParentHeader["msg_type"]!.GetValue<string>());
        Assert.Equal("Console.WriteLine(\"héllo ✓ 😀\");", valid.Content["code"]!.GetValue<string>());
        Assert.Equal("cell-1", valid.Metadata["cellId"]!.GetValue<string>());
        Assert.Equal([[0, 1, 2, 255], []], valid.Buffers);
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$"), valid.Header["date"]!.GetValue<string>());

        var expected = new Dictionary<string, string>
        {
            ["bad_signature"] = "bad signature: message dropped",
            ["no_delimiter"] = "missing <IDS|MSG> delimiter",
            ["truncated"] = "truncated message: 3 frames after <IDS|MSG>",
            ["invalid_json"] = "content is not valid JSON",
        };
        foreach (var name in names)
        {
            var pythonVerdict = sent["python"]![name]!;
            var pythonAccepts = pythonVerdict.GetValueKind() == System.Text.Json.JsonValueKind.True;
            WireFormatException? error = null;
            try { WireCodec.Decode(received[name], signer); }
            catch (WireFormatException e) { error = e; }
            Assert.True(pythonAccepts == (error is null), $"{name}: jupyter_client says {pythonVerdict.ToJsonString()}, C# says {error?.Message ?? "accepted"}");
            if (error is not null) Assert.Contains(expected[name], error.Message);
        }
        // without a key jupyter_client ignores signatures, and so does the codec; with one, both refuse the altered signature
        Assert.Equal(key.Length == 0, sent["python"]!["bad_signature"]!.GetValueKind() == System.Text.Json.JsonValueKind.True);
    }
}
