"""Training speed of the course beside PyTorch-Python on the same libtorch, measured side by side.

Runs, alternating, ROUNDS rounds of (a) `course train` (the course's Trainer, as a learner runs it) and (b)
d2l_train_ch6.py (d2l's train_ch6 in Debian's PyTorch) on the same model, data, batch size, learning rate, weight
initialisation and thread count, and prints for each model: training images/s of both (loader and metrics
included), the ratio course/PyTorch (median, min, max over rounds), epoch wall time (training + evaluation) and the
peak resident memory of each process. The order within a round alternates so neither side always runs first.

usage: /usr/bin/python3 bench/TrainBench/bench.py [--rounds 3] [--models lenet,mnist-cnn,resnet18]
         [--threads N] [--lenet-epochs 3] [--resnet-steps 100] [--data DIR] [--json FILE]
Needs a built tree (`./course build`) and the datasets (COURSE_DATA or ../shared/data or data/).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CLI = os.path.join(ROOT, "lib", "Course.Cli", "bin", "Release", "net10.0", "Course.Cli.dll")


def settings(args):
    """Per model: the course's model name, dataset, d2l-style settings (same on both sides)."""
    resnet_train = 256 * args.resnet_steps
    return {
        "lenet": dict(model="lenet", dataset="fashion-mnist", epochs=args.lenet_epochs, batch=256, lr=0.9,
                      limit_train=0, limit_test=0, resize=None),
        "mnist-cnn": dict(model="mnist-cnn", dataset="mnist", epochs=1, batch=64, lr=0.1,
                          limit_train=0, limit_test=0, resize=None),
        "resnet18": dict(model="resnet18-d2l", dataset="fashion-mnist", epochs=1, batch=256, lr=0.05,
                         limit_train=resnet_train, limit_test=2048, resize=28),
    }


def run(cmd, env, log):
    """Runs cmd; returns (seconds, peak RSS in MiB); raises with the output's tail on failure."""
    start = time.perf_counter()
    with open(log, "w") as out:
        p = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if p.returncode != 0:
        with open(log) as f:
            tail = f.read()[-2000:]
        raise SystemExit(f"{' '.join(cmd)} exited with {p.returncode}:\n{tail}")
    return seconds, usage.ru_maxrss / 1024


def summarise(result_file):
    """Training images/s over all epochs, median epoch wall time, final test accuracy, parameter count."""
    with open(result_file) as f:
        r = json.load(f)
    epochs = r["epochs"]
    examples = r["train_examples"] * len(epochs)
    train_seconds = sum(r["train_examples"] / e["examples_per_sec"] for e in epochs)
    return dict(images_per_s=examples / train_seconds, epoch_s=statistics.median(e["seconds"] for e in epochs),
                test_acc=epochs[-1]["test_acc"], params=r["params"], threads=r["threads"])


def course_cmd(s, threads, out):
    cmd = ["dotnet", CLI, "train", "--model", s["model"], "--dataset", s["dataset"], "--epochs", str(s["epochs"]),
           "--batch-size", str(s["batch"]), "--lr", str(s["lr"]), "--optimizer", "sgd", "--momentum", "0",
           "--weight-decay", "0", "--schedule", "none", "--init", "xavier", "--seed", "0", "--threads", str(threads),
           "--json", out]
    if s["limit_train"]: cmd += ["--limit-train", str(s["limit_train"])]
    if s["limit_test"]: cmd += ["--limit-test", str(s["limit_test"])]
    if s["resize"]: cmd += ["--resize", str(s["resize"])]
    return cmd


def python_cmd(args, s, threads, out):
    cmd = [args.python, os.path.join(HERE, "d2l_train_ch6.py"), "--model", s["model"], "--data", args.data,
           "--dataset", s["dataset"], "--epochs", str(s["epochs"]), "--batch", str(s["batch"]), "--lr", str(s["lr"]),
           "--threads", str(threads), "--seed", "0", "--json", out]
    if s["limit_train"]: cmd += ["--limit-train", str(s["limit_train"])]
    if s["limit_test"]: cmd += ["--limit-test", str(s["limit_test"])]
    return cmd


