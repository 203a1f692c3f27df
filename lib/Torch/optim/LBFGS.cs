using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchSharp
{
    public static partial class torch
    {
        public static partial class optim
        {
            /// <summary>L-BFGS as in PyTorch 1.13 (without line search); <c>step</c> needs a closure that recomputes the loss.</summary>
            /// <param name="parameters">The parameters to optimise (one group).</param>
            /// <param name="lr">Learning rate (default 0.01; PyTorch's is 1).</param>
            /// <param name="max_iter">Iterations per step (default 20).</param>
            /// <param name="max_eval">Closure evaluations per step (default max_iter·5/4).</param>
            /// <param name="tolerange_grad">Stop when the largest gradient element is at most this (TorchSharp's spelling; default 1e-5).</param>
            /// <param name="tolerance_change">Stop when the step or the loss changes by less (default 1e-9).</param>
            /// <param name="history_size">Number of updates kept (default 100).</param>
            public static LBFGS LBFGS(IEnumerable<Parameter> parameters, double lr = 0.01, long max_iter = 20, long? max_eval = null,
                double tolerange_grad = 1e-5, double tolerance_change = 1e-9, long history_size = 100) =>
                new(parameters, lr, max_iter, max_eval, tolerange_grad, tolerance_change, history_size);

            /// <summary>L-BFGS over named parameters (<c>named_parameters()</c>); the names are not used.</summary>
            public static LBFGS LBFGS(IEnumerable<(string name, Parameter parameter)> parameters, double lr = 0.01, long max_iter = 20,
                long? max_eval = null, double tolerange_grad = 1e-5, double tolerance_change = 1e-9, long history_size = 100) =>
                new(Unnamed(parameters), lr, max_iter, max_eval, tolerange_grad, tolerance_change, history_size);
        }
    }

    namespace Modules
    {
        using static torch.optim;

        /// <summary>
        /// L-BFGS as in PyTorch 1.13's <c>line_search_fn=None</c> path, on the parameters flattened into one vector: each
        /// <see cref="step"/> runs up to max_iter quasi-Newton iterations with fixed step lr (the first one scaled by
        /// min(1, 1/|g|₁)), calling the closure after each. One parameter group; its curvature history is not saved
        /// with <c>save_state_dict</c>.
        /// </summary>
        public class LBFGS : OptimizerHelper, ILearningRateController
        {
            private Tensor? _d, _prevFlatGrad, _hDiag;
            private readonly List<Tensor> _oldDirs = new(), _oldStps = new(), _ro = new();
            private Tensor?[] _al = Array.Empty<Tensor?>();
            private double _t, _prevLoss;
            private long _nIter, _funcEvals;

            /// <summary>L-BFGS over <paramref name="parameters"/>.</summary>
            public LBFGS(IEnumerable<Parameter> parameters, double lr = 0.01, long max_iter = 20, long? max_eval = null, double tolerance_grad = 1e-5,
                double tolerance_change = 1e-9, long history_size = 100)
            {
                Check(lr >= 0, nameof(lr), lr, "learning rate");
                Check(max_iter > 0, nameof(max_iter), max_iter, "max_iter");
                Check(history_size > 0, nameof(history_size), history_size, "history_size");
                _defaults = new Options
                {
                    LearningRate = lr, InitialLearningRate = lr, max_iter = max_iter, max_eval = max_eval ?? max_iter * 5 / 4,
                    tolerance_grad = tolerance_grad, tolerance_change = tolerance_change, history_size = history_size,
                };
                AddParamGroups(OneGroup<ParamGroup<Options>>(parameters));
            }

            /// <summary>The learning rate.</summary>
            public double LearningRate { get => _parameter_groups[0].LearningRate; set => _parameter_groups[0].LearningRate = value; }

            /// <summary>The learning rate at construction.</summary>
            public double InitialLearningRate { get => _parameter_groups[0].InitialLearningRate; set => _parameter_groups[0].InitialLearningRate = value; }

            /// <summary>Not supported: L-BFGS has a single parameter group.</summary>
            public override void add_param_group(Modules.ParamGroup param_group)
            {
                if (_parameter_groups.Count > 0) throw new NotSupportedException("LBFGS doesn't support per-parameter options (parameter groups)");
                AddParamGroup<Options>(param_group, p => new State(p));
            }

            /// <summary>Runs up to max_iter iterations; returns the closure's loss at the start.</summary>
            /// <exception cref="ArgumentNullException">No closure.</exception>
            public override Tensor? step(Func<Tensor>? closure = null)
            {
                if (closure is null)
                    throw new ArgumentNullException(nameof(closure), "'closure' must be non-null when using the LBFGS optimizer: it reevaluates the model and returns the loss");
                var o = (Options)_parameter_groups[0].Options;
                double lr = o.LearningRate!.Value, tolChange = o.tolerance_change!.Value;
                long maxIter = o.max_iter!.Value, historySize = o.history_size!.Value;
                var ps = _parameter_groups[0].Parameters.ToList();

                Tensor origLoss;
                using (enable_grad()) origLoss = closure();
                using var noGrad = no_grad();
                using var scope = NewDisposeScope();
                // The state tensors join this step's scope; those still in use at the end leave it again.
                foreach (var t in StateTensors()) scope.Add(t);

                double loss = origLoss.item<double>();
                long currentEvals = 1;
                _funcEvals++;
                var flatGrad = FlatGrad(ps);
                bool optCond = flatGrad.abs().max().le(o.tolerance_grad!.Value).item<bool>();
                if (optCond) { Keep(scope); return origLoss; }
                if (_al.Length != historySize) _al = new Tensor?[historySize];

                for (long n = 1; n <= maxIter; n++)
                {
                    _nIter++;
                    if (_nIter == 1)
                    {
                        _d = flatGrad.neg();
                        _oldDirs.Clear(); _oldStps.Clear(); _ro.Clear();
                        _hDiag = null;
                    }
                    else
                    {
                        var y = flatGrad.sub(_prevFlatGrad!);
                        var s = _d!.mul(_t);
                        var ys = y.matmul(s);
                        if (ys.gt(1e-10).item<bool>())
                        {
                            if (_oldDirs.Count == historySize) { _oldDirs.RemoveAt(0); _oldStps.RemoveAt(0); _ro.RemoveAt(0); }
                            _oldDirs.Add(y); _oldStps.Add(s);
                            _ro.Add(ys.reciprocal().mul(1.0));   // PyTorch's 1. / ys
                            _hDiag = ys / y.matmul(y);
                        }
                        var q = flatGrad.neg();
                        for (int i = _oldDirs.Count - 1; i >= 0; i--)
                        {
                            _al[i] = _oldStps[i].matmul(q) * _ro[i];
                            q.add_(_oldDirs[i], -_al[i]!.item<double>());
                        }
                        var r = _hDiag is null ? q.mul(1.0) : q.mul(_hDiag);
                        for (int i = 0; i < _oldDirs.Count; i++)
                        {
                            var be = _oldDirs[i].matmul(r) * _ro[i];
                            r.add_(_oldStps[i], (_al[i]! - be).item<double>());
                        }
                        _d = r;
                    }
                    if (_prevFlatGrad is null) _prevFlatGrad = flatGrad.clone();
                    else _prevFlatGrad.copy_(flatGrad);
                    _prevLoss = loss;

                    if (_nIter == 1)
                    {
                        var inv = flatGrad.abs().sum().reciprocal().mul(1.0);   // min(1, 1/|g|₁)·lr as PyTorch: a tensor when below 1
                        _t = inv.lt(1.0).item<bool>() ? inv.mul(lr).item<double>() : lr;
                    }
                    else _t = lr;

                    if (flatGrad.matmul(_d!).gt(-tolChange).item<bool>()) break;

                    long lsEvals = 0;
                    AddGrad(ps, _t, _d);
                    if (n != maxIter)
                    {
                        using (enable_grad()) loss = closure().item<double>();
                        flatGrad = FlatGrad(ps);
                        optCond = flatGrad.abs().max().le(o.tolerance_grad!.Value).item<bool>();
                        lsEvals = 1;
                    }
                    currentEvals += lsEvals;
                    _funcEvals += lsEvals;

                    if (n == maxIter || currentEvals >= o.max_eval!.Value || optCond) break;
                    if (_d.mul(_t).abs().max().le(tolChange).item<bool>()) break;
                    if (Math.Abs(loss - _prevLoss) < tolChange) break;
                }
                Keep(scope);
                return origLoss;
            }

            private IEnumerable<Tensor> StateTensors() =>
                new[] { _d, _prevFlatGrad, _hDiag }.Concat(_oldDirs).Concat(_oldStps).Concat(_ro).Concat(_al).OfType<Tensor>().Distinct<Tensor>(ReferenceEqualityComparer.Instance);

            private void Keep(DisposeScope scope)
            {
                foreach (var t in StateTensors()) scope.Detach(t);
            }

            private static Tensor FlatGrad(List<Parameter> ps) =>
                cat(ps.Select(p => (p.grad ?? zeros_like(p)).view(-1)).ToList(), 0);

            private static void AddGrad(List<Parameter> ps, double stepSize, Tensor update)
            {
                long offset = 0;
                foreach (var p in ps)
                {
                    long numel = p.numel();
                    p.add_(update.narrow(0, offset, numel).view_as(p), stepSize);
                    offset += numel;
                }
            }

            /// <inheritdoc/>
            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    foreach (var t in StateTensors().ToList()) t.Dispose();
                    _oldDirs.Clear(); _oldStps.Clear(); _ro.Clear();
                    (_d, _prevFlatGrad, _hDiag) = (null, null, null);
                }
                base.Dispose(disposing);
            }

            /// <summary>No per-parameter state: the history belongs to the whole flattened vector.</summary>
            public sealed class State : OptimizerState
            {
                /// <summary>The (empty) state of <paramref name="parameter"/>.</summary>
                public State(Parameter parameter) : base(parameter) { }
                /// <inheritdoc/>
                public override void Initialize(OptimizerOptions options) { }
                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer) { }
                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader) { }
            }

            /// <summary>L-BFGS's options.</summary>
            public class Options : OptimizerOptions
            {
                /// <summary>Iterations per step.</summary>
                public long? max_iter;
                /// <summary>Closure evaluations per step.</summary>
                public long? max_eval;
                /// <summary>Gradient tolerance.</summary>
                public double? tolerance_grad;
                /// <summary>Step and loss change tolerance.</summary>
                public double? tolerance_change;
                /// <summary>History size.</summary>
                public long? history_size;

                /// <inheritdoc/>
                public override void SaveStateDict(BinaryWriter writer)
                {
                    base.SaveStateDict(writer);
                    writer.Write(max_iter!.Value); writer.Write(max_eval!.Value); writer.Write(tolerance_grad!.Value);
                    writer.Write(tolerance_change!.Value); writer.Write(history_size!.Value);
                }

                /// <inheritdoc/>
                public override void LoadStateDict(BinaryReader reader)
                {
                    base.LoadStateDict(reader);
                    max_iter = reader.ReadInt64(); max_eval = reader.ReadInt64(); tolerance_grad = reader.ReadDouble();
                    tolerance_change = reader.ReadDouble(); history_size = reader.ReadInt64();
                }
            }
        }
    }
}
