"""Figures of chapter 8, "Optimizers".

They draw what the chapter's experiments compute, and compute nothing of their own:
``dlbook.optimizers.optimizer_path`` (an optimizer's walk across ``valley``),
``dlbook.training.train_on_spirals`` (loss curves) and
``dlbook.networks.hidden_activations`` (what the initial weights do to each layer).
"""

from __future__ import annotations

from functools import partial

import numpy as np

from ..networks import hidden_activations
from ..optimizers import optimizer_path, path_optimizers, spiral_optimizers, valley
from ..training import train_on_spirals
from ._canvas import new_figure
from .language import say

__all__ = ["plot_optimizer_paths", "plot_loss_curves", "plot_activation_histograms"]


# --8<-- [start:plot_optimizer_paths]
def plot_optimizer_paths(steps=30, *, lang="en"):
    """One panel per optimizer of ``path_optimizers()``: its path over the contours
    of ``valley`` from (-7, 2); a last panel: each one's distance to the minimum.
    ``lang`` is the language of the words, "en" or "ko". Returns the Figure.
    """
    x, y = np.meshgrid(np.linspace(-8, 3, 221), np.linspace(-2.5, 2.5, 101))
    levels = [0.05, 0.2, 0.5, 1, 2, 3.45, 5]
    fig, axes = new_figure(3, 2, height=6.0, lang=lang)
    distances = {}
    for ax, (name, optimizer) in zip(axes.flat, path_optimizers().items()):
        path = optimizer_path(optimizer, steps=steps)
        distances[name] = np.hypot(path[:, 0], path[:, 1])
        ax.contour(x, y, valley(np.stack([x, y])), levels=levels, colors="0.75",
                   linewidths=0.8)
        ax.plot(0, 0, "*", color="C0", markersize=10)
        ax.plot(path[:, 0], path[:, 1], "o-", color="C3", markersize=2.5,
                linewidth=1)
        ax.set_aspect("equal")
        ax.set_title(f"{name}, lr = {optimizer.lr}", fontsize=9)
        ax.set_xlabel("x", labelpad=0)
        ax.set_ylabel("y", labelpad=0)
    ax = axes[2, 1]
    for name, distance in distances.items():
        ax.plot(distance, label=name)
    ax.set_yscale("log")
    ax.set_title(say(lang, f"distance to (0, 0) over {steps} steps",
                     f"{steps}걸음 동안 (0, 0)까지의 거리"), fontsize=9)
    ax.set_xlabel(say(lang, "step", "걸음"), labelpad=0)
    ax.legend(fontsize=7, ncols=2, loc="lower left")
    ax.grid(alpha=0.3)
    return fig
# --8<-- [end:plot_optimizer_paths]


# --8<-- [start:plot_loss_curves]
def plot_loss_curves(curves=None, *, lang="en"):
    """Loss per epoch, one line per optimizer, on a log scale.

    ``curves``: name -> losses (epochs + 1,); by default trains every optimizer of
    ``spiral_optimizers()`` with ``train_on_spirals``. ``lang`` is the language of
    the words, "en" or "ko". Returns the Figure.
    """
    if curves is None:
        curves = {name: train_on_spirals(optimizer)[1]
                  for name, optimizer in spiral_optimizers().items()}
    fig, ax = new_figure(height=3.6, lang=lang)
    for name, losses in curves.items():
        ax.plot(losses, label=name, linewidth=1.5)
    ax.set_yscale("log")
    ax.set_xlabel(say(lang, "epoch (10 mini-batches of 30)",
                      "에폭 (30개짜리 미니배치 10개)"))
    ax.set_ylabel(say(lang, "loss on all 300 points", "점 300개 전체의 손실"))
    ax.set_title(say(lang, "MultiLayerNet 2-50-50-3 (ReLU, He) on the spirals",
                     "나선 데이터에서 학습한 MultiLayerNet 2-50-50-3 (ReLU, He)"))
    ax.grid(alpha=0.3, which="both")
    ax.legend()
    return fig
# --8<-- [end:plot_loss_curves]


# --8<-- [start:plot_activation_histograms]
def plot_activation_histograms(activation="sigmoid", schemes=(1.0, 0.01, "xavier"), *,
                               lang="en"):
    """Histograms of every hidden layer's outputs (columns), one row per initial std.

    Uses ``hidden_activations(activation, scheme)`` for each scheme in ``schemes``.
    Sigmoid outputs are binned on [0, 1]; for ReLU, the positive outputs are binned
    on a log scale (about half are exactly 0) and each panel says how many were 0.
    Bars are the fraction of all outputs in each bin. ``lang`` is the language of the
    words, "en" or "ko". Returns the Figure.
    """
    fig, axes = new_figure(len(schemes), 5, height=1.5 * len(schemes) + 0.5,
                           lang=lang)
    if activation == "relu":
        bins = np.logspace(-8, 1, 37)
    else:
        bins = np.linspace(0, 1, 31)
    for row, scheme in zip(axes, schemes):
        outputs = hidden_activations(activation, scheme)
        tallest = 0.0
        for i, (ax, a) in enumerate(zip(row, outputs), start=1):
            weights = np.full(a.size, 1 / a.size)
            heights, _, _ = ax.hist(a.ravel(), bins=bins, weights=weights, color="C0")
            tallest = max(tallest, heights.max())
            if activation == "relu":
                ax.set_xscale("log")
                ax.set_xticks([1e-6, 1e-3, 1], ["1e-6", "1e-3", "1"])
                ax.text(0.04, 0.95, f"{np.mean(a == 0):.0%} = 0", fontsize=7,
                        transform=ax.transAxes, va="top")
            ax.set_xlim(bins[0], bins[-1])
            ax.set_title(say(lang, f"layer {i}", f"{i}층"), fontsize=8, pad=2)
            ax.tick_params(labelsize=7)
            if i > 1:
                ax.tick_params(labelleft=False)
        for ax in row:  # one height scale per row
            ax.set_ylim(0, 1.1 * tallest)
        std = say(lang, f"std {scheme}", f"표준편차 {scheme}")
        name = {"xavier": "Xavier", "he": "He"}.get(scheme, std)
        row[0].set_ylabel(name, fontsize=9)
    fig.suptitle(say(lang, f"{activation} outputs of 5 hidden layers of 100 units",
                     f"뉴런 100개짜리 은닉층 5개의 {activation} 출력"), fontsize=10)
    return fig
# --8<-- [end:plot_activation_histograms]


FIGURES = {
    "optimizer-paths": plot_optimizer_paths,
    "optimizer-losses": plot_loss_curves,
    "init-sigmoid": plot_activation_histograms,
    "init-relu": partial(plot_activation_histograms, "relu", (0.01, "xavier", "he")),
}
