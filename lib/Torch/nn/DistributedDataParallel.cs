using static TorchSharp.torch;
using static TorchSharp.torch.distributed;

namespace TorchSharp
{
    namespace Modules
    {
        /// <summary>
        /// Data-parallel training as <c>torch.nn.parallel.DistributedDataParallel</c>, on the same engine: c10d's
        /// <c>Reducer</c>. At construction the ranks check that their models match and take rank 0's parameters and
        /// buffers (a coalesced broadcast). Each training forward tells the Reducer a backward is coming; during
        /// <c>backward()</c> the Reducer's hooks on the parameters' gradient accumulators all-reduce full buckets of
        /// gradients (about <c>bucket_cap_mb</c> each, in the order gradients became ready in the first iteration) while
        /// the rest of backward runs, and divide by the world size, so every rank ends backward with the average gradient
        /// of the global batch. With <c>broadcast_buffers</c> (the default) every forward first takes rank 0's buffers
        /// (BatchNorm's running statistics), as PyTorch's DDP does. The wrapped model is <see cref="module"/>
        /// (state-dict keys <c>module.…</c>, as in PyTorch).
        /// </summary>
        public sealed class DistributedDataParallel : nn.Module<Tensor, Tensor>
        {
            /// <summary>The wrapped model.</summary>
            public readonly nn.Module<Tensor, Tensor> module;
            /// <summary>The group the gradients are averaged over.</summary>
            public readonly ProcessGroup process_group;
            readonly bool _broadcastBuffers;
            readonly bool _findUnused;
            readonly Tensor[] _parameters;
            readonly List<Tensor> _buffers;   // as PyTorch's DDP, the module's buffers as they were at construction
            IntPtr _reducer;
            bool _requireBackwardGradSync = true, _requireForwardParamSync = true;

            /// <summary>PyTorch's bucket for broadcasting parameters and buffers: 250 MiB.</summary>
            public const long BroadcastBucketBytes = 250L * 1024 * 1024;
            /// <summary>PyTorch's first gradient bucket: 1 MiB (so communication starts early in backward).</summary>
            public const long FirstBucketBytes = 1024 * 1024;

            internal unsafe DistributedDataParallel(nn.Module<Tensor, Tensor> module, ProcessGroup? process_group, bool broadcast_buffers,
                double bucket_cap_mb, bool find_unused_parameters, bool gradient_as_bucket_view) : base(nameof(DistributedDataParallel))
            {
                this.module = module ?? throw new ArgumentNullException(nameof(module));
                this.process_group = process_group ?? World("DistributedDataParallel");
                if (bucket_cap_mb <= 0) throw new ArgumentOutOfRangeException(nameof(bucket_cap_mb), bucket_cap_mb, "Expected a positive bucket size in MiB.");
                _broadcastBuffers = broadcast_buffers;
                _findUnused = find_unused_parameters;
                register_module("module", module);
                _parameters = module.parameters().Where(p => p.requires_grad).Cast<Tensor>().ToArray();
                _buffers = module.buffers().ToList();
                if (_parameters.Length == 0)
                    throw new ArgumentException("DistributedDataParallel: the module has no parameter that requires a gradient.", nameof(module));

                this.process_group.VerifyParams(_parameters);
                using (no_grad())
                    this.process_group.BroadcastCoalesced(module.parameters().Cast<Tensor>().Concat(_buffers).ToList(),
                        BroadcastBucketBytes, 0, "DistributedDataParallel: broadcasting rank 0's parameters and buffers");

                var hs = _parameters.Select(p => p.Handle).ToArray();
                fixed (IntPtr* p = hs)
                    _reducer = NativeDist.td_reducer_new(this.process_group.Handle, p, hs.Length, (long)(bucket_cap_mb * 1024 * 1024),
                        FirstBucketBytes, find_unused_parameters ? 1 : 0, gradient_as_bucket_view ? 1 : 0);
                if (_reducer == IntPtr.Zero) throw new DistributedError($"DistributedDataParallel: c10d's Reducer: {NativeDist.Message()}");
            }

