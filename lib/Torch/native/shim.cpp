// The course's C ABI over libtorch. Every entry point only forwards to ATen: the math is libtorch's.
//
// Conventions
// - A tensor handle is a heap-allocated at::Tensor (`T`); the managed side frees it with ts_free.
// - Functions that return a handle return nullptr on failure; functions that return int return 0 on
//   success and -1 on failure. The failure's message is kept per thread and read with ts_last_error().
//   No C++ exception ever crosses this boundary.
// - Enumerations (dtype, device type) use c10's numbering.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/util/Exception.h>
#include <c10/core/InferenceMode.h>
#include <torch/csrc/autograd/autograd.h>

#include "shim.h"

#include <malloc.h>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

static thread_local std::string g_error;
static thread_local bool g_has_error = false;

void course_set_error(const char* msg) {
    g_error = msg;
    g_has_error = true;
}

#define RET_T(expr) GUARD_BEGIN return new at::Tensor(expr); GUARD_END(nullptr)
#define RET_OK(stmt) GUARD_BEGIN stmt; return 0; GUARD_END(-1)

static inline at::IntArrayRef ref(const int64_t* p, int n) { return at::IntArrayRef(p, (size_t)n); }

static at::TensorOptions options(int dtype, int dev_type, int dev_index) {
    auto o = at::TensorOptions().dtype((at::ScalarType)dtype);
    if (dev_type == (int)at::DeviceType::CUDA)
        o = o.device(at::Device(at::DeviceType::CUDA, (c10::DeviceIndex)dev_index));
    return o;
}

// ---------------------------------------------------------------- start-up and process state

// glibc's malloc returns large blocks to the OS eagerly; libtorch's allocation pattern then pays for
// mmap/munmap and page faults on every step. Keep big blocks in the heap instead.
static void tune_malloc() {
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
}

static int default_threads() {
    const char* env = std::getenv("COURSE_THREADS");
    if (env && std::atoi(env) > 0) return std::atoi(env);
    unsigned n = std::thread::hardware_concurrency();
    return n > 0 ? (int)n : 1;
}

__attribute__((constructor)) static void shim_init() {
    tune_malloc();
    try {
        at::set_num_threads(default_threads());
    } catch (...) {
    }
}

EXPORT const char* ts_last_error() { return g_has_error ? g_error.c_str() : nullptr; }
EXPORT void ts_clear_error() { g_has_error = false; g_error.clear(); }

EXPORT int ts_set_num_threads(int n) { RET_OK(at::set_num_threads(n)) }
EXPORT int ts_get_num_threads() { return at::get_num_threads(); }
EXPORT const char* ts_version() {
    return COURSE_TORCH_VERSION;  // libtorch's version as its CMake package reports it
}
// libtorch's own description of its CPU parallelism (threads, OpenMP, MKL-DNN, the environment it read), followed by
// the OpenMP waiting settings libgomp took from this process's C environment when it was loaded.
EXPORT const char* ts_parallel_info() {
    static thread_local std::string info;
    try { info = at::get_parallel_info(); } catch (...) { info = "ATen/Parallel: unavailable\n"; }
    info += "OpenMP waiting (libgomp reads these when it is loaded):\n";
    for (const char* name : {"OMP_WAIT_POLICY", "GOMP_SPINCOUNT"}) {
        const char* v = std::getenv(name);
        info += std::string("\t") + name + " : " + (v ? v : "[not set]") + "\n";
    }
    return info.c_str();
}
EXPORT int ts_manual_seed(uint64_t seed) { RET_OK(at::manual_seed(seed)) }
EXPORT int ts_cuda_is_available() {
    try { return at::hasCUDA() && at::detail::getCUDAHooks().getNumGPUs() > 0 ? 1 : 0; } catch (...) { return 0; }
}
EXPORT int ts_cuda_device_count() {
    try { return at::hasCUDA() ? (int)at::detail::getCUDAHooks().getNumGPUs() : 0; } catch (...) { return 0; }
}
EXPORT int ts_cuda_synchronize() {
    GUARD_BEGIN
    if (at::hasCUDA()) at::detail::getCUDAHooks().deviceSynchronize(at::detail::getCUDAHooks().current_device());
    return 0;
    GUARD_END(-1)
}
EXPORT int ts_cudnn_benchmark(int set) {
    if (set >= 0) at::globalContext().setBenchmarkCuDNN(set != 0);
    return at::globalContext().benchmarkCuDNN() ? 1 : 0;
}
EXPORT int ts_set_grad_enabled(int enabled) {
    bool prev = at::GradMode::is_enabled();
    at::GradMode::set_enabled(enabled != 0);
    return prev ? 1 : 0;
}
EXPORT int ts_is_grad_enabled() { return at::GradMode::is_enabled() ? 1 : 0; }

// ---------------------------------------------------------------- tensor lifecycle and metadata

