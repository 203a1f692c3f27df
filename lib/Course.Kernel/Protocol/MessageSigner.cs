using System.Security.Cryptography;
using System.Text;

namespace Course.Kernel.Protocol;

/// <summary>
/// HMAC-SHA256 signatures of Jupyter messages: the MAC of header, parent_header, metadata and content (the serialised
/// frames, in that order), as lowercase hex. With an empty key signing is off, exactly as in jupyter_client:
/// <see cref="Sign"/> gives "" and <see cref="Verify"/> accepts any signature. Thread-safe.
/// </summary>
internal sealed class MessageSigner
{
    readonly byte[] _key;

    /// <summary>A signer for a key as written in the connection file (its UTF-8 bytes are the HMAC key).</summary>
    public MessageSigner(string key) : this(Encoding.UTF8.GetBytes(key)) { }

    /// <summary>A signer for raw key bytes.</summary>
    public MessageSigner(byte[] key) => _key = key.ToArray();

    /// <summary>The signer for a connection file's key.</summary>
    public static MessageSigner For(ConnectionInfo info) => new(info.Key);

    /// <summary>Whether messages are signed and checked (the key is not empty).</summary>
    public bool IsEnabled => _key.Length > 0;

    /// <summary>The signature frame's text for these four serialised parts; "" when signing is off.</summary>
    public string Sign(byte[] header, byte[] parentHeader, byte[] metadata, byte[] content)
    {
        if (!IsEnabled) return "";
        Span<byte> mac = stackalloc byte[32];
        ComputeMac(header, parentHeader, metadata, content, mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>
    /// Whether <paramref name="signature"/> (the signature frame) is right for the four parts, compared in constant time.
    /// Like jupyter_client, the hex must be lowercase; with signing off every signature is accepted.
    /// </summary>
    public bool Verify(byte[] signature, byte[] header, byte[] parentHeader, byte[] metadata, byte[] content)
    {
        if (!IsEnabled) return true;
        Span<byte> mac = stackalloc byte[32];
        ComputeMac(header, parentHeader, metadata, content, mac);
        Span<byte> expected = stackalloc byte[64];
        Encoding.ASCII.GetBytes(Convert.ToHexStringLower(mac), expected);
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }

    void ComputeMac(byte[] header, byte[] parentHeader, byte[] metadata, byte[] content, Span<byte> mac)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);   // one per call: IncrementalHash is not thread-safe
        hmac.AppendData(header);
        hmac.AppendData(parentHeader);
        hmac.AppendData(metadata);
        hmac.AppendData(content);
        hmac.GetHashAndReset(mac);
    }
}
