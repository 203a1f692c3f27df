using Course.TestSupport;
using Course.Data;
using Course.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests;

/// <summary>Training on the real Fashion-MNIST and MNIST files (COURSE_DATA, else ../shared/data).</summary>
public class RealDataTests
{
    public RealDataTests() => TestEnv.EnsureData();

    [DataFact("fashion-mnist")]
    public void D2lLeNetOnFashionMnistReachesSixtyPercentInThreeEpochs()
    {
        var train = Datasets.FashionMNIST(train: true, download: false);
        var test = Datasets.FashionMNIST(train: false, download: false);
        Assert.Equal(60000, train.Count);
        torch.manual_seed(0);
        using var net = new LeNet();
        using var trainer = new Trainer(net, new TrainerOptions
        {
            Epochs = 3, LearningRate = 0.9, Init = WeightInit.Xavier, Seed = 0, Device = "cpu", Log = TextWriter.Null,
        });
        var h = trainer.Fit(new DataLoader(train, 256, shuffle: true, seed: 0), new DataLoader(test, 256));
        Assert.Equal(3, h.Count);
        Assert.True(h.Last!.TestAcc >= 0.60, $"test accuracy after 3 epochs: {h.Last.TestAcc}\n{h}");
        Assert.True(h[2].TrainLoss < h[0].TrainLoss, h.ToString());
        Assert.All(h.Epochs, e => Assert.True(e.ExamplesPerSec > 100, e.ToString()));
    }

    [DataFact("mnist")]
    public void SeedMnistCnnReachesNinetyFivePercentInOneEpoch()
    {
        var info = ModelRegistry.Get("mnist-cnn");
        var train = Datasets.MNIST(train: true, download: false);
        var test = Datasets.MNIST(train: false, download: false);
        torch.manual_seed(0);
        using var net = info.Create();
        using var trainer = new Trainer(net, new TrainerOptions
        {
            Epochs = 1, LearningRate = info.Training.LearningRate, Optimizer = TrainerOptions.ParseOptimizer(info.Training.Optimizer),
            Seed = 0, Device = "cpu", Log = TextWriter.Null,
        });
        var h = trainer.Fit(new DataLoader(train, info.Training.BatchSize, shuffle: true, seed: 0), new DataLoader(test, 500));
        Assert.True(h.Last!.TestAcc >= 0.95, $"MNIST CNN test accuracy after 1 epoch: {h.Last.TestAcc}");

        // Evaluation helpers agree with the trainer on the same loader.
        var p = Evaluation.Predict(net, new DataLoader(test, 500));
        Assert.Equal(10000, p.Count);
        Assert.Equal(h.Last.TestAcc!.Value, p.Accuracy, 9);
        var cm = Evaluation.ConfusionMatrix(p, 10);
        long diag = Enumerable.Range(0, 10).Sum(i => cm[i, i]);
        Assert.Equal(p.Accuracy, diag / 10000.0, 9);
        using var wrong = Evaluation.FindMisclassified(net, new DataLoader(test, 500), max: 8);
        Assert.Equal(8, wrong.Count);
        Assert.Equal(new long[] { 8, 1, 28, 28 }, wrong.Images.shape);
        for (int i = 0; i < wrong.Count; i++)
        {
            Assert.Equal(test.Labels[wrong.Indices[i]], wrong.Labels[i]);
            Assert.Equal(p.Predicted[wrong.Indices[i]], wrong.Predicted[i]);
            Assert.NotEqual(wrong.Labels[i], wrong.Predicted[i]);
        }
    }
}
