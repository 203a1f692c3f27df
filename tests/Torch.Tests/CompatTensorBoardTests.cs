using System.Text;
using static TorchSharp.torch;

namespace Torch.Tests;

/// <summary>torch.utils.tensorboard.SummaryWriter: event files read back with a decoder written here from the TFRecord and protobuf specs.</summary>
public class CompatTensorBoardTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("tb-");
    public void Dispose() => _dir.Delete(true);

    /// <summary>CRC-32C bit by bit (reflected polynomial 0x82F63B78).</summary>
    static uint Crc32C(byte[] data)
    {
        uint crc = ~0u;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0x82F63B78u & (uint)-(int)(crc & 1));
        }
        return ~crc;
    }

    static uint Masked(byte[] data)
    {
        var c = Crc32C(data);
        return ((c >> 15) | (c << 17)) + 0xa282ead8u;
    }

    /// <summary>The records of a TFRecord file, each CRC checked.</summary>
    static List<byte[]> Records(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var records = new List<byte[]>();
        for (int p = 0; p < bytes.Length;)
        {
            var len = bytes[p..(p + 8)];
            Assert.Equal(Masked(len), BitConverter.ToUInt32(bytes, p + 8));
            int n = (int)BitConverter.ToUInt64(len);
            var data = bytes[(p + 12)..(p + 12 + n)];
            Assert.Equal(Masked(data), BitConverter.ToUInt32(bytes, p + 12 + n));
            records.Add(data);
            p += 12 + n + 4;
        }
        return records;
    }

    /// <summary>The fields of a protobuf message: (field number, value) with varints as ulong, fixed as long/int, bytes as byte[].</summary>
    static List<(int field, object value)> Fields(byte[] m)
    {
        var fields = new List<(int, object)>();
        int p = 0;
        ulong Varint()
        {
            ulong v = 0;
            for (int shift = 0; ; shift += 7)
            {
                byte b = m[p++];
                v |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80) return v;
            }
        }
        while (p < m.Length)
        {
            var key = Varint();
            int field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0: fields.Add((field, Varint())); break;
                case 1: fields.Add((field, BitConverter.ToInt64(m, p))); p += 8; break;
                case 2: { int n = (int)Varint(); fields.Add((field, m[p..(p + n)])); p += n; break; }
                case 5: fields.Add((field, BitConverter.ToInt32(m, p))); p += 4; break;
                default: throw new InvalidDataException($"wire type {key & 7}");
            }
        }
        return fields;
    }

    /// <summary>(step, tag, value) of a scalar event.</summary>
    static (long step, string tag, float value, double wallTime) Scalar(byte[] record)
    {
        var e = Fields(record);
        var summary = Fields((byte[])e.Single(f => f.field == 5).value);
        var value = Fields((byte[])summary.Single(f => f.field == 1).value);
        var step = e.Where(f => f.field == 2).Select(f => (long)(ulong)f.value).SingleOrDefault();
        return (step, Encoding.UTF8.GetString((byte[])value.Single(f => f.field == 1).value),
                BitConverter.Int32BitsToSingle((int)value.Single(f => f.field == 2).value),
                BitConverter.Int64BitsToDouble((long)e.Single(f => f.field == 1).value));
    }

    [Fact]
    public void The_crc_of_the_check_string_is_the_standard_one() => Assert.Equal(0xE3069283u, Crc32C("123456789"u8.ToArray()));

    [Fact]
    public void Scalars_are_written_as_checked_records_of_events()
    {
        var writer = utils.tensorboard.SummaryWriter(Path.Combine(_dir.FullName, "run"));
        Assert.Equal(Path.Combine(_dir.FullName, "run"), writer.LogDir);
        for (int i = 0; i < 3; i++) writer.add_scalar("loss/train", 1.5f - i, i);
        writer.add_scalar("acc", 0f, 7, walltime: 1_700_000_000);

        var file = Assert.Single(Directory.GetFiles(writer.LogDir));
        Assert.StartsWith("events.out.tfevents.", Path.GetFileName(file));
        var records = Records(file);
        Assert.Equal(5, records.Count);
        var first = Fields(records[0]);
        Assert.Equal("brain.Event:2", Encoding.UTF8.GetString((byte[])first.Single(f => f.field == 3).value));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        for (int i = 0; i < 3; i++)
        {
            var (step, tag, value, wall) = Scalar(records[i + 1]);
            Assert.Equal(((long)i, "loss/train", 1.5f - i), (step, tag, value));
            Assert.InRange(wall, now - 60, now + 60);
        }
        Assert.Equal((7L, "acc", 0f, 1_700_000_000.0), Scalar(records[4])); // a zero value is still written
    }

    [Fact]
    public void Scalars_of_one_chart_go_to_one_run_per_key()
    {
        var writer = utils.tensorboard.SummaryWriter(_dir.FullName, filename_suffix: "x");
        writer.add_scalars("loss", new Dictionary<string, float> { ["train"] = 1, ["test"] = 2 }, 0);
        writer.add_scalars("loss", [("train", 3f), ("test", 4f)], 1);
        foreach (var (key, values) in new[] { ("train", new[] { 1f, 3f }), ("test", new[] { 2f, 4f }) })
        {
            var file = Assert.Single(Directory.GetFiles(Path.Combine(_dir.FullName, "loss_" + key)));
            Assert.EndsWith(".x", file);
            var scalars = Records(file).Skip(1).Select(Scalar).ToList();
            Assert.Equal(values, scalars.Select(s => s.value));
            Assert.All(scalars, s => Assert.Equal("loss", s.tag));
            Assert.Equal(new long[] { 0, 1 }, scalars.Select(s => s.step));
        }
    }

    [Fact]
    public void A_run_name_is_made_from_the_time_and_host()
    {
        var writer = utils.tensorboard.SummaryWriter(_dir.FullName, createRunName: true);
        var run = Path.GetFileName(writer.LogDir);
        Assert.Equal(_dir.FullName, Path.GetDirectoryName(writer.LogDir));
        Assert.Matches(@"^[A-Z][a-z]{2}\d{2}_\d{2}-\d{2}-\d{2}_", run);
        Assert.EndsWith("_" + Environment.MachineName, run);
        Assert.True(Directory.Exists(writer.LogDir));
    }
}
