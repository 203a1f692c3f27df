using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Course.Figures.Tests;

/// <summary>Checks figure JSON against plotly.js's plot-schema (<c>Plotly.PlotSchema.get()</c>): every key must be an attribute, enumerated values must be allowed.</summary>
internal static class PlotlySchema
{
    private static readonly Regex Subplot = new(@"^(xaxis|yaxis)\d+$");

    public static List<string> Check(JsonObject figure, JsonObject schema)
    {
        var errors = new List<string>();
        var traces = schema["traces"]!.AsObject();
        foreach (var (trace, i) in figure["data"]!.AsArray().Select((t, i) => (t!.AsObject(), i)))
        {
            var type = (string?)trace["type"] ?? "scatter";
            if (traces[type]?["attributes"] is not JsonObject attrs) { errors.Add($"data[{i}]: unknown trace type '{type}'"); continue; }
            var rest = (JsonObject)trace.DeepClone();
            rest.Remove("type"); // the trace type is a key of schema.traces, not an attribute
            Walk(rest, attrs, $"data[{i}]({type})", errors);
        }
        Walk(figure["layout"]!.AsObject(), schema["layout"]!["layoutAttributes"]!.AsObject(), "layout", errors);
        return errors;
    }

    private static void Walk(JsonObject value, JsonObject schema, string path, List<string> errors)
    {
        foreach (var (key, v) in value)
        {
            var attr = schema[key] as JsonObject;
            if (attr is null && Subplot.Match(key) is { Success: true } m) attr = schema[m.Groups[1].Value] as JsonObject;
            if (attr is null) { errors.Add($"{path}.{key}: not an attribute in the plotly.js schema"); continue; }
            if (attr["valType"] is not null)
            {
                CheckValue(attr, v, $"{path}.{key}", errors);
            }
            else if (attr["items"] is JsonObject items)
            {
                var itemSchema = items.First().Value!.AsObject();
                if (v is not JsonArray arr) { errors.Add($"{path}.{key}: expected an array"); continue; }
                for (int i = 0; i < arr.Count; i++) Walk(arr[i]!.AsObject(), itemSchema, $"{path}.{key}[{i}]", errors);
            }
            else if (v is JsonObject o) Walk(o, attr, $"{path}.{key}", errors);
            else errors.Add($"{path}.{key}: expected an object");
        }
    }

    private static void CheckValue(JsonObject attr, JsonNode? v, string path, List<string> errors)
    {
        if ((string?)attr["valType"] != "enumerated" || v is not JsonValue) return;
        var actual = v.ToJsonString();
        foreach (var allowed in attr["values"]!.AsArray())
        {
            if (allowed is JsonValue s && s.TryGetValue<string>(out var str) && str.Length > 2 && str[0] == '/' && str[^1] == '/')
            {
                if (v.GetValueKind() == System.Text.Json.JsonValueKind.String && Regex.IsMatch((string)v!, str[1..^1])) return;
            }
            else if (allowed?.ToJsonString() == actual) return;
        }
        errors.Add($"{path}: value {actual} is not one of {attr["values"]!.ToJsonString()}");
    }
}
