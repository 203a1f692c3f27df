// Stand-in for libtorch's distributed-autograd context header, which Debian's libtorch-dev does not ship although
// c10d's reducer.hpp includes it. The Reducer only names two of its types (a callback type it static_asserts against,
// and a shared pointer it stores); both are declared here exactly as libtorch declares them, so the Reducer's layout is
// libtorch's. CMakeLists.txt adds this folder only when the real header is missing.
#pragma once

#include <functional>
#include <memory>

#include <ATen/core/Tensor.h>

namespace torch {
namespace distributed {
namespace autograd {

class DistAutogradContext {
 public:
  using GradCallback = std::function<bool(at::Tensor&)>;
};

using ContextPtr = std::shared_ptr<DistAutogradContext>;

}  // namespace autograd
}  // namespace distributed
}  // namespace torch
