"""dlbook's benchmarks, all in one run: ``make bench`` (``python -m benchmarks.run``).

Writes ``benchmarks/results.json`` (the Performance page draws its table and figure from
it), prints the same tables, and refreshes the tables printed on
``docs/performance.md``. What is measured, each figure the median of several
repetitions:

1. ``mlp``: one epoch of MNIST training (60,000 images, batch 100, float32), dlbook's
   ``train`` against the same network in PyTorch: same sizes, initial weights,
   mini-batches, optimizer and threads. The ratio dlbook / PyTorch is the headline.
2. ``matmul``: the float32 matrix-multiply rate at the shapes of those networks, and
   the effective rate of training, ``6 N P`` / epoch time, as a fraction of it.
3. ``two_layer_net``: 10,000 iterations of the book's TwoLayerNet (784-50-10, float64,
   random mini-batches, SGD), written the book's way (``book_reference.py``) and
   with dlbook, from the same weights on the same batches.
4. ``gradient``: numerical gradient against backpropagation on one network.
5. ``inference``: the 10,000 test images at batch 1, 100 and 10,000.
6. ``memory``: peak memory of loading and of a training run, against the float32 size
   of the data (in a fresh process, ``benchmarks.memory``).
7. ``cli``: ``python -m dlbook train`` as a user runs it (the default recipe, and
   ``--model best``), each also as the final fit of its setting on all 60,000 training
   images (``--validation-rate 0``). Each run measures the test set once, at its end.
   ``--only cli`` measures this section alone and recomputes the targets.
8. ``regularization``: what dropout and batch normalization add to a training step
   (784-100-100-10, float32, batch 100, Adam): step times with and without each, as
   ratios. ``--only regularization`` measures this section alone and updates it in
   the results file, leaving the other sections as they were.
9. ``recipes``: how the command line's recipes were chosen, on validation data only:
   each candidate learning rate and decay trained on 54,000 training images, its
   validation accuracy on the other 6,000 after every epoch, the best one kept. The
   test set is not touched. It takes longer than all the rest together, so it is not
   part of a full run: ``--only recipes`` (``--recipe fast`` for one recipe) runs it.
10. ``cnn``: the book's CNN (``SimpleConvNet``, batch 100, Adam): one training step of
   dlbook (float32), PyTorch (float32) and the book's own code (float64, from a checkout
   of the book's repository named by ``DLBOOK_BOOK_CODE``), taking turns in rotating
   order, and inference on the 10,000 test images; the ratios against issue 14's
   targets (``benchmarks/cnn.py``). ``--only cnn`` measures it alone, ``--cnn-rounds``
   sets its rounds.

Threads: one. ``OPENBLAS_NUM_THREADS``, ``OMP_NUM_THREADS`` and ``MKL_NUM_THREADS`` are
set to 1 before NumPy or PyTorch is imported, threadpoolctl (if installed) limits every
BLAS to 1 thread, and PyTorch gets ``torch.set_num_threads(1)``. At batch 100 one
thread is about as fast as two, and it does not collapse when another process holds
the second core.

Clock: CPU time of this process (``time.process_time``), the primary figure, because
this machine is shared and wall time includes the time other processes hold the core.
Wall times are recorded beside it; the CLI section reports the wall time the command
line prints, as a user sees it.

PyTorch is optional (``pip install torch==2.13.0``, or the ``bench`` extra): without
it, the comparisons say so and everything else is still measured.
"""

from __future__ import annotations

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # before NumPy or PyTorch loads a BLAS

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

import dlbook  # noqa: E402
from dlbook import (  # noqa: E402
    SGD,
    Adam,
    MultiLayerNet,
    TwoLayerNet,
    evaluate,
    load_mnist,
    train,
)
from dlbook.networks import MultiLayerNetExtend  # noqa: E402
from .report import CNN_TARGETS, RESULTS, load_results, met, report  # noqa: E402

from .book_reference import BookTwoLayerNet, train_book_style  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "performance.md"
PAGES = (PAGE, PAGE.with_suffix(".ko.md"))  # the page and its Korean twin
THREADS = 1

torch = None  # PyTorch, imported by main() when it is installed (the tests import this
# module without it)


def import_torch():
    """PyTorch with one thread, or None when it is not installed."""
    global torch
    try:
        import torch
    except ImportError:  # the comparison is optional
        return None
    torch.set_num_threads(THREADS)
    torch.set_num_interop_threads(THREADS)
    return torch

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:
    threadpool_info = threadpool_limits = None

# The command lines of section 7: the default recipe and ``best``, each as a user runs
# it (a tenth of the training images set aside for validation), then as the final fit
# of the setting chosen on validation (``--validation-rate 0``: all 60,000 images). Each
# run measures the test set once, at its end.
CLI_RUNS = {
    "default": [],
    "default, final fit": ["--validation-rate", "0"],
    "best": ["--model", "best"],
    "best, final fit": ["--model", "best", "--validation-rate", "0"],
}


