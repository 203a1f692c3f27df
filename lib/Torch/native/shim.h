// What the shim's translation units (shim.cpp, dist.cpp) share: the export macro, the tensor handle type, and the
// guard that turns every C++ exception into the per-thread error message read by ts_last_error().
#pragma once

#include <ATen/ATen.h>
#include <c10/util/Exception.h>

#define EXPORT extern "C" __attribute__((visibility("default")))

using T = at::Tensor*;

// Sets this thread's error message (shim.cpp).
void course_set_error(const char* msg);

#define GUARD_BEGIN try {
#define GUARD_END(fail)                                           \
    }                                                             \
    catch (const c10::Error& e) {                                 \
        course_set_error(e.what_without_backtrace());             \
        return fail;                                              \
    }                                                             \
    catch (const std::exception& e) {                             \
        course_set_error(e.what());                               \
        return fail;                                              \
    }                                                             \
    catch (...) {                                                 \
        course_set_error("unknown C++ exception in libtorch");    \
        return fail;                                              \
    }
