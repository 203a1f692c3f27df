using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Course.Data.Tests;

/// <summary>A tiny HTTP server on 127.0.0.1 answering each request with a handler, recording what was asked.</summary>
sealed class LocalServer : IDisposable
{
    readonly HttpListener _listener = new();
    readonly Task _loop;
    public string Url { get; }
    public List<(string Path, string? Range)> Requests { get; } = new();

    public LocalServer(Func<HttpListenerContext, Task> handler)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                lock (Requests) Requests.Add((ctx.Request.Url!.AbsolutePath, ctx.Request.Headers["Range"]));
                try { await handler(ctx); } catch (HttpListenerException) { }
            }
        });
    }

    /// <summary>Sends <paramref name="body"/> from <paramref name="from"/> on: 200, or 206 with Content-Range when resuming.</summary>
    public static async Task Send(HttpListenerContext ctx, byte[] body, long from = 0)
    {
        if (from > 0)
        {
            ctx.Response.StatusCode = 206;
            ctx.Response.Headers["Content-Range"] = $"bytes {from}-{body.Length - 1}/{body.Length}";
        }
        ctx.Response.ContentLength64 = body.Length - from;
        await ctx.Response.OutputStream.WriteAsync(body.AsMemory((int)from));
        ctx.Response.Close();
    }

    /// <summary>The start of a "Range: bytes=N-" request, or 0.</summary>
    public static long RangeStart(HttpListenerContext ctx) =>
        ctx.Request.Headers["Range"] is { } r && r.StartsWith("bytes=") ? long.Parse(r[6..].TrimEnd('-')) : 0;

    public void Dispose() { _listener.Stop(); _listener.Close(); _loop.Wait(TimeSpan.FromSeconds(5)); }
}