# --------------------------------------------------------------------------- clocks
def cpu_and_wall():
    """A clock for ``dlbook.train``: ``History.seconds`` then holds (cpu, wall)."""
    return np.array([time.process_time(), time.perf_counter()])


def timed(function, *args):
    """``(cpu seconds, wall seconds)`` of one call."""
    start = cpu_and_wall()
    function(*args)
    return cpu_and_wall() - start


def median_runs(runs):
    """Medians of a list of (cpu, wall) pairs, and the CPU times themselves."""
    runs = np.asarray(runs, dtype=float).reshape(-1, 2)
    return {
        "cpu_s": float(np.median(runs[:, 0])),
        "wall_s": float(np.median(runs[:, 1])),
        "cpu_runs_s": [round(float(r), 4) for r in runs[:, 0]],
    }


# --------------------------------------------------------------------- environment
def environment(args):
    cpu = platform.processor() or platform.machine()
    try:
        text = Path("/proc/cpuinfo").read_text()
        names = re.findall(r"^model name\s*:\s*(.+)$", text, re.M)
        cpu = names[0] if names else cpu
    except OSError:
        pass
    blas = threadpool_info() if threadpool_info else []
    config = np.show_config(mode="dicts")
    numpy_blas = config.get("Build Dependencies", {}).get("blas", {})
    now = datetime.datetime.now(datetime.timezone.utc)
    return {
        "date": now.strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {
            "cpu": cpu,
            "cores": os.cpu_count(),
            "platform": platform.platform(),
            "simd": config.get("SIMD Extensions", {}).get("found", []),
            "load_average_start": [round(x, 2) for x in os.getloadavg()],
        },
        "software": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "dlbook": dlbook.__version__,
            "torch": torch.__version__ if torch else None,
        },
        "blas": {
            "numpy": numpy_blas.get("name"),
            "numpy_version": numpy_blas.get("version"),
            "threadpoolctl": [
                {k: lib.get(k) for k in ("internal_api", "version", "architecture",
                                         "num_threads", "threading_layer")}
                for lib in blas
                if lib.get("user_api") == "blas"  # not PyTorch's OpenMP runtime
            ],
            "torch": _torch_blas(),
        },
        "threads": THREADS,
        "thread_settings": {
            k: os.environ.get(k)
            for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS",
                      "OPENBLAS_CORETYPE")
        },
        "clock": "process_time (CPU time of this process); wall time beside it",
        "repetitions": args.reps,
    }


def _torch_blas():
    if torch is None:
        return None
    text = torch.__config__.show()
    found = re.search(r"BLAS_INFO=(\w+)", text)
    return {
        "blas": found.group(1) if found else None,
        "threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(),
    }


# ------------------------------------------------------------------ 1. MLP vs torch
def make_optimizer(name):
    return SGD(lr=0.1) if name == "SGD" else Adam(lr=0.001)


def torch_twin(net, optimizer_name):
    """The PyTorch model of a dlbook ``MultiLayerNet(784, [H], 10)``, same weights."""
    W1, b1, W2, b2 = (net.params[k] for k in ("W1", "b1", "W2", "b2"))
    model = torch.nn.Sequential(
        torch.nn.Linear(*W1.shape), torch.nn.ReLU(), torch.nn.Linear(*W2.shape)
    )
    with torch.no_grad():  # torch stores W as (out, in): the transpose of dlbook's
        for layer, W, b in ((model[0], W1, b1), (model[2], W2, b2)):
            layer.weight.copy_(torch.from_numpy(W.T))
            layer.bias.copy_(torch.from_numpy(b))
    if optimizer_name == "SGD":
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    else:  # the same formulas, eps added to sqrt(v_hat) as in dlbook's Adam
        optimizer = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-8)
    return model, optimizer


def torch_epoch(model, optimizer, x, t, seed, batch_size=100):
    """One epoch the idiomatic PyTorch way, on the batches ``dlbook.train`` uses."""
    start = cpu_and_wall()
    order = torch.from_numpy(np.random.default_rng(seed).permutation(len(x)))
    losses = []
    for first in range(0, len(order), batch_size):
        idx = order[first : first + batch_size]
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x[idx]), t[idx])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return cpu_and_wall() - start


def torch_accuracy(model, x, t):
    with torch.inference_mode():
        return float((model(x).argmax(dim=1) == t).float().mean())


