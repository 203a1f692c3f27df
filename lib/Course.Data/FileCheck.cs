using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Course.Data;

/// <summary>MD5 and size verification of dataset files, cached in memory per process
/// (keyed by full path, length and last write time).</summary>
public static class FileCheck
{
    static readonly ConcurrentDictionary<(string, long, DateTime), string> _md5 = new();

    /// <summary>The lowercase hex MD5 of a file (cached).</summary>
    public static string Md5(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new DatasetException($"File not found: '{path}'.", path);
        var key = (info.FullName, info.Length, info.LastWriteTimeUtc);
        return _md5.GetOrAdd(key, _ =>
        {
            using var f = File.OpenRead(path);
            return Convert.ToHexStringLower(MD5.HashData(f));
        });
    }

    /// <summary>Checks a file's size and MD5 (either may be null/negative to skip); throws
    /// <see cref="DatasetException"/> naming the file, the expected and the actual value.</summary>
    public static void Verify(string path, string? expectedMd5, long expectedBytes = -1)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new DatasetException($"File not found: '{path}'.", path);
        if (expectedBytes >= 0 && info.Length != expectedBytes)
            throw new DatasetException(
                $"'{path}' has the wrong size: expected {expectedBytes} bytes, found {info.Length} bytes (truncated or a different file?).", path);
        if (expectedMd5 is null) return;
        var actual = Md5(path);
        if (!string.Equals(actual, expectedMd5, StringComparison.OrdinalIgnoreCase))
            throw new DatasetException(
                $"'{path}' failed the md5 check: expected md5 {expectedMd5.ToLowerInvariant()}, actual md5 {actual}. " +
                "Delete the file so that it is downloaded again, or point COURSE_DATA at a good copy.", path);
    }
}
