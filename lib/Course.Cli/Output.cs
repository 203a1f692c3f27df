using System.CommandLine;
using Spectre.Console;

namespace Course.Cli;

/// <summary>Spectre.Console over the command's output writer.</summary>
internal static class Output
{
    /// <summary>True when the writer is the real, non-redirected console and CI is not set: progress bars and colour are used.</summary>
    public static bool IsInteractive(TextWriter writer) =>
        ReferenceEquals(writer, System.Console.Out) && !System.Console.IsOutputRedirected &&
        !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A Spectre console writing to <paramref name="writer"/> (plain text when not interactive).</summary>
    public static IAnsiConsole Console(TextWriter writer)
    {
        bool interactive = IsInteractive(writer);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive) console.Profile.Width = 160;
        return console;
    }

    /// <summary>The output writer of an invocation.</summary>
    public static TextWriter Out(ParseResult parse) => parse.InvocationConfiguration.Output ?? System.Console.Out;
}