/// <summary>The downloader and <c>course data</c>'s preparation against a local server: each way a download can go
/// wrong leaves no file under the final name.</summary>
public class DownloadServerTests
{
    static byte[] Content(int n, int seed) { var b = new byte[n]; new Random(seed).NextBytes(b); return b; }
    static string Md5(byte[] b) => Convert.ToHexStringLower(MD5.HashData(b));
    static string[] FilesIn(TempDir d) => Directory.GetFiles(d.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ToArray()!;

    [Fact]
    public void Server_error_names_the_status_and_leaves_nothing()
    {
        using var dir = new TempDir();
        using var server = new LocalServer(ctx => { ctx.Response.StatusCode = 500; ctx.Response.Close(); return Task.CompletedTask; });
        var e = Assert.Throws<DatasetException>(() => Downloader.Download([server.Url + "/f.gz"], dir["f.gz"], Md5([1]), 1, new Progress<double>()));
        Assert.Contains("500", e.Message);
        Assert.Contains(server.Url + "/f.gz", e.Message);
        Assert.True(Assert.Single(e.Attempts).Reached);
        Assert.Empty(FilesIn(dir));
    }

    [Fact]
    public void Redirect_is_followed()
    {
        using var dir = new TempDir();
        var body = Content(50_000, 1);
        using var server = new LocalServer(ctx =>
        {
            if (ctx.Request.Url!.AbsolutePath == "/old/f.gz") { ctx.Response.Redirect("/new/f.gz"); ctx.Response.Close(); return Task.CompletedTask; }
            return LocalServer.Send(ctx, body);
        });
        Downloader.Download([server.Url + "/old/f.gz"], dir["f.gz"], Md5(body), body.Length, new Progress<double>());
        Assert.Equal(body, File.ReadAllBytes(dir["f.gz"]));
        Assert.Equal(new[] { "/old/f.gz", "/new/f.gz" }, server.Requests.Select(r => r.Path));
        Assert.Equal(new[] { "f.gz" }, FilesIn(dir));
    }

    [Fact]
    public void Truncated_transfer_is_not_taken_for_the_file_and_the_next_attempt_resumes_it()
    {
        using var dir = new TempDir();
        var body = Content(200_000, 2);
        bool cut = true;
        using var server = new LocalServer(async ctx =>
        {
            long from = LocalServer.RangeStart(ctx);
            if (cut)
            {
                // Announce the whole file, send 80,000 bytes, then drop the connection.
                cut = false;
                ctx.Response.ContentLength64 = body.Length;
                await ctx.Response.OutputStream.WriteAsync(body.AsMemory(0, 80_000));
                await ctx.Response.OutputStream.FlushAsync();
                ctx.Response.Abort();
                return;
            }
            await LocalServer.Send(ctx, body, from);
        });
        var e = Assert.Throws<DatasetException>(() => Downloader.Download([server.Url + "/f.gz"], dir["f.gz"], Md5(body), body.Length, new Progress<double>()));
        Assert.Contains(dir["f.gz"], e.Message);
        Assert.False(File.Exists(dir["f.gz"]));
        var part = Downloader.PartialPath(dir["f.gz"]);
        Assert.True(File.Exists(part));
        Assert.InRange(new FileInfo(part).Length, 1, body.Length - 1);
        long kept = new FileInfo(part).Length;

        Downloader.Download([server.Url + "/f.gz"], dir["f.gz"], Md5(body), body.Length, new Progress<double>());
        Assert.Equal(body, File.ReadAllBytes(dir["f.gz"]));
        Assert.Equal($"bytes={kept}-", server.Requests[^1].Range);
        Assert.Equal(new[] { "f.gz" }, FilesIn(dir));
    }

    [Fact]
    public void Resumed_file_with_a_wrong_start_fails_the_md5_and_is_deleted()
    {
        using var dir = new TempDir();
        var body = Content(100_000, 3);
        File.WriteAllBytes(Downloader.PartialPath(dir["f.gz"]), new byte[30_000]);   // a stale partial file of something else
        using var server = new LocalServer(ctx => LocalServer.Send(ctx, body, LocalServer.RangeStart(ctx)));
        var e = Assert.Throws<DatasetException>(() => Downloader.Download([server.Url + "/f.gz"], dir["f.gz"], Md5(body), body.Length, new Progress<double>()));
        Assert.Contains("md5", e.Message);
        Assert.Empty(FilesIn(dir));
        // The next attempt starts from scratch and succeeds.
        Downloader.Download([server.Url + "/f.gz"], dir["f.gz"], Md5(body), body.Length, new Progress<double>());
        Assert.Equal(body, File.ReadAllBytes(dir["f.gz"]));
        Assert.Null(server.Requests[^1].Range);
    }

    [Fact]
    public void Server_ignoring_the_range_gives_the_whole_file_again()
    {
        using var dir = new TempDir();
        var body = Content(60_000, 4);
        File.WriteAllBytes(Downloader.PartialPath(dir["f.gz"]), body[..10_000]);
        using var server = new LocalServer(ctx => LocalServer.Send(ctx, body));   // always 200 with everything
        Downloader.Download([server.Url + "/f.gz"], dir["f.gz"], Md5(body), body.Length, new Progress<double>());
        Assert.Equal(body, File.ReadAllBytes(dir["f.gz"]));
        Assert.Equal("bytes=10000-", server.Requests[^1].Range);
    }

    [Fact]
    public void Wrong_size_is_rejected_and_deleted()
    {
        using var dir = new TempDir();
        var body = Content(5_000, 5);
        using var server = new LocalServer(ctx => LocalServer.Send(ctx, body));
        var e = Assert.Throws<DatasetException>(() => Downloader.Download([server.Url + "/f.gz"], dir["f.gz"], Md5(body), 6_000, new Progress<double>()));
        Assert.Contains("5000 bytes, expected 6000", e.Message);
        Assert.Empty(FilesIn(dir));
    }

    [Fact]
    public void Second_url_is_used_when_the_first_fails()
    {
        using var dir = new TempDir();
        var body = Content(10_000, 6);
        using var server = new LocalServer(ctx =>
        {
            if (ctx.Request.Url!.AbsolutePath == "/missing.gz") { ctx.Response.StatusCode = 404; ctx.Response.Close(); return Task.CompletedTask; }
            return LocalServer.Send(ctx, body);
        });
        Downloader.Download([server.Url + "/missing.gz", server.Url + "/f.gz"], dir["f.gz"], Md5(body), body.Length, new Progress<double>());
        Assert.Equal(body, File.ReadAllBytes(dir["f.gz"]));
    }

    [Fact]
    public void Preparation_downloads_from_the_mirror_and_reports_an_unreachable_host_once()
    {
        // A manifest with one small dataset whose canonical URL is a closed port, served by the mirror instead.
        using var dir = new TempDir();
        var a = Content(3_000, 7);
        var b = Content(4_000, 8);
        using var server = new LocalServer(ctx => LocalServer.Send(ctx, ctx.Request.Url!.AbsolutePath.EndsWith("a.gz") ? a : b));
        string closed = ClosedPortUrl();
        var manifest = new Manifest
        {
            Datasets = { ["toy"] = new ManifestDataset("toy", ["x", "y"]) },
            Files =
            {
                new ManifestFile("toy", "a.gz", [closed + "/a.gz"], Md5(a), a.Length),
                new ManifestFile("toy", "b.gz", [closed + "/b.gz"], Md5(b), b.Length),
            },
        };
        // Without the mirror: the first file fails (connection refused), the second is not tried.
        var offline = DataPreparation.Run(["toy"], download: true, root: dir.Path, manifest: manifest, mirror: "");
        Assert.All(offline, r => Assert.Equal(FileState.Missing, r.State));
        Assert.Contains("refused", offline[0].Detail);
        Assert.StartsWith("not tried", offline[1].Detail);
        var message = DataPreparation.Problem(offline)!;
        Assert.Contains("2 dataset file(s) missing", message);
        Assert.Contains("toy/a.gz (3,000 bytes, md5 " + Md5(a), message);
        Assert.Contains(closed + "/b.gz", message);
        Assert.Contains("COURSE_DATA_MIRROR", message);
        Assert.Empty(FilesIn(dir));

        var online = DataPreparation.Run(["toy"], download: true, root: dir.Path, manifest: manifest, mirror: server.Url);
        Assert.All(online, r => Assert.Equal(FileState.Downloaded, r.State));
        Assert.Null(DataPreparation.Problem(online));
        Assert.Equal(new[] { "/toy/a.gz", "/toy/b.gz" }, server.Requests.Select(r => r.Path));
        Assert.Equal(a, File.ReadAllBytes(Path.Combine(dir.Path, "toy", "a.gz")));
        // Present now: verified without a request.
        var again = DataPreparation.Run(["toy"], download: true, root: dir.Path, manifest: manifest, mirror: server.Url);
        Assert.All(again, r => Assert.Equal(FileState.Verified, r.State));
        Assert.Equal(2, server.Requests.Count);
        // A corrupted copy is reported, not replaced.
        File.WriteAllBytes(Path.Combine(dir.Path, "toy", "b.gz"), new byte[b.Length]);
        var corrupt = DataPreparation.Run(["toy"], download: true, root: dir.Path, manifest: manifest, mirror: server.Url);
        Assert.Equal(FileState.Corrupt, corrupt[1].State);
        Assert.Contains("md5", corrupt[1].Detail);
        Assert.Contains("delete it", DataPreparation.Problem(corrupt));
    }

    static string ClosedPortUrl()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
