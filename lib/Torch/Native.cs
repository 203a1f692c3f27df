using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TorchSharp;

/// <summary>The shim's C entry points (lib/Torch/native/shim.cpp). Handles are native at::Tensor pointers.</summary>
internal static unsafe class Native
{
    const string Lib = "course_torch";

    // A library's module initializer, on purpose: the OpenMP policy must be set and the resolver registered before the
    // first call into libtorch, whichever type of the binding a program touches first.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RegisterResolver()
    {
        ChooseOpenMpWaiting();
        NativeLibrary.SetDllImportResolver(typeof(Native).Assembly, Resolve);
    }

    /// <summary>
    /// How libtorch's OpenMP workers wait between parallel regions (libgomp reads this once, when libtorch is loaded,
    /// so it is set natively — .NET's Environment.SetEnvironmentVariable does not reach the C environment — before
    /// the shim is loaded). Measured on a 2-core machine (bench/README.md, "Waiting"): workers that sleep at once
    /// (OMP_WAIT_POLICY=PASSIVE) are woken through the kernel for every parallel region, which costs small models a
    /// third of their speed; short spins (10,000 rounds) still let them fall asleep several times per step. So they
    /// spin <see cref="SpinCount"/> rounds (a few milliseconds; libgomp's own default, as PyTorch has it) and then
    /// sleep. Spinning is slow when another busy process shares the cores: the course's trainer then drops to one
    /// thread (Course.CoreShare), and its multi-process commands (<c>course run --jobs N</c>, <c>./course test</c>)
    /// ask for PASSIVE. A value the user set (OMP_WAIT_POLICY or GOMP_SPINCOUNT) is kept.
    /// </summary>
    static void ChooseOpenMpWaiting()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null
            || Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") is not null) return;
        try { setenv("GOMP_SPINCOUNT", SpinCount.ToString(System.Globalization.CultureInfo.InvariantCulture), 0); }
        catch (Exception) { /* no libc setenv: keep libgomp's default */ }
    }

    /// <summary>Spin rounds of an idle OpenMP worker before it sleeps (GOMP_SPINCOUNT), unless the user chose.</summary>
    internal const int SpinCount = 300_000;

    [DllImport("libc", CharSet = CharSet.Ansi)] static extern int setenv(string name, string value, int overwrite);

    static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Lib) return IntPtr.Zero;
        var dirs = new[] { Path.GetDirectoryName(assembly.Location), AppContext.BaseDirectory };
        foreach (var dir in dirs)
        {
            if (string.IsNullOrEmpty(dir)) continue;
            var file = Path.Combine(dir, "libcourse_torch.so");
            if (File.Exists(file)) return NativeLibrary.Load(file);
        }
        if (NativeLibrary.TryLoad("libcourse_torch.so", assembly, path, out var h)) return h;
        throw new DllNotFoundException(
            "libcourse_torch.so (the course's libtorch shim) was not found next to Torch.dll. Build the solution with " +
            "'dotnet build' (it builds the shim through CMake; run 'bash scripts/setup.sh' first on a fresh machine).");
    }

    /// <summary>Throws the pending native error of this thread as a <see cref="TorchException"/>.</summary>
    internal static Exception Error(string? context = null)
    {
        var p = ts_last_error();
        var msg = p == IntPtr.Zero ? "libtorch call failed without a message" : Marshal.PtrToStringUTF8(p)!;
        ts_clear_error();
        return new TorchException(context is null ? msg : $"{context}: {msg}");
    }

    internal static IntPtr Check(IntPtr handle, string? context = null) => handle == IntPtr.Zero ? throw Error(context) : handle;
    internal static void Check(int rc, string? context = null) { if (rc < 0) throw Error(context); }

    [DllImport(Lib)] internal static extern IntPtr ts_last_error();
    [DllImport(Lib)] internal static extern void ts_clear_error();
    [DllImport(Lib)] internal static extern int ts_set_num_threads(int n);
    [DllImport(Lib)] internal static extern int ts_get_num_threads();
    [DllImport(Lib)] internal static extern IntPtr ts_version();
    [DllImport(Lib)] internal static extern IntPtr ts_parallel_info();
    [DllImport(Lib)] internal static extern int ts_manual_seed(ulong seed);
    [DllImport(Lib)] internal static extern int ts_cuda_is_available();
    [DllImport(Lib)] internal static extern int ts_cuda_device_count();
    [DllImport(Lib)] internal static extern int ts_cuda_synchronize();
    [DllImport(Lib)] internal static extern int ts_cudnn_benchmark(int set);
    [DllImport(Lib)] internal static extern int ts_set_grad_enabled(int enabled);
    [DllImport(Lib)] internal static extern int ts_is_grad_enabled();

    [DllImport(Lib)] internal static extern void ts_free(IntPtr t);
    [DllImport(Lib)] internal static extern int ts_ndim(IntPtr t);
    [DllImport(Lib)] internal static extern void ts_shape(IntPtr t, long* shape);
    [DllImport(Lib)] internal static extern long ts_numel(IntPtr t);
    [DllImport(Lib)] internal static extern int ts_dtype(IntPtr t);
    [DllImport(Lib)] internal static extern int ts_device_type(IntPtr t);
    [DllImport(Lib)] internal static extern int ts_device_index(IntPtr t);
    [DllImport(Lib)] internal static extern int ts_requires_grad(IntPtr t);
    [DllImport(Lib)] internal static extern int ts_set_requires_grad(IntPtr t, int r);
    [DllImport(Lib)] internal static extern int ts_is_leaf(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr ts_grad(IntPtr t);
    [DllImport(Lib)] internal static extern int ts_set_grad(IntPtr t, IntPtr g);
    [DllImport(Lib)] internal static extern int ts_backward(IntPtr t, IntPtr grad, int retain);
    [DllImport(Lib)] internal static extern IntPtr ts_detach(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr ts_alias(IntPtr t);

    [DllImport(Lib)] internal static extern IntPtr ts_from_blob(void* data, long* shape, int ndim, int dtype, int devType, int devIndex);
    [DllImport(Lib)] internal static extern IntPtr ts_factory(int kind, long* shape, int ndim, int dtype, int devType, int devIndex, double value);
    [DllImport(Lib)] internal static extern IntPtr ts_arange(double start, double end, double step, int dtype, int devType, int devIndex);
    [DllImport(Lib)] internal static extern IntPtr ts_randint(long low, long high, long* shape, int ndim, int dtype, int devType, int devIndex);
    [DllImport(Lib)] internal static extern IntPtr ts_randperm(long n, int dtype, int devType, int devIndex);
    [DllImport(Lib)] internal static extern int ts_copy_out(IntPtr t, void* dst, long nbytes);
    [DllImport(Lib)] internal static extern int ts_item(IntPtr t, out double value);
    [DllImport(Lib)] internal static extern int ts_item_long(IntPtr t, out long value);
    [DllImport(Lib)] internal static extern IntPtr ts_to(IntPtr t, int dtype, int devType, int devIndex, int nonBlocking, int copy);
    [DllImport(Lib)] internal static extern IntPtr ts_pin_memory(IntPtr t);

    [DllImport(Lib)] internal static extern IntPtr ts_unary(IntPtr a, int op);
    [DllImport(Lib)] internal static extern int ts_unary_(IntPtr a, int op);
    [DllImport(Lib)] internal static extern IntPtr ts_binary(IntPtr a, IntPtr b, int op, double alpha);
    [DllImport(Lib)] internal static extern IntPtr ts_binary_scalar(IntPtr a, double s, int op);
    [DllImport(Lib)] internal static extern int ts_binary_(IntPtr a, IntPtr b, int op, double alpha);
    [DllImport(Lib)] internal static extern int ts_scalar_(IntPtr a, double s, int op);
    [DllImport(Lib)] internal static extern int ts_addcmul_(IntPtr a, IntPtr t1, IntPtr t2, double value);
    [DllImport(Lib)] internal static extern int ts_addcdiv_(IntPtr a, IntPtr t1, IntPtr t2, double value);
    [DllImport(Lib)] internal static extern int ts_uniform_(IntPtr a, double lo, double hi);
    [DllImport(Lib)] internal static extern int ts_normal_(IntPtr a, double mean, double std);
    [DllImport(Lib)] internal static extern int ts_bernoulli_(IntPtr a, double p);
    [DllImport(Lib)] internal static extern IntPtr ts_clamp(IntPtr a, double lo, double hi, int hasLo, int hasHi);
    [DllImport(Lib)] internal static extern IntPtr ts_where(IntPtr cond, IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern int ts_equal(IntPtr a, IntPtr b);
    [DllImport(Lib)] internal static extern int ts_allclose(IntPtr a, IntPtr b, double rtol, double atol);

    [DllImport(Lib)] internal static extern IntPtr ts_reduce(IntPtr a, int op, long* dims, int ndims, int keepdim);
    [DllImport(Lib)] internal static extern int ts_max_dim(IntPtr a, long dim, int keepdim, int isMin, out IntPtr values, out IntPtr indices);
    [DllImport(Lib)] internal static extern IntPtr ts_argmax(IntPtr a, long dim, int hasDim, int keepdim, int isMin);
    [DllImport(Lib)] internal static extern int ts_topk(IntPtr a, long k, long dim, int largest, out IntPtr values, out IntPtr indices);
    [DllImport(Lib)] internal static extern IntPtr ts_cumsum(IntPtr a, long dim);
    [DllImport(Lib)] internal static extern IntPtr ts_bincount(IntPtr a, long minlength);

    [DllImport(Lib)] internal static extern IntPtr ts_reshape(IntPtr a, long* shape, int n);
    [DllImport(Lib)] internal static extern IntPtr ts_view(IntPtr a, long* shape, int n);
    [DllImport(Lib)] internal static extern IntPtr ts_expand(IntPtr a, long* shape, int n);
    [DllImport(Lib)] internal static extern IntPtr ts_repeat(IntPtr a, long* shape, int n);
    [DllImport(Lib)] internal static extern IntPtr ts_permute(IntPtr a, long* dims, int n);
    [DllImport(Lib)] internal static extern IntPtr ts_flip(IntPtr a, long* dims, int n);
    [DllImport(Lib)] internal static extern IntPtr ts_transpose(IntPtr a, long d0, long d1);
    [DllImport(Lib)] internal static extern IntPtr ts_flatten(IntPtr a, long start, long end);
    [DllImport(Lib)] internal static extern IntPtr ts_squeeze(IntPtr a, long dim, int all);
    [DllImport(Lib)] internal static extern IntPtr ts_unsqueeze(IntPtr a, long dim);
    [DllImport(Lib)] internal static extern IntPtr ts_narrow(IntPtr a, long dim, long start, long length);
    [DllImport(Lib)] internal static extern IntPtr ts_select(IntPtr a, long dim, long index);
    [DllImport(Lib)] internal static extern IntPtr ts_slice(IntPtr a, long dim, long start, long end, long step);
    [DllImport(Lib)] internal static extern IntPtr ts_index_select(IntPtr a, long dim, IntPtr idx);
    [DllImport(Lib)] internal static extern IntPtr ts_index_tensor(IntPtr a, IntPtr idx);
    [DllImport(Lib)] internal static extern IntPtr ts_masked_select(IntPtr a, IntPtr mask);
    [DllImport(Lib)] internal static extern IntPtr ts_gather(IntPtr a, long dim, IntPtr idx);
    [DllImport(Lib)] internal static extern IntPtr ts_one_hot(IntPtr a, long n);
    [DllImport(Lib)] internal static extern IntPtr ts_cat(IntPtr* ts, int n, long dim);
    [DllImport(Lib)] internal static extern IntPtr ts_stack(IntPtr* ts, int n, long dim);

    [DllImport(Lib)] internal static extern IntPtr ts_conv2d(IntPtr x, IntPtr w, IntPtr b, long* stride, long* padding, long* dilation, long groups);
    [DllImport(Lib)] internal static extern IntPtr ts_linear(IntPtr x, IntPtr w, IntPtr b);
    [DllImport(Lib)] internal static extern IntPtr ts_max_pool2d(IntPtr x, long* k, long* s, long* p, long* d, int ceil);
    [DllImport(Lib)] internal static extern IntPtr ts_avg_pool2d(IntPtr x, long* k, long* s, long* p, int ceil, int countIncludePad);
    [DllImport(Lib)] internal static extern IntPtr ts_adaptive_avg_pool2d(IntPtr x, long* output);
    [DllImport(Lib)] internal static extern IntPtr ts_adaptive_max_pool2d(IntPtr x, long* output);
    [DllImport(Lib)] internal static extern IntPtr ts_batch_norm(IntPtr x, IntPtr w, IntPtr b, IntPtr rm, IntPtr rv, int training, double momentum, double eps);
    [DllImport(Lib)] internal static extern IntPtr ts_dropout(IntPtr x, double p, int training);
    [DllImport(Lib)] internal static extern IntPtr ts_feature_dropout(IntPtr x, double p, int training);
    [DllImport(Lib)] internal static extern IntPtr ts_local_response_norm(IntPtr x, long size, double alpha, double beta, double k);
    [DllImport(Lib)] internal static extern IntPtr ts_softmax(IntPtr x, long dim);
    [DllImport(Lib)] internal static extern IntPtr ts_log_softmax(IntPtr x, long dim);
    [DllImport(Lib)] internal static extern IntPtr ts_leaky_relu(IntPtr x, double slope);
    [DllImport(Lib)] internal static extern IntPtr ts_gelu(IntPtr x);
    [DllImport(Lib)] internal static extern IntPtr ts_cross_entropy(IntPtr x, IntPtr target, IntPtr weight, int reduction, long ignoreIndex, double labelSmoothing);
    [DllImport(Lib)] internal static extern IntPtr ts_nll_loss(IntPtr x, IntPtr target, IntPtr weight, int reduction, long ignoreIndex);
    [DllImport(Lib)] internal static extern IntPtr ts_mse_loss(IntPtr x, IntPtr target, int reduction);
    [DllImport(Lib)] internal static extern IntPtr ts_bce_loss(IntPtr x, IntPtr target, int reduction);
    [DllImport(Lib)] internal static extern IntPtr ts_interpolate(IntPtr x, long* size, int mode, int alignCorners);
    [DllImport(Lib)] internal static extern IntPtr ts_pad(IntPtr x, long* pad, int n, int mode, double value);
}

/// <summary>Op codes shared with shim.cpp (keep in sync).</summary>
internal enum UnaryOp { Neg, Exp, Log, Sigmoid, Tanh, Relu, Sqrt, Abs, Clone, Contiguous, Floor, Ceil, Round, Sin, Cos, T, LogicalNot, Sign, Square, Rsqrt, Reciprocal, IsNan, Log1p, Expm1 }
internal enum UnaryInplaceOp { Zero, Relu, Sigmoid, Tanh, Neg, Sqrt, Exp }
internal enum BinaryOp { Add, Sub, Mul, Div, Matmul, Pow, Eq, Ne, Lt, Le, Gt, Ge, Maximum, Minimum, LogicalAnd, LogicalOr, Mm, Remainder, Bmm, FloorDivide, RSub, RDiv, RPow }
internal enum BinaryInplaceOp { Add, Sub, Mul, Div, Copy }
internal enum ScalarInplaceOp { Add, Sub, Mul, Div, Fill, ClampMin, ClampMax, Pow }
internal enum ReduceOp { Sum, Mean, Amax, Amin, Std, Var, Prod, All, Any, Norm }
internal enum FactoryKind { Empty, Zeros, Ones, Full, Rand, Randn }

/// <summary>Entry points of the boxed operator call and the generators (shim.cpp, last sections).</summary>
internal static unsafe class NativeOps
{
    const string Lib = "course_torch";
    [DllImport(Lib)] internal static extern IntPtr ts_op_find(string name, string overload);
    [DllImport(Lib)] internal static extern IntPtr ts_ivs_new();
    [DllImport(Lib)] internal static extern void ts_ivs_free(IntPtr s);
    [DllImport(Lib)] internal static extern void ts_ivs_clear(IntPtr s);
    [DllImport(Lib)] internal static extern void ts_push_tensor(IntPtr s, IntPtr t);
    [DllImport(Lib)] internal static extern void ts_push_int(IntPtr s, long v);
    [DllImport(Lib)] internal static extern void ts_push_double(IntPtr s, double v);
    [DllImport(Lib)] internal static extern void ts_push_bool(IntPtr s, int v);
    [DllImport(Lib)] internal static extern void ts_push_none(IntPtr s);
    [DllImport(Lib)] internal static extern void ts_push_default(IntPtr s);
    [DllImport(Lib)] internal static extern void ts_push_string(IntPtr s, string v);
    [DllImport(Lib)] internal static extern void ts_push_ints(IntPtr s, long* v, int n);
    [DllImport(Lib)] internal static extern void ts_push_doubles(IntPtr s, double* v, int n);
    [DllImport(Lib)] internal static extern void ts_push_tensors(IntPtr s, IntPtr* ts, int n);
    [DllImport(Lib)] internal static extern void ts_push_optional_tensors(IntPtr s, IntPtr* ts, int n);
    [DllImport(Lib)] internal static extern void ts_push_device(IntPtr s, int type, int index);
    [DllImport(Lib)] internal static extern void ts_push_generator(IntPtr s, IntPtr g);
    [DllImport(Lib)] internal static extern int ts_op_call(IntPtr op, IntPtr s);
    [DllImport(Lib)] internal static extern int ts_result_kind(IntPtr s, int i);
    [DllImport(Lib)] internal static extern IntPtr ts_result_tensor(IntPtr s, int i);
    [DllImport(Lib)] internal static extern long ts_result_int(IntPtr s, int i);
    [DllImport(Lib)] internal static extern double ts_result_double(IntPtr s, int i);
    [DllImport(Lib)] internal static extern int ts_result_bool(IntPtr s, int i);
    [DllImport(Lib)] internal static extern int ts_result_list_size(IntPtr s, int i);
    [DllImport(Lib)] internal static extern IntPtr ts_result_list_item(IntPtr s, int i, int j);

    [DllImport(Lib)] internal static extern IntPtr ts_generator_new(ulong seed);
    [DllImport(Lib)] internal static extern IntPtr ts_generator_default();
    [DllImport(Lib)] internal static extern void ts_generator_free(IntPtr g);
    [DllImport(Lib)] internal static extern int ts_generator_manual_seed(IntPtr g, ulong seed);
    [DllImport(Lib)] internal static extern ulong ts_generator_initial_seed(IntPtr g);
    [DllImport(Lib)] internal static extern ulong ts_generator_seed(IntPtr g);
    [DllImport(Lib)] internal static extern IntPtr ts_generator_get_state(IntPtr g);
    [DllImport(Lib)] internal static extern int ts_generator_set_state(IntPtr g, IntPtr state);
}

/// <summary>Raw element access for <see cref="Utils.TensorAccessor{T}"/>.</summary>
internal static unsafe class NativeData
{
    const string Lib = "course_torch";
    [DllImport(Lib)] internal static extern IntPtr ts_data_ptr(IntPtr t);
    [DllImport(Lib)] internal static extern void ts_strides(IntPtr t, long* strides);
}
