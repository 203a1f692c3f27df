"""Prints PyTorch's learning-rate schedules as JSON, for LRSchedulerPyTorchTests.

usage: lr_schedulers.py CONFIG_JSON
CONFIG_JSON: {"epochs": N, "metrics": [...], "cases": {NAME: {"optimizer": "SGD", "kwargs": {...}, "lrs": [lr of each group],
              "scheduler": SPEC}}}
SPEC: {"name": "StepLR", "args": {...}} or, for SequentialLR and ChainedScheduler, {"name": ..., "schedulers": [SPEC, ...],
      "args": {...}}; "lambda" names a function for LambdaLR / MultiplicativeLR (see LAMBDAS).
Each group holds one parameter. Records the schedule after construction and after each of the N epochs
(optimizer.step(), then scheduler.step(), or scheduler.step(metric) for ReduceLROnPlateau):
{NAME: {"lr": [[lr of each group], ...], "momentum": [[momentum or beta1 of each group], ...]}}.
"""
import json
import sys

import torch

LAMBDAS = {
    "inverse": lambda epoch: 1.0 / (epoch + 1),
    "decay95": lambda epoch: 0.95 ** epoch,
    "constant9": lambda epoch: 0.9,
}


def make(spec, opt):
    cls = getattr(torch.optim.lr_scheduler, spec["name"])
    args = dict(spec.get("args", {}))
    if "lambda" in spec:
        args["lr_lambda"] = LAMBDAS[spec["lambda"]]
    if spec["name"] == "SequentialLR":
        return cls(opt, [make(s, opt) for s in spec["schedulers"]], **args)
    if spec["name"] == "ChainedScheduler":
        return cls([make(s, opt) for s in spec["schedulers"]])
    return cls(opt, **args)


def momenta(opt):
    return [g["betas"][0] if "betas" in g else g.get("momentum", 0.0) for g in opt.param_groups]


def run(cfg, case):
    params = [torch.nn.Parameter(torch.zeros(1)) for _ in case["lrs"]]
    groups = [{"params": [p], "lr": lr} for p, lr in zip(params, case["lrs"])]
    opt = getattr(torch.optim, case["optimizer"])(groups, **case["kwargs"])
    sched = make(case["scheduler"], opt)
    plateau = isinstance(sched, torch.optim.lr_scheduler.ReduceLROnPlateau)
    lrs, moms = [[g["lr"] for g in opt.param_groups]], [momenta(opt)]
    for epoch in range(cfg["epochs"]):
        opt.step()
        if plateau:
            sched.step(cfg["metrics"][epoch])
        else:
            sched.step()
        lrs.append([g["lr"] for g in opt.param_groups])
        moms.append(momenta(opt))
    return {"lr": lrs, "momentum": moms}


def main():
    cfg = json.loads(sys.argv[1])
    print(json.dumps({name: run(cfg, case) for name, case in cfg["cases"].items()}))


if __name__ == "__main__":
    main()
