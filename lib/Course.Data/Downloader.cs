using System.Security.Cryptography;

namespace Course.Data;

/// <summary>
/// Downloads a file into a partial file beside it (<c>.NAME.part</c>), checks its size and MD5 and only then renames it
/// to its final name, so nothing half-written or corrupt is ever left under the final name. A transfer that breaks off
/// keeps its partial file, and the next attempt resumes it with an HTTP range request (the MD5 covers the whole file);
/// a file that fails the size or MD5 check is deleted.
/// </summary>
public static class Downloader
{
    static readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(30) };

    /// <summary>Environment variable naming a mirror: <c>$COURSE_DATA_MIRROR/&lt;dataset folder&gt;/&lt;file&gt;</c> is tried before the canonical URLs.</summary>
    public const string MirrorVariable = "COURSE_DATA_MIRROR";

    /// <summary>Timeout for establishing a connection and receiving the response headers.</summary>
    public static TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The URLs to try for a manifest file of a dataset kept in <paramref name="folder"/>: the mirror's first
    /// (<paramref name="mirror"/>, by default <c>COURSE_DATA_MIRROR</c>; "" for none), then the manifest's canonical URLs.</summary>
    public static IReadOnlyList<string> Sources(ManifestFile file, string folder, string? mirror = null)
    {
        var urls = new List<string>();
        mirror ??= Environment.GetEnvironmentVariable(MirrorVariable);
        if (!string.IsNullOrWhiteSpace(mirror)) urls.Add($"{mirror.TrimEnd('/')}/{folder}/{file.File}");
        urls.AddRange(file.Urls ?? []);
        return urls;
    }

    /// <summary>Downloads the first URL that works to <paramref name="destination"/>. Progress (0..1) goes to
    /// <paramref name="progress"/> when given, else a console progress line is written.</summary>
    /// <exception cref="DatasetException">Every URL failed, or the content has the wrong MD5 or size.</exception>
    public static void Download(IReadOnlyList<string> urls, string destination, string? md5, long expectedBytes = -1,
                                IProgress<double>? progress = null)
    {
        if (urls.Count == 0) throw new DatasetException($"No URL to download '{destination}' from.", destination);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        var attempts = new List<DownloadAttempt>();
        foreach (var url in urls)
        {
            bool reached = false;
            try { DownloadOne(url, destination, md5, expectedBytes, progress, ref reached); return; }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or DatasetException)
            {
                attempts.Add(new(url, Reason(e), reached || e is HttpRequestException { StatusCode: not null }));
            }
        }
        throw new DatasetException(
            $"Could not download '{destination}' (expected md5 {md5 ?? "(none)"}, {expectedBytes} bytes). " +
            $"Tried: {string.Join("; ", attempts.Select(a => $"{a.Url}: {a.Reason}"))}. Without network, copy the file there or set COURSE_DATA to a folder holding it.",
            destination) { Attempts = attempts };
    }

    /// <summary>The partial file a download of <paramref name="destination"/> writes to.</summary>
    public static string PartialPath(string destination) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(destination))!, $".{Path.GetFileName(destination)}.part");

    static string Reason(Exception e) => e switch
    {
        TaskCanceledException => $"no response within {ConnectTimeout.TotalSeconds:0} s",
        HttpRequestException { InnerException: { } inner } h => $"{h.Message} ({inner.Message})",
        _ => e.Message,
    };

    static void DownloadOne(string url, string destination, string? md5, long expectedBytes, IProgress<double>? progress, ref bool reached)
    {
        string name = Path.GetFileName(destination);
        string part = PartialPath(destination);
        bool keepPart = File.Exists(part);   // a partial file from an earlier attempt survives a failed request
        try
        {
            long have = keepPart ? new FileInfo(part).Length : 0;
            if (expectedBytes >= 0 && have > expectedBytes) { File.Delete(part); have = 0; }
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (have > 0) request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(have, null);
            using var cts = new CancellationTokenSource(ConnectTimeout);
            using var response = _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).GetAwaiter().GetResult();
            reached = true;
            if (have > 0 && response.StatusCode == System.Net.HttpStatusCode.RequestedRangeNotSatisfiable) { File.Delete(part); have = 0; }
            response.EnsureSuccessStatusCode();
            bool resumed = have > 0 && response.StatusCode == System.Net.HttpStatusCode.PartialContent
                           && response.Content.Headers.ContentRange?.From == have;
            if (!resumed) have = 0;   // the server sent the whole file: start over
            long total = response.Content.Headers.ContentLength is { } length ? have + length : expectedBytes;
            var report = progress ?? new ConsoleProgress($"Downloading {name}");
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long done = have;
            using (var output = new FileStream(part, resumed ? FileMode.Open : FileMode.Create, FileAccess.ReadWrite))
            {
                var buffer = new byte[1 << 16];
                int n;
                if (resumed)
                {
                    while ((n = output.Read(buffer)) > 0) hash.AppendData(buffer, 0, n);
                    output.Seek(0, SeekOrigin.End);
                }
                using var input = response.Content.ReadAsStream();
                keepPart = true;   // from here on, a broken transfer leaves a partial file to resume from
                while ((n = input.Read(buffer)) > 0)
                {
                    output.Write(buffer, 0, n);
                    hash.AppendData(buffer, 0, n);
                    done += n;
                            if (total > 0) report.Report(Math.Min(1.0, (double)done / total));
                }
            }
            keepPart = false;
            if (response.Content.Headers.ContentLength is { } sent && done - have != sent)
            {
                keepPart = done < expectedBytes;
                throw new DatasetException($"Download of '{url}' broke off after {done} of {(expectedBytes >= 0 ? expectedBytes : have + sent)} bytes.", destination);
            }
            report.Report(1.0);
            if (expectedBytes >= 0 && done != expectedBytes)
                throw new DatasetException($"Download of '{url}' gave {done} bytes, expected {expectedBytes} bytes.", destination);
            string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (md5 != null && !string.Equals(actual, md5, StringComparison.OrdinalIgnoreCase))
                throw new DatasetException(
                    $"Download of '{url}' failed the md5 check: expected md5 {md5.ToLowerInvariant()}, actual md5 {actual}.", destination);
            File.Move(part, destination, overwrite: true);
        }
        finally
        {
            if (!keepPart && File.Exists(part)) File.Delete(part);
        }
    }
}

/// <summary>A simple console progress line: rewrites one line on a terminal, prints every 10 % otherwise.</summary>
public sealed class ConsoleProgress : IProgress<double>
{
    readonly string _label;
    int _last = -1;

    /// <summary>Creates a progress line with a label such as "Downloading x".</summary>
    public ConsoleProgress(string label) => _label = label;

    /// <inheritdoc/>
    public void Report(double value)
    {
        int pct = (int)Math.Round(Math.Clamp(value, 0, 1) * 100);
        bool terminal = !Console.IsOutputRedirected;
        int step = terminal ? 1 : 10;
        if (pct == _last || (pct / step == _last / step && pct != 100)) return;
        _last = pct;
        int filled = pct / 5;
        string bar = $"{_label} [{new string('#', filled)}{new string('.', 20 - filled)}] {pct,3}%";
        if (terminal) Console.Write("\r" + bar + (pct == 100 ? Environment.NewLine : ""));
        else Console.WriteLine(bar);
    }
}
