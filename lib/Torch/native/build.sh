#!/usr/bin/env bash
# Builds libcourse_torch.so (the C ABI shim over libtorch) into lib/Torch/native/build/.
# libtorch is looked for, in order: $Torch_DIR / $CMAKE_PREFIX_PATH; Debian's libtorch-dev;
# the libtorch inside an installed PyTorch (torch.utils.cmake_prefix_path).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="$here/build"
mkdir -p "$build"
exec 9>"$build/.lock"
flock 9   # concurrent `dotnet build`s share one shim build

find_torch() {
  if [[ -n "${Torch_DIR:-}" && -f "$Torch_DIR/TorchConfig.cmake" ]]; then echo "$Torch_DIR"; return; fi
  local IFS=:
  for p in ${CMAKE_PREFIX_PATH:-}; do
    for c in "$p" "$p/share/cmake/Torch" "$p/Torch" "$p/lib/cmake/Torch"; do
      [[ -f "$c/TorchConfig.cmake" ]] && { echo "$c"; return; }
    done
  done
  for c in /usr/lib/x86_64-linux-gnu/cmake/Torch /usr/lib/aarch64-linux-gnu/cmake/Torch /usr/share/cmake/Torch; do
    [[ -f "$c/TorchConfig.cmake" ]] && { echo "$c"; return; }
  done
  for py in python3 /usr/bin/python3; do
    local prefix
    prefix="$($py -c 'import torch.utils; print(torch.utils.cmake_prefix_path)' 2>/dev/null || true)"
    [[ -n "$prefix" && -f "$prefix/Torch/TorchConfig.cmake" ]] && { echo "$prefix/Torch"; return; }
  done
}

torch_dir="$(find_torch || true)"
if [[ -z "$torch_dir" ]]; then
  echo "error: libtorch not found. Install it with 'bash scripts/setup.sh' (Debian/Ubuntu: apt-get install libtorch-dev libopenblas0-openmp cmake g++)," >&2
  echo "error: or point Torch_DIR at a libtorch's share/cmake/Torch (a PyTorch install: python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')." >&2
  exit 1
fi
for tool in cmake g++; do
  command -v $tool >/dev/null || { echo "error: $tool not found: run 'bash scripts/setup.sh' (apt-get install cmake g++)" >&2; exit 1; }
done

# A different libtorch than last time: start the build tree afresh.
if [[ -f "$build/torch_dir" && "$(cat "$build/torch_dir")" != "$torch_dir" ]]; then
  find "$build" -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +
fi
echo "$torch_dir" > "$build/torch_dir"

if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DTorch_DIR="$torch_dir" >"$build/configure.log" 2>&1 || {
    cat "$build/configure.log" >&2; echo "error: CMake could not configure the shim against $torch_dir" >&2; exit 1; }
fi
cmake --build "$build" -j"$(nproc)" 2>&1 | grep -vE '^\[|^-- |Consolidate|Scanning|Built target' || true
test -f "$build/libcourse_torch.so" || { echo "error: shim build failed (see above)" >&2; exit 1; }