def bench_mlp(data, hidden, optimizer_name, reps):
    """Epoch times of dlbook and PyTorch, and the rate of the step's matrix products.

    Each repetition times the products, one dlbook epoch and one PyTorch epoch, back to
    back. Ratios and fractions are taken within a repetition, whose three measurements
    saw the same machine, and their medians reported (a busy machine slows whole
    stretches of time, which ratios of neighbours cancel).
    """
    (x, t), (x_test, t_test) = data
    net = MultiLayerNet(784, [hidden], 10, seed=0, dtype=np.float32)
    twin = torch_twin(net, optimizer_name) if torch else None
    optimizer = make_optimizer(optimizer_name)
    tensors = [torch.from_numpy(a) for a in (x, t, x_test, t_test)] if torch else None
    products, flops_per_step = step_products(hidden)
    runs = {"matmul": [], "dlbook": [], "torch": []}
    for rep in range(reps + 1):  # rep 0 warms everything up and is not counted
        step = products()
        history = train(net, optimizer, x, t, epochs=1, batch_size=100, seed=rep,
                        clock=cpu_and_wall, progress=False)
        seconds = torch_epoch(*twin, tensors[0], tensors[1], seed=rep) if twin else None
        if rep:
            runs["matmul"].append(step)
            runs["dlbook"].append(history.seconds[0])
            runs["torch"].append(seconds)
    params = int(sum(p.size for p in net.params.values()))
    nominal = 6 * len(x) * params  # floating-point operations of an epoch
    done = nominal - 2 * len(x) * 784 * hidden  # without the first layer's dL/dx
    dl = np.array([r[0] for r in runs["dlbook"]])
    matmul = flops_per_step / np.array([r[0] for r in runs["matmul"]])  # FLOP/s
    row = {
        "sizes": [784, hidden, 10],
        "optimizer": repr(optimizer),
        "params": params,
        "epochs_trained": reps + 1,
        "dlbook": median_runs(runs["dlbook"]),
        "dlbook_test_acc": evaluate(net, x_test, t_test),
        "torch": median_runs(runs["torch"]) if twin else None,
        "torch_test_acc": torch_accuracy(twin[0], *tensors[2:]) if twin else None,
        "matmul": {"flops_per_step": flops_per_step,
                   "gflops": float(np.median(matmul)) / 1e9},
        "rate": {
            "nominal_gflops": float(np.median(nominal / dl)) / 1e9,
            "fraction": float(np.median(nominal / dl / matmul)),
            "done_gflops": float(np.median(done / dl)) / 1e9,
            "done_fraction": float(np.median(done / dl / matmul)),
        },
        "ratio": None,
    }
    if twin:
        torch_cpu = np.array([r[0] for r in runs["torch"]])
        row["ratio"] = float(np.median(dl / torch_cpu))
    return row, net, twin


# ----------------------------------------------------------------------- 2. matmul
def step_products(hidden, number=100):
    """A function that times the six matrix products of one training step.

    The same expressions, shapes and memory layouts as ``Affine`` (float32, batch
    100, 784-hidden-10), including ``d1 @ W1.T``, the product dlbook's first layer
    skips. It returns (cpu, wall) seconds per step, over ``number`` steps; also
    returned: the floating-point operations of one step.
    """
    rng = np.random.default_rng(0)

    def rand(*shape):
        return rng.random(shape, dtype=np.float32)

    x, W1, W2 = rand(100, 784), rand(784, hidden), rand(hidden, 10)
    h, d1, d2 = rand(100, hidden), rand(100, hidden), rand(100, 10)
    flops = 2 * 100 * (784 * hidden * 3 + hidden * 10 * 3)

    def products():
        start = cpu_and_wall()
        for _ in range(number):
            x @ W1, h @ W2  # forward
            h.T @ d2, d2 @ W2.T, x.T @ d1, d1 @ W1.T  # backward: dW and dx of each
        return (cpu_and_wall() - start) / number

    return products, flops


