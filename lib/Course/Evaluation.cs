using TorchSharp;
using static TorchSharp.torch;

namespace Course;

/// <summary>Labels and predictions of a model over a loader, in loader order.</summary>
/// <param name="Labels">True class of each example.</param>
/// <param name="Predicted">Argmax class of each example.</param>
/// <param name="Confidence">Softmax probability of the predicted class.</param>
public sealed record Predictions(long[] Labels, long[] Predicted, float[] Confidence)
{
    /// <summary>Number of examples.</summary>
    public int Count => Labels.Length;
    /// <summary>Fraction predicted correctly (0 when empty).</summary>
    public double Accuracy => Count == 0 ? 0 : (double)Labels.Zip(Predicted).Count(p => p.First == p.Second) / Count;
}

/// <summary>An off-diagonal cell of a confusion matrix: <see cref="Count"/> examples of class <see cref="True"/> predicted as <see cref="Predicted"/>.</summary>
public sealed record ConfusedPair(int True, int Predicted, long Count, string TrueName, string PredictedName)
{
    /// <inheritdoc/>
    public override string ToString() => $"{TrueName} → {PredictedName}: {Count}";
}

/// <summary>Misclassified examples: their positions in the loader, images (CPU, [N,C,H,W]), true and predicted classes. Dispose to free the images.</summary>
public sealed class Misclassified : IDisposable
{
    internal Misclassified(int[] indices, Tensor images, long[] labels, long[] predicted)
    {
        Indices = indices; Images = images; Labels = labels; Predicted = predicted;
    }

    /// <summary>Position of each example in the loader's enumeration (the dataset index for an unshuffled loader).</summary>
    public int[] Indices { get; }
    /// <summary>The images, [N,C,H,W] on the CPU.</summary>
    public Tensor Images { get; }
    /// <summary>True classes.</summary>
    public long[] Labels { get; }
    /// <summary>Predicted classes.</summary>
    public long[] Predicted { get; }
    /// <summary>Number of examples.</summary>
    public int Count => Indices.Length;

    /// <summary>Captions "true → predicted" using <paramref name="classNames"/> when given.</summary>
    public string[] Captions(IReadOnlyList<string>? classNames = null) =>
        Enumerable.Range(0, Count).Select(i => $"{Evaluation.Name(classNames, Labels[i])} → {Evaluation.Name(classNames, Predicted[i])}").ToArray();

    /// <summary>Frees the images.</summary>
    public void Dispose() => Images.Dispose();
}

/// <summary>Evaluation helpers: accuracy, predictions, confusion matrix, most-confused pairs, misclassified samples.</summary>
public static class Evaluation
{
    /// <summary>Fraction of rows of <paramref name="logits"/> [N, classes] whose argmax equals <paramref name="labels"/> [N].</summary>
    public static double Accuracy(Tensor logits, Tensor labels)
    {
        using var c = TrainingOps.CorrectCount(logits, labels);
        using var cc = c.cpu();
        return labels.shape[0] == 0 ? 0 : (double)cc.item<long>() / labels.shape[0];
    }

    /// <summary>Accuracy of <paramref name="model"/> over a loader (eval mode, no_grad; device: the model's).</summary>
    public static double Accuracy(nn.Module<Tensor, Tensor> model, IEnumerable<(Tensor x, Tensor y)> loader) => Predict(model, loader).Accuracy;

    /// <summary>Labels, predictions and confidences of <paramref name="model"/> over <paramref name="loader"/> (eval mode, no_grad; batches are moved to the model's device and disposed).</summary>
    public static Predictions Predict(nn.Module<Tensor, Tensor> model, IEnumerable<(Tensor x, Tensor y)> loader) =>
        Run(model, loader, null).Predictions;

    /// <summary>Up to <paramref name="max"/> misclassified examples of <paramref name="loader"/>, in loader order.</summary>
    public static Misclassified FindMisclassified(nn.Module<Tensor, Tensor> model, IEnumerable<(Tensor x, Tensor y)> loader, int max = 16)
    {
        if (max < 0) throw new ArgumentOutOfRangeException(nameof(max), max, $"max must be >= 0, got {max}");
        var images = new List<Tensor>();
        var (p, idx) = Run(model, loader, (x, wrong, offset, list) =>
        {
            foreach (var i in wrong)
            {
                if (list.Count >= max) break;
                list.Add(i + offset);
                var img = x.select(0, i).cpu().clone();
                img.DetachFromDisposeScope();
                images.Add(img);
            }
        });
        Tensor stacked;
        if (images.Count > 0)
        {
            stacked = stack(images);
            foreach (var t in images) t.Dispose();
        }
        else stacked = zeros(0);
        stacked.DetachFromDisposeScope();
        return new Misclassified(idx.ToArray(), stacked, idx.Select(i => p.Labels[i]).ToArray(), idx.Select(i => p.Predicted[i]).ToArray());
    }

