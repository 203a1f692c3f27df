namespace TorchSharp;

public static partial class torch
{
    public static partial class optim
    {
        public static partial class lr_scheduler
        {
            /// <summary>The scheduler classes (the factories of <see cref="lr_scheduler"/> create them).</summary>
            public static partial class impl
            {
                /// <summary>lr = initial lr · lr_lambda(epoch), one function per group.</summary>
                public class LambdaLR : LRScheduler
                {
                    private readonly List<Func<int, double>> _lr_lambdas;

                    /// <summary>One function for all groups.</summary>
                    public LambdaLR(Optimizer optimizer, Func<int, double> lr_lambda, int last_epoch = -1, bool verbose = false)
                        : this(optimizer, Enumerable.Repeat(lr_lambda ?? throw new ArgumentNullException(nameof(lr_lambda)), optimizer?.ParamGroups.Count() ?? 0), last_epoch, verbose) { }

                    /// <summary>One function per group.</summary>
                    public LambdaLR(Optimizer optimizer, IEnumerable<Func<int, double>> lr_lambdas, int last_epoch = -1, bool verbose = false)
                        : base(optimizer, last_epoch, verbose)
                    {
                        _lr_lambdas = PerGroup(lr_lambdas, nameof(lr_lambdas));
                        step();
                    }

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_lr() => _base_lrs.Select((lr, i) => lr * _lr_lambdas[i](_last_epoch));
                }

                /// <summary>lr ← lr · lr_lambda(epoch) every epoch after the first, one function per group.</summary>
                public class MultiplicativeLR : LRScheduler
                {
                    private readonly List<Func<int, double>> _lr_lambdas;

                    /// <summary>One function per group.</summary>
                    public MultiplicativeLR(Optimizer optimizer, IEnumerable<Func<int, double>> lr_lambdas, int last_epoch = -1, bool verbose = false)
                        : base(optimizer, last_epoch, verbose)
                    {
                        _lr_lambdas = PerGroup(lr_lambdas, nameof(lr_lambdas));
                        step();
                    }

                    /// <summary>One function for all groups.</summary>
                    public MultiplicativeLR(Optimizer optimizer, Func<int, double> lr_lambda, int last_epoch = -1, bool verbose = false)
                        : this(optimizer, Enumerable.Repeat(lr_lambda ?? throw new ArgumentNullException(nameof(lr_lambda)), optimizer?.ParamGroups.Count() ?? 0), last_epoch, verbose) { }

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_lr() =>
                        _last_epoch > 0 ? CurrentLrs.Select((lr, i) => lr * _lr_lambdas[i](_last_epoch)) : CurrentLrs;
                }

                /// <summary>lr ← lr·γ whenever the epoch is a multiple of step_size.</summary>
                public class StepLR : LRScheduler
                {
                    private readonly int _step_size;
                    private readonly double _gamma;

                    /// <summary>Decays by <paramref name="gamma"/> every <paramref name="step_size"/> epochs.</summary>
                    public StepLR(Optimizer optimizer, int step_size, double gamma = 0.1, int last_epoch = -1, bool verbose = false)
                        : base(optimizer, last_epoch, verbose)
                    {
                        if (step_size <= 0) throw new ArgumentOutOfRangeException(nameof(step_size), step_size, $"step_size must be positive, got {step_size}.");
                        _step_size = step_size;
                        _gamma = gamma;
                        step();
                    }

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_lr() =>
                        _last_epoch == 0 || _last_epoch % _step_size != 0 ? CurrentLrs : CurrentLrs.Select(lr => lr * _gamma);

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_closed_form_lr() =>
                        _base_lrs.Select(lr => lr * Math.Pow(_gamma, Math.Floor((double)_last_epoch / _step_size)));
                }

                /// <summary>lr ← lr·γ at each milestone epoch (a milestone listed twice decays twice).</summary>
                public class MultiStepLR : LRScheduler
                {
                    private readonly int[] _milestones;
                    private readonly double _gamma;

