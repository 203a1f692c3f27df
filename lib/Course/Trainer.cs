using System.Diagnostics;
using Course.Figures;
using TorchSharp;
using static TorchSharp.torch;

namespace Course;

/// <summary>One finished training batch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Batch">1-based batch index within the epoch.</param>
/// <param name="Batches">Batches per epoch, when known.</param>
/// <param name="Examples">Training examples seen so far in this epoch.</param>
/// <param name="TotalExamples">Examples per epoch, when known.</param>
/// <param name="Loss">The batch's mean loss (read from the device only when someone listens to <see cref="Trainer.OnBatchEnd"/> or the batch is logged; else NaN).</param>
public sealed record BatchInfo(int Epoch, int Batch, int? Batches, long Examples, long? TotalExamples, double Loss);

/// <summary>Which part of an epoch is running.</summary>
public enum TrainingPhase
{
    /// <summary>Training batches.</summary>
    Train,
    /// <summary>Evaluation on the test loader.</summary>
    Test,
}

/// <summary>Progress of the running phase, for a console progress bar.</summary>
/// <param name="Phase">Training or evaluation.</param>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Epochs of the run.</param>
/// <param name="Batch">Batches finished in this phase.</param>
/// <param name="Batches">Batches of this phase, when known.</param>
public readonly record struct TrainingProgress(TrainingPhase Phase, int Epoch, int Epochs, int Batch, int? Batches);

/// <summary>
/// d2l's <c>train_ch6</c> as a library: trains a classifier with cross-entropy, evaluates it after every epoch, keeps a
/// <see cref="History"/>, raises events for live figures and writes/resumes checkpoints.
/// <code>
/// using var trainer = new Trainer(net, new TrainerOptions { Epochs = 10, LearningRate = 0.9, Init = WeightInit.Xavier, Seed = 0 });
/// var history = trainer.Fit(trainLoader, testLoader);
/// </code>
/// The model is moved to <see cref="Device"/> by the constructor (parameters are replaced, so create optimizers elsewhere only after that).
/// </summary>
public sealed partial class Trainer : IDisposable
{
    private readonly optim.lr_scheduler.LRScheduler? _scheduler;
    private readonly Func<Tensor, Tensor, Tensor> _loss;
    private bool _disposed;

