"""Training loops and their measurements (chapters 7, "Backpropagation",
8, "Optimizers", and 9, "MNIST"): shuffle, mini-batch, update, record.

``train`` does one thing: for each epoch it walks through the training set in a fresh
random order, one mini-batch at a time, asks the network for its gradient, lets the
optimizer update the parameters, and records what happened in a ``History``. Printing
and plotting are the caller's business: pass ``on_epoch`` to see each epoch as it ends.
The same loop serves the MNIST chapter, the command line (``python -m dlbook train``)
and the benchmarks; ``evaluate`` and ``confusion_matrix`` measure a trained network.

The smaller chapters' experiments live here too: ``train_by_backprop`` (chapter 7,
full-batch gradient descent) and ``train_on_spirals`` (chapter 8, one optimizer on the
spirals, the loss on all points after every epoch).

``train`` and ``evaluate`` check what they are given before any work: sizes that are
whole numbers of at least 1, as many targets as samples, targets that
``dlbook.losses.target_labels`` accepts, and (``train``) data in the dtype of the
network's parameters. Each mistake is a ValueError that says what was expected.

Three kinds of data (chapter 10, "Overfitting and validation"): ``train`` learns
from the training data, measures ``validation=(x_val, t_val)`` after every epoch
(``History.val_loss`` and ``val_acc``; early stopping with ``patience`` watches
``val_loss``), and measures ``x_test``, ``t_test`` into ``test_acc`` only if asked.
Every choice (epochs, learning rate, weight decay, when to stop) is made on validation
data; the test set is for reporting, once, at the end (``evaluate``), or it stops
being a test. ``Trainer`` (the book's ``common/trainer.py``) runs ``train`` under the
book's names; ``smooth_curve`` (``common/util.py``) smooths a noisy loss curve.

The network's side: training and inference modes
--------------------------------------------------
``train`` and ``evaluate`` call a network through four names, and the mode is part of
each name's contract (dropout drops units and batch normalization uses the batch's
statistics only in training mode):

- ``net.loss_and_gradient(x, t) -> (loss, grads)``: one training step's forward and
  backward pass, in **training mode** by definition. It is the only call ``train``
  makes during a step; ``grads`` is a dict keyed like ``params``.
- ``net.predict(x) -> scores (N, C)``: **inference mode** when called with ``x`` alone
  (the book's ``predict(x, train_flg=False)``). ``evaluate`` uses it.
- ``net.loss(x, t) -> float``: **inference mode** when called with ``x, t`` alone (the
  book's ``loss(x, t, train_flg=False)``); the validation loss. It is the same loss as
  training's (with weight decay, the penalty included), so ``History.loss`` and
  ``History.val_loss`` compare like with like.
- ``net.params``: name -> array, updated in place by the optimizer. Early stopping
  copies these arrays at the best epoch and writes them back in place at the end,
  together with ``net.buffers`` when a network has it: a dict name -> array of what is
  not a parameter but shapes predictions all the same (batch normalization's running
  mean and variance). Arrays read from ``buffers`` are written in place, so it must
  return the arrays the layers use at that moment.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from . import optimizers
from ._progress import progress_bar
from .datasets import make_spirals
from .layers import _is_number
from .losses import target_labels
from .networks import MultiLayerNet

__all__ = [
    "History",
    "minibatches",
    "evaluate",
    "train",
    "train_by_backprop",
    "train_on_spirals",
    "confusion_matrix",
    # chapter 10, "Overfitting and validation"
    "smooth_curve",
    "Trainer",
    "log_uniform",
    "SearchTrial",
    "random_search",
]


# --8<-- [start:History]
@dataclass
class History:
    """What a training run recorded, one entry per epoch unless said otherwise.

    Training data: ``loss``, the mean mini-batch loss over the epoch; ``train_acc``,
    the accuracy on the training set at the end of the epoch; ``batch_loss``, the loss
    of every mini-batch, one entry per step. ``seconds``: time spent in training
    steps, evaluation excluded.

    Validation data (``validation=``), where choices are made: ``val_loss`` and
    ``val_acc`` at the end of each epoch; ``best_epoch``, the epoch (counted from 1)
    of the lowest ``val_loss``; ``stopped_early``, whether ``patience`` ended the run
    before its last epoch.

    Test data (``x_test=``), for reporting, not for choosing: ``test_acc`` at the end
    of each epoch. Lists stay empty for data not given.
    """

    loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_acc: list[float] = field(default_factory=list)
    batch_loss: list[float] = field(default_factory=list)
    best_epoch: int | None = None
    stopped_early: bool = False


# --8<-- [end:History]


# --8<-- [start:check_count]
def _check_count(caller: str, name: str, value) -> None:
    """A ValueError unless ``value`` is a whole number of at least 1 (True is not)."""
    whole = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if not whole or value < 1:
        raise ValueError(
            f"{caller}: {name} must be a whole number of at least 1, got {value!r}"
        )
# --8<-- [end:check_count]


# --8<-- [start:check_dtype]
def _check_dtype(net, x, name: str) -> None:
    """A ValueError unless the data ``x`` has the dtype of ``net``'s parameters.

    NumPy computes ``x @ W`` in the wider of the two dtypes without a word: a float64
    network fed float32 images (``load_mnist``'s) computes in float64 and trains about
    twice as slowly as in float32; a float32 network fed float64 data gets float64
    gradients. Either way the network's dtype no longer decides, so ``train`` asks
    for one dtype.
    """
    dtype = np.result_type(*net.params.values())
    if x.dtype == dtype:
        return
    fix = f"convert the data, {name}.astype(np.{dtype})"
    if x.dtype.kind == "f":  # a network of the data's dtype is the other way out
        fix = f"build the network with dtype=np.{x.dtype}, or {fix}"
    raise ValueError(
        f"train: {name} is {x.dtype} but the network's parameters are {dtype}, so "
        f"NumPy would compute in {np.result_type(x, dtype)} without a word (float64 "
        f"takes about twice as long as float32). Use one dtype: {fix}."
    )
# --8<-- [end:check_dtype]


# --8<-- [start:minibatches]
def minibatches(n: int, batch_size: int, rng: np.random.Generator):
    """Yield index arrays that cover ``range(n)`` once, in a random order.

    Each is at most ``batch_size`` long (the last one may be shorter). Shuffling
    indices, not the data, means no copy of the whole training set is made each epoch.
    Refuses (ValueError) a ``batch_size`` that is not a whole number of at least 1.
    """
    _check_count("minibatches", "batch_size", batch_size)
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        yield order[start : start + batch_size]


# --8<-- [end:minibatches]


# --8<-- [start:evaluate]
def evaluate(net, x, t, batch_size: int = 1000) -> float:
    """Accuracy of ``net`` on inputs ``x`` (N, D), labels ``t`` (N,) or one-hot (N, C).

    Works through ``x`` in slices of ``batch_size`` to keep memory small. Refuses
    (ValueError) an empty ``x``, a ``batch_size`` that is not a whole number of at
    least 1, and the targets ``target_labels`` refuses, such as a single label (1,)
    for many samples, which would broadcast against every slice; ``t`` is checked
    against the first slice's scores, before any accuracy is counted.
    """
    _check_count("evaluate", "batch_size", batch_size)
    x = np.asarray(x)
    if x.ndim == 0 or len(x) == 0:
        raise ValueError(f"evaluate: x is empty (shape {x.shape}): no sample to score")
    correct, labels = 0, None
    for start in range(0, len(x), batch_size):
        scores = net.predict(x[start : start + batch_size])
        if labels is None:  # the number of classes is known from the first scores
            labels = target_labels(t, (len(x), scores.shape[1]), "evaluate")
        correct += int(
            np.sum(scores.argmax(axis=1) == labels[start : start + batch_size])
        )
    return correct / len(x)


# --8<-- [end:evaluate]


# --8<-- [start:train]
def _check_pair(name: str, pair):
    """``pair`` as two arrays ``(x, t)`` with as many samples each, at least one."""
    if not isinstance(pair, (tuple, list)) or len(pair) != 2:  # an array is refused
        got = type(pair).__name__
        if isinstance(pair, np.ndarray):  # x_val alone, say
            got += f" of shape {pair.shape}"
        elif isinstance(pair, (tuple, list)):
            got += f" of {len(pair)} items"
        raise ValueError(
            f"train: {name} must be a pair (x, t) of samples and targets, got {got}"
        )
    x, t = np.asarray(pair[0]), np.asarray(pair[1])
    if x.ndim == 0 or len(x) == 0:
        raise ValueError(f"train: {name} x is empty (shape {x.shape})")
    if t.ndim == 0 or len(t) != len(x):
        raise ValueError(
            f"train: {name} x holds {len(x)} samples but its t has shape {t.shape}"
        )
    return x, t


def _state_arrays(net) -> list:
    """The arrays that make ``net`` predict what it predicts: its parameters, then
    (if it has them) ``net.buffers``, such as batch normalization's running averages.
    Early stopping copies them at the best epoch and writes them back in place."""
    return [*net.params.values(), *getattr(net, "buffers", {}).values()]


def train(
    net,
    optimizer,
    x,
    t,
    *,
    epochs=10,
    batch_size=100,
    validation=None,
    patience=None,
    x_test=None,
    t_test=None,
    seed=0,
    on_epoch=None,
    progress=None,
    clock=time.perf_counter,
) -> History:
    """Train ``net`` with ``optimizer`` on ``x`` (N, D) and ``t``; return a History.

    ``net`` needs ``loss_and_gradient(x, t) -> (loss, grads)`` (training mode),
    ``predict(x)`` and ``loss(x, t)`` (inference mode) and ``params`` (every network
    of ``dlbook.networks``; the module docstring states the contract); ``optimizer``
    needs ``update(params, grads)``. ``seed`` fixes the order of the mini-batches (a
    ``np.random.Generator`` may stand in for it, to go on drawing from it).

    ``validation=(x_val, t_val)``: measured after every epoch into ``val_loss`` and
    ``val_acc``; this is the data to choose on. With ``patience=k`` too, training
    stops early once ``val_loss`` has not improved (gone below its lowest so far) for
    k epochs, and ``net`` is left with the parameters of its best epoch,
    ``history.best_epoch``, restored in place, whether it stopped early or not: its
    numbers are then ``history.val_acc[history.best_epoch - 1]``, while the lists go
    on to the last epoch run. ``x_test, t_test``: measured after every epoch into
    ``test_acc``, for figures and reports, never for choices (measure the test set
    once, at the end, with ``evaluate``).

    ``on_epoch(epoch, history)`` is called after each epoch. ``progress``: a tqdm bar
    over epochs (by default only on a terminal). ``clock``: what ``History.seconds``
    measures, wall time by default; the benchmarks pass ``time.process_time``, this
    process's CPU time, as a busy machine makes wall time wander.

    Refuses (ValueError), before any step: ``epochs``, ``batch_size`` or ``patience``
    that are not whole numbers of at least 1, ``patience`` without ``validation``, an
    empty ``x``, a ``t`` of another length (likewise in ``validation``, which must be
    a pair), ``x_test`` without ``t_test`` (or the reverse), and data (``x``,
    validation, ``x_test``) whose dtype is not that of the network's parameters:
    build the network with ``dtype=np.float32`` for ``load_mnist``'s float32 images
    (float64 would train about twice as slowly).
    """
    _check_count("train", "epochs", epochs)
    _check_count("train", "batch_size", batch_size)
    x, t = np.asarray(x), np.asarray(t)
    if x.ndim == 0 or len(x) == 0:
        raise ValueError(f"train: x is empty (shape {x.shape}): nothing to learn from")
    if t.ndim == 0 or len(t) != len(x):
        raise ValueError(f"train: x holds {len(x)} samples but t has shape {t.shape}")
    if (x_test is None) != (t_test is None):
        raise ValueError("train: pass both x_test and t_test, or neither")
    if patience is not None:
        _check_count("train", "patience", patience)
        if validation is None:
            raise ValueError(
                "train: patience needs validation=(x_val, t_val): early stopping "
                "watches the validation loss"
            )
    _check_dtype(net, x, "x")
    if validation is not None:
        x_val, t_val = _check_pair("validation", validation)
        _check_dtype(net, x_val, "x_val")
    if x_test is not None:
        _check_dtype(net, np.asarray(x_test), "x_test")
    rng = np.random.default_rng(seed)
    history = History()
    lowest, best = np.inf, None  # the lowest val_loss; with patience, its state
    numbers = range(1, epochs + 1)
    bar = progress_bar(progress, iterable=numbers, desc="epochs", unit="epoch")
    for epoch in numbers if bar is None else bar:
        start, losses = clock(), []
        for idx in minibatches(len(x), batch_size, rng):
            loss, grads = net.loss_and_gradient(x[idx], t[idx])
            optimizer.update(net.params, grads)
            losses.append(loss)
        history.seconds.append(clock() - start)
        history.loss.append(float(np.mean(losses)))
        history.batch_loss.extend(float(loss) for loss in losses)
        history.train_acc.append(evaluate(net, x, t))
        if validation is not None:
            history.val_loss.append(float(net.loss(x_val, t_val)))
            history.val_acc.append(evaluate(net, x_val, t_val))
            if history.val_loss[-1] < lowest:  # a nan is never lower
                lowest, history.best_epoch = history.val_loss[-1], epoch
                if patience is not None:
                    best = [a.copy() for a in _state_arrays(net)]
        if x_test is not None:
            history.test_acc.append(evaluate(net, x_test, t_test))
        if on_epoch is not None:
            on_epoch(epoch, history)
        if patience is not None and epoch - (history.best_epoch or 0) >= patience:
            break
    if bar is not None:
        bar.close()
    history.stopped_early = len(history.loss) < epochs
    if best is not None:  # leave the network as it was at its best epoch
        for array, saved in zip(_state_arrays(net), best):
            array[...] = saved
    return history


# --8<-- [end:train]


# --8<-- [start:train_by_backprop]
def train_by_backprop(net, x, t, lr=1.0, iters=500):
    """Full-batch gradient descent on ``net`` with gradients from backpropagation.

    ``x`` (N, D), ``t`` (N,): the whole training set is the batch of every step.
    Updates ``net.params`` in place; returns the losses, one per step, each at the
    weights before that step (the forward pass that the gradient needs anyway).
    """
    losses = []
    for _ in range(iters):
        loss, grads = net.loss_and_gradient(x, t)
        losses.append(loss)
        for key, param in net.params.items():
            param -= lr * grads[key]  # in place: the layers hold these arrays
    return losses
# --8<-- [end:train_by_backprop]


# --8<-- [start:train_on_spirals]
def train_on_spirals(optimizer, *, hidden_sizes=(50, 50), activation="relu",
                     weight_init="he", epochs=50, batch_size=30, seed=1):
    """Train a seeded ``MultiLayerNet`` on ``make_spirals()`` with ``optimizer``.

    The data: 300 points (N, 2), 3 classes. Each epoch takes the points in a new random
    order, ``batch_size`` at a time, one update per mini-batch. ``seed`` fixes the
    initial weights and the order. Returns ``(net, losses)``: ``losses`` (epochs + 1,)
    is the mean cross-entropy on all 300 points, before training and after each epoch.
    """
    x, t = make_spirals()
    net = MultiLayerNet(2, hidden_sizes, 3, activation=activation,
                        weight_init=weight_init, seed=seed)
    rng = np.random.default_rng(seed)
    losses = [net.loss(x, t)]
    for _ in range(epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            batch = order[start : start + batch_size]
            grads = net.gradient(x[batch], t[batch])
            optimizer.update(net.params, grads)
        losses.append(net.loss(x, t))
    return net, np.array(losses)
# --8<-- [end:train_on_spirals]


# --8<-- [start:confusion_matrix]
def confusion_matrix(y, t, n_classes=10):
    """Count predictions per (true class, predicted class) pair.

    ``y``: predicted labels (N,); ``t``: true labels (N,). Returns an int array of
    shape ``(n_classes, n_classes)`` whose entry ``[i, j]`` is how many samples of
    class ``i`` were predicted as ``j``: the diagonal holds the right answers.
    """
    y, t = np.asarray(y), np.asarray(t)
    if y.shape != t.shape or y.ndim != 1:
        raise ValueError(f"expected y and t of the same shape (N,), got {y.shape} "
                         f"and {t.shape}")
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (t, y), 1)  # add.at counts repeated (t, y) pairs, += would not
    return counts
# --8<-- [end:confusion_matrix]


# --8<-- [start:smooth_curve]
def smooth_curve(x, window=11, beta=2.0):
    """A noisy curve ``x`` (N,), such as per-step losses, smoothed; returns (N,).

    Each point becomes the weighted mean of the ``window`` points centred on it, the
    weights a Kaiser window (``np.kaiser(window, beta)``, a bell that counts the centre
    most), as the book's ``common/util.py`` smooths its loss curves. At both ends the
    curve is mirrored (``np.pad(mode="reflect")``), so every mean has neighbours on
    both sides and the ends are not pulled towards zero. A curve shorter than the
    window gets the widest window that fits. Refuses (ValueError) an ``x`` that is
    empty or not one-dimensional, and a ``window`` that is not an odd whole number.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1 or len(x) == 0:
        raise ValueError(f"smooth_curve: expected a curve of shape (N,), N >= 1, "
                         f"got shape {x.shape}")
    _check_count("smooth_curve", "window", window)
    if window % 2 == 0:
        raise ValueError(f"smooth_curve: window must be odd (a centre and as many "
                         f"points on each side), got {window}")
    half = min(window // 2, len(x) - 1)  # reflecting needs that many points
    weights = np.kaiser(2 * half + 1, beta)
    padded = np.pad(x, half, mode="reflect")  # x[half], ..., x[1], x, x[-2], ...
    return np.convolve(padded, weights / weights.sum(), mode="valid")
# --8<-- [end:smooth_curve]


# --8<-- [start:Trainer]
# The book's optimizer names (common/trainer.py) and their classes in dlbook.optimizers,
# looked up by name when a Trainer is made: Nesterov comes with chapter 10. Some
# printings of the book's code spell "rmsprop" as "rmsprpo"; both are accepted.
TRAINER_OPTIMIZERS = {
    "sgd": "SGD",
    "momentum": "Momentum",
    "nesterov": "Nesterov",
    "adagrad": "AdaGrad",
    "rmsprop": "RMSProp",
    "rmsprpo": "RMSProp",
    "adam": "Adam",
}


def _trainer_optimizer(name, optimizer_param):
    """The optimizer the book's ``Trainer`` makes from a name and its keywords."""
    key = name.lower() if isinstance(name, str) else name
    if key not in TRAINER_OPTIMIZERS:
        raise ValueError(
            f"Trainer: optimizer must be one of {', '.join(TRAINER_OPTIMIZERS)} "
            f"(in any case), got {name!r}"
        )
    cls = getattr(optimizers, TRAINER_OPTIMIZERS[key], None)
    if cls is None:
        raise ValueError(
            f"Trainer: optimizer {name!r} needs dlbook.optimizers."
            f"{TRAINER_OPTIMIZERS[key]}, which this version of dlbook does not have"
        )
    try:
        return cls(**optimizer_param)
    except TypeError as exc:  # a keyword the class does not take
        raise ValueError(
            f"Trainer: optimizer_param {optimizer_param!r} does not fit "
            f"{cls.__name__}: {exc}"
        ) from None


class _BookNetwork:
    """A network of the book's own code (its ch07 ``SimpleConvNet``), which has
    ``gradient(x, t)``, ``loss(x, t)``, ``predict(x)`` and ``params`` but not
    ``loss_and_gradient``, seen through ``train``'s contract: a step calls ``loss``,
    then ``gradient`` (two forward passes, as the book's ``Trainer`` makes)."""

    def __init__(self, net):
        self.net = net
        self.params = net.params  # the very dict the optimizer updates

    def loss_and_gradient(self, x, t):
        loss = self.net.loss(x, t)
        return loss, self.net.gradient(x, t)

    def predict(self, x):
        return self.net.predict(x)

    def loss(self, x, t):
        return self.net.loss(x, t)


class Trainer:
    """The book's training driver (``common/trainer.py``), running ``train``.

    ``Trainer(network, x_train, t_train, x_test, t_test, epochs=20,
    mini_batch_size=100, optimizer="SGD", optimizer_param={"lr": 0.01},
    evaluate_sample_num_per_epoch=None, verbose=True)``, then ``.train()``: the book's
    call. After it, ``train_acc_list`` and ``test_acc_list`` hold one accuracy per
    epoch (on the first ``evaluate_sample_num_per_epoch`` samples, or all of them)
    and ``train_loss_list`` one loss per mini-batch step; ``history`` is the
    ``History`` of the last run. ``optimizer``: a name of ``TRAINER_OPTIMIZERS`` in
    any case, made with the keywords ``optimizer_param`` (``None``: ``{"lr": 0.01}``).
    ``seed`` (not in the book) fixes the mini-batches; a second ``.train()`` goes on
    with the same generator, so it continues rather than repeats.

    ``network``: any network ``train`` takes, or one of the book's own code, with
    ``gradient(x, t)`` and ``loss(x, t)`` but no ``loss_and_gradient`` (its ch07
    ``SimpleConvNet``): each step then calls ``loss`` and ``gradient``.

    ``x_test, t_test`` are whatever is measured after each epoch: the book's
    hyperparameter search passes its validation set there, and so should anyone who
    chooses by these numbers (chapter 10).

    Where it departs from the book: each epoch takes every training sample once, in
    a shuffled order (the book draws each mini-batch at random, with repeats); the
    accuracies are measured at the end of each epoch (the book's, after the first step
    of each); each step's loss is the one computed before its update (the book
    computes it again after); ``verbose`` prints one line per epoch, not per step; and
    the data is converted to the dtype of the network's parameters, as NumPy would
    silently do in the book's code, since ``train`` refuses a mix.
    Refuses (ValueError): an unknown optimizer name, ``optimizer_param`` that the
    optimizer does not take, an ``evaluate_sample_num_per_epoch`` that is not a whole
    number of at least 1 (or None); ``.train()`` refuses what ``train`` refuses.
    """

    def __init__(self, network, x_train, t_train, x_test, t_test, epochs=20,
                 mini_batch_size=100, optimizer="SGD", optimizer_param=None,
                 evaluate_sample_num_per_epoch=None, verbose=True, *, seed=0):
        if optimizer_param is None:
            optimizer_param = {"lr": 0.01}  # the book's default, without a shared dict
        n = evaluate_sample_num_per_epoch
        if n is not None:
            _check_count("Trainer", "evaluate_sample_num_per_epoch", n)
        dtype = np.result_type(*network.params.values())
        self.network = network
        self.optimizer = _trainer_optimizer(optimizer, optimizer_param)
        self.x_train = np.asarray(x_train).astype(dtype, copy=False)
        self.t_train = np.asarray(t_train)
        self.x_test = np.asarray(x_test).astype(dtype, copy=False)
        self.t_test = np.asarray(t_test)
        self.epochs = epochs
        self.batch_size = mini_batch_size
        self.evaluate_sample_num_per_epoch = n
        self.verbose = verbose
        self.rng = np.random.default_rng(seed)
        self.train_loss_list: list[float] = []
        self.train_acc_list: list[float] = []
        self.test_acc_list: list[float] = []
        self.history = None

    def train(self) -> History:
        """Train for ``epochs`` epochs, then measure the whole of ``x_test`` once.

        Returns the run's ``History`` (the book's returns nothing); with ``verbose``,
        prints each epoch's accuracies and the final one.
        """
        n = self.evaluate_sample_num_per_epoch  # x[:None] is all of x
        net = self.network
        if not hasattr(net, "loss_and_gradient"):  # a network of the book's code
            net = _BookNetwork(net)
        self.history = train(
            net, self.optimizer, self.x_train, self.t_train,
            epochs=self.epochs, batch_size=self.batch_size,
            x_test=self.x_test[:n], t_test=self.t_test[:n],
            seed=self.rng, on_epoch=self._after_epoch, progress=False,
        )
        self.train_loss_list.extend(self.history.batch_loss)
        final = evaluate(self.network, self.x_test, self.t_test)
        if self.verbose:
            print(f"final test acc {final:.4f}")
        return self.history

    def _after_epoch(self, epoch, history):
        n = self.evaluate_sample_num_per_epoch
        train_acc = history.train_acc[-1]
        if n is not None:  # the book's: the first n samples only
            train_acc = evaluate(self.network, self.x_train[:n], self.t_train[:n])
        self.train_acc_list.append(train_acc)
        self.test_acc_list.append(history.test_acc[-1])
        if self.verbose:
            print(f"epoch {epoch}: train acc {train_acc:.4f}, "
                  f"test acc {history.test_acc[-1]:.4f}", flush=True)

    def __repr__(self):
        return (f"Trainer({self.network!r}, {self.optimizer!r}, epochs={self.epochs}, "
                f"mini_batch_size={self.batch_size})")
# --8<-- [end:Trainer]


# --8<-- [start:log_uniform]
def log_uniform(low, high, *, rng, size=None):
    """Numbers drawn evenly on a log scale between ``low`` and ``high`` (chapter 10).

    ``10 ** u`` with ``u`` uniform in ``[log10(low), log10(high))``: every decade (from
    0.001 to 0.01, from 0.01 to 0.1, ...) is as likely as any other, which is how a
    learning rate or a weight decay should be searched, since what matters is its size,
    not its last digits. ``rng``: a ``np.random.Generator``; ``size``: None for one
    float, or a shape for an array of that shape. Refuses (ValueError) bounds that are
    not numbers with ``0 < low < high``.
    """
    numbers = _is_number(low) and _is_number(high)
    if not (numbers and 0 < low < high < np.inf):  # also refuses nan
        raise ValueError(f"log_uniform: expected bounds 0 < low < high, got low={low!r}"
                         f" and high={high!r}")
    u = rng.uniform(np.log10(low), np.log10(high), size)
    return float(10**u) if size is None else 10**u
# --8<-- [end:log_uniform]


# --8<-- [start:random_search]
@dataclass
class SearchTrial:
    """One trial of ``random_search``: the ``params`` tried (name -> value) and the
    ``score`` the objective gave them (higher is better: a validation accuracy)."""

    params: dict
    score: float


def random_search(objective, space, n_trials, *, seed=0) -> list[SearchTrial]:
    """Random search on a log scale (chapter 10): try ``n_trials`` random settings.

    ``space``: name -> ``(low, high)``, e.g. ``{"lr": (1e-3, 1.0)}``; each trial draws
    every value with ``log_uniform`` from ``np.random.default_rng(seed)``, so a seed
    fixes the settings. ``objective(**params)`` trains with them and returns a number,
    the score to judge them by: measure it on validation data, never on the test set,
    which would then no longer be a test. Returns the trials in the order they ran;
    the best is ``max(trials, key=lambda trial: trial.score)``.

    Refuses (ValueError): an empty ``space``, a range ``log_uniform`` refuses (checked
    before any trial), ``n_trials`` that is not a whole number of at least 1, and an
    objective that returns something other than a number.
    """
    _check_count("random_search", "n_trials", n_trials)
    if not space:
        raise ValueError("random_search: space is empty, there is nothing to search")
    probe = np.random.default_rng(0)
    for low, high in space.values():  # every range, before the first (long) trial
        log_uniform(low, high, rng=probe)
    rng = np.random.default_rng(seed)
    trials = []
    for _ in range(n_trials):
        params = {name: log_uniform(low, high, rng=rng)
                  for name, (low, high) in space.items()}
        score = objective(**params)
        if not _is_number(score):
            raise ValueError(f"random_search: the objective must return a number (the "
                             f"score), got {type(score).__name__} for {params}")
        trials.append(SearchTrial(params, float(score)))
    return trials
# --8<-- [end:random_search]
