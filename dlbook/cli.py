"""The command line, ``python -m dlbook download | train | evaluate`` (chapter 9).

``train`` sets a part of the training images aside as a validation set
(``--validation-rate``, seeded by ``--seed``) and prints, after each epoch, the
training loss and accuracy and the validation loss and accuracy; the test set is
measured once, after training, and printed on the last line (``evaluate`` measures it
again from the saved weights). ``--patience`` stops early on the validation loss.
``--validation-rate 0`` is the final fit: once the epochs and learning rates have been
chosen on validation, it trains the chosen setting on every training image (there is
nothing left to validate on) and again measures the test set once, at the end.
``exercises`` lists the chapters' exercises, and ``exercises check FILE`` checks
the functions of a learner's file named like them (``dlbook.exercises``), reporting
in English or, with ``--language ko`` or ``DLBOOK_LANG=ko``, in Korean.
``--model cnn`` trains the book's ``SimpleConvNet`` (chapter 13) on the same images
shaped (N, 1, 28, 28); its file records the architecture, and ``evaluate`` rebuilds
it. Every weights file ``train`` writes records the recipe, the per-epoch history and
the training time in its ``meta``.

Every command prints what it does in plain words, and bad input (an unknown data set, a
missing or wrong-shaped weights file, no data and no network) ends with one clear
message on stderr and a non-zero exit status, never a traceback. Every option is
checked before any work: numbers (``--epochs 0``, ``--batch-size -5``, ``--lr nan``)
when the command line is parsed (exit status 2), the ``--out`` folder before the data
is loaded (exit status 1).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import dataclass

import numpy as np

from . import datasets
from .conv import SimpleConvNet
from .datasets import DataError, split_validation
from .networks import MultiLayerNet
from .optimizers import SGD, Adam, Momentum
from .training import evaluate, train
from .weights import _check_save_path, load_weights, save_weights

__all__ = ["main", "MODELS"]

OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}


# --8<-- [start:models]
@dataclass(frozen=True)
class Model:
    """A named recipe: layer sizes, activation, initialisation, optimizer defaults.

    ``network`` is ``"mlp"``, a ``MultiLayerNet`` with the hidden layers ``hidden``,
    or ``"cnn"``, the book's ``SimpleConvNet`` (chapter 13), whose one hidden layer
    is ``hidden``; its convolution is the book's (``BOOK_CONV_PARAM``).
    """

    hidden: tuple[int, ...]
    activation: str
    weight_init: object
    optimizer: str
    lr: float
    help: str
    epochs: int = 10
    lr_decay: float = 1.0  # the learning rate is multiplied by this after each epoch
    network: str = "mlp"


MODELS = {
    "fast": Model(
        (256,),
        "relu",
        "he",
        "adam",
        8e-3,
        "the default: 784-256-10 ReLU, He init, Adam lr 0.008 times 0.6 after each "
        "epoch, 5 epochs: 98.27% on MNIST's test set in seconds (98.25% with "
        "--validation-rate 0)",
        epochs=5,
        lr_decay=0.6,
    ),
    "best": Model(
        (512, 512),
        "relu",
        "he",
        "adam",
        2e-3,
        "784-512-512-10 ReLU, He init, Adam lr 0.002 times 0.6 after each epoch, "
        "5 epochs: 98.30% on MNIST's test set in under a minute (98.47% with "
        "--validation-rate 0)",
        epochs=5,
        lr_decay=0.6,
    ),
    "mlp": Model(
        (512,),
        "relu",
        "he",
        "adam",
        1e-3,
        "784-512-10 ReLU, He init, Adam lr 0.001, 10 epochs: chapter 9's network",
    ),
    "two-layer": Model(
        (50,),
        "relu",
        0.01,
        "sgd",
        0.1,
        "784-50-10 ReLU, std 0.01, SGD lr 0.1: the book's TwoLayerNet",
    ),
    "softmax": Model(
        (), "relu", "xavier", "adam", 1e-3, "softmax regression (no hidden layer), Adam"
    ),
    "sigmoid-50-100": Model(
        (50, 100),
        "sigmoid",
        "xavier",
        "adam",
        1e-3,
        "784-50-100-10 sigmoid: the shape of the book's sample network",
    ),
    "cnn": Model(
        (100,),
        "relu",
        "he",
        "adam",
        3e-3,
        "chapter 13's SimpleConvNet, the book's shape (30 filters 5x5, ReLU, 2x2 max "
        "pooling, 100 ReLU, 10), He init, Adam lr 0.003 times 0.6 after each epoch, "
        "4 epochs (chosen on validation): 98.89% on MNIST's test set (99.00% with "
        "--validation-rate 0) after 31 s of training (52 s; 24 and 28 s of CPU time) "
        "on a shared 2-core Xeon, one BLAS thread, 2026-12-03 "
        "(benchmarks/cnn_recipe.json)",
        epochs=4,
        lr_decay=0.6,
        network="cnn",
    ),
}
# --8<-- [end:models]


# --8<-- [start:network]
def _check_hidden(model: Model, hidden) -> None:
    """A ValueError unless ``hidden`` fits ``model``: the CNN has one hidden layer."""
    if model.network == "cnn" and len(hidden) != 1:
        raise ValueError(f"the cnn has one hidden layer (--hidden 100, say), got "
                         f"--hidden {','.join(map(str, hidden)) or '(none)'}")


def _network(model: Model, n_inputs: int, hidden, *, seed: int, dtype):
    """A fresh network of ``model``'s kind for inputs of ``n_inputs`` pixels.

    An ``"mlp"`` is a ``MultiLayerNet`` with the hidden layers ``hidden``. A
    ``"cnn"`` is the book's ``SimpleConvNet`` on 28 x 28 grey images, with the hidden
    layer ``hidden`` (one size) and its fast path; ``weight_init`` is its
    ``weight_init_std``: ``"he"``, a std per layer of sqrt(2 / its inputs) (25 for a
    5 x 5 filter), or a number, the book's. Refuses (ValueError) a CNN with other
    than one hidden layer, or for images that are not 28 x 28.
    """
    if model.network == "mlp":
        return MultiLayerNet(n_inputs, hidden, 10, activation=model.activation,
                             weight_init=model.weight_init, seed=seed, dtype=dtype)
    _check_hidden(model, hidden)
    if n_inputs != 28 * 28:
        raise ValueError(f"the cnn reads 28 x 28 images (784 pixels), got {n_inputs}")
    return SimpleConvNet((1, 28, 28), hidden_size=hidden[0], output_size=10,
                         weight_init_std=model.weight_init, fast=True, seed=seed,
                         dtype=dtype)
# --8<-- [end:network]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dlbook",
        description="Train and evaluate NumPy networks on MNIST and Fashion-MNIST.",
        epilog="Data: files are read from --data-dir, $DLBOOK_DATA or the user cache, "
        "and downloaded when missing (see `python -m dlbook download --help`).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    download = commands.add_parser(
        "download",
        help="fetch and verify a data set ahead of time",
        description="Download (if missing) and verify the IDX files of a data set.",
    )
    download.add_argument(
        "dataset",
        nargs="?",
        default="mnist",
        help="mnist (default), fashion-mnist or all",
    )
    download.add_argument("--data-dir", help="folder to look in and download into")

    fit = commands.add_parser(
        "train",
        help="train a network and save its weights",
        description="Train a network on MNIST or Fashion-MNIST and save its weights "
        "to an .npz file. A part of the training images is set aside for validation: "
        "after each epoch, the training loss and accuracy and the validation loss and "
        "accuracy are printed. The test set is measured once, after training.",
    )
    fit.add_argument(
        "--dataset", default="mnist", help="mnist (default) or fashion-mnist"
    )
    fit.add_argument(
        "--model",
        default="fast",
        # argparse formats help with %, so a literal % must be doubled.
        help="; ".join(f"{k}: {m.help}" for k, m in MODELS.items()).replace("%", "%%"),
    )
    fit.add_argument(
        "--hidden",
        type=_sizes,
        help="hidden layer sizes, e.g. 512,256 (overrides the model's)",
    )
    fit.add_argument(
        "--epochs", type=_whole(1), help="passes over the data (default: the model's)"
    )
    fit.add_argument(
        "--batch-size", type=_whole(1), default=100, help="mini-batch size (100)"
    )
    fit.add_argument(
        "--optimizer", choices=sorted(OPTIMIZERS), help="default: the model's"
    )
    fit.add_argument(
        "--lr", type=_positive, help="learning rate (default: the model's)"
    )
    fit.add_argument(
        "--lr-decay",
        type=_positive,
        help="learning rate factor after each epoch (default: the model's)",
    )
    fit.add_argument(
        "--validation-rate",
        type=_rate,
        default=0.1,
        help="fraction of the training images set aside to validate on, each epoch "
        "(0.1); 0 trains on all of them, with no validation: the final fit, once the "
        "epochs and learning rates are chosen on validation",
    )
    fit.add_argument(
        "--patience",
        type=_whole(1),
        help="stop when the validation loss has not improved for this many epochs, "
        "and keep the weights of the best epoch (default: train every epoch)",
    )
    fit.add_argument(
        "--seed",
        type=_whole(0),
        default=0,
        help="seed for the weights, the validation split and the batches (0)",
    )
    fit.add_argument(
        "--float64", action="store_true", help="train in float64, not float32"
    )
    fit.add_argument("--out", default="weights.npz", help="where to save (weights.npz)")
    fit.add_argument("--data-dir", help="folder holding the data set")

    check = commands.add_parser(
        "evaluate",
        help="print the test accuracy of saved weights",
        description="Load weights saved by `train` and print their test-set accuracy.",
    )
    check.add_argument(
        "weights", help="an .npz file written by `python -m dlbook train`"
    )
    check.add_argument("--dataset", help="default: the one the weights were trained on")
    check.add_argument("--data-dir", help="folder holding the data set")

    practice = commands.add_parser(
        "exercises",
        help="list the exercises, or check a file of your answers",
        description="Without a command, list the exercises of the chapters. "
        "`exercises check FILE [NAME ...]` imports your .py file and checks each of "
        "its functions named like an exercise (softmax, AND, ...) and its values named "
        "like a prediction exercise, or only NAME ...",
    )
    actions = practice.add_subparsers(dest="action", metavar="ACTION")
    checking = actions.add_parser(
        "check", help="check the functions of a .py file",
        description="Import FILE and check its functions named like exercises.",
    )
    checking.add_argument("file", help="a .py file that defines your functions")
    checking.add_argument("names", nargs="*", metavar="NAME",
                          help="only these exercises (default: every one FILE defines)")
    checking.add_argument("--language", choices=("en", "ko"),
                          help="the reports' language (default: DLBOOK_LANG, else en)")
    return parser


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(s) for s in text.split(",") if s.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 512,256, got {text!r}")
    if any(s <= 0 for s in sizes):
        raise argparse.ArgumentTypeError(f"sizes must be positive, got {text!r}")
    return sizes


def _whole(minimum: int):
    """An argparse type: a whole number of at least ``minimum``, or a clear error."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise argparse.ArgumentTypeError(
                f"must be a whole number of at least {minimum}, got {text!r}"
            )
        return value

    return parse


