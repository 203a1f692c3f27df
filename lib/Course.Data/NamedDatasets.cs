using System.Formats.Tar;
using System.IO.Compression;

namespace Course.Data;

/// <summary>Locates, verifies, downloads and reads the named datasets of the manifest into arrays.</summary>
public static class NamedDatasets
{
    /// <summary>Manifest key of MNIST.</summary>
    public const string MnistKey = "mnist";
    /// <summary>Manifest key of Fashion-MNIST.</summary>
    public const string FashionMnistKey = "fashion-mnist";
    /// <summary>Manifest key of CIFAR-10.</summary>
    public const string Cifar10Key = "cifar-10";

    /// <summary>Loads MNIST or Fashion-MNIST (key "mnist" or "fashion-mnist") as an in-memory dataset.</summary>
    public static ImageDataset LoadIdx(string key, bool train, string? root = null, bool download = true,
                                       IProgress<double>? progress = null, Manifest? manifest = null)
    {
        manifest ??= Manifest.Default;
        var info = manifest.Datasets[key];
        string prefix = train ? "train" : "t10k";
        var files = new[]
        {
            manifest.Get(key, $"{prefix}-images-idx3-ubyte.gz"),
            manifest.Get(key, $"{prefix}-labels-idx1-ubyte.gz"),
        };
        var paths = Locate(key, info.Folder, files, root, download, progress, manifest);
        var (images, labels) = Idx.Read(paths[0], paths[1]);
        CheckLabels(paths[1], labels, info.Classes.Length);
        return new ImageDataset(key, info.Classes, images.Pixels, labels, 1, images.Rows, images.Cols, train,
            description: $"{key} ({(train ? "train" : "test")}), {labels.Length} images from {Path.GetDirectoryName(paths[0])}",
            source: Path.GetDirectoryName(paths[0]));
    }

    /// <summary>Loads CIFAR-10 from its binary batches (downloading and extracting the archive when allowed).</summary>
    public static ImageDataset LoadCifar10(bool train, string? root = null, bool download = true,
                                           IProgress<double>? progress = null, Manifest? manifest = null)
    {
        manifest ??= Manifest.Default;
        var info = manifest.Datasets[Cifar10Key];
        var files = manifest.FilesOf(Cifar10Key)
            .Where(f => f.Archive != null && (train ? f.File.Contains("data_batch") : f.File.Contains("test_batch")))
            .OrderBy(f => f.File).ToArray();
        var paths = Locate(Cifar10Key, info.Folder, files, root, download, progress, manifest);
        var (images, labels) = Cifar.ReadBatches(paths);
        return new ImageDataset(Cifar10Key, info.Classes, images, labels, 3, 32, 32, train,
            description: $"CIFAR-10 ({(train ? "train" : "test")}), {labels.Length} images from {Path.GetDirectoryName(paths[0])}",
            source: Path.GetDirectoryName(paths[0]));
    }

    /// <summary>The files of a dataset that are read (for CIFAR-10 the batches inside its archive).</summary>
    static ManifestFile[] ReadFiles(string key, Manifest manifest) =>
        manifest.FilesOf(key).Where(f => key != Cifar10Key || f.Archive != null).ToArray();

    /// <summary>The first search folder that holds every file of the dataset (both splits, unverified), or null.</summary>
    public static string? FindFolder(string key, string? root = null, Manifest? manifest = null)
    {
        manifest ??= Manifest.Default;
        return FolderHolding(manifest.Datasets[key].Folder, ReadFiles(key, manifest), root);
    }

    /// <summary>True when every file of the split is present (unverified) in one of the search folders.</summary>
    public static bool IsAvailable(string key, bool train, string? root = null, Manifest? manifest = null)
    {
        manifest ??= Manifest.Default;
        string tag = key == Cifar10Key ? (train ? "data_batch" : "test_batch") : (train ? "train-" : "t10k-");
        return FolderHolding(manifest.Datasets[key].Folder, ReadFiles(key, manifest).Where(f => f.File.Contains(tag)), root) != null;
    }

    static string? FolderHolding(string folder, IEnumerable<ManifestFile> files, string? root) =>
        DataLocator.SearchFolders(folder, root).FirstOrDefault(d => files.All(f => DataLocator.Present(d, f) != null));

    static void CheckLabels(string path, byte[] labels, int classes)
    {
        for (int i = 0; i < labels.Length; i++)
            if (labels[i] >= classes)
                throw new DatasetException($"'{path}' label {i} is {labels[i]}; expected a label in 0..{classes - 1}.", path);
    }

    static string[] Locate(string key, string folder, ManifestFile[] files, string? root, bool download,
                           IProgress<double>? progress, Manifest manifest)
    {
        var searched = DataLocator.SearchFolders(folder, root);
        foreach (var dir in searched)
        {
            var found = files.Select(f => DataLocator.Present(dir, f)).ToArray();
            if (found.All(p => p != null))
            {
                for (int i = 0; i < files.Length; i++) DataLocator.Verify(found[i]!, files[i]);
                return found!;
            }
        }
        var target = DataLocator.DownloadFolder(folder, root);
        if (!download)
        {
            var missing = files.FirstOrDefault(f => searched.All(d => DataLocator.Present(d, f) == null)) ?? files[0];
            throw new DatasetException(
                $"Dataset '{key}': file '{missing.File}' not found (download disabled). Looked in: " +
                (searched.Count == 0 ? "(no folder: no root, COURSE_DATA unset, no repository data/ folder)" : string.Join(", ", searched)) +
                $". Expected {missing.File} ({missing.Bytes} bytes, md5 {missing.Md5 ?? "not recorded"}); set COURSE_DATA or pass download: true.",
                Path.Combine(target, missing.File));
        }
        Directory.CreateDirectory(target);
        foreach (var f in files)
        {
            if (DataLocator.Present(target, f) != null) continue;
            if (f.Archive != null) DownloadArchive(manifest.Get(key, f.Archive), folder, target, progress);
            else Downloader.Download(Downloader.Sources(f, folder), Path.Combine(target, f.File), f.Md5, f.Bytes, progress);
        }
        var paths = files.Select(f => DataLocator.Present(target, f)
            ?? throw new DatasetException($"'{Path.Combine(target, f.File)}' is still missing after the download.", Path.Combine(target, f.File))).ToArray();
        for (int i = 0; i < files.Length; i++) DataLocator.Verify(paths[i], files[i]);
        return paths;
    }

    static void DownloadArchive(ManifestFile archive, string folder, string target, IProgress<double>? progress)
    {
        var archivePath = Path.Combine(target, archive.File);
        if (!File.Exists(archivePath))
            Downloader.Download(Downloader.Sources(archive, folder), archivePath, archive.Md5, archive.Bytes, progress);
        else
            FileCheck.Verify(archivePath, archive.Md5, archive.Bytes);
        // Extract into a temporary folder, then move each file into place: no half-written file under a final name.
        var temp = Path.Combine(target, $".extract-{Guid.NewGuid():N}");
        try
        {
            using (var gz = new GZipStream(File.OpenRead(archivePath), CompressionMode.Decompress))
                TarFile.ExtractToDirectory(gz, temp, overwriteFiles: true);
            foreach (var file in Directory.EnumerateFiles(temp, "*", SearchOption.AllDirectories))
            {
                var dest = Path.Combine(target, Path.GetRelativePath(temp, file));
                Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
                File.Move(file, dest, overwrite: true);
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            throw new DatasetException($"'{archivePath}' could not be extracted: {e.Message}", archivePath, e);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }
}