    /// <summary>
    /// Prepares training: validates the options, resolves the device (CUDA requested without a GPU is an error),
    /// seeds torch, applies the weight initialisation, moves the model and creates the optimizer and schedule.
    /// </summary>
    /// <param name="model">The network: images [N,C,H,W] → logits [N, classes].</param>
    /// <param name="options">Settings (defaults when null).</param>
    /// <param name="loss">Loss of (logits, labels) → scalar mean (default cross-entropy).</param>
    public Trainer(nn.Module<Tensor, Tensor> model, TrainerOptions? options = null, Func<Tensor, Tensor, Tensor>? loss = null)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Options = options ?? new TrainerOptions();
        Options.Validate();
        Device = Devices.Resolve(Options.Device);
        _loss = loss ?? ((yhat, y) => nn.functional.cross_entropy(yhat, y));
        if (Options.Seed is { } seed) torch.manual_seed(seed);
        TrainingOps.InitWeights(model, Options.Init);
        model.to(Device);
        if (Options.DataParallel && distributed.is_initialized() && distributed.get_world_size() > 1)
        {
            // rank 0's initial weights go to every rank; backward then averages the gradients over the ranks
            Parallel = nn.parallel.DistributedDataParallel(model);
            Rank = distributed.get_rank();
            WorldSize = distributed.get_world_size();
        }
        Optimizer = Options.Optimizer switch
        {
            OptimizerKind.Adam => optim.Adam(model.parameters(), Options.LearningRate, weight_decay: Options.WeightDecay),
            _ => optim.SGD(model.parameters(), Options.LearningRate, Options.Momentum, weight_decay: Options.WeightDecay),
        };
        _scheduler = Options.Schedule switch
        {
            LrSchedule.Step => optim.lr_scheduler.StepLR(Optimizer, Options.StepSize, Options.Gamma),
            LrSchedule.Cosine => optim.lr_scheduler.CosineAnnealingLR(Optimizer, Math.Max(1, Options.Epochs), Options.MinLearningRate),
            _ => null,
        };
    }

    /// <summary>The network being trained.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }
    /// <summary>The model wrapped for data-parallel training (see <see cref="TrainerOptions.DataParallel"/>), else null.</summary>
    public TorchSharp.Modules.DistributedDataParallel? Parallel { get; }
    /// <summary>This process's rank in data-parallel training (0 otherwise).</summary>
    public int Rank { get; }
    /// <summary>Processes training together (1 unless data-parallel).</summary>
    public int WorldSize { get; } = 1;
    /// <summary>The settings.</summary>
    public TrainerOptions Options { get; }
    /// <summary>Where the model and batches live.</summary>
    public Device Device { get; }
    /// <summary>The optimizer (checkpoints include its state, <c>save_state_dict</c>).</summary>
    public optim.Optimizer Optimizer { get; }
    /// <summary>Epochs finished so far (including those restored from a checkpoint).</summary>
    public History History { get; private set; } = new();
    /// <summary>Number of finished epochs.</summary>
    public int EpochsDone => History.Count;

    /// <summary>Raised after every training batch.</summary>
    public event Action<BatchInfo>? OnBatchEnd;
    /// <summary>Raised about <see cref="TrainerOptions.PointsPerEpoch"/> times per epoch with the running train metrics (fractional epoch), like d2l's animator.</summary>
    public event Action<ProgressPoint>? OnProgress;
    /// <summary>Raised after each epoch's evaluation (and checkpoint) with its record.</summary>
    public event Action<EpochRecord>? OnEpochEnd;
    /// <summary>Called after every batch of either phase (a console progress bar).</summary>
    public Action<TrainingProgress>? ProgressCallback { get; set; }

    /// <summary>
    /// Adds the trainer's progress points and epoch records to <paramref name="curves"/> as they happen and calls
    /// <paramref name="redraw"/> after each addition (e.g. <c>c => handle.Update(c)</c> in a notebook).
    /// </summary>
    public Trainer AttachCurves(TrainingCurves curves, Action<TrainingCurves>? redraw = null)
    {
        ArgumentNullException.ThrowIfNull(curves);
        OnProgress += p => { if (p.Epoch % 1 != 0) { curves.Add(p.Epoch, p.TrainLoss, p.TrainAcc); redraw?.Invoke(curves); } };
        OnEpochEnd += r => { curves.Add(r.Epoch, r.TrainLoss, r.TrainAcc, r.TestAcc); redraw?.Invoke(curves); };
        return this;
    }

    /// <summary>
    /// Trains until <see cref="TrainerOptions.Epochs"/> epochs are done (resuming from the checkpoint folder when it holds
    /// one) and returns the history. Each epoch: train mode over <paramref name="train"/> (one dispose scope per batch),
    /// then eval mode under no_grad over <paramref name="test"/>.
    /// </summary>
    /// <param name="train">Training batches (a DataLoader, any <see cref="IEpochBatches"/>, or any enumerable of (x, y)).</param>
    /// <param name="test">Test batches, or null to skip evaluation.</param>
    public History Fit(IEnumerable<(Tensor x, Tensor y)> train, IEnumerable<(Tensor x, Tensor y)>? test = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var trainBatches = Batches.Wrap(train);
        var testBatches = test is null ? null : Batches.Wrap(test);
        if (Parallel is not null && train is Course.Data.DataLoader { Sampler: null })
            throw new ArgumentException($"data-parallel training on {WorldSize} ranks: the training loader has no DistributedSampler, so every rank " +
                "would train on the whole data set. Create it with sampler: new DistributedSampler(items) (and shuffle: false).", nameof(train));
        if (Options.CheckpointDir is { } dir && Options.Resume && Checkpoint.Exists(dir) && History.Count == 0)
        {
            Checkpoint.Restore(dir, this);
            // The schedule decides the learning rate, not the checkpoint (a longer run anneals over its own epochs):
            // from this run's rate, replayed to the restored epoch.
            foreach (var g in Optimizer.ParamGroups) (g.LearningRate, g.InitialLearningRate) = (Options.LearningRate, Options.LearningRate);
            for (int i = 0; i < History.Count; i++) _scheduler?.step();
            WriteLine($"resumed from '{dir}' after epoch {History.Count}");
        }
        while (History.Count < Options.Epochs)
        {
            var record = RunEpoch(History.Count, trainBatches, testBatches);
            History.Add(record);
            _scheduler?.step();
            if (Options.CheckpointDir is { } d && Rank == 0) Checkpoint.Save(d, this);
            if (Options.PrintEpochs) WriteLine(record.ToString());
            OnEpochEnd?.Invoke(record);
        }
        return History;
    }

    /// <summary>Mean loss and accuracy of the model on <paramref name="batches"/> (eval mode, no_grad).</summary>
    public (double Loss, double Accuracy) Evaluate(IEnumerable<(Tensor x, Tensor y)> batches)
    {
        var r = EvaluateEpoch(Batches.Wrap(batches), EpochsDone + 1);
        return (r.Loss, r.Accuracy);
    }

    internal void RestoreHistory(History history) => History = history;

    private void WriteLine(string line)
    {
        if (Rank == 0) (Options.Log ?? Console.Out).WriteLine(line);   // data-parallel: rank 0 speaks for all
    }

    private Tensor OnDevice(Tensor t)
    {
        var d = t.device;
        if (d.type == Device.type && (d.type == DeviceType.CPU || Math.Max(d.index, 0) == Math.Max(Device.index, 0))) return t;
        return t.to(Device, non_blocking: Device.type == DeviceType.CUDA);
    }

    private void Sync() { if (Device.type == DeviceType.CUDA) torch.cuda.synchronize(); }

    /// <summary>Releases the optimizer state (the model stays usable).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Optimizer.Dispose();
    }
}
