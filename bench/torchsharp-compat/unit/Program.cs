using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Measure;

// measure unit     --tests DIR --binding Torch.dll --out DIR [--label NAME] [--timeout S] [--top N] [--no-run] [--all]
// measure examples --files DIR --binding Torch.dll --out DIR [--ref X.dll]...
// measure list     --tests DIR
// measure run-tests ASSEMBLY BINDING LIST RESULTS TIMEOUT     (the child process of `unit`)
if (args.Length == 0) return Usage();
if (args[0] == "run-tests") return Runner.ChildMain(args[1], args[2], args[3], args[4], int.Parse(args[5]));

var opts = Options(args.Skip(1).ToArray());
var parse = new CSharpParseOptions(LanguageVersion.Latest);
switch (args[0])
{
    case "list":
    {
        var src = new TestSource(opts["--tests"][0], parse);
        foreach (var t in src.Tests)
            Console.WriteLine($"{t.File}\t{t.Id}\t{t.Skip ?? ""}\t{Selection.AreaOf(t)}");
        return 0;
    }
    case "unit":
        return Unit(opts, parse);
    case "examples":
        return Examples.Run(opts["--files"][0], Path.GetFullPath(opts["--binding"][0]), opts.GetValueOrDefault("--ref") ?? [],
                            opts["--out"][0], parse);
    default:
        return Usage();
}

static int Unit(Dictionary<string, List<string>> opts, CSharpParseOptions parse)
{
    var clock = Stopwatch.StartNew();
    var testsDir = opts["--tests"][0];
    var binding = Path.GetFullPath(opts["--binding"][0]);
    var outDir = Path.GetFullPath(opts["--out"][0]);
    var timeout = int.Parse(opts.GetValueOrDefault("--timeout")?[0] ?? "60");
    var top = int.Parse(opts.GetValueOrDefault("--top")?[0] ?? "40");
    if (!File.Exists(binding)) { Console.Error.WriteLine($"binding not found: {binding}"); return 2; }

    var src = new TestSource(testsDir, parse);
    // --all: every test upstream does not skip, by file (for other test sets, and the tool's own self-test).
    var all = opts.ContainsKey("--all");
    var areas = src.Tests.Select(t => (t, a: all ? (t.Skip == null ? t.File : null) : Selection.AreaOf(t)))
                         .Where(x => x.a != null).ToDictionary(x => x.t, x => x.a!);
    var selected = src.Tests.Where(areas.ContainsKey).ToList();
    Console.WriteLine($"{src.Tests.Count} upstream tests, {selected.Count} selected; compiling against {binding}");

    var compiled = new Engine(src, selected.ToHashSet(), binding, parse).Run(Console.Out);
    var compiling = selected.Where(t => compiled.Errors[t].Count == 0).ToList();
    Console.WriteLine($"  {compiling.Count} compile [{clock.Elapsed.TotalSeconds:0} s]");

    var runs = new Dictionary<string, RunResult>();
    if (!opts.ContainsKey("--no-run") && compiling.Count > 0)
    {
        var work = Path.Combine(outDir, "work");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        // The data files the tests read sit next to them upstream; they are read from the working directory.
        foreach (var f in Directory.GetFiles(testsDir).Where(f => !f.EndsWith(".cs")))
            File.Copy(f, Path.Combine(work, Path.GetFileName(f)));
        var asm = Path.Combine(work, "UpstreamTests.dll");
        File.WriteAllBytes(asm, compiled.Assembly!);
        runs = Runner.RunAll(asm, binding, compiling, work, timeout, Console.Out);
    }

    var commitsFile = Path.Combine(testsDir, "..", "COMMITS");
    var commits = File.Exists(commitsFile) ? File.ReadAllText(commitsFile) : "";
    var label = opts.GetValueOrDefault("--label")?[0] ?? binding;
    var text = new Report(outDir, label, commits, selected, areas, compiled, runs).Write(top);
    Console.WriteLine();
    Console.Write(text);
    Console.WriteLine($"\n(files in {outDir}: summary.txt blockers.txt failing.txt selection.txt results.json; {clock.Elapsed.TotalSeconds:0} s)");
    return 0;
}

static Dictionary<string, List<string>> Options(string[] a)
{
    var d = new Dictionary<string, List<string>>();
    for (var i = 0; i < a.Length; i++)
    {
        if (!a[i].StartsWith("--")) throw new ArgumentException($"unexpected argument '{a[i]}'");
        if (!d.TryGetValue(a[i], out var l)) d[a[i]] = l = [];
        if (i + 1 < a.Length && !a[i + 1].StartsWith("--")) l.Add(a[++i]);
    }
    return d;
}

static int Usage()
{
    Console.Error.WriteLine("usage: measure unit --tests DIR --binding Torch.dll --out DIR [--label NAME] [--timeout S] [--top N] [--no-run] [--all]\n" +
                            "       measure examples --files DIR --binding Torch.dll --out DIR [--ref X.dll]...\n" +
                            "       measure list --tests DIR");
    return 2;
}