# --------------------------------------------------------------- 3. TwoLayerNet
def bench_two_layer_net(data, iterations, reps, lr=0.1):
    """The book's loop against dlbook's, same weights, same random mini-batches."""
    (x, t), (x_test, t_test) = data
    x64, x_test64 = x.astype(np.float64), x_test.astype(np.float64)
    t_one_hot = np.eye(10)[t]
    batches = np.random.default_rng(0).choice(len(x), size=(iterations, 100))
    runs = {"book": [], "dlbook_float64": [], "dlbook_float32": []}
    for rep in range(reps):
        np.random.seed(rep)
        book = BookTwoLayerNet(784, 50, 10)
        start = {k: v.copy() for k, v in book.params.items()}
        runs["book"].append(timed(train_book_style, book, x64, t_one_hot, batches, lr))
        nets = {}
        for name, dtype, inputs in (("dlbook_float64", np.float64, x64),
                                    ("dlbook_float32", np.float32, x)):
            net = TwoLayerNet(784, 50, 10, dtype=dtype)
            for key, p in net.params.items():
                p[...] = start[key]  # in place: the layers hold these arrays
            runs[name].append(timed(_train_dlbook, net, SGD(lr=lr), inputs, t, batches))
            nets[name] = net
    result = {name: median_runs(r) for name, r in runs.items()}
    result.update(
        iterations=iterations,
        sizes=[784, 50, 10],
        test_acc={
            "book": float(book.accuracy(x_test64, np.eye(10)[t_test])),
            "dlbook_float64": evaluate(nets["dlbook_float64"], x_test64, t_test),
            "dlbook_float32": evaluate(nets["dlbook_float32"], x_test, t_test),
        },
        # Same start, same batches, same float64 arithmetic up to rounding:
        max_weight_difference=float(max(
            np.abs(book.params[k] - nets["dlbook_float64"].params[k]).max()
            for k in book.params
        )),
    )
    # Ratios within a repetition, whose three runs followed each other, then the median.
    book = np.array([r[0] for r in runs["book"]])
    for dtype in ("float64", "float32"):
        dl = np.array([r[0] for r in runs[f"dlbook_{dtype}"]])
        result[f"ratio_{dtype}"] = float(np.median(dl / book))
    return result


def _train_dlbook(net, optimizer, x, t, batches):
    """dlbook's network and optimizer on the given batches (the body of ``train``)."""
    for idx in batches:
        optimizer.update(net.params, net.gradient(x[idx], t[idx]))


# ------------------------------------------------------------ 4. numerical gradient
def bench_gradient(data, reps, batch=10):
    """Both gradients of chapter 6's TwoLayerNet(784, 50, 10), float64, one batch."""
    (x, t), _ = data
    net = TwoLayerNet(784, 50, 10, seed=0)
    xb, tb = x[:batch].astype(np.float64), t[:batch]
    numerical = [timed(net.numerical_gradient, xb, tb) for _ in range(reps)]
    number = 100

    def backprop():
        for _ in range(number):
            net.gradient(xb, tb)

    backprop()
    runs = [timed(backprop) / number for _ in range(reps)]
    result = {
        "sizes": [784, 50, 10],
        "batch": batch,
        "params": int(sum(p.size for p in net.params.values())),
        "numerical": median_runs(numerical),
        "backprop": median_runs(runs),
    }
    result["speedup"] = result["numerical"]["cpu_s"] / result["backprop"]["cpu_s"]
    return result


# ------------------------------------------------------------------- 5. inference
def bench_inference(data, net, twin, reps, batch_sizes=(1, 100, 10000)):
    _, (x_test, t_test) = data
    rows = []
    for batch_size in batch_sizes:
        dl = [timed(evaluate, net, x_test, t_test, batch_size) for _ in range(reps)]
        row = {
            "batch": batch_size,
            "dlbook": median_runs(dl),
            "accuracy": evaluate(net, x_test, t_test, batch_size),
        }
        if twin:
            xs, ts = torch.from_numpy(x_test), torch.from_numpy(t_test)
            runs = [timed(_torch_evaluate, twin[0], xs, ts, batch_size)
                    for _ in range(reps)]
            row["torch"] = median_runs(runs)
        row["images_per_s"] = len(x_test) / row["dlbook"]["cpu_s"]
        rows.append(row)
    return rows


def _torch_evaluate(model, x, t, batch_size):
    correct = 0
    with torch.inference_mode():
        for first in range(0, len(x), batch_size):
            scores = model(x[first : first + batch_size])
            labels = t[first : first + batch_size]
            correct += int((scores.argmax(dim=1) == labels).sum())
    return correct / len(x)


