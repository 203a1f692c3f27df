"""Times d2l's LeNet training steps in PyTorch (the Python half of bench/LeNetBench).

usage: lenet_bench.py STEPS WARMUP BATCH THREADS SEED
Prints one JSON line: {"images_per_s": ..., "seconds": ..., "loss": ...}.
"""
import json
import sys
import time

import torch
from torch import nn


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
    steps, warmup, batch, threads, seed = (int(a) for a in sys.argv[1:6])
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    net = lenet()
    opt = torch.optim.SGD(net.parameters(), lr=0.9)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad()
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        return loss

    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        loss = step()
    last = loss.item()
    seconds = time.perf_counter() - start
    print(json.dumps({"images_per_s": steps * batch / seconds, "seconds": seconds, "loss": last}))


if __name__ == "__main__":
    main()
