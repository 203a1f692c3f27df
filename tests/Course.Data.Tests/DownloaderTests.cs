using Course.TestSupport;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Course.Data.Tests;

public class DownloaderTests
{
    /// <summary>Serves <paramref name="content"/> once on a local port; returns the URL.</summary>
    static (string Url, Task Served) Serve(byte[] content)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var served = Task.Run(async () =>
        {
            var ctx = await listener.GetContextAsync();
            ctx.Response.ContentLength64 = content.Length;
            await ctx.Response.OutputStream.WriteAsync(content);
            ctx.Response.Close();
            listener.Stop();
        });
        return ($"http://127.0.0.1:{port}/file.bin", served);
    }

    sealed class Recorder : IProgress<double>
    {
        public List<double> Values { get; } = new();
        public void Report(double value) => Values.Add(value);
    }

    [Fact]
    public async Task DownloadsChecksAndRenames()
    {
        using var dir = new TempDir();
        var content = new byte[300_000];
        new Random(3).NextBytes(content);
        var (url, served) = Serve(content);
        var progress = new Recorder();
        Downloader.Download([url], dir["out.bin"], Convert.ToHexStringLower(MD5.HashData(content)), content.Length, progress);
        await served;
        Assert.Equal(content, File.ReadAllBytes(dir["out.bin"]));
        Assert.Equal(1.0, progress.Values[^1]);
        Assert.True(progress.Values.SequenceEqual(progress.Values.Order()));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task WrongMd5LeavesNothingUnderTheFinalName()
    {
        using var dir = new TempDir();
        var content = new byte[1000];
        var (url, served) = Serve(content);
        var e = Assert.Throws<DatasetException>(() =>
            Downloader.Download([url], dir["out.bin"], "00000000000000000000000000000000", -1, new Recorder()));
        await served;
        Assert.Contains("md5", e.Message);
        Assert.Contains(Convert.ToHexStringLower(MD5.HashData(content)), e.Message);
        Assert.Contains(dir["out.bin"], e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void UnreachableServerGivesDatasetException()
    {
        using var dir = new TempDir();
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop(); // nothing listens there now
        var e = Assert.Throws<DatasetException>(() =>
            Downloader.Download([$"http://127.0.0.1:{port}/x.gz"], dir["x.gz"], "abc", 10, new Recorder()));
        Assert.Contains(dir["x.gz"], e.Message);
        Assert.Contains($"127.0.0.1:{port}", e.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [DataFact]
    public void ManifestListsEveryCanonicalFile()
    {
        var m = Manifest.Load(Path.Combine(TestData.RepoRoot, "data", "manifest.json"));
        Assert.Equal(8, m.Files.Count(f => f.Dataset is "mnist" or "fashion-mnist"));
        var f = m.Get("fashion-mnist", "train-images-idx3-ubyte.gz");
        Assert.Equal("8d4fb7e6c68d591d4c3dfef9ec88bf0d", f.Md5);
        Assert.Equal(26421880, f.Bytes);
        Assert.StartsWith("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/", f.Urls![0]);
        Assert.StartsWith("https://ossci-datasets.s3.amazonaws.com/mnist/", m.Get("mnist", "t10k-labels-idx1-ubyte.gz").Urls![0]);
        Assert.Equal("c32a1d4ab5d03f1284b67883e8d87530", m.Get("cifar-10", "cifar-10-binary.tar.gz").Md5);
        // Every local real file matches its manifest entry.
        foreach (var e in m.Files.Where(x => x.Dataset is "mnist" or "fashion-mnist"))
            FileCheck.Verify(Path.Combine(TestData.RealDataRoot, e.Dataset, e.File), e.Md5, e.Bytes);
    }
}
