namespace Course.Data.Tests;

public class CifarTests
{
    [Fact]
    public void RoundTripsRecordsWithLabelFirstThenRgbPlanes()
    {
        using var dir = new TempDir();
        var images = new byte[2 * Cifar.ImageBytes];
        for (int i = 0; i < images.Length; i++) images[i] = (byte)(i % 251);
        Cifar.WriteBatch(dir["b.bin"], images, [7, 3]);
        var raw = File.ReadAllBytes(dir["b.bin"]);
        Assert.Equal(2 * 3073, raw.Length);
        Assert.Equal(7, raw[0]);
        Assert.Equal(3, raw[3073]);
        var (im, lb) = Cifar.ReadBatch(dir["b.bin"]);
        Assert.Equal(images, im);
        Assert.Equal(new byte[] { 7, 3 }, lb);
    }

    [Fact]
    public void ConcatenatesBatches()
    {
        using var dir = new TempDir();
        Cifar.WriteBatch(dir["a.bin"], new byte[Cifar.ImageBytes], [1]);
        var second = Enumerable.Repeat((byte)200, 2 * Cifar.ImageBytes).ToArray();
        Cifar.WriteBatch(dir["b.bin"], second, [2, 3]);
        var (im, lb) = Cifar.ReadBatches([dir["a.bin"], dir["b.bin"]]);
        Assert.Equal(new byte[] { 1, 2, 3 }, lb);
        Assert.Equal(0, im[Cifar.ImageBytes - 1]);
        Assert.Equal(200, im[Cifar.ImageBytes]);
    }

    [Fact]
    public void TruncatedBatchIsReported()
    {
        using var dir = new TempDir();
        Cifar.WriteBatch(dir["b.bin"], new byte[2 * Cifar.ImageBytes], [1, 2]);
        var raw = File.ReadAllBytes(dir["b.bin"]);
        File.WriteAllBytes(dir["cut.bin"], raw[..5000]);
        var e = Assert.Throws<DatasetException>(() => Cifar.ReadBatch(dir["cut.bin"]));
        Assert.Contains("3073", e.Message);
        Assert.Contains("5000", e.Message);
        Assert.Contains(dir["cut.bin"], e.Message);
    }

    [Fact]
    public void LabelOutOfRangeIsReported()
    {
        using var dir = new TempDir();
        Cifar.WriteBatch(dir["b.bin"], new byte[Cifar.ImageBytes], [12]);
        var e = Assert.Throws<DatasetException>(() => Cifar.ReadBatch(dir["b.bin"]));
        Assert.Contains("label 12", e.Message);
    }
}