            /// <summary>Runs <see cref="module"/>, preparing the gradient all-reduce of the next backward when gradients are on.</summary>
            public override unsafe Tensor forward(Tensor input)
            {
                if (_reducer == IntPtr.Zero) throw new ObjectDisposedException(nameof(DistributedDataParallel));
                bool grad = is_grad_enabled();
                if (grad && _requireBackwardGradSync) Check(NativeDist.td_reducer_prepare_for_forward(_reducer), "prepare_for_forward");
                if (grad && NativeDist.td_reducer_rebuild_buckets(_reducer) < 0)
                    throw process_group.Failure("DistributedDataParallel (rebuilding the gradient buckets)", NativeDist.Message());
                if (_requireForwardParamSync && _broadcastBuffers) sync_buffers();

                var output = module.call(input);

                if (grad && _requireBackwardGradSync)
                {
                    _requireForwardParamSync = true;
                    if (_findUnused)
                    {
                        var h = output.Handle;
                        Check(NativeDist.td_reducer_prepare_for_backward(_reducer, &h, 1), "prepare_for_backward");
                    }
                    else Check(NativeDist.td_reducer_prepare_for_backward(_reducer, null, 0), "prepare_for_backward");
                }
                else _requireForwardParamSync = false;
                return output;
            }

            /// <summary>Copies rank 0's buffers (BatchNorm's running statistics) to every rank, as each training forward
            /// does first with <c>broadcast_buffers</c>; e.g. before evaluating on every rank.</summary>
            public void sync_buffers()
            {
                if (_buffers.Count == 0) return;
                using (no_grad())
                    process_group.BroadcastCoalesced(_buffers, BroadcastBucketBytes, 0, "DistributedDataParallel (broadcasting rank 0's buffers)");
            }

            /// <summary>
            /// Within the returned scope, backward accumulates gradients locally without all-reducing them (gradient
            /// accumulation); the first backward after it all-reduces the accumulated sum, as PyTorch's <c>no_sync()</c>.
            /// </summary>
            public IDisposable no_sync()
            {
                var old = _requireBackwardGradSync;
                _requireBackwardGradSync = false;
                return new Restore(() => _requireBackwardGradSync = old);
            }

            sealed class Restore : IDisposable
            {
                Action? _undo;
                public Restore(Action undo) => _undo = undo;
                public void Dispose() { _undo?.Invoke(); _undo = null; }
            }

            static void Check(int rc, string op)
            {
                if (rc < 0) throw new DistributedError($"DistributedDataParallel ({op}): {NativeDist.Message()}");
            }

            protected override void Dispose(bool disposing)
            {
                if (_reducer != IntPtr.Zero) { NativeDist.td_reducer_free(_reducer); _reducer = IntPtr.Zero; }
                base.Dispose(disposing);
            }
        }
    }

    public static partial class torch
    {
        public static partial class nn
        {
            /// <summary><c>torch.nn.parallel</c>.</summary>
            public static class parallel
            {
                /// <summary>
                /// Wraps <paramref name="module"/> for data-parallel training over <paramref name="process_group"/> (the
                /// default group): see <see cref="Modules.DistributedDataParallel"/>. Every rank must wrap the same
                /// architecture; rank 0's parameters win.
                /// </summary>
                public static Modules.DistributedDataParallel DistributedDataParallel(Module<Tensor, Tensor> module,
                    ProcessGroup? process_group = null, bool broadcast_buffers = true, double bucket_cap_mb = 25,
                    bool find_unused_parameters = false, bool gradient_as_bucket_view = false) =>
                    new(module, process_group, broadcast_buffers, bucket_cap_mb, find_unused_parameters, gradient_as_bucket_view);
            }
        }
    }
}
