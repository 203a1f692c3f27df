#!/usr/bin/env bash
# Compiles TorchSharpExamples' five CNN model files and its MNIST training loop (+ the Utils it needs), unchanged,
# against a binding build, and prints the compile errors grouped by missing API, per file.
#   usage: examples/check.sh /path/to/lib/Torch/bin/Release/net10.0/Torch.dll [OUT_DIR]
# 1. MSBuild builds Examples.csproj (the real project: does it compile?). csc stops after declaration errors,
#    so 2. the measure tool compiles the same files with Roslyn and lists every error (OUT_DIR/examples.txt).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
[ $# -ge 1 ] || { echo "usage: $0 BINDING_DLL [OUT_DIR]" >&2; exit 2; }
binding="$(realpath "$1")"
out="${2:-$root/out}"
[ -f "$binding" ] || { echo "no binding at $binding" >&2; exit 2; }
[ -f "$root/upstream/COMMITS" ] || "$root/fetch-upstream.sh" >/dev/null
"$root/unit/build.sh" || exit 1
mkdir -p "$out"

if dotnet build "$here/Examples.csproj" -p:Binding="$binding" -nologo -v q -clp:ErrorsOnly > "$out/examples-msbuild.log" 2>&1; then
  echo "MSBuild: examples/Examples.csproj builds against the binding."
else
  echo "MSBuild: examples/Examples.csproj does not build ($(grep -c ' error ' "$out/examples-msbuild.log") error lines: $out/examples-msbuild.log)."
fi
sharpziplib="$(ls "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/sharpziplib/1.4.2/lib/netstandard2.1/ICSharpCode.SharpZipLib.dll)"
dotnet "$root/unit/bin/Release/net10.0/measure.dll" examples --files "$root/upstream/examples" --binding "$binding" \
  --ref "$sharpziplib" --out "$out"
