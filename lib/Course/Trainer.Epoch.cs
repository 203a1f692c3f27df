using System.Diagnostics;
using System.Globalization;
using Course.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Course;

public sealed partial class Trainer
{
    private int? _lastTrainBatches;
    private long? _lastTrainExamples;

    private EpochRecord RunEpoch(int epoch, IEpochBatches train, IEpochBatches? test)
    {
        var total = Stopwatch.StartNew();
        double lr = Optimizer.ParamGroups.First().LearningRate;
        if (Options.Seed is { } seed) torch.manual_seed(seed + epoch);
        train.SetEpoch(epoch);
        test?.SetEpoch(epoch);
        if (Options.LogEvery > 0) WriteLine($"Epoch {epoch + 1}\n-------------------------------");

        var (trainLoss, trainAcc, examples, trainSeconds) = TrainEpoch(epoch, train);

        double? testLoss = null, testAcc = null;
        if (test is not null)
        {
            var r = EvaluateEpoch(test, epoch + 1);
            testLoss = r.Loss; testAcc = r.Accuracy;
            if (Options.LogEvery > 0)
                WriteLine(string.Format(CultureInfo.InvariantCulture, "Test Error: \n Accuracy: {0:F1}%, Avg loss: {1:F6} \n", 100 * r.Accuracy, r.Loss));
        }
        Sync();
        total.Stop();
        return new EpochRecord(epoch + 1, trainLoss, trainAcc, testLoss, testAcc,
            trainSeconds > 0 ? examples / trainSeconds : 0, total.Elapsed.TotalSeconds, lr);
    }

