// The course's C ABI over libtorch's c10d (torch.distributed): stores, process groups, collectives, and the Reducer
// that PyTorch's DistributedDataParallel runs on. Every entry point only forwards to c10d; the conventions are
// shim.cpp's: handles are heap-allocated c10 intrusive pointers freed by their *_free function; 0 / a handle on
// success, -1 / nullptr on failure with the message in ts_last_error(); no C++ exception crosses the boundary.
//
// The layout of the default process group is PyTorch's own (torch/distributed/distributed_c10d.py of the same
// libtorch), so a C# process and a Python process can be ranks of one group: TCPStore (multi-tenant) → PrefixStore
// "default_pg" → PrefixStore "0" → ProcessGroupGloo; then the store-based barrier on "store_based_barrier_key:1"
// and the group's sequence number. The managed side (lib/Torch/Distributed.cs) builds it in that order.
#include <ATen/ATen.h>
#include <c10/util/Exception.h>
#include <torch/csrc/api/include/torch/version.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "shim.h"

#if TORCH_VERSION_MAJOR == 1 && defined(USE_DISTRIBUTED) && defined(USE_C10D_GLOO)
#define COURSE_C10D 1
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#include <torch/csrc/distributed/c10d/comm.hpp>
#include <torch/csrc/distributed/c10d/reducer.hpp>
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

namespace {
using StorePtr = c10::intrusive_ptr<c10d::Store>;
using GroupPtr = c10::intrusive_ptr<c10d::ProcessGroup>;
using WorkPtr = c10::intrusive_ptr<c10d::Work>;

StorePtr& store_of(void* h) { return *static_cast<StorePtr*>(h); }
GroupPtr& group_of(void* h) { return *static_cast<GroupPtr*>(h); }

std::vector<at::Tensor> tensors(const T* ts, int n) {
    std::vector<at::Tensor> v;
    v.reserve(n);
    for (int i = 0; i < n; i++) v.push_back(*ts[i]);
    return v;
}

c10d::ReduceOp reduce_op(int op) {
    switch (op) {
        case 0: return c10d::ReduceOp::SUM;
        case 1: return c10d::ReduceOp::AVG;
        case 2: return c10d::ReduceOp::PRODUCT;
        case 3: return c10d::ReduceOp::MIN;
        case 4: return c10d::ReduceOp::MAX;
        default: TORCH_CHECK(false, "unknown reduce op ", op, " (expected SUM, AVG, PRODUCT, MIN or MAX)");
    }
}

// Waits for a collective and rethrows its failure (Gloo's message: a peer that closed its connection, a timeout).
void wait(const WorkPtr& work) { work->wait(); }
}  // namespace
#endif

#ifdef COURSE_C10D
#define NO_C10D(fail)
#else
#define NO_C10D(fail)                                                                                               \
    course_set_error("torch.distributed: this libtorch (" TORCH_VERSION ") was built without c10d/Gloo, or is a "   \
                     "version the course's shim does not bind (it binds libtorch 1.x's c10d)");                     \
    return fail;
#endif

// ---------------------------------------------------------------- availability

// 1 when the named backend ("gloo", "nccl") is compiled into this libtorch and bound by the shim.
EXPORT int td_backend_available(const char* name) {
#ifdef COURSE_C10D
    std::string b = name ? name : "";
    if (b == "gloo") return 1;
#ifdef USE_C10D_NCCL
    if (b == "nccl") return 1;
#endif
#endif
    (void)name;
    return 0;
}

// ---------------------------------------------------------------- stores

// A TCPStore: the server (is_server = 1, on rank 0) or a client connecting to host:port, retrying until timeout_ms.
// The server does not wait for its clients here (the managed side waits, and names the ranks that never came); a
// client checks in on the store's "init/" counter, which a PyTorch server (waiting for its workers) counts.
EXPORT void* td_tcp_store(const char* host, int port, int world_size, int is_server, int64_t timeout_ms) {
    NO_C10D(nullptr)
#ifdef COURSE_C10D
    GUARD_BEGIN
    c10d::TCPStoreOptions o;
    o.port = (std::uint16_t)port;
    o.isServer = is_server != 0;
    if (world_size > 0) o.numWorkers = (size_t)world_size;
    o.waitWorkers = is_server == 0;  // only the server would block in waitForWorkers; a client just checks in
    o.timeout = std::chrono::milliseconds(timeout_ms);
    o.multiTenant = true;  // as torch.distributed's tcp:// and env:// rendezvous
    return new StorePtr(c10::make_intrusive<c10d::TCPStore>(std::string(host), o));
    GUARD_END(nullptr)
#endif
}

EXPORT void* td_file_store(const char* path, int world_size) {
    NO_C10D(nullptr)
#ifdef COURSE_C10D
    GUARD_BEGIN
    return new StorePtr(c10::make_intrusive<c10d::FileStore>(std::string(path), world_size));
    GUARD_END(nullptr)
#endif
}

EXPORT void* td_prefix_store(const char* prefix, void* store) {
    NO_C10D(nullptr)
#ifdef COURSE_C10D
    GUARD_BEGIN
    return new StorePtr(c10::make_intrusive<c10d::PrefixStore>(std::string(prefix), store_of(store)));
    GUARD_END(nullptr)
#endif
}