EXPORT void ts_free(T t) { delete t; }
EXPORT int ts_ndim(T t) { return (int)t->dim(); }
EXPORT void ts_shape(T t, int64_t* out) {
    auto s = t->sizes();
    for (size_t i = 0; i < s.size(); i++) out[i] = s[i];
}
EXPORT int64_t ts_numel(T t) { return t->numel(); }
EXPORT int ts_dtype(T t) { return (int)t->scalar_type(); }
EXPORT int ts_device_type(T t) { return (int)t->device().type(); }
EXPORT int ts_device_index(T t) { return (int)t->device().index(); }
EXPORT int ts_requires_grad(T t) { return t->requires_grad() ? 1 : 0; }
EXPORT int ts_set_requires_grad(T t, int r) { RET_OK(t->set_requires_grad(r != 0)) }
EXPORT int ts_is_leaf(T t) { return t->is_leaf() ? 1 : 0; }
EXPORT T ts_grad(T t) {
    GUARD_BEGIN
    const auto& g = t->grad();
    if (!g.defined()) return nullptr;
    return new at::Tensor(g);
    GUARD_END(nullptr)
}
EXPORT int ts_set_grad(T t, T g) { RET_OK(t->mutable_grad() = g ? *g : at::Tensor()) }
EXPORT int ts_backward(T t, T grad, int retain_graph) {
    RET_OK(t->backward(grad ? *grad : at::Tensor(), retain_graph ? c10::optional<bool>(true) : c10::nullopt))
}
EXPORT T ts_detach(T t) { RET_T(t->detach()) }
EXPORT T ts_alias(T t) { RET_T(*t) }

// ---------------------------------------------------------------- creation

EXPORT T ts_from_blob(const void* data, const int64_t* shape, int ndim, int dtype, int dev_type, int dev_index) {
    GUARD_BEGIN
    if (dev_type != (int)at::DeviceType::CUDA) {
        // A plain memcpy on the calling thread: a tensor copy of this size would run as an OpenMP parallel region,
        // and on a data loader's thread that makes a second OpenMP team, which switches libgomp's waiting
        // workers to throttled (almost passive) spinning for the whole process.
        at::Tensor out = at::empty(ref(shape, ndim), options(dtype, dev_type, dev_index));
        if (out.nbytes() > 0) std::memcpy(out.data_ptr(), data, out.nbytes());
        return new at::Tensor(out);
    }
    auto src = at::from_blob(const_cast<void*>(data), ref(shape, ndim), at::TensorOptions().dtype((at::ScalarType)dtype));
    at::Tensor out = src.to(options(dtype, dev_type, dev_index), /*non_blocking*/ false, /*copy*/ true);
    return new at::Tensor(out);
    GUARD_END(nullptr)
}

enum Factory { F_EMPTY = 0, F_ZEROS, F_ONES, F_FULL, F_RAND, F_RANDN };

EXPORT T ts_factory(int kind, const int64_t* shape, int ndim, int dtype, int dev_type, int dev_index, double value) {
    GUARD_BEGIN
    auto o = options(dtype, dev_type, dev_index);
    auto s = ref(shape, ndim);
    at::Tensor r;
    switch (kind) {
        case F_EMPTY: r = at::empty(s, o); break;
        case F_ZEROS: r = at::zeros(s, o); break;
        case F_ONES: r = at::ones(s, o); break;
        case F_FULL: r = at::full(s, value, o); break;
        case F_RAND: r = at::rand(s, o); break;
        case F_RANDN: r = at::randn(s, o); break;
        default: throw std::invalid_argument("unknown factory kind");
    }
    return new at::Tensor(r);
    GUARD_END(nullptr)
}
EXPORT T ts_arange(double start, double end, double step, int dtype, int dev_type, int dev_index) {
    RET_T(at::arange(start, end, step, options(dtype, dev_type, dev_index)))
}
EXPORT T ts_randint(int64_t low, int64_t high, const int64_t* shape, int ndim, int dtype, int dev_type, int dev_index) {
    RET_T(at::randint(low, high, ref(shape, ndim), options(dtype, dev_type, dev_index)))
}
EXPORT T ts_randperm(int64_t n, int dtype, int dev_type, int dev_index) {
    RET_T(at::randperm(n, options(dtype, dev_type, dev_index)))
}

// ---------------------------------------------------------------- data out

// Copies the tensor's elements (any device, any layout) into `dst` as a contiguous CPU array.
EXPORT int ts_copy_out(T t, void* dst, int64_t nbytes) {
    GUARD_BEGIN
    at::Tensor c = t->detach().to(at::kCPU).contiguous();
    int64_t need = c.numel() * (int64_t)c.element_size();
    if (need != nbytes) throw std::invalid_argument("copy_out: buffer has " + std::to_string(nbytes) + " bytes, tensor needs " + std::to_string(need));
    if (need > 0) std::memcpy(dst, c.data_ptr(), (size_t)need);
    return 0;
    GUARD_END(-1)
}
EXPORT int ts_item(T t, double* out) { RET_OK(*out = t->item<double>()) }
EXPORT int ts_item_long(T t, int64_t* out) { RET_OK(*out = t->item<int64_t>()) }

EXPORT T ts_to(T t, int dtype, int dev_type, int dev_index, int non_blocking, int copy) {
    GUARD_BEGIN
    at::Device dev = dev_type == (int)at::DeviceType::CUDA ? at::Device(at::DeviceType::CUDA, (c10::DeviceIndex)dev_index)
                                                           : at::Device(at::kCPU);
    return new at::Tensor(t->to(dev, (at::ScalarType)dtype, non_blocking != 0, copy != 0));
    GUARD_END(nullptr)
}
EXPORT T ts_pin_memory(T t) { RET_T(t->pin_memory()) }

