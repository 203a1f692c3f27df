#!/usr/bin/env bash
# Installs what the course needs on Debian/Ubuntu. Idempotent: installs only what is missing.
#   bash scripts/setup.sh          runtime: libtorch (CPU) and Gloo's headers (torch.distributed), OpenBLAS (OpenMP), CMake, g++, libzmq5 (the Jupyter kernel)
#   bash scripts/setup.sh --dev    + what the tests use: Debian's PyTorch and nbformat (reference checks),
#                                  Chromium (browser tests), pngcheck, Node.js/npm and the pinned plotly.js, and the
#                                  Jupyter side of the kernel tests: jupyter_client, jupyter_kernel_test, nbclient and
#                                  the classic Jupyter Notebook server
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dev=0; [[ "${1:-}" == "--dev" ]] && dev=1

pkgs=(libtorch-dev libgloo-dev libopenblas0-openmp cmake g++ libzmq5)
(( dev )) && pkgs+=(python3-torch python3-nbformat chromium pngcheck
                    python3-jupyter-client python3-zmq python3-jupyter-kernel-test python3-nbclient jupyter-notebook)
command -v npm >/dev/null || { (( dev )) && pkgs+=(nodejs npm); }

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null; then SUDO=sudo; else
      echo "error: missing packages: ${missing[*]}; run as root: apt-get install ${missing[*]}" >&2; exit 1; fi
  else SUDO=""; fi
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's default BLAS is the slow reference one; libopenblas0-openmp registers itself as the preferred
# libblas.so.3 alternative. Make sure the alternative is in auto mode (someone may have pinned netlib).
alt=libblas.so.3-$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)
if update-alternatives --query "$alt" >/dev/null 2>&1; then
  if ! update-alternatives --query "$alt" | grep -q "^Value: .*openblas"; then
    [[ $(id -u) -eq 0 ]] && update-alternatives --auto "$alt" >/dev/null || echo "warning: $alt does not point at OpenBLAS" >&2
  fi
fi

if (( dev )) && [[ -f "$root/package-lock.json" ]]; then
  if [[ ! -f "$root/node_modules/.package-lock.json" || "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]]; then
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi
