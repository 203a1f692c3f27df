using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Course.Notebooks;

namespace Course.Cli;

/// <summary>
/// <c>course run [PATHS…]</c>: executes notebooks, each in its own child process (this same
/// executable, started with the hidden <c>--single PATH</c> option), and reports one line per notebook.
/// </summary>
public static class RunCommand
{
    /// <summary>Builds the <c>run</c> command.</summary>
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Notebooks, or folders whose *.ipynb files run in name order (default: notebooks)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var smoke = new Option<bool>("--smoke") { Description = "Smoke mode: same as --param smoke=true" };
        var mode = new Option<string?>("--mode")
        {
            Description = "full, cpu or smoke for every notebook (--param mode=…); default: each notebook's own (auto: full on a CUDA GPU, the CPU profile without one)",
        };
        var answers = new Option<string>("--answers")
        {
            Description = "What goes into the exercise cells: committed (the learner's empty cells), solutions, or wrong (a plausible wrong answer each)",
            DefaultValueFactory = _ => "committed",
        };
        var param = new Option<string[]>("--param") { Description = "name=value injected after the cell tagged 'parameters' (repeatable)" };
        var outDir = new Option<string?>("--out") { Description = "Write executed notebooks into this folder instead of in place" };
        var timeout = new Option<double?>("--timeout") { Description = "Notebook timeout in seconds" };
        var cellTimeout = new Option<double?>("--cell-timeout") { Description = "Cell timeout in seconds" };
        var jobs = new Option<int>("--jobs") { Description = "Notebooks to run at a time", DefaultValueFactory = _ => 1 };
        var html = new Option<string?>("--html") { Description = "Also write each executed notebook as a standalone HTML page into this folder" };
        var imports = new Option<string[]>("--import") { Description = "Extra namespace imported into every cell (repeatable)" };
        var skipCells = new Option<string[]>("--skip-cell")
        {
            Description = "CELL=REASON: do not run this code cell (number over all cells, as in error reports, or cell id); it keeps a note with the reason (repeatable)",
        };
        var continueOnError = new Option<bool>("--continue-on-error") { Description = "Run the cells after a failing one too and report every failing cell" };
        var single = new Option<string?>("--single") { Description = "Child mode: run one notebook in this process", Hidden = true };
        var childOptions = new Option<string?>(BatchRunner.ChildOptionsFlag) { Hidden = true };

        var command = new Command("run", "Execute notebooks (each in its own process) and write them back with outputs")
        {
            paths, smoke, mode, answers, param, outDir, timeout, cellTimeout, jobs, html, imports, skipCells, continueOnError, single, childOptions,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(single) is string singlePath)
            {
                var optionsFile = parse.GetValue(childOptions)
                    ?? throw new ArgumentException($"--single needs {BatchRunner.ChildOptionsFlag} FILE");
                var code = await BatchRunner.RunChildAsync([singlePath, BatchRunner.ChildOptionsFlag, optionsFile]);
                Console.Out.Flush();
                // Exit even if a notebook left foreground threads behind.
                Environment.Exit(code);
            }

            var runner = new RunnerOptions
            {
                OutputDirectory = parse.GetValue(outDir),
                HtmlDirectory = parse.GetValue(html),
                NotebookTimeout = Seconds(parse.GetValue(timeout), "--timeout"),
                CellTimeout = Seconds(parse.GetValue(cellTimeout), "--cell-timeout"),
                ContinueOnError = parse.GetValue(continueOnError),
                StandIns = CourseStandIns.Create(),
            };
            runner.Imports.AddRange(parse.GetValue(imports) ?? []);
            try
            {
                foreach (var entry in parse.GetValue(skipCells) ?? [])
                {
                    var at = entry.IndexOf('=');
                    if (at <= 0 || at == entry.Length - 1)
                        throw new ArgumentException($"--skip-cell needs CELL=REASON (e.g. 4=\"needs a CUDA device\"), got '{entry}'");
                    runner.SkipCells[entry[..at].Trim()] = entry[(at + 1)..].Trim();
                }
                foreach (var p in parse.GetValue(param) ?? [])
                {
                    var (name, value) = ParameterInjector.ParseAssignment(p);
                    runner.Parameters[name] = value;
                }
                if (parse.GetValue(mode) is { } m)
                {
                    var parsed = Course.Models.RunModes.Parse(m);   // a clear error for a misspelt mode, before any notebook starts
                    if (parsed == Course.Models.RunMode.Smoke) runner.Parameters["smoke"] = "true";
                    else runner.Parameters["mode"] = m.Trim().ToLowerInvariant();
                }
                if (parse.GetValue(smoke)) runner.Parameters["smoke"] = "true";
                runner.Answers = ExerciseAnswers.Parse(parse.GetValue(answers)!);
                var jobCount = parse.GetValue(jobs);
                if (jobCount < 1) throw new ArgumentException($"--jobs must be at least 1, got {jobCount}");
                // Several notebooks training at once share the cores: spinning OpenMP workers would then wait on each
                // other (lib/Torch/Native.cs). The notebooks' processes inherit this unless the user chose a policy.
                if (jobCount > 1 && Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null && Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") is null)
                    Environment.SetEnvironmentVariable("OMP_WAIT_POLICY", "PASSIVE");

                var given = parse.GetValue(paths) is { Length: > 0 } p2 ? p2 : ["notebooks"];
                var notebooks = BatchRunner.ExpandPaths(given);
                if (notebooks.Count == 0)
                {
                    Console.Error.WriteLine($"No notebooks found in {string.Join(", ", given)}");
                    return 2;
                }
                return await RunBatchAsync(notebooks, new BatchOptions { Runner = runner, Jobs = jobCount }, cancellationToken);
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        });
        return command;
    }

    static TimeSpan? Seconds(double? value, string option) => value switch
    {
        null => null,
        > 0 => TimeSpan.FromSeconds(value.Value),
        _ => throw new ArgumentException($"{option} must be a positive number of seconds, got {value}"),
    };

    static async Task<int> RunBatchAsync(IReadOnlyList<string> notebooks, BatchOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var results = await BatchRunner.RunAsync(notebooks, options, r => Console.WriteLine(Line(r)), cancellationToken);
        int passed = results.Count(r => r.Passed);
        var byStatus = results.Where(r => !r.Passed).GroupBy(r => r.Status)
            .Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        var summary = string.Join(", ", new[] { $"{passed} passed" }.Concat(byStatus));
        Console.WriteLine($"{summary} of {results.Count} notebook{(results.Count == 1 ? "" : "s")} in {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        return passed == results.Count ? 0 : 1;
    }

    static string Line(NotebookResult r)
    {
        var status = r.Status switch
        {
            NotebookStatus.Passed => "PASS ",
            NotebookStatus.TimedOut => "TIME ",
            NotebookStatus.Crashed => "CRASH",
            _ => "FAIL ",
        };
        var seconds = r.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture).PadLeft(7);
        var line = $"{status} {seconds} s  {Path.GetRelativePath(Environment.CurrentDirectory, r.Path)}";
        if (!r.Passed) line += "  " + r.FailureSummary.Split('\n')[0];
        if (r.Failures.Count > 1) line += $"  (+{r.Failures.Count - 1} more failing cell{(r.Failures.Count == 2 ? "" : "s")})";
        return line;
    }
}
