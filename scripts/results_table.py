#!/usr/bin/python3
"""Prints the reference run's results (notebooks/results/*.json, written by ./course results) as README's markdown
table: one row per model with its run mode, what was trained, the test accuracy and the minutes it trained, beside
d2l's published number for the model's full (GPU) setting. The published numbers are read from notebook 16's source,
the one place they are written down."""
import json
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
folder = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "notebooks" / "results"
published = {m: (float(acc), note) for m, acc, note in re.findall(
    r'new\("([^"]+)", "fashion-mnist", ([0-9.]+), "\[d2l\]", "([^"]*)"\)', (root / "notebooks/src/16-results.md").read_text())}

rows = []
for f in sorted(folder.glob("*.json")):
    for r in json.loads(f.read_text()):
        if r["metric"] != "test_acc":
            continue
        mode = r.get("mode") or ("smoke" if r["smoke"] else "full")
        family = r["model"][:-4] if r["model"].endswith("-cpu") else r["model"]
        pub = published.get(family) if r["dataset"] == "fashion-mnist" else None
        rows.append((r["notebook"], r["model"], r["dataset"], mode, r.get("setting") or f'{r["epochs"]} epochs',
                     r["value"], r["seconds"] / 60, r.get("threads"), pub, r.get("commit")))
if not rows:
    sys.exit(f"no results in {folder}: run ./course results first")
print("| notebook | model | dataset | mode | setting | test accuracy | minutes | threads | d2l, full setting (GPU) |")
print("|---|---|---|---|---|---:|---:|---:|---|")
for nb, model, data, mode, setting, acc, minutes, threads, pub, _ in rows:
    d2l = f"{pub[0]:.3f} ({pub[1]})" if pub else ""
    print(f"| {nb} | {model} | {data} | {mode} | {setting} | {acc:.3f} | {minutes:.1f} | {threads} | {d2l} |")
commits = sorted({r[9] for r in rows if r[9]})
print(f"\nMeasured at commit {', '.join(commits) or 'unknown'} on a 2-core CPU (minutes: training and "
      "testing time per model); d2l's numbers are for its full GPU setting [d2l], as notebook 16 lists them.")
