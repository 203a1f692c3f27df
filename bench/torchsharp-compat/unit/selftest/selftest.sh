#!/usr/bin/env bash
# Self-test of the measure tool: runs it with --all on tests/Fake.cs against a binding and checks each outcome:
# pass, fail, compile error (own and through a helper), native crash and timeout (the run resumes after both),
# a theory's rows, a skipped test left out.   usage: unit/selftest/selftest.sh BINDING_DLL
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/../build.sh"
out="$(mktemp -d)"
dotnet "$here/../bin/Release/net10.0/measure.dll" unit --all --tests "$here/tests" --binding "$1" --out "$out" --timeout 5 > "$out/log.txt"
python3 - "$out/results.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
status = {t["id"].split(".")[-1]: t["status"] for t in r["tests"]}
expected = {"Passes": "pass", "Fails": "fail", "UsesMissingApi": "compile-error", "UsesBrokenHelper": "compile-error",
            "Crashes": "crash", "PassesAfterCrash": "pass", "Hangs": "timeout", "PassesAfterHang": "pass", "Theory": "pass"}
assert status == expected, f"statuses: {status}"
assert (r["selected"], r["compile"], r["pass"]) == (9, 7, 4), (r["selected"], r["compile"], r["pass"])
keys = {b["key"]: b["tests"] for b in r["blockers"]}
assert keys == {"torch.no_such_function": 1, "torch.another_missing_function": 1}, keys
fails = {t["id"].split(".")[-1]: t["message"] for t in r["tests"] if t["status"] in ("fail", "crash")}
assert "EqualException" in fails["Fails"], fails
assert "self-test: a crash in a test" in fails["Crashes"], fails
print("selftest: 9 tests, every outcome as expected")
PY
rm -rf "$out"
