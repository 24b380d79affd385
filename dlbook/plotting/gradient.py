"""Figures of chapter 6, "Gradient descent".

They draw the chapter's landscapes, ``bowl``, ``two_valleys`` and ``saddle`` (defined in
``dlbook.gradient``), and the paths gradient descent takes across them. The
two-variable landscapes take a whole grid of points, shape ``(2, H, W)``, which is how
the contour plots evaluate them.
"""

from __future__ import annotations

import numpy as np

from ..gradient import (
    bowl,
    gradient_descent,
    numerical_diff,
    numerical_gradient,
    saddle,
    two_valleys,
)
from ._canvas import new_figure
from .language import say

__all__ = [
    "plot_difference_error",
    "plot_gradient_field",
    "plot_descent_path",
    "plot_learning_rates",
    "plot_local_minima_saddle",
]


# --8<-- [start:draw_contours]
def _draw_contours(ax, f, xlim, ylim, levels):
    """Grey contour lines of ``f`` over a grid, equal axis scales, axes labelled."""
    x0, x1 = np.meshgrid(np.linspace(*xlim, 201), np.linspace(*ylim, 201))
    ax.contour(x0, x1, f(np.stack([x0, x1])), levels=levels, colors="0.75",
               linewidths=0.8)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
# --8<-- [end:draw_contours]


# --8<-- [start:plot_difference_error]
def plot_difference_error(*, lang="en"):
    """Error of forward and central differences against the step ``h``, log-log.

    Top: ``0.01 x**2 + 0.1 x`` at x = 5 (slope 0.2). Bottom: ``exp(x)`` at x = 1
    (slope e). Where ``x + h`` rounds to ``x`` both differences are 0 and the error is
    the whole slope. An error of exactly 0 is not drawn (log axes). ``lang`` is the
    language of the words, "en" or "ko". Returns the Figure.
    """
    h = np.logspace(-20, 0, 241)
    plateau = say(lang, "x + Δ rounds to x:\nestimate 0", "x + Δ가 x로 반올림:\n추정값 0")
    rounding = say(lang, "rounding: error ∝ 1/Δ", "반올림: 오차 ∝ 1/Δ")
    forward_error = say(lang, "forward: error ∝ Δ", "전방 차분: 오차 ∝ Δ")
    cases = [  # title, f, x, true slope, [(label, (h, error) where it goes), ...]
        (say(lang, "0.01x² + 0.1x at x = 5", "x = 5에서의 0.01x² + 0.1x"),
         lambda x: 0.01 * x**2 + 0.1 * x, 5.0, 0.2,
         [(plateau, (1e-20, 1e-3)), (rounding, (1e-13, 1e-12)),
          (forward_error, (1e-6, 1e-1)),
          (say(lang, "central: no Δ² term\nfor a quadratic",
               "중앙 차분: 이차 함수에는\nΔ² 항이 없다"), (1e-9, 1e-16))]),
        (say(lang, "eˣ at x = 1", "x = 1에서의 eˣ"), np.exp, 1.0, np.e,
         [(plateau, (1e-20, 1e-3)), (rounding, (1e-13, 1e-11)),
          (forward_error, (1e-7, 1e1)),
          (say(lang, "central: error ∝ Δ²", "중앙 차분: 오차 ∝ Δ²"), (1e-4, 1e-13))]),
    ]
    names = (say(lang, "forward", "전방 차분"), say(lang, "central", "중앙 차분"))
    fig, axes = new_figure(2, 1, height=7.0, lang=lang)
    for ax, (title, f, x, slope, labels) in zip(axes[:, 0], cases):
        forward = (f(x + h) - f(x)) / h  # every h at once: h is an array
        central = numerical_diff(f, x, h)
        for values, name in zip((forward, central), names):
            error = np.abs(values - slope)
            ax.plot(h, np.where(error > 0, error, np.nan), label=name, linewidth=1.5)
        for text, position in labels:
            ax.annotate(text, position, fontsize=9, color="0.2")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_ylim(1e-17, 1e2)
        ax.set_title(title)
        ax.set_xlabel(say(lang, "step Δ (the argument h)", "간격 Δ (인수 h)"))
        ax.set_ylabel(say(lang, "|estimate - true slope|", "|추정값 - 참 기울기|"))
        ax.grid(alpha=0.3)
        ax.legend(loc="lower left")
    return fig
