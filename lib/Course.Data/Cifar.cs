namespace Course.Data;

/// <summary>Reader and writer for the CIFAR-10 binary batches: 3073-byte records of one label byte followed by
/// 3072 pixel bytes (the 32×32 red plane, then green, then blue). No checksum verification.</summary>
public static class Cifar
{
    /// <summary>Bytes per record (1 label + 3×32×32 pixels).</summary>
    public const int RecordBytes = 3073;
    /// <summary>Pixel bytes per image.</summary>
    public const int ImageBytes = 3072;

    /// <summary>Reads one batch file. Images are N×3×32×32 bytes (channel planes as stored).</summary>
    public static (byte[] Images, byte[] Labels) ReadBatch(string path)
    {
        if (!File.Exists(path))
            throw new DatasetException($"File not found: '{path}'.", path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0 || bytes.Length % RecordBytes != 0)
            throw new DatasetException(
                $"'{path}' is not a CIFAR-10 binary batch: expected a non-zero multiple of {RecordBytes} bytes, found {bytes.Length} bytes" +
                (bytes.Length % RecordBytes != 0 ? $" ({bytes.Length / RecordBytes} whole records and {bytes.Length % RecordBytes} extra bytes; truncated?)." : "."),
                path);
        int n = bytes.Length / RecordBytes;
        var images = new byte[(long)n * ImageBytes];
        var labels = new byte[n];
        for (int i = 0; i < n; i++)
        {
            int at = i * RecordBytes;
            labels[i] = bytes[at];
            if (labels[i] > 9)
                throw new DatasetException(
                    $"'{path}' record {i} has label {labels[i]}; expected a label in 0..9.", path);
            Buffer.BlockCopy(bytes, at + 1, images, i * ImageBytes, ImageBytes);
        }
        return (images, labels);
    }

    /// <summary>Reads several batch files and concatenates them.</summary>
    public static (byte[] Images, byte[] Labels) ReadBatches(IEnumerable<string> paths)
    {
        var parts = paths.Select(ReadBatch).ToList();
        var images = new byte[parts.Sum(p => (long)p.Images.Length)];
        var labels = new byte[parts.Sum(p => p.Labels.Length)];
        long io = 0; int lo = 0;
        foreach (var (im, lb) in parts)
        {
            Buffer.BlockCopy(im, 0, images, (int)io, im.Length);
            Buffer.BlockCopy(lb, 0, labels, lo, lb.Length);
            io += im.Length; lo += lb.Length;
        }
        return (images, labels);
    }

    /// <summary>Writes a batch file from N×3072 image bytes and N labels.</summary>
    public static void WriteBatch(string path, byte[] images, byte[] labels)
    {
        if (images.Length != (long)labels.Length * ImageBytes)
            throw new ArgumentException($"images has {images.Length} bytes, expected {labels.Length}×{ImageBytes}.", nameof(images));
        using var f = File.Create(path);
        for (int i = 0; i < labels.Length; i++)
        {
            f.WriteByte(labels[i]);
            f.Write(images, i * ImageBytes, ImageBytes);
        }
    }
}
