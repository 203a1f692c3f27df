namespace Course.Notebooks.Tests;

/// <summary>
/// Entry point used only when a test starts this assembly as a notebook child process
/// (<c>dotnet Course.Notebooks.Tests.dll --notebook-child PATH --child-options FILE</c>).
/// </summary>
public static class Program
{
    public const string ChildFlag = "--notebook-child";

    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == ChildFlag)
        {
            var code = Course.Notebooks.BatchRunner.RunChildAsync(args[1..]).GetAwaiter().GetResult();
            Environment.Exit(code);
        }
        Console.Error.WriteLine($"Run the tests with dotnet test; {ChildFlag} is the only command-line mode.");
        return 2;
    }
}
