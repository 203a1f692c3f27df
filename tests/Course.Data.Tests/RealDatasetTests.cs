using Course.TestSupport;
namespace Course.Data.Tests;

/// <summary>The real MNIST and Fashion-MNIST from COURSE_DATA (or ../shared/data next to the repository).</summary>
public class RealDatasetTests
{
    static readonly int[] MnistTrainCounts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
    static readonly int[] MnistTestCounts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

    static ImageDataset Load(string key, bool train) =>
        NamedDatasets.LoadIdx(key, train, root: TestData.RealDataRoot, download: false);

    [DataFact]
    public void FashionMnistTrain()
    {
        var ds = Load(NamedDatasets.FashionMnistKey, true);
        Assert.Equal(60000, ds.Count);
        Assert.Equal((1, 28, 28), (ds.Channels, ds.Height, ds.Width));
        Assert.All(ds.ClassCounts(), c => Assert.Equal(6000, c));
        Assert.Equal(0.2860, ds.MeanPixel(), 0.0005);
        Assert.Equal("T-shirt/top", ds.Classes[0]);
        Assert.Equal("Ankle boot", ds.Classes[9]);
    }

    [DataFact]
    public void FashionMnistTest()
    {
        var ds = Load(NamedDatasets.FashionMnistKey, false);
        Assert.Equal(10000, ds.Count);
        Assert.All(ds.ClassCounts(), c => Assert.Equal(1000, c));
    }

    [DataFact]
    public void MnistTrainAndTest()
    {
        var train = Load(NamedDatasets.MnistKey, true);
        Assert.Equal(60000, train.Count);
        Assert.Equal(MnistTrainCounts, train.ClassCounts());
        Assert.Equal(0.1307, train.MeanPixel(), 0.0005);
        var test = Load(NamedDatasets.MnistKey, false);
        Assert.Equal(10000, test.Count);
        Assert.Equal(MnistTestCounts, test.ClassCounts());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString()), train.Classes);
    }

    [DataFact]
    public void SampleIndicesByClassGivesRowsPerClass()
    {
        var ds = Load(NamedDatasets.FashionMnistKey, false);
        var idx = ds.SampleIndicesByClass(3);
        Assert.Equal(30, idx.Length);
        for (int k = 0; k < 30; k++) Assert.Equal(k / 3, ds.Labels[idx[k]]);
    }

    [DataFact]
    public void OneChangedByteFailsTheMd5CheckNamingFileExpectedAndActual()
    {
        using var dir = new TempDir();
        var src = Path.Combine(TestData.RealDataRoot, "fashion-mnist");
        var dst = Path.Combine(dir.Path, "fashion-mnist");
        Directory.CreateDirectory(dst);
        foreach (var f in new[] { "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
            File.Copy(Path.Combine(src, f), Path.Combine(dst, f));
        var labels = Path.Combine(dst, "t10k-labels-idx1-ubyte.gz");
        var bytes = File.ReadAllBytes(labels);
        bytes[100] ^= 0x01;
        File.WriteAllBytes(labels, bytes);

        var e = Assert.Throws<DatasetException>(() =>
            NamedDatasets.LoadIdx(NamedDatasets.FashionMnistKey, train: false, root: dir.Path, download: false));
        Assert.Contains("md5", e.Message);
        Assert.Contains(labels, e.Message);
        Assert.Contains("bb300cfdad3c16e7a12a480ee83cd310", e.Message);          // expected
        Assert.Contains(FileCheck.Md5(labels), e.Message);                       // actual
        Assert.NotEqual("bb300cfdad3c16e7a12a480ee83cd310", FileCheck.Md5(labels));
    }

    [DataFact]
    public void DecompressedFilesAreAcceptedAndChecked()
    {
        using var dir = new TempDir();
        var src = Path.Combine(TestData.RealDataRoot, "mnist");
        var dst = Path.Combine(dir.Path, "mnist");
        Directory.CreateDirectory(dst);
        File.Copy(Path.Combine(src, "t10k-images-idx3-ubyte.gz"), Path.Combine(dst, "t10k-images-idx3-ubyte.gz"));
        using (var gz = new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(src, "t10k-labels-idx1-ubyte.gz")),
                   System.IO.Compression.CompressionMode.Decompress))
        using (var raw = File.Create(Path.Combine(dst, "t10k-labels-idx1-ubyte")))
            gz.CopyTo(raw);
        var ds = NamedDatasets.LoadIdx(NamedDatasets.MnistKey, train: false, root: dir.Path, download: false);
        Assert.Equal(10000, ds.Count);
        Assert.Equal(MnistTestCounts, ds.ClassCounts());
    }

    [DataFact]
    public void TruncatedDatasetFileFailsTheSizeCheck()
    {
        using var dir = new TempDir();
        var src = Path.Combine(TestData.RealDataRoot, "mnist");
        var dst = Path.Combine(dir.Path, "mnist");
        Directory.CreateDirectory(dst);
        File.Copy(Path.Combine(src, "t10k-labels-idx1-ubyte.gz"), Path.Combine(dst, "t10k-labels-idx1-ubyte.gz"));
        var img = File.ReadAllBytes(Path.Combine(src, "t10k-images-idx3-ubyte.gz"));
        File.WriteAllBytes(Path.Combine(dst, "t10k-images-idx3-ubyte.gz"), img[..1000]);
        var e = Assert.Throws<DatasetException>(() =>
            NamedDatasets.LoadIdx(NamedDatasets.MnistKey, train: false, root: dir.Path, download: false));
        Assert.Contains("1648877", e.Message);
        Assert.Contains("1000 bytes", e.Message);
    }

    [Fact]
    public void MissingFileWithDownloadDisabledNamesTheFile()
    {
        using var dir = new TempDir();
        var old = Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable);
        var e = Assert.Throws<DatasetException>(() =>
            NamedDatasets.LoadCifar10(train: false, root: dir.Path, download: false));
        Assert.Contains("test_batch.bin", e.Message);
        Assert.Contains("download disabled", e.Message);
        Assert.Contains(dir.Path, e.Message);
    }
}