EXPORT void td_store_free(void* store) {
#ifdef COURSE_C10D
    delete static_cast<StorePtr*>(store);
#else
    (void)store;
#endif
}

EXPORT int td_store_set_timeout(void* store, int64_t timeout_ms) {
    NO_C10D(-1)
#ifdef COURSE_C10D
    GUARD_BEGIN
    store_of(store)->setTimeout(std::chrono::milliseconds(timeout_ms));
    return 0;
    GUARD_END(-1)
#endif
}

EXPORT int td_store_set(void* store, const char* key, const uint8_t* data, int64_t n) {
    NO_C10D(-1)
#ifdef COURSE_C10D
    GUARD_BEGIN
    store_of(store)->set(std::string(key), std::vector<uint8_t>(data, data + n));
    return 0;
    GUARD_END(-1)
#endif
}

// Gets a key's value (waiting for it up to the store's timeout) into a malloc'ed buffer freed with td_buffer_free.
EXPORT int td_store_get(void* store, const char* key, uint8_t** out, int64_t* n) {
    NO_C10D(-1)
#ifdef COURSE_C10D
    GUARD_BEGIN
    auto v = store_of(store)->get(std::string(key));
    *n = (int64_t)v.size();
    *out = (uint8_t*)std::malloc(v.size() > 0 ? v.size() : 1);
    if (!v.empty()) std::memcpy(*out, v.data(), v.size());
    return 0;
    GUARD_END(-1)
#endif
}

EXPORT void td_buffer_free(uint8_t* p) { std::free(p); }

// Adds to a counter key (creating it at 0) and returns the new value in *result.
EXPORT int td_store_add(void* store, const char* key, int64_t value, int64_t* result) {
    NO_C10D(-1)
#ifdef COURSE_C10D
    GUARD_BEGIN
    *result = store_of(store)->add(std::string(key), value);
    return 0;
    GUARD_END(-1)
#endif
}

// 1 when every key is set, 0 when one is not (no waiting).
EXPORT int td_store_check(void* store, const char* key) {
    NO_C10D(-1)
#ifdef COURSE_C10D
    GUARD_BEGIN
    return store_of(store)->check({std::string(key)}) ? 1 : 0;
    GUARD_END(-1)
#endif
}

// ---------------------------------------------------------------- process groups

// A process group of `backend` over `store` (already prefixed as the caller wants). Gloo's devices are those that
// torch.distributed picks: GLOO_SOCKET_IFNAME's interfaces when set, else the address the hostname resolves to.
EXPORT void* td_group_new(const char* backend, void* store, int rank, int world_size, int64_t timeout_ms) {
    NO_C10D(nullptr)
#ifdef COURSE_C10D
    GUARD_BEGIN
    std::string b = backend ? backend : "";
    auto timeout = std::chrono::milliseconds(timeout_ms);
    if (b == "gloo") {
        auto opts = c10d::ProcessGroupGloo::Options::create(timeout);
        const char* ifname = std::getenv("GLOO_SOCKET_IFNAME");
        if (ifname && std::strlen(ifname) > 0) {
            std::string list(ifname);
            size_t start = 0;
            while (start <= list.size()) {
                size_t comma = list.find(',', start);
                std::string iface = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
                if (!iface.empty()) opts->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(iface));
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
        }
        if (opts->devices.empty()) opts->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
        opts->threads = (int)opts->devices.size() * 2;
        return new GroupPtr(c10::make_intrusive<c10d::ProcessGroupGloo>(store_of(store), rank, world_size, opts));
    }
#ifdef USE_C10D_NCCL
    if (b == "nccl") {
        auto opts = c10d::ProcessGroupNCCL::Options::create();
        opts->timeout = timeout;
        return new GroupPtr(c10::make_intrusive<c10d::ProcessGroupNCCL>(store_of(store), rank, world_size, opts));
    }
#endif
    TORCH_CHECK(false, "backend '", b, "' is not available in this libtorch");
    GUARD_END(nullptr)
#endif
}

EXPORT void td_group_free(void* group) {
#ifdef COURSE_C10D
    delete static_cast<GroupPtr*>(group);
#else
    (void)group;
#endif
}

// As torch.distributed does after creating the default group (rank 0 draws the number, the others read it).
EXPORT int td_group_set_sequence_number(void* group) {
    NO_C10D(-1)
#ifdef COURSE_C10D
    GUARD_BEGIN
    group_of(group)->setSequenceNumberForGroup();
    return 0;
    GUARD_END(-1)
#endif
}

// ---------------------------------------------------------------- collectives (blocking)

EXPORT int td_all_reduce(void* group, T* ts, int n, int op) {
    NO_C10D(-1)
#ifdef COURSE_C10D
    GUARD_BEGIN
    auto v = tensors(ts, n);
    c10d::AllreduceOptions o;
    o.reduceOp = reduce_op(op);
    wait(group_of(group)->allreduce(v, o));
    return 0;
    GUARD_END(-1)
#endif
}

