using Course.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Data.Tests;

public class DatasetTensorTests
{
    [DataFact("fashion-mnist")]
    public void FashionMnistFromCourseDataGivesTensors()
    {
        var ds = Datasets.FashionMNIST(root: TestData.RealDataRoot, train: false, download: false);
        var (img, label) = ds.Get(0);
        using (img)
        {
            Assert.Equal(new long[] { 1, 28, 28 }, img.shape);
            Assert.Equal(ds.Labels[0], label);
            Assert.Equal(ds.ImageFloats(0), img.data<float>());
        }
        ds.Transform = Transforms.Compose(Transforms.Resize(224), Transforms.Normalize([0.2860], [0.3530]));
        var (big, _) = ds.Get(1);
        using (big) Assert.Equal(new long[] { 1, 224, 224 }, big.shape);
    }

    [Fact]
    public void SamplesByClassForImageGrids()
    {
        var ds = Datasets.Colors(train: false, seed: 0);
        var (images, labels) = ds.SamplesByClass(4);
        using (images)
        {
            Assert.Equal(new long[] { 24, 3, 28, 28 }, images.shape);
            Assert.Equal(Enumerable.Range(0, 6).SelectMany(c => Enumerable.Repeat((long)c, 4)), labels);
            Assert.InRange(images.max().ToSingle(), 0.7f, 1f);
        }
    }

    [Fact]
    public void CifarOrStandInFallsBackLoudly()
    {
        using var dir = new TempDir();
        var ds = Datasets.CIFAR10OrStandIn(train: false, root: dir.Path, perClass: 3);
        Assert.True(ds.IsStandIn);
        Assert.Equal(30, ds.Count);
        Assert.Contains("NOT CIFAR-10", ds.ToString());
    }

    [Fact]
    public void CifarFromBinaryBatchesWhenPresent()
    {
        using var dir = new TempDir();
        var folder = Path.Combine(dir.Path, "cifar-10", "cifar-10-batches-bin");
        Directory.CreateDirectory(folder);
        // Write the test batch with the real size (10,000 records) so the manifest size check passes.
        var labels = Enumerable.Range(0, 10000).Select(i => (byte)(i % 10)).ToArray();
        var images = new byte[10000 * Cifar.ImageBytes];
        for (int i = 0; i < 10000; i++) images[i * Cifar.ImageBytes] = (byte)i;
        Cifar.WriteBatch(Path.Combine(folder, "test_batch.bin"), images, labels);
        var ds = Datasets.CIFAR10OrStandIn(train: false, root: dir.Path);
        Assert.False(ds.IsStandIn);
        Assert.Equal(10000, ds.Count);
        Assert.Equal("airplane", ds.Classes[0]);
        var (x, y) = ds.Get(7);
        using (x) { Assert.Equal(new long[] { 3, 32, 32 }, x.shape); Assert.Equal(7, y); }
    }
}
