using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests;

public class EvaluationTests
{
    private static readonly string[] Names = { "cat", "dog", "bird" };

    [Fact]
    public void ConfusionMatrixCountsTruePredictedPairs()
    {
        long[] truth = { 0, 0, 0, 1, 1, 2, 2, 2, 2 };
        long[] pred = { 0, 1, 1, 1, 0, 2, 1, 1, 1 };
        var cm = Evaluation.ConfusionMatrix(truth, pred, 3);
        Assert.Equal(new long[,] { { 1, 2, 0 }, { 1, 1, 0 }, { 0, 3, 1 } }, cm);
    }

    [Fact]
    public void MostConfusedPairsAreSortedAndNamed()
    {
        var cm = new long[,] { { 5, 2, 0 }, { 1, 4, 0 }, { 0, 3, 7 } };
        var top = Evaluation.MostConfused(cm, Names, 2);
        Assert.Equal(2, top.Count);
        Assert.Equal(new ConfusedPair(2, 1, 3, "bird", "dog"), top[0]);
        Assert.Equal(new ConfusedPair(0, 1, 2, "cat", "dog"), top[1]);
        Assert.Equal("bird → dog: 3", top[0].ToString());
        var all = Evaluation.MostConfused(cm, null, 10);
        Assert.Equal(3, all.Count);   // zero cells and the diagonal are excluded
        Assert.Equal("1", all[2].TrueName);
    }

    [Fact]
    public void BadInputsAreNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => Evaluation.ConfusionMatrix(new long[] { 0, 3 }, new long[] { 0, 1 }, 3));
        Assert.Contains("label 3", e.Message);
        Assert.Throws<ArgumentException>(() => Evaluation.ConfusionMatrix(new long[] { 0 }, new long[] { 0, 1 }, 3));
        Assert.Throws<ArgumentException>(() => Evaluation.MostConfused(new long[2, 3]));
    }

    [Fact]
    public void AccuracyAndPredictionsOfAFixedModel()
    {
        // A linear "model" whose logits are the inputs themselves: argmax of each row.
        using var model = nn.Sequential(nn.Flatten());
        using var x = tensor(new float[] { 0.9f, 0.1f, 0f, 0f, 0.2f, 0.8f, 0.3f, 0.6f, 0.1f, 1f, 0f, 0f }, new long[] { 4, 3 });
        using var y = tensor(new long[] { 0, 2, 0, 0 });
        Assert.Equal(0.75, Evaluation.Accuracy(x, y));
        var p = Evaluation.Predict(model, Batches.FromTensors(x, y, 3));
        Assert.Equal(new long[] { 0, 2, 1, 0 }, p.Predicted);
        Assert.Equal(new long[] { 0, 2, 0, 0 }, p.Labels);
        Assert.Equal(0.75, p.Accuracy);
        Assert.All(p.Confidence, c => Assert.InRange(c, 1f / 3, 1f));
        using var wrong = Evaluation.FindMisclassified(model, Batches.FromTensors(x, y, 3));
        Assert.Equal(new[] { 2 }, wrong.Indices);
        Assert.Equal(new[] { "cat → dog" }, wrong.Captions(Names));
        Assert.Equal(new long[] { 1, 3 }, wrong.Images.shape);
    }

    [Fact]
    public void HistoryJsonRoundTripsAndBuildsCurves()
    {
        var h = new History();
        h.AddPoint(new ProgressPoint(0.5, 1.2, 0.4));
        h.AddPoint(new ProgressPoint(1.0, 1.0, 0.5));
        h.Add(new EpochRecord(1, 1.0, 0.5, 0.9, 0.6, 1000, 2.5, 0.1));
        var back = History.FromJson(h.ToJson());
        Assert.True(h.SameMetrics(back));
        Assert.Equal(h.Progress, back.Progress);
        Assert.Contains("\"train_acc\": 0.5", h.ToJson());
        var curves = h.ToCurves();
        Assert.Equal(2, curves.Points.Count);   // the 0.5 point and the epoch-1 record (which replaces the 1.0 point)
        Assert.Equal(0.6, curves.Points[1].TestAcc);
        Assert.Throws<FormatException>(() => History.FromJson("{\"x\": 1}"));
        Assert.Contains("<table", h.ToHtml());
    }
}
