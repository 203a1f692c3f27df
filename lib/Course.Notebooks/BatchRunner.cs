using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Course.Notebooks;

/// <summary>Options for running several notebooks, each in its own child process.</summary>
public sealed class BatchOptions
{
    /// <summary>Options passed to every notebook.</summary>
    public RunnerOptions Runner { get; set; } = new();

    /// <summary>How many notebooks run at a time (at least 1).</summary>
    public int Jobs { get; set; } = 1;

    /// <summary>
    /// Command that starts a child: executable followed by leading arguments; the runner appends
    /// <c>PATH --child-options FILE</c>. Default: <see cref="BatchRunner.SelfCommand"/>("run", "--single").
    /// </summary>
    public IReadOnlyList<string>? ChildCommand { get; set; }

    /// <summary>Extra time the parent grants a child past the notebook timeout before killing it.</summary>
    public TimeSpan KillGrace { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Runs notebooks in separate processes (one per notebook), several at a time.</summary>
public static class BatchRunner
{
    /// <summary>Option name that carries the child's options file.</summary>
    public const string ChildOptionsFlag = "--child-options";

    sealed class ChildOptions
    {
        public RunnerOptions Runner { get; set; } = new();
        public string ResultFile { get; set; } = "";
    }

    /// <summary>Expands folders to their *.ipynb files (name order); files are kept; missing paths throw.</summary>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths)
    {
        var list = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
                list.AddRange(Directory.GetFiles(p, "*.ipynb").Order(StringComparer.Ordinal));
            else if (File.Exists(p)) list.Add(p);
            else throw new FileNotFoundException($"No notebook or folder at '{p}'", p);
        }
        return list;
    }

    /// <summary>
    /// The command line that starts this same program again: the process path, plus the entry
    /// assembly when the process is the <c>dotnet</c> host, followed by <paramref name="args"/>.
    /// </summary>
    public static IReadOnlyList<string> SelfCommand(params string[] args)
    {
        var exe = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which executable is running");
        var command = new List<string> { exe };
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet")
            command.Add(Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("No entry assembly to re-run"));
        command.AddRange(args);
        return command;
    }

    /// <summary>
    /// Runs every notebook in a child process, <see cref="BatchOptions.Jobs"/> at a time; calls
    /// <paramref name="onCompleted"/> as each finishes; returns the results in input order.
    /// </summary>
    public static async Task<IReadOnlyList<NotebookResult>> RunAsync(IReadOnlyList<string> notebooks, BatchOptions options,
        Action<NotebookResult>? onCompleted = null, CancellationToken cancellationToken = default)
    {
        if (options.Jobs < 1) throw new ArgumentOutOfRangeException(nameof(options), $"Jobs must be at least 1, got {options.Jobs}");
        var command = options.ChildCommand ?? SelfCommand("run", "--single");
        using var slots = new SemaphoreSlim(options.Jobs);
        var callbackGate = new object();
        var tasks = notebooks.Select(async path =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                var result = await RunChildProcessAsync(Path.GetFullPath(path), command, options, cancellationToken);
                lock (callbackGate) onCompleted?.Invoke(result);
                return result;
            }
            finally { slots.Release(); }
        }).ToList();
        return await Task.WhenAll(tasks);
    }

    static async Task<NotebookResult> RunChildProcessAsync(string path, IReadOnlyList<string> command, BatchOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var temp = Path.Combine(Path.GetTempPath(), "course-notebooks-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(temp);
        var optionsFile = Path.Combine(temp, "options.json");
        var resultFile = Path.Combine(temp, "result.json");
        var runner = options.Runner.Clone();
        runner.OutputDirectory = runner.OutputDirectory is null ? null : Path.GetFullPath(runner.OutputDirectory);
        runner.HtmlDirectory = runner.HtmlDirectory is null ? null : Path.GetFullPath(runner.HtmlDirectory);
        await File.WriteAllTextAsync(optionsFile, JsonSerializer.Serialize(new ChildOptions { Runner = runner, ResultFile = resultFile }), cancellationToken);

        var psi = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = Path.GetDirectoryName(path)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in command.Skip(1)) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add(path);
        psi.ArgumentList.Add(ChildOptionsFlag);
        psi.ArgumentList.Add(optionsFile);

        var log = new Queue<string>();
        void Keep(string? line)
        {
            if (line is null) return;
            lock (log) { log.Enqueue(line); if (log.Count > 40) log.Dequeue(); }
        }
        try
        {
            using var process = new Process { StartInfo = psi };
            process.OutputDataReceived += (_, e) => Keep(e.Data);
            process.ErrorDataReceived += (_, e) => Keep(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (options.Runner.NotebookTimeout is TimeSpan t) limit.CancelAfter(t + options.KillGrace);
            try { await process.WaitForExitAsync(limit.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                cancellationToken.ThrowIfCancellationRequested();
                return new NotebookResult
                {
                    Path = path, Status = NotebookStatus.TimedOut, Duration = clock.Elapsed, ErrorName = "TimeoutException",
                    ErrorMessage = $"the child process did not finish within the notebook timeout and was killed",
                };
            }
            if (File.Exists(resultFile))
            {
                var result = JsonSerializer.Deserialize<NotebookResult>(await File.ReadAllTextAsync(resultFile, CancellationToken.None))!;
                result.Duration = clock.Elapsed;
                return result;
            }
            string tail;
            lock (log) tail = string.Join("\n", log);
            return new NotebookResult
            {
                Path = path, Status = NotebookStatus.Crashed, Duration = clock.Elapsed, ErrorName = "ChildProcessExited",
                ErrorMessage = $"exit code {process.ExitCode} without a result" + (tail.Length > 0 ? ":\n" + tail : ""),
            };
        }
        finally
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Child-process entry: <paramref name="args"/> = <c>PATH --child-options FILE</c>. Runs the notebook
    /// in this process, writes the result file, and returns 0 when it passed, 1 otherwise.
    /// </summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        if (args.Length != 3 || args[1] != ChildOptionsFlag)
            throw new ArgumentException($"expected: PATH {ChildOptionsFlag} FILE, got: {string.Join(' ', args)}");
        var child = JsonSerializer.Deserialize<ChildOptions>(await File.ReadAllTextAsync(args[2]))
            ?? throw new InvalidDataException($"{args[2]}: empty child options");
        NotebookResult result;
        try { result = await NotebookRunner.RunAsync(args[0], child.Runner); }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            result = new NotebookResult { Path = Path.GetFullPath(args[0]), Status = NotebookStatus.Failed, ErrorName = e.GetType().FullName, ErrorMessage = e.Message };
        }
        await File.WriteAllTextAsync(child.ResultFile, JsonSerializer.Serialize(result));
        return result.Passed ? 0 : 1;
    }
}
