#!/usr/bin/env python3
"""Kernel latency, as a learner meets it: the time from launching the course's C# kernel to its kernel_info_reply,
and the latency of notebook 02's first code cells (loading the course library with #r, then the parameters and
settings cells), measured through Jupyter's own client (Debian's python3-jupyter-client), the kernel started from
its installed kernelspec in notebooks/ as Jupyter starts it.

  /usr/bin/python3 bench/KernelBench/kernel_latency.py [--rounds 5] [--pause 0]

--pause S waits S seconds between the kernel_info_reply and the first cell (a learner reading the notebook first).
Prints each round and the median, min and max of every measurement.
"""
import argparse, json, pathlib, statistics, sys, time

import nbformat
from jupyter_client.manager import KernelManager

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "jupyter"))
from kernel_env import KERNEL_NAME, install_kernelspec  # noqa: E402


def execute(kc, code, timeout=300):
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    elapsed = time.perf_counter() - t0
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"cell failed: {reply['content'].get('ename')}: {reply['content'].get('evalue')}")
    return elapsed


def one_round(cells, pause):
    km = KernelManager(kernel_name=KERNEL_NAME)
    t0 = time.perf_counter()
    km.start_kernel(cwd=str(ROOT / "notebooks"))
    kc = km.client()
    kc.start_channels()
    try:
        # kernel_info until the kernel answers (the first request may be sent before its sockets are bound)
        while True:
            msg_id = kc.kernel_info()
            try:
                reply = kc.get_shell_msg(timeout=0.5)
            except Exception:  # noqa: BLE001 - queue.Empty: not up yet
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        ready = time.perf_counter() - t0
        time.sleep(pause)
        times = [execute(kc, code) for code in cells]
        return ready, times
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--pause", type=float, default=0.0)
    args = ap.parse_args()
    install_kernelspec()
    nb = nbformat.read(str(ROOT / "notebooks" / "02-lenet-fashion-mnist.ipynb"), as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    cells = [code[0], "var smoke = true;", code[2]]   # #r the library; the parameters (smoke); the settings cell
    names = ["launch → kernel_info_reply", "cell 1 (#r the course library)", "cell 2 (parameters)", "cell 3 (settings)"]
    rows = []
    for r in range(args.rounds):
        ready, times = one_round(cells, args.pause)
        rows.append([ready] + times)
        print(f"round {r + 1}: " + ", ".join(f"{n}: {v * 1000:.0f} ms" for n, v in zip(names, rows[-1])), flush=True)
    print(f"\n{args.rounds} rounds, pause {args.pause:g} s before the first cell:")
    for i, n in enumerate(names):
        col = [row[i] * 1000 for row in rows]
        print(f"  {n:34} median {statistics.median(col):6.0f} ms   min {min(col):6.0f}   max {max(col):6.0f}")


if __name__ == "__main__":
    main()
