using System.CommandLine;

namespace Course.Cli;

/// <summary>
/// Builds and runs the <c>course</c> command line: <c>models</c>, <c>summary</c>, <c>train</c> and <c>run</c>.
/// Errors print one line, <c>error: MESSAGE</c>, on stderr and exit with 1 (<c>--verbose</c> adds the stack trace).
/// </summary>
public static class Cli
{
    /// <summary>The global <c>--verbose</c> option (stack traces on errors).</summary>
    internal static readonly Option<bool> Verbose = new("--verbose") { Description = "Show stack traces on errors", Recursive = true };

    /// <summary>The root command with all subcommands.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("course: classic CNNs in C# — list and summarise models, train them, run the notebooks")
        {
            Verbose,
            ModelsCommand.Create(),
            SummaryCommand.Create(),
            TrainCommand.Create(),
            RunCommand.Create(),
            InfoCommand.Create(),
            DataCommand.Create(),
            CourseStandIns.CreateCommand(),
            ExportCommand.Create(),
        };
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>, writing to <paramref name="stdout"/> / <paramref name="stderr"/>
    /// (default: the console). Returns the exit code: 0 on success, 1 on an error.
    /// </summary>
    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        var output = stdout ?? Console.Out;
        var error = stderr ?? Console.Error;
        var root = BuildRoot();
        var parse = root.Parse(args);
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            var inner = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e;
            if (inner is System.Reflection.TargetInvocationException { InnerException: { } ti }) inner = ti;
            var message = inner.Message;
            if (inner is ArgumentException { ParamName: { } param }) message = message.Replace($" (Parameter '{param}')", "");
            error.WriteLine($"error: {OneLine(message)}");
            if (parse.GetValue(Verbose)) error.WriteLine(inner.ToString());
            output.Flush();
            error.Flush();
            return 1;
        }
    }

    private static string OneLine(string message) => string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
}
