namespace TorchSharp
{

public static partial class torch
{
    public static partial class optim
    {
        /// <summary>Learning-rate schedulers (call <c>step()</c> once per epoch, after the optimizer's steps).</summary>
        public static class lr_scheduler
        {
            /// <summary>Base of schedulers: tracks <see cref="last_epoch"/> and writes the optimizer's learning rate.</summary>
            public abstract class LRScheduler
            {
                /// <summary>The scheduled optimizer.</summary>
                protected readonly Optimizer _optimizer;
                private double _lastLr;

                /// <summary>Attaches to <paramref name="optimizer"/>; its current learning rate is the base rate (epoch 0).</summary>
                protected LRScheduler(Optimizer optimizer)
                {
                    _optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
                    base_lr = optimizer.LearningRate;
                    last_epoch = 0;
                    _lastLr = base_lr;
                }

                /// <summary>Learning rate at epoch 0.</summary>
                public double base_lr { get; }

                /// <summary>Number of <see cref="step"/> calls so far.</summary>
                public int last_epoch { get; private set; }

                /// <summary>Advances one epoch and sets the optimizer's learning rate.</summary>
                public void step()
                {
                    last_epoch++;
                    _lastLr = ComputeLr(_optimizer.LearningRate);
                    _optimizer.LearningRate = _lastLr;
                }

                /// <summary>The learning rate set by the last step (one entry: this binding has one parameter group).</summary>
                public double[] get_last_lr() => new[] { _lastLr };

                /// <summary>PyTorch's recursive rule: the new rate from the current one, for epoch <see cref="last_epoch"/> ≥ 1.</summary>
                protected abstract double ComputeLr(double currentLr);
            }

            /// <summary>Multiplies the learning rate by gamma every step_size epochs.</summary>
            public static Modules.StepLR StepLR(Optimizer optimizer, int step_size, double gamma = 0.1) => new(optimizer, step_size, gamma);

            /// <summary>Cosine annealing from the base rate to eta_min over T_max epochs (PyTorch's recursive form).</summary>
            public static Modules.CosineAnnealingLR CosineAnnealingLR(Optimizer optimizer, int T_max, double eta_min = 0) => new(optimizer, T_max, eta_min);
        }
    }
}
}

namespace TorchSharp.Modules
{
    using LRScheduler = TorchSharp.torch.optim.lr_scheduler.LRScheduler;

    /// <summary>lr ← lr·γ whenever the epoch is a multiple of step_size.</summary>
    public sealed class StepLR : LRScheduler
    {
        /// <summary>Period in epochs.</summary>
        public int step_size { get; }
        /// <summary>Decay factor.</summary>
        public double gamma { get; }

        /// <summary>Creates the scheduler.</summary>
        public StepLR(torch.optim.Optimizer optimizer, int step_size, double gamma = 0.1) : base(optimizer)
        {
            if (step_size <= 0) throw new ArgumentOutOfRangeException(nameof(step_size), step_size, $"step_size must be positive, got {step_size}.");
            this.step_size = step_size; this.gamma = gamma;
        }

        /// <inheritdoc/>
        protected override double ComputeLr(double lr) => last_epoch % step_size != 0 ? lr : lr * gamma;
    }

    /// <summary>η_t = η_min + (η_0 − η_min)(1 + cos(π t/T_max))/2, computed recursively as PyTorch does.</summary>
    public sealed class CosineAnnealingLR : LRScheduler
    {
        /// <summary>Half-period in epochs.</summary>
        public int T_max { get; }
        /// <summary>Minimum learning rate.</summary>
        public double eta_min { get; }

        /// <summary>Creates the scheduler.</summary>
        public CosineAnnealingLR(torch.optim.Optimizer optimizer, int T_max, double eta_min = 0) : base(optimizer)
        {
            if (T_max <= 0) throw new ArgumentOutOfRangeException(nameof(T_max), T_max, $"T_max must be positive, got {T_max}.");
            this.T_max = T_max; this.eta_min = eta_min;
        }

        /// <inheritdoc/>
        protected override double ComputeLr(double lr)
        {
            int e = last_epoch;
            if ((e - 1 - T_max) % (2 * T_max) == 0)
                return lr + (base_lr - eta_min) * (1 - Math.Cos(Math.PI / T_max)) / 2;
            return (1 + Math.Cos(Math.PI * e / T_max)) / (1 + Math.Cos(Math.PI * (e - 1) / T_max)) * (lr - eta_min) + eta_min;
        }
    }
}
