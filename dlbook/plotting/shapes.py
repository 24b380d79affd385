"""Figures of chapter 3, "Matrix shapes".

Both figures are diagrams, not plots: every matrix is a grid of unit squares drawn
with matplotlib rectangles on an axes without ticks, row 0 at the top as NumPy
prints it. Sizes are small (a batch of 4 samples) so that every cell can be seen.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from ._canvas import new_figure
from .language import say

__all__ = ["plot_broadcast_bias", "plot_matmul_shapes"]


# --8<-- [start:draw_grid]
INNER = "C1"  # orange: the inner size D, which must match
PICKED = "#9ecae1"  # light blue: the picked row and column (their entry: darker C0)


def _draw_grid(ax, left, top, rows, cols, values=None, colors=None, **style):
    """Draw a rows x cols grid of unit cells whose top-left corner is (left, top).

    Row r, column c is the cell from (left + c, top - r - 1) to (left + c + 1,
    top - r). ``values`` (rows, cols) are written in the cells; ``colors`` maps
    (r, c) to a fill colour; ``style`` goes to every Rectangle (edge colour, alpha).
    """
    colors = colors or {}
    style = {"edgecolor": "0.35", "linewidth": 1.0, **style}
    for r in range(rows):
        for c in range(cols):
            face = colors.get((r, c), "white")
            ax.add_patch(Rectangle((left + c, top - r - 1), 1, 1, facecolor=face,
                                   **style))
            if values is not None:
                ax.text(left + c + 0.5, top - r - 0.5, f"{values[r][c]:g}",
                        ha="center", va="center", fontsize=11,
                        alpha=style.get("alpha", 1.0))


def _diagram_axes(ax, xlim, ylim):
    """Equal scales, no ticks or frame: the axes is a drawing board."""
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.set_axis_off()
# --8<-- [end:draw_grid]


# --8<-- [start:plot_matmul_shapes]
def plot_matmul_shapes(N=4, D=5, H=3, i=1, j=2, *, lang="en"):
    """Draw ``X @ W`` for X (N, D) and W (D, H) as grids; return the Figure.

    The inner size D (X's columns, W's rows) is marked in orange: it must match,
    and it is summed away. Row ``i`` of X and column ``j`` of W are shaded, with
    the entry (i, j) of the (N, H) result they produce. ``lang`` is the language of
    the words, "en" or "ko".
    """
    fig, ax = new_figure(height=3.5, lang=lang)
    gap = 2.6  # room between the matrices for "@", "=" and the size labels
    x_left, w_left = 0, D + gap
    y_left = w_left + H + gap
    top = 0
    _draw_grid(ax, x_left, top, N, D, colors={(i, c): PICKED for c in range(D)})
    _draw_grid(ax, w_left, top, D, H, colors={(r, j): PICKED for r in range(D)})
    _draw_grid(ax, y_left, top, N, H, colors={(i, j): "C0"})
    for x, symbol in ((w_left - 1.6, "@"), (y_left - 1.6, "=")):
        ax.text(x, top - N / 2, symbol, ha="center", va="center", fontsize=22)

    def size_label(x, y, text, color="black", rotation=0):
        ax.text(x, y, text, ha="center", va="center", fontsize=13, color=color,
                rotation=rotation, fontweight="bold")

    # Outer sizes (black) name the result; the inner size D (orange) must agree.
    ax.plot([x_left, x_left + D], [top + 0.1] * 2, color=INNER, linewidth=4)
    ax.plot([w_left - 0.1] * 2, [top, top - D], color=INNER, linewidth=4)
    size_label(x_left - 0.45, top - N / 2, f"N={N}", rotation=90)
    size_label(x_left + D / 2, top + 0.5, f"D={D}", color=INNER)
    size_label(w_left - 0.45, top - D / 2, f"D={D}", color=INNER, rotation=90)
    size_label(w_left + H / 2, top + 0.5, f"H={H}")
    size_label(y_left - 0.45, top - N / 2, f"N={N}", rotation=90)
    size_label(y_left + H / 2, top + 0.5, f"H={H}")
    notes = ((x_left + D / 2, top - N - 0.4, say(lang, f"row {i}", f"{i}행")),
             (w_left + j + 0.5, top - D - 0.4, say(lang, f"column {j}", f"{j}열")),
             (y_left + H / 2, top - N - 0.4,
              say(lang, f"entry ({i}, {j})", f"({i}, {j}) 원소")))
    for x, y, text in notes:
        ax.text(x, y, text, ha="center", va="center", fontsize=10, color="0.25")
    for left, width, name in ((x_left, D, "X  (N, D)"), (w_left, H, "W  (D, H)"),
                              (y_left, H, "X @ W  (N, H)")):
        ax.text(left + width / 2, top - D - 1.2, name, ha="center", va="center",
                fontsize=12)
    ax.set_title(say(
        lang,
        "(N, D) @ (D, H) → (N, H): the inner D's must match, the outer sizes remain\n"
        f"entry ({i}, {j}) = row {i} of X times column {j} of W, summed over D",
        "(N, D) @ (D, H) → (N, H): 안쪽의 D는 같아야 하고, 바깥쪽 크기가 남는다\n"
        f"({i}, {j}) 원소 = X의 {i}행과 W의 {j}열을 원소별로 곱해 D개를 더한 값",
    ), fontsize=11)
    _diagram_axes(ax, (x_left - 1.0, y_left + H + 0.6), (top - D - 1.6, top + 1.0))
    return fig
# --8<-- [end:plot_matmul_shapes]


# --8<-- [start:plot_broadcast_bias]
def plot_broadcast_bias(XW=None, b=(10, 20, 30), *, lang="en"):
    """Draw ``XW + b`` for XW (N, H), a batch's ``X @ W``, and b (H,); return it.

    NumPy lines up the last axes (H with H) and treats the missing first axis of b
    as size 1, so the one row of b is used for every row of XW. The copies are
    drawn faded: NumPy never stores them. ``lang`` is the language of the words,
    "en" or "ko".
    """
    XW = np.arange(12).reshape(4, 3) if XW is None else np.asarray(XW)
    b = np.asarray(b)
    N, H = XW.shape
    out = XW + b  # broadcasting itself computes the result shown
    fig, ax = new_figure(height=3.3, lang=lang)
    gap = 1.6
    lefts = [0, H + gap, 2 * (H + gap)]
    top = 0
    _draw_grid(ax, lefts[0], top, N, H, values=XW)
    row0 = {(0, c): "#fdd0a2" for c in range(H)}  # b's only real row: orange
    _draw_grid(ax, lefts[1], top, 1, H, values=[b], colors=row0, linewidth=2.0)
    copies = np.tile(b, (N - 1, 1))  # what the copies would hold: (N - 1, H)
    _draw_grid(ax, lefts[1], top - 1, N - 1, H, values=copies, linestyle="--",
               colors={key: "#fdd0a2" for key in np.ndindex(N - 1, H)}, alpha=0.45)
    for c in range(H):  # arrows at each column's right edge: the row is reused
        x = lefts[1] + c + 0.85
        ax.annotate("", xy=(x, top - N + 0.1), xytext=(x, top - 0.9),
                    arrowprops={"arrowstyle": "->", "color": INNER, "lw": 1.5,
                                "alpha": 0.8})
    _draw_grid(ax, lefts[2], top, N, H, values=out)
    for x, symbol in ((H + gap / 2, "+"), (lefts[2] - gap / 2, "=")):
        ax.text(x, top - N / 2, symbol, ha="center", va="center", fontsize=22)
    names = (f"X @ W  {(N, H)}",
             say(lang, f"b  {(H,)}, used as {(N, H)}", f"b  {(H,)}, {(N, H)}처럼 쓰임"),
             f"X @ W + b  {(N, H)}")
    for left, name in zip(lefts, names):
        ax.text(left + H / 2, top - N - 0.5, name, ha="center", va="center",
                fontsize=11)
    ax.set_title(say(lang,
                     "Broadcasting adds the bias row b to every row of X @ W\n"
                     "(the faded rows are not stored: NumPy reuses b's one row)",
                     "브로드캐스트는 편향 행 b를 X @ W의 모든 행에 더한다\n"
                     "(흐린 행은 저장되지 않는다: NumPy는 b의 한 행을 다시 쓴다)"),
                 fontsize=11)
    xlim = (lefts[0] - 0.3, lefts[2] + H + 0.3)
    _diagram_axes(ax, xlim, (top - N - 0.9, top + 0.2))
    return fig
# --8<-- [end:plot_broadcast_bias]


FIGURES = {
    "matmul-shapes": plot_matmul_shapes,
    "broadcast-bias": plot_broadcast_bias,
}
