#!/usr/bin/env bash
# `./course test` in a fresh clone with no datasets: COURSE_DATA is an empty folder, no datasets beside the clone, and the
# canonical dataset hosts unreachable (every HTTP request outside 127.0.0.1 and the package registries goes to a proxy
# port where nothing listens, so a connection is refused at once).
#   1. offline: one clear message naming each missing file before any test runs, the data tests skipped, the closing
#      line saying so, exit non-zero, no dataset file left behind;
#   2. the datasets served from 127.0.0.1 (a copy of $COURSE_DATA) through COURSE_DATA_MIRROR: downloaded into the
#      clone's data/, verified, and every test passes.
# Usage: COURSE_DATA=/path/to/shared/data bash .ci/fresh-clone-data.sh   (ends with "N passed, N failed" of its checks)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source_data="${COURSE_DATA:?set COURSE_DATA to a folder holding mnist/ and fashion-mnist/ (served by the mirror)}"
work="$(mktemp -d /tmp/course-fresh.XXXXXX)"
server=""
trap '[[ -n "$server" ]] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
passed=0; failed=0
check() { # description, command…
  local what="$1"; shift
  if "$@"; then echo "ok   $what"; passed=$((passed + 1)); else echo "FAIL $what"; failed=$((failed + 1)); fi
}

# Beside the clone: the external test input (TorchSharp's tutorial notebooks), but no datasets.
if [[ -d "$root/../shared/external" ]]; then mkdir -p "$work/shared" && ln -s "$(cd "$root/../shared/external" && pwd)" "$work/shared/external"; fi
git clone -q "$root" "$work/clone" && cd "$work/clone" || { echo "could not clone $root"; echo "0 passed, 1 failed"; exit 1; }
# Set-up and build with the network as this machine has it (packages, NuGet); the datasets are what is cut off below.
bash scripts/setup.sh --dev >/dev/null && ./course build >/dev/null || { echo "set-up or build of the fresh clone failed"; echo "0 passed, 1 failed"; exit 1; }
unset COURSE_DATA
mkdir -p "$work/empty"
export HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
export NO_PROXY="127.0.0.1,localhost,.nuget.org,.npmjs.org,.debian.org" no_proxy="127.0.0.1,localhost,.nuget.org,.npmjs.org,.debian.org"
count() { grep -cE "$1" "$2" || true; }

echo "--- 1. offline, COURSE_DATA=$work/empty"
COURSE_DATA="$work/empty" ./course test >"$work/offline.log" 2>&1; rc=$?
grep -E "dataset file\(s\) missing|^  (mnist|fashion-mnist)/|^To provide|passed, .* failed" "$work/offline.log" | cut -c1-200
check "offline: ./course test exits non-zero" test "$rc" -ne 0
check "offline: one message naming the 8 missing files" test "$(count '^8 dataset file\(s\) missing or corrupt:' "$work/offline.log")" -eq 1 -a \
  "$(count '^  (mnist|fashion-mnist)/[a-z0-9-]+\.gz \([0-9,]+ bytes, md5 [0-9a-f]{32}\)' "$work/offline.log")" -eq 8
check "offline: the message names the URLs tried and how to provide the files" grep -qE "download failed: https://ossci-datasets.s3.amazonaws.com/mnist/.*refused" "$work/offline.log"
check "offline: ... and how to provide them" grep -q "^To provide them: copy the files" "$work/offline.log"
msg_line=$(grep -nE 'dataset file\(s\) missing' "$work/offline.log" | head -1 | cut -d: -f1)
first_test=$(grep -nE '^[A-Za-z.]+Tests +[0-9]+ passed' "$work/offline.log" | head -1 | cut -d: -f1)
check "offline: the message comes before any test ran" test -n "$msg_line" -a -n "$first_test" -a "${msg_line:-0}" -lt "${first_test:-0}"
closing="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$work/offline.log" | tail -1)"
check "offline: closing line shows the skipped tests and why ($closing)" \
  bash -c '[[ "$1" =~ ^[0-9]+\ passed,\ 0\ failed,\ ([0-9]+)\ skipped\ \(datasets\ missing:\ mnist,fashion-mnist ]] && (( BASH_REMATCH[1] >= 10 ))' _ "$closing"
check "offline: no dataset file (nor a partial one) left in data/" test -z "$(find data "$work/empty" -type f ! -name manifest.json ! -name README.md)"

echo "--- 2. the datasets from a mirror on 127.0.0.1"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/bin/python3 -m http.server "$port" --bind 127.0.0.1 --directory "$source_data" >"$work/mirror-server.log" 2>&1 &
server=$!
for _ in $(seq 50); do /usr/bin/python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break; sleep 0.1; done
COURSE_DATA="$work/empty" COURSE_DATA_MIRROR="http://127.0.0.1:$port" ./course test >"$work/mirror.log" 2>&1; rc=$?
grep -E "downloaded|All .* verified|passed, .* failed" "$work/mirror.log" | cut -c1-160
check "mirror: ./course test exits 0" test "$rc" -eq 0
check "mirror: the 8 files were downloaded from 127.0.0.1" test "$(count '"GET /(mnist|fashion-mnist)/[a-z0-9-]+\.gz HTTP/1\.[01]" 200' "$work/mirror-server.log")" -eq 8 -a "$(count '│ downloaded │' "$work/mirror.log")" -eq 8
closing="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$work/mirror.log" | tail -1)"
check "mirror: every test passed, none skipped ($closing)" bash -c '[[ "$1" =~ ^[0-9]+\ passed,\ 0\ failed,\ 0\ skipped$ ]]' _ "$closing"
check "mirror: data/ holds the verified files (course data --check)" env COURSE_DATA="$work/empty" ./course data --check >/dev/null
[[ $failed -gt 0 ]] && { echo "--- offline log (tail)"; tail -40 "$work/offline.log"; echo "--- mirror log (tail)"; tail -40 "$work/mirror.log"; }
echo "$passed passed, $failed failed"
(( failed == 0 ))
