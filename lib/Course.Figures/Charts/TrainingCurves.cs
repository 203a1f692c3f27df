using System.Globalization;
using Course.Polyglot;

namespace Course.Figures;

/// <summary>
/// Live training curves in the style of d2l's Animator: train loss, train accuracy and test accuracy against
/// (possibly fractional) epochs. A notebook shows it with <c>var h = display(curves)</c> and the trainer callback
/// calls <c>curves.Add(...)</c> then <c>h.Update(curves)</c> to redraw in place.
/// </summary>
[TypeFormatterSource(typeof(CourseFormatterSource), PreferredMimeTypes = ["text/html"])]
public sealed class TrainingCurves
{
    private readonly List<(double Epoch, double? TrainLoss, double? TrainAcc, double? TestAcc)> _points = [];

    /// <summary>Creates empty curves; <paramref name="epochs"/> fixes the x range to [0, epochs] so the plot does not rescale.</summary>
    public TrainingCurves(int? epochs = null, string? title = null)
    {
        if (epochs is <= 0) throw new ArgumentOutOfRangeException(nameof(epochs), $"epochs must be positive, got {epochs}.");
        Epochs = epochs;
        Title = title;
    }

    /// <summary>Planned number of epochs (x axis upper bound), if known.</summary>
    public int? Epochs { get; }
    /// <summary>Optional chart title.</summary>
    public string? Title { get; }
    /// <summary>Recorded points in the order added.</summary>
    public IReadOnlyList<(double Epoch, double? TrainLoss, double? TrainAcc, double? TestAcc)> Points => _points;

    /// <summary>Records values at <paramref name="epoch"/> (fractional allowed); null values are skipped for that series.</summary>
    public TrainingCurves Add(double epoch, double? trainLoss = null, double? trainAcc = null, double? testAcc = null)
    {
        if (!double.IsFinite(epoch) || epoch < 0)
            throw new ArgumentOutOfRangeException(nameof(epoch), $"epoch must be a finite number >= 0, got {epoch}.");
        _points.Add((epoch, trainLoss, trainAcc, testAcc));
        return this;
    }

    /// <summary>The curves as a chart: one line per series that has at least one value.</summary>
    public Chart ToChart()
    {
        var series = new (string Name, Func<(double, double?, double?, double?), double?> Get, string Color, string? Dash)[]
        {
            ("train loss", p => p.Item2, "#1f77b4", null),
            ("train acc", p => p.Item3, "#ff7f0e", "dash"),
            ("test acc", p => p.Item4, "#2ca02c", "dot"),
        };
        var charts = new List<Chart>();
        foreach (var (name, get, color, dash) in series)
        {
            var pts = _points.Where(p => get(p) is not null).ToList();
            if (pts.Count == 0) continue;
            charts.Add(Chart.Line(pts.Select(p => p.Epoch), pts.Select(p => get(p)!.Value), name,
                showMarkers: pts.Count < 30, color: color, dash: dash));
        }
        var chart = charts.Count > 0 ? Chart.Combine(charts) : new Chart([]);
        chart = chart.WithXAxisTitle("epoch").WithSize(560, 360);
        if (Epochs is { } e) chart = chart.WithXRange(0, e);
        if (Title is not null) chart = chart.WithTitle(Title);
        return chart;
    }

    /// <summary>Alias of <see cref="ToChart"/>.</summary>
    public Chart ToFigure() => ToChart();

    /// <summary>HTML of <see cref="ToChart"/>.</summary>
    public string ToHtml() => ToChart().ToHtml();

    /// <inheritdoc/>
    public override string ToString()
    {
        if (_points.Count == 0) return "TrainingCurves: no points";
        var last = _points[^1];
        static string F(double? v) => v is { } d ? d.ToString("0.####", CultureInfo.InvariantCulture) : "-";
        return $"TrainingCurves: {_points.Count} point(s); epoch {F(last.Epoch)}: train loss {F(last.TrainLoss)}, train acc {F(last.TrainAcc)}, test acc {F(last.TestAcc)}";
    }
}
