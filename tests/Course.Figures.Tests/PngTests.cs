using System.Diagnostics;

[assembly: CollectionBehavior(DisableTestParallelization = true)] // PlotlyJs settings are process-wide

namespace Course.Figures.Tests;

public class PngTests
{
    private static byte[] Pattern(int n, int seed) => Enumerable.Range(0, n).Select(i => (byte)((i * 37 + seed * 11) % 256)).ToArray();

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        var data = Pattern(1000, 3);
        Assert.Equal(PngReader.ReferenceCrc(data), Crc32.Compute(data));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 2)]
    [InlineData(4, 6)]
    public void Encoded_png_decodes_to_the_input_pixels(int channels, int colorType)
    {
        int w = 7, h = 5;
        var pixels = Pattern(w * h * channels, channels);
        var decoded = PngReader.Decode(Png.Encode(pixels, w, h, channels));
        Assert.Equal((w, h, 8, colorType), (decoded.Width, decoded.Height, decoded.BitDepth, decoded.ColorType));
        Assert.Equal(pixels, decoded.Pixels);
        Assert.Equal(["IHDR", "IDAT", "IEND"], decoded.Chunks);
    }

    [Fact]
    public void Png_passes_pngcheck_and_python_zlib_when_available()
    {
        var dir = Directory.CreateTempSubdirectory("png");
        var gray = Path.Combine(dir.FullName, "gray.png");
        var rgb = Path.Combine(dir.FullName, "rgb.png");
        new Image(Pattern(31 * 17, 1), 31, 17, 1).Save(gray);
        new Image(Pattern(9 * 4 * 3, 2), 9, 4, 3).Save(rgb);
        int checkedWith = 0;
        if (File.Exists("/usr/bin/pngcheck"))
        {
            var (code, output) = Run("/usr/bin/pngcheck", $"-v \"{gray}\" \"{rgb}\"");
            Assert.True(code == 0, "pngcheck failed:\n" + output);
            Assert.Contains("31 x 17 image, 8-bit grayscale", output);
            Assert.Contains("9 x 4 image, 24-bit RGB", output);
            checkedWith++;
        }
        if (File.Exists("/usr/bin/python3"))
        {
            // An independent decoder: Python's zlib over the concatenated IDAT data, then strip filter bytes.
            const string script = "import sys,zlib,struct\nd=open(sys.argv[1],'rb').read();p=8;idat=b''\n" +
                "while p<len(d):\n n,=struct.unpack('>I',d[p:p+4]);t=d[p+4:p+8]\n if t==b'IHDR': w,h=struct.unpack('>II',d[p+8:p+16])\n" +
                " if t==b'IDAT': idat+=d[p+8:p+8+n]\n p+=12+n\nr=zlib.decompress(idat);s=len(r)//h\nprint(sum(sum(r[y*s+1:(y+1)*s]) for y in range(h)))";
            var scriptPath = Path.Combine(dir.FullName, "sum.py");
            File.WriteAllText(scriptPath, script);
            var (code, output) = Run("/usr/bin/python3", $"\"{scriptPath}\" \"{gray}\"");
            Assert.True(code == 0, output);
            Assert.Equal(Pattern(31 * 17, 1).Sum(b => (long)b).ToString(), output.Trim());
            checkedWith++;
        }
        Assert.True(checkedWith > 0 || !OperatingSystem.IsLinux(), "neither pngcheck nor python3 is installed");
    }

    internal static (int Code, string Output) Run(string exe, string args)
    {
        var psi = new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    [Fact]
    public void Bad_input_gives_clear_errors()
    {
        var ex = Assert.Throws<ArgumentException>(() => Png.Encode(new byte[10], 2, 2, 3));
        Assert.Contains("12", ex.Message);
        Assert.Contains("10", ex.Message);
        var ex2 = Assert.Throws<ArgumentOutOfRangeException>(() => Png.Encode(new byte[8], 2, 2, 2));
        Assert.Contains("2", ex2.Message);
    }
}

public class ImageTests
{
    [Fact]
    public void FromArray_maps_chw_floats_to_interleaved_bytes()
    {
        // 3x1x2 CHW: R = [0, 1], G = [1, 0], B = [0.5, 0.5]
        float[] chw = [0f, 1f, 1f, 0f, 0.5f, 0.5f];
        var img = Image.FromArray(chw, [3, 1, 2], 0f, 1f);
        Assert.Equal((2, 1, 3), (img.Width, img.Height, img.Channels));
        Assert.Equal(new byte[] { 0, 255, 128, 255, 0, 128 }, img.GetPixels());
        Assert.Equal(img.GetPixels(), PngReader.Decode(img.ToPng()).Pixels);
    }

    [Fact]
    public void FromArray_without_range_uses_min_max_and_clamps_with_range()
    {
        var auto = Image.FromArray([-2f, 0f, 2f, 6f], [2, 2]);
        Assert.Equal(new byte[] { 0, 64, 128, 255 }, auto.GetPixels());
        var fixedRange = Image.FromArray([-2f, 0f, 0.5f, 6f], [2, 2], 0f, 1f);
        Assert.Equal(new byte[] { 0, 0, 128, 255 }, fixedRange.GetPixels());
    }

    [Fact]
    public void Upscale_repeats_pixels_and_html_embeds_png()
    {
        var img = new Image([10, 20, 30, 40], 2, 2, 1);
        var big = img.Upscale(3);
        Assert.Equal((6, 6), (big.Width, big.Height));
        Assert.Equal(10, big[2, 2]);
        Assert.Equal(20, big[3, 0]);
        Assert.Equal(40, big[5, 5]);
        var html = img.WithDisplayScale(4).ToHtml();
        Assert.Contains("image-rendering: pixelated", html);
        Assert.Contains("width=\"8\"", html);
        var b64 = html.Split("base64,")[1].Split('"')[0];
        Assert.Equal(img.GetPixels(), PngReader.Decode(Convert.FromBase64String(b64)).Pixels);
    }

    [Fact]
    public void Shape_errors_name_the_shape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Image.FromArray(new float[12], [2, 2, 3]));
        Assert.Contains("[2, 2, 3]", ex.Message);
        var ex2 = Assert.Throws<ArgumentException>(() => Image.FromArray(new float[5], [2, 3]));
        Assert.Contains("6", ex2.Message);
        Assert.Contains("5", ex2.Message);
    }
}
