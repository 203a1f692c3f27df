"""Prints PyTorch's optimizer trajectories as JSON, for OptimPyTorchTests.

usage: optimizers.py CONFIG_JSON
CONFIG_JSON: {"steps": N, "params": [...], "targets": [...], "coefs": [...],
              "cases": {NAME: {"optimizer": "Adam", "kwargs": {...}, "dtype": "float32" (default) or "float64",
                               "groups": [{"params": [indices], other options...}] (optional: one group of all)}}}
Each step: zero_grad, loss = sum of (coef * (param - target) ** 2).sum() over the parameters that have a target
(the parameters after those get no gradient), backward, step; with "closure": true, step(closure) does all of it.
Output: {NAME: [[values of each parameter, flattened] after each step]}.
"""
import json
import sys

import torch


def run(cfg, case):
    dtype = getattr(torch, case.get("dtype", "float32"))
    params = [torch.nn.Parameter(torch.tensor(v, dtype=dtype)) for v in cfg["params"]]
    targets = [torch.tensor(v, dtype=dtype) for v in cfg["targets"]]
    coefs = [torch.tensor(v, dtype=dtype) for v in cfg["coefs"]]
    if "groups" in case:
        groups = [dict(g, params=[params[i] for i in g["params"]]) for g in case["groups"]]
    else:
        groups = params
    opt = getattr(torch.optim, case["optimizer"])(groups, **case["kwargs"])
    out = []
    def closure():
        opt.zero_grad()
        loss = sum((c * (p - t) ** 2).sum() for p, t, c in zip(params, targets, coefs))
        loss.backward()
        return loss

    for _ in range(cfg["steps"]):
        if case.get("closure"):
            opt.step(closure)
        else:
            closure()
            opt.step()
        out.append([p.detach().flatten().tolist() for p in params])
    return out


def main():
    cfg = json.loads(sys.argv[1])
    print(json.dumps({name: run(cfg, case) for name, case in cfg["cases"].items()}))


if __name__ == "__main__":
    main()
