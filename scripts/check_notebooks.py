#!/usr/bin/env python3
"""Checks the course notebooks. Prints one line per check and a closing "N passed, N failed".

  check_notebooks.py                 the committed notebooks: valid nbformat 4, Polyglot C# metadata,
                                     no outputs, a tagged parameters cell with `smoke`, the library-loading
                                     first cell, numbered exercises each with a check, a solution and a wrong
                                     answer, in sync with notebooks/src; and no learner-facing file cites the
                                     course's sources as "seed 000" instead of by their titles
  check_notebooks.py --executed DIR [--answers committed|solutions|wrong]
                                     executed copies of all the notebooks (e.g. from a smoke run): valid, every
                                     code cell ran, no error outputs, the rich outputs each notebook promises
                                     (metadata.course.expects: chart, image, table, gate) are there, every
                                     exercise check reports "not passed" (committed, wrong) or "passed"
                                     (solutions), and every course type displayed carries the attribute Polyglot
                                     Notebooks formats by (TypeFormatterSourceAttribute)
"""
import glob, json, os, pathlib, re, subprocess, sys

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
        ids = [c.metadata.get("course", {}).get("exercise") for c in ex]
        solved = {c.metadata.get("course", {}).get("solution") for c in code if "solution" in c.metadata.get("tags", [])}
        text = "".join(source(c) for c in code)
        problems = [f"exercise cell without a number" for i in ids if not i]
        problems += [f"{i}: no solution" for i in ids if i and i not in solved]
        problems += [f"{i}: no wrong answer" for c, i in zip(ex, ids) if i and not c.metadata.get("course", {}).get("wrong")]
        problems += [f"{i}: no check names it" for i in ids if i and f'"{i} ' not in text]
        check(f"{name}: {len(ex)} numbered exercises, each with a check, a solution and a wrong answer",
              2 <= len(ex) <= 4 and not problems, "; ".join(problems) or f"{len(ex)} exercise cells")


# Learner-facing text may not call the course's sources "seed 000" (the name of their files in the course's
# working material): it cites them by title and author (notebook 01 and README list them).
SEED_CITATION = re.compile(r"(?i)\bseeds?\s+0\d\d\b|\bthe (?:course )?seeds\b")


def citations():
    files = [ROOT / "README.md", ROOT / "environment.md"]
    for pattern in ("notebooks/src/*.md", "notebooks/*.ipynb", "docs/**/*.md", "lib/**/*.md", "lib/**/*.cs", "bench/**/*.md"):
        files += [f for f in ROOT.glob(pattern) if "/bin/" not in str(f) and "/obj/" not in str(f)]
    found = []
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if SEED_CITATION.search(line):
                found.append(f"{f.relative_to(ROOT)}:{n}")
    check("sources are cited by title, never as \"seed 000\"", not found, f"{len(found)} places: " + ", ".join(found[:12]))


CHECK = re.compile(r'data-course-check="(passed|not-passed)" data-course-exercise="([^"]+)"')
COURSE_TYPE = re.compile(r"^(Course|TorchSharp)\.")


def executed(folder, answers):
    files = sorted(glob.glob(os.path.join(folder, "*.ipynb")))
    expected = sorted(p.name for p in ROOT.glob("notebooks/*.ipynb"))
    missing = sorted(set(expected) - {os.path.basename(f) for f in files})
    check(f"all {len(expected)} notebooks were executed", not missing and len(expected) > 0, f"missing in {folder}: {', '.join(missing)}")
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
            "gate": 'data-course-gate="passed"' in html,
        }
        for kind in nb.metadata.get("course", {}).get("expects", []):
            check(f"{name}: shows a {kind}", kinds.get(kind, False), f"no {kind} among the outputs")
        # every exercise is checked, and each check says what this run expects of it
        ids = [c.metadata.get("course", {}).get("exercise") for c in code if c.metadata.get("course", {}).get("exercise")]
        results = CHECK.findall(html)
        want = "passed" if answers == "solutions" else "not-passed"
        unchecked = [i for i in ids if not any(e == i for _, e in results)]
        wrong = sorted({f"{e} {state}" for state, e in results if state != want})
        check(f"{name}: every exercise check reports {want} ({answers})", bool(ids) and not unchecked and not wrong,
              "; ".join([f"no check output for {', '.join(unchecked)}"] if unchecked else []) + "; ".join(wrong) or "no exercises")
        # what Polyglot Notebooks would format through its convention attribute
        outputs = [o for c in code for o in c.get("outputs", []) if o.get("output_type") in ("display_data", "execute_result")]
        bare = sorted({o["metadata"]["dotnet"]["type"] for o in outputs
                       if COURSE_TYPE.match(o.get("metadata", {}).get("dotnet", {}).get("type", ""))
                       and not o["metadata"]["dotnet"].get("type_formatter_source")})
        typed = sum(1 for o in outputs if o.get("metadata", {}).get("dotnet"))
        check(f"{name}: every displayed course type carries TypeFormatterSourceAttribute", typed > 0 and not bare,
              "without it: " + ", ".join(bare) if bare else "no output records its .NET type")
        text = json.dumps([c.get("outputs", []) for c in code]).lower()
        if any("injected-parameters" in c.metadata.get("tags", []) and "smoke = true" in source(c) for c in code):
            check(f"{name}: says it is a smoke run", "smoke" in text, "no output mentions the smoke run")


if __name__ == "__main__":
    if "--executed" in sys.argv:
        answers = sys.argv[sys.argv.index("--answers") + 1] if "--answers" in sys.argv else "committed"
        if answers not in ("committed", "solutions", "wrong"):
            sys.exit(f"--answers: expected committed, solutions or wrong, got {answers!r}")
        executed(sys.argv[sys.argv.index("--executed") + 1], answers)
    else:
        committed()
        citations()
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    sys.exit(0 if all(results) else 1)
