using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Course;

/// <summary>
/// Per-epoch checkpoints in a folder: <c>model-epochNNNN.ctsd</c> (the module's state, <see cref="StateFile"/> format),
/// <c>optimizer-epochNNNN.dat</c> (the optimizer's options and momentum buffers / Adam moments, TorchSharp's
/// <c>save_state_dict</c> format) and <c>checkpoint.json</c> (format, epoch, seed, learning rate, model name and
/// parameter count, file names, history). The JSON is written last (atomically), so it always names complete files;
/// older epoch files are then removed. Data order needs no state: the loaders' shuffle is a function of (seed, epoch),
/// and the trainer re-seeds torch with seed + epoch at each epoch start.
/// </summary>
public static class Checkpoint
{
    /// <summary>Name of the checkpoint's metadata file.</summary>
    public const string MetadataFile = "checkpoint.json";
    private const int Format = 2;

    /// <summary>True when <paramref name="dir"/> holds a checkpoint.</summary>
    public static bool Exists(string dir) => File.Exists(Path.Combine(dir, MetadataFile));

    /// <summary>Number of finished epochs recorded in the checkpoint of <paramref name="dir"/>.</summary>
    public static int Epoch(string dir) => ReadMeta(dir)["epoch"]!.GetValue<int>();

    /// <summary>Writes the trainer's model, optimizer state and history after <see cref="Trainer.EpochsDone"/> epochs.</summary>
    public static void Save(string dir, Trainer trainer)
    {
        Directory.CreateDirectory(dir);
        int epoch = trainer.EpochsDone;
        string modelFile = $"model-epoch{epoch:D4}.ctsd", optimFile = $"optimizer-epoch{epoch:D4}.dat";
        StateFile.Write(Path.Combine(dir, modelFile), trainer.Model.state_dict()); // the course's CTSD (Module.save writes TorchSharp's format)
        trainer.Optimizer.save_state_dict(Path.Combine(dir, optimFile));           // TorchSharp's optimizer-state format
        var meta = new JsonObject
        {
            ["format"] = Format,
            ["epoch"] = epoch,
            ["seed"] = trainer.Options.Seed,
            ["learning_rate"] = trainer.Optimizer.ParamGroups.First().LearningRate,
            ["model"] = trainer.Model.GetName(),
            ["params"] = ParamCount(trainer.Model),
            ["model_file"] = modelFile,
            ["optimizer_file"] = optimFile,
            ["history"] = JsonNode.Parse(trainer.History.ToJson()),
        };
        var path = Path.Combine(dir, MetadataFile);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, meta.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(tmp, path, overwrite: true);
        foreach (var f in Directory.EnumerateFiles(dir, "*-epoch*.*"))
        {
            var name = Path.GetFileName(f);
            if (name != modelFile && name != optimFile) File.Delete(f);
        }
    }

    /// <summary>
    /// Loads the checkpoint of <paramref name="dir"/> into the trainer: model state, optimizer state and history.
    /// The model must be the same architecture (name and parameter count are checked, then every tensor's shape).
    /// </summary>
    /// <exception cref="InvalidDataException">Missing or malformed checkpoint, or one written for another model.</exception>
    public static void Restore(string dir, Trainer trainer)
    {
        var meta = ReadMeta(dir);
        string where = Path.Combine(dir, MetadataFile);
        int format = meta["format"]?.GetValue<int>() ?? -1;
        if (format != Format) throw new InvalidDataException($"checkpoint '{where}' has format {format}; expected {Format}");
        string model = meta["model"]?.GetValue<string>() ?? "?";
        long parameters = meta["params"]?.GetValue<long>() ?? -1;
        if (model != trainer.Model.GetName() || parameters != ParamCount(trainer.Model))
            throw new InvalidDataException($"checkpoint '{where}' is for model {model} ({parameters} parameters), not {trainer.Model.GetName()} ({ParamCount(trainer.Model)} parameters)");
        var modelFile = meta["model_file"]?.GetValue<string>() ?? throw new InvalidDataException($"checkpoint '{where}' names no model file");
        trainer.Model.load(Path.Combine(dir, modelFile));
        if (meta["optimizer_file"]?.GetValue<string>() is { } optimFile)
            trainer.Optimizer.load_state_dict(Path.Combine(dir, optimFile));
        var history = History.FromJson(meta["history"]?.ToJsonString() ?? throw new InvalidDataException($"checkpoint '{where}' has no history"));
        int epoch = meta["epoch"]!.GetValue<int>();
        if (history.Count != epoch) throw new InvalidDataException($"checkpoint '{where}' says epoch {epoch} but its history has {history.Count} epochs");
        trainer.RestoreHistory(history);
    }

    private static long ParamCount(nn.Module m) => m.parameters().Sum(p => p.numel());

    private static JsonNode ReadMeta(string dir)
    {
        var path = Path.Combine(dir, MetadataFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"no checkpoint in '{dir}' ({MetadataFile} not found)", path);
        try { return JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"checkpoint '{path}' is empty"); }
        catch (JsonException e) { throw new InvalidDataException($"checkpoint '{path}' is not valid JSON: {e.Message}", e); }
    }
}
