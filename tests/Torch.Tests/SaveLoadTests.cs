using TorchSharp;
using static TorchSharp.torch;

namespace Torch.Tests;

/// <summary>Module save/load through CTSD state files.</summary>
public class SaveLoadTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ctsd-");
    public void Dispose() => _dir.Delete(true);
    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    private static TorchSharp.Modules.Sequential Model(long hidden = 5) =>
        nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.Flatten(), nn.Linear(8, hidden), nn.Linear(hidden, 3));

    [Fact]
    public void Round_trip_is_bitwise_and_gives_same_outputs()
    {
        using var a = Model();
        using (var scope = NewDisposeScope()) a.call(randn(4, 1, 4, 4)); // move the BN running stats
        a.eval();
        var file = PathOf("model.ctsd");
        a.save(file);
        using var b = Model();
        b.load(file).eval();
        foreach (var ((n1, t1), (n2, t2)) in a.state_dict().Zip(b.state_dict()))
        {
            Assert.Equal(n1, n2);
            Assert.Equal(t1.dtype, t2.dtype);
            Assert.True(t1.equal(t2), $"{n1} differs after load");
        }
        Assert.Equal(1L, b.state_dict()["1.num_batches_tracked"].item<long>());
        using var x = randn(3, 1, 4, 4);
        using var ya = a.call(x);
        using var yb = b.call(x);
        Assert.Equal(ya.data<float>(), yb.data<float>());
        Assert.Empty(Directory.GetFiles(_dir.FullName, "*.tmp-*"));
    }

    [Fact]
    public void StateFile_round_trips_all_supported_dtypes()
    {
        var file = PathOf("mixed.ctsd");
        var src = new Dictionary<string, Tensor>
        {
            ["f32"] = tensor(new float[] { 1.5f, -2, float.NaN, 3 }, new long[] { 2, 2 }),
            ["f64"] = tensor(new[] { Math.PI, -0.0 }),
            ["i64"] = tensor(new long[] { long.MaxValue, -1, 0 }),
            ["i32"] = tensor(new[] { 7, -7 }),
            ["u8"] = tensor(new byte[] { 0, 255 }),
            ["b"] = tensor(new[] { true, false, true }),
            ["scalar"] = zeros(Array.Empty<long>(), ScalarType.Int64),
            ["empty"] = zeros(0, 3),
        };
        StateFile.Write(file, src);
        var back = StateFile.Read(file);
        Assert.Equal(src.Keys, back.Keys);
        foreach (var (k, t) in src)
        {
            Assert.Equal(t.dtype, back[k].dtype);
            Assert.Equal(t.shape, back[k].shape);
        }
        Assert.Equal(BitConverter.SingleToInt32Bits(float.NaN), BitConverter.SingleToInt32Bits(back["f32"].data<float>()[2]));
        Assert.Equal(src["f64"].data<double>().Select(BitConverter.DoubleToInt64Bits), back["f64"].data<double>().Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(src["i64"].data<long>(), back["i64"].data<long>());
        Assert.Equal(src["i32"].data<int>(), back["i32"].data<int>());
        Assert.Equal(src["u8"].data<byte>(), back["u8"].data<byte>());
        Assert.Equal(src["b"].data<bool>(), back["b"].data<bool>());
        foreach (var t in src.Values.Concat(back.Values)) t.Dispose();
    }

    [Fact]
    public void Loading_into_a_wrong_shape_model_names_key_and_shapes()
    {
        using var a = Model(hidden: 5);
        var file = PathOf("h5.ctsd");
        a.save(file);
        using var b = Model(hidden: 6);
        var e = Assert.Throws<ArgumentException>(() => b.load(file));
        Assert.Contains("'4.weight'", e.Message);
        Assert.Contains("[6, 8]", e.Message);
        Assert.Contains("[5, 8]", e.Message);
        Assert.Contains(file, e.Message);
    }

    [Fact]
    public void Missing_key_bad_magic_and_truncation_are_clear_errors()
    {
        using var a = Model();
        var file = PathOf("m.ctsd");
        var state = a.state_dict();
        StateFile.Write(file, state.Where(kv => kv.Key != "5.bias"));
        using var b = Model();
        var e = Assert.Throws<ArgumentException>(() => b.load(file));
        Assert.Contains("5.bias", e.Message);
        Assert.Contains(file, e.Message);

        var bad = PathOf("bad.ctsd");
        File.WriteAllBytes(bad, "PK\x03\x04 not a state file"u8.ToArray());
        var ie = Assert.Throws<InvalidDataException>(() => StateFile.Read(bad));
        Assert.Contains("CTSD", ie.Message);
        Assert.Contains(bad, ie.Message);

        a.save(file);
        var bytes = File.ReadAllBytes(file);
        var cut = PathOf("cut.ctsd");
        File.WriteAllBytes(cut, bytes[..(bytes.Length - 10)]);
        ie = Assert.Throws<InvalidDataException>(() => b.load(cut));
        Assert.Contains("truncated", ie.Message);
        Assert.Contains("5.bias", ie.Message);
        Assert.Contains(cut, ie.Message);

        Assert.Throws<FileNotFoundException>(() => b.load(PathOf("absent.ctsd")));
    }
}
