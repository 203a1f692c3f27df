using System.Globalization;
using System.Text;
using Tensorboard;
using TorchSharp.Utils;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class utils
        {
            /// <summary>Logging for TensorBoard, shaped like TorchSharp's and PyTorch's <c>torch.utils.tensorboard</c>.</summary>
            public static partial class tensorboard
            {
                /// <summary>
                /// A writer of TensorBoard event files in <paramref name="log_dir"/> (default: <c>runs/MonDD_HH-MM-SS_HOST</c>).
                /// </summary>
                /// <param name="log_dir">The directory; created if needed.</param>
                /// <param name="filename_suffix">Appended to the event file's name.</param>
                /// <param name="createRunName">Put the events in a time-stamped run directory inside <paramref name="log_dir"/>.</param>
                public static Modules.SummaryWriter SummaryWriter(string? log_dir = null, string? filename_suffix = null, bool createRunName = false) =>
                    new(string.IsNullOrEmpty(log_dir) ? RunName("runs") : createRunName ? RunName(log_dir) : log_dir, filename_suffix);

                /// <summary>PyTorch's default run directory: <c>Nov24_18-05-09_HOST</c> inside <paramref name="log_dir"/>.</summary>
                internal static string RunName(string log_dir) =>
                    Path.Combine(log_dir, DateTime.Now.ToString("MMMdd_HH-mm-ss", CultureInfo.InvariantCulture) + "_" + Environment.MachineName);
            }
        }
    }

    namespace Modules
    {
        /// <summary>
        /// Writes scalars to TensorBoard event files: TFRecord files (length, masked CRC-32C of the length, an <see cref="Event"/>
        /// message, masked CRC-32C of the message), starting with a <c>brain.Event:2</c> version record. Each event is appended
        /// and flushed at once, so TensorBoard shows a run while it trains.
        /// </summary>
        public class SummaryWriter
        {
            static int uid;
            readonly string? suffix;
            readonly Dictionary<string, string> files = new();

            internal SummaryWriter(string log_dir, string? filename_suffix)
            {
                LogDir = log_dir;
                suffix = filename_suffix;
                files[""] = NewFile(LogDir);
            }

            /// <summary>The directory the events are written to.</summary>
            public string LogDir { get; }

            /// <summary>Records <paramref name="scalar_value"/> under <paramref name="tag"/> at step <paramref name="global_step"/>.</summary>
            /// <param name="tag">The chart's name, e.g. <c>"loss/train"</c>.</param>
            /// <param name="scalar_value">The value.</param>
            /// <param name="global_step">The step (x axis).</param>
            /// <param name="walltime">Seconds since 1970 (default: now).</param>
            public void add_scalar(string tag, float scalar_value, int global_step, long? walltime = null) =>
                Write(files[""], tag, scalar_value, global_step, walltime);

            /// <summary>Records several values in one chart <paramref name="main_tag"/>: each key's values go to the run <c>LogDir/main_tag_key</c>.</summary>
            public void add_scalars(string main_tag, IDictionary<string, float> tag_scalar_dict, int global_step, long? walltime = null) =>
                add_scalars(main_tag, tag_scalar_dict.Select(kv => (kv.Key, kv.Value)).ToList(), global_step, walltime);

            /// <summary>Records several values in one chart <paramref name="main_tag"/>: each key's values go to the run <c>LogDir/main_tag_key</c>.</summary>
            public void add_scalars(string main_tag, IList<(string, float)> tag_scalar_dict, int global_step, long? walltime = null)
            {
                foreach (var (key, value) in tag_scalar_dict)
                {
                    if (!files.TryGetValue(key, out var file)) files[key] = file = NewFile(Path.Combine(LogDir, $"{main_tag}_{key}"));
                    Write(file, main_tag, value, global_step, walltime);
                }
            }

            static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

            string NewFile(string dir)
            {
                Directory.CreateDirectory(dir);
                var name = $"events.out.tfevents.{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Environment.MachineName}.{Environment.ProcessId}.{Interlocked.Increment(ref uid)}";
                if (!string.IsNullOrEmpty(suffix)) name += "." + suffix;
                var path = Path.Combine(dir, name);
                File.Delete(path);
                Append(path, new Event { WallTime = Now(), FileVersion = "brain.Event:2" });
                return path;
            }

            static void Write(string file, string tag, float value, int step, long? walltime)
            {
                var summary = new Summary();
                summary.Value.Add(new Summary.Types.Value { Tag = tag, SimpleValue = value });
                Append(file, new Event { WallTime = walltime ?? Now(), Step = step, Summary = summary });
            }

            /// <summary>Appends one TFRecord holding <paramref name="e"/>.</summary>
            static void Append(string file, Event e)
            {
                var data = e.ToByteArray();
                var length = BitConverter.GetBytes((ulong)data.Length);
                if (!BitConverter.IsLittleEndian) Array.Reverse(length);
                using var s = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.Read);
                using var w = new BinaryWriter(s);
                w.Write(length);
                w.Write(Crc32C.Masked(length));
                w.Write(data);
                w.Write(Crc32C.Masked(data));
            }
        }
    }

    namespace Utils
    {
        /// <summary>CRC-32C (Castagnoli), as TFRecord files use it, and TensorFlow's masking of it.</summary>
        internal static class Crc32C
        {
            static readonly uint[] Table = Enumerable.Range(0, 256).Select(i =>
            {
                uint c = (uint)i;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
                return c;
            }).ToArray();

            public static uint Compute(ReadOnlySpan<byte> data)
            {
                uint crc = 0xFFFFFFFFu;
                foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
                return ~crc;
            }

            /// <summary>The CRC rotated right by 15 bits plus 0xa282ead8, so that CRCs of data holding CRCs stay well spread.</summary>
            public static uint Masked(ReadOnlySpan<byte> data)
            {
                uint crc = Compute(data);
                return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
            }
        }
    }
}

