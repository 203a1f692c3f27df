using System.Text;
using System.Text.Json;

namespace Measure;

/// <summary>Writes the measurement's files: summary.txt, blockers.txt, failing.txt, selection.txt, results.json.</summary>
public sealed class Report(string outDir, string binding, string commits, IReadOnlyList<TestCase> selected,
                           IReadOnlyDictionary<TestCase, string> areas, CompileResult compiled,
                           IReadOnlyDictionary<string, RunResult> runs)
{
    bool Compiles(TestCase t) => compiled.Errors[t].Count == 0;
    bool CompilesWholeFile(TestCase t) => compiled.WholeFile[t].Count == 0;
    bool Passes(TestCase t) => Compiles(t) && runs.TryGetValue(t.Id, out var r) && r.Passed;
    bool PassesWholeFile(TestCase t) => CompilesWholeFile(t) && Passes(t);

    /// <summary>Missing APIs ranked by how many selected tests they block.</summary>
    public List<(string Key, List<TestCase> Tests, int Sole, Blocker Example)> Ranked()
    {
        var byKey = new Dictionary<string, (List<TestCase> Tests, int Sole, Blocker Example)>();
        foreach (var t in selected)
        {
            var keys = compiled.Errors[t].GroupBy(b => b.Key).Select(g => g.First()).ToList();
            foreach (var b in keys)
            {
                if (!byKey.TryGetValue(b.Key, out var e)) e = ([], 0, b);
                e.Tests.Add(t);
                if (keys.Count == 1) e.Sole++;
                byKey[b.Key] = e;
            }
        }
        return byKey.Select(kv => (kv.Key, kv.Value.Tests, kv.Value.Sole, kv.Value.Example))
                    .OrderByDescending(x => x.Tests.Count).ThenByDescending(x => x.Sole).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
    }

    public string Write(int top)
    {
        Directory.CreateDirectory(outDir);
        var ranked = Ranked();
        var s = new StringBuilder();
        int n = selected.Count, c = selected.Count(Compiles), p = selected.Count(Passes);
        s.AppendLine($"TorchSharp's own unit tests, in-scope selection, against {binding}");
        s.AppendLine($"upstream: {commits.ReplaceLineEndings("; ")}");
        s.AppendLine();
        s.AppendLine($"selected {n}   compile {c} ({Pct(c, n)})   pass {p} ({Pct(p, n)})");
        s.AppendLine($"  (a test counts as compiling when it and the helpers it uses compile; if every helper of its file had to");
        s.AppendLine($"   compile too: compile {selected.Count(CompilesWholeFile)}, pass {selected.Count(PassesWholeFile)})");
        s.AppendLine($"  compiled but failing: {selected.Count(t => Compiles(t) && !Passes(t))} (failing.txt)");
        s.AppendLine();
        Table(s, "area", selected.GroupBy(t => areas[t]).OrderBy(g => g.Key));
        s.AppendLine();
        Table(s, "file", selected.GroupBy(t => t.File).OrderBy(g => g.Key));
        s.AppendLine();
        s.AppendLine($"Top {top} blockers (missing API: tests it blocks; 'alone' = tests it is the only error of; all: blockers.txt)");
        foreach (var (r, i) in ranked.Take(top).Select((r, i) => (r, i)))
            s.AppendLine($"{i + 1,3}. {r.Tests.Count,4} {$"(alone {r.Sole})",-11} {r.Key}   [{r.Example.Code} {r.Example.Where}]");
        File.WriteAllText(Path.Combine(outDir, "summary.txt"), s.ToString());

        WriteBlockers(ranked);
        WriteFailing();
        WriteSelection();
        WriteJson();
        return s.ToString();
    }

    void Table(StringBuilder s, string by, IEnumerable<IGrouping<string, TestCase>> groups)
    {
        s.AppendLine($"{by,-48} {"selected",8} {"compile",8} {"pass",8}");
        foreach (var g in groups)
            s.AppendLine($"{g.Key,-48} {g.Count(),8} {g.Count(Compiles),8} {g.Count(Passes),8}");
    }

    static string Pct(int a, int b) => b == 0 ? "-" : $"{100.0 * a / b:0.0} %";

    void WriteBlockers(List<(string Key, List<TestCase> Tests, int Sole, Blocker Example)> ranked)
    {
        var s = new StringBuilder();
        s.AppendLine("Missing APIs, ranked by the number of selected tests each blocks ('alone': it is the test's only error).");
        s.AppendLine("A broken helper (a module class, a shared method) passes its errors on to the tests that use it.");
        s.AppendLine();
        foreach (var (r, i) in ranked.Select((r, i) => (r, i)))
        {
            s.AppendLine($"{i + 1}. {r.Key} — blocks {r.Tests.Count} (alone {r.Sole}) — e.g. {r.Example.Code} at {r.Example.Where}: {r.Example.Message}");
            s.AppendLine("     " + string.Join(", ", r.Tests.Select(t => t.Id)));
        }
        s.AppendLine();
        s.AppendLine("Helpers (non-test members and types) that do not compile, with the selected tests that use them:");
        foreach (var (h, errs) in compiled.Helpers.OrderByDescending(kv => compiled.HelperUsers.GetValueOrDefault(kv.Key)?.Count(selected.Contains) ?? 0)
                                                  .ThenBy(kv => kv.Key, StringComparer.Ordinal))
            s.AppendLine($"  {h} — used by {compiled.HelperUsers.GetValueOrDefault(h)?.Count(selected.Contains) ?? 0} — needs {string.Join("; ", errs.Select(e => e.Key))}");
        File.WriteAllText(Path.Combine(outDir, "blockers.txt"), s.ToString());
    }

    void WriteFailing()
    {
        var s = new StringBuilder();
        s.AppendLine("Selected tests that compile but do not pass (status: fail / timeout / crash), with the exception.");
        s.AppendLine();
        foreach (var t in selected.Where(t => Compiles(t) && !Passes(t)))
        {
            var r = runs.GetValueOrDefault(t.Id) ?? new RunResult("not run", "");
            s.AppendLine($"{t.Id} [{t.File}] {r.Status}: {r.Message}");
        }
        File.WriteAllText(Path.Combine(outDir, "failing.txt"), s.ToString());
    }

    void WriteSelection()
    {
        var s = new StringBuilder();
        s.AppendLine($"In-scope selection: {selected.Count} tests. Chosen by file and method name (unit/Selection.cs).");
        s.AppendLine();
        s.AppendLine("Areas left out:");
        foreach (var a in Selection.ExcludedAreas) s.AppendLine("  - " + a);
        s.AppendLine($"  - method names matching /{Selection.Excluded}/");
        s.AppendLine();
        s.AppendLine("By file:");
        foreach (var g in selected.GroupBy(t => t.File).OrderBy(g => g.Key))
            s.AppendLine($"  {g.Key,-48} {g.Count(),4}");
        s.AppendLine();
        foreach (var g in selected.GroupBy(t => areas[t]).OrderBy(g => g.Key))
        {
            s.AppendLine($"{g.Key} ({g.Count()}):");
            s.AppendLine("  " + string.Join(", ", g.Select(t => t.Id)));
        }
        File.WriteAllText(Path.Combine(outDir, "selection.txt"), s.ToString());
    }

    void WriteJson()
    {
        var tests = selected.Select(t => new
        {
            id = t.Id, file = t.File, area = areas[t],
            status = !Compiles(t) ? "compile-error" : runs.GetValueOrDefault(t.Id)?.Status ?? "not run",
            blockers = compiled.Errors[t].Select(b => new { key = b.Key, code = b.Code, where = b.Where, message = b.Message }),
            compiles_with_whole_file = CompilesWholeFile(t),
            message = runs.GetValueOrDefault(t.Id)?.Message,
        });
        var doc = new
        {
            binding, upstream = commits.Trim().Split('\n'),
            selected = selected.Count, compile = selected.Count(Compiles), pass = selected.Count(Passes),
            compile_whole_file = selected.Count(CompilesWholeFile), pass_whole_file = selected.Count(PassesWholeFile),
            blockers = Ranked().Select(r => new { key = r.Key, tests = r.Tests.Count, alone = r.Sole, example = r.Example.Where }),
            tests,
        };
        File.WriteAllText(Path.Combine(outDir, "results.json"),
                          JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
    }
}
