using System.Text;
using System.Text.Json.Nodes;

namespace Course.Notebooks;

/// <summary>One output of a running cell; converted to nbformat JSON when the notebook is saved.</summary>
internal sealed class CellOutput
{
    public required string OutputType { get; init; }   // stream, display_data, execute_result, error
    public string? StreamName { get; init; }
    public StringBuilder? Text { get; init; }
    public IReadOnlyDictionary<string, string>? Data { get; set; }
    /// <summary>Transient display id (kept in memory for updates, not saved: nbformat has no field for it).</summary>
    public string? DisplayId { get; init; }
    public int? ExecutionCount { get; init; }
    /// <summary>What was displayed, for the output's metadata.</summary>
    public DisplayedType? Type { get; set; }
    public string? EName { get; init; }
    public string? EValue { get; init; }
    public IReadOnlyList<string>? Traceback { get; init; }

    public static CellOutput Stream(string name, string text) =>
        new() { OutputType = "stream", StreamName = name, Text = new StringBuilder(text) };

    public static CellOutput Error(string ename, string evalue, IEnumerable<string> traceback) =>
        new() { OutputType = "error", EName = ename, EValue = evalue, Traceback = traceback.ToList() };

    public JsonObject ToJson()
    {
        var o = new JsonObject { ["output_type"] = OutputType };
        switch (OutputType)
        {
            case "stream":
                o["name"] = StreamName;
                o["text"] = NotebookDocument.ToLines(Text!.ToString());
                break;
            case "error":
                o["ename"] = EName;
                o["evalue"] = EValue;
                o["traceback"] = new JsonArray(Traceback!.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
                break;
            default:
                if (OutputType == "execute_result") o["execution_count"] = ExecutionCount;
                var data = new JsonObject();
                foreach (var (mime, value) in Data!)
                    data[mime] = IsTextMime(mime) ? NotebookDocument.ToLines(value) : JsonValue.Create(value);
                o["data"] = data;
                o["metadata"] = Type?.ToMetadata() ?? new JsonObject();
                break;
        }
        return o;
    }

    static bool IsTextMime(string mime) => mime.StartsWith("text/", StringComparison.Ordinal) || mime == "image/svg+xml";
}
