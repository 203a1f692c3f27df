using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace TorchSharp;

/// <summary>The shim's c10d entry points (lib/Torch/native/dist.cpp).</summary>
internal static unsafe class NativeDist
{
    const string Lib = "course_torch";
    [DllImport(Lib)] internal static extern int td_backend_available([MarshalAs(UnmanagedType.LPUTF8Str)] string name);
    [DllImport(Lib)] internal static extern IntPtr td_tcp_store([MarshalAs(UnmanagedType.LPUTF8Str)] string host, int port, int worldSize, int isServer, long timeoutMs);
    [DllImport(Lib)] internal static extern IntPtr td_file_store([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int worldSize);
    [DllImport(Lib)] internal static extern IntPtr td_prefix_store([MarshalAs(UnmanagedType.LPUTF8Str)] string prefix, IntPtr store);
    [DllImport(Lib)] internal static extern void td_store_free(IntPtr store);
    [DllImport(Lib)] internal static extern int td_store_set_timeout(IntPtr store, long timeoutMs);
    [DllImport(Lib)] internal static extern int td_store_set(IntPtr store, [MarshalAs(UnmanagedType.LPUTF8Str)] string key, byte* data, long n);
    [DllImport(Lib)] internal static extern int td_store_get(IntPtr store, [MarshalAs(UnmanagedType.LPUTF8Str)] string key, out IntPtr data, out long n);
    [DllImport(Lib)] internal static extern void td_buffer_free(IntPtr p);
    [DllImport(Lib)] internal static extern int td_store_add(IntPtr store, [MarshalAs(UnmanagedType.LPUTF8Str)] string key, long value, out long result);
    [DllImport(Lib)] internal static extern int td_store_check(IntPtr store, [MarshalAs(UnmanagedType.LPUTF8Str)] string key);
    [DllImport(Lib)] internal static extern IntPtr td_group_new([MarshalAs(UnmanagedType.LPUTF8Str)] string backend, IntPtr store, int rank, int worldSize, long timeoutMs);
    [DllImport(Lib)] internal static extern void td_group_free(IntPtr group);
    [DllImport(Lib)] internal static extern int td_group_set_sequence_number(IntPtr group);
    [DllImport(Lib)] internal static extern int td_all_reduce(IntPtr group, IntPtr* tensors, int n, int op);
    [DllImport(Lib)] internal static extern int td_broadcast(IntPtr group, IntPtr* tensors, int n, int root);
    [DllImport(Lib)] internal static extern int td_all_gather(IntPtr group, IntPtr* outputs, int worldSize, IntPtr input);
    [DllImport(Lib)] internal static extern int td_barrier(IntPtr group);
    [DllImport(Lib)] internal static extern int td_broadcast_coalesced(IntPtr group, IntPtr* tensors, int n, long bufferSize, int root);
    [DllImport(Lib)] internal static extern int td_verify_params(IntPtr group, IntPtr* tensors, int n);
    [DllImport(Lib)] internal static extern IntPtr td_reducer_new(IntPtr group, IntPtr* parameters, int n, long bucketCapBytes, long firstBucketBytes, int findUnused, int gradientAsBucketView);
    [DllImport(Lib)] internal static extern void td_reducer_free(IntPtr reducer);
    [DllImport(Lib)] internal static extern int td_reducer_prepare_for_forward(IntPtr reducer);
    [DllImport(Lib)] internal static extern int td_reducer_prepare_for_backward(IntPtr reducer, IntPtr* outputs, int n);
    [DllImport(Lib)] internal static extern int td_reducer_rebuild_buckets(IntPtr reducer);

    /// <summary>The pending native error's message (and clears it).</summary>
    internal static string Message()
    {
        var p = Native.ts_last_error();
        var msg = p == IntPtr.Zero ? "c10d call failed without a message" : Marshal.PtrToStringUTF8(p)!;
        Native.ts_clear_error();
        return msg;
    }
}

public static partial class torch
{
    /// <summary>
    /// <c>torch.distributed</c> on libtorch's c10d, shaped like PyTorch's: a default process group made by
    /// <see cref="init_process_group"/> (Gloo on CPUs, NCCL on GPUs where libtorch has it), collectives on it, stores.
    /// The group is laid out in the store exactly as PyTorch lays it out, so C# and Python processes can be ranks of one
    /// group. Failures (a rank that exits, never arrives, or was started with another world size; a port in use; a
    /// backend this libtorch lacks) are <see cref="DistributedError"/>s that name the rank, the expected and the actual.
    /// </summary>
    public static partial class distributed
    {
        /// <summary>Reduction of <see cref="all_reduce"/> (c10d's numbering).</summary>
        public enum ReduceOp { SUM = 0, AVG = 1, PRODUCT = 2, MIN = 3, MAX = 4 }