// ---------------------------------------------------------------- libtorch's own tensor files (torch::save / torch::load)

#include <torch/serialize.h>

EXPORT int ts_save_file(T t, const char* path) { RET_OK(torch::save(*t, std::string(path))) }
EXPORT T ts_load_file(const char* path) {
    GUARD_BEGIN
    at::Tensor t;
    torch::load(t, std::string(path));
    return new at::Tensor(t);
    GUARD_END(nullptr)
}

// ---------------------------------------------------------------- elementwise

enum Unary {
    U_NEG = 0, U_EXP, U_LOG, U_SIGMOID, U_TANH, U_RELU, U_SQRT, U_ABS, U_CLONE, U_CONTIGUOUS,
    U_FLOOR, U_CEIL, U_ROUND, U_SIN, U_COS, U_T, U_LOGICAL_NOT, U_SIGN, U_SQUARE, U_RSQRT, U_RECIPROCAL,
    U_ISNAN, U_LOG1P, U_EXPM1
};

static at::Tensor unary(const at::Tensor& a, int op) {
    switch (op) {
        case U_NEG: return a.neg();
        case U_EXP: return a.exp();
        case U_LOG: return a.log();
        case U_SIGMOID: return a.sigmoid();
        case U_TANH: return a.tanh();
        case U_RELU: return a.relu();
        case U_SQRT: return a.sqrt();
        case U_ABS: return a.abs();
        case U_CLONE: return a.clone();
        case U_CONTIGUOUS: return a.contiguous();
        case U_FLOOR: return a.floor();
        case U_CEIL: return a.ceil();
        case U_ROUND: return a.round();
        case U_SIN: return a.sin();
        case U_COS: return a.cos();
        case U_T: return a.t();
        case U_LOGICAL_NOT: return a.logical_not();
        case U_SIGN: return a.sign();
        case U_SQUARE: return a.square();
        case U_RSQRT: return a.rsqrt();
        case U_RECIPROCAL: return a.reciprocal();
        case U_ISNAN: return a.isnan();
        case U_LOG1P: return a.log1p();
        case U_EXPM1: return a.expm1();
    }
    throw std::invalid_argument("unknown unary op " + std::to_string(op));
}
EXPORT T ts_unary(T a, int op) { RET_T(unary(*a, op)) }

enum UnaryInplace { UI_ZERO = 0, UI_RELU, UI_SIGMOID, UI_TANH, UI_NEG, UI_SQRT, UI_EXP };
EXPORT int ts_unary_(T a, int op) {
    GUARD_BEGIN
    switch (op) {
        case UI_ZERO: a->zero_(); break;
        case UI_RELU: a->relu_(); break;
        case UI_SIGMOID: a->sigmoid_(); break;
        case UI_TANH: a->tanh_(); break;
        case UI_NEG: a->neg_(); break;
        case UI_SQRT: a->sqrt_(); break;
        case UI_EXP: a->exp_(); break;
        default: throw std::invalid_argument("unknown in-place unary op " + std::to_string(op));
    }
    return 0;
    GUARD_END(-1)
}

enum Binary {
    B_ADD = 0, B_SUB, B_MUL, B_DIV, B_MATMUL, B_POW, B_EQ, B_NE, B_LT, B_LE, B_GT, B_GE,
    B_MAXIMUM, B_MINIMUM, B_LOGICAL_AND, B_LOGICAL_OR, B_MM, B_REMAINDER, B_BMM, B_FLOOR_DIVIDE,
    B_RSUB, B_RDIV, B_RPOW  // scalar-first forms, only meaningful for ts_binary_scalar
};

// Integral tensors with integral scalars stay integral, as in PyTorch (x + 1 on int64 is int64).
static at::Scalar scalar_for(const at::Tensor& a, double s) {
    if (at::isIntegralType(a.scalar_type(), /*includeBool*/ false) && s == std::floor(s) && std::abs(s) < 9.0e18)
        return at::Scalar((int64_t)s);
    return at::Scalar(s);
}

static at::Tensor binary(const at::Tensor& a, const at::Tensor& b, int op, double alpha) {
    switch (op) {
        case B_ADD: return at::add(a, b, scalar_for(a, alpha));
        case B_SUB: return at::sub(a, b, scalar_for(a, alpha));
        case B_MUL: return a.mul(b);
        case B_DIV: return a.div(b);
        case B_MATMUL: return a.matmul(b);
        case B_POW: return a.pow(b);
        case B_EQ: return a.eq(b);
        case B_NE: return a.ne(b);
        case B_LT: return a.lt(b);
        case B_LE: return a.le(b);
        case B_GT: return a.gt(b);
        case B_GE: return a.ge(b);
        case B_MAXIMUM: return at::maximum(a, b);
        case B_MINIMUM: return at::minimum(a, b);
        case B_LOGICAL_AND: return a.logical_and(b);
        case B_LOGICAL_OR: return a.logical_or(b);
        case B_MM: return a.mm(b);
        case B_REMAINDER: return a.remainder(b);
        case B_BMM: return a.bmm(b);
        case B_FLOOR_DIVIDE: return a.div(b, "floor");
    }
    throw std::invalid_argument("unknown binary op " + std::to_string(op));
}
EXPORT T ts_binary(T a, T b, int op, double alpha) { RET_T(binary(*a, *b, op, alpha)) }

