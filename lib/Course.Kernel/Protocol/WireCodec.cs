using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Course.Kernel.Protocol;

/// <summary>
/// The Jupyter wire format: a message travels as the frames
/// <c>[identities..., "&lt;IDS|MSG&gt;", signature, header, parent_header, metadata, content, buffers...]</c>,
/// the four middle parts being UTF-8 JSON objects.
/// </summary>
internal static class WireCodec
{
    /// <summary>The frame separating routing identities from the message.</summary>
    public static ReadOnlySpan<byte> Delimiter => "<IDS|MSG>"u8;

    // Compact JSON that keeps non-ASCII text as UTF-8 (only quotes, backslashes and control characters are escaped;
    // this encoder still writes characters outside the BMP, e.g. emoji, as \u surrogate pairs, which is equivalent JSON).
    static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    // Duplicate keys are rejected while parsing; otherwise JsonObject would throw later, on first access.
    static readonly JsonDocumentOptions ReaderOptions = new() { AllowDuplicateProperties = false, MaxDepth = 256 };

    /// <summary>The frames for a message, signed with <paramref name="signer"/>.</summary>
    public static List<byte[]> Encode(JupyterMessage message, MessageSigner signer)
    {
        var header = Serialize(message.Header);
        var parent = Serialize(message.ParentHeader);
        var metadata = Serialize(message.Metadata);
        var content = Serialize(message.Content);
        var frames = new List<byte[]>(message.Identities.Count + 6 + message.Buffers.Count);
        frames.AddRange(message.Identities);
        frames.Add(Delimiter.ToArray());
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(header, parent, metadata, content)));
        frames.AddRange([header, parent, metadata, content]);
        frames.AddRange(message.Buffers);
        return frames;
    }

    /// <summary>
    /// Parses and authenticates received frames. Anything malformed, unsigned or wrongly signed throws
    /// <see cref="WireFormatException"/> (and nothing else) saying what was wrong.
    /// </summary>
    public static JupyterMessage Decode(IReadOnlyList<byte[]> frames, MessageSigner signer)
    {
        var delimiter = -1;
        for (var i = 0; i < frames.Count && delimiter < 0; i++)
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) delimiter = i;
        if (delimiter < 0)
            throw new WireFormatException($"missing <IDS|MSG> delimiter: message dropped ({frames.Count} frames)");
        var after = frames.Count - delimiter - 1;
        if (after < 5)
            throw new WireFormatException(
                $"truncated message: {after} frames after <IDS|MSG>, expected at least 5 (signature, header, parent_header, metadata, content)");

        var signature = frames[delimiter + 1];
        byte[] header = frames[delimiter + 2], parent = frames[delimiter + 3], metadata = frames[delimiter + 4], content = frames[delimiter + 5];
        if (signer.IsEnabled && signature.Length == 0)
            throw new WireFormatException("unsigned message (empty signature while a key is set): message dropped");
        if (!signer.Verify(signature, header, parent, metadata, content))
            throw new WireFormatException("bad signature: message dropped");

        try
        {
            var headerObject = ParseObject(header, "header");
            foreach (var field in (string[])["msg_id", "msg_type"])
                if (headerObject[field] is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                    throw new WireFormatException($"header has no string {field}: {Preview(header)}");
            return new JupyterMessage
            {
                Identities = [.. frames.Take(delimiter)],
                Header = headerObject,
                ParentHeader = ParseObject(parent, "parent_header"),
                Metadata = ParseObject(metadata, "metadata"),
                Content = ParseObject(content, "content"),
                Buffers = [.. frames.Skip(delimiter + 6)],
            };
        }
        catch (Exception e) when (e is not WireFormatException)
        {
            throw new WireFormatException($"malformed message: {e.Message}", e);   // safety net: nothing else escapes
        }
    }

    /// <summary>Compact UTF-8 JSON for one part.</summary>
    public static byte[] Serialize(JsonObject part)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) part.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }

    static JsonObject ParseObject(byte[] utf8, string part)
    {
        if (!Utf8.IsValid(utf8)) throw new WireFormatException($"{part} is not valid UTF-8: {Preview(utf8)}");
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(Encoding.UTF8.GetString(utf8), documentOptions: ReaderOptions);
        }
        catch (JsonException e)
        {
            throw new WireFormatException($"{part} is not valid JSON ({e.Message}): {Preview(utf8)}", e);
        }
        return node as JsonObject ?? throw new WireFormatException($"{part} is not a JSON object: {Preview(utf8)}");
    }

    /// <summary>The start of a frame as text, for error messages.</summary>
    static string Preview(byte[] frame)
    {
        var text = Encoding.UTF8.GetString(frame, 0, Math.Min(frame.Length, 120));
        return frame.Length > 120 ? text + "…" : text;
    }
}