                    /// <summary>Decays by <paramref name="gamma"/> at each of <paramref name="milestones"/>.</summary>
                    public MultiStepLR(Optimizer optimizer, IList<int> milestones, double gamma = 0.1, int last_epoch = -1, bool verbose = false)
                        : base(optimizer, last_epoch, verbose)
                    {
                        _milestones = (milestones ?? throw new ArgumentNullException(nameof(milestones))).Order().ToArray();
                        _gamma = gamma;
                        step();
                    }

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_lr()
                    {
                        int hits = _milestones.Count(m => m == _last_epoch);
                        return hits == 0 ? CurrentLrs : CurrentLrs.Select(lr => lr * Math.Pow(_gamma, hits));
                    }

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_closed_form_lr() =>
                        _base_lrs.Select(lr => lr * Math.Pow(_gamma, _milestones.Count(m => m <= _last_epoch)));
                }

                /// <summary>lr = initial lr · (1 − epoch/total_iters)^power until total_iters, then 0.</summary>
                public class PolynomialLR : LRScheduler
                {
                    private readonly double _total_iters;
                    private readonly double _power;

                    /// <summary>Decays over <paramref name="total_iters"/> epochs.</summary>
                    public PolynomialLR(Optimizer optimizer, int total_iters = 5, double power = 1.0, int last_epoch = -1, bool verbose = false)
                        : base(optimizer, last_epoch, verbose)
                    {
                        if (total_iters <= 0) throw new ArgumentOutOfRangeException(nameof(total_iters), total_iters, $"total_iters must be positive, got {total_iters}.");
                        _total_iters = total_iters;
                        _power = power;
                        step();
                    }

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_lr()
                    {
                        if (_last_epoch == 0 || _last_epoch > _total_iters) return CurrentLrs;
                        double decay = Math.Pow((1.0 - _last_epoch / _total_iters) / (1.0 - (_last_epoch - 1) / _total_iters), _power);
                        return CurrentLrs.Select(lr => lr * decay);
                    }

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_closed_form_lr() =>
                        _base_lrs.Select(lr => lr * Math.Pow(1.0 - Math.Min(_total_iters, _last_epoch) / _total_iters, _power));
                }

                /// <summary>lr ← lr·γ every epoch.</summary>
                public class ExponentialLR : LRScheduler
                {
                    private readonly double _gamma;

                    /// <summary>Decays by <paramref name="gamma"/> every epoch.</summary>
                    public ExponentialLR(Optimizer optimizer, double gamma = 0.1, int last_epoch = -1, bool verbose = false)
                        : base(optimizer, last_epoch, verbose)
                    {
                        _gamma = gamma;
                        step();
                    }

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_lr() => _last_epoch == 0 ? CurrentLrs : CurrentLrs.Select(lr => lr * _gamma);

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_closed_form_lr() => _base_lrs.Select(lr => lr * Math.Pow(_gamma, _last_epoch));
                }

                /// <summary>lr = initial lr · factor until epoch total_iters, then the initial lr.</summary>
                public class ConstantLR : LRScheduler
                {
                    private readonly double _factor;
                    private readonly int _total_iters;

                    /// <summary>Scales by <paramref name="factor"/> (0..1) for <paramref name="total_iters"/> epochs.</summary>
                    public ConstantLR(Optimizer optimizer, double factor = 1.0 / 3, int total_iters = 5, int last_epoch = -1, bool verbose = false)
                        : base(optimizer, last_epoch, verbose)
                    {
                        if (!(factor >= 0 && factor <= 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "Constant multiplicative factor expected to be between 0 and 1.");
                        _factor = factor;
                        _total_iters = total_iters;
                        step();
                    }

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_lr() =>
                        _last_epoch == 0 ? CurrentLrs.Select(lr => lr * _factor)
                        : _last_epoch == _total_iters ? CurrentLrs.Select(lr => lr * (1.0 / _factor))
                        : CurrentLrs;

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_closed_form_lr() =>
                        _base_lrs.Select(lr => lr * (_factor + (_last_epoch >= _total_iters ? 1 - _factor : 0)));
                }

