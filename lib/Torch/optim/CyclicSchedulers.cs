namespace TorchSharp;

public static partial class torch
{
    public static partial class optim
    {
        public static partial class lr_scheduler
        {
            public static partial class impl
            {
                /// <summary>
                /// Cuts the learning rates by <c>factor</c> when the metric passed to <see cref="step(double, int?)"/> has not
                /// improved for more than <c>patience</c> epochs (PyTorch 1.13's rules for mode, threshold and cooldown).
                /// </summary>
                public class ReduceLROnPlateau : LRScheduler
                {
                    private readonly bool _max, _relative;
                    private readonly double _factor, _threshold, _eps;
                    private readonly int _patience, _cooldown;
                    private readonly List<double> _min_lrs;
                    private double _best;
                    private int _num_bad_epochs, _cooldown_counter;

                    /// <summary>Watches a metric to minimise (<paramref name="mode"/> "min") or maximise ("max").</summary>
                    /// <param name="optimizer">The optimizer whose rates are cut.</param>
                    /// <param name="mode">"min" or "max".</param>
                    /// <param name="factor">New rate = rate · factor (below 1).</param>
                    /// <param name="patience">Epochs without improvement tolerated.</param>
                    /// <param name="threshold">Least change that counts as an improvement.</param>
                    /// <param name="threshold_mode">"rel" (relative to the best value) or "abs".</param>
                    /// <param name="cooldown">Epochs to wait after a cut before counting again.</param>
                    /// <param name="min_lr">Lower bound of the rates: none, one for all groups, or one per group.</param>
                    /// <param name="eps">Cuts smaller than this are skipped.</param>
                    /// <param name="verbose">Print each cut.</param>
                    public ReduceLROnPlateau(Optimizer optimizer, string mode = "min", double factor = 0.1, int patience = 10, double threshold = 1e-4,
                        string threshold_mode = "rel", int cooldown = 0, IList<double>? min_lr = null, double eps = 1e-8, bool verbose = false)
                        : base(optimizer, 0, verbose)
                    {
                        if (!(factor < 1.0)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "Factor should be < 1.0.");
                        if (mode is not ("min" or "max")) throw new ArgumentException($"mode {mode} is unknown! (expected \"min\" or \"max\")", nameof(mode));
                        if (threshold_mode is not ("rel" or "abs")) throw new ArgumentException($"threshold mode {threshold_mode} is unknown! (expected \"rel\" or \"abs\")", nameof(threshold_mode));
                        int groups = optimizer.ParamGroups.Count();
                        _min_lrs = min_lr is null || min_lr.Count == 0 ? Enumerable.Repeat(0.0, groups).ToList()
                            : min_lr.Count == 1 ? Enumerable.Repeat(min_lr[0], groups).ToList()
                            : PerGroup(min_lr, nameof(min_lr));
                        (_max, _relative, _factor, _patience, _threshold, _cooldown, _eps) = (mode == "max", threshold_mode == "rel", factor, patience, threshold, cooldown, eps);
                        _best = _max ? double.NegativeInfinity : double.PositiveInfinity;
                    }

                    /// <summary>Records the epoch's <paramref name="current"/> metric and cuts the rates after too many epochs without improvement.</summary>
                    public override void step(double current, int? epoch = null)
                    {
                        _last_epoch = epoch ?? _last_epoch + 1;
                        if (IsBetter(current)) { _best = current; _num_bad_epochs = 0; }
                        else _num_bad_epochs++;
                        if (_cooldown_counter > 0) { _cooldown_counter--; _num_bad_epochs = 0; }
                        if (_num_bad_epochs > _patience)
                        {
                            ReduceLr();
                            _cooldown_counter = _cooldown;
                            _num_bad_epochs = 0;
                        }
                        _last_lrs = CurrentLrs.ToList();
                    }

                    /// <summary>Not supported: ReduceLROnPlateau needs the metric (<c>step(metric)</c>).</summary>
                    public override void step() =>
                        throw new InvalidOperationException("step() should not be used with the ReduceLROnPlateau scheduler. Use step(double, int?), instead.");

                    /// <summary>Not supported: ReduceLROnPlateau needs the metric (<c>step(metric, epoch)</c>).</summary>
                    public override void step(int? epoch) =>
                        throw new InvalidOperationException("step(int?) should not be used with the ReduceLROnPlateau scheduler. Use step(double, int?), instead.");

                    private bool IsBetter(double a) => (_max, _relative) switch
                    {
                        (false, true) => a < _best * (1 - _threshold),
                        (false, false) => a < _best - _threshold,
                        (true, true) => a > _best * (_threshold + 1),
                        (true, false) => a > _best + _threshold,
                    };

