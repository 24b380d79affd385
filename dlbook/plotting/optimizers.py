"""Figures of chapter 8, "Optimizers".

They draw what the chapter's experiments compute, and compute nothing of their own:
``dlbook.optimizers.optimizer_path`` (an optimizer's walk across ``valley``),
``dlbook.training.train_on_spirals`` (loss curves) and
``dlbook.networks.hidden_activations`` (what the initial weights do to each layer).
"""

from __future__ import annotations

import numpy as np

from ..networks import hidden_activations
from ..optimizers import optimizer_path, path_optimizers, spiral_optimizers, valley
from ..training import train_on_spirals
from ._canvas import new_figure

__all__ = ["plot_optimizer_paths", "plot_loss_curves", "plot_activation_histograms"]


# --8<-- [start:plot_optimizer_paths]
def plot_optimizer_paths(steps=30):
    """One panel per optimizer of ``path_optimizers()``: its path over the contours
    of ``valley`` from (-7, 2); a last panel: each one's distance to the minimum.
    Returns the Figure.
    """
    x, y = np.meshgrid(np.linspace(-8, 3, 221), np.linspace(-2.5, 2.5, 101))
    levels = [0.05, 0.2, 0.5, 1, 2, 3.45, 5]
    fig, axes = new_figure(3, 2, height=6.0)
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
    ax.set_title(f"distance to (0, 0) over {steps} steps", fontsize=9)
    ax.set_xlabel("step", labelpad=0)
    ax.legend(fontsize=7, ncols=2, loc="lower left")
    ax.grid(alpha=0.3)
    return fig
# --8<-- [end:plot_optimizer_paths]


# --8<-- [start:plot_loss_curves]
def plot_loss_curves(curves=None):
    """Loss per epoch, one line per optimizer, on a log scale.

    ``curves``: name -> losses (epochs + 1,); by default trains every optimizer of
    ``spiral_optimizers()`` with ``train_on_spirals``. Returns the Figure.
    """
    if curves is None:
        curves = {name: train_on_spirals(optimizer)[1]
                  for name, optimizer in spiral_optimizers().items()}
    fig, ax = new_figure(height=3.6)
    for name, losses in curves.items():
        ax.plot(losses, label=name, linewidth=1.5)
    ax.set_yscale("log")
    ax.set_xlabel("epoch (10 mini-batches of 30)")
    ax.set_ylabel("loss on all 300 points")
    ax.set_title("MultiLayerNet 2-50-50-3 (ReLU, He) on the spirals")
    ax.grid(alpha=0.3, which="both")
    ax.legend()
    return fig
# --8<-- [end:plot_loss_curves]


# --8<-- [start:plot_activation_histograms]
def plot_activation_histograms(activation="sigmoid", schemes=(1.0, 0.01, "xavier")):
    """Histograms of every hidden layer's outputs (columns), one row per initial std.

    Uses ``hidden_activations(activation, scheme)`` for each scheme in ``schemes``.
    Sigmoid outputs are binned on [0, 1]; for ReLU, the positive outputs are binned
    on a log scale (about half are exactly 0) and each panel says how many were 0.
    Bars are the fraction of all outputs in each bin. Returns the Figure.
    """
    fig, axes = new_figure(len(schemes), 5, height=1.5 * len(schemes) + 0.5)
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
            ax.set_title(f"layer {i}", fontsize=8, pad=2)
            ax.tick_params(labelsize=7)
            if i > 1:
                ax.tick_params(labelleft=False)
        for ax in row:  # one height scale per row
            ax.set_ylim(0, 1.1 * tallest)
        name = {"xavier": "Xavier", "he": "He"}.get(scheme, f"std {scheme}")
        row[0].set_ylabel(name, fontsize=9)
    fig.suptitle(f"{activation} outputs of 5 hidden layers of 100 units", fontsize=10)
    return fig
# --8<-- [end:plot_activation_histograms]


FIGURES = {
    "optimizer-paths": plot_optimizer_paths,
    "optimizer-losses": plot_loss_curves,
    "init-sigmoid": plot_activation_histograms,
    "init-relu": lambda: plot_activation_histograms("relu", (0.01, "xavier", "he")),
}
