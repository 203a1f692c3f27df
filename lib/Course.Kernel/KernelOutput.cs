using System.Text;
using System.Text.Json.Nodes;
using Course.Kernel.Protocol;
using Course.Notebooks;

namespace Course.Kernel;

/// <summary>
/// A cell's outputs as iopub messages, parented to its execute_request. Console text is buffered briefly (so a
/// training log of many small writes becomes a few stream messages) and always sent before any other output, keeping
/// the order the cell produced them in.
/// </summary>
internal sealed class KernelOutput : ICellOutput, IDisposable
{
    static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(50);

    readonly IopubPublisher iopub;
    readonly JupyterMessage parent;
    readonly object gate = new();
    readonly StringBuilder pending = new();
    readonly Timer timer;
    string? pendingName;
    bool timerArmed, disposed;

    public KernelOutput(IopubPublisher iopub, JupyterMessage parent)
    {
        this.iopub = iopub;
        this.parent = parent;
        timer = new Timer(_ => Flush());
    }

    /// <summary>Pager payloads for the execute_reply.</summary>
    public List<JsonObject> Payloads { get; } = new();

    /// <summary>text/plain of the cell's execute_result, for the history.</summary>
    public string? PlainResult { get; private set; }

    public void Stream(string name, string text)
    {
        lock (gate)
        {
            if (disposed) return;
            if (pendingName != name) FlushLocked();
            pendingName = name;
            pending.Append(text);
            if (!timerArmed) { timerArmed = true; timer.Change(FlushInterval, Timeout.InfiniteTimeSpan); }
        }
    }

    /// <summary>Sends buffered console text now.</summary>
    public void Flush()
    {
        lock (gate) FlushLocked();
    }

    void FlushLocked()
    {
        timerArmed = false;
        if (pending.Length == 0 || pendingName is null) return;
        iopub.Publish("stream", new JsonObject { ["name"] = pendingName, ["text"] = pending.ToString() }, parent);
        pending.Clear();
    }

    void Send(string msgType, JsonObject content)
    {
        lock (gate)
        {
            FlushLocked();
            iopub.Publish(msgType, content, parent);
        }
    }

    static JsonObject Bundle(IReadOnlyDictionary<string, string> data)
    {
        var o = new JsonObject();
        foreach (var (mime, value) in data) o[mime] = value;
        return o;
    }

    public void Display(IReadOnlyDictionary<string, string> data, string displayId, DisplayedType? type) => Send("display_data", new JsonObject
    {
        ["data"] = Bundle(data), ["metadata"] = type?.ToMetadata() ?? new JsonObject(), ["transient"] = new JsonObject { ["display_id"] = displayId },
    });

    public void UpdateDisplay(IReadOnlyDictionary<string, string> data, string displayId, DisplayedType? type) => Send("update_display_data", new JsonObject
    {
        ["data"] = Bundle(data), ["metadata"] = type?.ToMetadata() ?? new JsonObject(), ["transient"] = new JsonObject { ["display_id"] = displayId },
    });

    public void ExecuteResult(IReadOnlyDictionary<string, string> data, int executionCount, DisplayedType? type)
    {
        PlainResult = data.GetValueOrDefault("text/plain");
        Send("execute_result", new JsonObject
        {
            ["execution_count"] = executionCount, ["data"] = Bundle(data), ["metadata"] = type?.ToMetadata() ?? new JsonObject(),
        });
    }

    public void ClearOutput(bool wait) => Send("clear_output", new JsonObject { ["wait"] = wait });

    public void Page(IReadOnlyDictionary<string, string> data)
    {
        lock (gate) Payloads.Add(new JsonObject { ["source"] = "page", ["data"] = Bundle(data), ["start"] = 0 });
    }

    public void Error(CellError error) => Send("error", new JsonObject
    {
        ["ename"] = error.Name,
        ["evalue"] = error.Message,
        ["traceback"] = new JsonArray(error.Traceback.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
    });

    /// <summary>Sends what is buffered and stops accepting output (a newer cell's sink has taken over).</summary>
    public void Dispose()
    {
        lock (gate)
        {
            FlushLocked();
            disposed = true;
        }
        timer.Dispose();
    }
}

/// <summary>The sink of a <c>silent</c> execute_request: nothing is broadcast; the value and error are kept for the reply.</summary>
internal sealed class SilentOutput : ICellOutput
{
    public IReadOnlyDictionary<string, string>? Result { get; private set; }
    public void Stream(string name, string text) { }
    public void Display(IReadOnlyDictionary<string, string> data, string displayId, DisplayedType? type) { }
    public void UpdateDisplay(IReadOnlyDictionary<string, string> data, string displayId, DisplayedType? type) { }
    public void ExecuteResult(IReadOnlyDictionary<string, string> data, int executionCount, DisplayedType? type) => Result = data;
    public void ClearOutput(bool wait) { }
    public void Page(IReadOnlyDictionary<string, string> data) { }
    public void Error(CellError error) { }
}