                    private void ReduceLr()
                    {
                        int i = 0;
                        foreach (var g in _optimizer.ParamGroups)
                        {
                            double old_lr = g.LearningRate, new_lr = Math.Max(old_lr * _factor, _min_lrs[i]);
                            if (old_lr - new_lr > _eps)
                            {
                                g.LearningRate = new_lr;
                                if (_verbose) Console.WriteLine($"Epoch {_last_epoch:D5}: reducing learning rate of group {i} to {new_lr:0.0000e+00}.");
                            }
                            i++;
                        }
                    }
                }

                /// <summary>
                /// Cyclical learning rates (Smith, 2017): each group's rate goes between its base and maximum rate in cycles
                /// of step_size_up + step_size_down steps, with the amplitude scaled per cycle or per iteration; the momentum,
                /// when cycled, moves the opposite way. Stepped once per batch.
                /// </summary>
                public class CyclicLR : LRScheduler
                {
                    /// <summary>The amplitude policy.</summary>
                    public enum Mode
                    {
                        /// <summary>Constant amplitude.</summary>
                        Triangular,
                        /// <summary>Amplitude halved every cycle.</summary>
                        Triangular2,
                        /// <summary>Amplitude scaled by gamma^iteration.</summary>
                        ExpRange,
                    }

                    /// <summary>What a custom scale function is evaluated on.</summary>
                    public enum ScaleMode
                    {
                        /// <summary>The cycle number.</summary>
                        Cycle,
                        /// <summary>The iteration (step) number.</summary>
                        Iterations,
                    }

                    private readonly List<double> _max_lrs;
                    private readonly double _total_size, _step_ratio;
                    private readonly Func<double, double> _scale_fn;
                    private readonly ScaleMode _scale_mode;
                    private readonly List<double>? _base_momentums, _max_momentums;

                    /// <summary>One base and maximum rate (and momentum) for all groups.</summary>
                    public CyclicLR(Optimizer optimizer, double base_lr, double max_lr, int step_size_up = 2000, int step_size_down = -1, Mode mode = Mode.Triangular,
                        double gamma = 1.0, Func<double, double>? scale_fn = null, ScaleMode scale_mode = ScaleMode.Cycle, bool cycle_momentum = true,
                        double base_momentum = 0.8, double max_momentum = 0.9, int last_epoch = -1, bool verbose = false)
                        : this(optimizer, Repeat(optimizer, base_lr), Repeat(optimizer, max_lr), step_size_up, step_size_down, mode, gamma, scale_fn, scale_mode,
                            cycle_momentum, Repeat(optimizer, base_momentum), Repeat(optimizer, max_momentum), last_epoch, verbose) { }

                    /// <summary>Base and maximum rates (and momenta) per group.</summary>
                    public CyclicLR(Optimizer optimizer, IEnumerable<double> base_lr, IEnumerable<double> max_lr, int step_size_up = 2000, int step_size_down = -1,
                        Mode mode = Mode.Triangular, double gamma = 1.0, Func<double, double>? scale_fn = null, ScaleMode scale_mode = ScaleMode.Cycle,
                        bool cycle_momentum = true, IEnumerable<double>? base_momentum = null, IEnumerable<double>? max_momentum = null, int last_epoch = -1,
                        bool verbose = false)
                        : base(optimizer, last_epoch, verbose)
                    {
                        var base_lrs = PerGroup(base_lr, nameof(base_lr));
                        _max_lrs = PerGroup(max_lr, nameof(max_lr));
                        var groups = optimizer.ParamGroups.ToList();
                        if (last_epoch == -1)
                            for (int i = 0; i < groups.Count; i++) groups[i].LearningRate = base_lrs[i];
                        if (step_size_up <= 0) throw new ArgumentOutOfRangeException(nameof(step_size_up), step_size_up, "step_size_up must be positive");
                        double up = step_size_up, down = step_size_down == -1 ? up : step_size_down;
                        if (!(down > 0)) throw new ArgumentOutOfRangeException(nameof(step_size_down), step_size_down, "step_size_down must be positive (or -1: as step_size_up)");
                        _total_size = up + down;
                        _step_ratio = up / _total_size;
                        _scale_fn = scale_fn ?? mode switch
                        {
                            Mode.Triangular => x => 1.0,
                            Mode.Triangular2 => x => 1 / Math.Pow(2.0, x - 1),
                            Mode.ExpRange => x => Math.Pow(gamma, x),
                            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown CyclicLR mode"),
                        };
                        _scale_mode = scale_fn is not null ? scale_mode : mode == Mode.ExpRange ? ScaleMode.Iterations : ScaleMode.Cycle;
                        if (cycle_momentum)
                        {
                            if (optimizer is not IMomentum)
                                throw new ArgumentException($"optimizer must support momentum with `cycle_momentum` option enabled ({optimizer.GetType().Name} has none)", nameof(cycle_momentum));
                            var base_m = PerGroup(base_momentum ?? Repeat(optimizer, 0.8), nameof(base_momentum));
                            if (last_epoch == -1)
                                for (int i = 0; i < groups.Count; i++) Momentum(groups[i]).Momentum = base_m[i];
                            _base_momentums = groups.Select(g => Momentum(g).Momentum).ToList();
                            _max_momentums = PerGroup(max_momentum ?? Repeat(optimizer, 0.9), nameof(max_momentum));
                        }
                        _base_lrs = base_lrs;
                        step();
                    }

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_lr()
                    {
                        double cycle = Math.Floor(1 + _last_epoch / _total_size);
                        double x = 1.0 + _last_epoch / _total_size - cycle;
                        double scale_factor = x <= _step_ratio ? x / _step_ratio : (x - 1) / (_step_ratio - 1);
                        double scale = _scale_fn(_scale_mode == ScaleMode.Cycle ? cycle : _last_epoch);
                        var lrs = _base_lrs.Select((b, i) => b + (_max_lrs[i] - b) * scale_factor * scale).ToList();
                        if (_base_momentums is not null && _max_momentums is not null)
                        {
                            int i = 0;
                            foreach (var g in _optimizer.ParamGroups)
                            {
                                Momentum(g).Momentum = _max_momentums[i] - (_max_momentums[i] - _base_momentums[i]) * scale_factor * scale;
                                i++;
                            }
                        }
                        return lrs;
                    }

