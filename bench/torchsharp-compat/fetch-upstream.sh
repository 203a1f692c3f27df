#!/usr/bin/env bash
# Copies the upstream inputs, unchanged, out of git clones of dotnet/TorchSharp and dotnet/TorchSharpExamples
# (TORCHSHARP_GIT, TORCHSHARP_EXAMPLES_GIT: a clone or bare git directory of each) into upstream/ here:
#   upstream/examples/  TorchSharpExamples' five CNN model files and its MNIST training loop (+ the Utils it needs)
#   upstream/tests/     TorchSharp's test/TorchSharpTest/*.cs and the data files the tests read
# The files are never edited; the commit of each is recorded in upstream/COMMITS.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ts="${TORCHSHARP_GIT:?set TORCHSHARP_GIT to a clone of github.com/dotnet/TorchSharp}"
tx="${TORCHSHARP_EXAMPLES_GIT:?set TORCHSHARP_EXAMPLES_GIT to a clone of github.com/dotnet/TorchSharpExamples}"
dst="$here/upstream"
rm -rf "$dst"; mkdir -p "$dst/examples" "$dst/tests"

ex_files=(src/CSharp/Models/AlexNet.cs src/CSharp/Models/MNIST.cs src/CSharp/Models/MobileNet.cs
          src/CSharp/Models/ResNet.cs src/CSharp/Models/VGG.cs
          src/CSharp/CSharpExamples/MNIST.cs
          src/Utils/MNISTReader.cs src/Utils/BigEndianReader.cs src/Utils/Decompress.cs)
for f in "${ex_files[@]}"; do
  # Models/MNIST.cs and CSharpExamples/MNIST.cs share a name: keep the folder in the copy's name.
  name="$(basename "$(dirname "$f")")_$(basename "$f")"
  git -C "$tx" show "HEAD:$f" > "$dst/examples/$name"
done

git -C "$ts" ls-tree --name-only HEAD test/TorchSharpTest/ | while read -r f; do
  case "$f" in
    *.cs|*.dat|*.zip|*.jpg|*.json) git -C "$ts" show "HEAD:$f" > "$dst/tests/$(basename "$f")" ;;
  esac
done
{ echo "TorchSharp $(git -C "$ts" rev-parse HEAD)"; echo "TorchSharpExamples $(git -C "$tx" rev-parse HEAD)"; } > "$dst/COMMITS"
echo "upstream files in $dst: $(ls "$dst/examples" | wc -l) example files, $(ls "$dst/tests"/*.cs | wc -l) test files"
