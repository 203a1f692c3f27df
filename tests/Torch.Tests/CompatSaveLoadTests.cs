using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Torch.Tests;

/// <summary>
/// TorchSharp's save formats: the .NET format of Tensor.Save/Load and Module.save/load (byte layouts built by hand here,
/// as TorchSharp writes them), libtorch's own format of Tensor.save/load, and the course's CTSD files read by Module.load.
/// </summary>
public class CompatSaveLoadTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("compat-save-");
    public void Dispose() => _dir.Delete(true);
    private string PathOf(string name) => Path.Combine(_dir.FullName, name);

    static byte[] Floats(params float[] v) => v.SelectMany(BitConverter.GetBytes).ToArray();
    static byte[] Str(string s) { var b = Encoding.UTF8.GetBytes(s); return [(byte)b.Length, .. b]; } // BinaryWriter's string, < 128 bytes

    /// <summary>A 2×3 float32 tensor and its bytes: dtype 6, 2 dims, 2, 3, then the elements.</summary>
    static (Tensor, byte[]) Sample() =>
        (tensor(new float[] { 1, 2, 3, -4, 5.5f, 6 }, [2, 3]), [6, 2, 2, 3, .. Floats(1, 2, 3, -4, 5.5f, 6)]);

    [Fact]
    public void Tensor_Save_writes_TorchSharps_layout_and_Load_reads_it()
    {
        var (t, expected) = Sample();
        using var _ = t;
        var ms = new MemoryStream();
        t.Save(ms);
        Assert.Equal(expected, ms.ToArray());

        using var back = Tensor.Load(new MemoryStream(expected));
        Assert.Equal(ScalarType.Float32, back.dtype);
        Assert.Equal(new long[] { 2, 3 }, back.shape);
        Assert.Equal(new float[] { 1, 2, 3, -4, 5.5f, 6 }, back.data<float>());
    }

    [Fact]
    public void Dimensions_of_128_and_more_take_two_LEB128_bytes()
    {
        using var t = zeros([300], ScalarType.Int64);
        var ms = new MemoryStream();
        t.Save(ms);
        var bytes = ms.ToArray();
        Assert.Equal(new byte[] { 4, 1, 0xAC, 0x02 }, bytes[..4]); // 300 = 0b10_0101100
        Assert.Equal(4 + 300 * 8, bytes.Length);
        using var back = Tensor.Load(new MemoryStream(bytes));
        Assert.Equal(new long[] { 300 }, back.shape);
    }

    [Fact]
    public void Every_dtype_round_trips_bitwise_through_a_file()
    {
        using var src = tensor(new[] { 1.5, -2.25, double.NaN, 1e-300 }, [2, 2]);
        foreach (var dtype in new[] { ScalarType.Byte, ScalarType.Int8, ScalarType.Int16, ScalarType.Int32, ScalarType.Int64,
                                      ScalarType.Float16, ScalarType.BFloat16, ScalarType.Float32, ScalarType.Float64, ScalarType.Bool })
        {
            using var t = src.to(dtype);
            var file = PathOf($"{dtype}.dat");
            t.Save(file);
            using var back = Tensor.Load(file);
            Assert.Equal(dtype, back.dtype);
            Assert.Equal(t.shape, back.shape);
            using var a = t.to(ScalarType.Float64);
            using var b = back.to(ScalarType.Float64);
            Assert.Equal(a.data<double>().Select(BitConverter.DoubleToInt64Bits), b.data<double>().Select(BitConverter.DoubleToInt64Bits));
        }
        using var scalar = tensor(7.0f);
        scalar.Save(PathOf("scalar.dat"));
        byte[] expected = [6, 0, .. Floats(7)];
        Assert.Equal(expected, File.ReadAllBytes(PathOf("scalar.dat")));
        Assert.Empty(Directory.GetFiles(_dir.FullName, "*.tmp-*"));
    }

    [Fact]
    public void Loading_into_a_tensor_checks_dtype_and_shape_and_can_skip()
    {
        var (_, bytes) = Sample();
        using var target = zeros(2, 3);
        target.Load(new BinaryReader(new MemoryStream(bytes)));
        Assert.Equal(new float[] { 1, 2, 3, -4, 5.5f, 6 }, target.data<float>());

        using var wrongType = zeros([2, 3], ScalarType.Float64);
        var e = Assert.Throws<ArgumentException>(() => wrongType.Load(new BinaryReader(new MemoryStream(bytes))));
        Assert.Contains("Float32", e.Message);
        Assert.Contains("Float64", e.Message);

        using var wrongShape = zeros(3, 2);
        e = Assert.Throws<ArgumentException>(() => wrongShape.Load(new BinaryReader(new MemoryStream(bytes))));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("[3, 2]", e.Message);

        var twice = new BinaryReader(new MemoryStream([.. bytes, .. bytes]));
        wrongShape.Load(twice, skip: true); // read past, unchanged
        Assert.Equal(new float[6], wrongShape.data<float>());
        using var second = TensorExtensionMethods.Load(twice);
        Assert.Equal(new float[] { 1, 2, 3, -4, 5.5f, 6 }, second.data<float>());

        using var skipped = TensorExtensionMethods.Load(new BinaryReader(new MemoryStream(bytes)), skip: true);
        Assert.Equal(new long[] { 2, 3 }, skipped.shape);
        Assert.Equal(new float[6], skipped.data<float>());
        Tensor? fresh = null;
        TensorExtensionMethods.Load(ref fresh, new BinaryReader(new MemoryStream(bytes)));
        using (fresh) Assert.Equal(6f, fresh!.data<float>()[5]);
    }

    [Fact]
    public void A_bad_tensor_file_is_a_clear_error()
    {
        var (_, bytes) = Sample();
        var cut = PathOf("cut.dat");
        File.WriteAllBytes(cut, bytes[..^3]);
        var e = Assert.Throws<InvalidDataException>(() => Tensor.Load(cut));
        Assert.Contains("truncated", e.Message);
        Assert.Contains(cut, e.Message);

        var odd = PathOf("odd.dat");
        File.WriteAllBytes(odd, [9, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]); // 9: complex64, which the binding does not hold
        e = Assert.Throws<InvalidDataException>(() => Tensor.Load(odd));
        Assert.Contains("dtype code 9", e.Message);
        Assert.Throws<FileNotFoundException>(() => Tensor.Load(PathOf("absent.dat")));
    }

    [Fact]
    public void Tensor_save_and_load_use_libtorchs_archive()
    {
        var (t, bytes) = Sample();
        using var _ = t;
        var file = PathOf("t.pt");
        t.save(file);
        Assert.Equal("PK"u8.ToArray(), File.ReadAllBytes(file)[..2]); // a zip archive, as torch::save writes
        using var back = Tensor.load(file);
        Assert.True(back.equal(t));
        save(t, PathOf("u.pt"));
        using var u = load(PathOf("u.pt"));
        Assert.True(u.equal(t));

        File.WriteAllBytes(PathOf("net.dat"), bytes);
        var e = Assert.Throws<TorchException>(() => Tensor.load(PathOf("net.dat")));
        Assert.Contains("net.dat", e.Message);
        Assert.Throws<FileNotFoundException>(() => Tensor.load(PathOf("absent.pt")));
    }

    // ------------------------------------------------------------ modules

    static TorchSharp.Modules.Sequential Net() => nn.Sequential(nn.Linear(2, 1), nn.BatchNorm1d(1));

    /// <summary>The state of <see cref="Net"/> in TorchSharp's format, with the given weight.</summary>
    static byte[] NetFile(float w0, float w1, float bias) =>
    [
        7,
        .. Str("0.weight"), 6, 2, 1, 2, .. Floats(w0, w1),
        .. Str("0.bias"), 6, 1, 1, .. Floats(bias),
        .. Str("1.weight"), 6, 1, 1, .. Floats(1),
        .. Str("1.bias"), 6, 1, 1, .. Floats(0),
        .. Str("1.running_mean"), 6, 1, 1, .. Floats(0),
        .. Str("1.running_var"), 6, 1, 1, .. Floats(1),
        .. Str("1.num_batches_tracked"), 4, 0, .. BitConverter.GetBytes(3L),
    ];

    static void SetLinear(TorchSharp.Modules.Sequential net, float w0, float w1, float bias)
    {
        using var _ = no_grad();
        var sd = net.state_dict();
        using var w = tensor(new[] { w0, w1 }, [1, 2]);
        using var b = tensor(new[] { bias });
        sd["0.weight"].copy_(w);
        sd["0.bias"].copy_(b);
        sd["1.num_batches_tracked"].fill_(3);
    }

    [Fact]
    public void Module_save_writes_TorchSharps_layout()
    {
        using var net = Net();
        SetLinear(net, 0.5f, -1, 2);
        var ms = new MemoryStream();
        Assert.Same(net, net.save(ms));
        Assert.Equal(NetFile(0.5f, -1, 2), ms.ToArray());
        Assert.True(ms.CanWrite); // left open

        var file = PathOf("net.dat");
        net.save(file, skip: ["1.running_mean", "1.running_var"]);
        var written = File.ReadAllBytes(file);
        Assert.Equal(5, written[0]);
        Assert.DoesNotContain("running", Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void Module_load_reads_a_file_as_TorchSharp_writes_it()
    {
        var file = PathOf("net.dat");
        File.WriteAllBytes(file, NetFile(3, 4, -5));
        using var net = Net();
        Assert.Same(net, net.load(file));
        var sd = net.state_dict();
        Assert.Equal(new float[] { 3, 4 }, sd["0.weight"].data<float>());
        Assert.Equal(new float[] { -5 }, sd["0.bias"].data<float>());
        Assert.Equal(3L, sd["1.num_batches_tracked"].item<long>());
        Assert.True(sd["0.weight"].requires_grad);

        using var created = nn.Module.Create<NetModule>(file);
        Assert.IsType<NetModule>(created);
        Assert.Equal(new float[] { 3, 4 }, created.state_dict()["0.weight"].data<float>());
    }

    /// <summary>The layers of <see cref="Net"/> in a module with a parameterless constructor, for Module.Create.</summary>
    public sealed class NetModule : nn.Module<Tensor, Tensor>
    {
        public NetModule() : base("NetModule")
        {
            register_module("0", nn.Linear(2, 1));
            register_module("1", nn.BatchNorm1d(1));
        }
        public override Tensor forward(Tensor x) => x;
    }

    [Fact]
    public void Strict_load_lists_missing_and_unexpected_names_and_changes_nothing()
    {
        using var src = nn.Sequential(("a", nn.Linear(2, 2)), ("b", nn.Linear(2, 2)));
        var file = PathOf("ab.dat");
        src.save(file);
        using var dst = nn.Sequential(("a", nn.Linear(2, 2)), ("c", nn.Linear(2, 2)));
        var before = dst.state_dict()["a.weight"].data<float>();
        var e = Assert.Throws<ArgumentException>(() => dst.load(file));
        Assert.Contains("missing keys [c.weight, c.bias]", e.Message);
        Assert.Contains("unexpected keys [b.weight, b.bias]", e.Message);
        Assert.Contains(file, e.Message);
        Assert.Equal(before, dst.state_dict()["a.weight"].data<float>());

        var loaded = new Dictionary<string, bool>();
        dst.load(file, strict: false, loadedParameters: loaded);
        Assert.Equal(src.state_dict()["a.weight"].data<float>(), dst.state_dict()["a.weight"].data<float>());
        Assert.Equal(new Dictionary<string, bool> { ["a.weight"] = true, ["a.bias"] = true, ["b.weight"] = false, ["b.bias"] = false }, loaded);
    }

    [Fact]
    public void Shape_and_dtype_mismatches_name_the_entry_unless_skipped()
    {
        using var src = nn.Sequential(nn.Linear(3, 2));
        var file = PathOf("l.dat");
        src.save(file);
        using var dst = nn.Sequential(nn.Linear(4, 2));
        var biasBefore = dst.state_dict()["0.bias"].data<float>();
        var e = Assert.Throws<ArgumentException>(() => dst.load(file));
        Assert.Contains("'0.weight'", e.Message);
        Assert.Contains("[2, 4]", e.Message);
        Assert.Contains("[2, 3]", e.Message);
        Assert.Equal(biasBefore, dst.state_dict()["0.bias"].data<float>()); // nothing loaded

        var weightBefore = dst.state_dict()["0.weight"].data<float>();
        dst.load(file, skip: ["0.weight"]);
        Assert.Equal(weightBefore, dst.state_dict()["0.weight"].data<float>());
        Assert.Equal(src.state_dict()["0.bias"].data<float>(), dst.state_dict()["0.bias"].data<float>());

        using var dbl = nn.Sequential(nn.Linear(3, 2)).to(ScalarType.Float64);
        e = Assert.Throws<ArgumentException>(() => dbl.load(file));
        Assert.Contains("'0.weight' is Float32 in the file, Float64 in the module", e.Message);
    }

    [Fact]
    public void A_truncated_module_file_names_the_entry()
    {
        using var net = Net();
        var file = PathOf("n.dat");
        net.save(file);
        var cut = PathOf("cut.dat");
        File.WriteAllBytes(cut, File.ReadAllBytes(file)[..^4]);
        var e = Assert.Throws<InvalidDataException>(() => Net().load(cut));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("1.num_batches_tracked", e.Message);
        Assert.Contains(cut, e.Message);
    }

    [Fact]
    public void A_zip_archive_is_named_as_such()
    {
        using var t = ones(2);
        var file = PathOf("t.pt");
        t.save(file); // libtorch's archive, as PyTorch's torch.save writes one
        var e = Assert.Throws<InvalidDataException>(() => Net().load(file));
        Assert.Contains("zip archive", e.Message);
        Assert.Contains(file, e.Message);
    }

    [Fact]
    public void Module_load_still_reads_course_state_files()
    {
        using var a = Net();
        SetLinear(a, 7, 8, 9);
        var file = PathOf("a.ctsd");
        StateFile.Write(file, a.state_dict());
        using var b = Net();
        b.load(file);
        Assert.Equal(new float[] { 7, 8 }, b.state_dict()["0.weight"].data<float>());
        using var c = Net();
        using (var stream = File.OpenRead(file)) c.load(stream);
        Assert.Equal(new float[] { 9 }, c.state_dict()["0.bias"].data<float>());
        using var d = Net();
        using (var stream = File.OpenRead(file)) d.load(new BinaryReader(stream));
        Assert.Equal(3L, d.state_dict()["1.num_batches_tracked"].item<long>());
    }
}
