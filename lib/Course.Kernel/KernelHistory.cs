using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Course.Kernel;

/// <summary>
/// The inputs (and text outputs) of this kernel session, for history_request: <c>tail</c>, <c>range</c> and
/// <c>search</c> as IPython answers them, kept in memory (session number 1, line = execution count).
/// </summary>
internal sealed class KernelHistory
{
    /// <summary>The only session this kernel knows: the current one.</summary>
    public const int Session = 1;

    readonly List<(int Line, string Input, string? Output)> entries = new();
    readonly object gate = new();

    public void Add(int line, string input, string? output)
    {
        lock (gate) entries.Add((line, input, output));
    }

    /// <summary>The reply's <c>history</c> list for a history_request's content.</summary>
    public JsonArray Query(JsonObject request)
    {
        List<(int Line, string Input, string? Output)> all;
        lock (gate) all = [.. entries];
        bool output = Bool(request, "output");
        int? n = request["n"] is JsonValue nv && nv.TryGetValue<int>(out var nn) ? nn : null;
        IEnumerable<(int Line, string Input, string? Output)> selected = (string?)request["hist_access_type"] switch
        {
            "tail" => n is int t ? all.TakeLast(t) : all,
            "range" => Range(all, request),
            "search" => Search(all, request, n),
            _ => [],
        };
        return new JsonArray(selected.Select(e => (JsonNode?)new JsonArray(Session, e.Line,
            output ? new JsonArray(e.Input, e.Output) : JsonValue.Create(e.Input))).ToArray());
    }

    static IEnumerable<(int, string, string?)> Range(List<(int Line, string Input, string? Output)> all, JsonObject request)
    {
        // 0 means the current session; this kernel keeps no earlier ones
        int session = Int(request, "session") ?? Session;
        if (session != Session && session != 0) return [];
        int start = Int(request, "start") ?? 0, stop = Int(request, "stop") ?? int.MaxValue;
        return all.Where(e => e.Line >= start && e.Line < stop);
    }

    static IEnumerable<(int, string, string?)> Search(List<(int Line, string Input, string? Output)> all, JsonObject request, int? n)
    {
        var pattern = (string?)request["pattern"] ?? "*";
        var regex = new Regex("^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.Singleline);
        var matches = all.Where(e => regex.IsMatch(e.Input)).ToList();
        if (Bool(request, "unique"))
            matches = matches.GroupBy(e => e.Input).Select(g => g.Last()).OrderBy(e => e.Line).ToList();
        return n is int k ? matches.TakeLast(k) : matches;
    }

    static bool Bool(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
    static int? Int(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;
}
