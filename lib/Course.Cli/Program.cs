namespace Course.Cli;

/// <summary>Entry point of the <c>course</c> executable.</summary>
public static class Program
{
    /// <summary>Runs the CLI with the process's console; returns the exit code.</summary>
    public static int Main(string[] args) => Cli.Run(args);
}
