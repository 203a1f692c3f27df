namespace Course;

/// <summary>Which optimizer the trainer creates.</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent (optionally with momentum and weight decay).</summary>
    Sgd,
    /// <summary>Adam.</summary>
    Adam,
}

/// <summary>Learning-rate schedule, stepped once per epoch.</summary>
public enum LrSchedule
{
    /// <summary>Constant learning rate.</summary>
    None,
    /// <summary>Multiply by <see cref="TrainerOptions.Gamma"/> every <see cref="TrainerOptions.StepSize"/> epochs.</summary>
    Step,
    /// <summary>Cosine annealing to <see cref="TrainerOptions.MinLearningRate"/> over the run's epochs.</summary>
    Cosine,
}

/// <summary>Settings of a <see cref="Trainer"/>. The defaults are d2l's <c>train_ch6</c> (SGD, cross-entropy, CPU/GPU auto).</summary>
public sealed class TrainerOptions
{
    /// <summary>Number of epochs (default 10).</summary>
    public int Epochs { get; set; } = 10;
    /// <summary>Initial learning rate (default 0.1).</summary>
    public double LearningRate { get; set; } = 0.1;
    /// <summary>Optimizer (default SGD).</summary>
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Sgd;
    /// <summary>SGD momentum (default 0).</summary>
    public double Momentum { get; set; }
    /// <summary>L2 weight decay (default 0).</summary>
    public double WeightDecay { get; set; }
    /// <summary>Learning-rate schedule (default none).</summary>
    public LrSchedule Schedule { get; set; } = LrSchedule.None;
    /// <summary>Step schedule period in epochs (default 10).</summary>
    public int StepSize { get; set; } = 10;
    /// <summary>Step schedule factor (default 0.1).</summary>
    public double Gamma { get; set; } = 0.1;
    /// <summary>Cosine schedule floor (default 0).</summary>
    public double MinLearningRate { get; set; }
    /// <summary>Clip the global gradient norm to this value before each step (null: no clipping).</summary>
    public double? ClipGradNorm { get; set; }
    /// <summary>Device: "auto" (CUDA when available, else CPU), "cpu", "cuda" or "cuda:N" (default auto).</summary>
    public string Device { get; set; } = "auto";
    /// <summary>
    /// Seed: torch.manual_seed(seed) before weight initialisation and torch.manual_seed(seed + epoch) at the start of each
    /// epoch (so a resumed run draws the same dropout masks). Null: no seeding.
    /// </summary>
    public int? Seed { get; set; }
    /// <summary>Weight initialisation applied before training (default none; d2l's LeNet uses Xavier).</summary>
    public WeightInit Init { get; set; } = WeightInit.None;
    /// <summary>Print the course slides' batch log line ([Ding]: <c>loss: 2.309355 [   64/60000]</c>) every N batches (0: never).</summary>
    public int LogEvery { get; set; }
    /// <summary>
    /// On a CPU, run libtorch on one thread while another process keeps the cores busy, and on all again when they are
    /// free (<see cref="CoreShare"/>; default true). Off: the thread count never changes during training.
    /// </summary>
    public bool ShareCores { get; set; } = true;
    /// <summary>
    /// Data-parallel training when a torch.distributed default group of more than one rank exists (default true): the
    /// model is wrapped in <c>DistributedDataParallel</c> (gradients averaged over the ranks in backward), the epoch's
    /// metrics are summed over the ranks, and only rank 0 prints and writes checkpoints. Each rank's loaders need a
    /// <c>DistributedSampler</c> (its share of the data).
    /// </summary>
    public bool DataParallel { get; set; } = true;
    /// <summary>Print one d2l-style line per epoch to <see cref="Log"/> (default true).</summary>
    public bool PrintEpochs { get; set; } = true;
    /// <summary>Where log lines go (default: Console.Out at the time of writing).</summary>
    public TextWriter? Log { get; set; }
    /// <summary>Intra-epoch progress points per epoch (d2l's animator: 5).</summary>
    public int PointsPerEpoch { get; set; } = 5;
    /// <summary>Folder for per-epoch checkpoints (null: none). A run resumes from the checkpoint found there.</summary>
    public string? CheckpointDir { get; set; }
    /// <summary>Resume from <see cref="CheckpointDir"/> when it holds a checkpoint (default true).</summary>
    public bool Resume { get; set; } = true;

    /// <summary>Checks the values; throws an <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (Epochs < 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, $"epochs must be >= 0, got {Epochs}");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"learning rate must be positive, got {LearningRate}");
        if (Momentum < 0) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, $"momentum must be >= 0, got {Momentum}");
        if (WeightDecay < 0) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, $"weight decay must be >= 0, got {WeightDecay}");
        if (StepSize <= 0) throw new ArgumentOutOfRangeException(nameof(StepSize), StepSize, $"step size must be positive, got {StepSize}");
        if (ClipGradNorm is { } c && !(c > 0)) throw new ArgumentOutOfRangeException(nameof(ClipGradNorm), c, $"gradient clipping norm must be positive, got {c}");
        if (LogEvery < 0) throw new ArgumentOutOfRangeException(nameof(LogEvery), LogEvery, $"log interval must be >= 0, got {LogEvery}");
        if (PointsPerEpoch < 0) throw new ArgumentOutOfRangeException(nameof(PointsPerEpoch), PointsPerEpoch, $"points per epoch must be >= 0, got {PointsPerEpoch}");
    }

    /// <summary>
    /// The trainer's options for a model's registered settings (<see cref="Course.Models.TrainingSettings"/>), the source
    /// that notebooks and <c>course train</c> share: epochs, learning rate, optimizer, momentum, weight decay, schedule,
    /// initialisation and seed. Device and logging stay at their defaults.
    /// </summary>
    public static TrainerOptions From(Course.Models.TrainingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new TrainerOptions
        {
            Epochs = settings.Epochs,
            LearningRate = settings.LearningRate,
            Optimizer = ParseOptimizer(settings.Optimizer),
            Momentum = settings.Momentum,
            WeightDecay = settings.WeightDecay,
            Schedule = ParseSchedule(settings.Schedule),
            Init = ParseInit(settings.Init),
            Seed = settings.Seed,
        };
    }

    /// <summary>Parses a weight initialisation name: xavier or none.</summary>
    public static WeightInit ParseInit(string name) => name.Trim().ToLowerInvariant() switch
    {
        "xavier" => WeightInit.Xavier,
        "none" or "default" => WeightInit.None,
        var other => throw new ArgumentException($"unknown weight initialisation '{other}': expected xavier or none"),
    };

    /// <summary>Parses an optimizer name: sgd or adam.</summary>
    public static OptimizerKind ParseOptimizer(string name) => name.Trim().ToLowerInvariant() switch
    {
        "sgd" => OptimizerKind.Sgd,
        "adam" => OptimizerKind.Adam,
        _ => throw new ArgumentException($"unknown optimizer '{name}': expected sgd or adam"),
    };

    /// <summary>Parses a schedule name: none, step or cosine.</summary>
    public static LrSchedule ParseSchedule(string name) => name.Trim().ToLowerInvariant() switch
    {
        "none" or "" => LrSchedule.None,
        "step" => LrSchedule.Step,
        "cosine" => LrSchedule.Cosine,
        _ => throw new ArgumentException($"unknown LR schedule '{name}': expected none, step or cosine"),
    };
}