# ----------------------------------------------------------------------- 6. memory
def bench_memory():
    """Run ``benchmarks.memory`` in a fresh process and return what it measured."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.memory"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    return json.loads(result.stdout)


# -------------------------------------------------------------------------- 7. CLI
def bench_cli(name, extra):
    """``python -m dlbook train --dataset mnist [extra]`` as a user runs it."""
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "dlbook", "train", "--dataset", "mnist",
                   *extra, "--out", str(Path(folder) / "weights.npz")]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                                check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    last = result.stdout.strip().splitlines()[-1]
    seconds = re.search(r"training time ([\d.]+) s", last)
    accuracy = re.search(r"test accuracy ([\d.]+);", last)
    return {
        "command": "python -m dlbook train --dataset mnist " + " ".join(extra),
        "training_wall_s": float(seconds.group(1)),
        "test_acc": float(accuracy.group(1)),
        "process_cpu_s": (after.ru_utime + after.ru_stime)
        - (before.ru_utime + before.ru_stime),
        "epochs": [s for s in result.stdout.splitlines() if s.startswith("epoch")],
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "date": datetime.datetime.now(datetime.timezone.utc).strftime(
            "%Y-%m-%d %H:%M UTC"),
    }


# ------------------------------------------------- 9. choosing the recipes
# The candidates of section 9: for each recipe of the command line, its network and
# optimizer with a few learning rates and decays, each trained for up to ``epochs``
# epochs. A decay multiplies the learning rate after every epoch, so the first k epochs
# of a run are exactly the k-epoch recipe: one run answers every number of epochs.
RECIPE_SEARCH = {
    "fast": {"hidden": (256,), "lrs": (0.002, 0.004, 0.008, 0.016),
             "decays": (0.4, 0.6, 1.0), "epochs": 5},
    "best": {"hidden": (512, 512), "lrs": (0.001, 0.002),
             "decays": (0.4, 0.6, 0.8), "epochs": 8},
}


def bench_recipes(data, validation_rate=0.1, seed=0, search=RECIPE_SEARCH, names=None):
    """Choose each recipe's learning rate, decay and epochs on validation data.

    As ``python -m dlbook train`` does by default: ``validation_rate`` of the training
    images set aside with ``split_validation`` (seed ``seed``), the network
    (784-hidden-10, ReLU, He, float32, seed ``seed``) trained on the rest with Adam and
    batches of 100, the learning rate multiplied by the decay after each epoch, and the
    validation accuracy recorded after every epoch. The test set is not touched. The
    choice: the highest validation accuracy; of equal ones, the fewest epochs, then
    the smaller learning rate. ``names``: only these recipes (default: all); each
    recipe's trials are one run's, with its own date and load average.
    """
    from dlbook.datasets import split_validation

    (x, t), _ = data  # the test images stay where they are
    (x, t), (x_val, t_val) = split_validation(x, t, validation_rate, seed=seed)
    found = {}
    for name, grid in search.items():
        if names and name not in names:
            continue
        start = [round(x, 2) for x in os.getloadavg()]
        trials = []
        for lr in grid["lrs"]:
            for decay in grid["decays"]:
                net = MultiLayerNet(784, grid["hidden"], 10, activation="relu",
                                    weight_init="he", seed=seed, dtype=np.float32)
                optimizer = Adam(lr=lr)

                def shrink(epoch, history, optimizer=optimizer, decay=decay):
                    optimizer.lr *= decay

                history = train(net, optimizer, x, t, epochs=grid["epochs"],
                                validation=(x_val, t_val), seed=seed, on_epoch=shrink,
                                progress=False, clock=time.process_time)
                trials.append({"lr": lr, "lr_decay": decay,
                               "val_acc": [round(a, 4) for a in history.val_acc],
                               "cpu_s_per_epoch": round(float(np.median(
                                   history.seconds)), 2)})
                print(f"  {name} lr {lr} decay {decay}: val acc "
                      f"{' '.join(f'{a:.4f}' for a in history.val_acc)}",
                      file=sys.stderr, flush=True)
        found[name] = {
            "hidden": list(grid["hidden"]),
            "measured": {
                "date": datetime.datetime.now(datetime.timezone.utc).strftime(
                    "%Y-%m-%d %H:%M UTC"),
                "load_average_start": start,
                "load_average_end": [round(x, 2) for x in os.getloadavg()],
            },
            "trials": trials,
            "chosen": choose_recipe(trials, len(x_val)),
        }
    return {"validation_rate": validation_rate, "seed": seed,
            "n_train": len(x), "n_val": len(x_val), "recipes": found}


def choose_recipe(trials, n_val):
    """The setting to keep: the fewest epochs among those the validation set cannot
    tell from the best.

    ``trials``: dicts with ``lr``, ``lr_decay`` and ``val_acc`` (one accuracy per
    epoch); ``n_val``: the number of validation images. A difference smaller than one
    standard error of the best accuracy, ``sqrt(a (1 - a) / n_val)``, is within what
    ``n_val`` images can measure; of the settings that close to the best, the one with
    the fewest epochs (the quickest to train) wins, then the higher validation
    accuracy, then the smaller learning rate. Returns ``lr``, ``lr_decay``,
    ``epochs``, ``val_acc``, and ``best_val_acc`` and ``standard_error``.
    """
    runs = [(k, a, trial) for trial in trials
            for k, a in enumerate(trial["val_acc"], start=1)]
    best = max(a for _, a, _ in runs)
    error = float(np.sqrt(best * (1 - best) / n_val))
    close = [run for run in runs if run[1] >= best - error]
    epochs, accuracy, trial = min(close, key=lambda r: (r[0], -r[1], r[2]["lr"]))
    return {"lr": trial["lr"], "lr_decay": trial["lr_decay"], "epochs": epochs,
            "val_acc": accuracy, "best_val_acc": best,
            "standard_error": round(error, 4)}


# ----------------------------------------- 8. dropout and batch normalization
# The variants of section 8: MultiLayerNetExtend's switches (dropout at the book's 0.5).
REGULARIZATION = {
    "plain": {},
    "dropout": {"use_dropout": True},
    "batchnorm": {"use_batchnorm": True},
    "both": {"use_dropout": True, "use_batchnorm": True},
}


def bench_regularization(data, reps, steps=300, hidden=(100, 100), batch_size=100,
                         chunk=10):
    """Training-step times of a network with and without dropout and batch norm.

    Each variant of ``REGULARIZATION`` is a seeded float32 ``MultiLayerNetExtend(784,
    hidden, 10)`` with its own Adam; a step is ``loss_and_gradient`` and the update,
    the body of ``train``, on the same mini-batches for every variant. A repetition
    runs ``steps`` steps of every variant, taking turns ``chunk`` steps at a time so
    that a busy stretch of the machine slows every variant alike; the ratio to the
    plain network is taken within a repetition and its median reported.
    """
    (x, t), _ = data
    order = np.random.default_rng(0).permutation(len(x))
    batches = order[: steps * batch_size].reshape(steps, batch_size)
    nets = {name: MultiLayerNetExtend(784, list(hidden), 10, seed=0, dtype=np.float32,
                                      **switches)
            for name, switches in REGULARIZATION.items()}
    optimizers = {name: Adam() for name in nets}
    runs = {name: [] for name in nets}
    for rep in range(reps + 1):  # rep 0 warms everything up and is not counted
        seconds = {name: 0 for name in nets}  # (cpu, wall) for all the steps
        for first in range(0, steps, chunk):
            for name, net in nets.items():
                seconds[name] = seconds[name] + timed(
                    _train_steps, net, optimizers[name], x, t,
                    batches[first : first + chunk])
        if rep:
            for name in nets:
                runs[name].append(seconds[name])
    plain = np.array([r[0] for r in runs["plain"]])
    result = {
        "sizes": [784, *hidden, 10],
        "optimizer": repr(optimizers["plain"]),
        "batch": batch_size,
        "steps": steps,
        "chunk": chunk,
        "dropout_ratio": nets["dropout"].layers["Dropout1"].dropout_ratio,
        "dtype": "float32",
        "variants": {},
    }
    for name, switches in REGULARIZATION.items():
        cpu = np.array([r[0] for r in runs[name]])
        result["variants"][name] = {
            "switches": switches,
            "run": median_runs(runs[name]),  # seconds for all the steps
            "step_ms": float(np.median(cpu)) / steps * 1e3,
            "ratio": float(np.median(cpu / plain)),
        }
    return result


def _train_steps(net, optimizer, x, t, batches):
    """``train``'s step on each mini-batch of ``batches``: gradient, then update."""
    for idx in batches:
        _, grads = net.loss_and_gradient(x[idx], t[idx])
        optimizer.update(net.params, grads)