        /// <summary>Backend names, as <c>torch.distributed.Backend</c>.</summary>
        public static class Backend
        {
            public const string GLOO = "gloo", NCCL = "nccl";
        }

        /// <summary>PyTorch's default timeout of collectives and of the rendezvous: 30 minutes.</summary>
        public static readonly TimeSpan default_pg_timeout = TimeSpan.FromMinutes(30);

        /// <summary>True: the binding has torch.distributed (whether a backend is there: <see cref="is_gloo_available"/>).</summary>
        public static bool is_available() => true;
        /// <summary>Whether this libtorch has Gloo and the shim binds it.</summary>
        public static bool is_gloo_available() => NativeDist.td_backend_available(Backend.GLOO) != 0;
        /// <summary>Whether this libtorch has NCCL (a CUDA build) and the shim binds it.</summary>
        public static bool is_nccl_available() => NativeDist.td_backend_available(Backend.NCCL) != 0;
        /// <summary>Whether the default process group exists.</summary>
        public static bool is_initialized() => _world is not null;

        static ProcessGroup? _world;

        /// <summary>The default group (<c>torch.distributed.group.WORLD</c>).</summary>
        public static class group
        {
            public static ProcessGroup WORLD => World("group.WORLD");
        }

        internal static ProcessGroup World(string op) => _world ?? throw new DistributedError(
            $"{op}: the default process group is not initialized: call torch.distributed.init_process_group first.");

        /// <summary>
        /// Creates the default process group, as PyTorch's <c>init_process_group</c>. Without <paramref name="store"/>
        /// or <paramref name="init_method"/> it is <c>env://</c>: MASTER_ADDR, MASTER_PORT, and RANK / WORLD_SIZE where
        /// <paramref name="rank"/> / <paramref name="world_size"/> are -1 (torchrun's and <c>course train --nproc</c>'s
        /// variables). Also <c>tcp://host:port</c> and <c>file:///path</c>. Rank 0 hosts the TCP store. Returns when
        /// every rank has joined; fails within <paramref name="timeout"/> (default 30 minutes) naming the ranks that did
        /// not.
        /// </summary>
        public static void init_process_group(string backend = Backend.GLOO, string? init_method = null, TimeSpan? timeout = null,
            int world_size = -1, int rank = -1, Store? store = null)
        {
            if (_world is not null)
                throw new DistributedError("init_process_group: the default process group is already initialized (destroy_process_group first).");
            backend = (backend ?? "").Trim().ToLowerInvariant();
            if (backend is not (Backend.GLOO or Backend.NCCL))
                throw new DistributedError($"init_process_group: unknown backend '{backend}': expected '{Backend.GLOO}' or '{Backend.NCCL}'.");
            if (NativeDist.td_backend_available(backend) == 0)
                throw new DistributedError($"init_process_group: backend '{backend}' is not available in this libtorch ({__version__}" +
                    $"{(cuda.is_available() ? "" : ", CPU only")}); available: {string.Join(", ", AvailableBackends().DefaultIfEmpty("none"))}.");
            var t = timeout ?? default_pg_timeout;
            if (t <= TimeSpan.Zero) throw new DistributedError($"init_process_group: timeout must be positive, got {t}.");

            var ownsStore = store is null;
            string where;
            if (store is null)
            {
                var method = init_method ?? "env://";
                (store, rank, world_size, where) = Rendezvous(method, rank, world_size, t);
            }
            else
            {
                if (rank < 0 || world_size < 1)
                    throw new DistributedError($"init_process_group: with a store, rank and world_size must be given (got rank {rank}, world_size {world_size}).");
                where = store.Describe();
            }
            try
            {
                var pg = ProcessGroup.Create(backend, store, ownsStore, rank, world_size, t, where);
                _world = pg;
            }
            catch
            {
                if (ownsStore) store.Dispose();
                throw;
            }
        }

