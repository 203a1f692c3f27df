#!/usr/bin/env python3
"""Builds the course notebooks (notebooks/*.ipynb) from their sources (notebooks/src/*.md).

A source is Markdown; each fenced block opened with ```csharp becomes a C# code cell and the text
between blocks becomes Markdown cells (a line holding only `---` also splits Markdown cells).
Fence options after `csharp`:
  parameters      the papermill-style parameters cell (tag "parameters")
  exercise ID     an exercise cell the learner edits (tag "exercise", metadata.course.exercise = ID, e.g. 2.1)
  solution ID     the solution of exercise ID: tagged "solution", collapsed in VS Code / Jupyter
                  (metadata.course.solution = ID); `course run --answers solutions` puts it in the exercise's place
  wrong ID        a plausible wrong answer to exercise ID: not a cell of its own but kept in the exercise cell's
                  metadata.course.wrong; `course run --answers wrong` puts it in the exercise's place, and every
                  check must then report "not passed"
A comment line `<!-- expects: chart image table -->` at the top lists the rich outputs the notebook promises
(chart = a Plotly figure, image = a PNG, table = an HTML table); it is stored in metadata.course.expects and
CI checks the executed notebook for them.
The notebooks carry VS Code Polyglot Notebooks metadata (C# kernel) and no outputs.

  python3 scripts/nbbuild.py            rebuild every notebook
  python3 scripts/nbbuild.py --check    fail if a notebook is out of date with its source
"""
import hashlib, json, pathlib, re, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC, OUT = ROOT / "notebooks" / "src", ROOT / "notebooks"

NB_METADATA = {
    "kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
    "language_info": {"name": "C#", "mimetype": "text/x-csharp", "file_extension": ".cs", "pygments_lexer": "csharp"},
    "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp",
                                         "items": [{"aliases": [], "name": "csharp"}]}},
}


def cell_id(stem, i):
    return hashlib.sha1(f"{stem}:{i}".encode()).hexdigest()[:12]


def lines(text):
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def parse(text):
    cells, md, i = [], [], 0
    rows = text.split("\n")

    def flush_md():
        body = "\n".join(md).strip("\n")
        if body.strip():
            cells.append(("markdown", body, []))
        md.clear()

    while i < len(rows):
        row = rows[i]
        m = re.match(r"^```csharp\b(.*)$", row)
        if m:
            flush_md()
            opts = m.group(1).split()
            code = []
            i += 1
            while i < len(rows) and rows[i].rstrip() != "```":
                code.append(rows[i])
                i += 1
            if i >= len(rows):
                raise SystemExit(f"unterminated ```csharp block")
            cells.append(("code", "\n".join(code).strip("\n"), opts))
        elif row.strip() == "---":
            flush_md()
        else:
            md.append(row)
        i += 1
    flush_md()
    return cells


def build(src):
    stem = src.stem
    cells = []
    text = src.read_text(encoding="utf-8")
    expects = []
    m = re.search(r"^<!--\s*expects:(.*?)-->\s*$", text, re.M)
    if m:
        expects = m.group(1).split()
        text = text[:m.start()] + text[m.end():]
    exercises = {}
    for i, (kind, body, opts) in enumerate(parse(text)):
        if kind == "code" and opts[:1] == ["wrong"]:
            ident = opts[1] if len(opts) > 1 else None
            if ident not in exercises:
                raise SystemExit(f"{src.name}: ```csharp wrong {ident} comes before (or without) ```csharp exercise {ident}")
            exercises[ident]["metadata"]["course"].setdefault("wrong", []).append(body)
            continue
        cell = {"cell_type": kind, "id": cell_id(stem, i), "metadata": {}, "source": lines(body)}
        if kind == "code":
            cell["metadata"] = {"dotnet_interactive": {"language": "csharp"},
                                "polyglot_notebook": {"kernelName": "csharp"}}
            tags = [o for o in opts if o in ("parameters", "solution", "exercise")]
            if tags:
                cell["metadata"]["tags"] = tags
            ident = opts[1] if len(opts) > 1 and opts[0] in ("exercise", "solution") else None
            if "exercise" in tags and ident:
                if ident in exercises:
                    raise SystemExit(f"{src.name}: two exercises numbered {ident}")
                cell["metadata"]["course"] = {"exercise": ident}
                exercises[ident] = cell
            if "solution" in tags:
                cell["metadata"]["jupyter"] = {"source_hidden": True}
                if ident:
                    cell["metadata"]["course"] = {"solution": ident}
            cell["execution_count"] = None
            cell["outputs"] = []
        cells.append(cell)
    metadata = dict(NB_METADATA)
    if expects:
        metadata["course"] = {"expects": expects}
    nb = {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def main():
    check = "--check" in sys.argv
    stale = []
    for src in sorted(SRC.glob("*.md")):
        target = OUT / (src.stem + ".ipynb")
        text = build(src)
        if check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(target.name)
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target.relative_to(ROOT)}")
    if stale:
        raise SystemExit("out of date with notebooks/src (run python3 scripts/nbbuild.py): " + ", ".join(stale))


if __name__ == "__main__":
    main()