# --8<-- [end:plot_difference_error]


# --8<-- [start:plot_gradient_field]
def plot_gradient_field(f=bowl, lim=(-2.0, 2.5), spacing=0.5, *, lang="en"):
    """Arrows of ``-grad f`` on a grid of points, over contour lines of ``f``.

    Each arrow is ``numerical_gradient`` at its point, negated, so it points downhill;
    its length is proportional to the slope. ``lang`` is the language of the words,
    "en" or "ko". Returns the Figure.
    """
    ticks = np.arange(lim[0], lim[1] + spacing / 2, spacing)
    points = np.array([(a, b) for b in ticks for a in ticks])  # (P, 2)
    downhill = np.array([-numerical_gradient(f, p.copy()) for p in points])
    fig, ax = new_figure(height=5.4, lang=lang)
    edges = (lim[0] - spacing / 2, lim[1] + spacing / 2)  # room for the outer arrows
    _draw_contours(ax, f, edges, edges, levels=np.arange(0.5, 13, 1.5))
    longest = np.linalg.norm(downhill, axis=1).max()
    ax.quiver(points[:, 0], points[:, 1], downhill[:, 0], downhill[:, 1], color="C0",
              pivot="mid", angles="xy", scale_units="xy",
              scale=longest / (0.9 * spacing))
    ax.plot(0, 0, "*", color="C3", markersize=12,
            label=say(lang, "minimum (0, 0)", "최솟값 (0, 0)"))
    ax.set_title(say(lang, "-∇f for f = x0² + x1²: every arrow points downhill",
                     "f = x0² + x1²의 -∇f: 모든 화살표가 내리막을 가리킨다"))
    ax.legend(loc="upper left")
    return fig
# --8<-- [end:plot_gradient_field]


# --8<-- [start:plot_descent_path]
def plot_descent_path(init_x=(-3.0, 4.0), lr=0.1, step_num=20, *, lang="en"):
    """The points ``gradient_descent`` visits on ``bowl``, over its contours.

    ``lang`` is the language of the words, "en" or "ko". Returns the Figure.
    """
    _, path = gradient_descent(bowl, init_x, lr=lr, step_num=step_num, path=True)
    fig, ax = new_figure(height=5.0, lang=lang)
    _draw_contours(ax, bowl, (-4.5, 4.5), (-4.5, 4.5), levels=[1, 4, 9, 16, 25])
    ax.plot(path[:, 0], path[:, 1], "o-", color="C0", markersize=4,
            label=say(lang, f"lr = {lr}, {step_num} steps", f"lr = {lr}, {step_num}걸음"))
    start = f"({path[0, 0]:g}, {path[0, 1]:g})"
    ax.plot(*path[0], "s", color="C1", markersize=8,
            label=say(lang, f"start {start}", f"출발점 {start}"))
    ax.plot(0, 0, "*", color="C3", markersize=12,
            label=say(lang, "minimum (0, 0)", "최솟값 (0, 0)"))
    ax.set_title(say(lang, "Gradient descent on x0² + x1²", "x0² + x1²에서의 경사 하강법"))
    ax.legend(loc="lower left")
    return fig
# --8<-- [end:plot_descent_path]