    /// <summary>Confusion matrix [true, predicted] of label/prediction pairs with classes 0..classes-1.</summary>
    /// <exception cref="ArgumentException">Arrays of different lengths, or a class outside 0..classes-1.</exception>
    public static long[,] ConfusionMatrix(IReadOnlyList<long> labels, IReadOnlyList<long> predicted, int classes)
    {
        if (classes <= 0) throw new ArgumentOutOfRangeException(nameof(classes), classes, $"classes must be positive, got {classes}");
        if (labels.Count != predicted.Count) throw new ArgumentException($"labels ({labels.Count}) and predictions ({predicted.Count}) differ in length");
        var m = new long[classes, classes];
        for (int i = 0; i < labels.Count; i++)
        {
            long t = labels[i], p = predicted[i];
            if (t < 0 || t >= classes) throw new ArgumentException($"label {t} at index {i} is outside 0..{classes - 1}");
            if (p < 0 || p >= classes) throw new ArgumentException($"prediction {p} at index {i} is outside 0..{classes - 1}");
            m[t, p]++;
        }
        return m;
    }

    /// <summary>Confusion matrix of <see cref="Predictions"/>.</summary>
    public static long[,] ConfusionMatrix(Predictions predictions, int classes) => ConfusionMatrix(predictions.Labels, predictions.Predicted, classes);

    /// <summary>
    /// The <paramref name="k"/> largest off-diagonal cells of a confusion matrix (count descending, then true class,
    /// then predicted class), zero cells excluded, named with <paramref name="classNames"/> (default "0", "1", …).
    /// </summary>
    public static IReadOnlyList<ConfusedPair> MostConfused(long[,] matrix, IReadOnlyList<string>? classNames = null, int k = 5)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n) throw new ArgumentException($"confusion matrix must be square, got {n}×{matrix.GetLength(1)}");
        if (classNames is not null && classNames.Count != n) throw new ArgumentException($"{classNames.Count} class names for a {n}-class matrix");
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be >= 0, got {k}");
        var cells = new List<ConfusedPair>();
        for (int t = 0; t < n; t++)
            for (int p = 0; p < n; p++)
                if (t != p && matrix[t, p] > 0) cells.Add(new ConfusedPair(t, p, matrix[t, p], Name(classNames, t), Name(classNames, p)));
        return cells.OrderByDescending(c => c.Count).ThenBy(c => c.True).ThenBy(c => c.Predicted).Take(k).ToList();
    }

    internal static string Name(IReadOnlyList<string>? names, long c) => names is not null && c >= 0 && c < names.Count ? names[(int)c] : c.ToString();

    private static (Predictions Predictions, List<int> Wrong) Run(nn.Module<Tensor, Tensor> model, IEnumerable<(Tensor x, Tensor y)> loader,
        Action<Tensor, IEnumerable<int>, int, List<int>>? onWrong)
    {
        ArgumentNullException.ThrowIfNull(model); ArgumentNullException.ThrowIfNull(loader);
        var device = model.parameters().FirstOrDefault()?.device ?? torch.CPU;
        var labels = new List<long>(); var preds = new List<long>(); var conf = new List<float>(); var wrong = new List<int>();
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            foreach (var (x0, y0) in loader)
            {
                try
                {
                    using var scope = NewDisposeScope();
                    var x = x0.device == device ? x0 : x0.to(device);
                    var logits = model.call(x);
                    var (p, i) = logits.softmax(1).max(1);
                    var yl = y0.to(ScalarType.Int64).cpu().data<long>().ToArray();
                    var pl = i.cpu().data<long>().ToArray();
                    var pc = p.to(ScalarType.Float32).cpu().data<float>().ToArray();
                    int offset = labels.Count;
                    labels.AddRange(yl); preds.AddRange(pl); conf.AddRange(pc);
                    if (onWrong is not null)
                        onWrong(x0, Enumerable.Range(0, yl.Length).Where(j => yl[j] != pl[j]), offset, wrong);
                }
                finally { x0.Dispose(); y0.Dispose(); }
            }
        }
        finally { model.train(wasTraining); }
        return (new Predictions(labels.ToArray(), preds.ToArray(), conf.ToArray()), wrong);
    }
}
