using System.CommandLine;
using System.Globalization;
using Course.Models;

namespace Course.Cli;

/// <summary><c>course summary --model NAME</c>: a torchinfo-style layer table (and JSON).</summary>
internal static class SummaryCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Registered model name (see `course models`)", Required = true };
        var input = new Option<string?>("--input") { Description = "Input C×H×W, e.g. 3x227x227 (default: the model's)" };
        var classes = new Option<int?>("--classes") { Description = "Number of classes (default: the model's)" };
        var depth = new Option<int>("--depth") { Description = "Deepest module level shown", DefaultValueFactory = _ => 3 };
        var json = new Option<string?>("--json") { Description = "Also write the summary as JSON to this file" };
        var command = new Command("summary", "Print a model's layers with output shapes, parameters and mult-adds")
        {
            model, input, classes, depth, json,
        };
        command.SetAction(parse =>
        {
            var info = ModelRegistry.Get(parse.GetValue(model)!);
            var shape = parse.GetValue(input) is { } s ? ParseShape(s) : info.InputShape;
            using var net = info.Create(parse.GetValue(classes), (int)shape[0]);
            var summary = ModelSummary.Create(net, new long[] { 1 }.Concat(shape).ToArray(), parse.GetValue(depth));
            var output = Output.Out(parse);
            output.WriteLine(summary.ToString());
            if (parse.GetValue(json) is { } path)
            {
                WriteFile(path, summary.ToJson(indented: true));
                output.WriteLine($"wrote {path}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>Parses "C×H×W" / "CxHxW" / "C,H,W" into three positive sizes.</summary>
    /// <exception cref="ArgumentException">Not three positive integers.</exception>
    public static long[] ParseShape(string text)
    {
        var parts = text.Split(new[] { '×', 'x', 'X', ',', '*' }, StringSplitOptions.TrimEntries);
        var dims = new long[parts.Length];
        bool ok = parts.Length == 3;
        for (int i = 0; ok && i < parts.Length; i++)
            ok = long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]) && dims[i] > 0;
        if (!ok) throw new ArgumentException($"--input '{text}' is not C×H×W with three positive integers (e.g. 3x227x227)");
        return dims;
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/>, creating its folder.</summary>
    public static void WriteFile(string path, string text)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        File.WriteAllText(path, text);
    }
}