static at::Tensor binary_scalar(const at::Tensor& a, double s, int op) {
    at::Scalar v = scalar_for(a, s);
    switch (op) {
        case B_ADD: return a.add(v);
        case B_SUB: return a.sub(v);
        case B_MUL: return a.mul(v);
        case B_DIV: return a.div(v);
        case B_POW: return a.pow(v);
        case B_EQ: return a.eq(v);
        case B_NE: return a.ne(v);
        case B_LT: return a.lt(v);
        case B_LE: return a.le(v);
        case B_GT: return a.gt(v);
        case B_GE: return a.ge(v);
        case B_MAXIMUM: return a.clamp_min(v);
        case B_MINIMUM: return a.clamp_max(v);
        case B_REMAINDER: return a.remainder(v);
        case B_FLOOR_DIVIDE: return a.div(at::scalar_tensor(v, a.options()), "floor");
        case B_RSUB: return at::rsub(a, v);
        case B_RDIV: return a.reciprocal().mul(v);
        case B_RPOW: return at::pow(v, a);
    }
    throw std::invalid_argument("unknown binary-scalar op " + std::to_string(op));
}
EXPORT T ts_binary_scalar(T a, double s, int op) { RET_T(binary_scalar(*a, s, op)) }

enum BinaryInplace { BI_ADD = 0, BI_SUB, BI_MUL, BI_DIV, BI_COPY };
EXPORT int ts_binary_(T a, T b, int op, double alpha) {
    GUARD_BEGIN
    switch (op) {
        case BI_ADD: a->add_(*b, scalar_for(*a, alpha)); break;
        case BI_SUB: a->sub_(*b, scalar_for(*a, alpha)); break;
        case BI_MUL: a->mul_(*b); break;
        case BI_DIV: a->div_(*b); break;
        case BI_COPY: a->copy_(*b); break;
        default: throw std::invalid_argument("unknown in-place binary op " + std::to_string(op));
    }
    return 0;
    GUARD_END(-1)
}
enum ScalarInplace { SI_ADD = 0, SI_SUB, SI_MUL, SI_DIV, SI_FILL, SI_CLAMP_MIN, SI_CLAMP_MAX, SI_POW };
EXPORT int ts_scalar_(T a, double d, int op) {
    GUARD_BEGIN
    at::Scalar s = scalar_for(*a, d);
    switch (op) {
        case SI_ADD: a->add_(s); break;
        case SI_SUB: a->sub_(s); break;
        case SI_MUL: a->mul_(s); break;
        case SI_DIV: a->div_(s); break;
        case SI_FILL: a->fill_(s); break;
        case SI_CLAMP_MIN: a->clamp_min_(s); break;
        case SI_CLAMP_MAX: a->clamp_max_(s); break;
        case SI_POW: a->pow_(s); break;
        default: throw std::invalid_argument("unknown in-place scalar op " + std::to_string(op));
    }
    return 0;
    GUARD_END(-1)
}
EXPORT int ts_addcmul_(T a, T t1, T t2, double value) { RET_OK(a->addcmul_(*t1, *t2, value)) }
EXPORT int ts_addcdiv_(T a, T t1, T t2, double value) { RET_OK(a->addcdiv_(*t1, *t2, value)) }
EXPORT int ts_uniform_(T a, double lo, double hi) { RET_OK(a->uniform_(lo, hi)) }
EXPORT int ts_normal_(T a, double mean, double std) { RET_OK(a->normal_(mean, std)) }
EXPORT int ts_bernoulli_(T a, double p) { RET_OK(a->bernoulli_(p)) }
EXPORT T ts_clamp(T a, double lo, double hi, int has_lo, int has_hi) {
    RET_T(at::clamp(*a, has_lo ? c10::optional<at::Scalar>(lo) : c10::nullopt, has_hi ? c10::optional<at::Scalar>(hi) : c10::nullopt))
}
EXPORT T ts_where(T cond, T a, T b) { RET_T(at::where(*cond, *a, *b)) }
EXPORT int ts_equal(T a, T b) {
    GUARD_BEGIN return at::equal(*a, *b) ? 1 : 0; GUARD_END(-1)
}
EXPORT int ts_allclose(T a, T b, double rtol, double atol) {
    GUARD_BEGIN return at::allclose(*a, *b, rtol, atol) ? 1 : 0; GUARD_END(-1)
}

// ---------------------------------------------------------------- reductions