        static IEnumerable<string> AvailableBackends() =>
            new[] { Backend.GLOO, Backend.NCCL }.Where(b => NativeDist.td_backend_available(b) != 0);

        static (Store store, int rank, int world, string where) Rendezvous(string method, int rank, int world, TimeSpan timeout)
        {
            if (method.StartsWith("env://", StringComparison.Ordinal))
            {
                string Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v
                    : throw new DistributedError($"init_process_group (env://): environment variable {name} expected, but not set.");
                int EnvInt(string name)
                {
                    var v = Env(name);
                    return int.TryParse(v, out var i) ? i : throw new DistributedError($"init_process_group (env://): {name} must be an integer, got '{v}'.");
                }
                if (rank < 0) rank = EnvInt("RANK");
                if (world < 0) world = EnvInt("WORLD_SIZE");
                var host = Env("MASTER_ADDR");
                var port = EnvInt("MASTER_PORT");
                CheckRank(rank, world);
                return (Store.Tcp(host, port, world, rank, timeout, "MASTER_ADDR/MASTER_PORT"), rank, world, $"{host}:{port}");
            }
            if (method.StartsWith("tcp://", StringComparison.Ordinal))
            {
                var rest = method["tcp://".Length..];
                int colon = rest.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(rest[(colon + 1)..], out var port))
                    throw new DistributedError($"init_process_group: init_method '{method}' must be tcp://host:port.");
                var host = rest[..colon].Trim('[', ']');
                CheckRank(rank, world);
                return (Store.Tcp(host, port, world, rank, timeout, "init_method"), rank, world, $"{host}:{port}");
            }
            if (method.StartsWith("file://", StringComparison.Ordinal))
            {
                var path = method["file://".Length..];
                CheckRank(rank, world);
                var fs = new FileStore(path, world);
                fs.set_timeout(timeout);
                return (fs, rank, world, path);
            }
            throw new DistributedError($"init_process_group: unknown init_method '{method}': expected env://, tcp://host:port or file:///path.");
        }

        static void CheckRank(int rank, int world)
        {
            if (world < 1) throw new DistributedError($"init_process_group: world_size must be at least 1, got {world}.");
            if (rank < 0 || rank >= world) throw new DistributedError($"init_process_group: rank must be in [0, {world}), got {rank}.");
        }

        /// <summary>This process's rank in <paramref name="group"/> (the default group).</summary>
        public static int get_rank(ProcessGroup? group = null) => (group ?? World("get_rank")).rank();
        /// <summary>The number of ranks in <paramref name="group"/> (the default group).</summary>
        public static int get_world_size(ProcessGroup? group = null) => (group ?? World("get_world_size")).size();
        /// <summary>"gloo" or "nccl".</summary>
        public static string get_backend(ProcessGroup? group = null) => (group ?? World("get_backend")).backend;

        /// <summary>Reduces <paramref name="tensor"/> over all ranks in place (every rank gets the result). AVG on Gloo, which
        /// has no average, is a sum divided by the world size (floating-point tensors only).</summary>
        public static void all_reduce(Tensor tensor, ReduceOp op = ReduceOp.SUM, ProcessGroup? group = null) =>
            (group ?? World("all_reduce")).AllReduce(tensor, op);

