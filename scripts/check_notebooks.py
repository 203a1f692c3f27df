#!/usr/bin/env python3
"""Checks the course notebooks. Prints one line per check and a closing "N passed, N failed".

  check_notebooks.py                 the committed notebooks: valid nbformat 4, Polyglot C# metadata,
                                     no outputs, a tagged parameters cell with `smoke`, the library-loading
                                     first cell, exercises with checks and solutions, in sync with notebooks/src
  check_notebooks.py --executed DIR  executed copies (e.g. from a smoke run): valid, every code cell ran,
                                     no error outputs, and the rich outputs each notebook promises
                                     (metadata.course.expects: chart, image, table) are there
"""
import glob, json, os, pathlib, subprocess, sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parent.parent
results = []


def check(name, ok, why=""):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + ("" if ok else f": {why}"))


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def committed():
    files = sorted(ROOT.glob("notebooks/*.ipynb"))
    check("notebooks exist", len(files) > 0, "no notebooks/*.ipynb")
    r = subprocess.run([sys.executable, str(ROOT / "scripts/nbbuild.py"), "--check"], capture_output=True, text=True)
    check("notebooks are in sync with notebooks/src", r.returncode == 0, (r.stderr or r.stdout).strip())
    for f in files:
        name = f.name
        try:
            nb = nbformat.read(str(f), as_version=4)
            nbformat.validate(nb)
            check(f"{name}: valid nbformat 4", True)
        except Exception as e:  # noqa: BLE001 - report any validation problem
            check(f"{name}: valid nbformat 4", False, str(e).splitlines()[0])
            continue
        pn = nb.metadata.get("polyglot_notebook", {}).get("kernelInfo", {})
        code = [c for c in nb.cells if c.cell_type == "code"]
        check(f"{name}: Polyglot C# metadata", pn.get("defaultKernelName") == "csharp" and nb.metadata.get("kernelspec", {}).get("name") == ".net-csharp"
              and all(c.metadata.get("polyglot_notebook", {}).get("kernelName") == "csharp" for c in code), "kernel metadata missing")
        check(f"{name}: committed without outputs", all(not c.get("outputs") and c.get("execution_count") is None for c in code), "has outputs")
        params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
        check(f"{name}: parameters cell with smoke", len(params) == 1 and "smoke" in source(params[0]), "no tagged parameters cell declaring smoke")
        check(f"{name}: first code cell loads the course library", bool(code) and "artifacts/course/Course.dll" in source(code[0]), "first cell does not #r the library")
        ex = [c for c in code if "exercise" in c.metadata.get("tags", [])]
        sol = [c for c in code if "solution" in c.metadata.get("tags", [])]
        checks = sum("Exercises." in source(c) for c in code)
        if not name.startswith("16-"):
            check(f"{name}: 2-4 exercises with checks and solutions", 2 <= len(ex) <= 4 and checks >= len(ex) and len(sol) >= 1,
                  f"{len(ex)} exercise cells, {checks} check cells, {len(sol)} solution cells")


def executed(folder):
    files = sorted(glob.glob(os.path.join(folder, "*.ipynb")))
    check("executed notebooks exist", len(files) > 0, f"none in {folder}")
    for f in files:
        name = os.path.basename(f)
        nb = nbformat.read(f, as_version=4)
        try:
            nbformat.validate(nb)
            check(f"{name}: executed copy is valid nbformat 4", True)
        except Exception as e:  # noqa: BLE001
            check(f"{name}: executed copy is valid nbformat 4", False, str(e).splitlines()[0])
        code = [c for c in nb.cells if c.cell_type == "code"]
        errors = [o for c in code for o in c.get("outputs", []) if o.get("output_type") == "error"]
        check(f"{name}: every code cell ran without error", not errors and all(c.get("execution_count") for c in code),
              errors[0].get("evalue", "") if errors else "a cell did not run")
        data = [o.get("data", {}) for c in code for o in c.get("outputs", []) if o.get("output_type") in ("display_data", "execute_result")]
        html = "".join(source({"source": d.get("text/html", "")}) for d in data)
        kinds = {
            "chart": "Plotly.newPlot" in html or "plotly" in html.lower(),
            "image": any("image/png" in d for d in data) or "data:image/png;base64" in html,
            "table": "<table" in html,
        }
        for kind in nb.metadata.get("course", {}).get("expects", []):
            check(f"{name}: shows a {kind}", kinds.get(kind, False), f"no {kind} among the outputs")
        text = json.dumps([c.get("outputs", []) for c in code]).lower()
        if any("injected-parameters" in c.metadata.get("tags", []) and "smoke = true" in source(c) for c in code):
            check(f"{name}: says it is a smoke run", "smoke" in text, "no output mentions the smoke run")


if __name__ == "__main__":
    if "--executed" in sys.argv:
        executed(sys.argv[sys.argv.index("--executed") + 1])
    else:
        committed()
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    sys.exit(0 if all(results) else 1)
