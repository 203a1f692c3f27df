using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Course.Figures.Tests;

/// <summary>Independent PNG reader for tests: checks the structure and CRCs, inflates IDAT, undoes filter type 0.</summary>
internal static class PngReader
{
    public sealed record Decoded(int Width, int Height, int BitDepth, int ColorType, byte[] Pixels, List<string> Chunks);

    public static Decoded Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        int pos = 8, width = 0, height = 0, depth = 0, colorType = 0;
        var idat = new MemoryStream();
        var chunks = new List<string>();
        while (pos < png.Length)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            string type = Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, len);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + len));
            Assert.Equal(ReferenceCrc(png.AsSpan(pos + 4, len + 4)), crc);
            chunks.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                depth = data[8];
                colorType = data[9];
            }
            else if (type == "IDAT") idat.Write(data);
            pos += 12 + len;
        }
        Assert.Equal("IHDR", chunks[0]);
        Assert.Equal("IEND", chunks[^1]);
        int channels = colorType switch { 0 => 1, 2 => 3, 6 => 4, _ => throw new InvalidDataException($"color type {colorType}") };
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        int stride = width * channels;
        Assert.Equal(height * (stride + 1), bytes.Length);
        var pixels = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, bytes[y * (stride + 1)]); // filter None
            Array.Copy(bytes, y * (stride + 1) + 1, pixels, y * stride, stride);
        }
        return new Decoded(width, height, depth, colorType, pixels, chunks);
    }

    /// <summary>Bitwise CRC-32 (no table), independent of the library's implementation.</summary>
    public static uint ReferenceCrc(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFF;
        foreach (var b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (uint)-(int)(c & 1));
        }
        return ~c;
    }
}

internal static class Repo
{
    /// <summary>The repository root (the folder with package.json and lib/), found by walking up.</summary>
    public static string Root
    {
        get
        {
            foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
                for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                    if (File.Exists(Path.Combine(d.FullName, "package.json")) && Directory.Exists(Path.Combine(d.FullName, "lib", "Course.Figures")))
                        return d.FullName;
            throw new DirectoryNotFoundException("Repository root (package.json + lib/Course.Figures) not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>node_modules/plotly.js-dist-min/plotly.min.js, or a failure telling to run npm ci.</summary>
    public static string PlotlyFile
    {
        get
        {
            var p = Path.Combine(Root, PlotlyJs.NodeModulesFile);
            if (!File.Exists(p))
                Assert.Fail($"{p} is missing: run `npm ci` in the repository root ({Root}) first.");
            return p;
        }
    }
}
