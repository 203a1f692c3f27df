using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Course.Figures;
using Course.Polyglot;

namespace Course;

/// <summary>Metrics of one finished epoch. Accuracies are fractions in 0..1; losses are means per example.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's examples (measured while training, as d2l does).</param>
/// <param name="TrainAcc">Training accuracy over the epoch's examples (measured while training).</param>
/// <param name="TestLoss">Mean test loss (null without a test loader).</param>
/// <param name="TestAcc">Test accuracy (null without a test loader).</param>
/// <param name="ExamplesPerSec">Training examples per second of the epoch's training phase.</param>
/// <param name="Seconds">Wall-clock seconds of the whole epoch (training and evaluation).</param>
/// <param name="LearningRate">Learning rate used during the epoch.</param>
[TypeFormatterSource(typeof(CourseFormatterSource), PreferredMimeTypes = ["text/plain"])]
public sealed record EpochRecord(
    [property: JsonPropertyName("epoch")] int Epoch,
    [property: JsonPropertyName("train_loss")] double TrainLoss,
    [property: JsonPropertyName("train_acc")] double TrainAcc,
    [property: JsonPropertyName("test_loss")] double? TestLoss,
    [property: JsonPropertyName("test_acc")] double? TestAcc,
    [property: JsonPropertyName("examples_per_sec")] double ExamplesPerSec,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("lr")] double LearningRate)
{
    /// <summary>One line in d2l's style: <c>epoch 3: loss 0.512, train acc 0.801, test acc 0.792, 4210.3 examples/sec, 12.1 s</c>.</summary>
    public override string ToString()
    {
        var s = FormattableString.Invariant($"epoch {Epoch}: loss {TrainLoss:F3}, train acc {TrainAcc:F3}");
        if (TestLoss is { } tl) s += FormattableString.Invariant($", test loss {tl:F3}");
        if (TestAcc is { } ta) s += FormattableString.Invariant($", test acc {ta:F3}");
        return s + FormattableString.Invariant($", {ExamplesPerSec:F1} examples/sec, {Seconds:F1} s");
    }

    /// <summary>True when every metric except the timings (examples/s, seconds) is identical.</summary>
    public bool SameMetrics(EpochRecord other) =>
        Epoch == other.Epoch && TrainLoss.Equals(other.TrainLoss) && TrainAcc.Equals(other.TrainAcc) &&
        Nullable.Equals(TestLoss, other.TestLoss) && Nullable.Equals(TestAcc, other.TestAcc) && LearningRate.Equals(other.LearningRate);
}

/// <summary>A point of the running training metrics inside an epoch (d2l's animator updates ~5 times per epoch).</summary>
/// <param name="Epoch">Fractional epoch, e.g. 2.4 = 40 % through the third epoch.</param>
/// <param name="TrainLoss">Mean training loss so far in this epoch.</param>
/// <param name="TrainAcc">Training accuracy so far in this epoch.</param>
public sealed record ProgressPoint(
    [property: JsonPropertyName("epoch")] double Epoch,
    [property: JsonPropertyName("train_loss")] double TrainLoss,
    [property: JsonPropertyName("train_acc")] double TrainAcc);

