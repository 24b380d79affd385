"""Figures of chapter 4, "The 3-layer forward pass".

``plot_network`` draws the chapter's 2-3-2-2 network as a diagram: neurons as circles,
weights as lines whose thickness grows with the weight, and the value every neuron
takes for one input. ``plot_output_grid`` shows the same network as what it is, a
function of two inputs, by running a whole grid of inputs through it as one batch.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Circle

from ..forward_pass import forward, forward_trace, init_network
from ._canvas import new_figure
from .language import say

__all__ = ["plot_network", "plot_output_grid"]


# --8<-- [start:plot_network]
def plot_network(network=None, x=(1.0, 0.5), *, lang="en"):
    """Draw a 3-layer network as neurons and weighted connections; return the Figure.

    ``network`` is a dict like ``init_network()`` (the default); ``x`` is one input
    (D,). Line thickness grows with |weight|, each weight is written on its line
    near the neuron it comes from, and under every neuron stands its value for
    ``x``. Grey squares "1" are the bias inputs; their dashed lines carry ``b``.
    ``lang`` is the language of the layers' names, "en" or "ko".
    """
    network = init_network() if network is None else network
    trace = forward_trace(network, x)
    values = [trace["X"], trace["Z1"], trace["Z2"], trace["Y"]]
    names = ["x_{%d}", "z^{(1)}_{%d}", "z^{(2)}_{%d}", "y_{%d}"]
    # matplotlib's math ($...$) has no Hangul: beside Korean words, h and g are plain.
    titles = [say(lang, "layer 0\ninput", "0층\n입력층"),
              say(lang, "layer 1\nhidden, $h$", "1층\n은닉층, h"),
              say(lang, "layer 2\nhidden, $h$", "2층\n은닉층, h"),
              say(lang, "layer 3\noutput, $g$", "3층\n출력층, g")]
    gap, radius = 2.2, 0.3  # horizontal distance between layers; neuron size

    def position(layer, k, size):
        return layer * gap, (size - 1) / 2 - k * 1.1  # centred on y = 0

    fig, ax = new_figure(height=4.0, lang=lang)
    for layer in (1, 2, 3):
        W, b = network[f"W{layer}"], network[f"b{layer}"]
        n_in, n_out = W.shape
        bias_xy = (position(layer - 1, 0, 3)[0], -1.95)
        for j in range(n_out):
            end = position(layer, j, n_out)
            for i in range(n_in):
                start = position(layer - 1, i, n_in)
                ax.plot(*zip(start, end), color="C0", alpha=0.7, zorder=1,
                        linewidth=1 + 8 * abs(W[i, j]))
                label = np.add(start, 0.22 * np.subtract(end, start))
                ax.text(*label, f"{W[i, j]:g}", fontsize=8, ha="center",
                        va="center", zorder=3, bbox={"boxstyle": "round,pad=0.1",
                                                     "fc": "white", "ec": "none"})
            ax.plot(*zip(bias_xy, end), color="0.6", linestyle="--",
                    linewidth=0.8, zorder=1)
        ax.text(*bias_xy, "1", ha="center", va="center", fontsize=10, zorder=3,
                bbox={"boxstyle": "square,pad=0.35", "fc": "0.9", "ec": "0.4"})
        ax.text(bias_xy[0] + 0.3, bias_xy[1], f"$b^{{({layer})}}$: "
                + " ".join(f"{v:g}" for v in b), ha="left", va="center",
                fontsize=8, color="0.35")
    for layer, (value, name) in enumerate(zip(values, names)):
        for k, v in enumerate(value):
            cx, cy = position(layer, k, len(value))
            ax.add_patch(Circle((cx, cy), radius, facecolor="white",
                                edgecolor="0.2", linewidth=1.5, zorder=2))
            ax.text(cx, cy, f"${name % (k + 1)}$", ha="center", va="center",
                    fontsize=12, zorder=3)
            ax.text(cx, cy - radius - 0.08, f"{v:.3f}", ha="center", va="top",
                    fontsize=8, color="C3", zorder=3)
        ax.text(layer * gap, 2.0, titles[layer], ha="center", va="center",
                fontsize=10)
    ax.set_xlim(-0.6, 3 * gap + 0.6)
    ax.set_ylim(-2.3, 2.4)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return fig
# --8<-- [end:plot_network]


# --8<-- [start:plot_output_grid]
def plot_output_grid(network=None, lim=8.0, steps=161, *, lang="en"):
    """Show a network's outputs as functions of its two inputs; return the Figure.

    Left: ``y1`` coloured over a ``steps x steps`` grid of inputs (x1, x2) on
    [-lim, lim]^2, computed by one call of ``forward`` on a batch of shape
    (steps**2, 2). Right: ``y1`` and ``y2`` along the line x2 = 0.5, on the full
    scale 0 to 1. Black dots mark the input x = (1.0, 0.5). ``lang`` is the
    language of the words, "en" or "ko"; in Korean, the symbols are plain (x₁).
    """
    network = init_network() if network is None else network
    grid = np.linspace(-lim, lim, steps)
    x1, x2 = np.meshgrid(grid, grid)  # each (steps, steps)
    X = np.column_stack([x1.ravel(), x2.ravel()])  # one input per row: (steps**2, 2)
    Y = forward(network, X)  # (steps**2, 2)
    ticks = np.linspace(-lim, lim, 5)
    fig, axes = new_figure(1, 2, height=3.3, lang=lang)
    left, right = axes[0]
    filled = left.contourf(x1, x2, Y[:, 0].reshape(x1.shape), levels=12)
    fig.colorbar(filled, ax=left, format="%.2f", label="$y_1$")
    left.plot(1.0, 0.5, "o", color="black")
    left.axhline(0.5, color="white", linestyle=":", linewidth=1)
    left.set(title=say(lang, "$y_1$ over the input plane", "입력 평면 위의 y₁"),
             xlabel=say(lang, "input $x_1$", "입력 x₁"),
             ylabel=say(lang, "input $x_2$", "입력 x₂"),
             aspect="equal", xticks=ticks, yticks=ticks)

    line = np.column_stack([grid, np.full_like(grid, 0.5)])  # (steps, 2)
    y_at = forward(network, [1.0, 0.5])
    for k, y_k in enumerate(forward(network, line).T):
        right.plot(grid, y_k, color=f"C{k}", label=f"$y_{k + 1}$")
        right.plot(1.0, y_at[k], "o", color="black")
    right.set(title=say(lang, "along the line $x_2 = 0.5$", "직선 x₂ = 0.5를 따라"),
              xlabel=say(lang, "input $x_1$", "입력 x₁"),
              ylabel=say(lang, "output", "출력"), ylim=(0, 1), xticks=ticks)
    right.grid(alpha=0.3)
    right.legend(loc="upper left")
    return fig
# --8<-- [end:plot_output_grid]


FIGURES = {
    "network-2-3-2-2": plot_network,
    "network-output-grid": plot_output_grid,
}
