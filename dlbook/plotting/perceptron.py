"""Figures of chapter 1, "Perceptron and logic gates".

Every panel shows the input plane of a two-input gate: the region where the gate
outputs 1 is shaded, the four inputs of ``GATE_INPUTS`` are dots (filled for output 1,
hollow for 0), and a perceptron's decision boundary ``w1 x1 + w2 x2 + b = 0`` is a line.
"""

from __future__ import annotations

import numpy as np

from ..perceptron import AND, GATE_INPUTS, NAND, NOR, OR, XOR
from ._canvas import new_figure
from .language import say

__all__ = ["plot_gate_boundaries", "plot_xor_regions", "plot_hidden_space"]


# --8<-- [start:boundary_label]
def _boundary_label(p, names=("x1", "x2")) -> str:
    """The boundary of perceptron ``p`` as text, e.g. ``x1 + x2 - 1.5 = 0``."""
    text = ""
    for coef, var in ((p.w[0], names[0]), (p.w[1], names[1]), (p.b, "")):
        if coef == 0:
            continue
        size = "" if var and abs(coef) == 1 else f"{abs(coef):g}"  # x1, not 1x1
        text += f" {'-' if coef < 0 else '+'} {size}{var}"
    if not text:
        return "0 = 0"
    # " + x1 + x2 - 1.5" -> "x1 + x2 - 1.5";  " - x1 - x2 + 1.5" -> "-x1 - x2 + 1.5"
    text = text[3:] if text[1] == "+" else "-" + text[3:]
    return f"{text} = 0"
# --8<-- [end:boundary_label]


# --8<-- [start:draw_helpers]
LIMITS = (-0.5, 1.5)  # both axes: the four inputs with a margin around them


def _draw_region(ax, gate, xlim=LIMITS, ylim=LIMITS):
    """Shade where ``gate`` outputs 1, evaluated on a 301 x 301 grid of the plane."""
    x1, x2 = np.meshgrid(np.linspace(*xlim, 301), np.linspace(*ylim, 301))
    y = gate(x1.ravel(), x2.ravel()).reshape(x1.shape)  # (301 * 301,) -> (301, 301)
    ax.contourf(x1, x2, y, levels=[-0.5, 0.5, 1.5], colors=["white", "C0"], alpha=0.25)


def _draw_boundary(ax, p, xlim=LIMITS, **style):
    """Draw the line ``w1 x1 + w2 x2 + b = 0`` of perceptron ``p``."""
    (w1, w2), b = p.w, p.b
    if w2 != 0:  # solve for x2: x2 = -(w1 x1 + b) / w2
        x1 = np.array(xlim)
        ax.plot(x1, -(w1 * x1 + b) / w2, **style)
    elif w1 != 0:  # a vertical line x1 = -b / w1
        ax.axvline(-b / w1, **style)


def _draw_points(ax, points, y, lang="en"):
    """Dots at ``points`` (shape (N, 2)): filled where ``y`` is 1, hollow where 0."""
    points, y = np.asarray(points), np.asarray(y)
    on, off = points[y == 1], points[y == 0]
    ax.scatter(on[:, 0], on[:, 1], s=70, color="C0", edgecolor="black", zorder=3,
               label=say(lang, "output 1", "출력 1"))
    ax.scatter(off[:, 0], off[:, 1], s=70, color="white", edgecolor="black",
               zorder=3, label=say(lang, "output 0", "출력 0"))


def _frame(ax, xlabel="x1", ylabel="x2"):
    """Square axes on LIMITS with ticks at 0 and 1, labelled."""
    ax.set_xlim(LIMITS)
    ax.set_ylim(LIMITS)
    ax.set_aspect("equal")
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
# --8<-- [end:draw_helpers]