                    private static IMomentum Momentum(ILearningRateController group) => group as IMomentum
                        ?? throw new InvalidOperationException($"CyclicLR cycles the momentum, but the parameter group ({group.GetType().Name}) has none");
                }

                /// <summary>
                /// The 1cycle policy (Smith and Topin, 2017): the rate rises from max_lr/div_factor to max_lr over the first
                /// pct_start of total_steps, then anneals to max_lr/(div_factor·final_div_factor) (three_phase: back to the
                /// start first); the momentum (or Adam's beta1) moves the opposite way. Stepped once per batch.
                /// </summary>
                public class OneCycleLR : LRScheduler
                {
                    /// <summary>How the rate moves within a phase.</summary>
                    public enum AnnealStrategy
                    {
                        /// <summary>Cosine annealing.</summary>
                        Cos,
                        /// <summary>Linear annealing.</summary>
                        Linear,
                    }

                    private sealed record Phase(double EndStep, double[] StartLr, double[] EndLr, double[]? StartMomentum, double[]? EndMomentum);

                    private readonly int _total_steps;
                    private readonly Phase[] _phases;
                    private readonly Func<double, double, double, double> _anneal;
                    private readonly bool _use_beta1, _cycle_momentum;

                    /// <summary>One maximum rate (and momentum bounds) for all groups.</summary>
                    public OneCycleLR(Optimizer optimizer, double max_lr, int total_steps = -1, int epochs = -1, int steps_per_epoch = -1, double pct_start = 0.3,
                        AnnealStrategy anneal_strategy = AnnealStrategy.Cos, bool cycle_momentum = true, double base_momentum = 0.85, double max_momentum = 0.95,
                        double div_factor = 25, double final_div_factor = 1e4, bool three_phase = false, int last_epoch = -1, bool verbose = false)
                        : this(optimizer, Repeat(optimizer, max_lr), total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, cycle_momentum,
                            Repeat(optimizer, base_momentum), Repeat(optimizer, max_momentum), div_factor, final_div_factor, three_phase, last_epoch, verbose) { }

