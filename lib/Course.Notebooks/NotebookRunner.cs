using System.Diagnostics;

namespace Course.Notebooks;

/// <summary>Runs a notebook in the current process.</summary>
public static class NotebookRunner
{
    /// <summary>
    /// Executes every C# cell of the notebook at <paramref name="path"/> in order, sharing one script
    /// state, stops at the first error, and writes the executed notebook (in place or into
    /// <see cref="RunnerOptions.OutputDirectory"/>) and optionally its HTML rendering.
    /// Throws for unreadable input (missing file, not nbformat 4, bad parameter name).
    /// </summary>
    public static async Task<NotebookResult> RunAsync(string path, RunnerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RunnerOptions();
        var full = Path.GetFullPath(path);
        var clock = Stopwatch.StartNew();
        var notebook = NotebookDocument.Load(full);
        ParameterInjector.Inject(notebook, options.Parameters);
        ExerciseAnswers.Apply(notebook, options.Answers);
        var result = new NotebookResult { Path = full, Status = NotebookStatus.Passed };
        using (var session = new NotebookSession(notebook, Path.GetDirectoryName(full)!, options))
            await session.ExecuteAsync(result, clock, cancellationToken);

        if (options.WriteNotebook)
        {
            var outPath = options.OutputDirectory is null ? full : Path.Combine(Path.GetFullPath(options.OutputDirectory), Path.GetFileName(full));
            notebook.Save(outPath);
            result.OutputPath = outPath;
        }
        if (options.HtmlDirectory is not null)
        {
            var htmlPath = Path.Combine(Path.GetFullPath(options.HtmlDirectory), Path.GetFileNameWithoutExtension(full) + ".html");
            Directory.CreateDirectory(Path.GetDirectoryName(htmlPath)!);
            await File.WriteAllTextAsync(htmlPath, NotebookHtml.Render(notebook, Path.GetFileNameWithoutExtension(full)), cancellationToken);
            result.HtmlPath = htmlPath;
        }
        result.Duration = clock.Elapsed;
        return result;
    }
}
