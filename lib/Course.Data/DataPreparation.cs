namespace Course.Data;

/// <summary>What <see cref="DataPreparation"/> found or did for one dataset file.</summary>
public enum FileState
{
    /// <summary>Present, with the manifest's size and md5.</summary>
    Verified,
    /// <summary>Downloaded now, and verified.</summary>
    Downloaded,
    /// <summary>Present but with the wrong size or md5 (left as it is: it may be someone else's copy).</summary>
    Corrupt,
    /// <summary>Not present and not downloaded.</summary>
    Missing,
}

/// <summary>One file's outcome: where it is (or would go), and for a missing or corrupt file why.</summary>
public sealed record FileReport(string Dataset, ManifestFile File, FileState State, string Path, string? Detail, IReadOnlyList<string> Urls)
{
    /// <summary>True for <see cref="FileState.Verified"/> and <see cref="FileState.Downloaded"/>.</summary>
    public bool Ok => State is FileState.Verified or FileState.Downloaded;
}

/// <summary>
/// Makes the named datasets present before notebooks or tests need them (<c>course data</c>): each file is looked for
/// where the loaders look (an explicit root, <c>COURSE_DATA</c>, the repository's <c>data/</c>) and verified by size and
/// md5; a missing one is downloaded into the download folder (the mirror in <c>COURSE_DATA_MIRROR</c> first, then the
/// canonical URLs), through a partial file that is renamed only once it is verified.
/// </summary>
public static class DataPreparation
{
    /// <summary>The datasets the course's tests and notebooks cannot run without (CIFAR-10 has a stand-in).</summary>
    public static readonly string[] Required = [NamedDatasets.MnistKey, NamedDatasets.FashionMnistKey];

    /// <summary>
    /// Checks (and with <paramref name="download"/> downloads) every file of <paramref name="datasets"/>.
    /// <paramref name="progressFor"/> gives the progress sink of a file's download. After the first failure to reach
    /// any server, the remaining files are not tried (an offline machine answers at once, not after a timeout each).
    /// <paramref name="mirror"/> overrides <c>COURSE_DATA_MIRROR</c> ("" for none).
    /// </summary>
    public static IReadOnlyList<FileReport> Run(IEnumerable<string> datasets, bool download, string? root = null,
        Func<FileReport, IProgress<double>>? progressFor = null, Manifest? manifest = null, string? mirror = null)
    {
        manifest ??= Manifest.Default;
        var reports = new List<FileReport>();
        bool unreachable = false;
        foreach (var key in datasets)
        {
            if (!manifest.Datasets.TryGetValue(key, out var info))
                throw new ArgumentException($"unknown dataset '{key}': expected one of {string.Join(", ", manifest.Datasets.Keys)}");
            var files = manifest.FilesOf(key).Where(f => f.Archive == null).ToArray();   // CIFAR-10: its archive
            var found = NamedDatasets.FindFolder(key, root, manifest);
            if (key == NamedDatasets.Cifar10Key && found != null)
            {
                reports.AddRange(manifest.FilesOf(key).Where(f => f.Archive != null).Select(f => Check(key, f, found, info.Folder, mirror)));
                continue;
            }
            string folder = found ?? DataLocator.DownloadFolder(info.Folder, root);
            foreach (var f in files)
            {
                var report = Check(key, f, folder, info.Folder, mirror);
                if (report.State == FileState.Missing && download)
                {
                    if (unreachable)
                        report = report with { Detail = "not tried: no server could be reached for the files before it" };
                    else
                        report = Fetch(report, progressFor, ref unreachable);
                }
                reports.Add(report);
            }
        }
        return reports;
    }

    static FileReport Check(string key, ManifestFile f, string folder, string datasetFolder, string? mirror)
    {
        var urls = Downloader.Sources(f, datasetFolder, mirror);
        var path = DataLocator.Present(folder, f);
        if (path == null) return new(key, f, FileState.Missing, System.IO.Path.Combine(folder, f.File), "not found", urls);
        try
        {
            DataLocator.Verify(path, f);
            return new(key, f, FileState.Verified, path, null, urls);
        }
        catch (DatasetException e) { return new(key, f, FileState.Corrupt, path, e.Message, urls); }
    }

    static FileReport Fetch(FileReport r, Func<FileReport, IProgress<double>>? progressFor, ref bool unreachable)
    {
        try
        {
            Downloader.Download(r.Urls, r.Path, r.File.Md5, r.File.Bytes, progressFor?.Invoke(r) ?? new Progress<double>());
            return r with { State = FileState.Downloaded, Detail = null };
        }
        catch (DatasetException e) when (e.Attempts.Count > 0)
        {
            if (e.Attempts.All(a => !a.Reached)) unreachable = true;
            return r with { Detail = "download failed: " + string.Join("; ", e.Attempts.Select(a => $"{a.Url}: {a.Reason}")) };
        }
    }

    /// <summary>
    /// The one message for files that are still missing or corrupt: each file with its size and md5, the URLs tried and
    /// why they failed, and how to provide the files. Null when every file is present.
    /// </summary>
    public static string? Problem(IReadOnlyList<FileReport> reports)
    {
        var bad = reports.Where(r => !r.Ok).ToList();
        if (bad.Count == 0) return null;
        var lines = new List<string> { $"{bad.Count} dataset file(s) missing or corrupt:" };
        foreach (var r in bad)
        {
            lines.Add($"  {r.Dataset}/{r.File.File} ({r.File.Bytes:N0} bytes, md5 {r.File.Md5}) at {r.Path}: {r.State.ToString().ToLowerInvariant()}");
            lines.Add($"    {r.Detail}");
            if (r.State == FileState.Missing && r.Detail?.StartsWith("download failed") != true) lines.Add($"    URLs: {string.Join(", ", r.Urls)}");
        }
        var folders = bad.Select(r => System.IO.Path.GetDirectoryName(r.Path)).Distinct();
        lines.Add("To provide them: copy the files (the .gz as published, or their extracted form) into " + string.Join(" and ", folders) +
                  $"; or set {DataLocator.EnvironmentVariable} to a folder holding mnist/ and fashion-mnist/; or set " +
                  $"{Downloader.MirrorVariable} to a server that has <folder>/<file> (e.g. http://host:8000 serving a copy of data/).");
        if (bad.Any(r => r.State == FileState.Corrupt)) lines.Add("A corrupt file is never replaced automatically: delete it to download it again.");
        return string.Join(Environment.NewLine, lines);
    }
}