                /// <summary>lr = initial lr · a factor going linearly from start_factor to end_factor over total_iters epochs.</summary>
                public class LinearLR : LRScheduler
                {
                    private readonly double _start_factor, _end_factor;
                    private readonly int _total_iters;

                    /// <summary>Scales from <paramref name="start_factor"/> to <paramref name="end_factor"/> (both 0..1).</summary>
                    public LinearLR(Optimizer optimizer, double start_factor = 1.0 / 3, double end_factor = 1.0, int total_iters = 5, int last_epoch = -1, bool verbose = false)
                        : base(optimizer, last_epoch, verbose)
                    {
                        if (!(start_factor > 0 && start_factor <= 1)) throw new ArgumentOutOfRangeException(nameof(start_factor), start_factor, "Starting multiplicative factor expected to be greater than 0 and at most 1.");
                        if (!(end_factor >= 0 && end_factor <= 1)) throw new ArgumentOutOfRangeException(nameof(end_factor), end_factor, "Ending multiplicative factor expected to be between 0 and 1.");
                        if (total_iters <= 0) throw new ArgumentOutOfRangeException(nameof(total_iters), total_iters, $"total_iters must be positive, got {total_iters}.");
                        _start_factor = start_factor;
                        _end_factor = end_factor;
                        _total_iters = total_iters;
                        step();
                    }

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_lr()
                    {
                        if (_last_epoch == 0) return CurrentLrs.Select(lr => lr * _start_factor);
                        if (_last_epoch > _total_iters) return CurrentLrs;
                        double change = _end_factor - _start_factor;
                        double factor = 1.0 + change / (_total_iters * _start_factor + (_last_epoch - 1) * change);
                        return CurrentLrs.Select(lr => lr * factor);
                    }

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_closed_form_lr() =>
                        _base_lrs.Select(lr => lr * (_start_factor + (_end_factor - _start_factor) * Math.Min(_total_iters, _last_epoch) / _total_iters));
                }

                /// <summary>Cosine annealing: η = η_min + (η₀ − η_min)(1 + cos(π·epoch/T_max))/2, computed recursively as PyTorch does.</summary>
                public class CosineAnnealingLR : LRScheduler
                {
                    private readonly double _T_max;
                    private readonly double _eta_min;

                    /// <summary>Anneals to <paramref name="eta_min"/> over <paramref name="T_max"/> epochs.</summary>
                    public CosineAnnealingLR(Optimizer optimizer, double T_max, double eta_min = 0, int last_epoch = -1, bool verbose = false)
                        : base(optimizer, last_epoch, verbose)
                    {
                        if (!(T_max > 0)) throw new ArgumentOutOfRangeException(nameof(T_max), T_max, $"T_max must be positive, got {T_max}.");
                        _T_max = T_max;
                        _eta_min = eta_min;
                        step();
                    }

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_lr()
                    {
                        if (_last_epoch == 0) return CurrentLrs;
                        if (_step_count == 1 && _last_epoch > 0) return get_closed_form_lr();
                        if ((_last_epoch - 1 - _T_max) % (2 * _T_max) == 0)
                            return CurrentLrs.Select((lr, i) => lr + (_base_lrs[i] - _eta_min) * (1 - Math.Cos(Math.PI / _T_max)) / 2);
                        return CurrentLrs.Select(lr => (1 + Math.Cos(Math.PI * _last_epoch / _T_max)) / (1 + Math.Cos(Math.PI * (_last_epoch - 1) / _T_max))
                            * (lr - _eta_min) + _eta_min);
                    }