enum Reduce { R_SUM = 0, R_MEAN, R_AMAX, R_AMIN, R_STD, R_VAR, R_PROD, R_ALL, R_ANY, R_NORM };
EXPORT T ts_reduce(T a, int op, const int64_t* dims, int ndims, int keepdim) {
    GUARD_BEGIN
    bool all = ndims < 0;
    std::vector<int64_t> d;
    if (!all) d.assign(dims, dims + ndims);
    at::Tensor r;
    switch (op) {
        case R_SUM: r = all ? a->sum() : a->sum(d, keepdim != 0); break;
        case R_MEAN: r = all ? a->mean() : a->mean(d, keepdim != 0); break;
        case R_AMAX: r = all ? a->max() : a->amax(d, keepdim != 0); break;
        case R_AMIN: r = all ? a->min() : a->amin(d, keepdim != 0); break;
        case R_STD: r = all ? a->std() : a->std(at::OptionalIntArrayRef(d), /*unbiased*/ true, keepdim != 0); break;
        case R_VAR: r = all ? a->var() : a->var(at::OptionalIntArrayRef(d), /*unbiased*/ true, keepdim != 0); break;
        case R_PROD:
            if (all) r = a->prod();
            else if (d.size() == 1) r = a->prod(d[0], keepdim != 0);
            else throw std::invalid_argument("prod reduces over one dimension at a time");
            break;
        case R_ALL:
            if (all) r = a->all();
            else if (d.size() == 1) r = a->all(d[0], keepdim != 0);
            else throw std::invalid_argument("all reduces over one dimension at a time");
            break;
        case R_ANY:
            if (all) r = a->any();
            else if (d.size() == 1) r = a->any(d[0], keepdim != 0);
            else throw std::invalid_argument("any reduces over one dimension at a time");
            break;
        case R_NORM: r = all ? a->norm() : a->norm(2, d, keepdim != 0); break;
        default: throw std::invalid_argument("unknown reduction " + std::to_string(op));
    }
    return new at::Tensor(r);
    GUARD_END(nullptr)
}
// max/min along a dimension: values and indices.
EXPORT int ts_max_dim(T a, int64_t dim, int keepdim, int is_min, T* values, T* indices) {
    GUARD_BEGIN
    auto r = is_min ? a->min(dim, keepdim != 0) : a->max(dim, keepdim != 0);
    *values = new at::Tensor(std::get<0>(r));
    *indices = new at::Tensor(std::get<1>(r));
    return 0;
    GUARD_END(-1)
}
EXPORT T ts_argmax(T a, int64_t dim, int has_dim, int keepdim, int is_min) {
    GUARD_BEGIN
    auto d = has_dim ? c10::optional<int64_t>(dim) : c10::nullopt;
    return new at::Tensor(is_min ? a->argmin(d, keepdim != 0) : a->argmax(d, keepdim != 0));
    GUARD_END(nullptr)
}
EXPORT int ts_topk(T a, int64_t k, int64_t dim, int largest, T* values, T* indices) {
    GUARD_BEGIN
    auto r = a->topk(k, dim, largest != 0, true);
    *values = new at::Tensor(std::get<0>(r));
    *indices = new at::Tensor(std::get<1>(r));
    return 0;
    GUARD_END(-1)
}
EXPORT T ts_cumsum(T a, int64_t dim) { RET_T(a->cumsum(dim)) }
EXPORT T ts_bincount(T a, int64_t minlength) { RET_T(a->bincount(c10::nullopt, minlength)) }

// ---------------------------------------------------------------- shape and indexing

EXPORT T ts_reshape(T a, const int64_t* shape, int n) { RET_T(a->reshape(ref(shape, n))) }
EXPORT T ts_view(T a, const int64_t* shape, int n) { RET_T(a->view(ref(shape, n))) }
EXPORT T ts_expand(T a, const int64_t* shape, int n) { RET_T(a->expand(ref(shape, n))) }
EXPORT T ts_repeat(T a, const int64_t* shape, int n) { RET_T(a->repeat(ref(shape, n))) }
EXPORT T ts_permute(T a, const int64_t* dims, int n) { RET_T(a->permute(ref(dims, n))) }
EXPORT T ts_flip(T a, const int64_t* dims, int n) { RET_T(a->flip(ref(dims, n))) }
EXPORT T ts_transpose(T a, int64_t d0, int64_t d1) { RET_T(a->transpose(d0, d1)) }
EXPORT T ts_flatten(T a, int64_t start, int64_t end) { RET_T(a->flatten(start, end)) }
EXPORT T ts_squeeze(T a, int64_t dim, int all) { RET_T(all ? a->squeeze() : a->squeeze(dim)) }
EXPORT T ts_unsqueeze(T a, int64_t dim) { RET_T(a->unsqueeze(dim)) }
EXPORT T ts_narrow(T a, int64_t dim, int64_t start, int64_t length) { RET_T(a->narrow(dim, start, length)) }
EXPORT T ts_select(T a, int64_t dim, int64_t index) { RET_T(a->select(dim, index)) }
EXPORT T ts_slice(T a, int64_t dim, int64_t start, int64_t end, int64_t step) { RET_T(a->slice(dim, start, end, step)) }
EXPORT T ts_index_select(T a, int64_t dim, T idx) { RET_T(a->index_select(dim, *idx)) }
// a[idx] with one tensor index (long indices or a bool mask) on the first dimension.
EXPORT T ts_index_tensor(T a, T idx) { RET_T(a->index({*idx})) }
EXPORT T ts_masked_select(T a, T mask) { RET_T(a->masked_select(*mask)) }
EXPORT T ts_gather(T a, int64_t dim, T idx) { RET_T(a->gather(dim, *idx)) }
EXPORT T ts_one_hot(T a, int64_t n) { RET_T(at::one_hot(*a, n)) }

