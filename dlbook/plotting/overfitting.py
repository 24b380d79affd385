"""Figures of chapter 10, "Overfitting and validation", and the runs they draw.

The runs follow the book's chapter 6 (300 training images, six hidden layers of 100
ReLU units, SGD, batches of 100), scaled to the budget of a page that is executed
every time the book is tested (the chapter says how and why). Each run is a pure
function of hashable arguments, memoised with ``functools.cache``: the page, its Korean
twin and the figures of both editions, in one process, train each network once. What
they return is shared, so read it and do not train it further.

Every figure reads MNIST with ``download=False`` and, on a machine without it, draws
``plot_data_missing()`` instead, so the book still builds there.
"""

from __future__ import annotations

import functools

import numpy as np

from ..datasets import DataError, load_mnist, split_validation
from ..networks import MultiLayerNet, MultiLayerNetExtend
from ..optimizers import SGD
from ..training import Trainer, random_search, train
from ._canvas import new_figure
from .language import say
from .mnist import plot_data_missing

__all__ = [
    "small_mnist",
    "overfitting_run",
    "search_trials",
    "plot_overfitting",
    "plot_weight_decay",
    "plot_dropout",
    "plot_search",
]


# --8<-- [start:small_mnist]
@functools.cache
def small_mnist(n_train=300, n_val=500, seed=0):
    """``(x_train, t_train), (x_val, t_val)``: ``n_train`` and ``n_val`` images, both
    carved with ``split_validation`` out of the first ``n_train + n_val`` images of
    MNIST's training set (float32, labels). The test set is not touched.
    Raises ``DataError`` when MNIST is not on this machine (no download)."""
    (x, t), _ = load_mnist(download=False)
    n = n_train + n_val
    return split_validation(x[:n], t[:n], validation_rate=n_val / n, seed=seed)
# --8<-- [end:small_mnist]


# --8<-- [start:overfitting_run]
@functools.cache
def overfitting_run(weight_decay_lambda=0.0, dropout_ratio=0.0, *, epochs=60,
                    lr=0.1, patience=None, seed=0):
    """Train the book's overfitting network on ``small_mnist()``: ``(net, history)``.

    784 -> six hidden layers of 100 ReLU units -> 10, He's initial weights, float32;
    SGD with learning rate ``lr``, batches of 100, ``epochs`` epochs, validation after
    every epoch (``history.val_acc``, ``val_loss``). ``weight_decay_lambda`` (λ) and
    ``dropout_ratio`` (dropout after every hidden layer when above 0) are the
    remedies; ``patience`` turns on early stopping. ``seed`` fixes the weights, the
    masks and the order of the batches.
    """
    (x, t), validation = small_mnist()
    net = MultiLayerNetExtend(784, [100] * 6, 10,
                              weight_decay_lambda=weight_decay_lambda,
                              use_dropout=dropout_ratio > 0,
                              dropout_ratio=dropout_ratio, seed=seed, dtype=np.float32)
    history = train(net, SGD(lr=lr), x, t, epochs=epochs, batch_size=100,
                    validation=validation, patience=patience, seed=seed,
                    progress=False)
    return net, history
# --8<-- [end:overfitting_run]


# --8<-- [start:search_trials]
@functools.cache
def search_trials(n_trials=12, epochs=8, seed=0):
    """A random search over the learning rate and weight decay: ``(trials, nets)``.

    The book's setup: 500 training images, 20% of them (100) carved off for
    validation, the network of ``overfitting_run`` without dropout, trained by the
    book's ``Trainer`` (SGD, batches of 100) for ``epochs`` epochs per trial. ``lr``
    is drawn from 10^U(-3, 0) and ``weight_decay_lambda`` from 10^U(-6, -1);
    ``trial.score`` is the accuracy on the validation images after the last epoch.
    ``nets[i]`` is the network trained in ``trials[i]``.
    """
    (x, t), (x_val, t_val) = small_mnist(n_train=400, n_val=100, seed=seed)
    nets = []

    def objective(lr, weight_decay_lambda):
        net = MultiLayerNet(784, [100] * 6, 10, weight_decay_lambda=weight_decay_lambda,
                            seed=seed, dtype=np.float32)
        # The book's Trainer measures "test" data after every epoch: give it the
        # validation set, as the book's own search does.
        trainer = Trainer(net, x, t, x_val, t_val, epochs=epochs, mini_batch_size=100,
                          optimizer="SGD", optimizer_param={"lr": lr}, verbose=False,
                          seed=seed)
        trainer.train()
        nets.append(net)
        return trainer.test_acc_list[-1]  # validation accuracy, whatever its name

    space = {"lr": (1e-3, 1.0), "weight_decay_lambda": (1e-6, 1e-1)}
    trials = random_search(objective, space, n_trials, seed=seed)
    return trials, tuple(nets)
# --8<-- [end:search_trials]


# --8<-- [start:plot_accuracy_panels]
def _accuracy_panels(runs, lang):
    """One panel per ``(title, history)``: training and validation accuracy by epoch."""
    fig, axes = new_figure(1, len(runs), height=3.3, lang=lang)
    for ax, (title, history) in zip(axes[0], runs):
        epoch = np.arange(1, len(history.train_acc) + 1)
        ax.plot(epoch, history.train_acc, color="C0",
                label=say(lang, "training (300 images)", "훈련 데이터 (300장)"))
        ax.plot(epoch, history.val_acc, color="C1", linestyle="--",
                label=say(lang, "validation (500 images)", "검증 데이터 (500장)"))
        gap = history.train_acc[-1] - history.val_acc[-1]
        ax.set_title(f"{title}\n" + say(lang, f"last epoch: gap {gap:.2f}",
                                        f"마지막 에폭: 차이 {gap:.2f}"), fontsize=10)
        ax.set_xlabel(say(lang, "epoch", "에폭"))
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel(say(lang, "accuracy", "정확도"))
    axes[0][-1].legend(loc="lower right", fontsize=9)
    return fig