def _positive(text: str) -> float:
    """An argparse type: a finite number above 0 (not nan, not inf) or a clear error."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text!r}")
    return value


def _rate(text: str) -> float:
    """An argparse type: 0, or a number strictly between 0 and 1, or a clear error."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value < 1:  # also refuses nan
        raise argparse.ArgumentTypeError(
            f"must be 0 (no validation set) or a number between 0 and 1 (1 excluded), "
            f"got {text!r}"
        )
    return value


def _dataset(name: str):
    if name not in datasets.DATASETS:
        known = ", ".join(datasets.DATASETS)
        raise ValueError(f"unknown data set {name!r}; choose from {known}")
    return name


def _as_images(x):
    """Rows of 784 pixels (N, 784) as the CNN's images (N, 1, 28, 28), a view."""
    return x.reshape(-1, 1, 28, 28)


def _download(args) -> None:
    everything = list(datasets.DATASETS)
    names = everything if args.dataset == "all" else [_dataset(args.dataset)]
    for name in names:
        paths = datasets.fetch(datasets.DATASETS[name], args.data_dir)
        print(f"{name}: 4 files verified in {paths['train_images'].parent}")


def _train(args) -> None:
    dataset = _dataset(args.dataset)
    if args.model not in MODELS:
        raise ValueError(
            f"unknown model {args.model!r}; choose from {', '.join(MODELS)}"
        )
    model = MODELS[args.model]
    validate = args.validation_rate > 0
    if args.patience and not validate:
        raise ValueError(
            "--patience watches the validation loss, so it needs a validation set: "
            "a --validation-rate above 0"
        )
    hidden = args.hidden if args.hidden is not None else model.hidden
    _check_hidden(model, hidden)
    _check_save_path(args.out)  # before the data is loaded and the network trained
    dtype = np.float64 if args.float64 else np.float32
    (x, t), (x_test, t_test) = datasets.load_dataset(dataset, data_dir=args.data_dir)
    # Choices are made on validation data, carved from the training images; the test
    # set is measured once, at the end. --validation-rate 0 is the final fit of a
    # setting already chosen that way: every training image, nothing to choose on.
    if validate:
        (x, t), (x_val, t_val) = split_validation(
            x, t, args.validation_rate, seed=args.seed
        )
        validation = (x_val.astype(dtype, copy=False), t_val)
    else:
        validation = None
    x, x_test = x.astype(dtype, copy=False), x_test.astype(dtype, copy=False)
    net = _network(model, x.shape[1], hidden, seed=args.seed, dtype=dtype)
    if model.network == "cnn":  # images, not rows of pixels: views, no copies
        x, x_test = _as_images(x), _as_images(x_test)
        if validate:
            validation = (_as_images(validation[0]), validation[1])
    lr = args.lr if args.lr is not None else model.lr
    optimizer = OPTIMIZERS[args.optimizer or model.optimizer](lr=lr)
    epochs = args.epochs if args.epochs is not None else model.epochs
    lr_decay = args.lr_decay if args.lr_decay is not None else model.lr_decay
    decay = f", lr times {lr_decay} after each epoch" if lr_decay != 1 else ""
    stop = f", early stopping with patience {args.patience}" if args.patience else ""
    held = f"{len(validation[0])} for validation" if validate else "none for validation"
    print(
        f"training {net!r} with {optimizer!r} on {dataset} ({len(x)} training images, "
        f"{held}), {epochs} epochs of batch {args.batch_size}{decay}{stop}"
    )

    def after_epoch(epoch, history):
        checked = (
            f"val loss {history.val_loss[-1]:.4f}  val acc {history.val_acc[-1]:.4f}  "
            if validate
            else ""
        )
        print(
            f"epoch {epoch:3d}  loss {history.loss[-1]:.4f}  "
            f"train acc {history.train_acc[-1]:.4f}  {checked}"
            f"({history.seconds[-1]:.1f} s)",
            flush=True,
        )
        optimizer.lr *= lr_decay  # smaller steps as training settles

    started = time.perf_counter()
    history = train(
        net,
        optimizer,
        x,
        t,
        epochs=epochs,
        batch_size=args.batch_size,
        validation=validation,
        patience=args.patience,
        seed=args.seed,
        on_epoch=after_epoch,
        progress=False,
    )
    # With --patience, train() has restored the weights of the best epoch.
    kept = (args.patience and history.best_epoch) or len(history.loss)
    if args.patience:
        ran = "stopped early" if history.stopped_early else "ran every epoch"
        print(f"{ran}: kept the weights of epoch {kept}, the lowest validation loss")
    test_accuracy = evaluate(net, x_test, t_test)  # the one look at the test set
    recipe = dict(hidden=list(hidden), weight_init=model.weight_init,
                  optimizer=args.optimizer or model.optimizer, lr=lr, lr_decay=lr_decay,
                  epochs=epochs, batch_size=args.batch_size, patience=args.patience,
                  dtype=np.dtype(dtype).name)
    path = save_weights(
        args.out,
        net,
        activation=model.activation,
        dataset=dataset,
        model=args.model,
        test_accuracy=test_accuracy,
        validation_accuracy=history.val_acc[kept - 1] if validate else None,
        validation_rate=args.validation_rate,
        epochs=kept,
        seed=args.seed,
        recipe=recipe,
        history=dict(train_loss=history.loss, train_acc=history.train_acc,
                     val_loss=history.val_loss, val_acc=history.val_acc,
                     seconds=[round(s, 2) for s in history.seconds]),
        training_seconds=round(sum(history.seconds), 1),
    )
    print(
        f"training time {sum(history.seconds):.1f} s "
        f"(total {time.perf_counter() - started:.1f} s); "
        f"test accuracy {test_accuracy:.4f}; weights saved to {path}"
    )