static std::vector<at::Tensor> gather_list(T* ts, int n) {
    std::vector<at::Tensor> v;
    v.reserve(n);
    for (int i = 0; i < n; i++) v.push_back(*ts[i]);
    return v;
}
EXPORT T ts_cat(T* ts, int n, int64_t dim) { RET_T(at::cat(gather_list(ts, n), dim)) }
EXPORT T ts_stack(T* ts, int n, int64_t dim) { RET_T(at::stack(gather_list(ts, n), dim)) }

// ---------------------------------------------------------------- neural-network functions

static c10::optional<at::Tensor> opt(T t) { return t ? c10::optional<at::Tensor>(*t) : c10::nullopt; }

EXPORT T ts_conv2d(T x, T w, T b, const int64_t* stride, const int64_t* padding, const int64_t* dilation, int64_t groups) {
    RET_T(at::conv2d(*x, *w, opt(b), ref(stride, 2), ref(padding, 2), ref(dilation, 2), groups))
}
EXPORT T ts_linear(T x, T w, T b) { RET_T(at::linear(*x, *w, opt(b))) }
EXPORT T ts_max_pool2d(T x, const int64_t* k, const int64_t* s, const int64_t* p, const int64_t* d, int ceil_mode) {
    RET_T(at::max_pool2d(*x, ref(k, 2), ref(s, 2), ref(p, 2), ref(d, 2), ceil_mode != 0))
}
EXPORT T ts_avg_pool2d(T x, const int64_t* k, const int64_t* s, const int64_t* p, int ceil_mode, int count_include_pad) {
    RET_T(at::avg_pool2d(*x, ref(k, 2), ref(s, 2), ref(p, 2), ceil_mode != 0, count_include_pad != 0))
}
EXPORT T ts_adaptive_avg_pool2d(T x, const int64_t* out) { RET_T(at::adaptive_avg_pool2d(*x, ref(out, 2))) }
EXPORT T ts_adaptive_max_pool2d(T x, const int64_t* out) { RET_T(std::get<0>(at::adaptive_max_pool2d(*x, ref(out, 2)))) }
EXPORT T ts_batch_norm(T x, T w, T b, T rm, T rv, int training, double momentum, double eps) {
    RET_T(at::batch_norm(*x, opt(w), opt(b), opt(rm), opt(rv), training != 0, momentum, eps, /*cudnn*/ true))
}
EXPORT T ts_dropout(T x, double p, int training) { RET_T(at::dropout(*x, p, training != 0)) }
EXPORT T ts_feature_dropout(T x, double p, int training) { RET_T(at::feature_dropout(*x, p, training != 0)) }
// Local response normalisation across channels, PyTorch's definition:
// b_c = a_c / (k + alpha/n * sum_{c' in window} a_c'^2)^beta, window of `size` channels centred on c.
EXPORT T ts_local_response_norm(T x, int64_t size, double alpha, double beta, double k) {
    GUARD_BEGIN
    const at::Tensor& in = *x;
    if (in.dim() < 3) throw std::invalid_argument("local_response_norm expects 3D or more input, got " + std::to_string(in.dim()) + "D");
    at::Tensor div = in.mul(in).unsqueeze(1);
    if (in.dim() == 3) {
        div = at::constant_pad_nd(div, {0, 0, size / 2, (size - 1) / 2});
        div = at::avg_pool2d(div, {size, 1}, {1, 1}).squeeze(1);
    } else {
        auto s = in.sizes().vec();
        div = div.view({s[0], 1, s[1], s[2], -1});
        div = at::constant_pad_nd(div, {0, 0, 0, 0, size / 2, (size - 1) / 2});
        div = at::avg_pool3d(div, {size, 1, 1}, {1, 1, 1}).squeeze(1);
        div = div.view(in.sizes());
    }
    div = div.mul(alpha).add(k).pow(beta);
    return new at::Tensor(in.div(div));
    GUARD_END(nullptr)
}
EXPORT T ts_softmax(T x, int64_t dim) { RET_T(x->softmax(dim)) }
EXPORT T ts_log_softmax(T x, int64_t dim) { RET_T(x->log_softmax(dim)) }
EXPORT T ts_leaky_relu(T x, double slope) { RET_T(at::leaky_relu(*x, slope)) }
EXPORT T ts_gelu(T x) { RET_T(at::gelu(*x)) }

// reduction: 0 none, 1 mean, 2 sum (at::Reduction numbering)
EXPORT T ts_cross_entropy(T x, T target, T weight, int reduction, int64_t ignore_index, double label_smoothing) {
    RET_T(at::cross_entropy_loss(*x, *target, opt(weight), reduction, ignore_index, label_smoothing))
}
EXPORT T ts_nll_loss(T x, T target, T weight, int reduction, int64_t ignore_index) {
    RET_T(at::nll_loss_nd(*x, *target, opt(weight), reduction, ignore_index))
}
EXPORT T ts_mse_loss(T x, T target, int reduction) { RET_T(at::mse_loss(*x, *target, reduction)) }
EXPORT T ts_bce_loss(T x, T target, int reduction) { RET_T(at::binary_cross_entropy(*x, *target, c10::nullopt, reduction)) }

