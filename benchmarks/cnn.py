"""The book's CNN, timed: dlbook's ``SimpleConvNet`` against PyTorch and the book's code.

Section ``cnn`` of ``make bench`` (``bench_cnn``; ``python -m benchmarks.run --only
cnn`` measures it alone), and on its own ``python -m benchmarks.cnn``, which prints
without writing anything. Measured: the median time of one training step (batch 100,
Adam, float32 for dlbook and PyTorch) and of inference on 10,000 images (batch 100),
and the ratios dlbook / PyTorch and book / dlbook, with the machine's load average.
The same network everywhere: conv 30 x 5 x 5 - relu - pool 2 x 2 - affine 100 - relu -
affine 10, the same initial weights and the same mini-batches. The implementations
take turns, round after round, so that a change in the machine's load touches them
all alike, and the order of the turns rotates from round to round: the book's im2col
code sweeps the processor's caches, which would otherwise always slow the same
contender, the one after it. A first round warms every contender up (first calls,
work arrays) and is not counted. Ratios are taken within a round, then their median.

- dlbook: ``SimpleConvNet(dtype=np.float32)`` (its fast path, ``ConvReluPool``) and
  ``--plain`` adds ``fast=False`` (the im2col layers) as a fourth contender;
- PyTorch (optional; ``pip install torch==2.13.0``): ``nn.Conv2d`` ... ``nn.Linear``,
  ``torch.optim.Adam``, one thread;
- the book: ``ch07/simple_convnet.py`` and ``common/optimizer.py`` of a checkout of
  the book's repository, whose path is in ``DLBOOK_BOOK_CODE`` (or ``DLFS_PATH``)
  (its float64, as the book runs it). The book's code imports ``common`` from the checkout's root, so that
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

from dlbook.conv import ConvReluPool, SimpleConvNet  # noqa: E402
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
def turns(names, round_number):
    """The order of the contenders in round ``round_number``: rotated by one a round."""
    names = list(names)
    k = round_number % len(names)
    return names[k:] + names[:k]


def step_times(contenders, x, t, rounds, steps, seed=0):
    """{name: [seconds per step, one per round]}, the contenders taking turns.

    ``steps``: {name: steps per round}; each round draws new mini-batches and every
    contender runs the first of them (the slow book's code runs fewer). Round 0 warms
    up and is not recorded; the order of the turns rotates (``turns``)."""
    rng = np.random.default_rng(seed)
    times = {name: [] for name in contenders}
    most = max(steps.values())
    for number in range(rounds + 1):
        batches = [rng.choice(len(x), BATCH, replace=False) for _ in range(most)]
        for name in turns(contenders, number):
            dtype = np.float64 if name == "book" else np.float32
            chosen = batches[:steps[name]]
            xs, ts = [x[i].astype(dtype) for i in chosen], [t[i] for i in chosen]
            start = clock()
            for xb, tb in zip(xs, ts):
                contenders[name].step(xb, tb)
            if number:
                times[name].append((clock() - start) / len(chosen))
    return times


def inference_times(contenders, x_test, rounds):
    """{name: [seconds for all of ``x_test``, one per round]}, in rotating turns."""
    times = {name: [] for name in contenders}
    for number in range(rounds + 1):  # round 0 warms up
        for name in turns(contenders, number):
            start = clock()
            contenders[name].predict(x_test)
            if number:
                times[name].append(clock() - start)
    return times


def median_ratio(times, top, bottom):
    """The median over rounds of ``times[top][i] / times[bottom][i]``."""
    return float(np.median(np.array(times[top]) / np.array(times[bottom])))


def book_path():
    """The checkout of the book's code named by DLBOOK_BOOK_CODE or DLFS_PATH, or None."""
    for variable in ("DLBOOK_BOOK_CODE", "DLFS_PATH"):
        path = os.environ.get(variable)
        if path and Path(path, "ch07", "simple_convnet.py").is_file():
            return Path(path)
    return None


def step_parts(rounds=5, number=20, seed=0):
    """What dlbook's training step spends its time on, part by part (CPU ms, medians).

    The matrix products of its fast path at their shapes (float32, batch 100), on
    random numbers: the first layer's two, ``W1 (30, 25) @ col (25, M)`` and ``dz
    (30, M) @ col.T``, with M = 24 * 24 * 100 window positions and an inner dimension
    of only K = 25 numbers (one 5 x 5 filter) in the first, in the pieces
    ``ConvReluPool`` cuts them into (``_pieces``), and the ``Affine``
    layers' six (forward, dW and dx of each); and Adam's update of all the network's
    parameters. Each part runs ``number`` times a round, the parts taking turns."""
    rng = np.random.default_rng(seed)

    def rand(*shape):
        return rng.random(shape, dtype=np.float32)

    M = 24 * 24 * BATCH
    W1, col, dz = rand(30, 25), rand(25, M), rand(30, M)
    x2, W2, d2 = rand(BATCH, 4320), rand(4320, 100), rand(BATCH, 100)
    h, W3, d3 = rand(BATCH, 100), rand(100, 10), rand(BATCH, 10)
    net = SimpleConvNet(seed=0, dtype=np.float32)
    grads = {key: 1e-3 * rand(*p.shape) for key, p in net.params.items()}
    adam = Adam(lr=LR)

    pieces = ConvReluPool(W1.reshape(30, 1, 5, 5), np.zeros(30, np.float32))._pieces(
        M, 30, 25)  # as the layer cuts them: at most SMALL_PRODUCT multiply-adds each
    z, dW = np.empty((30, M), np.float32), np.empty((30, 25), np.float32)

    def conv():
        for piece in pieces:
            np.matmul(W1, col[:, piece], out=z[:, piece])
            np.matmul(dz[:, piece], col[:, piece].T, out=dW)

    def affine():
        x2 @ W2, x2.T @ d2, d2 @ W2.T, h @ W3, h.T @ d3, d3 @ W3.T

    def update():
        adam.update(net.params, grads)

    parts = {"conv_products": conv, "affine_products": affine, "adam_update": update}
    times = {name: [] for name in parts}
    for number_round in range(rounds + 1):  # round 0 warms up
        for name in turns(parts, number_round):
            start = clock()
            for _ in range(number):
                parts[name]()
            if number_round:
                times[name].append((clock() - start) / number)
    ms = {name: 1e3 * float(np.median(v)) for name, v in times.items()}
    flops = {"conv_products": 2 * 2 * 30 * 25 * M,
             "affine_products": 3 * 2 * BATCH * (4320 * 100 + 100 * 10)}
    return {
        "ms": ms,
        "gflops": {name: flops[name] / ms[name] / 1e6 for name in flops},
        "params": int(sum(p.size for p in net.params.values())),
        "K": 25,
    }


def bench_cnn(x, t, x_test, rounds=15, steps=10, book_steps=2, inference_rounds=5,
              torch=None, book=None, plain=False, parts_rounds=5):
    """The ``cnn`` section of the results: step and inference times, and their ratios.

    ``x`` (N, 1, 28, 28) float32 training images and ``t`` their labels, from which
    each round draws its mini-batches; ``x_test`` the images inferred (10,000 for the
    target). ``torch``: the PyTorch module (None: no PyTorch contender); ``book``: the
    path of the book's code (None: no book contender); ``plain``: dlbook's im2col
    layers (``fast=False``) too; ``parts_rounds``: the rounds of ``step_parts``.
    The book's inference is not timed (it is slow, and no
    target reads it). Times in the lists are CPU seconds; ratios are medians of the
    ratios within a round.
    """
    weights = {k: v.copy() for k, v in SimpleConvNet(seed=0, dtype=np.float32)
               .params.items()}
    contenders = {"dlbook": Dlbook(weights)}
    if plain:
        contenders["dlbook plain"] = Dlbook(weights, fast=False)
    if torch is not None:
        contenders["pytorch"] = Torch(weights, torch)
    inferring = dict(contenders)
    steps_of = {name: steps for name in contenders}
    if book is not None:
        contenders["book"], steps_of["book"] = Book(weights, book), book_steps
    load_start = [round(v, 2) for v in os.getloadavg()]
    times = step_times(contenders, x, t, rounds, steps_of)
    inference = inference_times(inferring, x_test, inference_rounds)
    parts = step_parts(parts_rounds)
    result = {
        "network": "conv 30x5x5 - relu - pool 2x2 - affine 100 - relu - affine 10",
        "batch": BATCH,
        "optimizer": f"Adam(lr={LR})",
        "dtypes": {name: "float64" if name == "book" else "float32"
                   for name in contenders},
        "rounds": rounds,
        "steps_per_round": steps_of,
        "inference_rounds": inference_rounds,
        "inference_images": len(x_test),
        "order": "rotated by one each round, after one warm-up round",
        "step_ms": {name: 1e3 * float(np.median(v)) for name, v in times.items()},
        "step_runs_ms": {name: [round(1e3 * s, 3) for s in v]
                         for name, v in times.items()},
        "inference_s": {name: float(np.median(v)) for name, v in inference.items()},
        "inference_runs_s": {name: [round(s, 4) for s in v]
                             for name, v in inference.items()},
        "ratio": {
            "step_dlbook_pytorch": (median_ratio(times, "dlbook", "pytorch")
                                    if "pytorch" in times else None),
            "step_book_dlbook": (median_ratio(times, "book", "dlbook")
                                 if "book" in times else None),
            "step_book_pytorch": (median_ratio(times, "book", "pytorch")
                                  if "book" in times and "pytorch" in times else None),
            "inference_dlbook_pytorch": (median_ratio(inference, "dlbook", "pytorch")
                                         if "pytorch" in inference else None),
        },
        "parts": parts,  # what dlbook's step spends its time on
        "measured": {"load_average_start": load_start,
                     "load_average_end": [round(v, 2) for v in os.getloadavg()]},
    }
    if plain and "pytorch" in times:
        result["ratio"]["step_plain_pytorch"] = median_ratio(times, "dlbook plain",
                                                             "pytorch")
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--steps", type=int, default=10, help="steps per round")
    parser.add_argument("--book-steps", type=int, default=2,
                        help="steps per round for the (slow) book's code")
    parser.add_argument("--plain", action="store_true",
                        help="also time dlbook's plain im2col layers (fast=False)")
    parser.add_argument("--no-book", action="store_true")
    args = parser.parse_args(argv)
    if threadpool_limits is not None:
        threadpool_limits(1)
    x, t, x_test, source = data(6000, 10000)
    try:
        import torch
        torch.set_num_threads(1)
    except ImportError:
        print("PyTorch is not installed: no comparison with it")
        torch = None
    book = None if args.no_book else book_path()
    if book is None and not args.no_book:
        print("DLBOOK_BOOK_CODE does not name a checkout of the book's code: "
              "no comparison with it")
    print(f"data: {source}; batch {BATCH}; one thread; CPU time; "
          f"{args.rounds} rounds, medians")
    result = bench_cnn(x, t, x_test, args.rounds, args.steps, args.book_steps,
                       torch=torch, book=book, plain=args.plain)
    from .report import report
    print(report({"cnn": result}, "cnn"))
    print("load average (1 min): before "
          f"{result['measured']['load_average_start'][0]:.2f}; after "
          f"{result['measured']['load_average_end'][0]:.2f}")


if __name__ == "__main__":
    main()