# --8<-- [start:plot_gate_boundaries]
def plot_gate_boundaries(gates=(AND, OR, NAND, NOR), *, lang="en"):
    """Draw each single perceptron of ``gates`` in its own panel; return the Figure.

    Each panel: the shaded half-plane where the gate outputs 1, its decision
    boundary ``w1 x1 + w2 x2 + b = 0`` (red), and the four inputs coloured by output.
    ``lang`` is the language of the legend, "en" or "ko".
    """
    ncols = 2
    nrows = -(-len(gates) // ncols)  # ceiling division
    fig, axes = new_figure(nrows, ncols, height=3.3 * nrows, lang=lang)
    for ax in axes.flat[len(gates):]:
        ax.set_visible(False)
    for ax, gate in zip(axes.flat, gates):
        _draw_region(ax, gate)
        _draw_boundary(ax, gate, color="C3", linewidth=2)
        _draw_points(ax, GATE_INPUTS, gate(GATE_INPUTS), lang)
        _frame(ax)
        ax.set_title(f"{gate.name}:  {_boundary_label(gate)}", fontsize=10)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=2)
    return fig
# --8<-- [end:plot_gate_boundaries]


# --8<-- [start:plot_xor_regions]
def plot_xor_regions(xor=XOR, *, lang="en"):
    """Shade the plane by the output of the two-layer ``xor``; return the Figure.

    The lines are the boundaries of its hidden perceptrons (OR and NAND): XOR is 1
    in the band between them, where both hidden perceptrons fire. ``lang`` is the
    language of the words, "en" or "ko".
    """
    fig, ax = new_figure(height=4.6, lang=lang)
    _draw_region(ax, xor)
    for p, color in zip(xor.hidden, ("C1", "C2")):
        label = f"{p.name}:  {_boundary_label(p)}"
        _draw_boundary(ax, p, color=color, linewidth=2, label=label)
    _draw_points(ax, GATE_INPUTS, xor(GATE_INPUTS), lang)
    for x1, x2 in GATE_INPUTS:
        ax.annotate(f"({x1}, {x2})", (x1, x2), xytext=(8, -14),
                    textcoords="offset points")
    _frame(ax)
    hidden = ", ".join(p.name for p in xor.hidden)
    gates = f"{xor.name} = {xor.output.name}({hidden})"
    ax.set_title(say(lang, f"{gates} in the input plane", f"입력 평면에서 본 {gates}"))
    fig.legend(loc="outside lower center", ncols=2, fontsize=9)
    return fig
# --8<-- [end:plot_xor_regions]


# --8<-- [start:plot_hidden_space]
def plot_hidden_space(xor=XOR, *, lang="en"):
    """Draw the four inputs where the hidden layer sends them; return the Figure.

    Axes are the hidden outputs ``(s1, s2)``; the output perceptron's boundary
    (AND's line) separates the points where XOR is 1 from those where it is 0.
    ``lang`` is the language of the words, "en" or "ko".
    """
    s = xor.hidden_outputs(GATE_INPUTS)  # (4, 2): where each input lands
    fig, ax = new_figure(height=4.6, lang=lang)
    _draw_region(ax, xor.output)
    label = f"{xor.output.name}:  {_boundary_label(xor.output, names=('s1', 's2'))}"
    _draw_boundary(ax, xor.output, color="C3", linewidth=2, label=label)
    _draw_points(ax, s, xor(GATE_INPUTS), lang)
    for point in np.unique(s, axis=0):  # several inputs may land on one point
        sources = [f"({x1}, {x2})" for (x1, x2), si in zip(GATE_INPUTS, s)
                   if np.array_equal(si, point)]
        text = say(lang, "from " + " and ".join(sources), ", ".join(sources) + "에서")
        ax.annotate(text, point, xytext=(0, 12),
                    textcoords="offset points", ha="center", fontsize=9,
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                          "edgecolor": "none", "alpha": 0.8})
    names = [p.name for p in xor.hidden]
    _frame(ax, xlabel=f"s1 = {names[0]}(x1, x2)", ylabel=f"s2 = {names[1]}(x1, x2)")
    ax.set_title(say(lang, "The same four inputs after the hidden layer",
                     "은닉층을 지난 뒤의 같은 네 입력"))
    fig.legend(loc="outside lower center", ncols=3, fontsize=9)
    return fig
# --8<-- [end:plot_hidden_space]


FIGURES = {
    "gate-boundaries": plot_gate_boundaries,
    "xor-regions": plot_xor_regions,
    "xor-hidden-space": plot_hidden_space,
}