// mode: 0 nearest, 1 bilinear
EXPORT T ts_interpolate(T x, const int64_t* size, int mode, int align_corners) {
    GUARD_BEGIN
    if (x->dim() != 4) throw std::invalid_argument("interpolate expects a 4D [N,C,H,W] input, got " + std::to_string(x->dim()) + "D");
    if (mode == 0) return new at::Tensor(at::upsample_nearest2d(*x, ref(size, 2)));
    return new at::Tensor(at::upsample_bilinear2d(*x, ref(size, 2), align_corners != 0));
    GUARD_END(nullptr)
}
// mode: 0 constant, 1 reflect, 2 replicate
EXPORT T ts_pad(T x, const int64_t* pad, int n, int mode, double value) {
    GUARD_BEGIN
    auto p = ref(pad, n);
    switch (mode) {
        case 0: return new at::Tensor(at::constant_pad_nd(*x, p, value));
        case 1: return new at::Tensor(at::reflection_pad2d(*x, p));
        case 2: return new at::Tensor(at::replication_pad2d(*x, p));
    }
    throw std::invalid_argument("unknown padding mode " + std::to_string(mode));
    GUARD_END(nullptr)
}

// ---------------------------------------------------------------- any ATen operator, boxed
//
// The binding reaches the many operators that need no special handling through the dispatcher: it looks the
// operator up once by schema name (e.g. "aten::xlogy", overload "Tensor"), pushes the arguments onto a stack of
// IValues and calls it boxed, which goes through the same dispatch (autograd included) as a direct ATen call.
// Arguments left out at the end, or pushed as "default", take the schema's default value.

struct ts_ivalues {
    std::vector<c10::IValue> values;
    std::vector<size_t> defaults;  // positions pushed as "use the schema's default"
};
using S = ts_ivalues*;

EXPORT void* ts_op_find(const char* name, const char* overload) {
    GUARD_BEGIN
    auto op = c10::Dispatcher::singleton().findSchema({name, overload});
    if (!op) throw std::invalid_argument(std::string("libtorch has no operator ") + name + (overload[0] ? "." : "") + overload);
    return new c10::OperatorHandle(*op);
    GUARD_END(nullptr)
}
EXPORT S ts_ivs_new() { return new ts_ivalues(); }
EXPORT void ts_ivs_free(S s) { delete s; }
EXPORT void ts_ivs_clear(S s) { s->values.clear(); s->defaults.clear(); }
EXPORT void ts_push_tensor(S s, T t) { s->values.emplace_back(t ? c10::IValue(*t) : c10::IValue()); }
EXPORT void ts_push_int(S s, int64_t v) { s->values.emplace_back(v); }
EXPORT void ts_push_double(S s, double v) { s->values.emplace_back(v); }
EXPORT void ts_push_bool(S s, int v) { s->values.emplace_back(v != 0); }
EXPORT void ts_push_none(S s) { s->values.emplace_back(); }
EXPORT void ts_push_default(S s) { s->defaults.push_back(s->values.size()); s->values.emplace_back(); }
EXPORT void ts_push_string(S s, const char* v) { s->values.emplace_back(std::string(v)); }
EXPORT void ts_push_ints(S s, const int64_t* v, int n) { s->values.emplace_back(std::vector<int64_t>(v, v + n)); }
EXPORT void ts_push_doubles(S s, const double* v, int n) { s->values.emplace_back(std::vector<double>(v, v + n)); }
EXPORT void ts_push_tensors(S s, T* ts, int n) {
    std::vector<at::Tensor> v;
    v.reserve(n);
    for (int i = 0; i < n; i++) v.push_back(*ts[i]);
    s->values.emplace_back(v);
}
EXPORT void ts_push_optional_tensors(S s, T* ts, int n) {
    c10::List<c10::optional<at::Tensor>> v;
    for (int i = 0; i < n; i++) v.push_back(ts[i] ? c10::optional<at::Tensor>(*ts[i]) : c10::nullopt);
    s->values.emplace_back(v);
}
EXPORT void ts_push_device(S s, int type, int index) {
    s->values.emplace_back(c10::Device((c10::DeviceType)type, (c10::DeviceIndex)index));
}
EXPORT void ts_push_generator(S s, void* g) {
    s->values.emplace_back(g ? c10::IValue(*(at::Generator*)g) : c10::IValue());
}

EXPORT int ts_op_call(void* handle, S s) {
    GUARD_BEGIN
    auto& op = *(c10::OperatorHandle*)handle;
    const auto& args = op.schema().arguments();
    auto& v = s->values;
    if (v.size() > args.size())
        throw std::invalid_argument(op.schema().name() + " takes " + std::to_string(args.size()) + " arguments, got " + std::to_string(v.size()));
    auto fill = [&](size_t i) {
        auto d = args[i].default_value();
        if (!d) throw std::invalid_argument(op.schema().name() + ": argument '" + args[i].name() + "' has no default and was not given");
        return *d;
    };
    for (auto i : s->defaults) v[i] = fill(i);
    for (size_t i = v.size(); i < args.size(); i++) v.push_back(fill(i));
    s->defaults.clear();
    op.callBoxed(&v);
    return (int)v.size();
    GUARD_END(-1)
}

