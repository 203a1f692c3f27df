#!/usr/bin/python3
"""Prints the reference run's results (notebooks/results/*.json, written by ./course results) as README's markdown table:
one row per model, with its run mode, what was trained, the test accuracy and the minutes it trained."""
import json
import pathlib
import sys

folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "notebooks/results")
rows = []
for f in sorted(folder.glob("*.json")):
    for r in json.loads(f.read_text()):
        if r["metric"] != "test_acc":
            continue
        mode = r.get("mode") or ("smoke" if r["smoke"] else "full")
        rows.append((r["notebook"], r["model"], r["dataset"], mode, r.get("setting") or f'{r["epochs"]} epochs',
                     r["value"], r["seconds"] / 60, r.get("threads"), r.get("commit")))
if not rows:
    sys.exit(f"no results in {folder}: run ./course results first")
print("| notebook | model | dataset | mode | setting | test accuracy | minutes | threads |")
print("|---|---|---|---|---|---:|---:|---:|")
for nb, model, data, mode, setting, acc, minutes, threads, _ in rows:
    print(f"| {nb} | {model} | {data} | {mode} | {setting} | {acc:.3f} | {minutes:.1f} | {threads} |")
commits = sorted({r[8] for r in rows if r[8]})
print(f"\nFrom `./course results` at commit {', '.join(commits) or 'unknown'} (minutes: training time, on CPU).")
