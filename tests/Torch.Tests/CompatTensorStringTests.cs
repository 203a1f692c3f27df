using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;
using Style = TorchSharp.TensorStringStyle; // with both usings, the bare name is ambiguous (as with TorchSharp itself)

namespace Torch.Tests;

/// <summary>TorchSharp's tensor printing: the Julia, NumPy, C# and metadata styles, options, str/print.</summary>
public class CompatTensorStringTests
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    static Tensor Ints(long n, params long[] shape) => arange(n).reshape(shape);

    [Fact]
    public void Julia_aligns_columns_and_cuts_rows_to_the_width()
    {
        using var m = tensor(new float[] { 1, -2.5f, 3, 40 }, [2, 2]);
        Assert.Equal("[2x2], type = Float32, device = cpu\n 1 -2.5\n 3   40\n", m.ToString(julia, cultureInfo: Inv, newLine: "\n"));

        using var v = arange(10);
        // 12 characters: each value takes its length plus a space, and " ..." must still fit
        Assert.Equal("[10], type = Int64, device = cpu\n 0 1 2 3 ...\n", v.jlstr(width: 12, newLine: "\n"));
        Assert.Equal("[10], type = Int64, device = cpu\n 0 1 2 3 4 5 6 7 8 9\n", v.jlstr(newLine: "\n"));
    }

    [Fact]
    public void Julia_prints_higher_dimensions_as_headed_matrices()
    {
        using var t = Ints(8, 2, 2, 2);
        Assert.Equal("[2x2x2], type = Int64, device = cpu\n[0,..,..] =\n 0 1\n 2 3\n\n[1,..,..] =\n 4 5\n 6 7\n", t.jlstr(newLine: "\n"));
        using var u = Ints(4, 2, 1, 1, 2);
        Assert.Equal("[2x1x1x2], type = Int64, device = cpu\n[0,0,..,..] =\n 0 1\n\n[1,0,..,..] =\n 2 3\n", u.jlstr(newLine: "\n"));
    }

    [Fact]
    public void Numpy_nests_brackets_with_blank_lines_between_blocks()
    {
        using var m = arange(12, dtype: ScalarType.Float32).reshape(3, 4);
        Assert.Equal("[[0, 1, 2, 3]\n [4, 5, 6, 7]\n [8, 9, 10, 11]]", m.ToString(numpy, newLine: "\n"));
        using var c = Ints(8, 2, 2, 2);
        Assert.Equal("[[[0, 1]\n  [2, 3]]\n\n [[4, 5]\n  [6, 7]]]", c.npstr(newLine: "\n"));
        using var e = zeros(0);
        Assert.Equal("[]", e.npstr());
    }

    [Fact]
    public void Long_dimensions_are_elided_as_set_by_set_printoptions()
    {
        try
        {
            set_printoptions(maxRows: 2, maxColumns: 2);
            using var m = Ints(20, 5, 4);
            Assert.Equal("[[0, ... 3]\n ...\n [16, ... 19]]", m.npstr(newLine: "\n"));
            using var i = Ints(6, 3, 2).to(ScalarType.Int32);
            Assert.Equal("[3x2], type = Int32, device = cpu, value = \nint [,] {\n {0, 1},\n ...\n {4, 5}\n}", i.cstr(newLine: "\n"));
        }
        finally { set_printoptions(maxRows: 6, maxColumns: 6); }
        using var v = arange(100);
        Assert.Equal("[0, 1, 2, ... 97, 98, 99]", v.npstr());
        Assert.Throws<ArgumentOutOfRangeException>(() => set_printoptions(maxRows: 0));
    }

    [Fact]
    public void CSharp_writes_an_array_initializer_with_literal_suffixes()
    {
        using var l = tensor(new long[] { 1, 2, 3 });
        Assert.Equal("[3], type = Int64, device = cpu, value = long [] {1L, 2L, 3L}", l.ToString(csharp));
        using var d = tensor(new[] { 0.5, 1, 2, 3 }, [2, 2]);
        Assert.Equal("[2x2], type = Float64, device = cpu, value = \ndouble [,] {\n {0.5, 1},\n {2, 3}\n}", d.cstr(newLine: "\n", cultureInfo: Inv));
        using var b = tensor(new[] { true, false });
        Assert.Equal("[2], type = Bool, device = cpu, value = bool [] {True, False}", b.cstr());
        using var f = ones(1, 2);
        Assert.Equal("[1x2], type = Float32, device = cpu, value = \nfloat [,] {\n {1f, 1f}\n}", f.cstr(newLine: "\n"));
    }

    [Fact]
    public void A_scalar_prints_its_value()
    {
        using var s = tensor(2.5f);
        Assert.Equal("[], type = Float32, device = cpu, value = 2.5", s.jlstr(cultureInfo: Inv));
        Assert.Equal("2.5", s.npstr(cultureInfo: Inv));
        Assert.Equal("[], type = Float32, device = cpu, value = 2.5", s.cstr(cultureInfo: Inv));
        Assert.Equal("[], type = Float32, device = cpu", s.metastr());
    }

    [Fact]
    public void Format_and_culture_apply_to_floating_point_values()
    {
        using var t = tensor(new[] { 1.5f, -0.25f });
        Assert.Equal("[1,50, -0,25]", t.npstr("F2", cultureInfo: CultureInfo.GetCultureInfo("de-DE")));
        Assert.Equal("[1.5E+000, -2.5E-001]", t.npstr("E1", cultureInfo: Inv));
        using var h = tensor(new[] { 3.14f }, dtype: ScalarType.BFloat16);
        Assert.Equal("[3.1406]", h.npstr(cultureInfo: Inv)); // bfloat16 keeps 8 bits of mantissa: 3.140625
        try
        {
            set_printoptions(precision: 3);
            Assert.Equal("[1.500, -0.250]", t.ToString(numpy, cultureInfo: Inv));
        }
        finally { set_printoptions(floatFormat: "g5"); }
    }

    [Fact]
    public void The_default_style_is_settable_and_ToString_stays_the_course_layout()
    {
        using var t = tensor(new float[] { 1, 2 });
        Assert.Equal(Style.Julia, torch.TensorStringStyle);
        Assert.Equal(t.jlstr(), t.str());
        Assert.Equal(t.jlstr(), t.ToString(true));
        Assert.Equal(t.ToString(Style.Julia), t.ToString(Style.Default));
        Assert.Equal("[2], type = Float32, device = cpu", t.ToString(false));
        try
        {
            torch.TensorStringStyle = numpy;
            Assert.Equal("[1, 2]", t.str());
            set_printoptions(style: Style.CSharp);
            Assert.Equal(csharp, torch.TensorStringStyle);
            Assert.Throws<ArgumentException>(() => torch.TensorStringStyle = Style.Default);
        }
        finally { torch.TensorStringStyle = julia; }
        Assert.Equal("tensor([1.0000, 2.0000])", t.ToString()); // what notebooks show: PyTorch's layout
    }

    [Fact]
    public void Print_writes_a_line_and_returns_the_tensor()
    {
        using var t = tensor(new float[] { 1, 2 });
        var saved = Console.Out;
        using var sw = new StringWriter();
        Console.SetOut(sw);
        Tensor r;
        try { r = t.print(style: Style.Numpy); }
        finally { Console.SetOut(saved); }
        Assert.Same(t, r);
        Assert.Equal("[1, 2]" + Environment.NewLine, sw.ToString());
    }

    [Fact]
    public void A_disposed_tensor_cannot_be_printed()
    {
        var t = ones(2);
        t.Dispose();
        Assert.Throws<ObjectDisposedException>(() => t.npstr());
        Assert.Throws<ObjectDisposedException>(() => t.metastr());
    }
}
