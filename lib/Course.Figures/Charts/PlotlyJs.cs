namespace Course.Figures;

/// <summary>Where chart HTML loads plotly.js from.</summary>
public enum PlotlyJsMode
{
    /// <summary>The pinned CDN build (require.js when present, else a plain &lt;script src&gt;).</summary>
    Cdn,
    /// <summary>A local file or URL given by <see cref="PlotlyJs.Path"/>, loaded like the CDN build.</summary>
    LocalFile,
    /// <summary>The file content inlined into every chart's HTML (offline, self-contained; about 5 MB per chart).</summary>
    Inline,
    /// <summary>
    /// Inside a Jupyter server's page (classic Notebook, JupyterLab): the copy the course kernel's kernelspec holds,
    /// at <c>&lt;base url&gt;</c> + <see cref="PlotlyJs.Path"/> (e.g. <c>kernelspecs/.net-csharp/plotly.min.js</c>), served
    /// by the server itself, so charts draw offline; the CDN build where there is no Jupyter server (VS Code).
    /// </summary>
    Jupyter,
}

/// <summary>Settings for how <see cref="Chart.ToHtml"/> loads plotly.js.</summary>
public static class PlotlyJs
{
    /// <summary>The plotly.js version, the same as pinned in the repository's package.json.</summary>
    public const string Version = "4.1.2";

    /// <summary>The CDN URL of the pinned build.</summary>
    public const string CdnUrl = "https://cdn.plot.ly/plotly-" + Version + ".min.js";

    /// <summary>Relative location of the bundle inside an npm install.</summary>
    public const string NodeModulesFile = "node_modules/plotly.js-dist-min/plotly.min.js";

    private static string? _inlineCachePath;
    private static string? _inlineCache;

    /// <summary>
    /// Loading mode: <see cref="PlotlyJsMode.Cdn"/> unless the environment variable <c>COURSE_PLOTLY</c> says
    /// <c>file</c> (the local npm copy, for offline HTML pages; <c>./course run</c> sets it), <c>inline</c>, or
    /// <c>jupyter:RELATIVE_URL</c> (the course kernel's kernelspec sets it; see <see cref="PlotlyJsMode.Jupyter"/>).
    /// </summary>
    public static PlotlyJsMode Mode { get; set; } = ModeFromEnvironment();

    private static string? Setting => Environment.GetEnvironmentVariable("COURSE_PLOTLY")?.Trim();

    private static PlotlyJsMode ModeFromEnvironment() =>
        Setting?.ToLowerInvariant() switch
        {
            "file" or "local" when FindLocalFile() is not null => PlotlyJsMode.LocalFile,
            "inline" when FindLocalFile() is not null => PlotlyJsMode.Inline,
            { } s when s.StartsWith("jupyter:", StringComparison.Ordinal) && s.Length > "jupyter:".Length => PlotlyJsMode.Jupyter,
            _ => PlotlyJsMode.Cdn,
        };

    private static string? PathFromEnvironment() =>
        Setting is { } s && s.StartsWith("jupyter:", StringComparison.OrdinalIgnoreCase) ? s["jupyter:".Length..].TrimStart('/') : null;

    /// <summary>
    /// For <see cref="PlotlyJsMode.LocalFile"/>: a file path (turned into a file:// URL when absolute) or a URL;
    /// for <see cref="PlotlyJsMode.Inline"/>: the file to inline. When null, <see cref="FindLocalFile"/> is used.
    /// For <see cref="PlotlyJsMode.Jupyter"/>: the URL relative to the Jupyter server's base URL.
    /// </summary>
    public static string? Path { get; set; } = PathFromEnvironment();

    /// <summary>Restores the defaults (the environment's mode and path).</summary>
    public static void Reset()
    {
        Mode = ModeFromEnvironment();
        Path = PathFromEnvironment();
    }

    /// <summary>
    /// Finds <see cref="NodeModulesFile"/> by walking up from the current directory, then from the assembly directory;
    /// null when not found.
    /// </summary>
    public static string? FindLocalFile()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, NodeModulesFile);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    /// <summary>The script source used for CDN/LocalFile modes (for Jupyter mode: the CDN fallback).</summary>
    public static string ScriptUrl()
    {
        if (Mode is PlotlyJsMode.Cdn or PlotlyJsMode.Jupyter) return CdnUrl;
        var p = Path ?? FindLocalFile() ?? throw MissingFile();
        if (p.Contains("://", StringComparison.Ordinal)) return p;
        return System.IO.Path.IsPathRooted(p) ? new Uri(p).AbsoluteUri : p.Replace('\\', '/');
    }

    /// <summary>The plotly.js source text for inline mode (cached per path).</summary>
    public static string InlineSource()
    {
        var p = Path ?? FindLocalFile() ?? throw MissingFile();
        if (!File.Exists(p))
            throw new FileNotFoundException($"plotly.js file '{p}' (PlotlyJs.Path) does not exist.", p);
        if (_inlineCachePath != p)
        {
            _inlineCache = File.ReadAllText(p);
            _inlineCachePath = p;
        }
        return _inlineCache!;
    }

    private static FileNotFoundException MissingFile() => new(
        $"plotly.js not found: no {NodeModulesFile} above '{Directory.GetCurrentDirectory()}' or '{AppContext.BaseDirectory}'. " +
        "Run `npm ci` in the repository root or set PlotlyJs.Path.");
}
