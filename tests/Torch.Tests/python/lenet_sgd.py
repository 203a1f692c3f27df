"""Trains d2l's LeNet a few steps in PyTorch from a state file written by the C# tests and writes the results back.

usage: lenet_sgd.py IN.ctsd OUT.ctsd CONFIG_JSON
IN holds the LeNet parameters ("0.weight", ... as in nn.Sequential) plus "input" (N,1,28,28) and "target" (N,) int64.
CONFIG: {"optimizer": "sgd"|"adam", "lr": .., "steps": .., "momentum", "dampening", "weight_decay", "nesterov",
         "betas": [b1, b2], "eps": ..}
OUT holds the final parameters (same names) and "losses" (float64, one per step, loss before each update).
"""
import json
import sys

import torch
from torch import nn

import ctsd


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
        nn.Linear(120, 84), nn.Sigmoid(),
        nn.Linear(84, 10))


def main():
    torch.set_num_threads(1)
    src, dst, cfg = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    state = ctsd.read(src)
    x, y = state.pop("input"), state.pop("target")
    net = lenet()
    net.load_state_dict(state, strict=True)
    if cfg["optimizer"] == "sgd":
        opt = torch.optim.SGD(net.parameters(), lr=cfg["lr"], momentum=cfg.get("momentum", 0.0),
                              dampening=cfg.get("dampening", 0.0), weight_decay=cfg.get("weight_decay", 0.0),
                              nesterov=cfg.get("nesterov", False))
    else:
        b1, b2 = cfg.get("betas", [0.9, 0.999])
        opt = torch.optim.Adam(net.parameters(), lr=cfg["lr"], betas=(b1, b2), eps=cfg.get("eps", 1e-8),
                               weight_decay=cfg.get("weight_decay", 0.0))
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for _ in range(cfg["steps"]):
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    out = list(net.state_dict().items()) + [("losses", torch.tensor(losses, dtype=torch.float64))]
    ctsd.write(dst, out)


if __name__ == "__main__":
    main()
