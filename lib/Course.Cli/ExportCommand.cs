using System.CommandLine;
using Course.Notebooks;

namespace Course.Cli;

/// <summary>
/// <c>course export --app [NOTEBOOKS…] [--out DIR] [--check]</c>: writes each notebook as a .NET 10 file-based app,
/// <c>DIR/NAME.cs</c> (default <c>apps/</c>), runnable with <c>dotnet run apps/NAME.cs -- --smoke</c>
/// (<see cref="AppExporter"/>). <c>--check</c> writes nothing and fails when an app differs from its notebook's export,
/// is missing, or (exporting the whole default folder) has no notebook any more.
/// </summary>
public static class ExportCommand
{
    /// <summary>Builds the <c>export</c> command.</summary>
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Notebooks, or folders whose *.ipynb files are exported (default: notebooks)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var app = new Option<bool>("--app") { Description = "Export as .NET 10 file-based apps (dotnet run apps/NAME.cs -- --smoke)" };
        var outDir = new Option<string>("--out") { Description = "Folder of the apps", DefaultValueFactory = _ => "apps" };
        var check = new Option<bool>("--check") { Description = "Write nothing; fail when an app differs from its notebook's export" };
        var command = new Command("export", "Export notebooks as .NET 10 file-based apps (markdown as comments, rich outputs into one HTML page)")
        {
            paths, app, outDir, check,
        };
        command.SetAction(parse =>
        {
            if (!parse.GetValue(app)) throw new ArgumentException("export needs --app (a file-based app per notebook is the only export so far)");
            var given = parse.GetValue(paths) is { Length: > 0 } p ? p : ["notebooks"];
            var notebooks = BatchRunner.ExpandPaths(given);
            var dir = parse.GetValue(outDir)!;
            var output = parse.InvocationConfiguration.Output;
            if (!parse.GetValue(check))
            {
                foreach (var nb in notebooks) output.WriteLine($"{AppExporter.ExportFile(nb, dir)}  <-  {nb}");
                return 0;
            }
            var drift = Drift(notebooks, dir, wholeFolder: parse.GetValue(paths) is not { Length: > 0 });
            foreach (var line in drift) output.WriteLine(line);
            output.WriteLine(drift.Count == 0
                ? $"{notebooks.Count} apps in {dir}/ match their notebooks"
                : $"{drift.Count} of the apps in {dir}/ do not match their notebooks: run ./course export --app");
            return drift.Count == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>One line per app that differs from its notebook's export, is missing, or (<paramref name="wholeFolder"/>) has no notebook.</summary>
    public static List<string> Drift(IReadOnlyList<string> notebooks, string appsDirectory, bool wholeFolder)
    {
        var lines = new List<string>();
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var nb in notebooks)
        {
            var path = Path.Combine(appsDirectory, Path.GetFileNameWithoutExtension(nb) + ".cs");
            expected.Add(Path.GetFullPath(path));
            var text = AppExporter.Export(NotebookDocument.Load(nb), nb, appsDirectory);
            if (!File.Exists(path)) lines.Add($"missing  {path}  (from {nb})");
            else if (File.ReadAllText(path) != text) lines.Add($"differs  {path}  (from {nb})");
        }
        if (wholeFolder && Directory.Exists(appsDirectory))
            foreach (var stale in Directory.GetFiles(appsDirectory, "*.cs").Where(f => !expected.Contains(Path.GetFullPath(f))).Order(StringComparer.Ordinal))
                lines.Add($"stale    {stale}  (no notebook)");
        return lines;
    }
}
