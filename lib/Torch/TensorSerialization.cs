using System.Runtime.InteropServices;
using static TorchSharp.Native;
using static TorchSharp.torch;

namespace TorchSharp;

/// <summary>
/// TorchSharp's ".NET format" of one tensor, which <c>Tensor.Save</c>/<c>Tensor.Load</c> and <c>Module.save</c>/<c>load</c> use.
/// Integers are unsigned LEB128 (7 bits a byte, low bits first, high bit set on all but the last byte):
/// <code>
/// dtype  LEB128  c10 ScalarType code (0 uint8, 1 int8, 2 int16, 3 int32, 4 int64, 5 float16, 6 float32, 7 float64, 11 bool, 15 bfloat16)
/// ndim   LEB128
/// dims   LEB128 × ndim
/// data   numel × element size bytes, row-major (C-contiguous), little-endian
/// </code>
/// </summary>
internal static class TensorFormat
{
    const int MaxDims = 64;

    public static void Encode(BinaryWriter w, long value)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), value, "LEB128 stores non-negative numbers only");
        do
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7;
            w.Write(value == 0 ? b : (byte)(b | 0x80));
        } while (value != 0);
    }

    public static long Decode(BinaryReader r, string what)
    {
        long result = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (shift > 56) throw new InvalidDataException($"{what}: a LEB128 number is longer than 9 bytes (not a TorchSharp tensor file, or a corrupt one)");
            byte b = r.ReadByte();
            result |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
    }

    /// <summary>Bytes per element, or 0 for a dtype the format cannot hold.</summary>
    public static int ElementSize(ScalarType t) => t switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 => 8,
        _ => 0,
    };

    public static unsafe void Write(BinaryWriter w, torch.Tensor t)
    {
        var shape = t.shape;
        long bytes = checked(t.numel() * ElementSize(t.dtype));
        if (bytes > Array.MaxLength) throw new NotSupportedException($"Tensor.Save: a tensor of {bytes} bytes is larger than one .NET array; save it in parts");
        var data = new byte[bytes];
        fixed (byte* p = data) Check(ts_copy_out(t.Handle, p, bytes), "Tensor.Save");
        Encode(w, (long)t.dtype);
        Encode(w, shape.Length);
        foreach (var d in shape) Encode(w, d);
        w.Write(data);
    }

    /// <summary>Reads a tensor's dtype and shape; <paramref name="what"/> names the file or entry in errors.</summary>
    public static (ScalarType dtype, long[] shape) ReadHeader(BinaryReader r, string what)
    {
        long code = Decode(r, what);
        var dtype = (ScalarType)code;
        if (code > sbyte.MaxValue || !Enum.IsDefined(dtype) || ElementSize(dtype) == 0)
            throw new InvalidDataException($"{what}: unknown or unsupported dtype code {code}");
        long ndim = Decode(r, what);
        if (ndim > MaxDims) throw new InvalidDataException($"{what}: {ndim} dimensions (at most {MaxDims}); not a TorchSharp tensor file, or a corrupt one");
        var shape = new long[ndim];
        for (int i = 0; i < ndim; i++) shape[i] = Decode(r, what);
        return (dtype, shape);
    }

    static long ByteCount(ScalarType dtype, long[] shape, string what)
    {
        try
        {
            long n = ElementSize(dtype);
            foreach (var d in shape) n = checked(n * d);
            if (n > Array.MaxLength) throw new OverflowException();
            return n;
        }
        catch (OverflowException) { throw new InvalidDataException($"{what}: shape [{string.Join(", ", shape)}] of {dtype} is too large to load"); }
    }

    /// <summary>Reads the data that follows a header into a new CPU tensor.</summary>
    public static unsafe torch.Tensor ReadData(BinaryReader r, ScalarType dtype, long[] shape, string what)
    {
        long bytes = ByteCount(dtype, shape, what);
        var s = r.BaseStream;
        if (s.CanSeek && bytes > s.Length - s.Position) throw new EndOfStreamException();
        var data = r.ReadBytes((int)bytes);
        if (data.Length != bytes) throw new EndOfStreamException();
        fixed (byte* p = data)
        fixed (long* sh = shape)
            return new torch.Tensor(ts_from_blob(p, sh, shape.Length, (int)dtype, (int)DeviceType.CPU, 0));
    }

    /// <summary>Reads past the data that follows a header.</summary>
    public static void SkipData(BinaryReader r, ScalarType dtype, long[] shape, string what)
    {
        long bytes = ByteCount(dtype, shape, what);
        var s = r.BaseStream;
        if (s.CanSeek)
        {
            if (bytes > s.Length - s.Position) throw new EndOfStreamException();
            s.Seek(bytes, SeekOrigin.Current);
        }
        else if (r.ReadBytes((int)bytes).Length != bytes) throw new EndOfStreamException();
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/> in place (any device), outside autograd.</summary>
    public static void CopyInto(torch.Tensor target, torch.Tensor source)
    {
        using var _ = torch.no_grad();
        target.copy_(source);
    }

    /// <summary>Writes a file through a temporary next to it, so that a failure never leaves a partial file.</summary>
    public static void WriteAtomically(string path, Action<BinaryWriter> write)
    {
        var full = Path.GetFullPath(path);
        var tmp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var w = new BinaryWriter(new FileStream(tmp, FileMode.CreateNew, FileAccess.Write))) write(w);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}

