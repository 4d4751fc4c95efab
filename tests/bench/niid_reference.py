#!/usr/bin/python3
"""A PyTorch run of the NIID-Bench protocol on Fashion-MNIST, to compare with ours round by round.

Not part of the build or the test command: it needs PyTorch (Debian's python3-torch) and exists
to answer one question -- does a run of our Java trainer differ from the framework the published
figures were made with, or is what we see a property of the protocol? It follows the protocol as
Flower's niid_bench baseline describes it (10 clients, all in every round, 10 local epochs,
batches of 64 reshuffled every epoch, SGD lr 0.01 momentum 0.9 weight decay 1e-5 with a new
optimizer per round, FedAvg weighted by samples, pixels scaled to [0, 1], LeNet with 6 and 16
conv channels, PyTorch's default initialisation). The partition is NIID-Bench's, drawn here with
numpy from --seed; it is not the same draw as the Java run's (a different generator), so compare
the behaviour over rounds and the spread across seeds, not one number.

With --partition held:"0 6;1 2;..." (the label sets fl simulate logs) the clients hold the same
labels as the Java run's did, which is what a round-by-round comparison needs.

Usage: tests/bench/niid_reference.py --partition labels:2 --rounds 50 --seed 1 [--data DIR]
Prints one JSON object per round, then a summary line.
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(data):
    folder = os.path.join(data, "fashion-mnist")
    def images(name):
        return torch.from_numpy(read_idx(os.path.join(folder, name)).astype(np.float32) / 255.0).unsqueeze(1)
    def labels(name):
        return torch.from_numpy(read_idx(os.path.join(folder, name)).astype(np.int64))
    return (images("train-images-idx3-ubyte.gz"), labels("train-labels-idx1-ubyte.gz"),
            images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz"))


def partition(kind, labels, clients, rng):
    """Indices per client: iid, dirichlet:ALPHA or labels:K, as NIID-Bench defines them, or
    held:SETS, the label sets of another run's labels:K partition (each label's samples split
    evenly among its holders, as labels:K does), to train on what that run's clients held."""
    n = len(labels)
    classes = int(labels.max()) + 1
    if kind == "iid":
        return np.array_split(rng.permutation(n), clients)
    if kind.startswith("labels:") or kind.startswith("held:"):
        if kind.startswith("held:"):
            # The label sets another run drew, e.g. "0 6;1 2;..." as fl simulate logs them.
            held = [[int(x) for x in c.split()] for c in kind[len("held:"):].split(";")]
            if len(held) != clients:
                raise SystemExit(f"{len(held)} label sets for {clients} clients")
        else:
            k = int(kind.split(":")[1])
            held = []
            for c in range(clients):
                mine = [c % classes]
                while len(mine) < k:
                    label = int(rng.integers(classes))
                    if label not in mine:
                        mine.append(label)
                held.append(mine)
        out = [[] for _ in range(clients)]
        for label in range(classes):
            owners = [c for c in range(clients) if label in held[c]]
            if not owners:
                continue
            idx = np.flatnonzero(labels == label)
            rng.shuffle(idx)
            for c, part in zip(owners, np.array_split(idx, len(owners))):
                out[c].extend(part.tolist())
        return [np.array(o) for o in out]
    if kind.startswith("dirichlet:"):
        alpha = float(kind.split(":")[1])
        while True:
            out = [[] for _ in range(clients)]
            for label in range(classes):
                idx = np.flatnonzero(labels == label)
                rng.shuffle(idx)
                p = rng.dirichlet(np.repeat(alpha, clients))
                # A client that already holds its share of the data gets no more (NIID-Bench's rule).
                p = np.array([q * (len(o) < n / clients) for q, o in zip(p, out)])
                p = p / p.sum()
                cuts = (np.cumsum(p) * len(idx)).astype(int)[:-1]
                for o, part in zip(out, np.split(idx, cuts)):
                    o.extend(part.tolist())
            if min(len(o) for o in out) >= 10:
                return [np.array(o) for o in out]
    raise SystemExit(f"unknown partition {kind}")


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(256, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.flatten(1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


def train(net, x, y, epochs, batch, generator, mu, anchor):
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-5)
    net.train()
    for _ in range(epochs):
        order = torch.randperm(len(x), generator=generator)
        for start in range(0, len(x), batch):
            i = order[start : start + batch]
            opt.zero_grad()
            loss = F.cross_entropy(net(x[i]), y[i])
            if mu > 0:
                loss = loss + mu / 2 * sum(((p - a) ** 2).sum() for p, a in zip(net.parameters(), anchor))
            loss.backward()
            opt.step()


def evaluate(net, x, y):
    net.eval()
    with torch.no_grad():
        out = net(x)
        return (out.argmax(1) == y).float().mean().item(), F.cross_entropy(out, y).item()


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/data"))
    a.add_argument("--partition", default="labels:2")
    a.add_argument("--clients", type=int, default=10)
    a.add_argument("--rounds", type=int, default=50)
    a.add_argument("--epochs", type=int, default=10)
    a.add_argument("--mu", type=float, default=0.0)
    a.add_argument("--seed", type=int, default=1)
    o = a.parse_args()
    torch.manual_seed(o.seed)
    xtr, ytr, xte, yte = load(o.data)
    parts = partition(o.partition, ytr.numpy(), o.clients, np.random.default_rng(o.seed))
    sizes = [len(p) for p in parts]
    print(json.dumps({"partition": o.partition, "seed": o.seed, "samples": sizes,
                      "labels": [sorted(set(ytr[p].tolist())) if len(p) else [] for p in parts]}), flush=True)
    global_net = LeNet()
    generator = torch.Generator().manual_seed(o.seed)
    for r in range(1, o.rounds + 1):
        started = time.time()
        start_state = {k: v.clone() for k, v in global_net.state_dict().items()}
        total = {k: torch.zeros_like(v) for k, v in start_state.items()}
        for c, idx in enumerate(parts):
            net = LeNet()
            net.load_state_dict(start_state)
            anchor = [p.detach().clone() for p in net.parameters()]
            t = torch.from_numpy(idx)
            train(net, xtr[t], ytr[t], o.epochs, 64, generator, o.mu, anchor)
            for k, v in net.state_dict().items():
                total[k] += v * (len(idx) / sum(sizes))
        global_net.load_state_dict(total)
        acc, loss = evaluate(global_net, xte, yte)
        print(json.dumps({"round": r, "accuracy": round(acc, 4), "loss": round(loss, 4),
                          "seconds": round(time.time() - started, 1)}), flush=True)


if __name__ == "__main__":
    main()
