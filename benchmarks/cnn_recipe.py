"""The recipe of ``python -m dlbook train --model cnn``, chosen on validation data.

``make cnn-recipe`` (``python -m benchmarks.cnn_recipe``, about 15-30 minutes on a
shared 2-core machine). Trains the book's ``SimpleConvNet`` (float32, its fast path,
built as the command line builds it) with each candidate setting on MNIST's training
images less a validation tenth (``split_validation(..., 0.1, seed=0)``, the command
line's split), and writes ``benchmarks/cnn_recipe.json``: for every candidate, every
epoch's training loss and accuracy, validation loss and accuracy and seconds of
training; the chosen candidate and number of epochs; the machine and the date.

The candidates, in two rounds: first the book's initial weights (standard deviation
0.01) or He's (sqrt(2 / inputs) per layer), Adam's learning rate 0.001 (the book's) or
0.003, kept constant or multiplied by 0.6 after each epoch; then, with He's weights
(better than the book's in three pairs of four), learning rates 0.002 and 0.005 with
decays 0.75 and 0.5 around the first round's best. Up to ``MAX_EPOCHS`` epochs each, as
many as fit well inside the 60 s of training the command line is allowed (about 7 s an
epoch here). The first ``e`` epochs of a run are exactly an ``e``-epoch run of the same
setting (the decay is per epoch), so each epoch of each run is a candidate too. The
choice: the highest validation accuracy, ties broken by the lower validation loss.
The test set is not touched here: the final fit (``make cnn-weights``) measures it
once.

``--measure-cli`` (``make cnn-cli``) instead runs ``python -m dlbook train --model cnn``
as a user would, with its defaults (a validation tenth, the chosen recipe), and then
as the final fit (``--validation-rate 0``), and adds to the record each run's training
time, total time (wall and CPU), test accuracy and the machine's load average, under
``"cli_default"`` and ``"cli_final_fit"``: the figures behind "99 % within 60 s of
training".
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before NumPy loads its BLAS

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import datetime  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from dlbook import cli, datasets  # noqa: E402
from dlbook.datasets import split_validation  # noqa: E402
from dlbook.optimizers import Adam  # noqa: E402
from dlbook.training import train  # noqa: E402

RECORD = Path(__file__).with_name("cnn_recipe.json")
MAX_EPOCHS = 6
# Two rounds: a grid, then learning rates and decays around its best, with its init.
ROUNDS = (
    dict(weight_init=(0.01, "he"), lr=(1e-3, 3e-3), lr_decay=(1.0, 0.6)),
    dict(weight_init=("he",), lr=(2e-3, 5e-3), lr_decay=(0.75, 0.5)),
)


def candidates():
    """Every setting tried, round after round: dicts of weight_init, lr, lr_decay."""
    return [dict(weight_init=w, lr=lr, lr_decay=d) for grid in ROUNDS
            for w, lr, d in itertools.product(*grid.values())]


def machine() -> dict:
    """What ran it: CPU model, cores, NumPy, threads, load average at the start."""
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "numpy": np.__version__,
            "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def run(setting, x, t, validation, *, epochs, seed=0) -> dict:
    """Train one setting for ``epochs`` epochs; its per-epoch record."""
    model = dataclasses.replace(cli.MODELS["cnn"], **setting)
    net = cli._network(model, 784, model.hidden, seed=seed, dtype=np.float32)
    optimizer = Adam(lr=model.lr)

    def after_epoch(epoch, history):
        optimizer.lr *= model.lr_decay
        print(f"  epoch {epoch}  loss {history.loss[-1]:.4f}  val loss "
              f"{history.val_loss[-1]:.4f}  val acc {history.val_acc[-1]:.4f}  "
              f"({history.seconds[-1]:.1f} s)", flush=True)

    history = train(net, optimizer, x.reshape(-1, 1, 28, 28), t, epochs=epochs,
                    batch_size=100, validation=validation, seed=seed,
                    on_epoch=after_epoch, progress=False)
    return {**setting, "train_loss": history.loss, "train_acc": history.train_acc,
            "val_loss": history.val_loss, "val_acc": history.val_acc,
            "seconds": [round(s, 2) for s in history.seconds]}


def choose(runs) -> dict:
    """The (setting, epochs) of the highest validation accuracy, then lowest loss."""
    best = max(((r, e) for r in runs for e in range(len(r["val_acc"]))),
               key=lambda re: (re[0]["val_acc"][re[1]], -re[0]["val_loss"][re[1]]))
    run_, e = best
    return {"weight_init": run_["weight_init"], "lr": run_["lr"],
            "lr_decay": run_["lr_decay"], "epochs": e + 1,
            "val_acc": run_["val_acc"][e], "val_loss": run_["val_loss"][e]}


def table(record) -> str:
    """The record's validation accuracies as a table: a row per setting, a column per
    epoch, the chosen one starred."""
    chosen = record["chosen"]
    epochs = max(len(r["val_acc"]) for r in record["runs"])
    lines = ["init  lr     decay" + "".join(f"{e:>8}" for e in range(1, epochs + 1))]
    for r in record["runs"]:
        cells = []
        for e, acc in enumerate(r["val_acc"], start=1):
            star = all(r[k] == chosen[k] for k in ("weight_init", "lr", "lr_decay")) \
                and e == chosen["epochs"]
            cells.append(f"{acc:.4f}*" if star else f"{acc:.4f} ")
        init = "he" if r["weight_init"] == "he" else f"{r['weight_init']:g}"
        lines.append(f"{init:<5} {r['lr']:<6g} {r['lr_decay']:<5g}"
                     + "".join(f"{c:>8}" for c in cells).rstrip())
    return "\n".join(lines)


CLI_RUNS = {"cli_default": [], "cli_final_fit": ["--validation-rate", "0"]}


class WallAndCPU:
    """A clock for ``train``: wall time, as the command line measures, and on the side
    the CPU time of this process at each call. ``train`` reads its clock before and
    after each epoch's steps, so pairs of calls bracket the training steps alone."""

    def __init__(self):
        self.cpu = []

    def __call__(self):
        self.cpu.append(time.process_time())
        return time.perf_counter()

    def training_cpu_seconds(self) -> float:
        starts, ends = self.cpu[::2], self.cpu[1::2]
        return sum(end - start for start, end in zip(starts, ends))