        /// <summary>Copies rank <paramref name="src"/>'s <paramref name="tensor"/> into every rank's.</summary>
        public static void broadcast(Tensor tensor, int src, ProcessGroup? group = null) =>
            (group ?? World("broadcast")).Broadcast(tensor, src);

        /// <summary>Fills <paramref name="tensor_list"/> (one tensor per rank, shaped like <paramref name="tensor"/>) with
        /// every rank's <paramref name="tensor"/>.</summary>
        public static void all_gather(IList<Tensor> tensor_list, Tensor tensor, ProcessGroup? group = null) =>
            (group ?? World("all_gather")).AllGather(tensor_list, tensor);

        /// <summary>Waits until every rank has reached it.</summary>
        public static void barrier(ProcessGroup? group = null) => (group ?? World("barrier")).Barrier();

        /// <summary>Destroys the default process group (and the store this process made for it).</summary>
        public static void destroy_process_group(ProcessGroup? group = null)
        {
            var g = group ?? _world;
            if (g is null) return;
            if (ReferenceEquals(g, _world)) _world = null;
            g.Dispose();
        }

        /// <summary>
        /// The message for a failed collective of the default group: names the ranks that stopped responding (their
        /// heartbeat in the store stopped) or rank 0 when its store is gone. Returns <paramref name="error"/> itself when
        /// no group exists.
        /// </summary>
        internal static Exception Explain(Exception error, string op) =>
            _world is { } g && error is not DistributedError ? g.Failure(op, error.Message) : error;

        // ------------------------------------------------------------------------------------------------ stores

        /// <summary>A key-value store shared by the ranks (c10d's Store): the rendezvous of a process group.</summary>
        public abstract class Store : IDisposable
        {
            internal IntPtr handle;
            readonly string _what;
            private protected Store(IntPtr h, string what) { handle = h; _what = what; }

            internal IntPtr Handle => handle != IntPtr.Zero ? handle : throw new ObjectDisposedException(_what);
            internal string Describe() => _what;

            /// <summary>Sets <paramref name="key"/>.</summary>
            public unsafe void set(string key, byte[] value)
            {
                fixed (byte* p = value)
                    if (NativeDist.td_store_set(Handle, key, p, value.Length) < 0) throw Error($"set('{key}')");
            }
            /// <summary>Sets <paramref name="key"/> to UTF-8 text.</summary>
            public void set(string key, string value) => set(key, Encoding.UTF8.GetBytes(value));

            /// <summary>The value of <paramref name="key"/>, waiting for it up to the store's timeout.</summary>
            public byte[] get(string key)
            {
                if (NativeDist.td_store_get(Handle, key, out var p, out var n) < 0) throw Error($"get('{key}')");
                try
                {
                    var bytes = new byte[n];
                    Marshal.Copy(p, bytes, 0, (int)n);
                    return bytes;
                }
                finally { NativeDist.td_buffer_free(p); }
            }

            /// <summary>Adds <paramref name="amount"/> to a counter key (created at 0) and returns the new value.</summary>
            public long add(string key, long amount)
            {
                if (NativeDist.td_store_add(Handle, key, amount, out var v) < 0) throw Error($"add('{key}')");
                return v;
            }

            /// <summary>Whether every key is set (no waiting).</summary>
            public bool check(IEnumerable<string> keys)
            {
                foreach (var k in keys)
                {
                    var r = NativeDist.td_store_check(Handle, k);
                    if (r < 0) throw Error($"check('{k}')");
                    if (r == 0) return false;
                }
                return true;
            }

            /// <summary>The timeout of <see cref="get"/> and of the waits of groups built on this store.</summary>
            public void set_timeout(TimeSpan timeout)
            {
                if (NativeDist.td_store_set_timeout(Handle, (long)timeout.TotalMilliseconds) < 0) throw Error("set_timeout");
            }

            DistributedError Error(string op) => new($"{_what}: {op} failed: {NativeDist.Message()}");