# ----------------------------------------------------------------- 10. the CNN
def bench_cnn(data, rounds):
    """Section 10: the book's CNN, dlbook against PyTorch and the book's code.

    ``data``: MNIST as ``load_mnist`` gives it (flat images); the step's mini-batches
    are drawn from the first 6,000 training images, inference runs on all the test
    images. PyTorch and the book's code take part when they are there
    (``import_torch``, ``DLBOOK_BOOK_CODE``)."""
    from . import cnn

    (x, t), (x_test, _) = data
    images = (-1, 1, 28, 28)
    book = cnn.book_path()
    if book is None:
        print("DLBOOK_BOOK_CODE does not name a checkout of the book's repository: "
              "no comparison with the book's CNN", file=sys.stderr)
    result = cnn.bench_cnn(x[:6000].reshape(images), t[:6000],
                           x_test.reshape(images), rounds=rounds,
                           torch=torch if torch is not None else import_torch(),
                           book=book)
    result["threads"] = THREADS
    return result


# Sections that ``--only`` can measure alone and update in an existing results file.
ALONE = {
    "cnn": lambda data, args: bench_cnn(data, args.cnn_rounds),
    "regularization": lambda data, args: bench_regularization(data, args.reps),
    "recipes": lambda data, args: bench_recipes(data, names=args.recipe),
    "cli": lambda data, args: {name: bench_cli(name, extra)
                               for name, extra in CLI_RUNS.items()},
}


