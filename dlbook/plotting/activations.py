"""Figures of chapter 2, "Activation functions"."""

from __future__ import annotations

import numpy as np

from .. import activations as act
from ._canvas import new_figure

__all__ = ["plot_activations"]


# --8<-- [start:plot_activations]
def plot_activations(names=("step_function", "sigmoid", "relu"), x=None):
    """Draw activation functions of ``dlbook.activations`` on one axes; return the Figure.

    ``names`` are function names in ``dlbook.activations``; ``x`` is the 1-D grid of inputs
    (default: 401 points on [-5, 5]).
    """
    x = np.linspace(-5, 5, 401) if x is None else np.asarray(x)
    fig, ax = new_figure()
    for name in names:
        ax.plot(x, getattr(act, name)(x), label=name)
    ax.axhline(0, color="0.6", linewidth=0.8)
    ax.axvline(0, color="0.6", linewidth=0.8)
    ax.set_xlabel("x")
    ax.set_ylabel("h(x)")
    ax.legend()
    return fig
# --8<-- [end:plot_activations]


FIGURES = {
    "activations": plot_activations,
}
