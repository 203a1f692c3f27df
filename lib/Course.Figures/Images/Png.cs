using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Course.Figures;

/// <summary>Minimal PNG encoder: 8-bit grayscale (1 channel), RGB (3) or RGBA (4), no interlacing.</summary>
public static class Png
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>
    /// Encodes row-major, channel-interleaved pixels (<c>pixels[(y * width + x) * channels + c]</c>) as a PNG file.
    /// </summary>
    public static byte[] Encode(byte[] pixels, int width, int height, int channels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"PNG size must be positive, got {width}x{height}.");
        byte colorType = channels switch
        {
            1 => 0,
            3 => 2,
            4 => 6,
            _ => throw new ArgumentOutOfRangeException(nameof(channels), $"PNG channels must be 1, 3 or 4, got {channels}."),
        };
        long expected = (long)width * height * channels;
        if (pixels.Length != expected)
            throw new ArgumentException($"PNG pixel buffer for {width}x{height}x{channels} must hold {expected} bytes, got {pixels.Length}.", nameof(pixels));

        using var file = new MemoryStream();
        file.Write(Signature);

        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 8;          // bit depth
        ihdr[9] = colorType;  // 0 gray, 2 RGB, 6 RGBA
        ihdr[10] = 0;         // deflate
        ihdr[11] = 0;         // adaptive filtering
        ihdr[12] = 0;         // no interlace
        WriteChunk(file, "IHDR", ihdr);

        WriteChunk(file, "IDAT", Compress(pixels, width, height, channels));
        WriteChunk(file, "IEND", ReadOnlySpan<byte>.Empty);
        return file.ToArray();
    }

    private static byte[] Compress(byte[] pixels, int width, int height, int channels)
    {
        int stride = width * channels;
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                z.WriteByte(0); // filter type None
                z.Write(pixels, y * stride, stride);
            }
        }
        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        Encoding.ASCII.GetBytes(type, header[4..]);
        output.Write(header);
        output.Write(data);
        uint crc = Crc32.Update(Crc32.Compute(header[4..]), data);
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc);
        output.Write(crcBytes);
    }
}