            internal static Store Tcp(string host, int port, int world, int rank, TimeSpan timeout, string source)
            {
                if (port is < 1 or > 65535) throw new DistributedError($"init_process_group: port must be in 1..65535, got {port} ({source}).");
                var h = NativeDist.td_tcp_store(host, port, world, rank == 0 ? 1 : 0, (long)timeout.TotalMilliseconds);
                if (h != IntPtr.Zero) return new TCPStore(h, host, port);
                var msg = NativeDist.Message();
                if (rank == 0 && msg.Contains("ddress already in use", StringComparison.Ordinal))
                    throw new DistributedError($"init_process_group: rank 0 could not open the store on port {port} ({source}): the port is in use by " +
                        $"another process. Choose a free port (MASTER_PORT, or course train --master-port). c10d: {msg}");
                if (rank == 0)
                    throw new DistributedError($"init_process_group: rank 0 could not open the store on {host}:{port} ({source}). c10d: {msg}");
                throw new DistributedError($"init_process_group: rank {rank} could not reach rank 0's store at {host}:{port} within " +
                    $"{timeout.TotalSeconds:0.#} s ({source}): rank 0 has not started, has exited, or listens elsewhere. c10d: {msg}");
            }

            public void Dispose()
            {
                if (handle != IntPtr.Zero) { NativeDist.td_store_free(handle); handle = IntPtr.Zero; }
                GC.SuppressFinalize(this);
            }
            ~Store() { if (handle != IntPtr.Zero) NativeDist.td_store_free(handle); }
        }

        /// <summary>c10d's TCPStore: the server on rank 0 (<paramref name="is_master"/>), clients elsewhere.</summary>
        public sealed class TCPStore : Store
        {
            internal TCPStore(IntPtr h, string host, int port) : base(h, $"TCPStore({host}:{port})") { this.host = host; this.port = port; }

            /// <summary>Opens the server (<paramref name="is_master"/>) or connects to it, retrying until <paramref name="timeout"/>.</summary>
            public TCPStore(string host_name, int port, int world_size = -1, bool is_master = false, TimeSpan? timeout = null)
                : this(Open(host_name, port, world_size, is_master, timeout ?? TimeSpan.FromMinutes(5)), host_name, port) { }

            static IntPtr Open(string host, int port, int world, bool master, TimeSpan timeout)
            {
                var h = NativeDist.td_tcp_store(host, port, world, master ? 1 : 0, (long)timeout.TotalMilliseconds);
                return h != IntPtr.Zero ? h : throw new DistributedError($"TCPStore({host}:{port}, is_master: {master}): {NativeDist.Message()}");
            }

            public readonly string host;
            public readonly int port;
        }

        /// <summary>c10d's FileStore: the ranks share a file (on one machine, or a shared file system).</summary>
        public sealed class FileStore : Store
        {
            public FileStore(string file_name, int world_size = -1) : base(Open(file_name, world_size), $"FileStore({file_name})") { }

            static IntPtr Open(string path, int world)
            {
                var h = NativeDist.td_file_store(path, world);
                return h != IntPtr.Zero ? h : throw new DistributedError($"FileStore({path}): {NativeDist.Message()}");
            }
        }

        /// <summary>c10d's PrefixStore: every key of <paramref name="store"/> prefixed with <c>prefix/</c>.</summary>
        public sealed class PrefixStore : Store
        {
            public PrefixStore(string prefix, Store store) : base(Open(prefix, store), $"{store.Describe()}/{prefix}") { }

            static IntPtr Open(string prefix, Store store)
            {
                var h = NativeDist.td_prefix_store(prefix, store.Handle);
                return h != IntPtr.Zero ? h : throw new DistributedError($"PrefixStore({prefix}): {NativeDist.Message()}");
            }
        }

        // ------------------------------------------------------------------------------------------------ groups

        /// <summary>A c10d process group: its ranks, its backend, and its collectives.</summary>
        public sealed class ProcessGroup : IDisposable
        {
            IntPtr _handle;
            readonly Store _store;            // the store given to init_process_group (no prefix): heartbeats and diagnosis
            readonly bool _ownsStore;
            readonly int _rank, _size;
            readonly string _where;
            readonly TimeSpan _timeout;
            readonly Thread? _heartbeat;
            readonly CancellationTokenSource _stop = new();

            /// <summary>The backend's name.</summary>
            public readonly string backend;

            ProcessGroup(IntPtr h, string backend, Store store, bool ownsStore, int rank, int size, TimeSpan timeout, string where)
            {
                _handle = h; this.backend = backend; _store = store; _ownsStore = ownsStore; _rank = rank; _size = size;
                _timeout = timeout; _where = where;
                if (size > 1)
                {
                    _heartbeat = new Thread(Heartbeat) { IsBackground = true, Name = $"torch.distributed heartbeat (rank {rank})" };
                    _heartbeat.Start();
                }
            }

            public int rank() => _rank;
            public int size() => _size;
            internal IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new DistributedError("the process group was destroyed (destroy_process_group).");

            internal const string Prefix = "default_pg";                       // torch.distributed's store layout
            internal const string BarrierKey = "store_based_barrier_key:1";
            const string Ours = "course_dist";                                  // keys only the course's ranks write
            static string HeartbeatKey(int r) => $"{Ours}/heartbeat/{r}";
            // the address a rank publishes first in Gloo's full-mesh rendezvous (device 0): any PyTorch rank has arrived
            static string GlooKey(int r) => $"{Prefix}/0/0/rank_{r}";

            /// <summary>
            /// torch.distributed's default group on <paramref name="store"/>: a world-size check between the course's ranks
            /// (a rank started with another world size is refused at once, by name), every rank's arrival awaited with the
            /// timeout (the missing ones named), the group under the prefixes PyTorch uses, its store-based barrier and
            /// sequence number.
            /// </summary>
            internal static ProcessGroup Create(string backend, Store store, bool ownsStore, int rank, int size, TimeSpan timeout, string where)
            {
                var deadline = Stopwatch.StartNew();
                string Ctx() => $"init_process_group ({backend}, rank {rank}, world_size {size}, store {where})";
                // The course's ranks agree on the world size before Gloo's rendezvous (which would only time out).
                try
                {
                    if (rank == 0) store.set($"{Ours}/world_size", size.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    else
                    {
                        var seen = WaitFor(store, deadline, timeout, () =>
                            store.check(new[] { $"{Ours}/world_size" }) ? "course" : store.check(new[] { GlooKey(0) }) ? "other" : null);
                        if (seen is null)
                            throw new DistributedError($"{Ctx()}: rank 0 did not join within {timeout.TotalSeconds:0.#} s.");
                        if (seen == "course")
                        {
                            var theirs = int.Parse(Encoding.UTF8.GetString(store.get($"{Ours}/world_size")), System.Globalization.CultureInfo.InvariantCulture);
                            if (theirs != size)
                            {
                                var msg = $"world-size mismatch: rank 0 was started with world_size {theirs}, rank {rank} with {size}";
                                store.set($"{Ours}/refused/{rank}", msg);
                                throw new DistributedError($"{Ctx()}: {msg}. Start every rank with the same WORLD_SIZE (--nproc × --nnodes).");
                            }
                        }
                    }
                    store.set($"{Ours}/joined/{rank}", "1");
                    // Every rank waits for all: joined (a course rank), at Gloo's rendezvous (any PyTorch rank), or refused.
                    var missing = Enumerable.Range(0, size).ToList();
                    string? refusal = null;
                    WaitFor(store, deadline, timeout, () =>
                    {
                        missing.RemoveAll(r => store.check(new[] { $"{Ours}/joined/{r}" }) || store.check(new[] { GlooKey(r) }));
                        foreach (var r in Enumerable.Range(0, size))
                            if (store.check(new[] { $"{Ours}/refused/{r}" })) { refusal = $"rank {r} refused to join: {Encoding.UTF8.GetString(store.get($"{Ours}/refused/{r}"))}"; return "refused"; }
                        return missing.Count == 0 ? "all" : null;
                    });
                    if (refusal is not null) throw new DistributedError($"{Ctx()}: {refusal}.");
                    if (missing.Count > 0)
                        throw new DistributedError($"{Ctx()}: {Ranks(missing)} of {size} never joined within {timeout.TotalSeconds:0.#} s " +
                            "(not started, crashed, or pointed at another store).");
                }
                catch (DistributedError) { throw; }
                catch (Exception e) { throw new DistributedError($"{Ctx()}: the store failed: {e.Message}", e); }

                var defaultPg = new PrefixStore(Prefix, store);
                var groupStore = new PrefixStore("0", defaultPg);
                try
                {
                    var h = NativeDist.td_group_new(backend, groupStore.Handle, rank, size, (long)timeout.TotalMilliseconds);
                    if (h == IntPtr.Zero) throw new DistributedError($"{Ctx()}: creating the {backend} group failed: {NativeDist.Message()}");
                    var pg = new ProcessGroup(h, backend, store, ownsStore, rank, size, timeout, where);
                    try
                    {
                        // torch.distributed's store-based barrier, then the group's sequence number (rank 0 draws it).
                        defaultPg.add(BarrierKey, 1);
                        var arrived = 0L;
                        var done = WaitFor(defaultPg, deadline, timeout, () => (arrived = defaultPg.add(BarrierKey, 0)) >= size ? "done" : null);
                        if (done is null)
                            throw new DistributedError($"{Ctx()}: {arrived} of {size} ranks reached the store-based barrier within {timeout.TotalSeconds:0.#} s.");
                        if (NativeDist.td_group_set_sequence_number(h) < 0) throw new DistributedError($"{Ctx()}: {NativeDist.Message()}");
                        return pg;
                    }
                    catch { pg.Dispose(); throw; }
                }
                finally { groupStore.Dispose(); defaultPg.Dispose(); }
            }

            /// <summary>Polls <paramref name="probe"/> every 10 ms until it answers or the time is up (null then).</summary>
            static string? WaitFor(Store store, Stopwatch clock, TimeSpan timeout, Func<string?> probe)
            {
                while (true)
                {
                    var r = probe();
                    if (r is not null) return r;
                    if (clock.Elapsed > timeout) return null;
                    Thread.Sleep(10);
                }
            }

            static string Ranks(IReadOnlyCollection<int> ranks) => ranks.Count == 1 ? $"rank {ranks.First()}" : $"ranks {string.Join(", ", ranks)}";

            void Heartbeat()
            {
                try
                {
                    while (!_stop.IsCancellationRequested)
                    {
                        _store.add(HeartbeatKey(_rank), 1);
                        _stop.Token.WaitHandle.WaitOne(500);
                    }
                }
                catch (Exception) { /* the store is gone (rank 0 exited) or the group was destroyed: nothing left to tell */ }
            }

            /// <summary>
            /// A <see cref="DistributedError"/> for a failed <paramref name="op"/>: which ranks stopped responding (a
            /// heartbeat that does not move over two seconds), or rank 0 when the store it hosts is unreachable.
            /// </summary>
            internal DistributedError Failure(string op, string detail)
            {
                string who;
                try
                {
                    var others = Enumerable.Range(0, _size).Where(r => r != _rank).ToList();
                    var before = others.ToDictionary(r => r, r => _store.add(HeartbeatKey(r), 0));
                    Thread.Sleep(2000);
                    var after = others.ToDictionary(r => r, r => _store.add(HeartbeatKey(r), 0));
                    var dead = others.Where(r => before[r] > 0 && after[r] == before[r]).ToList();
                    var silent = others.Where(r => before[r] == 0 && after[r] == 0).ToList();   // no heartbeat: not a course process
                    who = dead.Count > 0 ? $"{Ranks(dead)} stopped responding (exited, was killed, or hangs)"
                        : silent.Count > 0 ? $"{Ranks(silent)} (not a course process: no heartbeat to check) may have failed"
                        : "every other rank is still alive (a mismatched collective, or a network error)";
                }
                catch (Exception)
                {
                    who = _rank == 0 ? "the store this rank hosts failed" : $"rank 0, which hosts the store at {_where}, is gone (exited or was killed)";
                }
                return new DistributedError($"{op} failed on rank {_rank} of {_size} ({backend}): {who}. c10d: {detail}");
            }

            void Run(string op, int rc)
            {
                if (rc < 0) throw Failure(op, NativeDist.Message());
            }

            internal unsafe void AllReduce(Tensor t, ReduceOp op)
            {
                var h = t.Handle;
                bool avgBySum = op == ReduceOp.AVG && backend == Backend.GLOO;
                if (avgBySum && !t.is_floating_point())
                    throw new DistributedError($"all_reduce(AVG) on Gloo needs a floating-point tensor, got {t.dtype}.");
                Run($"all_reduce({op})", NativeDist.td_all_reduce(Handle, &h, 1, (int)(avgBySum ? ReduceOp.SUM : op)));
                if (avgBySum) t.div_(_size);
            }

            internal unsafe void Broadcast(Tensor t, int src)
            {
                CheckSrc(src, "broadcast");
                var h = t.Handle;
                Run($"broadcast(src {src})", NativeDist.td_broadcast(Handle, &h, 1, src));
            }

            internal unsafe void AllGather(IList<Tensor> outputs, Tensor input)
            {
                if (outputs.Count != _size)
                    throw new DistributedError($"all_gather: tensor_list must hold one tensor per rank: expected {_size}, got {outputs.Count}.");
                for (int i = 0; i < outputs.Count; i++)
                    if (!outputs[i].shape.SequenceEqual(input.shape) || outputs[i].dtype != input.dtype)
                        throw new DistributedError($"all_gather: tensor_list[{i}] is {outputs[i].dtype} [{string.Join(", ", outputs[i].shape)}], " +
                            $"expected {input.dtype} [{string.Join(", ", input.shape)}] like the input.");
                var hs = outputs.Select(o => o.Handle).ToArray();
                var hi = input.Handle;
                fixed (IntPtr* p = hs)
                {
                    var pp = p;
                    Run("all_gather", NativeDist.td_all_gather(Handle, pp, hs.Length, hi));
                }
            }

            internal void Barrier() => Run("barrier", NativeDist.td_barrier(Handle));

            internal unsafe void BroadcastCoalesced(IReadOnlyList<Tensor> tensors, long bufferBytes, int src, string op)
            {
                if (tensors.Count == 0) return;
                var hs = tensors.Select(t => t.Handle).ToArray();
                fixed (IntPtr* p = hs)
                {
                    var pp = p;
                    Run(op, NativeDist.td_broadcast_coalesced(Handle, pp, hs.Length, bufferBytes, src));
                }
            }

            internal unsafe void VerifyParams(IReadOnlyList<Tensor> parameters)
            {
                var hs = parameters.Select(t => t.Handle).ToArray();
                fixed (IntPtr* p = hs)
                    if (NativeDist.td_verify_params(Handle, p, hs.Length) < 0)
                        throw new DistributedError($"DistributedDataParallel: the ranks' models differ (rank {_rank}: {hs.Length} parameters): {NativeDist.Message()}");
            }

            void CheckSrc(int src, string op)
            {
                if (src < 0 || src >= _size) throw new DistributedError($"{op}: src must be a rank in [0, {_size}), got {src}.");
            }

            public void Dispose()
            {
                _stop.Cancel();
                _heartbeat?.Join(2000);
                if (_handle != IntPtr.Zero) { NativeDist.td_group_free(_handle); _handle = IntPtr.Zero; }
                if (_ownsStore) _store.Dispose();
            }
        }

        /// <summary>A torch.distributed failure, with the rank, the expected and the actual in its message.</summary>
        public sealed class DistributedError : TorchException
        {
            public DistributedError(string message) : base(message) { }
            public DistributedError(string message, Exception inner) : base(message, inner) { }
        }
    }
}
