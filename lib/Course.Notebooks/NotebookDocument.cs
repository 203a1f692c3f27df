using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Course.Notebooks;

/// <summary>
/// An nbformat 4 notebook held as a JSON tree, so that every field the runner does not understand
/// (notebook, cell and output metadata, attachments, ids) survives a load/save round trip.
/// </summary>
public sealed class NotebookDocument
{
    static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The whole notebook JSON.</summary>
    public JsonObject Root { get; }

    /// <summary>The notebook's cells.</summary>
    public JsonArray Cells => (JsonArray)Root["cells"]!;

    /// <summary>nbformat_minor of the notebook (cell ids are required from 4.5 on).</summary>
    public int MinorVersion => Root["nbformat_minor"]?.GetValue<int>() ?? 0;

    NotebookDocument(JsonObject root) => Root = root;

    /// <summary>Reads a notebook file; throws <see cref="InvalidDataException"/> when it is not nbformat 4 JSON.</summary>
    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Notebook not found: {path}", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses notebook JSON text; <paramref name="name"/> is used in error messages.</summary>
    public static NotebookDocument Parse(string json, string name = "notebook")
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json); }
        catch (JsonException e) { throw new InvalidDataException($"{name}: not valid JSON ({e.Message})", e); }
        if (node is not JsonObject root) throw new InvalidDataException($"{name}: expected a JSON object at the top, got {node?.GetValueKind().ToString() ?? "null"}");
        var major = root["nbformat"] is JsonValue v && v.TryGetValue<int>(out var m) ? m : (int?)null;
        if (major != 4) throw new InvalidDataException($"{name}: expected nbformat 4, got {(major?.ToString() ?? "no nbformat field")}");
        if (root["cells"] is not JsonArray) throw new InvalidDataException($"{name}: expected a 'cells' array");
        root["metadata"] ??= new JsonObject();
        foreach (var cell in (JsonArray)root["cells"]!)
            if (cell is not JsonObject c || c["cell_type"] is null)
                throw new InvalidDataException($"{name}: every cell must be an object with a cell_type");
        return new NotebookDocument(root);
    }

    /// <summary>The notebook as JSON text in Jupyter's layout (one-space indent, trailing newline).</summary>
    public string ToJson() => Root.ToJsonString(WriteOptions) + "\n";

    /// <summary>Writes the notebook to <paramref name="path"/>, creating the folder if needed.</summary>
    public void Save(string path)
    {
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, ToJson());
    }

    /// <summary>The cell's source as one string (nbformat allows a string or a list of lines).</summary>
    public static string GetSource(JsonObject cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue s => s.GetValue<string>(),
        _ => "",
    };

    /// <summary>Splits text into nbformat's list-of-lines form (each line keeps its "\n").</summary>
    public static JsonArray ToLines(string text)
    {
        var array = new JsonArray();
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl + 1;
            array.Add(text[start..end]);
            start = end;
        }
        return array;
    }

    /// <summary>The notebook-level default kernel: polyglot kernelInfo, else kernelspec language, else "csharp".</summary>
    public string DefaultLanguage
    {
        get
        {
            var meta = Root["metadata"];
            if (meta?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"] is JsonValue d) return d.GetValue<string>();
            if (meta?["kernelspec"]?["language"] is JsonValue l) return l.GetValue<string>();
            return "csharp";
        }
    }

    /// <summary>A cell's language from its metadata (polyglot kernelName, dotnet_interactive language) or the notebook default.</summary>
    public string LanguageOf(JsonObject cell)
    {
        var meta = cell["metadata"];
        if (meta?["polyglot_notebook"]?["kernelName"] is JsonValue k) return k.GetValue<string>();
        if (meta?["dotnet_interactive"]?["language"] is JsonValue l) return l.GetValue<string>();
        return DefaultLanguage;
    }

    /// <summary>True when the cell's metadata.tags contains <paramref name="tag"/>.</summary>
    public static bool HasTag(JsonObject cell, string tag) =>
        cell["metadata"]?["tags"] is JsonArray tags && tags.Any(t => t is JsonValue v && v.TryGetValue<string>(out var s) && s == tag);
}
