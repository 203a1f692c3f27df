using System.CommandLine;
using Course.Data;
using Spectre.Console;

namespace Course.Cli;

/// <summary>
/// <c>course data [--check] [--dataset NAME…]</c>: makes sure the datasets the tests and notebooks need are present and
/// verified (downloading the missing ones unless <c>--check</c>), lists each file, and exits 3 with one message naming
/// every missing file when some are still missing.
/// </summary>
public static class DataCommand
{
    /// <summary>Exit code when a dataset file is missing or corrupt.</summary>
    public const int MissingExitCode = 3;

    public static Command Create()
    {
        var check = new Option<bool>("--check") { Description = "Only look and verify (size and md5); download nothing" };
        var datasets = new Option<string[]>("--dataset")
        {
            Description = $"Datasets to prepare (default: {string.Join(", ", DataPreparation.Required)}; also cifar-10)",
            AllowMultipleArgumentsPerToken = true,
        };
        var missingOnly = new Option<bool>("--missing") { Description = "Print only the names of the datasets with a missing or corrupt file (comma-separated), exit 0 either way; with --check" };
        var cmd = new Command("data", "Make sure the datasets are present and verified: found in COURSE_DATA or data/, else downloaded into data/")
            { check, datasets, missingOnly };
        cmd.SetAction(parse =>
        {
            var writer = Output.Out(parse);
            var console = Output.Console(writer);
            var keys = parse.GetValue(datasets) is { Length: > 0 } d ? d : DataPreparation.Required;
            bool download = !parse.GetValue(check);
            if (parse.GetValue(missingOnly))
            {
                if (download) throw new ArgumentException("--missing only goes with --check");
                writer.WriteLine(string.Join(",", DataPreparation.Run(keys, false).Where(r => !r.Ok).Select(r => r.Dataset).Distinct()));
                return 0;
            }
            IReadOnlyList<FileReport> reports;
            if (download && Output.IsInteractive(writer))
            {
                reports = [];
                console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                        new DownloadedColumn(), new TransferSpeedColumn())
                    .Start(ctx => reports = DataPreparation.Run(keys, download, progressFor: r =>
                    {
                        var task = ctx.AddTask($"{r.Dataset}/{r.File.File}", maxValue: Math.Max(1, r.File.Bytes));
                        return new Progress<double>(v => task.Value = v * task.MaxValue);
                    }));
            }
            else
            {
                reports = DataPreparation.Run(keys, download, progressFor: r =>
                {
                    writer.WriteLine($"downloading {r.Dataset}/{r.File.File} ({r.File.Bytes:N0} bytes)");
                    return new Progress<double>();
                });
            }
            var table = new Table().AddColumns("dataset", "file", "state", "where");
            foreach (var r in reports)
                table.AddRow(Markup.Escape(r.Dataset), Markup.Escape(r.File.File), r.Ok ? r.State.ToString().ToLowerInvariant() : $"[red]{r.State.ToString().ToLowerInvariant()}[/]",
                    Markup.Escape(r.Path));
            console.Write(table);
            var problem = DataPreparation.Problem(reports);
            if (problem == null)
            {
                writer.WriteLine($"All {reports.Count} files present and verified (size and md5).");
                return 0;
            }
            var error = parse.InvocationConfiguration.Error ?? Console.Error;
            error.WriteLine(problem);
            return MissingExitCode;
        });
        return cmd;
    }
}
