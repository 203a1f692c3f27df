namespace Course.Data;

/// <summary>A dataset file is missing, malformed or does not match its checksum. The message names the file,
/// what was expected and what was found.</summary>
public sealed class DatasetException : Exception
{
    /// <summary>The file concerned (may be null for errors not tied to one file).</summary>
    public string? FilePath { get; }

    /// <summary>Creates the exception.</summary>
    public DatasetException(string message, string? filePath = null, Exception? inner = null)
        : base(message, inner) => FilePath = filePath;
}
