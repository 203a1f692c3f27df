using System.IO.Compression;

namespace Course.Data.Tests;

public class IdxTests
{
    static byte[] Pixels(int n, int rows, int cols) =>
        Enumerable.Range(0, n * rows * cols).Select(i => (byte)(i * 7 % 256)).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RoundTripsImagesAndLabels(bool gzip)
    {
        using var dir = new TempDir();
        var px = Pixels(3, 4, 5);
        Idx.WriteImages(dir["img"], px, 3, 4, 5, gzip);
        Idx.WriteLabels(dir["lbl"], [2, 0, 9], gzip);
        var (images, labels) = Idx.Read(dir["img"], dir["lbl"]);
        Assert.Equal((3, 4, 5), (images.Count, images.Rows, images.Cols));
        Assert.Equal(px, images.Pixels);
        Assert.Equal(new byte[] { 2, 0, 9 }, labels);
    }

    [Fact]
    public void HeaderIsBigEndianWithMagic803()
    {
        using var dir = new TempDir();
        Idx.WriteImages(dir["img"], Pixels(2, 3, 4), 2, 3, 4);
        var b = File.ReadAllBytes(dir["img"]);
        Assert.Equal(new byte[] { 0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4 }, b[..16]);
    }

    [Fact]
    public void WrongMagicNamesFileExpectedAndFound()
    {
        using var dir = new TempDir();
        Idx.WriteLabels(dir["labels"], [1, 2, 3]);
        var e = Assert.Throws<DatasetException>(() => Idx.ReadImages(dir["labels"]));
        Assert.Contains(dir["labels"], e.Message);
        Assert.Contains("0x00000803", e.Message);
        Assert.Contains("0x00000801", e.Message);
        Assert.Equal(dir["labels"], e.FilePath);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedPayloadIsReported(bool gzip)
    {
        using var dir = new TempDir();
        Idx.WriteImages(dir["full"], Pixels(4, 5, 5), 4, 5, 5);
        var bytes = File.ReadAllBytes(dir["full"]);
        var cut = bytes[..(bytes.Length - 30)];
        if (gzip)
        {
            using var f = File.Create(dir["cut"]);
            using var gz = new GZipStream(f, CompressionLevel.Fastest);
            gz.Write(cut);
        }
        else File.WriteAllBytes(dir["cut"], cut);
        var e = Assert.Throws<DatasetException>(() => Idx.ReadImages(dir["cut"]));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("100", e.Message);  // 4×5×5 announced
        Assert.Contains("70", e.Message);   // found
        Assert.Contains(dir["cut"], e.Message);
    }

    [Fact]
    public void TruncatedGzipStreamIsReported()
    {
        using var dir = new TempDir();
        var rnd = new Random(1);
        var px = new byte[50 * 28 * 28];
        rnd.NextBytes(px);
        Idx.WriteImages(dir["full.gz"], px, 50, 28, 28, gzip: true);
        var bytes = File.ReadAllBytes(dir["full.gz"]);
        File.WriteAllBytes(dir["cut.gz"], bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<DatasetException>(() => Idx.ReadImages(dir["cut.gz"]));
        Assert.Contains(dir["cut.gz"], e.Message);
    }

    [Fact]
    public void TruncatedHeaderIsReported()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir["short"], [0, 0, 8, 3, 0, 0]);
        var e = Assert.Throws<DatasetException>(() => Idx.ReadImages(dir["short"]));
        Assert.Contains("header of 16 bytes, found 6", e.Message);
    }

    [Fact]
    public void CountMismatchNamesBothFiles()
    {
        using var dir = new TempDir();
        Idx.WriteImages(dir["img"], Pixels(3, 2, 2), 3, 2, 2);
        Idx.WriteLabels(dir["lbl"], [1, 2]);
        var e = Assert.Throws<DatasetException>(() => Idx.Read(dir["img"], dir["lbl"]));
        Assert.Contains("3 images", e.Message);
        Assert.Contains("2 labels", e.Message);
        Assert.Contains(dir["img"], e.Message);
        Assert.Contains(dir["lbl"], e.Message);
    }

    [Fact]
    public void MissingFileIsReported()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<DatasetException>(() => Idx.ReadLabels(dir["nope"]));
        Assert.Contains(dir["nope"], e.Message);
    }
}