# --8<-- [end:plot_accuracy_panels]


# --8<-- [start:plot_overfitting]
def plot_overfitting(*, lang="en"):
    """The overfitting run (no remedy): accuracies (left) and losses (right) by epoch,
    the epoch of the lowest validation loss marked. Returns the Figure."""
    try:
        _, history = overfitting_run()
    except DataError as error:
        return plot_data_missing("MNIST", error, lang=lang)
    fig, axes = new_figure(1, 2, height=3.4, lang=lang)
    left, right = axes[0]
    epoch = np.arange(1, len(history.loss) + 1)
    left.plot(epoch, history.train_acc, color="C0",
              label=say(lang, "training (300 images)", "훈련 데이터 (300장)"))
    left.plot(epoch, history.val_acc, color="C1", linestyle="--",
              label=say(lang, "validation (500 images)", "검증 데이터 (500장)"))
    left.set_ylim(0, 1.02)
    left.set_ylabel(say(lang, "accuracy", "정확도"))
    left.legend(loc="lower right", fontsize=9)
    right.plot(epoch, history.loss, color="C0",
               label=say(lang, "training loss", "훈련 손실"))
    right.plot(epoch, history.val_loss, color="C1", linestyle="--",
               label=say(lang, "validation loss", "검증 손실"))
    best = history.best_epoch
    right.plot(best, history.val_loss[best - 1], "o", color="C3",
               label=say(lang, f"lowest, epoch {best}", f"최저, 에폭 {best}"))
    right.set_yscale("log")
    right.set_ylabel(say(lang, "mean cross-entropy", "평균 교차 엔트로피"))
    right.legend(loc="lower left", fontsize=8)
    for ax in (left, right):
        ax.set_xlabel(say(lang, "epoch", "에폭"))
        ax.grid(alpha=0.3)
    return fig
# --8<-- [end:plot_overfitting]


# --8<-- [start:plot_weight_decay]
def plot_weight_decay(lam=0.1, *, lang="en"):
    """Training and validation accuracy without and with weight decay λ = ``lam``."""
    try:
        runs = [(say(lang, "no weight decay", "가중치 감소 없음"), overfitting_run()[1]),
                (say(lang, f"weight decay λ = {lam}", f"가중치 감소 λ = {lam}"),
                 overfitting_run(weight_decay_lambda=lam)[1])]
    except DataError as error:
        return plot_data_missing("MNIST", error, lang=lang)
    return _accuracy_panels(runs, lang)
# --8<-- [end:plot_weight_decay]


# --8<-- [start:plot_dropout]
def plot_dropout(ratio=0.2, *, lang="en"):
    """Training and validation accuracy without and with dropout of ``ratio``."""
    try:
        runs = [(say(lang, "no dropout", "드롭아웃 없음"), overfitting_run()[1]),
                (say(lang, f"dropout ratio {ratio}", f"드롭아웃 비율 {ratio}"),
                 overfitting_run(dropout_ratio=ratio)[1])]
    except DataError as error:
        return plot_data_missing("MNIST", error, lang=lang)
    return _accuracy_panels(runs, lang)
# --8<-- [end:plot_dropout]


# --8<-- [start:plot_search]
def plot_search(*, lang="en"):
    """The trials of ``search_trials()``: each a dot at its learning rate and weight
    decay (log scales), coloured by its validation accuracy; the best one starred."""
    try:
        trials, _ = search_trials()
    except DataError as error:
        return plot_data_missing("MNIST", error, lang=lang)
    lr = np.array([trial.params["lr"] for trial in trials])
    lam = np.array([trial.params["weight_decay_lambda"] for trial in trials])
    score = np.array([trial.score for trial in trials])
    best = int(score.argmax())
    fig, axes = new_figure(1, 2, height=3.6, lang=lang)
    left, right = axes[0]
    dots = left.scatter(lr, lam, c=score, cmap="viridis", vmin=0, vmax=1, s=45,
                        edgecolors="0.3", linewidths=0.5)
    left.scatter(lr[best], lam[best], marker="*", s=260, color="C3", zorder=3,
                 label=say(lang, "best on validation", "검증 정확도 최고"))
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xlabel(say(lang, "learning rate (lr)", "학습률 (lr)"))
    left.set_ylabel(say(lang, "weight decay λ", "가중치 감소 λ"))
    left.legend(loc="lower left", fontsize=9)
    fig.colorbar(dots, ax=left, label=say(lang, "validation accuracy", "검증 정확도"))
    right.scatter(lr, score, color="C0", s=30)
    right.scatter(lr[best], score[best], marker="*", s=260, color="C3", zorder=3)
    right.set_xscale("log")
    right.set_ylim(0, 1)
    right.set_xlabel(say(lang, "learning rate (lr)", "학습률 (lr)"))
    right.set_ylabel(say(lang, "validation accuracy", "검증 정확도"))
    for ax in (left, right):
        ax.grid(alpha=0.3)
    fig.suptitle(say(lang, f"random search: {len(trials)} trials on a log scale",
                     f"무작위 탐색: 로그 척도에서 시도 {len(trials)}번"), fontsize=10)
    return fig
# --8<-- [end:plot_search]


FIGURES = {
    "overfitting-curves": plot_overfitting,
    "weight-decay-curves": plot_weight_decay,
    "dropout-curves": plot_dropout,
    "hyperparameter-search": plot_search,
}