# --8<-- [start:plot_learning_rates]
def plot_learning_rates(lrs=(0.01, 0.1, 0.9, 1.05), init_x=(-3.0, 4.0), step_num=20,
                        *, lang="en"):
    """One panel per learning rate: ``x1`` after each step of descent on ``bowl``.

    Each title gives the factor the first step multiplied ``x`` by. ``lang`` is the
    language of the words, "en" or "ko". Returns the Figure.
    """
    fig, axes = new_figure(2, 2, height=5.6, lang=lang)
    steps = np.arange(step_num + 1)
    for ax, lr in zip(axes.flat, lrs):
        _, path = gradient_descent(bowl, init_x, lr=lr, step_num=step_num, path=True)
        factor = path[1, 1] / path[0, 1]
        ax.axhline(0, color="C3", linewidth=1)
        ax.plot(steps, path[:, 1], "o-", color="C0", markersize=3, linewidth=1)
        ax.set_title(say(lang, f"lr = {lr}: x times {factor:.3g} per step",
                         f"lr = {lr}: 걸음마다 x가 {factor:.3g}배로"), fontsize=10)
        ax.set_xlabel(say(lang, "step", "걸음"))
        ax.set_ylabel("x1")
        ax.set_xticks(steps[::5])
        ax.grid(alpha=0.3)
    return fig
# --8<-- [end:plot_learning_rates]


# --8<-- [start:plot_local_minima_saddle]
def plot_local_minima_saddle(starts_1d=(0.0, 0.5), starts_2d=((1.0, 0.0), (1.0, 0.01)),
                             *, lang="en"):
    """Left: gradient descent on ``two_valleys`` from two nearby starts, lr 0.05.

    Right: on ``saddle`` from ``(1, 0)``, which ends on the saddle point, and from
    ``(1, 0.01)``, which slides off it into a minimum; lr 0.1, 100 steps. ``lang`` is
    the language of the words, "en" or "ko". Returns the Figure.
    """
    fig, axes = new_figure(1, 2, height=3.8, lang=lang)
    left, right = axes[0]

    x = np.linspace(-1.9, 1.9, 381)
    left.plot(x, two_valleys(x), color="0.4", linewidth=1.5)
    for color, start in zip(("C0", "C1"), starts_1d):
        _, path = gradient_descent(two_valleys, start, lr=0.05, step_num=15, path=True)
        left.plot(path, two_valleys(path), "o-", color=color, markersize=4,
                  label=say(lang, f"start {start} → {path[-1]:.2f}",
                            f"출발점 {start} → {path[-1]:.2f}"))
    left.set_ylim(-4.2, 4.5)
    left.set_title(say(lang, "x⁴ - 3x² + x: two valleys", "x⁴ - 3x² + x: 골짜기 두 개"))
    left.set_xlabel("x")
    left.set_ylabel("f(x)")
    left.grid(alpha=0.3)
    left.legend(loc="upper center")

    levels = np.linspace(-0.24, 2.0, 15)
    _draw_contours(right, saddle, (-1.3, 1.3), (-1.6, 1.6), levels=levels)
    # Big squares under small dots, so that both paths show where they overlap.
    for style, size, start in zip(("s-", "o-"), (6, 2.5), starts_2d):
        _, path = gradient_descent(saddle, start, lr=0.1, step_num=100, path=True)
        right.plot(path[:, 0], path[:, 1], style, markersize=size, linewidth=1,
                   label=say(lang, f"start {start}", f"출발점 {start}"))
    right.plot(0, 0, "x", color="C3", markersize=10, markeredgewidth=2,
               label=say(lang, "saddle (0, 0)", "안장점 (0, 0)"))
    right.plot([0, 0], [-1, 1], "*", color="C2", markersize=10,
               label=say(lang, "minima", "최솟값"))
    right.set_title("x0² + x1⁴/4 - x1²/2")
    right.legend(loc="upper left", fontsize=7)
    return fig
# --8<-- [end:plot_local_minima_saddle]


FIGURES = {
    "difference-error": plot_difference_error,
    "gradient-field": plot_gradient_field,
    "descent-path": plot_descent_path,
    "learning-rates": plot_learning_rates,
    "local-minima-saddle": plot_local_minima_saddle,
}
