"""The book's CNN, timed: dlbook's ``SimpleConvNet`` against PyTorch and the book's code.

``python -m benchmarks.cnn`` (a section of its own, not yet part of ``make bench``).
Prints, for one run, the median time of one training step (batch 100, Adam, float32
for dlbook and PyTorch) and of inference on 10,000 images (batch 100), and the ratios
dlbook / PyTorch and book / dlbook, with the machine's load average. The same network
everywhere: conv 30 x 5 x 5 - relu - pool 2 x 2 - affine 100 - relu - affine 10, the
same initial weights and the same mini-batches; the implementations take turns, round
after round, so that a change in the machine's load touches them all alike.

- dlbook: ``SimpleConvNet(dtype=np.float32)`` (its fast path, ``ConvReluPool``) and
  ``--plain`` adds ``fast=False`` (the im2col layers) as a fourth contender;
- PyTorch (optional; ``pip install torch==2.13.0``): ``nn.Conv2d`` ... ``nn.Linear``,
  ``torch.optim.Adam``, one thread;
- the book: ``ch07/simple_convnet.py`` and ``common/optimizer.py`` of a checkout of
  the book's repository, whose path is in ``DLFS_PATH`` (its float64, as the book
  runs it). The book's code imports ``common`` from the checkout's root, so that
  root goes on ``sys.path`` here (the book's own convention; dlbook never does it).

Threads: one (``OPENBLAS_NUM_THREADS`` etc. before NumPy loads, threadpoolctl if
installed, ``torch.set_num_threads(1)``). Clock: CPU time of this process, as in
``benchmarks.run``; ratios measured in one run are what to quote on a shared machine.
"""

from __future__ import annotations

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # before NumPy or PyTorch loads a BLAS

import argparse  # noqa: E402
import importlib  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from dlbook.conv import SimpleConvNet  # noqa: E402
from dlbook.optimizers import Adam  # noqa: E402

try:
    from threadpoolctl import threadpool_limits
except ImportError:
    threadpool_limits = None

BATCH = 100
LR = 0.001


def clock():
    return time.process_time()


def data(n_train, n_test, seed=0):
    """MNIST from ``DLBOOK_DATA`` if it is there, else random images of its shape."""
    try:
        from dlbook.datasets import load_mnist
        (x, t), (x_test, _) = load_mnist(flatten=False, download=False)
        return x[:n_train], t[:n_train], x_test[:n_test], "MNIST"
    except Exception:  # no data here: the step time does not depend on the pixels
        rng = np.random.default_rng(seed)
        x = rng.random((n_train, 1, 28, 28), dtype=np.float32)
        return x, rng.integers(0, 10, n_train), x[:n_test], "random images"


# ------------------------------------------------------------------ the contenders
class Dlbook:
    def __init__(self, weights, fast=True):
        self.net = SimpleConvNet(seed=0, dtype=np.float32, fast=fast)
        for key, p in self.net.params.items():
            p[...] = weights[key]
        self.optimizer = Adam(lr=LR)

    def step(self, x, t):
        _, grads = self.net.loss_and_gradient(x, t)
        self.optimizer.update(self.net.params, grads)

    def predict(self, x):
        for start in range(0, len(x), BATCH):
            self.net.predict(x[start:start + BATCH])


class Torch:
    def __init__(self, weights, torch):
        nn = torch.nn
        self.torch = torch
        self.model = nn.Sequential(
            nn.Conv2d(1, 30, 5), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Flatten(),
            nn.Linear(4320, 100), nn.ReLU(), nn.Linear(100, 10))
        conv, fc1, fc2 = self.model[0], self.model[4], self.model[6]
        with torch.no_grad():
            conv.weight.copy_(torch.from_numpy(weights["W1"]))
            conv.bias.copy_(torch.from_numpy(weights["b1"]))
            fc1.weight.copy_(torch.from_numpy(weights["W2"].T.copy()))
            fc1.bias.copy_(torch.from_numpy(weights["b2"]))
            fc2.weight.copy_(torch.from_numpy(weights["W3"].T.copy()))
            fc2.bias.copy_(torch.from_numpy(weights["b3"]))
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=LR)
        self.loss = nn.CrossEntropyLoss()

    def step(self, x, t):
        x, t = self.torch.from_numpy(x), self.torch.from_numpy(t)
        self.optimizer.zero_grad()
        self.loss(self.model(x), t).backward()
        self.optimizer.step()

    def predict(self, x):
        with self.torch.no_grad():
            for start in range(0, len(x), BATCH):
                self.model(self.torch.from_numpy(x[start:start + BATCH]))


