using System.Security.Cryptography;

namespace Course.Data;

/// <summary>Downloads a file into a temporary file in the destination folder, checks its MD5 and only then
/// renames it to its final name, so nothing half-written is ever left under the final name.</summary>
public static class Downloader
{
    static readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(30) };

    /// <summary>Timeout for establishing a connection and receiving the response headers.</summary>
    public static TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Downloads the first URL that works to <paramref name="destination"/>. Progress (0..1) goes to
    /// <paramref name="progress"/> when given, else a console progress line is written.</summary>
    /// <exception cref="DatasetException">Every URL failed, or the content has the wrong MD5 or size.</exception>
    public static void Download(IReadOnlyList<string> urls, string destination, string? md5, long expectedBytes = -1,
                                IProgress<double>? progress = null)
    {
        if (urls.Count == 0) throw new DatasetException($"No URL to download '{destination}' from.", destination);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        var errors = new List<string>();
        foreach (var url in urls)
        {
            try { DownloadOne(url, destination, md5, expectedBytes, progress); return; }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or DatasetException)
            {
                errors.Add($"{url}: {e.Message}");
            }
        }
        throw new DatasetException(
            $"Could not download '{destination}' (expected md5 {md5 ?? "(none)"}, {expectedBytes} bytes). " +
            $"Tried: {string.Join("; ", errors)}. Without network, copy the file there or set COURSE_DATA to a folder holding it.",
            destination);
    }

    static void DownloadOne(string url, string destination, string? md5, long expectedBytes, IProgress<double>? progress)
    {
        string name = Path.GetFileName(destination);
        string temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(destination))!,
                                   $".{name}.{Guid.NewGuid():N}.part");
        try
        {
            using var cts = new CancellationTokenSource(ConnectTimeout);
            using var response = _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cts.Token).GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
            long total = response.Content.Headers.ContentLength ?? expectedBytes;
            var report = progress ?? new ConsoleProgress($"Downloading {name}");
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long done = 0;
            using (var input = response.Content.ReadAsStream())
            using (var output = File.Create(temp))
            {
                var buffer = new byte[1 << 16];
                int n;
                while ((n = input.Read(buffer)) > 0)
                {
                    output.Write(buffer, 0, n);
                    hash.AppendData(buffer, 0, n);
                    done += n;
                    if (total > 0) report.Report(Math.Min(1.0, (double)done / total));
                }
            }
            report.Report(1.0);
            if (expectedBytes >= 0 && done != expectedBytes)
                throw new DatasetException($"Download of '{url}' gave {done} bytes, expected {expectedBytes} bytes.", destination);
            string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (md5 != null && !string.Equals(actual, md5, StringComparison.OrdinalIgnoreCase))
                throw new DatasetException(
                    $"Download of '{url}' failed the md5 check: expected md5 {md5.ToLowerInvariant()}, actual md5 {actual}.", destination);
            File.Move(temp, destination, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
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