                    /// <summary>Maximum rates (and momentum bounds) per group.</summary>
                    public OneCycleLR(Optimizer optimizer, IEnumerable<double> max_lr, int total_steps = -1, int epochs = -1, int steps_per_epoch = -1,
                        double pct_start = 0.3, AnnealStrategy anneal_strategy = AnnealStrategy.Cos, bool cycle_momentum = true,
                        IEnumerable<double>? base_momentum = null, IEnumerable<double>? max_momentum = null, double div_factor = 25, double final_div_factor = 1e4,
                        bool three_phase = false, int last_epoch = -1, bool verbose = false)
                        : base(optimizer, last_epoch, verbose)
                    {
                        if (total_steps == -1 && epochs == -1 && steps_per_epoch == -1)
                            throw new ArgumentException("You must define either total_steps OR (epochs AND steps_per_epoch)", nameof(total_steps));
                        if (total_steps != -1)
                        {
                            if (total_steps <= 0) throw new ArgumentOutOfRangeException(nameof(total_steps), total_steps, $"Expected positive integer total_steps, but got {total_steps}");
                            _total_steps = total_steps;
                        }
                        else
                        {
                            if (epochs <= 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, $"Expected positive integer epochs, but got {epochs}");
                            if (steps_per_epoch <= 0) throw new ArgumentOutOfRangeException(nameof(steps_per_epoch), steps_per_epoch, $"Expected positive integer steps_per_epoch, but got {steps_per_epoch}");
                            _total_steps = epochs * steps_per_epoch;
                        }
                        if (!(pct_start >= 0 && pct_start <= 1)) throw new ArgumentOutOfRangeException(nameof(pct_start), pct_start, $"Expected float between 0 and 1 pct_start, but got {pct_start}");
                        _anneal = anneal_strategy switch
                        {
                            AnnealStrategy.Cos => (start, end, pct) => end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1),
                            AnnealStrategy.Linear => (start, end, pct) => (end - start) * pct + start,
                            _ => throw new ArgumentOutOfRangeException(nameof(anneal_strategy), anneal_strategy, "unknown anneal strategy"),
                        };

                        var groups = optimizer.ParamGroups.ToList();
                        var max = PerGroup(max_lr, nameof(max_lr)).ToArray();
                        var initial = max.Select(m => m / div_factor).ToArray();
                        var min = initial.Select(i => i / final_div_factor).ToArray();
                        double[]? maxM = null, baseM = null;
                        _cycle_momentum = cycle_momentum;
                        if (cycle_momentum)
                        {
                            if (optimizer is not (IMomentum or IBetas))
                                throw new ArgumentException($"optimizer must support momentum with `cycle_momentum` option enabled ({optimizer.GetType().Name} has none)", nameof(cycle_momentum));
                            _use_beta1 = optimizer is IBetas;
                            maxM = PerGroup(max_momentum ?? Repeat(optimizer, 0.95), nameof(max_momentum)).ToArray();
                            baseM = PerGroup(base_momentum ?? Repeat(optimizer, 0.85), nameof(base_momentum)).ToArray();
                        }
                        if (last_epoch == -1)
                            for (int i = 0; i < groups.Count; i++)
                            {
                                groups[i].InitialLearningRate = initial[i];
                                if (maxM is not null) SetMomentum(groups[i], maxM[i]);
                            }
                        double n = _total_steps;
                        _phases = three_phase
                            ? new[]
                            {
                                new Phase(pct_start * n - 1, initial, max, maxM, baseM),
                                new Phase(2 * pct_start * n - 2, max, initial, baseM, maxM),
                                new Phase(n - 1, initial, min, maxM, maxM),
                            }
                            : new[]
                            {
                                new Phase(pct_start * n - 1, initial, max, maxM, baseM),
                                new Phase(n - 1, max, min, baseM, maxM),
                            };
                        _base_lrs = initial.ToList();
                        step();
                    }

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_lr()
                    {
                        int step_num = _last_epoch;
                        if (step_num > _total_steps)
                            throw new InvalidOperationException($"Tried to step {step_num + 1} times. The specified number of total steps is {_total_steps}");
                        var lrs = new List<double>();
                        int i = 0;
                        foreach (var g in _optimizer.ParamGroups)
                        {
                            double start_step = 0, lr = 0;
                            for (int k = 0; k < _phases.Length; k++)
                            {
                                var phase = _phases[k];
                                if (step_num <= phase.EndStep || k == _phases.Length - 1)
                                {
                                    double pct = (step_num - start_step) / (phase.EndStep - start_step);
                                    lr = _anneal(phase.StartLr[i], phase.EndLr[i], pct);
                                    if (_cycle_momentum) SetMomentum(g, _anneal(phase.StartMomentum![i], phase.EndMomentum![i], pct));
                                    break;
                                }
                                start_step = phase.EndStep;
                            }
                            lrs.Add(lr);
                            i++;
                        }
                        return lrs;
                    }

                    private void SetMomentum(ILearningRateController group, double momentum)
                    {
                        if (_use_beta1 && group is IBetas b) b.Betas = (momentum, b.Betas.Item2);
                        else if (!_use_beta1 && group is IMomentum m) m.Momentum = momentum;
                        else throw new InvalidOperationException($"OneCycleLR cycles the momentum, but the parameter group ({group.GetType().Name}) has none");
                    }
                }

                /// <summary><paramref name="value"/> once per parameter group of <paramref name="optimizer"/>.</summary>
                private static IEnumerable<double> Repeat(Optimizer optimizer, double value) =>
                    Enumerable.Repeat(value, (optimizer ?? throw new ArgumentNullException(nameof(optimizer))).ParamGroups.Count());
            }
        }
    }
}
