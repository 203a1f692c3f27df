#!/usr/bin/env bash
# The compatibility yardstick in one line:
#   bench/torchsharp-compat/run.sh /path/to/lib/Torch/bin/Release/net10.0/Torch.dll
# 1. TorchSharpExamples' model files + MNIST loop compiled unchanged against the binding (examples/check.sh);
# 2. TorchSharp's own in-scope unit tests compiled test by test and run (unit/, the measure tool).
# Results in out/: examples.txt, summary.txt, blockers.txt, failing.txt, selection.txt, results.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ $# -ge 1 ] || { echo "usage: $0 BINDING_DLL [--timeout S] [--top N] [--no-run]" >&2; exit 2; }
binding="$(realpath "$1")"; shift
[ -f "$binding" ] || { echo "no binding at $binding" >&2; exit 2; }
out="$here/out"
mkdir -p "$out"
# A snapshot of the build (Torch.dll and the native shim beside it), so that a rebuild while this runs cannot mix two builds.
snap="$out/binding"
rm -rf "$snap"; mkdir -p "$snap"
find "$(dirname "$binding")" -maxdepth 1 -type f -exec cp -p {} "$snap/" \;
[ -f "$here/upstream/COMMITS" ] || "$here/fetch-upstream.sh"
"$here/unit/build.sh"

echo "== TorchSharpExamples (unchanged) against $binding"
"$here/examples/check.sh" "$snap/Torch.dll" "$out" | sed "s|$snap/Torch.dll|$binding|"
echo
echo "== TorchSharp's unit tests (in-scope selection) against $binding"
dotnet "$here/unit/bin/Release/net10.0/measure.dll" unit --tests "$here/upstream/tests" --binding "$snap/Torch.dll" \
  --label "$binding" --out "$out" "$@"