class Book:
    def __init__(self, weights, path):
        sys.path.insert(0, str(path))  # the book's code imports common.* from its root
        net_module = importlib.import_module("ch07.simple_convnet")
        optimizer_module = importlib.import_module("common.optimizer")
        self.net = net_module.SimpleConvNet()
        for key, p in self.net.params.items():
            p[...] = weights[key]  # float64, the book's dtype
        self.optimizer = optimizer_module.Adam(lr=LR)
        self.eye = np.eye(10)

    def step(self, x, t):
        grads = self.net.gradient(x, t)
        self.optimizer.update(self.net.params, grads)

    def predict(self, x):
        for start in range(0, len(x), BATCH):
            self.net.predict(x[start:start + BATCH])


# ------------------------------------------------------------------------ measuring
def step_times(contenders, x, t, rounds, steps, seed=0):
    """{name: [seconds per step, one per round]}, the contenders taking turns.

    ``steps``: {name: steps per round}; each round draws new mini-batches and every
    contender runs the first of them (the slow book's code runs fewer)."""
    rng = np.random.default_rng(seed)
    times = {name: [] for name in contenders}
    most = max(steps.values())
    for _ in range(rounds):
        batches = [rng.choice(len(x), BATCH, replace=False) for _ in range(most)]
        for name, contender in contenders.items():
            dtype = np.float64 if name == "book" else np.float32
            chosen = batches[:steps[name]]
            xs, ts = [x[i].astype(dtype) for i in chosen], [t[i] for i in chosen]
            start = clock()
            for xb, tb in zip(xs, ts):
                contender.step(xb, tb)
            times[name].append((clock() - start) / len(chosen))
    return times


def inference_times(contenders, x_test, rounds):
    times = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, contender in contenders.items():
            start = clock()
            contender.predict(x_test)
            times[name].append(clock() - start)
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--steps", type=int, default=10, help="steps per round")
    parser.add_argument("--book-steps", type=int, default=2,
                        help="steps per round for the (slow) book's code")
    parser.add_argument("--plain", action="store_true",
                        help="also time dlbook's plain im2col layers (fast=False)")
    parser.add_argument("--no-book", action="store_true")
    parser.add_argument("--no-inference", action="store_true")
    args = parser.parse_args(argv)
    if threadpool_limits is not None:
        threadpool_limits(1)
    load_before = os.getloadavg()

    x, t, x_test, source = data(6000, 10000)
    weights = {k: v.copy() for k, v in SimpleConvNet(seed=0, dtype=np.float32)
               .params.items()}
    contenders = {"dlbook": Dlbook(weights)}
    if args.plain:
        contenders["dlbook plain"] = Dlbook(weights, fast=False)
    try:
        import torch
        torch.set_num_threads(1)
        contenders["pytorch"] = Torch(weights, torch)
    except ImportError:
        print("PyTorch is not installed: no comparison with it")
    book = None
    path = os.environ.get("DLFS_PATH")
    if not args.no_book and path and Path(path, "ch07", "simple_convnet.py").is_file():
        book = Book(weights, path)
    elif not args.no_book:
        print("DLFS_PATH does not name a checkout of the book's code: no comparison")

    print(f"data: {source}; batch {BATCH}; one thread; CPU time; "
          f"{args.rounds} rounds, medians")
    steps = {name: args.steps for name in contenders}
    inferring = dict(contenders)  # the book's inference is not timed: it is slow
    if book is not None:
        contenders["book"], steps["book"] = book, args.book_steps
    times = step_times(contenders, x, t, args.rounds, steps)
    med = {name: float(np.median(v)) for name, v in times.items()}
    print("training step (ms):", ", ".join(f"{n} {1e3 * s:.2f}" for n, s in med.items()))
    if "pytorch" in med:
        print(f"  dlbook / pytorch: {med['dlbook'] / med['pytorch']:.2f} (target <= 0.6)")
        if "dlbook plain" in med:
            print(f"  dlbook plain / pytorch: {med['dlbook plain'] / med['pytorch']:.2f}")
    if "book" in med:
        print(f"  book / dlbook: {med['book'] / med['dlbook']:.1f}x (target >= 10)")
        if "pytorch" in med:
            print(f"  book / pytorch: {med['book'] / med['pytorch']:.1f}x")
    if not args.no_inference:
        inf = inference_times(inferring, x_test, max(3, args.rounds // 2))
        inf_med = {name: float(np.median(v)) for name, v in inf.items()}
        print(f"inference, {len(x_test)} images (s):",
              ", ".join(f"{n} {s:.3f}" for n, s in inf_med.items()))
        if "pytorch" in inf_med:
            print(f"  dlbook / pytorch: {inf_med['dlbook'] / inf_med['pytorch']:.2f} "
                  "(target <= 0.5)")
    print("load average (1, 5, 15 min): before "
          + " ".join(f"{v:.2f}" for v in load_before) + "; after "
          + " ".join(f"{v:.2f}" for v in os.getloadavg()))


if __name__ == "__main__":
    main()