// results: 0 none, 1 tensor, 2 int, 3 double, 4 bool, 5 tensor list, 6 other
EXPORT int ts_result_kind(S s, int i) {
    auto& x = s->values.at(i);
    if (x.isNone()) return 0;
    if (x.isTensor()) return 1;
    if (x.isInt()) return 2;
    if (x.isDouble()) return 3;
    if (x.isBool()) return 4;
    if (x.isTensorList()) return 5;
    return 6;
}
EXPORT T ts_result_tensor(S s, int i) { RET_T(s->values.at(i).toTensor()) }
EXPORT int64_t ts_result_int(S s, int i) { return s->values.at(i).toInt(); }
EXPORT double ts_result_double(S s, int i) { return s->values.at(i).toDouble(); }
EXPORT int ts_result_bool(S s, int i) { return s->values.at(i).toBool() ? 1 : 0; }
EXPORT int ts_result_list_size(S s, int i) { return (int)s->values.at(i).toTensorList().size(); }
EXPORT T ts_result_list_item(S s, int i, int j) { RET_T(s->values.at(i).toTensorList().get(j)) }

// ---------------------------------------------------------------- random number generators

using G = at::Generator*;
EXPORT G ts_generator_new(uint64_t seed) {
    GUARD_BEGIN
    return new at::Generator(at::make_generator<at::CPUGeneratorImpl>(seed));
    GUARD_END(nullptr)
}
EXPORT G ts_generator_default() { GUARD_BEGIN return new at::Generator(at::detail::getDefaultCPUGenerator()); GUARD_END(nullptr) }
EXPORT void ts_generator_free(G g) { delete g; }
EXPORT int ts_generator_manual_seed(G g, uint64_t seed) {
    GUARD_BEGIN
    std::lock_guard<std::mutex> lock(g->mutex());
    g->set_current_seed(seed);
    return 0;
    GUARD_END(-1)
}
EXPORT uint64_t ts_generator_initial_seed(G g) { return g->current_seed(); }
EXPORT uint64_t ts_generator_seed(G g) {
    std::lock_guard<std::mutex> lock(g->mutex());
    auto s = c10::detail::getNonDeterministicRandom();
    g->set_current_seed(s);
    return s;
}
EXPORT T ts_generator_get_state(G g) {
    GUARD_BEGIN
    std::lock_guard<std::mutex> lock(g->mutex());
    return new at::Tensor(g->get_state());
    GUARD_END(nullptr)
}
EXPORT int ts_generator_set_state(G g, T state) {
    GUARD_BEGIN
    std::lock_guard<std::mutex> lock(g->mutex());
    g->set_state(*state);
    return 0;
    GUARD_END(-1)
}

// ---------------------------------------------------------------- raw element access (TensorAccessor)

EXPORT void* ts_data_ptr(T t) { GUARD_BEGIN return t->data_ptr(); GUARD_END(nullptr) }
EXPORT void ts_strides(T t, int64_t* out) {
    auto s = t->strides();
    for (size_t i = 0; i < s.size(); i++) out[i] = s[i];
}

// ---------------------------------------------------------------- autograd functions and inference mode

// A tensor list from handles; a null handle is an undefined tensor (libtorch's "None").
static std::vector<at::Tensor> tensor_list(const T* p, int n) {
    std::vector<at::Tensor> v;
    v.reserve(n);
    for (int i = 0; i < n; i++) v.push_back(p[i] ? *p[i] : at::Tensor());
    return v;
}
static c10::optional<bool> opt_bool(int b) { return b < 0 ? c10::nullopt : c10::optional<bool>(b != 0); }

// torch::autograd::grad; results[i] is null where an input was unused (allow_unused).
EXPORT int ts_autograd_grad(const T* outputs, int n_out, const T* inputs, int n_in, const T* grad_outputs, int n_grad,
                            int retain_graph, int create_graph, int allow_unused, T* results) {
    GUARD_BEGIN
    auto r = torch::autograd::grad(tensor_list(outputs, n_out), tensor_list(inputs, n_in), tensor_list(grad_outputs, n_grad),
                                   opt_bool(retain_graph), create_graph != 0, allow_unused != 0);
    for (size_t i = 0; i < r.size(); i++) results[i] = r[i].defined() ? new at::Tensor(r[i]) : nullptr;
    return 0;
    GUARD_END(-1)
}
// torch::autograd::backward: accumulates into the leaves' .grad (only into `inputs` when given).
EXPORT int ts_autograd_backward(const T* tensors, int n, const T* grad_tensors, int n_grad, int retain_graph, int create_graph,
                                const T* inputs, int n_in) {
    RET_OK(torch::autograd::backward(tensor_list(tensors, n), tensor_list(grad_tensors, n_grad), opt_bool(retain_graph),
                                     create_graph != 0, tensor_list(inputs, n_in)))
}
// c10::InferenceMode as an RAII guard held by the managed side (enter returns it, exit deletes it).
EXPORT void* ts_inference_mode_enter(int enabled) { GUARD_BEGIN return new c10::InferenceMode(enabled != 0); GUARD_END(nullptr) }
EXPORT void ts_inference_mode_exit(void* guard) { delete static_cast<c10::InferenceMode*>(guard); }
EXPORT int ts_is_inference_mode_enabled() { return c10::InferenceMode::is_enabled() ? 1 : 0; }
