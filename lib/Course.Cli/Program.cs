namespace Course.Cli;

/// <summary>Entry point of the <c>course</c> executable.</summary>
public static class Program
{
    /// <summary>Runs the CLI.</summary>
    public static int Main(string[] args) { System.Console.WriteLine(new Course.History().ToString()); return 0; }
}