def start_neighbour(args, env, tmp):
    """A second training that shares the cores while one side is measured (--loaded)."""
    cmd = ["dotnet", CLI, "train", "--model", "lenet", "--epochs", "1000", "--threads", str(args.threads),
           "--limit-train", "60000", "--limit-test", "256"]
    p = subprocess.Popen(cmd, env=dict(env, OMP_WAIT_POLICY="PASSIVE"), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    time.sleep(3)   # past start-up: training
    return p


def find_data():
    for d in (os.environ.get("COURSE_DATA"), os.path.join(ROOT, "..", "shared", "data"), os.path.join(ROOT, "data")):
        if d and os.path.isdir(os.path.join(d, "fashion-mnist")) and os.path.isdir(os.path.join(d, "mnist")):
            return os.path.abspath(d)
    raise SystemExit("no datasets: set COURSE_DATA to a folder with fashion-mnist/ and mnist/ (or run `./course data`)")


def spread(values, fmt):
    return f"{fmt(statistics.median(values))} ({fmt(min(values))}–{fmt(max(values))})"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--models", default="lenet,mnist-cnn,resnet18")
    p.add_argument("--threads", type=int, default=int(os.environ.get("COURSE_THREADS", 0)) or os.cpu_count())
    p.add_argument("--lenet-epochs", type=int, default=3)
    p.add_argument("--resnet-steps", type=int, default=100)
    p.add_argument("--data")
    p.add_argument("--python", default="/usr/bin/python3")
    p.add_argument("--json", help="write every run's numbers here")
    p.add_argument("--loaded", action="store_true",
                   help="run every measurement beside a second training (course train --model lenet, 2 threads, "
                        "OMP_WAIT_POLICY=PASSIVE): the machine shared, as with two notebooks training at once")
    p.add_argument("--course-env", action="append", default=[], metavar="NAME=VALUE",
                   help="an environment variable for the course's runs only (e.g. OMP_WAIT_POLICY=PASSIVE); repeatable")
    p.add_argument("--pytorch-env", action="append", default=[], metavar="NAME=VALUE",
                   help="an environment variable for PyTorch's runs only; repeatable")
    args = p.parse_args()
    args.data = args.data or find_data()
    if not os.path.exists(CLI):
        raise SystemExit(f"{CLI} is missing: build first (./course build)")
    table = settings(args)
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    for m in models:
        if m not in table: raise SystemExit(f"unknown model '{m}': expected one of {', '.join(table)}")
    env = dict(os.environ, COURSE_DATA=args.data, DOTNET_CLI_TELEMETRY_OPTOUT="1")
    env.pop("OMP_NUM_THREADS", None)
    side_env = {"course": dict(env, **dict(e.split("=", 1) for e in args.course_env)),
                "pytorch": dict(env, **dict(e.split("=", 1) for e in args.pytorch_env))}
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            for m in models:
                s = table[m]
                sides = [("course", course_cmd(s, args.threads, os.path.join(tmp, "c.json"))),
                         ("pytorch", python_cmd(args, s, args.threads, os.path.join(tmp, "p.json")))]
                if r % 2: sides.reverse()
                for side, cmd in sides:
                    out = cmd[cmd.index("--json") + 1]
                    neighbour = start_neighbour(args, env, tmp) if args.loaded else None
                    try:
                        seconds, rss = run(cmd, side_env[side], os.path.join(tmp, "log.txt"))
                    finally:
                        if neighbour: neighbour.kill(); neighbour.wait()
                    res = dict(round=r + 1, model=m, side=side, wall_s=seconds, peak_rss_mib=rss, **summarise(out))
                    runs.append(res)
                    print(f"round {r + 1} {m:9} {side:7} {res['images_per_s']:9,.0f} images/s  epoch {res['epoch_s']:6.1f} s  "
                          f"peak RSS {rss:6.0f} MiB  test acc {res['test_acc']:.3f}  ({res['params']:,} parameters, "
                          f"{res['threads']} threads)", flush=True)
    print()
    extra = "".join(f"; course with {e}" for e in args.course_env) + "".join(f"; PyTorch with {e}" for e in args.pytorch_env)
    loaded = "; beside a second training (--loaded)" if args.loaded else ""
    print(f"{args.rounds} rounds, {args.threads} threads{extra}{loaded}; median (min–max)")
    print("| model | course images/s | PyTorch images/s | course/PyTorch | epoch s course | epoch s PyTorch | peak RSS MiB course | peak RSS MiB PyTorch |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for m in models:
        c = [x for x in runs if x["model"] == m and x["side"] == "course"]
        py = [x for x in runs if x["model"] == m and x["side"] == "pytorch"]
        if c[0]["params"] != py[0]["params"]:
            raise SystemExit(f"{m}: the two sides built different models ({c[0]['params']} vs {py[0]['params']} parameters)")
        ratios = [a["images_per_s"] / b["images_per_s"] for a, b in zip(c, py)]
        print(f"| {m} | {spread([x['images_per_s'] for x in c], lambda v: f'{v:,.0f}')} "
              f"| {spread([x['images_per_s'] for x in py], lambda v: f'{v:,.0f}')} "
              f"| {spread(ratios, lambda v: f'{v:.2f}')} "
              f"| {spread([x['epoch_s'] for x in c], lambda v: f'{v:.1f}')} "
              f"| {spread([x['epoch_s'] for x in py], lambda v: f'{v:.1f}')} "
              f"| {spread([x['peak_rss_mib'] for x in c], lambda v: f'{v:.0f}')} "
              f"| {spread([x['peak_rss_mib'] for x in py], lambda v: f'{v:.0f}')} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"threads": args.threads, "rounds": args.rounds, "runs": runs}, f, indent=2)


if __name__ == "__main__":
    main()
