using Course.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Course.Tests;

public class TrainerTests
{
    private static TrainerOptions Opts(int epochs, string? dir = null) => new()
    {
        Epochs = epochs, LearningRate = 0.1, Momentum = 0.9, Seed = 7, Device = "cpu", PrintEpochs = false,
        CheckpointDir = dir, Log = TextWriter.Null,
    };

    private static History TrainTiny(int epochs, string? dir = null, Action<Trainer>? configure = null)
    {
        torch.manual_seed(7);
        using var model = TestEnv.TinyNet();
        var (x, y) = TestEnv.Synthetic(96, 1);
        var (tx, ty) = TestEnv.Synthetic(48, 2);
        try
        {
            using var trainer = new Trainer(model, Opts(epochs, dir));
            configure?.Invoke(trainer);
            return trainer.Fit(new ShuffledBatches(x, y, 16, seed: 3), Batches.FromTensors(tx, ty, 16));
        }
        finally { x.Dispose(); y.Dispose(); tx.Dispose(); ty.Dispose(); }
    }

    [Fact]
    public void TinyProblemIsLearnedAndRecordsAreComplete()
    {
        var h = TrainTiny(4);
        Assert.Equal(4, h.Count);
        Assert.Equal(new[] { 1, 2, 3, 4 }, h.Epochs.Select(e => e.Epoch));
        Assert.True(h.Last!.TestAcc > 0.9, $"test acc {h.Last.TestAcc}");
        Assert.True(h[3].TrainLoss < h[0].TrainLoss);
        foreach (var e in h.Epochs)
        {
            Assert.InRange(e.TrainAcc, 0, 1);
            Assert.InRange(e.TestAcc!.Value, 0, 1);
            Assert.True(e.ExamplesPerSec > 0 && e.Seconds > 0);
        }
        // 6 batches per epoch → a point every 1 batch; d2l-style points end each epoch at the whole epoch.
        Assert.Contains(h.Progress, p => p.Epoch == 4.0);
        Assert.Contains(h.Progress, p => Math.Abs(p.Epoch - (1 + 1.0 / 6)) < 1e-12);
    }

    [Fact]
    public void SameSeedGivesSameHistory()
    {
        var a = TrainTiny(3);
        var b = TrainTiny(3);
        Assert.True(a.SameMetrics(b), $"{a}\n---\n{b}");
    }

    [Fact]
    public void DifferentShuffleSeedChangesHistory()
    {
        var a = TrainTiny(2);
        torch.manual_seed(7);
        using var model = TestEnv.TinyNet();
        var (x, y) = TestEnv.Synthetic(96, 1);
        using var _x = x; using var _y = y;
        using var trainer = new Trainer(model, Opts(2));
        var b = trainer.Fit(new ShuffledBatches(x, y, 16, seed: 4));
        Assert.NotEqual(a[1].TrainLoss, b[1].TrainLoss);
    }

