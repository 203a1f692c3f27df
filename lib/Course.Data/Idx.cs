using System.Buffers.Binary;
using System.IO.Compression;

namespace Course.Data;

/// <summary>Images read from an IDX file: <see cref="Pixels"/> holds Count×Rows×Cols bytes, row-major.</summary>
public sealed record IdxImages(byte[] Pixels, int Count, int Rows, int Cols);

/// <summary>Reader and writer for the IDX format of MNIST and Fashion-MNIST (gzip-compressed or raw).
/// These methods do no checksum verification, so they can be used on any file.</summary>
public static class Idx
{
    /// <summary>Magic number of an IDX file of unsigned-byte images (3 dimensions).</summary>
    public const int ImagesMagic = 0x00000803;
    /// <summary>Magic number of an IDX file of unsigned-byte labels (1 dimension).</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>Reads an images file (magic 0x00000803). Gzip is detected from the content, not the name.</summary>
    public static IdxImages ReadImages(string path)
    {
        var bytes = ReadAllMaybeGzip(path);
        int[] dims = ParseHeader(path, bytes, ImagesMagic, 3);
        var pixels = Payload(path, bytes, 16, (long)dims[0] * dims[1] * dims[2]);
        return new IdxImages(pixels, dims[0], dims[1], dims[2]);
    }

    /// <summary>Reads a labels file (magic 0x00000801).</summary>
    public static byte[] ReadLabels(string path)
    {
        var bytes = ReadAllMaybeGzip(path);
        int[] dims = ParseHeader(path, bytes, LabelsMagic, 1);
        return Payload(path, bytes, 8, dims[0]);
    }

    /// <summary>Reads an images file and its labels file and checks that their counts agree.</summary>
    public static (IdxImages Images, byte[] Labels) Read(string imagesPath, string labelsPath)
    {
        var images = ReadImages(imagesPath);
        var labels = ReadLabels(labelsPath);
        if (images.Count != labels.Length)
            throw new DatasetException(
                $"Count mismatch: '{imagesPath}' holds {images.Count} images but '{labelsPath}' holds {labels.Length} labels; expected the same count.",
                labelsPath);
        return (images, labels);
    }

    /// <summary>Writes an images file (gzip-compressed when <paramref name="gzip"/>).</summary>
    public static void WriteImages(string path, byte[] pixels, int count, int rows, int cols, bool gzip = false)
    {
        if (pixels.Length != (long)count * rows * cols)
            throw new ArgumentException($"pixels has {pixels.Length} bytes, expected {count}×{rows}×{cols}.", nameof(pixels));
        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), cols);
        Write(path, header, pixels, gzip);
    }

    /// <summary>Writes a labels file (gzip-compressed when <paramref name="gzip"/>).</summary>
    public static void WriteLabels(string path, byte[] labels, bool gzip = false)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), labels.Length);
        Write(path, header, labels, gzip);
    }

    static void Write(string path, byte[] header, byte[] payload, bool gzip)
    {
        using var file = File.Create(path);
        using Stream s = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        s.Write(header);
        s.Write(payload);
    }

    /// <summary>Reads a whole file, decompressing it when it starts with the gzip signature 1F 8B.</summary>
    internal static byte[] ReadAllMaybeGzip(string path)
    {
        if (!File.Exists(path))
            throw new DatasetException($"File not found: '{path}'.", path);
        var raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1f || raw[1] != 0x8b) return raw;
        try
        {
            using var gz = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var ms = new MemoryStream(raw.Length * 2);
            gz.CopyTo(ms);
            return ms.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException($"'{path}' is not a valid gzip file (truncated or corrupt): {e.Message}", path, e);
        }
    }

    static int[] ParseHeader(string path, byte[] bytes, int magic, int ndims)
    {
        int headerLen = 4 + 4 * ndims;
        if (bytes.Length >= 4)
        {
            int found = BinaryPrimitives.ReadInt32BigEndian(bytes);
            if (found != magic)
                throw new DatasetException(
                    $"'{path}' has the wrong magic number: expected 0x{magic:X8} ({(ndims == 3 ? "images" : "labels")}), found 0x{found:X8}.", path);
        }
        if (bytes.Length < headerLen)
            throw new DatasetException(
                $"'{path}' is truncated: expected an IDX header of {headerLen} bytes, found {bytes.Length} bytes.", path);
        var dims = new int[ndims];
        for (int i = 0; i < ndims; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (dims[i] < 0)
                throw new DatasetException($"'{path}' has a negative dimension {dims[i]} in its header.", path);
        }
        return dims;
    }

    static byte[] Payload(string path, byte[] bytes, int offset, long expected)
    {
        long found = bytes.Length - offset;
        if (found < expected)
            throw new DatasetException(
                $"'{path}' is truncated: the header announces {expected} data bytes, found {found}.", path);
        if (found > expected)
            throw new DatasetException(
                $"'{path}' is longer than its header says: expected {expected} data bytes, found {found}.", path);
        return bytes.AsSpan(offset).ToArray();
    }
}