def measure_cli(out: Path, data_dir=None) -> dict:
    """Run ``python -m dlbook train --model cnn`` (in this process), as it is and as
    the final fit (``--validation-rate 0``), and record both in ``out``: the wall
    time of training the command line prints, the CPU time of the same steps (a busy
    machine stretches the first, hardly the second) and the totals."""
    import functools
    import tempfile

    from dlbook.weights import load_weights

    record = json.loads(out.read_text())
    real_train = cli.train
    for name, extra in CLI_RUNS.items():
        clock = WallAndCPU()
        cli.train = functools.partial(real_train, clock=clock)
        with tempfile.TemporaryDirectory() as folder:
            weights = Path(folder) / "cnn.npz"
            argv = ["train", "--model", "cnn", *extra, "--out", str(weights)]
            argv += ["--data-dir", data_dir] if data_dir else []
            load = [round(x, 2) for x in os.getloadavg()]
            started, cpu = time.perf_counter(), time.process_time()
            try:
                status = cli.main(argv)
            finally:
                cli.train = real_train
            if status != 0:
                raise SystemExit(f"python -m dlbook {' '.join(argv)} failed")
            total = time.perf_counter() - started
            cpu = time.process_time() - cpu  # a busy machine stretches wall time only
            _, meta = load_weights(weights)
        record[name] = {
            "command": " ".join(["python -m dlbook train --model cnn", *extra]),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(
                timespec="seconds"),
            "load_average_start": load,
            "load_average_end": [round(x, 2) for x in os.getloadavg()],
            "recipe": meta["recipe"], "training_seconds": meta["training_seconds"],
            "training_cpu_seconds": round(clock.training_cpu_seconds(), 1),
            "total_seconds": round(total, 1), "total_cpu_seconds": round(cpu, 1),
            "test_accuracy": meta["test_accuracy"],
            "validation_accuracy": meta["validation_accuracy"],
            "history": meta["history"]}
        out.write_text(json.dumps(record, indent=1) + "\n")
    return record


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=MAX_EPOCHS)
    parser.add_argument("--out", type=Path, default=RECORD)
    parser.add_argument("--data-dir")
    parser.add_argument("--resume", action="store_true",
                        help="keep the runs of --out already done (same data, seed)")
    parser.add_argument("--measure-cli", action="store_true",
                        help="time the command line's default cnn run instead")
    args = parser.parse_args(argv)
    if args.measure_cli:
        return measure_cli(args.out, args.data_dir)
    started = datetime.datetime.now(datetime.timezone.utc)
    first = json.loads(args.out.read_text()) if args.resume else {}
    (x, t), _ = datasets.load_dataset("mnist", data_dir=args.data_dir)  # no test set
    (x, t), (x_val, t_val) = split_validation(x, t, 0.1, seed=0)
    validation = (x_val.reshape(-1, 1, 28, 28), t_val)
    record = {"what": "python -m dlbook train --model cnn: the recipe, chosen on "
                      "validation (benchmarks/cnn_recipe.py)",
              "date": first.get("date", started.isoformat(timespec="seconds")),
              "machine": first.get("machine", machine()),
              "data": {"train": len(x), "validation": len(x_val), "split_seed": 0},
              "batch_size": 100, "optimizer": "adam", "runs": []}
    done = json.loads(args.out.read_text())["runs"] if args.resume else []
    for setting in candidates():
        print(f"{setting}", flush=True)
        same = [r for r in done if {k: r[k] for k in setting} == setting
                and len(r["val_acc"]) == args.epochs]
        record["runs"].append(same[0] if same else
                              run(setting, x, t, validation, epochs=args.epochs))
        record["chosen"] = choose(record["runs"])
        args.out.write_text(json.dumps(record, indent=1) + "\n")  # after every run
    print(f"chosen: {record['chosen']}; written to {args.out}")
    return record


if __name__ == "__main__":
    main()
