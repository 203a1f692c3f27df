#!/usr/bin/env python3
"""Executes course notebooks with Jupyter's own executor (Debian's python3-nbclient) through the course kernel's
installed kernelspec — the way papermill, nbconvert --execute and CI services run notebooks — and writes the
executed copies. Parameters are injected papermill-style (a cell tagged injected-parameters after the one tagged
parameters), as `course run --param` does. Prints one line per notebook and "N passed, N failed".

  /usr/bin/python3 scripts/nbclient_run.py --out DIR [--smoke] [--param name=value]… [--answers committed|solutions|wrong]
                                            [--timeout S] [NOTEBOOK…]

Without NOTEBOOK, runs notebooks/*.ipynb. The kernel runs in notebooks/ (where their `#r "../artifacts/course/…"`
lines resolve). With --own-kernelspec (as CI does) the kernelspec is installed into a temporary Jupyter data folder
first; otherwise the one `./course kernel install` put in place is used.
"""
import argparse, json, pathlib, re, sys, time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = pathlib.Path(__file__).resolve().parent.parent


def literal(value):
    """C# literal of a parameter value, as ParameterInjector.ToLiteral writes it."""
    v = value.strip()
    if v in ("true", "false") or re.fullmatch(r"-?\d+(\.\d+)?([eE][+-]?\d+)?", v):
        return v
    return json.dumps(value)


def inject(nb, params):
    cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    if params:
        at = next((i + 1 for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])), 0)
        source = "// Parameters\n" + "".join(f"var {k} = {literal(v)};\n" for k, v in params.items())
        cell = nbformat.v4.new_code_cell(source, metadata={"polyglot_notebook": {"kernelName": "csharp"}, "tags": ["injected-parameters"]})
        if nb.nbformat_minor < 5:
            cell.pop("id", None)
        cells.insert(at, cell)
    nb.cells = cells


def answer(nb, mode):
    """Puts each exercise's solution (or first wrong answer) into its exercise cell, as `course run --answers` does."""
    if mode == "committed":
        return
    course = lambda c: c.metadata.get("course", {})
    solutions = {course(c)["solution"]: c for c in nb.cells if "solution" in course(c)}
    for cell in nb.cells:
        ident = course(cell).get("exercise")
        if not ident:
            continue
        if mode == "solutions":
            if ident not in solutions:
                raise SystemExit(f"exercise {ident} has no solution cell")
            cell.source = solutions[ident].source
        else:
            if not course(cell).get("wrong"):
                raise SystemExit(f"exercise {ident} has no wrong answer")
            cell.source = course(cell)["wrong"][0]
        cell.metadata["course"]["answer"] = "solution" if mode == "solutions" else "wrong"
    nb.cells = [c for c in nb.cells if "solution" not in course(c)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*")
    ap.add_argument("--out", required=True)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--param", action="append", default=[])
    ap.add_argument("--timeout", type=int, default=900, help="seconds per cell")
    ap.add_argument("--answers", choices=("committed", "solutions", "wrong"), default="committed")
    ap.add_argument("--own-kernelspec", action="store_true")
    args = ap.parse_args()
    if args.own_kernelspec:
        sys.path.insert(0, str(ROOT / "tests" / "jupyter"))
        from kernel_env import install_kernelspec
        install_kernelspec()

    params = dict(p.split("=", 1) for p in args.param)
    if args.smoke:
        params["smoke"] = "true"
    paths = [pathlib.Path(p) for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    passed = failed = 0
    start = time.monotonic()
    for path in paths:
        nb = nbformat.read(str(path), as_version=4)
        inject(nb, params)
        answer(nb, args.answers)
        kernel = nb.metadata.get("kernelspec", {}).get("name", ".net-csharp")
        client = NotebookClient(nb, kernel_name=kernel, timeout=args.timeout, startup_timeout=120,
                                resources={"metadata": {"path": str(path.resolve().parent)}})
        t0 = time.monotonic()
        try:
            client.execute()
            status, why = "PASS", ""
            passed += 1
        except CellExecutionError as e:
            status, why = "FAIL", str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
            failed += 1
        except Exception as e:  # noqa: BLE001 - a dead kernel, a timeout: report and go on with the next notebook
            status, why = "FAIL", f"{type(e).__name__}: {e}"
            failed += 1
        nbformat.write(nb, str(out / path.name))
        print(f"{status} {time.monotonic() - t0:7.1f} s  {path.name}" + (f"  {why}" if why else ""), flush=True)
    print(f"{passed} passed, {failed} failed of {len(paths)} notebooks in {time.monotonic() - start:.1f} s")
    sys.exit(0 if failed == 0 else 1)


if __name__ == "__main__":
    main()
