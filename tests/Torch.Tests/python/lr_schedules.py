"""Prints PyTorch's learning-rate sequences as JSON: {"step": [...], "cosine": [...]}.

usage: lr_schedules.py CONFIG_JSON  with {"lr", "epochs", "step_size", "gamma", "T_max", "eta_min"}
Each list holds get_last_lr()[0] after each of `epochs` scheduler steps.
"""
import json
import sys

import torch


def run(make, lr, epochs):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=lr)
    sched = make(opt)
    out = []
    for _ in range(epochs):
        opt.step()
        sched.step()
        out.append(sched.get_last_lr()[0])
    return out


def main():
    c = json.loads(sys.argv[1])
    res = {
        "step": run(lambda o: torch.optim.lr_scheduler.StepLR(o, c["step_size"], c["gamma"]), c["lr"], c["epochs"]),
        "cosine": run(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, c["T_max"], c["eta_min"]), c["lr"], c["epochs"]),
    }
    print(json.dumps(res))


if __name__ == "__main__":
    main()
