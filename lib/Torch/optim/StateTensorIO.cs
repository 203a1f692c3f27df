using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace TorchSharp.Modules;

/// <summary>
/// TorchSharp's binary encoding of optimizer state: counts as LEB128, and a tensor as its dtype code, number of
/// dimensions and dimensions (LEB128 each), then its elements (row-major, little-endian).
/// </summary>
internal static class StateTensorIO
{
    /// <summary>Writes a non-negative integer as LEB128 (7 bits a byte, low bits first).</summary>
    public static void Encode(BinaryWriter writer, long value)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "LEB128 encodes non-negative numbers only");
        do
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7;
            writer.Write(value == 0 ? b : (byte)(b | 0x80));
        } while (value != 0);
    }

    /// <summary>Reads a LEB128 integer.</summary>
    public static long Decode(BinaryReader reader)
    {
        long result = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (shift > 62) throw new InvalidDataException("optimizer state: malformed LEB128 number");
            byte b = reader.ReadByte();
            result |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    /// <summary>Writes <paramref name="t"/> (copied to the CPU for reading).</summary>
    public static void Write(BinaryWriter writer, Tensor t)
    {
        Encode(writer, (long)t.dtype);
        var shape = t.shape;
        Encode(writer, shape.Length);
        foreach (var d in shape) Encode(writer, d);
        using var c = t.to(t.dtype, CPU);
        switch (t.dtype)
        {
            case ScalarType.Float32: writer.Write(MemoryMarshal.AsBytes<float>(c.data<float>())); break;
            case ScalarType.Float64: writer.Write(MemoryMarshal.AsBytes<double>(c.data<double>())); break;
            case ScalarType.Int64: writer.Write(MemoryMarshal.AsBytes<long>(c.data<long>())); break;
            case ScalarType.Int32: writer.Write(MemoryMarshal.AsBytes<int>(c.data<int>())); break;
            case ScalarType.Byte: writer.Write(c.data<byte>()); break;
            case ScalarType.Bool: writer.Write(MemoryMarshal.AsBytes<bool>(c.data<bool>())); break;
            default: throw new NotSupportedException($"optimizer state: cannot save a {t.dtype} tensor (float32, float64, int64, int32, uint8, bool)");
        }
    }

    /// <summary>Reads a tensor (a new CPU tensor, owned by the caller).</summary>
    public static Tensor Read(BinaryReader reader)
    {
        var dtype = (ScalarType)Decode(reader);
        int size = dtype switch
        {
            ScalarType.Float32 or ScalarType.Int32 => 4,
            ScalarType.Float64 or ScalarType.Int64 => 8,
            ScalarType.Byte or ScalarType.Bool => 1,
            _ => throw new InvalidDataException($"optimizer state: unsupported tensor dtype code {(int)dtype}"),
        };
        long ndim = Decode(reader);
        if (ndim > 64) throw new InvalidDataException($"optimizer state: tensor with {ndim} dimensions");
        var dims = new long[ndim];
        long numel = 1;
        for (int i = 0; i < ndim; i++) numel = checked(numel * (dims[i] = Decode(reader)));
        var raw = reader.ReadBytes(checked((int)(numel * size)));
        if (raw.Length != numel * size) throw new EndOfStreamException($"optimizer state: a tensor needs {numel * size} bytes, {raw.Length} remain");
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
}
