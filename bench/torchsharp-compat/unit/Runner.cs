using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;

namespace Measure;

/// <summary>The outcome of running one compiled test.</summary>
public sealed record RunResult(string Status, string Message)
{
    public bool Passed => Status == "pass";
}

/// <summary>
/// Runs the compiled tests in a child process (this tool's "run-tests" verb), one after another, each with a
/// timeout. The child appends "start"/"pass"/"fail"/"timeout" lines to a results file as it goes; when it dies (a
/// native crash, or a timeout it cannot recover from) the parent records the test it was in and starts a new child
/// with the tests after it.
/// </summary>
public static class Runner
{
    public static Dictionary<string, RunResult> RunAll(string assembly, string binding, IReadOnlyList<TestCase> tests,
                                                       string workDir, int timeoutSeconds, TextWriter log)
    {
        var results = new Dictionary<string, RunResult>();
        var resultsFile = Path.Combine(workDir, "results.log");
        var outputFile = Path.Combine(workDir, "test-output.log");
        File.WriteAllText(outputFile, "");
        var pending = tests.ToList();
        var children = 0;
        while (pending.Count > 0)
        {
            var listFile = Path.Combine(workDir, "tests.lst");
            File.WriteAllLines(listFile, pending.Select(t => $"{t.TypeName}\t{t.Method}\t{t.Id}"));
            File.WriteAllText(resultsFile, "");
            children++;
            var (exit, stderrTail) = Child(assembly, binding, listFile, resultsFile, outputFile, workDir, timeoutSeconds);
            string? current = null;
            var started = 0;
            foreach (var line in File.ReadAllLines(resultsFile))
            {
                var parts = line.Split('\t', 3);
                switch (parts[0])
                {
                    case "start": current = parts[1]; started++; break;
                    case "pass": results[parts[1]] = new("pass", ""); current = null; break;
                    case "fail": results[parts[1]] = new("fail", parts.Length > 2 ? parts[2] : ""); current = null; break;
                    case "timeout": results[parts[1]] = new("timeout", $"no result after {timeoutSeconds} s"); current = null; break;
                }
            }
            if (current != null)
                results[current] = new("crash", $"the test process died (exit code {exit}) in this test: {stderrTail}");
            else if (started == 0)
            {
                // Died before its first test (e.g. loading the assembly): every pending test gets the message, not a loop.
                foreach (var t in pending.Where(t => !results.ContainsKey(t.Id)))
                    results[t.Id] = new("crash", $"the test process died (exit code {exit}) before running this test: {stderrTail}");
            }
            pending = pending.Where(t => !results.ContainsKey(t.Id)).ToList();
        }
        log.WriteLine($"  ran {results.Count} tests in {children} test process(es)");
        return results;
    }

    static (int Exit, string StderrTail) Child(string assembly, string binding, string listFile, string resultsFile,
                                               string outputFile, string workDir, int timeoutSeconds)
    {
        var self = typeof(Runner).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { self, "run-tests", assembly, binding, listFile, resultsFile, timeoutSeconds.ToString() })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var tail = new Queue<string>();
        using var output = new StreamWriter(outputFile, append: true);
        void Keep(string? line, bool err)
        {
            if (line == null) return;
            lock (output) output.WriteLine(line);
            if (!err) return;
            lock (tail) { tail.Enqueue(line); if (tail.Count > 40) tail.Dequeue(); }
        }
        p.OutputDataReceived += (_, e) => Keep(e.Data, false);
        p.ErrorDataReceived += (_, e) => Keep(e.Data, true);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        p.WaitForExit();
        lock (tail) return (p.ExitCode, CrashMessage(tail.ToList()));
    }

    /// <summary>What a dying process said about why: from the runtime's or libtorch's first message line on, else its last lines.</summary>
    static string CrashMessage(List<string> stderr)
    {
        var lines = stderr.Where(l => !l.TrimStart().StartsWith("at ")).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var first = lines.FindIndex(l => System.Text.RegularExpressions.Regex.IsMatch(l,
            @"Process terminated|Unhandled|Fatal|Segmentation|Aborted|terminate called|what\(\)|Exception|error",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        return string.Join(" | ", first >= 0 ? lines.Skip(first).Take(3) : lines.TakeLast(2));
    }

    /// <summary>The child: loads the binding and the test assembly, runs the listed tests in order.</summary>
    public static int ChildMain(string assemblyPath, string binding, string listFile, string resultsFile, int timeoutSeconds)
    {
        var bindingDir = Path.GetDirectoryName(Path.GetFullPath(binding))!;
        AssemblyLoadContext.Default.Resolving += (ctx, name) =>
        {
            var candidate = Path.Combine(bindingDir, name.Name + ".dll");
            return File.Exists(candidate) ? ctx.LoadFromAssemblyPath(candidate) : null;
        };
        var asm = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
        using var results = new StreamWriter(resultsFile, append: true) { AutoFlush = true };
        foreach (var line in File.ReadAllLines(listFile))
        {
            var (typeName, method, id) = line.Split('\t') switch { var p => (p[0], p[1], p[2]) };
            results.WriteLine($"start\t{id}");
            string? error = null;
            var worker = new Thread(() => error = RunOne(asm, typeName, method), 256 * 1024 * 1024) { IsBackground = true };
            worker.Start();
            if (!worker.Join(TimeSpan.FromSeconds(timeoutSeconds)))
            {
                results.WriteLine($"timeout\t{id}");
                return 3;   // a running thread cannot be stopped: the parent starts a new child for the rest
            }
            results.WriteLine(error == null ? $"pass\t{id}" : $"fail\t{id}\t{error}");
        }
        return 0;
    }

    /// <summary>A test class instance, as xunit makes it: with an output helper when the constructor asks for one.</summary>
    static object Create(Type type)
    {
        var withOutput = type.GetConstructors().FirstOrDefault(c => c.GetParameters() is [{ ParameterType: var p }] && p == typeof(Xunit.Abstractions.ITestOutputHelper));
        return withOutput is not null ? withOutput.Invoke([new ConsoleOutput()]) : Activator.CreateInstance(type, nonPublic: true)!;
    }

    /// <summary>xunit's test output, written to the console of the child process.</summary>
    sealed class ConsoleOutput : Xunit.Abstractions.ITestOutputHelper
    {
        public void WriteLine(string message) => Console.Error.WriteLine(message);
        public void WriteLine(string format, params object[] args) => Console.Error.WriteLine(format, args);
    }

    /// <summary>Runs one test method (every [InlineData] row of a theory); null when it passes, else the failure.</summary>
    static string? RunOne(Assembly asm, string typeName, string methodName)
    {
        try
        {
            var type = asm.GetType(typeName, throwOnError: true)!;
            var method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)!;
            var rows = method.GetCustomAttributesData().Where(a => a.AttributeType.Name == "InlineDataAttribute")
                             .Select(a => ((IEnumerable<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!)
                                          .Select(v => v.Value).ToArray()).ToList();
            if (rows.Count == 0) rows.Add([]);
            foreach (var row in rows)
            {
                var instance = method.IsStatic ? null : Create(type);
                try
                {
                    var ret = method.Invoke(instance, row);
                    if (ret is Task task) task.GetAwaiter().GetResult();
                }
                finally { (instance as IDisposable)?.Dispose(); }
            }
            return null;
        }
        catch (Exception e)
        {
            while (e is TargetInvocationException { InnerException: { } inner }) e = inner;
            var msg = $"{e.GetType().Name}: {e.Message}".ReplaceLineEndings(" ");
            return msg.Length > 600 ? msg[..600] + "…" : msg;
        }
    }
}
