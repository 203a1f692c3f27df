using System.Diagnostics;

namespace Course.Kernel.Tests;

/// <summary>Where things are: the repository, the built kernel; and a helper to run a command.</summary>
internal static class Repo
{
    /// <summary>The repository root (the folder holding Course.sln), found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration these tests were built in (Release or Debug), read off the output path.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";

    /// <summary>The kernel's own build output, as the kernelspec runs it.</summary>
    public static string KernelDll => Path.Combine(Root, "lib", "Course.Kernel", "bin", Configuration, "net10.0", "Course.Kernel.dll");

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Course.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Runs a command to completion; returns its exit code and stdout+stderr.</summary>
    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> args, Dictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? []) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(2))) { p.Kill(true); return (-1, stdout + stderr.Result + "\n(timed out)"); }
        return (p.ExitCode, stdout + stderr.Result);
    }
}

/// <summary>Tests that start kernel processes run one at a time (a 2-core machine; timing-sensitive checks).</summary>
[CollectionDefinition("kernel processes", DisableParallelization = true)]
public sealed class KernelProcessesCollection;
