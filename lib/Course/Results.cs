using System.Text.Json;
using Course.Models;
using System.Text.Json.Serialization;

namespace Course;

/// <summary>
/// One measured result, recorded by a notebook run for the results notebook, stamped with what produced it: the
/// commit (<c>COURSE_COMMIT</c>, which <c>./course results</c> sets), the libtorch version, device and threads.
/// </summary>
public sealed record ResultRecord(
    [property: JsonPropertyName("notebook")] string Notebook,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("epochs")] int Epochs,
    [property: JsonPropertyName("smoke")] bool Smoke,
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("when")] DateTime When)
{
    /// <summary>The course's git commit the run was made with (+ "-dirty" with uncommitted changes), or null when unknown.</summary>
    [JsonPropertyName("commit")] public string? Commit { get; init; }
    /// <summary>libtorch's version (<c>torch.__version__</c>).</summary>
    [JsonPropertyName("libtorch")] public string? Libtorch { get; init; }
    /// <summary>libtorch's CPU threads during the run.</summary>
    [JsonPropertyName("threads")] public int? Threads { get; init; }
    /// <summary>"full", "cpu" (the CPU profile) or "smoke"; records from before the CPU profile have none (see <see cref="RunMode"/>).</summary>
    [JsonPropertyName("mode")] public string? Mode { get; init; }
    /// <summary>What was trained, in a few words: input size, epochs, training images, optimizer (null: not given).</summary>
    [JsonPropertyName("setting")] public string? Setting { get; init; }

    /// <summary>The run's mode: <see cref="Mode"/>, or for older records full or smoke from <see cref="Smoke"/>.</summary>
    [JsonIgnore]
    public Course.Models.RunMode RunMode => Mode is { } m ? Course.Models.RunModes.Parse(m) : Smoke ? Course.Models.RunMode.Smoke : Course.Models.RunMode.Full;

    /// <summary>"commit abc1234, 2026-11-24, libtorch 1.13.1, cpu, 2 threads" — what produced the number.</summary>
    [JsonIgnore]
    public string Stamp => $"commit {Commit ?? "unknown"}, {When:yyyy-MM-dd}, libtorch {Libtorch ?? "?"}, {Device}, {Threads?.ToString() ?? "?"} thread(s)";
}

/// <summary>
/// A small results store: each notebook records its final numbers in <c>out/results/&lt;notebook&gt;.json</c>
/// (under the repository root, or <c>COURSE_RESULTS</c>); the results notebook reads them all.
/// </summary>
public static class Results
{
    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string Folder
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("COURSE_RESULTS");
            if (!string.IsNullOrEmpty(env)) return env;
            return Path.Combine(Course.Data.DataLocator.FindRepoRoot() ?? Directory.GetCurrentDirectory(), "out", "results");
        }
    }

    /// <summary>Records (replacing an earlier record of the same notebook, model, dataset, metric and mode: a smoke run
    /// never replaces a full run's number).</summary>
    public static ResultRecord Record(string notebook, string model, string dataset, string metric, double value,
        int epochs, bool smoke, string device = "cpu", double seconds = 0) =>
        Record(notebook, model, dataset, metric, value, epochs, smoke ? Course.Models.RunMode.Smoke : Course.Models.RunMode.Full, device, seconds);

    /// <summary>Records a run in <paramref name="mode"/> (replacing an earlier record of the same notebook, model, dataset,
    /// metric and mode); <paramref name="setting"/> says in a few words what was trained.</summary>
    public static ResultRecord Record(string notebook, string model, string dataset, string metric, double value,
        int epochs, Course.Models.RunMode mode, string device = "cpu", double seconds = 0, string? setting = null)
    {
        bool smoke = mode == Course.Models.RunMode.Smoke;
        var rec = new ResultRecord(notebook, model, dataset, metric, value, epochs, smoke, device, seconds, DateTime.UtcNow)
        {
            Commit = Environment.GetEnvironmentVariable("COURSE_COMMIT") is { Length: > 0 } c ? c : null,
            Libtorch = TorchSharp.torch.__version__,
            Threads = TorchSharp.torch.get_num_threads(),
            Mode = mode.Name(),
            Setting = setting,
        };
        Directory.CreateDirectory(Folder);
        var file = Path.Combine(Folder, notebook + ".json");
        var list = Read(file);
        list.RemoveAll(r => r.Model == model && r.Dataset == dataset && r.Metric == metric && r.RunMode == mode);
        list.Add(rec);
        var tmp = file + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(list, Json));
        File.Move(tmp, file, overwrite: true);
        return rec;
    }

    /// <summary>Every recorded result, ordered by notebook.</summary>
    public static List<ResultRecord> Load() => LoadFrom(Folder);

    /// <summary>The results of a folder of result files (e.g. <see cref="ReferenceFolder"/>).</summary>
    public static List<ResultRecord> LoadFrom(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.json").OrderBy(f => f).SelectMany(Read).ToList()
            : [];

    /// <summary>
    /// The course's own reference run (full mode, CPU), committed in <c>notebooks/results/</c> so that the results
    /// notebook has measured numbers to show before a learner has run anything.
    /// </summary>
    public static string ReferenceFolder => Path.Combine(Course.Data.DataLocator.FindRepoRoot() ?? Directory.GetCurrentDirectory(), "notebooks", "results");

    /// <summary>The reference run's results (<see cref="ReferenceFolder"/>).</summary>
    public static List<ResultRecord> LoadReference() => LoadFrom(ReferenceFolder);

    static List<ResultRecord> Read(string file)
    {
        if (!File.Exists(file)) return [];
        try { return JsonSerializer.Deserialize<List<ResultRecord>>(File.ReadAllText(file)) ?? []; }
        catch (JsonException e) { throw new InvalidDataException($"results file {file} is not valid: {e.Message}", e); }
    }
}