/// <summary>The history of a training run: one <see cref="EpochRecord"/> per epoch plus intra-epoch progress points.</summary>
[TypeFormatterSource(typeof(CourseFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class History
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly List<EpochRecord> _epochs = new();
    private readonly List<ProgressPoint> _points = new();

    /// <summary>Creates an empty history.</summary>
    public History() { }

    /// <summary>Creates a history from records (and optional progress points).</summary>
    public History(IEnumerable<EpochRecord> epochs, IEnumerable<ProgressPoint>? points = null)
    {
        _epochs.AddRange(epochs);
        if (points != null) _points.AddRange(points);
    }

    /// <summary>Finished epochs, in order.</summary>
    [JsonPropertyName("epochs")] public IReadOnlyList<EpochRecord> Epochs => _epochs;

    /// <summary>Intra-epoch progress points (fractional epochs), in order.</summary>
    [JsonPropertyName("progress")] public IReadOnlyList<ProgressPoint> Progress => _points;

    /// <summary>Number of finished epochs.</summary>
    [JsonIgnore] public int Count => _epochs.Count;

    /// <summary>The last finished epoch (null when none).</summary>
    [JsonIgnore] public EpochRecord? Last => _epochs.Count > 0 ? _epochs[^1] : null;

    /// <summary>Record of epoch <paramref name="index"/> (0-based).</summary>
    public EpochRecord this[int index] => _epochs[index];

    /// <summary>Appends an epoch record.</summary>
    public void Add(EpochRecord record) => _epochs.Add(record ?? throw new ArgumentNullException(nameof(record)));

    /// <summary>Appends an intra-epoch progress point.</summary>
    public void AddPoint(ProgressPoint point) => _points.Add(point ?? throw new ArgumentNullException(nameof(point)));

    /// <summary>True when both histories have the same epochs with identical metrics (timings ignored).</summary>
    public bool SameMetrics(History other) =>
        other.Count == Count && _epochs.Zip(other._epochs).All(p => p.First.SameMetrics(p.Second));

    /// <summary>The history as JSON: <c>{"epochs": [...], "progress": [...]}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(new Dto(_epochs, _points), Json);

    /// <summary>Parses <see cref="ToJson"/> output.</summary>
    /// <exception cref="FormatException">The text is not a history.</exception>
    public static History FromJson(string json)
    {
        Dto? dto;
        try { dto = JsonSerializer.Deserialize<Dto>(json, Json); }
        catch (JsonException e) { throw new FormatException($"not a training history JSON: {e.Message}", e); }
        if (dto?.Epochs is null) throw new FormatException("not a training history JSON: no \"epochs\" list");
        return new History(dto.Epochs, dto.Progress);
    }

    private sealed record Dto(
        [property: JsonPropertyName("epochs")] List<EpochRecord> Epochs,
        [property: JsonPropertyName("progress")] List<ProgressPoint>? Progress);

    /// <summary>
    /// The history as live-updatable <see cref="TrainingCurves"/>: the intra-epoch points (train loss, train acc)
    /// and, at each whole epoch, the epoch's train loss, train acc and test acc.
    /// </summary>
    public TrainingCurves ToCurves(int? epochs = null, string? title = null)
    {
        var curves = new TrainingCurves(epochs ?? (Count > 0 ? Math.Max(Count, _epochs[^1].Epoch) : null), title);
        int pi = 0;
        foreach (var e in _epochs)
        {
            for (; pi < _points.Count && _points[pi].Epoch < e.Epoch; pi++) curves.Add(_points[pi].Epoch, _points[pi].TrainLoss, _points[pi].TrainAcc);
            bool pointAtEnd = pi < _points.Count && _points[pi].Epoch == e.Epoch;
            if (pointAtEnd) pi++;
            curves.Add(e.Epoch, e.TrainLoss, e.TrainAcc, e.TestAcc);
        }
        for (; pi < _points.Count; pi++) curves.Add(_points[pi].Epoch, _points[pi].TrainLoss, _points[pi].TrainAcc);
        return curves;
    }

    /// <summary>The epochs as a <see cref="Table"/>.</summary>
    public Table ToTable(string? title = null)
    {
        var t = new Table(title ?? "Training history",
            new TableColumn("epoch", Align.Right), new TableColumn("train loss", Align.Right, "F4"),
            new TableColumn("train acc", Align.Right, "F4"), new TableColumn("test loss", Align.Right, "F4"),
            new TableColumn("test acc", Align.Right, "F4"), new TableColumn("examples/s", Align.Right, "F1"),
            new TableColumn("seconds", Align.Right, "F1"), new TableColumn("lr", Align.Right, "G4"));
        foreach (var e in _epochs) t.AddRow(e.Epoch, e.TrainLoss, e.TrainAcc, e.TestLoss, e.TestAcc, e.ExamplesPerSec, e.Seconds, e.LearningRate);
        return t;
    }

    /// <summary>HTML table of the epochs (notebook display).</summary>
    public string ToHtml() => ToTable().ToHtml();

    /// <summary>One line per epoch.</summary>
    public override string ToString()
    {
        if (Count == 0) return "History: no epochs";
        var sb = new StringBuilder();
        foreach (var e in _epochs) sb.AppendLine(e.ToString());
        return sb.ToString().TrimEnd();
    }
}