public static partial class torch
{
    /// <summary>Saves <paramref name="t"/> with libtorch's <c>torch::save</c> (see <see cref="Tensor.save"/>).</summary>
    public static void save(Tensor t, string location) => t.save(location);

    /// <summary>Loads a tensor written by libtorch's <c>torch::save</c> (see <see cref="Tensor.load"/>).</summary>
    public static Tensor load(string location) => Tensor.load(location);

    public partial class Tensor
    {
        /// <summary>
        /// Saves the tensor with libtorch's <c>torch::save</c> (a TorchScript archive, as TorchSharp's <c>save</c> and C++'s
        /// <c>torch::load</c> read it). For TorchSharp's .NET format, use <c>Save</c>.
        /// </summary>
        public void save(string location)
        {
            ArgumentException.ThrowIfNullOrEmpty(location);
            Check(NativeFiles.ts_save_file(Handle, location), $"Tensor.save('{location}')");
        }

        /// <summary>Loads a tensor written by libtorch's <c>torch::save</c> (TorchSharp's <c>save</c>).</summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="TorchException">libtorch cannot read it (e.g. it is in TorchSharp's .NET format: use <c>Load</c>).</exception>
        public static Tensor load(string location)
        {
            if (!File.Exists(location)) throw new FileNotFoundException($"Tensor.load: '{location}' does not exist.", location);
            return new Tensor(Check(NativeFiles.ts_load_file(location), $"Tensor.load('{location}') (libtorch's format; TorchSharp's .NET format is read by Tensor.Load)"));
        }

        /// <summary>Reads one tensor in TorchSharp's .NET format (written by <c>Save</c>); a new CPU tensor.</summary>
        public static Tensor Load(BinaryReader reader) => Load(reader, "Tensor.Load");

        /// <summary>Reads one tensor in TorchSharp's .NET format from <paramref name="stream"/> (left open).</summary>
        public static Tensor Load(Stream stream)
        {
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            return Load(reader);
        }

        /// <summary>Reads the tensor a file in TorchSharp's .NET format holds (written by <c>Save</c>).</summary>
        /// <exception cref="FileNotFoundException">The file does not exist.</exception>
        /// <exception cref="InvalidDataException">The file is truncated or not in that format.</exception>
        public static Tensor Load(string location)
        {
            if (!File.Exists(location)) throw new FileNotFoundException($"Tensor.Load: '{location}' does not exist.", location);
            using var reader = new BinaryReader(File.OpenRead(location));
            return Load(reader, $"Tensor file '{location}'");
        }

        static Tensor Load(BinaryReader reader, string what)
        {
            try
            {
                var (dtype, shape) = TensorFormat.ReadHeader(reader, what);
                return TensorFormat.ReadData(reader, dtype, shape, what);
            }
            catch (EndOfStreamException e) { throw new InvalidDataException($"{what} is truncated.", e); }
        }
    }
}

