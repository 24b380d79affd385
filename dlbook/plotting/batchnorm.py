"""Figures of chapter 11, "Batch normalization": what it does to the hidden layers'
outputs, and training with and without it over a range of initial weight scales.

``batchnorm_activations`` and ``compare_batchnorm`` compute what the figures show (the
chapter prints the same numbers); ``compare_batchnorm`` trains 12 small networks, so it
is memoised: the English and the Korean figure, drawn in one process, train them once.
Without MNIST on the machine, the training figure says so instead of failing.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from ..datasets import DataError, load_mnist, split_validation
from ..networks import MultiLayerNetExtend
from ..optimizers import SGD
from ..training import train
from ._canvas import new_figure
from .language import say
from .mnist import plot_data_missing

__all__ = [
    "WEIGHT_SCALES",
    "batchnorm_activations",
    "compare_batchnorm",
    "plot_batchnorm_activations",
    "plot_batchnorm_training",
]


# --8<-- [start:batchnorm_activations]
def batchnorm_activations(weight_init, *, use_batchnorm, n_layers=5, n_units=100,
                          n_samples=1000, seed=0):
    """The ReLU outputs of each hidden layer of a fresh ``MultiLayerNetExtend``.

    Like ``dlbook.networks.hidden_activations("relu", weight_init)`` (the same inputs,
    the same initial weights), with a batch normalization layer between each Affine
    layer and its ReLU when ``use_batchnorm``, run in training mode: each layer is
    normalized by the statistics of these ``n_samples`` inputs. Returns a list of
    ``n_layers`` arrays of shape (n_samples, n_units).
    """
    x = np.random.default_rng(seed).standard_normal((n_samples, n_units))
    net = MultiLayerNetExtend(n_units, [n_units] * n_layers, n_units,
                              weight_init_std=weight_init, use_batchnorm=use_batchnorm,
                              seed=seed + 1)
    outputs = []
    for name, layer in net.layers.items():
        if len(outputs) == n_layers:
            break  # the last Affine layer is the output layer
        if getattr(layer, "takes_train_flg", False):
            x = layer.forward(x, train_flg=True)
        else:
            x = layer.forward(x)
        if name.startswith("Activation"):
            outputs.append(x)
    return outputs
# --8<-- [end:batchnorm_activations]


# --8<-- [start:compare_batchnorm]
# Six initial weight scales, half a decade apart (the book draws 16, from 1 to 1e-4).
WEIGHT_SCALES = (0.3, 0.1, 0.03, 0.01, 0.003, 0.001)


@cache
def compare_batchnorm(scales=WEIGHT_SCALES, *, n_train=1000, epochs=5, seed=0):
    """Train the book's network with and without batch normalization at each scale.

    For each initial weight std in ``scales``: two ``MultiLayerNetExtend(784, [100] *
    5, 10)`` in float32, the same initial weights, one with ``use_batchnorm=True``,
    trained by ``SGD(lr=0.01)`` with batches of 100 for ``epochs`` epochs on
    ``n_train`` MNIST training images, validated on ``n_train`` others
    (``split_validation`` of the first ``2 * n_train``). Returns a tuple of
    ``(scale, with_batchnorm, without)``, the two ``History`` objects. Memoised
    (``functools.cache``): the same arguments give the same objects; don't change
    them. Raises ``DataError`` without MNIST.
    """
    (x, t), _ = load_mnist(download=False)
    (x_train, t_train), validation = split_validation(
        x[:2 * n_train], t[:2 * n_train], 0.5, seed=seed)
    runs = []
    for scale in scales:
        histories = []
        for use_batchnorm in (True, False):
            net = MultiLayerNetExtend(784, [100] * 5, 10, weight_init_std=scale,
                                      use_batchnorm=use_batchnorm, seed=seed,
                                      dtype=np.float32)
            histories.append(train(net, SGD(lr=0.01), x_train, t_train, epochs=epochs,
                                   batch_size=100, validation=validation, seed=seed,
                                   progress=False))
        runs.append((scale, *histories))
    return tuple(runs)
# --8<-- [end:compare_batchnorm]


# --8<-- [start:plot_batchnorm_activations]
def plot_batchnorm_activations(rows=((0.01, False), (0.01, True), (1.0, True)), *,
                               lang="en"):
    """Histograms of the ReLU outputs of 5 hidden layers (columns), one row per
    ``(weight std, use_batchnorm)`` in ``rows``, from ``batchnorm_activations``.

    As chapter 8's ``plot_activation_histograms`` draws ReLU: the positive outputs
    binned on a log scale, each panel saying how many were exactly 0, bars the
    fraction of all outputs. ``lang``: "en" or "ko". Returns the Figure.
    """
    bins = np.logspace(-8, 1, 37)
    fig, axes = new_figure(len(rows), 5, height=1.5 * len(rows) + 0.5, lang=lang)
    for row, (scale, use_batchnorm) in zip(axes, rows):
        outputs = batchnorm_activations(scale, use_batchnorm=use_batchnorm)
        for i, (ax, a) in enumerate(zip(row, outputs), start=1):
            ax.hist(a.ravel(), bins=bins, weights=np.full(a.size, 1 / a.size),
                    color="C2" if use_batchnorm else "C0")
            ax.set_xscale("log")
            ax.set_xticks([1e-6, 1e-3, 1], ["1e-6", "1e-3", "1"])
            ax.text(0.04, 0.95, f"{np.mean(a == 0):.0%} = 0", fontsize=7,
                    transform=ax.transAxes, va="top")
            ax.set_xlim(bins[0], bins[-1])
            ax.set_ylim(0, 0.2)
            ax.set_title(say(lang, f"layer {i}", f"{i}층"), fontsize=8, pad=2)
            ax.tick_params(labelsize=7, labelleft=i == 1)
        label = say(lang, f"std {scale}", f"표준편차 {scale}")
        if use_batchnorm:
            label += say(lang, "\n+ batch norm", "\n+ 배치 정규화")
        row[0].set_ylabel(label, fontsize=8)
    fig.suptitle(say(lang, "ReLU outputs of 5 hidden layers of 100 units",
                     "뉴런 100개짜리 은닉층 5개의 ReLU 출력"), fontsize=10)
    return fig
# --8<-- [end:plot_batchnorm_activations]


# --8<-- [start:plot_batchnorm_training]
def plot_batchnorm_training(*, lang="en"):
    """One panel per scale of ``compare_batchnorm()``: training accuracy per epoch
    with batch normalization (solid) and without (dashed), validation accuracy as
    dots. ``lang``: "en" or "ko". Returns the Figure (``plot_data_missing`` without
    MNIST).
    """
    try:
        runs = compare_batchnorm()
    except DataError as error:
        return plot_data_missing("MNIST", error, lang=lang)
    fig, axes = new_figure(2, 3, height=5.0, lang=lang, sharex=True, sharey=True)
    for ax, (scale, with_bn, without) in zip(axes.flat, runs):
        epochs = np.arange(1, len(with_bn.train_acc) + 1)
        ax.plot(epochs, with_bn.train_acc, "-", color="C2",
                label=say(lang, "batch norm: training", "배치 정규화: 훈련 정확도"))
        ax.plot(epochs, with_bn.val_acc, "o", color="C2", markersize=3,
                label=say(lang, "batch norm: validation", "배치 정규화: 검증 정확도"))
        ax.plot(epochs, without.train_acc, "--", color="C0",
                label=say(lang, "without: training", "정규화 없음: 훈련 정확도"))
        ax.plot(epochs, without.val_acc, "o", color="C0", markersize=3,
                fillstyle="none",
                label=say(lang, "without: validation", "정규화 없음: 검증 정확도"))
        ax.set_title(say(lang, f"W std = {scale}", f"W 표준편차 = {scale}"), fontsize=9)
        ax.set_ylim(0, 1)
    for ax in axes[1]:
        ax.set_xlabel(say(lang, "epoch", "에폭"))
    for ax in axes[:, 0]:
        ax.set_ylabel(say(lang, "accuracy", "정확도"))
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="outside lower center",
               ncols=4, fontsize=8)
    return fig
# --8<-- [end:plot_batchnorm_training]


FIGURES = {
    "batchnorm-activations": plot_batchnorm_activations,
    "batchnorm-training": plot_batchnorm_training,
}