def _evaluate(args) -> None:
    net, meta = load_weights(args.weights)
    dataset = _dataset(args.dataset or meta.get("dataset", "mnist"))
    _, (x_test, t_test) = datasets.load_dataset(dataset, data_dir=args.data_dir)
    cnn = isinstance(net, SimpleConvNet)
    n_inputs = int(np.prod(meta["input_dim"])) if cnn else net.params["W1"].shape[0]
    if n_inputs != x_test.shape[1]:
        raise ValueError(
            f"{args.weights}: the network takes {n_inputs} inputs, but "
            f"{dataset} images have {x_test.shape[1]} pixels"
        )
    x_test = x_test.astype(net.params["W1"].dtype)
    if cnn:
        x_test = x_test.reshape(-1, *meta["input_dim"])
    accuracy = evaluate(net, x_test, t_test)
    print(f"{dataset} test accuracy: {accuracy:.4f} ({args.weights})")


# --8<-- [start:exercises]
def _exercises(args) -> int:
    """List the exercises, or check a learner's file: 0 if every check passed."""
    from . import exercises

    if args.action is None:
        listed = exercises.exercises()
        width = max(len(name) for name, _, _ in listed)
        for name, chapter, task in listed:
            print(f"chapter {chapter:2d}  {name:{width}s}  {task}")
        return 0
    module = _import_learner(args.file)
    known = [name for name, _, _ in exercises.exercises()]

    def answers(name: str) -> bool:  # a function or a class; a value for a prediction
        if exercises.lookup(name).predict:
            return hasattr(module, name)
        return callable(getattr(module, name, None))

    for name in args.names:
        if name not in known:
            raise ValueError(f"unknown exercise {name!r}; the exercises are: "
                             f"{', '.join(known)}")
        if not answers(name):
            what = "value" if exercises.lookup(name).predict else "function"
            raise ValueError(f"{args.file} defines no {what} named {name!r}")
    names = args.names or [n for n in known if answers(n)]
    if not names:
        raise ValueError(f"{args.file} defines none of the exercises' functions "
                         f"({', '.join(known)})")
    language = exercises.resolve_language(args.language)  # None: DLBOOK_LANG
    results = [exercises.check(name, getattr(module, name), language=language)
               for name in names]
    for result in results:
        print(result)
    passed = sum(map(bool, results))
    english, korean = exercises.MESSAGES["summary"]
    print((korean if language == "ko" else english).format(passed=passed,
                                                           total=len(results)))
    return 0 if passed == len(results) else 1


