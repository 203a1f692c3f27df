namespace Course.Data;

/// <summary>A dataset file is missing, malformed or does not match its checksum. The message names the file,
/// what was expected and what was found.</summary>
public sealed class DatasetException : Exception
{
    /// <summary>The file concerned (may be null for errors not tied to one file).</summary>
    public string? FilePath { get; }

    /// <summary>For a failed download: each URL tried, why it failed, and whether its server answered at all.</summary>
    public IReadOnlyList<DownloadAttempt> Attempts { get; init; } = [];

    /// <summary>Creates the exception.</summary>
    public DatasetException(string message, string? filePath = null, Exception? inner = null)
        : base(message, inner) => FilePath = filePath;
}

/// <summary>One URL a download tried: the reason it failed, and whether a server answered (an HTTP status, a broken or
/// wrong transfer) or could not be reached (refused, unresolved, no response in time).</summary>
public sealed record DownloadAttempt(string Url, string Reason, bool Reached);
