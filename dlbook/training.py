"""The training loop (chapter 9, "MNIST"): shuffle, mini-batch, update, record.

``train`` does one thing: for each epoch it walks through the training set in a fresh
random order, one mini-batch at a time, asks the network for its gradient, lets the
optimizer update the parameters, and records what happened in a ``History``. Printing
and plotting are the caller's business: pass ``on_epoch`` to see each epoch as it ends.
The same loop serves the MNIST chapter, the command line (``python -m dlbook train``)
and the benchmarks.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field

import numpy as np

__all__ = ["History", "minibatches", "evaluate", "train"]


# --8<-- [start:History]
@dataclass
class History:
    """What a training run recorded, one entry per epoch.

    ``loss``: mean mini-batch loss over the epoch; ``train_acc`` and ``test_acc``:
    accuracy on the training and test sets at the end of the epoch (``test_acc`` stays
    empty without test data); ``seconds``: time spent in training steps, evaluation
    excluded.
    """

    loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)


# --8<-- [end:History]


# --8<-- [start:minibatches]
def minibatches(n: int, batch_size: int, rng: np.random.Generator):
    """Yield index arrays that cover ``range(n)`` once, in a random order.

    Each is at most ``batch_size`` long (the last one may be shorter). Shuffling
    indices, not the data, means no copy of the whole training set is made each epoch.
    """
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        yield order[start : start + batch_size]


# --8<-- [end:minibatches]


# --8<-- [start:evaluate]
def evaluate(net, x, t, batch_size: int = 1000) -> float:
    """Accuracy of ``net`` on inputs ``x`` (N, D), labels ``t`` (N,) or one-hot (N, C).

    Works through ``x`` in slices of ``batch_size`` to keep memory small.
    """
    t = np.asarray(t)
    labels = t.argmax(axis=1) if t.ndim == 2 else t
    correct = 0
    for start in range(0, len(x), batch_size):
        scores = net.predict(x[start : start + batch_size])
        correct += int(
            np.sum(scores.argmax(axis=1) == labels[start : start + batch_size])
        )
    return correct / len(x)


# --8<-- [end:evaluate]


# --8<-- [start:train]
def train(
    net,
    optimizer,
    x,
    t,
    *,
    epochs=10,
    batch_size=100,
    x_test=None,
    t_test=None,
    seed=0,
    on_epoch=None,
    progress=None,
    clock=time.perf_counter,
) -> History:
    """Train ``net`` with ``optimizer`` on ``x`` (N, D) and ``t``; return a History.

    ``net`` needs ``loss_and_gradient(x, t) -> (loss, grads)``, ``predict`` and
    ``params`` (every network of ``dlbook.networks``); ``optimizer`` needs
    ``update(params, grads)``.
    ``seed`` fixes the order of the mini-batches. ``on_epoch(epoch, history)`` is called
    after each epoch. ``progress``: a tqdm bar over epochs (by default only on a
    terminal). ``clock``: what ``History.seconds`` measures, wall time by default; the
    benchmarks pass ``time.process_time``, this process's CPU time, as a busy machine
    makes wall time wander.
    """
    rng = np.random.default_rng(seed)
    history = History()
    for epoch in _epochs(epochs, progress):
        start, losses = clock(), []
        for idx in minibatches(len(x), batch_size, rng):
            loss, grads = net.loss_and_gradient(x[idx], t[idx])
            optimizer.update(net.params, grads)
            losses.append(loss)
        history.seconds.append(clock() - start)
        history.loss.append(float(np.mean(losses)))
        history.train_acc.append(evaluate(net, x, t))
        if x_test is not None:
            history.test_acc.append(evaluate(net, x_test, t_test))
        if on_epoch is not None:
            on_epoch(epoch, history)
    return history


# --8<-- [end:train]


# --8<-- [start:epochs]
def _epochs(epochs: int, progress):
    """``range(1, epochs + 1)``, in a tqdm bar when asked (and tqdm is installed)."""
    if progress is None:
        progress = sys.stderr.isatty()
    if progress:
        try:
            from tqdm.auto import tqdm
        except ImportError:  # progress bars are an optional extra
            progress = False
        else:
            return tqdm(range(1, epochs + 1), desc="epochs", unit="epoch")
    return range(1, epochs + 1)
# --8<-- [end:epochs]