def update_sections(args, names):
    """Measure only the sections ``names`` and write them into ``args.out``.

    The file keeps every other section as it was; each updated section records its
    own date and load average, since the file's ``date`` and ``machine`` describe the
    last full run (the command-line runs and each recipe's search record their own).
    With ``--recipe``, the recipes not named keep their earlier search. The targets are
    recomputed when the sections they read (the command-line runs, the CNN) are
    measured; the CNN's ``measured`` also names the PyTorch it was measured against.
    """
    results = load_results(args.out)
    data = load_mnist()
    for name in names:
        print(f"[{time.strftime('%H:%M:%S')}] {name} alone", file=sys.stderr,
              flush=True)
        start = [round(x, 2) for x in os.getloadavg()]
        section = ALONE[name](data, args)
        now = datetime.datetime.now(datetime.timezone.utc)
        if name == "recipes" and args.recipe and results.get("recipes"):
            section["recipes"] = {**results["recipes"]["recipes"], **section["recipes"]}
            for recipe in section["recipes"].values():  # the choice, by today's rule
                recipe["chosen"] = choose_recipe(recipe["trials"], section["n_val"])
        if name == "cnn":
            section["measured"] = {
                **section["measured"],
                "date": now.strftime("%Y-%m-%d %H:%M UTC"),
                "rounds": args.cnn_rounds,
                "torch": torch.__version__ if torch else None,
            }
        elif name != "cli":
            section["measured"] = {
                "date": now.strftime("%Y-%m-%d %H:%M UTC"),
                "load_average_start": start,
                "load_average_end": [round(x, 2) for x in os.getloadavg()],
                "repetitions": args.reps,
                "threads": THREADS,
            }
        results[name] = section
        print(report(results, name))
    if "cli" in names or "cnn" in names:
        results["targets"] = targets(results)
        print(report(results, "targets"))
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if not args.no_page and args.out == RESULTS:
        for page in PAGES:
            refresh_page(results, page)
    print(f"\nupdated {', '.join(names)} in {args.out}")
    return 0


# ---------------------------------------------------------------------- targets
def _name(row):
    return "-".join(map(str, row["sizes"])) + " " + row["optimizer"].split("(")[0]


# What limits each figure, printed beside a target that is missed.
LIMITS = {
    "epoch": "the products, as fast in both libraries, are most of a step at this size",
    "rate": "the rest of a step (fetching the batch, small calls, the update) is large",
    "float32": "the two large products that remain, and the same bookkeeping",
    "float64": "dlbook computes two of the book's three large products, so about 2/3",
    "accuracy": "the setting was chosen on validation; tuning it until the test set "
                "agrees would make the test set a validation set",
    "seconds": "wall time counts the time other programs held the processor",
    "cnn step": "of the {step:.1f} ms step, the matrix products take {products:.1f} ms "
                "(the 5 x 5 filters', K = 25, at {conv:.0f} GFLOP/s, the Affine layers' "
                "at {affine:.0f}), Adam's update of {params:,} parameters {adam:.1f} ms, "
                "and moving numbers (gathering windows, pooling, scattering gradients) "
                "about {rest:.1f} ms",
    "cnn inference": "the 5 x 5 filters' product (K = 25) runs at {conv:.0f} GFLOP/s, "
                     "the Affine layers' at {affine:.0f}",
}


def cnn_limit(kind, cnn):
    """What limits the CNN's figure ``kind`` ("cnn step" or "cnn inference"), with
    the figures that ``cnn["parts"]`` measured."""
    parts = cnn["parts"]
    products = parts["ms"]["conv_products"] + parts["ms"]["affine_products"]
    return LIMITS[kind].format(
        rest=cnn["step_ms"]["dlbook"] - products - parts["ms"]["adam_update"],
        conv=parts["gflops"]["conv_products"], affine=parts["gflops"]["affine_products"],
        products=parts["ms"]["conv_products"] + parts["ms"]["affine_products"],
        step=cnn["step_ms"]["dlbook"], params=parts["params"],
        adam=parts["ms"]["adam_update"])


def targets(results):
    """Each target of issue 7: the figure, its bound, met or not, and what limits it."""
    rows = []
    for row in results["mlp"]:
        if row["ratio"] is not None:
            rows.append((f"epoch vs PyTorch, {_name(row)}", row["ratio"], "<=", 0.65,
                         "epoch"))
    for row in results["mlp"]:
        if row["optimizer"].startswith("SGD"):
            rows.append((f"6NP rate / matmul rate, {_name(row)}",
                         row["rate"]["fraction"], ">=", 0.80, "rate"))
    two = results["two_layer_net"]
    for dtype in ("float32", "float64"):
        rows.append((f"TwoLayerNet {dtype} vs book style", two[f"ratio_{dtype}"], "<=",
                     0.5, dtype))
    # Accuracy: the recipe's final fit, its setting chosen on validation and trained on
    # all 60,000 images, tested once. Time: the command as a user runs it.
    for name, seconds, accuracy in (("default", 10, 0.980), ("best", 60, 0.985)):
        final = results["cli"].get(f"{name}, final fit")
        if final:
            rows.append((f"CLI {name}, final fit: test accuracy", final["test_acc"],
                         ">=", accuracy, "accuracy"))
        run = results["cli"].get(name)
        if run:
            rows.append((f"CLI {name}: training seconds (wall)", run["training_wall_s"],
                         "<=", seconds, "seconds"))
    limits = {name: LIMITS[name] for name in LIMITS}
    # The book's CNN (issue 14): its ratios, when that section was measured.
    cnn = results.get("cnn", {})
    for key, (op, bound, label) in CNN_TARGETS.items():
        if cnn.get("ratio", {}).get(key) is not None:
            kind = "cnn inference" if key.startswith("inference") else "cnn step"
            limits[kind] = cnn_limit(kind, cnn)
            rows.append((label, cnn["ratio"][key], op, bound, kind))
    return [
        {"target": name, "measured": measured, "bound": f"{op} {bound}",
         "met": met(measured, op, bound), "limit": limits[limit]}
        for name, measured, op, bound, limit in rows
    ]