    [Fact]
    public void ResumeMatchesUninterruptedRun()
    {
        var dir = Path.Combine(Path.GetTempPath(), "course-ckpt-" + Guid.NewGuid().ToString("N"));
        try
        {
            var full = TrainTiny(4);
            var first = TrainTiny(2, dir);
            Assert.Equal(2, Checkpoint.Epoch(dir));
            var resumed = TrainTiny(4, dir);   // fresh model and trainer: everything comes from the checkpoint
            Assert.Equal(4, resumed.Count);
            Assert.True(first.SameMetrics(new History(resumed.Epochs.Take(2))));
            Assert.True(full.SameMetrics(resumed), $"{full}\n---\n{resumed}");
            Assert.Single(Directory.GetFiles(dir, "model-epoch*.ctsd"));
            Assert.Single(Directory.GetFiles(dir, "optimizer-epoch*.dat"));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void ResumeWithoutMomentumStateWouldDiffer()
    {
        // Guards the checkpoint test: dropping the optimizer file must change the continuation (momentum 0.9).
        var dir = Path.Combine(Path.GetTempPath(), "course-ckpt-" + Guid.NewGuid().ToString("N"));
        try
        {
            var full = TrainTiny(4);
            TrainTiny(2, dir);
            foreach (var f in Directory.GetFiles(dir, "optimizer-epoch*.dat")) File.Delete(f);
            var meta = File.ReadAllText(Path.Combine(dir, Checkpoint.MetadataFile));
            File.WriteAllText(Path.Combine(dir, Checkpoint.MetadataFile),
                System.Text.RegularExpressions.Regex.Replace(meta, "\"optimizer_file\": \"[^\"]+\"", "\"optimizer_file\": null"));
            var resumed = TrainTiny(4, dir);
            Assert.False(full.SameMetrics(resumed));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void EventsFireWithProgressAndEpochs()
    {
        var epochs = new List<EpochRecord>();
        var batches = new List<BatchInfo>();
        var points = new List<ProgressPoint>();
        var progress = new List<TrainingProgress>();
        var curves = new Course.Figures.TrainingCurves(2);
        int redraws = 0;
        TrainTiny(2, configure: t =>
        {
            t.OnEpochEnd += epochs.Add;
            t.OnBatchEnd += batches.Add;
            t.OnProgress += points.Add;
            t.ProgressCallback = progress.Add;
            t.AttachCurves(curves, _ => redraws++);
        });
        Assert.Equal(2, epochs.Count);
        Assert.Equal(12, batches.Count);
        Assert.All(batches, b => Assert.True(double.IsFinite(b.Loss)));
        Assert.Equal(96, batches[5].Examples);
        Assert.Equal(12, points.Count);
        Assert.Equal(12 + 6, progress.Count);   // 6 train batches + 3 test batches per epoch
        Assert.Contains(progress, p => p.Phase == TrainingPhase.Test && p.Batch == 3 && p.Batches == 3);
        Assert.Equal(points.Count(p => p.Epoch % 1 != 0) + 2, curves.Points.Count);
        Assert.Equal(curves.Points.Count, redraws);
        Assert.Equal(epochs[1].TestAcc, curves.Points[^1].TestAcc);
    }

    [Fact]
    public void BatchLogUsesSeedFormat()
    {
        var log = new StringWriter();
        torch.manual_seed(1);
        using var model = TestEnv.TinyNet();
        var (x, y) = TestEnv.Synthetic(100, 1);
        using var trainer = new Trainer(model, new TrainerOptions { Epochs = 1, Device = "cpu", LogEvery = 2, Log = log, PrintEpochs = true });
        trainer.Fit(Batches.FromTensors(x, y, 32), Batches.FromTensors(x, y, 50));
        var lines = log.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("Epoch 1", lines[0]);
        var batchLines = lines.Where(l => l.StartsWith("loss: ")).ToList();
        Assert.Equal(2, batchLines.Count);   // batches 1 and 3 of 4
        Assert.Matches(@"^loss: \d\.\d{6} \[   32/  100\]$", batchLines[0]);
        Assert.Matches(@"^loss: \d\.\d{6} \[   96/  100\]$", batchLines[1]);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^ Accuracy: \d+\.\d%, Avg loss: \d+\.\d{6} $"));
        Assert.Contains(lines, l => l.StartsWith("epoch 1: loss "));
    }

    [Fact]
    public void CudaWithoutGpuIsAClearError()
    {
        if (torch.cuda.is_available())
        {
            Assert.Equal(DeviceType.CUDA, Devices.Resolve("cuda").type);
            return;
        }
        using var model = TestEnv.TinyNet();
        var e = Assert.Throws<ArgumentException>(() => new Trainer(model, new TrainerOptions { Device = "cuda" }));
        Assert.Contains("CUDA is not available", e.Message);
        Assert.Equal(DeviceType.CPU, Devices.Best().type);
    }

    [Fact]
    public void BadOptionsNameTheSetting()
    {
        using var model = TestEnv.TinyNet();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(model, new TrainerOptions { LearningRate = -1 }));
        Assert.Contains("learning rate", e.Message);
        Assert.Throws<ArgumentException>(() => TrainerOptions.ParseOptimizer("rmsprop"));
    }

    [Fact]
    public void AdamStepSchedulesAndClippingTrain()
    {
        torch.manual_seed(3);
        using var model = TestEnv.TinyNet();
        var (x, y) = TestEnv.Synthetic(96, 1);
        using var trainer = new Trainer(model, new TrainerOptions
        {
            Epochs = 3, LearningRate = 0.01, Optimizer = OptimizerKind.Adam, Schedule = LrSchedule.Step, StepSize = 1, Gamma = 0.5,
            ClipGradNorm = 1.0, Device = "cpu", PrintEpochs = false, Seed = 1,
        });
        var h = trainer.Fit(Batches.FromTensors(x, y, 16));
        Assert.Equal(new[] { 0.01, 0.005, 0.0025 }, h.Epochs.Select(e => e.LearningRate));
        Assert.Null(h[0].TestAcc);
        Assert.True(h[2].TrainLoss < h[0].TrainLoss);
    }

    [Fact]
    public void ClipGradNormBoundsTheGlobalNorm()
    {
        var p = new TorchSharp.Modules.Parameter(zeros(3));
        p.grad = tensor(new float[] { 3, 4, 0 });
        var q = new TorchSharp.Modules.Parameter(zeros(1));
        q.grad = tensor(new float[] { 12 });
        using var total = TrainingOps.ClipGradNorm(new[] { p, q }, 6.5);
        Assert.Equal(13.0, total.item<double>(), 5);
        Assert.Equal(new float[] { 1.5f, 2f, 0f }, p.grad!.data<float>().Select(v => MathF.Round(v, 4)));
        Assert.Equal(6f, MathF.Round(q.grad!.data<float>()[0], 4));
        using var again = TrainingOps.ClipGradNorm(new[] { p, q }, 100);   // below the bound: unchanged
        Assert.Equal(6f, MathF.Round(q.grad!.data<float>()[0], 4));
    }

    [Fact]
    public void XavierInitTouchesConvAndLinearWeightsOnly()
    {
        using var model = TestEnv.TinyNet();
        using var bias = model.parameters().ElementAt(1).clone();
        Assert.Equal(2, TrainingOps.InitWeights(model, WeightInit.Xavier));
        Assert.True(bias.equal(model.parameters().ElementAt(1)));
        var w = model.parameters().Last(p => p.dim() == 2);   // Linear 64 → 3: bound √(6/67)
        Assert.True(w.abs().max().item<float>() <= Math.Sqrt(6.0 / 67) + 1e-6);
    }

    /// <summary>An epoch-aware shuffled source: the order is a function of (seed, epoch), like the DataLoader.</summary>
    private sealed class ShuffledBatches(Tensor x, Tensor y, int batchSize, int seed) : IEpochBatches
    {
        private int _epoch;
        public int? BatchCount => (int)((x.shape[0] + batchSize - 1) / batchSize);
        public long? ExampleCount => x.shape[0];
        public void SetEpoch(int epoch) => _epoch = epoch;
        public IEnumerator<(Tensor x, Tensor y)> GetEnumerator()
        {
            var order = Enumerable.Range(0, (int)x.shape[0]).Select(i => (long)i).ToArray();
            new Random(seed * 1000 + _epoch).Shuffle(order);
            _epoch++;
            for (int s = 0; s < order.Length; s += batchSize)
            {
                using var idx = tensor(order.Skip(s).Take(batchSize).ToArray());
                yield return (x.index_select(0, idx).DetachFromDisposeScope(), y.index_select(0, idx).DetachFromDisposeScope());
            }
        }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