EXPORT int td_broadcast(void* group, T* ts, int n, int root) {
    NO_C10D(-1)
#ifdef COURSE_C10D
    GUARD_BEGIN
    auto v = tensors(ts, n);
    c10d::BroadcastOptions o;
    o.rootRank = root;
    wait(group_of(group)->broadcast(v, o));
    return 0;
    GUARD_END(-1)
#endif
}

// outputs[world_size] receive every rank's `input` (same shape and dtype on all ranks).
EXPORT int td_all_gather(void* group, T* outputs, int world_size, T input) {
    NO_C10D(-1)
#ifdef COURSE_C10D
    GUARD_BEGIN
    std::vector<std::vector<at::Tensor>> out{tensors(outputs, world_size)};
    std::vector<at::Tensor> in{*input};
    wait(group_of(group)->allgather(out, in));
    return 0;
    GUARD_END(-1)
#endif
}

EXPORT int td_barrier(void* group) {
    NO_C10D(-1)
#ifdef COURSE_C10D
    GUARD_BEGIN
    wait(group_of(group)->barrier());
    return 0;
    GUARD_END(-1)
#endif
}

// c10d's coalesced broadcast (flattened buckets of up to buffer_size bytes), as DDP uses for parameters and buffers.
EXPORT int td_broadcast_coalesced(void* group, T* ts, int n, int64_t buffer_size, int root) {
    NO_C10D(-1)
#ifdef COURSE_C10D
    GUARD_BEGIN
    auto v = tensors(ts, n);
    c10d::broadcast_coalesced(group_of(group), v, (size_t)buffer_size, root);
    return 0;
    GUARD_END(-1)
#endif
}

// Fails unless every rank has the same number of parameters with the same sizes, strides and dtypes (DDP's check).
EXPORT int td_verify_params(void* group, T* ts, int n) {
    NO_C10D(-1)
#ifdef COURSE_C10D
    GUARD_BEGIN
    c10d::verify_params_across_processes(group_of(group), tensors(ts, n), c10::nullopt);
    return 0;
    GUARD_END(-1)
#endif
}

// ---------------------------------------------------------------- the Reducer (DistributedDataParallel's engine)

// Buckets the parameters as torch.nn.parallel.DistributedDataParallel does (one bucket until the first iteration
// when find_unused is off, then rebuilt in gradient-ready order with bucket_cap_bytes) and creates c10d's Reducer,
// which hooks each parameter's gradient accumulator, all-reduces full buckets while backward goes on and divides by
// the world size.
EXPORT void* td_reducer_new(void* group, T* params, int n, int64_t bucket_cap_bytes, int64_t first_bucket_bytes,
                            int find_unused, int gradient_as_bucket_view) {
    NO_C10D(nullptr)
#ifdef COURSE_C10D
    GUARD_BEGIN
    auto ps = tensors(params, n);
    std::vector<bool> sparse(ps.size(), false);
    std::vector<size_t> limits = find_unused ? std::vector<size_t>{(size_t)first_bucket_bytes, (size_t)bucket_cap_bytes}
                                             : std::vector<size_t>{SIZE_MAX};
    auto assignment = c10d::compute_bucket_assignment_by_size(ps, limits, sparse);
    auto buckets = std::get<0>(assignment);
    auto bucket_limits = std::get<1>(assignment);
    std::reverse(buckets.begin(), buckets.end());
    std::reverse(bucket_limits.begin(), bucket_limits.end());
    return new c10d::Reducer(ps, buckets, bucket_limits, group_of(group), sparse, bucket_cap_bytes, find_unused != 0,
                             gradient_as_bucket_view != 0, {}, first_bucket_bytes);
    GUARD_END(nullptr)
#endif
}

EXPORT void td_reducer_free(void* reducer) {
#ifdef COURSE_C10D
    try { delete static_cast<c10d::Reducer*>(reducer); } catch (...) {}
#else
    (void)reducer;
#endif
}

EXPORT int td_reducer_prepare_for_forward(void* reducer) {
    NO_C10D(-1)
#ifdef COURSE_C10D
    GUARD_BEGIN
    static_cast<c10d::Reducer*>(reducer)->prepare_for_forward();
    return 0;
    GUARD_END(-1)
#endif
}

// outputs: the forward's outputs when unused parameters are searched for, else none.
EXPORT int td_reducer_prepare_for_backward(void* reducer, T* outputs, int n) {
    NO_C10D(-1)
#ifdef COURSE_C10D
    GUARD_BEGIN
    static_cast<c10d::Reducer*>(reducer)->prepare_for_backward(tensors(outputs, n));
    return 0;
    GUARD_END(-1)
#endif
}

// 1 when the buckets were rebuilt (in the order gradients became ready in the first iteration), 0 when not.
EXPORT int td_reducer_rebuild_buckets(void* reducer) {
    NO_C10D(-1)
#ifdef COURSE_C10D
    GUARD_BEGIN
    return static_cast<c10d::Reducer*>(reducer)->rebuild_buckets() ? 1 : 0;
    GUARD_END(-1)
#endif
}