# ------------------------------------------------------------------------ page
DOCTEST = re.compile(r'^>>> print\(report\(results, "(?P<section>\w+)"\)\)$')


def refresh_page(results, page=PAGE):
    """Rewrite the outputs of the page's ``print(report(results, ...))`` examples."""
    lines = page.read_text(encoding="utf-8").split("\n")
    out, i = [], 0
    while i < len(lines):
        out.append(lines[i])
        match = DOCTEST.match(lines[i])
        i += 1
        if match:  # each such example ends its fence: its output runs up to the fence
            out.extend(report(results, match.group("section")).split("\n"))
            while i < len(lines) and not lines[i].lstrip().startswith("```"):
                i += 1
    page.write_text("\n".join(out), encoding="utf-8")


# ------------------------------------------------------------------------ main
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=5,
                        help="repetitions per figure (5)")
    parser.add_argument("--iterations", type=int, default=10_000,
                        help="TwoLayerNet iterations (10000)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results file")
    parser.add_argument("--no-cli", action="store_true", help="skip section 7")
    parser.add_argument("--no-page", action="store_true",
                        help="do not refresh docs/performance.md")
    parser.add_argument("--recipe", action="append", choices=sorted(RECIPE_SEARCH),
                        help="with --only recipes: search only this recipe, keep the "
                             "others' results (repeatable)")
    parser.add_argument("--cnn-rounds", type=int, default=15,
                        help="rounds of the CNN section, the contenders taking turns (15)")
    parser.add_argument("--only", action="append", choices=sorted(ALONE),
                        help="measure only this section and update it in the results "
                             "file (repeatable)")
    args = parser.parse_args(argv)
    limits = threadpool_limits(limits=THREADS) if threadpool_limits else None
    if args.only:
        try:
            return update_sections(args, args.only)
        finally:
            if limits is not None:
                limits.restore_original_limits()

    import_torch()
    results = environment(args)
    if torch is None:
        print("PyTorch is not installed: no PyTorch comparisons this time "
              "(pip install torch==2.13.0, or the 'bench' extra).", file=sys.stderr)
    data = load_mnist()

    def section(name):
        print(f"[{time.strftime('%H:%M:%S')}] {name}", file=sys.stderr, flush=True)

    results["mlp"] = []
    for hidden in (100, 256):
        for optimizer_name in ("SGD", "Adam"):
            section(f"1-2. MLP 784-{hidden}-10 {optimizer_name}")
            row, net, twin = bench_mlp(data, hidden, optimizer_name, args.reps)
            results["mlp"].append(row)
            if hidden == 100 and optimizer_name == "SGD":
                trained = net, twin
    section("3. TwoLayerNet, book style and dlbook")
    results["two_layer_net"] = bench_two_layer_net(
        data, args.iterations, min(args.reps, 3)
    )
    section("4. numerical gradient and backpropagation")
    results["gradient"] = bench_gradient(data, min(args.reps, 3))
    section("5. inference")
    results["inference"] = bench_inference(data, *trained, args.reps)
    section("6. memory")
    results["memory"] = bench_memory()
    results["cli"] = {}
    if not args.no_cli:
        for name, extra in CLI_RUNS.items():
            section(f"7. command line: {name}")
            results["cli"][name] = bench_cli(name, extra)
    section("8. dropout and batch normalization")
    results["regularization"] = bench_regularization(data, args.reps)
    section("10. the book's CNN: dlbook, PyTorch and the book's code")
    results["cnn"] = bench_cnn(data, args.cnn_rounds)
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    results["targets"] = targets(results)
    if limits is not None:
        limits.restore_original_limits()

    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(report(results))
    if not args.no_page and args.out == RESULTS:
        for page in PAGES:
            refresh_page(results, page)
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