                    /// <inheritdoc/>
                    protected override IEnumerable<double> get_closed_form_lr() =>
                        _base_lrs.Select(lr => _eta_min + (lr - _eta_min) * (1 + Math.Cos(Math.PI * _last_epoch / _T_max)) / 2);
                }

                /// <summary>Runs schedulers one after another: the k-th from milestone k−1 on (restarting at its epoch 0).</summary>
                public class SequentialLR : LRScheduler
                {
                    private readonly LRScheduler[] _schedulers;
                    private readonly int[] _milestones;

                    /// <summary>Runs <paramref name="schedulers"/> (all of <paramref name="optimizer"/>), switching at <paramref name="milestones"/> (one fewer).</summary>
                    public SequentialLR(Optimizer optimizer, IEnumerable<LRScheduler> schedulers, IEnumerable<int> milestones, int last_epoch = -1)
                        : base(optimizer, last_epoch + 1, false)
                    {
                        _schedulers = (schedulers ?? throw new ArgumentNullException(nameof(schedulers))).ToArray();
                        _milestones = (milestones ?? throw new ArgumentNullException(nameof(milestones))).ToArray();
                        for (int i = 0; i < _schedulers.Length; i++)
                            if (!ReferenceEquals(_schedulers[i]._optimizer, optimizer))
                                throw new ArgumentException($"SequentialLR expects all schedulers to belong to the same optimizer, but scheduler {i} has another one.", nameof(schedulers));
                        if (_milestones.Length != _schedulers.Length - 1)
                            throw new ArgumentException($"SequentialLR expects one milestone fewer than schedulers, got {_schedulers.Length} schedulers and {_milestones.Length} milestones.", nameof(milestones));
                        foreach (var g in optimizer.ParamGroups) g.LearningRate = g.InitialLearningRate;
                        foreach (var s in _schedulers) s._last_epoch -= 1;
                        _schedulers[0].InitialStep();
                        _last_lrs = _schedulers[0]._last_lrs;
                    }

                    /// <summary>Advances one epoch, in the scheduler whose interval holds it.</summary>
                    public override void step(int? epoch)
                    {
                        if (epoch.HasValue) throw new NotSupportedException("SequentialLR steps one epoch at a time: call step().");
                        _last_epoch++;
                        int idx = _milestones.Count(m => m <= _last_epoch);
                        var scheduler = _schedulers[idx];
                        if (idx > 0 && _milestones[idx - 1] == _last_epoch) scheduler.step(0);
                        else scheduler.step();
                        _last_lrs = scheduler._last_lrs;
                    }
                }

                /// <summary>Steps several schedulers of one optimizer together (PyTorch's ChainedScheduler).</summary>
                public class ChainedLR : LRScheduler
                {
                    private readonly LRScheduler[] _schedulers;

                    /// <summary>Chains <paramref name="schedulers"/> (all of one optimizer).</summary>
                    public ChainedLR(IEnumerable<LRScheduler> schedulers)
                    {
                        _schedulers = (schedulers ?? throw new ArgumentNullException(nameof(schedulers))).ToArray();
                        if (_schedulers.Length == 0) throw new ArgumentException("ChainedLR needs at least one scheduler", nameof(schedulers));
                        _optimizer = _schedulers[0]._optimizer;
                        for (int i = 1; i < _schedulers.Length; i++)
                            if (!ReferenceEquals(_schedulers[i]._optimizer, _optimizer))
                                throw new ArgumentException($"ChainedLR expects all schedulers to belong to the same optimizer, but scheduler {i} has another one.", nameof(schedulers));
                        _last_lrs = CurrentLrs.ToList();
                    }

                    /// <summary>Steps every chained scheduler.</summary>
                    public override void step(int? epoch)
                    {
                        foreach (var s in _schedulers) s.step(epoch);
                        _last_lrs = CurrentLrs.ToList();
                    }
                }
            }
        }
    }
}
