using System.Runtime.InteropServices;
using System.Text;
using static TorchSharp.torch;

namespace TorchSharp;

/// <summary>
/// The "CTSD" state file: a module's named tensors (<see cref="torch.nn.Module.state_dict"/>) in a simple binary format.
/// All integers are little-endian.
/// <code>
/// magic   4 bytes  "CTSD"
/// version int32    1
/// count   int32    number of entries
/// entry × count:
///   name_len int32, name (UTF-8, name_len bytes)
///   dtype    int32  c10 ScalarType code (0 uint8, 3 int32, 4 int64, 6 float32, 7 float64, 11 bool)
///   ndim     int32, dims int64 × ndim
///   data     numel × element size bytes, row-major (C-contiguous), little-endian
/// </code>
/// Files are written to a temporary file next to the target and then renamed, so a crash never leaves a partial file.
/// </summary>
public static class StateFile
{
    private static readonly byte[] Magic = "CTSD"u8.ToArray();

    /// <summary>Current format version.</summary>
    public const int Version = 1;

    /// <summary>Writes the tensors (CPU copies) to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var entries = tensors.ToList();
        var tmp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))
            using (var w = new BinaryWriter(fs, Encoding.UTF8))
            {
                w.Write(Magic);
                w.Write(Version);
                w.Write(entries.Count);
                foreach (var (name, t) in entries) WriteEntry(w, name, t, full);
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    private static void WriteEntry(BinaryWriter w, string name, Tensor t, string file)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        w.Write(nameBytes.Length);
        w.Write(nameBytes);
        w.Write((int)t.dtype);
        var shape = t.shape;
        w.Write(shape.Length);
        foreach (var d in shape) w.Write(d);
        switch (t.dtype)
        {
            case ScalarType.Float32: w.Write(MemoryMarshal.AsBytes<float>(t.data<float>())); break;
            case ScalarType.Float64: w.Write(MemoryMarshal.AsBytes<double>(t.data<double>())); break;
            case ScalarType.Int64: w.Write(MemoryMarshal.AsBytes<long>(t.data<long>())); break;
            case ScalarType.Int32: w.Write(MemoryMarshal.AsBytes<int>(t.data<int>())); break;
            case ScalarType.Byte: w.Write(t.data<byte>()); break;
            case ScalarType.Bool: w.Write(MemoryMarshal.AsBytes<bool>(t.data<bool>())); break;
            default: throw new NotSupportedException($"State file '{file}': tensor '{name}' has dtype {t.dtype}, which the format does not store (float32, float64, int64, int32, uint8, bool).");
        }
    }

    /// <summary>Reads all tensors of a state file (CPU tensors, in file order); the caller disposes them.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Bad magic, unknown version or dtype, or a truncated file (names the file and entry).</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"State file '{path}' does not exist.", path);
        using var fs = File.OpenRead(path);
        return Read(fs, path);
    }

    /// <summary>Reads a state file from a seekable stream (left open); <paramref name="path"/> names it in errors.</summary>
    internal static Dictionary<string, Tensor> Read(Stream fs, string path)
    {
        var result = new Dictionary<string, Tensor>();
        using var r = new BinaryReader(fs, Encoding.UTF8, leaveOpen: true);
        string current = "(header)";
        try
        {
            var magic = r.ReadBytes(4);
            if (!magic.AsSpan().SequenceEqual(Magic))
                throw new InvalidDataException($"'{path}' is not a state file: expected magic \"CTSD\", found \"{Encoding.ASCII.GetString(magic)}\".");
            int version = r.ReadInt32();
            if (version != Version) throw new InvalidDataException($"State file '{path}' has version {version}; this binding reads version {Version}.");
            int count = r.ReadInt32();
            if (count < 0) throw new InvalidDataException($"State file '{path}' has a negative entry count ({count}).");
            for (int i = 0; i < count; i++)
            {
                current = $"entry #{i}";
                int nameLen = r.ReadInt32();
                if (nameLen < 0 || nameLen > fs.Length - fs.Position)
                    throw new InvalidDataException($"State file '{path}': {current} has an invalid name length {nameLen} (file truncated or corrupt).");
                var name = Encoding.UTF8.GetString(ReadExactly(r, nameLen));
                current = $"'{name}'";
                var t = ReadTensor(r, fs, path, name);
                if (!result.TryAdd(name, t)) { t.Dispose(); throw new InvalidDataException($"State file '{path}' contains key '{name}' twice."); }
            }
        }
        catch (EndOfStreamException e)
        {
            foreach (var t in result.Values) t.Dispose();
            throw new InvalidDataException($"State file '{path}' is truncated (while reading {current}).", e);
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return result;
    }

    private static Tensor ReadTensor(BinaryReader r, Stream fs, string path, string name)
    {
        var dtype = (ScalarType)r.ReadInt32();
        int size = dtype switch
        {
            ScalarType.Float32 or ScalarType.Int32 => 4,
            ScalarType.Float64 or ScalarType.Int64 => 8,
            ScalarType.Byte or ScalarType.Bool => 1,
            _ => throw new InvalidDataException($"State file '{path}': tensor '{name}' has unsupported dtype code {(int)dtype}."),
        };
        int ndim = r.ReadInt32();
        if (ndim < 0 || ndim > 64) throw new InvalidDataException($"State file '{path}': tensor '{name}' has invalid ndim {ndim}.");
        var dims = new long[ndim];
        long numel = 1;
        for (int d = 0; d < ndim; d++)
        {
            dims[d] = r.ReadInt64();
            if (dims[d] < 0) throw new InvalidDataException($"State file '{path}': tensor '{name}' has negative dimension {dims[d]}.");
            numel = checked(numel * dims[d]);
        }
        long bytes = checked(numel * size);
        if (bytes > fs.Length - fs.Position)
            throw new InvalidDataException($"State file '{path}' is truncated: tensor '{name}' needs {bytes} bytes, {fs.Length - fs.Position} remain.");
        var raw = ReadExactly(r, (int)bytes);
        return dtype switch
        {
            ScalarType.Float32 => tensor(MemoryMarshal.Cast<byte, float>(raw).ToArray(), dims),
            ScalarType.Float64 => tensor(MemoryMarshal.Cast<byte, double>(raw).ToArray(), dims),
            ScalarType.Int64 => tensor(MemoryMarshal.Cast<byte, long>(raw).ToArray(), dims),
            ScalarType.Int32 => tensor(MemoryMarshal.Cast<byte, int>(raw).ToArray(), dims),
            ScalarType.Byte => tensor(raw, dims),
            _ => tensor(raw.Select(b => b != 0).ToArray(), dims),
        };
    }

    private static byte[] ReadExactly(BinaryReader r, int n)
    {
        var b = r.ReadBytes(n);
        if (b.Length != n) throw new EndOfStreamException();
        return b;
    }
}
