#!/usr/bin/env bash
# Builds the measure tool (Release) when a source is newer than the built tool; quiet unless the build fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dll="$here/bin/Release/net10.0/measure.dll"
if [ ! -f "$dll" ] || [ -n "$(find "$here" -maxdepth 1 \( -name '*.cs' -o -name '*.csproj' \) -newer "$dll")" ]; then
  log="$(dotnet build "$here/Measure.csproj" -c Release -nologo -v q -clp:ErrorsOnly 2>&1)" || { echo "$log" >&2; exit 1; }
fi