    private (double Loss, double Acc, long Examples, double Seconds) TrainEpoch(int epoch, IEpochBatches train)
    {
        int? batches = train.BatchCount ?? _lastTrainBatches;
        long? size = train.ExampleCount ?? _lastTrainExamples;
        int pointEvery = Options.PointsPerEpoch > 0 && batches is { } nb ? Math.Max(1, nb / Options.PointsPerEpoch) : 0;
        var parameters = Model.parameters().ToList();

        Model.train();
        using var lossSum = zeros(new long[] { 1 }, ScalarType.Float64, Device).DetachFromDisposeScope();
        using var correct = zeros(new long[] { 1 }, ScalarType.Int64, Device).DetachFromDisposeScope();
        long seen = 0;
        int b = 0;
        using var share = Options.ShareCores && Device.type == DeviceType.CPU ? CoreShare.Start() : null;
        var clock = Stopwatch.StartNew();
        foreach (var (x0, y0) in train)
        {
            NotebookInterrupt.ThrowIfRequested();   // a notebook's interrupt stops training at the next batch
            double batchLoss = double.NaN;
            try
            {
                using var scope = NewDisposeScope();
                var x = OnDevice(x0);
                var y = OnDevice(y0);
                long n = x.shape[0];
                Optimizer.zero_grad();
                var yhat = Parallel is { } ddp ? ddp.call(x) : Model.call(x);
                var l = _loss(yhat, y);
                l.backward();   // data-parallel: the gradients are averaged over the ranks before backward returns
                if (Options.ClipGradNorm is { } max) TrainingOps.ClipGradNorm(parameters, max).Dispose();
                Optimizer.step();
                using (no_grad())
                {
                    var ld = l.detach();
                    lossSum.add_(ld.to(ScalarType.Float64) * (double)n);
                    correct.add_(TrainingOps.CorrectCount(yhat, y));
                    b++;
                    seen += n;
                    bool logNow = Options.LogEvery > 0 && (b - 1) % Options.LogEvery == 0;
                    if (logNow || OnBatchEnd is not null) batchLoss = ld.to(ScalarType.Float64).item<double>();
                    if (logNow)
                        WriteLine(string.Format(CultureInfo.InvariantCulture, "loss: {0,7:F6} [{1,5}/{2,5}]", batchLoss, seen, size?.ToString(CultureInfo.InvariantCulture) ?? "?"));
                }
            }
            finally
            {
                x0.Dispose();
                y0.Dispose();
            }
            share?.Tick();
            OnBatchEnd?.Invoke(new BatchInfo(epoch + 1, b, batches, seen, size, batchLoss));
            ProgressCallback?.Invoke(new TrainingProgress(TrainingPhase.Train, epoch + 1, Options.Epochs, b, batches));
            if (pointEvery > 0 && (b % pointEvery == 0 || b == batches))
            {
                var (ml, ma) = Running(lossSum, correct, seen);
                var point = new ProgressPoint(epoch + (double)b / batches!.Value, ml, ma);
                History.AddPoint(point);
                OnProgress?.Invoke(point);
            }
        }
        Sync();
        clock.Stop();
        if (seen == 0) throw new InvalidOperationException($"the training loader yielded no batches in epoch {epoch + 1}");
        _lastTrainBatches = b;
        _lastTrainExamples = seen;
        seen = SumOverRanks(lossSum, correct, seen);
        var (loss, acc) = Running(lossSum, correct, seen);
        return (loss, acc, seen, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Data-parallel: the loss sum, correct count and example count of all ranks (in place; returns the count).</summary>
    private long SumOverRanks(Tensor lossSum, Tensor correct, long seen)
    {
        if (Parallel is null) return seen;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var sums = cat(new[] { lossSum.to(ScalarType.Float64), correct.to(ScalarType.Float64), tensor(new double[] { seen }).to(lossSum.device) });
        distributed.all_reduce(sums, distributed.ReduceOp.SUM, Parallel.process_group);
        var v = sums.cpu().data<double>().ToArray();
        lossSum.fill_(v[0]);
        correct.fill_((long)Math.Round(v[1]));
        return (long)Math.Round(v[2]);
    }

    private static (double Loss, double Acc) Running(Tensor lossSum, Tensor correct, long seen)
    {
        using var lc = lossSum.cpu();
        using var cc = correct.cpu();
        double l = lc.data<double>()[0];
        long c = cc.data<long>()[0];
        return (l / seen, (double)c / seen);
    }

    private bool IsSharded(IEpochBatches batches) => Parallel is not null && batches is Batches.LoaderBatches { Loader.Sampler: not null };

    private (double Loss, double Accuracy, long Count) EvaluateEpoch(IEpochBatches test, int epoch)
    {
        Parallel?.sync_buffers();   // every rank evaluates with rank 0's running statistics
        Model.eval();
        try
        {
            using var _ = inference_mode();   // no autograd records and no version counters: evaluation's outputs are thrown away
            using var lossSum = zeros(new long[] { 1 }, ScalarType.Float64, Device).DetachFromDisposeScope();
            using var correct = zeros(new long[] { 1 }, ScalarType.Int64, Device).DetachFromDisposeScope();
            long seen = 0;
            int b = 0;
            foreach (var (x0, y0) in test)
            {
                NotebookInterrupt.ThrowIfRequested();
                try
                {
                    using var scope = NewDisposeScope();
                    var x = OnDevice(x0);
                    var y = OnDevice(y0);
                    long n = x.shape[0];
                    var yhat = Model.call(x);
                    lossSum.add_(_loss(yhat, y).to(ScalarType.Float64) * (double)n);
                    correct.add_(TrainingOps.CorrectCount(yhat, y));
                    seen += n;
                    b++;
                }
                finally
                {
                    x0.Dispose();
                    y0.Dispose();
                }
                ProgressCallback?.Invoke(new TrainingProgress(TrainingPhase.Test, epoch, Options.Epochs, b, test.BatchCount));
            }
            if (seen == 0) throw new InvalidOperationException("the test loader yielded no batches");
            // data-parallel with a sharded test loader: every rank evaluated its share, the numbers are the sum of all
            if (test is not null && IsSharded(test)) seen = SumOverRanks(lossSum, correct, seen);
            var (loss, acc) = Running(lossSum, correct, seen);
            return (loss, acc, seen);
        }
        finally
        {
            Model.train();
        }
    }
}
