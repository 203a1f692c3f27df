namespace Course.Figures.Tests;

/// <summary>One chart of each kind, used by the JSON, schema and browser tests.</summary>
internal static class SampleCharts
{
    public static readonly string[] Classes = ["T-shirt", "Trouser", "Pullover", "Dress"];

    /// <summary>Two loss lines plus a learning-rate line on a second y axis (3 scatter traces).</summary>
    public static Chart Lines()
    {
        double[] epochs = [1, 2, 3, 4, 5];
        return Chart.Combine(
                Chart.Line(epochs, [2.3, 1.1, 0.7, 0.5, 0.4], name: "train loss"),
                Chart.Line(epochs, [2.2, 1.2, 0.8, 0.65, 0.6], name: "test loss", dash: "dash"),
                Chart.Line(epochs, [0.1, 0.1, 0.05, 0.01, 0.005], name: "lr", showMarkers: true).OnSecondaryYAxis("learning rate"))
            .WithTitle("Loss and learning rate").WithXAxisTitle("epoch").WithYAxisTitle("loss").WithSize(640, 400);
    }

    /// <summary>Two marker series (2 scatter traces).</summary>
    public static Chart Scatter() => Chart.Combine(
            Chart.Scatter([1, 2, 3], [3, 1, 2], name: "A", text: ["a", "b", "c"], markerSize: 10),
            Chart.Scatter([1.5, 2.5], [2, 2.5], name: "B", color: "crimson"))
        .WithTitle("Scatter").WithXAxisTitle("x").WithYAxisTitle("y").WithSize(500, 400);

    /// <summary>Two bar series (2 bar traces).</summary>
    public static Chart Bar() => Chart.Combine(
            Chart.Bar(["LeNet", "AlexNet", "VGG"], [0.89, 0.91, 0.92], name: "test acc", text: ["89%", "91%", "92%"]),
            Chart.Bar(["LeNet", "AlexNet", "VGG"], [0.90, 0.95, 0.97], name: "train acc"))
        .WithTitle("Accuracy").WithYRange(0, 1).WithSize(500, 400);

    /// <summary>A 4-class confusion matrix (1 heatmap trace).</summary>
    public static Chart Confusion() => Chart.ConfusionMatrix(
            new long[,] { { 50, 2, 3, 0 }, { 1, 60, 0, 0 }, { 8, 0, 40, 2 }, { 0, 1, 0, 55 } }, Classes)
        .WithTitle("Confusion matrix").WithSize(520, 460);

    /// <summary>A 2x2 grid: lines with a second axis, bars, heatmap, scatter (3 + 2 + 1 + 2 traces).</summary>
    public static Chart Grid() => Chart.Grid(2, 2, [Lines(), Bar(), Confusion(), Scatter()])
        .WithTitle("Grid").WithSize(1000, 800);

    /// <summary>Training curves with fractional epochs (3 scatter traces).</summary>
    public static TrainingCurves Curves()
    {
        var curves = new TrainingCurves(epochs: 3, title: "LeNet on Fashion-MNIST");
        for (int e = 0; e < 3; e++)
        {
            for (int b = 1; b <= 4; b++)
                curves.Add(e + b / 4.0, trainLoss: 2.0 / (1 + e + b / 4.0), trainAcc: 0.5 + 0.1 * e + 0.02 * b);
            curves.Add(e + 1, testAcc: 0.55 + 0.1 * e);
        }
        return curves;
    }

    public static IEnumerable<(string Name, Chart Chart)> All() =>
    [
        ("lines", Lines()), ("scatter", Scatter()), ("bar", Bar()), ("heatmap", Confusion()),
        ("grid", Grid()), ("curves", Curves().ToChart()),
    ];
}
