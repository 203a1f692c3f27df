"""d2l's train_ch6 in PyTorch: the Python half of bench/TrainBench (same models, data and settings as `course train`).

The training and evaluation loops are d2l's (Dive into Deep Learning, §7.6 "Convolutional Neural Networks (LeNet)"):
xavier_uniform_ on every Linear/Conv2d weight, SGD, cross-entropy, per batch `metric.add(l * X.shape[0],
accuracy(y_hat, y), X.shape[0])` (Python floats: one host read per value, as d2l's Accumulator does), evaluation in
eval mode under no_grad after each epoch. The loader is the fastest a Python loop gets: the whole dataset as one
float tensor in memory, a shuffled index per epoch, one indexing call per batch (d2l's torchvision loader, which
converts every image through PIL, is slower).

usage: d2l_train_ch6.py --model lenet|mnist-cnn|resnet18-d2l --data DIR --dataset fashion-mnist|mnist
         --epochs E --batch B --lr LR --threads T [--seed S] [--limit-train N] [--limit-test N] [--json FILE]
Writes a JSON file shaped like `course train --json`: params, threads and per epoch examples_per_sec, seconds
(training + evaluation), test_acc.
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


def lenet():
    """d2l's LeNet (§7.6)."""
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(), nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(), nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(), nn.Linear(120, 84), nn.Sigmoid(), nn.Linear(84, 10))


def mnist_cnn():
    """The course's MNIST CNN (lib/Course.Models/SmallCnns.cs, SmallCnn.Mnist)."""
    return nn.Sequential(
        nn.Sequential(nn.Conv2d(1, 8, 5), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Conv2d(8, 16, 5), nn.ReLU(), nn.MaxPool2d(2, 2)),
        nn.Sequential(nn.Flatten(), nn.Linear(16 * 4 * 4, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Linear(32, 10)))


class Residual(nn.Module):
    """d2l's residual block (§8.6)."""

    def __init__(self, input_channels, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.conv1 = nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1, stride=strides)
        self.conv2 = nn.Conv2d(num_channels, num_channels, kernel_size=3, padding=1)
        self.conv3 = nn.Conv2d(input_channels, num_channels, kernel_size=1, stride=strides) if use_1x1conv else None
        self.bn1 = nn.BatchNorm2d(num_channels)
        self.bn2 = nn.BatchNorm2d(num_channels)

    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        Y += X
        return F.relu(Y)


def resnet18_d2l():
    """d2l's ResNet-18 (§8.6)."""
    def resnet_block(input_channels, num_channels, num_residuals, first_block=False):
        blk = []
        for i in range(num_residuals):
            if i == 0 and not first_block:
                blk.append(Residual(input_channels, num_channels, use_1x1conv=True, strides=2))
            else:
                blk.append(Residual(num_channels, num_channels))
        return blk
    b1 = nn.Sequential(nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3), nn.BatchNorm2d(64), nn.ReLU(),
                       nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
    b2 = nn.Sequential(*resnet_block(64, 64, 2, first_block=True))
    b3 = nn.Sequential(*resnet_block(64, 128, 2))
    b4 = nn.Sequential(*resnet_block(128, 256, 2))
    b5 = nn.Sequential(*resnet_block(256, 512, 2))
    return nn.Sequential(b1, b2, b3, b4, b5, nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(512, 10))


MODELS = {"lenet": lenet, "mnist-cnn": mnist_cnn, "resnet18-d2l": resnet18_d2l}
FILES = {"train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
         "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")}


def load(folder, split, limit, generator):
    """The split as (float images N×1×28×28 in [0, 1], int64 labels); a random subset of `limit` when given."""
    images_file, labels_file = FILES[split]
    with gzip.open(os.path.join(folder, images_file)) as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
    with gzip.open(os.path.join(folder, labels_file)) as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    x = torch.from_numpy(images.copy()).float().div_(255)
    y = torch.from_numpy(labels.astype(np.int64))
    if limit and limit < len(y):
        keep = torch.randperm(len(y), generator=generator)[:limit]
        x, y = x[keep], y[keep]
    return x, y


def batches(x, y, batch_size, shuffle):
    order = torch.randperm(len(y)) if shuffle else torch.arange(len(y))
    for i in range(0, len(y), batch_size):
        idx = order[i:i + batch_size]
        yield x[idx], y[idx]


class Accumulator:
    """d2l's Accumulator: sums n values as Python floats."""

    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def __getitem__(self, idx):
        return self.data[idx]


def accuracy(y_hat, y):
    """d2l's accuracy: the number of correct predictions."""
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


def evaluate_accuracy(net, x, y, batch_size):
    """d2l's evaluate_accuracy_gpu on the CPU."""
    net.eval()
    metric = Accumulator(2)
    with torch.no_grad():
        for X, Y in batches(x, y, batch_size, shuffle=False):
            metric.add(accuracy(net(X), Y), Y.numel())
    return metric[0] / metric[1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True, choices=MODELS)
    p.add_argument("--data", required=True)
    p.add_argument("--dataset", default="fashion-mnist")
    p.add_argument("--epochs", type=int, required=True)
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--lr", type=float, required=True)
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--limit-train", type=int, default=0)
    p.add_argument("--limit-test", type=int, default=0)
    p.add_argument("--json")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    subset = torch.Generator().manual_seed(a.seed)
    folder = os.path.join(a.data, a.dataset)
    train_x, train_y = load(folder, "train", a.limit_train, subset)
    test_x, test_y = load(folder, "test", a.limit_test, subset)
    net = MODELS[a.model]()

    # d2l's train_ch6
    def init_weights(m):
        if type(m) == nn.Linear or type(m) == nn.Conv2d:
            nn.init.xavier_uniform_(m.weight)
    net.apply(init_weights)
    optimizer = torch.optim.SGD(net.parameters(), lr=a.lr)
    loss = nn.CrossEntropyLoss()
    epochs = []
    for epoch in range(a.epochs):
        start = time.perf_counter()
        metric = Accumulator(3)
        net.train()
        for X, y in batches(train_x, train_y, a.batch, shuffle=True):
            optimizer.zero_grad()
            y_hat = net(X)
            l = loss(y_hat, y)
            l.backward()
            optimizer.step()
            with torch.no_grad():
                metric.add(l * X.shape[0], accuracy(y_hat, y), X.shape[0])
        train_seconds = time.perf_counter() - start
        test_acc = evaluate_accuracy(net, test_x, test_y, a.batch)
        seconds = time.perf_counter() - start
        epochs.append({"epoch": epoch + 1, "train_loss": metric[0] / metric[2], "train_acc": metric[1] / metric[2],
                       "test_acc": test_acc, "examples_per_sec": metric[2] / train_seconds, "seconds": seconds})
        print(f"epoch {epoch + 1}: loss {metric[0] / metric[2]:.3f}, train acc {metric[1] / metric[2]:.3f}, "
              f"test acc {test_acc:.3f}, {metric[2] / train_seconds:.1f} examples/sec, {seconds:.1f} s", flush=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"model": a.model, "params": sum(p.numel() for p in net.parameters()), "threads": torch.get_num_threads(),
                       "train_examples": len(train_y), "test_examples": len(test_y), "epochs": epochs}, f, indent=2)


if __name__ == "__main__":
    main()