namespace Tensorboard
{
    /// <summary>
    /// TensorFlow's <c>Event</c> message (tensorflow/core/util/event.proto), the fields a scalar writer needs, encoded by hand
    /// (proto3: fields at their default value are left out).
    /// </summary>
    public sealed class Event
    {
        /// <summary>Seconds since 1970 (field 1, double).</summary>
        public double WallTime { get; set; }
        /// <summary>The step (field 2, int64).</summary>
        public long Step { get; set; }
        /// <summary>The file format's version, in a file's first event (field 3, string).</summary>
        public string FileVersion { get; set; } = "";
        /// <summary>The values logged (field 5, message).</summary>
        public Summary? Summary { get; set; }

        /// <summary>The message's protobuf encoding.</summary>
        public byte[] ToByteArray()
        {
            var w = new ProtoWriter();
            if (WallTime != 0) w.Fixed64(1, BitConverter.DoubleToInt64Bits(WallTime));
            if (Step != 0) w.Varint(2, (ulong)Step);
            if (FileVersion.Length > 0) w.Bytes(3, Encoding.UTF8.GetBytes(FileVersion));
            if (Summary is not null) w.Bytes(5, Summary.ToByteArray());
            return w.ToArray();
        }
    }

    /// <summary>TensorFlow's <c>Summary</c> message (summary.proto): a list of tagged values.</summary>
    public sealed class Summary
    {
        /// <summary>The values (field 1, repeated message).</summary>
        public List<Types.Value> Value { get; } = new();

        /// <summary>The message's protobuf encoding.</summary>
        public byte[] ToByteArray()
        {
            var w = new ProtoWriter();
            foreach (var v in Value) w.Bytes(1, v.ToByteArray());
            return w.ToArray();
        }

        /// <summary>Nested message types, as protobuf's C# code names them.</summary>
        public static class Types
        {
            /// <summary>One tagged value: here always a scalar (<c>simple_value</c>).</summary>
            public sealed class Value
            {
                /// <summary>The chart's name (field 1, string).</summary>
                public string Tag { get; set; } = "";
                /// <summary>The scalar (field 2, float; part of a oneof, so written even when 0).</summary>
                public float SimpleValue { get; set; }

                /// <summary>The message's protobuf encoding.</summary>
                public byte[] ToByteArray()
                {
                    var w = new ProtoWriter();
                    if (Tag.Length > 0) w.Bytes(1, Encoding.UTF8.GetBytes(Tag));
                    w.Fixed32(2, BitConverter.SingleToInt32Bits(SimpleValue));
                    return w.ToArray();
                }
            }
        }
    }

    /// <summary>The few protobuf wire encodings the event messages use.</summary>
    internal sealed class ProtoWriter
    {
        readonly MemoryStream s = new();

        void Raw(ulong v)
        {
            for (; v >= 0x80; v >>= 7) s.WriteByte((byte)(v | 0x80));
            s.WriteByte((byte)v);
        }

        void Key(int field, int wireType) => Raw((ulong)(field << 3 | wireType));

        public void Varint(int field, ulong v) { Key(field, 0); Raw(v); }
        public void Fixed64(int field, long v) { Key(field, 1); s.Write(BitConverter.GetBytes(v)); }
        public void Bytes(int field, byte[] b) { Key(field, 2); Raw((ulong)b.Length); s.Write(b); }
        public void Fixed32(int field, int v) { Key(field, 5); s.Write(BitConverter.GetBytes(v)); }
        public byte[] ToArray() => s.ToArray();
    }
}