/// <summary>TorchSharp's extension methods on tensors: TorchSharp's .NET save format (this file).</summary>
public static partial class TensorExtensionMethods
{
    /// <summary>Writes the tensor in TorchSharp's .NET format: dtype, shape and the elements (copied from any device).</summary>
    public static void Save(this torch.Tensor tensor, BinaryWriter writer) => TensorFormat.Write(writer, tensor);

    /// <summary>Writes the tensor in TorchSharp's .NET format to <paramref name="stream"/> (left open).</summary>
    public static void Save(this torch.Tensor tensor, Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        tensor.Save(writer);
        writer.Flush();
    }

    /// <summary>Writes the tensor in TorchSharp's .NET format to a file (replaced atomically).</summary>
    public static void Save(this torch.Tensor tensor, string location) => TensorFormat.WriteAtomically(location, tensor.Save);

    /// <summary>
    /// Reads a tensor in TorchSharp's .NET format into <paramref name="tensor"/> (in place, any device). With
    /// <paramref name="skip"/> the data is read past and the tensor left as it is.
    /// </summary>
    /// <exception cref="ArgumentException">The stored dtype or (unless skipped) shape differs from the tensor's.</exception>
    public static void Load(this torch.Tensor tensor, BinaryReader reader, bool skip = false)
    {
        const string what = "Tensor.Load";
        var (dtype, shape) = TensorFormat.ReadHeader(reader, what);
        if (dtype != tensor.dtype)
            throw new ArgumentException($"{what}: the stream holds a {dtype} tensor, the target is {tensor.dtype}.", nameof(tensor));
        if (skip) { TensorFormat.SkipData(reader, dtype, shape, what); return; }
        if (!shape.SequenceEqual(tensor.shape))
            throw new ArgumentException($"{what}: the stream holds shape [{string.Join(", ", shape)}], the target has [{string.Join(", ", tensor.shape)}].", nameof(tensor));
        using var loaded = TensorFormat.ReadData(reader, dtype, shape, what);
        TensorFormat.CopyInto(tensor, loaded);
    }

    /// <summary>Reads a tensor in TorchSharp's .NET format; with <paramref name="skip"/>, a zero tensor of its dtype and shape.</summary>
    public static torch.Tensor Load(BinaryReader reader, bool skip = false)
    {
        torch.Tensor? t = null;
        Load(ref t, reader, skip);
        return t!;
    }

    /// <summary>
    /// Reads a tensor in TorchSharp's .NET format into <paramref name="tensor"/>, or into a new CPU tensor when it is null
    /// (zeros when <paramref name="skip"/>).
    /// </summary>
    public static void Load(ref torch.Tensor? tensor, BinaryReader reader, bool skip = false)
    {
        const string what = "Tensor.Load";
        var (dtype, shape) = TensorFormat.ReadHeader(reader, what);
        if (tensor is null && skip)
        {
            TensorFormat.SkipData(reader, dtype, shape, what);
            tensor = torch.zeros(shape, dtype);
        }
        else if (tensor is null) tensor = TensorFormat.ReadData(reader, dtype, shape, what);
        else if (skip) TensorFormat.SkipData(reader, dtype, shape, what);
        else
        {
            if (!shape.SequenceEqual(tensor.shape))
                throw new ArgumentException($"{what}: the stream holds shape [{string.Join(", ", shape)}], the target has [{string.Join(", ", tensor.shape)}].", nameof(tensor));
            using var loaded = TensorFormat.ReadData(reader, dtype, shape, what);
            TensorFormat.CopyInto(tensor, loaded);
        }
    }
}

/// <summary>The shim's entry points for libtorch's own tensor files.</summary>
internal static class NativeFiles
{
    [DllImport("course_torch", CharSet = CharSet.Ansi)] internal static extern int ts_save_file(IntPtr t, [MarshalAs(UnmanagedType.LPUTF8Str)] string path);
    [DllImport("course_torch", CharSet = CharSet.Ansi)] internal static extern IntPtr ts_load_file([MarshalAs(UnmanagedType.LPUTF8Str)] string path);
}