def _import_learner(path: str):
    """Import the learner's file as a module; one clear ValueError if it cannot be."""
    import importlib.util
    import os
    import traceback

    if not os.path.isfile(path):
        raise ValueError(f"no such file: {path}")
    spec = importlib.util.spec_from_file_location("dlbook_learner", path)
    if spec is None or spec.loader is None:
        raise ValueError(f"{path} is not a Python file (expected a .py file)")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise ValueError(f"{path}, line {exc.lineno}: SyntaxError: {exc.msg}") from None
    except Exception as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if os.path.abspath(f.filename) == os.path.abspath(path)]
        where = f", line {frames[-1].lineno}" if frames else ""
        raise ValueError(f"{path}{where}: importing it raised "
                         f"{type(exc).__name__}: {exc}") from None
    except SystemExit as exc:  # sys.exit() or exit() at the top level of the file
        raise ValueError(
            f"{path} calls sys.exit({exc.code!r}) when it is imported: put the code "
            "that runs it under `if __name__ == \"__main__\":`") from None
    return module
# --8<-- [end:exercises]


# --8<-- [start:main]
def main(argv=None) -> int:
    """Run the command line on ``argv`` (default: ``sys.argv[1:]``).

    Returns the exit status: 0 on success, 1 after a reported error, 130 if interrupted.
    Bad options end in argparse's usage message and exit status 2. An error nobody
    foresaw is reported in one line too, with its type: a bug to report, not a
    traceback for the user to read.
    """
    args = _parser().parse_args(argv)
    command = {"download": _download, "train": _train, "evaluate": _evaluate,
               "exercises": _exercises}[args.command]
    try:
        if command(args):  # only `exercises` returns a status: 1 when a check failed
            return 1
    except (DataError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still one line, but with the error's type
        print(f"error: {type(exc).__name__}: {exc} (unexpected: please report it)",
              file=sys.stderr)
        return 1
    return 0
# --8<-- [end:main]
