#!/usr/bin/env bash
# Runs once when the devcontainer is created: builds the solution against the libtorch found
# (PyTorch's, inside the container), installs the course's Jupyter kernelspec, and checks from C# that libtorch
# sees the GPU.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z "${Torch_DIR:-}" || ! -f "${Torch_DIR}/TorchConfig.cmake" ]]; then
  prefix="$(python3 -c 'import torch.utils; print(torch.utils.cmake_prefix_path)' 2>/dev/null || true)"
  [[ -n "$prefix" && -f "$prefix/Torch/TorchConfig.cmake" ]] && export Torch_DIR="$prefix/Torch"
fi
echo "post-create: libtorch from ${Torch_DIR:-the Debian libtorch-dev package}"
if command -v apt-get >/dev/null && [[ -z "${Torch_DIR:-}" ]]; then bash scripts/setup.sh; fi
dotnet build Course.sln -c Release -nologo -v quiet -clp:ErrorsOnly
(cd . && npm ci --no-audit --no-fund --loglevel=error) || echo "post-create: npm ci failed (charts fall back to the CDN plotly.js)"
# The course's C# Jupyter kernel, for VS Code's Jupyter extension (after npm ci: the kernelspec keeps a plotly.js copy).
./course kernel install
# torch.cuda.is_available() from C#: `course info --require-cuda` exits non-zero without a GPU.
if [[ "${COURSE_EXPECT_CPU:-0}" == 1 ]]; then
  dotnet lib/Course.Cli/bin/Release/net10.0/Course.Cli.dll info
else
  dotnet lib/Course.Cli/bin/Release/net10.0/Course.Cli.dll info --require-cuda
fi
