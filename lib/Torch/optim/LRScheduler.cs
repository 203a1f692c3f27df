namespace TorchSharp;

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>
        /// Learning-rate schedulers as TorchSharp names them, with PyTorch 1.13's rules, for every parameter group.
        /// Creating one takes its first step (epoch 0); call <c>step()</c> after the optimizer's steps, once per epoch
        /// (or per batch for CyclicLR and OneCycleLR).
        /// </summary>
        public static partial class lr_scheduler
        {
            /// <summary>
            /// Base of schedulers: counts epochs in <c>last_epoch</c> (−1 before the first step) and writes each
            /// group's learning rate from <see cref="get_lr"/> (the recursive, chainable form) or, when
            /// <see cref="step(int?)"/> is given an epoch, from <see cref="get_closed_form_lr"/>.
            /// </summary>
            public abstract class LRScheduler
            {
                internal Optimizer _optimizer = null!;
                internal int _last_epoch = -1;
                internal bool _verbose;
                /// <summary>Number of steps taken (including the one at construction).</summary>
                protected int _step_count;
                internal IList<double> _last_lrs = new List<double>();
                internal IList<double> _base_lrs = new List<double>();

                /// <summary>A scheduler attached to no optimizer (ChainedLR).</summary>
                protected LRScheduler() { }

                /// <summary>
                /// Attaches to <paramref name="optimizer"/>: the base rates are the groups' initial learning rates.
                /// Derived constructors call <see cref="step()"/> once when set up.
                /// </summary>
                protected LRScheduler(Optimizer optimizer, int last_epoch = -1, bool verbose = false)
                {
                    _optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
                    _last_epoch = last_epoch;
                    _verbose = verbose;
                    _base_lrs = optimizer.ParamGroups.Select(pg => pg.InitialLearningRate).ToList();
                    _last_lrs = optimizer.ParamGroups.Select(pg => pg.LearningRate).ToList();
                }

                /// <summary>Advances one epoch (or batch) and sets the groups' learning rates.</summary>
                public virtual void step() => step(null);

                /// <summary>
                /// Advances to <paramref name="epoch"/> (PyTorch's deprecated form: the closed-form rate of that epoch)
                /// or, when null, one epoch further.
                /// </summary>
                public virtual void step(int? epoch)
                {
                    _step_count++;
                    _last_epoch = epoch ?? _last_epoch + 1;
                    // get_lr() may change the scheduler's or the optimizer's state (momentum), so it runs once per step.
                    var lrs = (epoch.HasValue ? get_closed_form_lr() : get_lr()).ToList();
                    var groups = _optimizer.ParamGroups.ToList();
                    for (int i = 0; i < groups.Count; i++)
                    {
                        groups[i].LearningRate = lrs[i];
                        if (_verbose) Console.WriteLine($"Adjusting learning rate of group {i} to {lrs[i]:0.0000e+00}.");
                    }
                    _last_lrs = groups.Select(g => g.LearningRate).ToList();
                }

                /// <summary>Advances one epoch; the <paramref name="current"/> metric is used by ReduceLROnPlateau only.</summary>
                public virtual void step(double current, int? epoch = null) => step(epoch);

                /// <summary>The learning rates for the new <c>last_epoch</c>, from the current ones (chainable form).</summary>
                protected virtual IEnumerable<double> get_lr() => _optimizer.ParamGroups.Select(pg => pg.LearningRate);

                /// <summary>The learning rates for <c>last_epoch</c> from the base rates (defaults to <see cref="get_lr"/>).</summary>
                protected virtual IEnumerable<double> get_closed_form_lr() => get_lr();

                /// <summary>PyTorch's <c>_initial_step</c>: restarts the step count and takes the first step.</summary>
                internal void InitialStep()
                {
                    _step_count = 0;
                    step();
                }

                /// <summary>The learning rate of each group as set by the last step.</summary>
                public IReadOnlyList<double> get_last_lr() => _last_lrs.ToArray();

                /// <summary>The current learning rates of the optimizer's groups.</summary>
                private protected IEnumerable<double> CurrentLrs => _optimizer.ParamGroups.Select(pg => pg.LearningRate);

                /// <summary>One value per parameter group: <paramref name="values"/> must have as many entries as there are groups.</summary>
                private protected List<T> PerGroup<T>(IEnumerable<T> values, string name)
                {
                    var list = (values ?? throw new ArgumentNullException(name)).ToList();
                    int groups = _optimizer.ParamGroups.Count();
                    if (list.Count != groups) throw new ArgumentException($"expected {groups} values for {name} (one per parameter group), got {list.Count}", name);
                    return list;
                }
            }

            /// <summary>Multiplies the learning rate by <paramref name="gamma"/> every <paramref name="step_size"/> epochs.</summary>
            public static LRScheduler StepLR(Optimizer optimizer, int step_size, double gamma = 0.1, int last_epoch = -1, bool verbose = false) =>
                new impl.StepLR(optimizer, step_size, gamma, last_epoch, verbose);

            /// <summary>Sets the learning rate to the initial one times <paramref name="lr_lambda"/>(epoch).</summary>
            public static LRScheduler LambdaLR(Optimizer optimizer, Func<int, double> lr_lambda, int last_epoch = -1, bool verbose = false) =>
                new impl.LambdaLR(optimizer, lr_lambda, last_epoch, verbose);

            /// <summary>Multiplies the learning rate by <paramref name="gamma"/> at each of the <paramref name="milestones"/> epochs.</summary>
            public static LRScheduler MultiStepLR(Optimizer optimizer, IList<int> milestones, double gamma = 0.1, int last_epoch = -1, bool verbose = false) =>
                new impl.MultiStepLR(optimizer, milestones, gamma, last_epoch, verbose);

            /// <summary>Decays the learning rate as (1 − epoch/total_iters)^power, reaching 0 after <paramref name="total_iters"/> epochs.</summary>
            public static LRScheduler PolynomialLR(Optimizer optimizer, int total_iters = 5, double power = 1, int last_epoch = -1, bool verbose = false) =>
                new impl.PolynomialLR(optimizer, total_iters, power, last_epoch, verbose);

            /// <summary>Multiplies the learning rate by <paramref name="lr_lambda"/>(epoch) every epoch.</summary>
            public static LRScheduler MultiplicativeLR(Optimizer optimizer, Func<int, double> lr_lambda, int last_epoch = -1, bool verbose = false) =>
                new impl.MultiplicativeLR(optimizer, lr_lambda, last_epoch, verbose);

            /// <summary>Multiplies the learning rate by <paramref name="gamma"/> every epoch.</summary>
            public static LRScheduler ExponentialLR(Optimizer optimizer, double gamma = 0.1, int last_epoch = -1, bool verbose = false) =>
                new impl.ExponentialLR(optimizer, gamma, last_epoch, verbose);

            /// <summary>Multiplies the learning rate by <paramref name="factor"/> until epoch <paramref name="total_iters"/>.</summary>
            public static LRScheduler ConstantLR(Optimizer optimizer, double factor = 1.0 / 3, int total_iters = 5, int last_epoch = -1, bool verbose = false) =>
                new impl.ConstantLR(optimizer, factor, total_iters, last_epoch, verbose);

            /// <summary>Runs <paramref name="schedulers"/> one after the other, switching at the <paramref name="milestones"/> epochs.</summary>
            public static LRScheduler SequentialLR(Optimizer optimizer, IEnumerable<LRScheduler> schedulers, IEnumerable<int> milestones, int last_epoch = -1) =>
                new impl.SequentialLR(optimizer, schedulers, milestones, last_epoch);

            /// <summary>Scales the learning rate by a factor going linearly from <paramref name="start_factor"/> to <paramref name="end_factor"/> over <paramref name="total_iters"/> epochs.</summary>
            public static LRScheduler LinearLR(Optimizer optimizer, double start_factor = 1.0 / 3, double end_factor = 1.0, int total_iters = 5, int last_epoch = -1, bool verbose = false) =>
                new impl.LinearLR(optimizer, start_factor, end_factor, total_iters, last_epoch, verbose);

            /// <summary>Steps all <paramref name="schedulers"/> at once (PyTorch's ChainedScheduler).</summary>
            public static LRScheduler ChainedLR(IEnumerable<LRScheduler> schedulers) => new impl.ChainedLR(schedulers);

            /// <summary>Cosine annealing from the initial rate to <paramref name="eta_min"/> over <paramref name="T_max"/> epochs (and back, periodically).</summary>
            public static LRScheduler CosineAnnealingLR(Optimizer optimizer, double T_max, double eta_min = 0, int last_epoch = -1, bool verbose = false) =>
                new impl.CosineAnnealingLR(optimizer, T_max, eta_min, last_epoch, verbose);

            /// <summary>The 1cycle policy (Smith and Topin, 2017), stepped once per batch; one maximum rate for all groups.</summary>
            public static LRScheduler OneCycleLR(Optimizer optimizer, double max_lr, int total_steps = -1, int epochs = -1, int steps_per_epoch = -1,
                double pct_start = 0.3, impl.OneCycleLR.AnnealStrategy anneal_strategy = impl.OneCycleLR.AnnealStrategy.Cos, bool cycle_momentum = true,
                double base_momentum = 0.85, double max_momentum = 0.95, double div_factor = 25, double final_div_factor = 1e4, bool three_phase = false,
                int last_epoch = -1, bool verbose = false) =>
                new impl.OneCycleLR(optimizer, max_lr, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, cycle_momentum, base_momentum,
                    max_momentum, div_factor, final_div_factor, three_phase, last_epoch, verbose);

            /// <summary>The 1cycle policy with one maximum rate (and momentum bounds) per group.</summary>
            public static LRScheduler OneCycleLR(Optimizer optimizer, IEnumerable<double> max_lr, int total_steps = -1, int epochs = -1, int steps_per_epoch = -1,
                double pct_start = 0.3, impl.OneCycleLR.AnnealStrategy anneal_strategy = impl.OneCycleLR.AnnealStrategy.Cos, bool cycle_momentum = true,
                IEnumerable<double>? base_momentum = null, IEnumerable<double>? max_momentum = null, double div_factor = 25, double final_div_factor = 1e4,
                bool three_phase = false, int last_epoch = -1, bool verbose = false) =>
                new impl.OneCycleLR(optimizer, max_lr, total_steps, epochs, steps_per_epoch, pct_start, anneal_strategy, cycle_momentum, base_momentum,
                    max_momentum, div_factor, final_div_factor, three_phase, last_epoch, verbose);

            /// <summary>Cyclical learning rates (Smith, 2017) between <paramref name="base_lr"/> and <paramref name="max_lr"/>, stepped once per batch.</summary>
            public static LRScheduler CyclicLR(Optimizer optimizer, double base_lr, double max_lr, int step_size_up = 2000, int step_size_down = -1,
                impl.CyclicLR.Mode mode = impl.CyclicLR.Mode.Triangular, double gamma = 1.0, Func<double, double>? scale_fn = null,
                impl.CyclicLR.ScaleMode scale_mode = impl.CyclicLR.ScaleMode.Cycle, bool cycle_momentum = true, double base_momentum = 0.8,
                double max_momentum = 0.9, int last_epoch = -1, bool verbose = false) =>
                new impl.CyclicLR(optimizer, base_lr, max_lr, step_size_up, step_size_down, mode, gamma, scale_fn, scale_mode, cycle_momentum,
                    base_momentum, max_momentum, last_epoch, verbose);

            /// <summary>Cyclical learning rates with bounds (and momentum bounds) per group.</summary>
            public static LRScheduler CyclicLR(Optimizer optimizer, IEnumerable<double> base_lr, IEnumerable<double> max_lr, int step_size_up = 2000,
                int step_size_down = -1, impl.CyclicLR.Mode mode = impl.CyclicLR.Mode.Triangular, double gamma = 1.0, Func<double, double>? scale_fn = null,
                impl.CyclicLR.ScaleMode scale_mode = impl.CyclicLR.ScaleMode.Cycle, bool cycle_momentum = true, IEnumerable<double>? base_momentum = null,
                IEnumerable<double>? max_momentum = null, int last_epoch = -1, bool verbose = false) =>
                new impl.CyclicLR(optimizer, base_lr, max_lr, step_size_up, step_size_down, mode, gamma, scale_fn, scale_mode, cycle_momentum,
                    base_momentum, max_momentum, last_epoch, verbose);

            /// <summary>Reduces the learning rate by <paramref name="factor"/> when a metric (passed to <c>step(metric)</c>) stops improving.</summary>
            public static LRScheduler ReduceLROnPlateau(Optimizer optimizer, string mode = "min", double factor = 0.1, int patience = 10, double threshold = 1e-4,
                string threshold_mode = "rel", int cooldown = 0, IList<double>? min_lr = null, double eps = 1e-8, bool verbose = false) =>
                new impl.ReduceLROnPlateau(optimizer, mode, factor, patience, threshold, threshold_mode, cooldown, min_lr, eps, verbose);
        }
    }
}
