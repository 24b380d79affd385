"""Figures of chapter 2, "Activation functions"."""

from __future__ import annotations

import math

import numpy as np

from .. import activations as act
from ._canvas import new_figure
from .language import say

__all__ = ["plot_activations", "plot_activation_grads", "plot_vanishing_gradient"]


# --8<-- [start:plot_activations]
def plot_activations(names=("step_function", "sigmoid", "tanh", "relu"), x=None):
    """Draw functions of ``dlbook.activations``, one panel each; return the Figure.

    ``names`` are function names in ``dlbook.activations``; ``x`` is the 1-D grid of
    inputs (default: 401 points on [-5, 5]). Panels share both axes, so the ranges of
    the functions can be compared at a glance.
    """
    x = np.linspace(-5, 5, 401) if x is None else np.asarray(x)
    ncols = 2 if len(names) > 1 else 1
    nrows = math.ceil(len(names) / ncols)
    fig, axes = new_figure(nrows, ncols, height=2.4 * nrows + 0.4)
    axes = np.asarray(axes, dtype=object).reshape(nrows, ncols)  # also for one panel
    for ax in axes.flat[len(names):]:
        ax.set_visible(False)
    for ax, name in zip(axes.flat, names):
        ax.axhline(0, color="0.7", linewidth=0.8)
        ax.axvline(0, color="0.7", linewidth=0.8)
        ax.plot(x, getattr(act, name)(x), color="C0", linewidth=2)
        ax.set_title(name)
        ax.set_ylim(-1.3, 2.3)  # the same scale in every panel; ReLU goes on upward
        ax.set_xlabel("x")
        ax.set_ylabel("h(x)")
        ax.grid(alpha=0.3)
    return fig
# --8<-- [end:plot_activations]


# --8<-- [start:plot_activation_grads]
def plot_activation_grads(x=None, *, lang="en"):
    """Draw the derivatives of sigmoid, tanh and ReLU on one axes; return the Figure.

    ``x`` is the 1-D grid of inputs (default: 401 points on [-5, 5]). A dashed line
    marks 1/4, the largest slope the sigmoid ever has. ``lang`` is the language of
    the words, "en" or "ko".
    """
    x = np.linspace(-5, 5, 401) if x is None else np.asarray(x)
    fig, ax = new_figure(lang=lang)
    ax.plot(x, act.sigmoid_grad(x),
            label=say(lang, "sigmoid_grad: at most 1/4", "sigmoid_grad: 최대 1/4"))
    ax.plot(x, act.tanh_grad(x),
            label=say(lang, "tanh_grad: at most 1", "tanh_grad: 최대 1"))
    # Draw ReLU's jump as a step, not as a steep line through x = 0.
    ax.plot(x, act.relu_grad(x), drawstyle="steps-post",
            label=say(lang, "relu_grad: 0 or 1", "relu_grad: 0 또는 1"))
    ax.axhline(0.25, color="0.4", linestyle="--", linewidth=1)
    ax.set_xlabel("x")
    ax.set_ylabel(say(lang, "h'(x), the slope", "h'(x), 기울기"))
    ax.set_ylim(-0.05, 1.15)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left")
    return fig
# --8<-- [end:plot_activation_grads]


# --8<-- [start:plot_vanishing_gradient]
def plot_vanishing_gradient(depth=20, x=0.5, *, lang="en"):
    """Plot the slope of ``h(h(...h(x)...))`` against the depth n; return the Figure.

    One unit per layer, every weight 1, starting at input ``x``. By the chain rule the
    slope of the stack is the product of ``h'`` at each layer's input; the curves show
    that product for sigmoid, tanh and ReLU, with the bound ``0.25**n`` for the sigmoid.
    ``lang`` is the language of the words, "en" or "ko".
    """
    n = np.arange(1, depth + 1)
    fig, ax = new_figure(lang=lang)
    for name in ("sigmoid", "tanh", "relu"):
        h, h_grad = getattr(act, name), getattr(act, name + "_grad")
        z, slope, slopes = float(x), 1.0, []
        for _ in n:
            slope *= float(h_grad(z))  # chain rule: multiply the local slopes
            z = float(h(z))
            slopes.append(slope)
        ax.plot(n, slopes, marker="o", markersize=3, label=name)
    ax.plot(n, 0.25**n, color="0.4", linestyle="--",
            label=say(lang, "0.25**n (sigmoid's bound)", "0.25**n (sigmoid의 한계)"))
    ax.set_yscale("log")
    ax.set_xlabel(say(lang, "n, the number of stacked layers", "n, 쌓은 층의 수"))
    ax.set_ylabel(say(lang, f"slope of the stack at x = {x}",
                      f"x = {x}에서 쌓은 층 전체의 기울기"))
    ax.set_xticks(n[n % 2 == 0])
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left")
    return fig
# --8<-- [end:plot_vanishing_gradient]


FIGURES = {
    "activations": plot_activations,
    "activation-grads": plot_activation_grads,
    "vanishing-gradient": plot_vanishing_gradient,
}
