"""Figures of chapter 14, "A fast CNN in NumPy".

The chapter's timings are measured when the page runs and stay in its text: a figure
drawn at build time would show the build machine's numbers. Its figure shows what does
not depend on the machine, the memory layout that makes the pooling fast.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from ._canvas import new_figure
from .language import say

__all__ = ["pooling_layouts", "plot_pooling_layout", "tournament_gradients",
           "plot_tournament"]

# One colour per pooled number (its 2 x 2 window of the convolution's output).
WINDOW_COLORS = ["#9ecae1", "#fdae6b", "#a1d99b", "#dadaeb"]


# --8<-- [start:pooling_layouts]
def pooling_layouts(OH=4, OW=4):
    """Where each number of a convolution's output sits in memory, in two layouts.

    One image and one filter: an (OH, OW) output, pooled in 2 x 2 windows. Returns
    ``(book, fast)``, two int arrays (OH * OW, 2): row ``k`` is the (row, column) of
    the output number stored ``k``-th. ``book`` is (N, FN, OH, OW), row after row;
    ``fast`` is ConvReluPool's (FN, 4, PH, PW, N): the place ``q = 2 dy + dx`` of a
    number in its window first, then the window. Made by the same reshape and
    transpose as ``ConvReluPool``'s, applied to the positions themselves.
    """
    rows, cols = np.indices((OH, OW))
    where = np.stack([rows, cols], axis=-1)[None, None]  # (N, FN, OH, OW, 2)
    book = where.reshape(-1, 2)
    PH, PW = OH // 2, OW // 2
    split = where.reshape(1, 1, PH, 2, PW, 2, 2)  # (N, FN, p, dy, r, dx, 2)
    fast = split.transpose(1, 3, 5, 2, 4, 0, 6).reshape(-1, 2)  # (FN, dy, dx, p, r, N)
    return book, fast
# --8<-- [end:pooling_layouts]


# --8<-- [start:plot_pooling_layout]
def plot_pooling_layout(OH=4, OW=4, *, lang="en"):
    """Draw the two layouts of ``pooling_layouts`` as two rows of memory cells.

    Each cell is one number, labelled by its (row, column) in the convolution's
    output and coloured by the pooling window it belongs to; the first window's
    four numbers have a thick edge. ``lang`` is the language of the words, "en" or
    "ko". Returns the Figure.
    """
    book, fast = pooling_layouts(OH, OW)
    PW = OW // 2
    size = OH * OW
    fig, ax = new_figure(height=2.9, lang=lang)
    rows = [
        (book, say(lang, "(N, FN, OH, OW), the book's layout: a window's four numbers "
                         "lie apart in memory",
                   "(N, FN, OH, OW), 책의 메모리 레이아웃: 한 윈도우의 네 수가 메모리에서 "
                   "떨어져 있다")),
        (fast, say(lang, "(FN, 4, PH, PW, N), ConvReluPool's: each place q of the "
                         "windows is one contiguous block",
                   "(FN, 4, PH, PW, N), ConvReluPool의 레이아웃: 윈도우 안의 자리 q마다 "
                   "연속된 블록 하나")),
    ]
    for level, (order, title) in enumerate(rows):
        top = -2.6 * level
        ax.text(0, top + 0.35, title, ha="left", va="bottom", fontsize=10)
        for k, (i, j) in enumerate(order):
            window = (i // 2) * PW + j // 2
            first = window == 0
            ax.add_patch(Rectangle((k, top - 1), 1, 1,
                                   facecolor=WINDOW_COLORS[window % 4],
                                   edgecolor="black" if first else "0.45",
                                   linewidth=2.4 if first else 0.8))
            ax.text(k + 0.5, top - 0.5, f"{i},{j}", ha="center", va="center",
                    fontsize=8)
        if level == 1:
            block = size // 4
            for q in range(4):
                ax.plot([q * block + 0.1, (q + 1) * block - 0.1], [top - 1.2] * 2,
                        color="0.3", linewidth=1.2)
                ax.text((q + 0.5) * block, top - 1.5, f"q = {q}", ha="center",
                        va="top", fontsize=9)
    ax.text(0, -4.6, say(lang, "memory order, left to right; cell: (row, column) "
                               "of the output; colour: its 2 x 2 window",
                         "왼쪽부터 메모리 순서. 칸: 출력의 (행, 열), 색: 그 수가 속한 "
                         "2 x 2 윈도우"),
            ha="left", va="top", fontsize=9, color="0.25")
    ax.set_xlim(-0.3, size + 0.3)
    ax.set_ylim(-5.1, 1.0)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return fig
# --8<-- [end:plot_pooling_layout]


# --8<-- [start:tournament_gradients]
def tournament_gradients(z):
    """The three matches of ``max(max(z0, z1), max(z2, z3))`` and where a gradient of 1
    goes down them, for one window's four numbers ``z`` (its places q = 0 to 3).

    Returns ``(won, dz)``: ``won`` the three booleans ``z0 >= z1``, ``z2 >= z3`` and
    ``max(z0, z1) >= max(z2, z3)`` (the left one wins a tie), and ``dz`` (4,), the
    gradient each number receives: 1 for the first maximum in reading order, 0 for
    the others. The same rule as ``ConvReluPool.backward``.
    """
    z0, z1, z2, z3 = (float(v) for v in z)
    won = (z0 >= z1, z2 >= z3, max(z0, z1) >= max(z2, z3))
    to_left = 1.0 if won[2] else 0.0
    dz = np.array([to_left * won[0], to_left * (not won[0]),
                   (1 - to_left) * won[1], (1 - to_left) * (not won[1])])
    return won, dz
# --8<-- [end:tournament_gradients]


# --8<-- [start:plot_tournament]
def plot_tournament(z=(1.0, 3.0, 3.0, 2.0), *, lang="en"):
    """Draw the max of one pooling window's four numbers ``z`` two ways; return it.

    Left, the tournament of ``tournament_gradients``: three matches, and the path a
    gradient of 1 takes down them, thick, to the first maximum only. Right, an
    equality mask: every number equal to the maximum gets the gradient, so on a tie
    the window hands back more than it got. ``lang`` is the language of the words,
    "en" or "ko".
    """
    z = np.asarray(z, dtype=float)
    won, dz = tournament_gradients(z)
    mask = (z == z.max()).astype(float)  # the equality mask's gradients, for g = 1
    fig, axes = new_figure(1, 2, height=3.4, lang=lang)
    tree, flat = axes[0]
    leaves = [(q, 0.0) for q in range(4)]
    matches = [(0.5, 1.0), (2.5, 1.0)]
    final = (1.5, 2.0)

    def edge(ax, a, b, hot):
        ax.plot([a[0], b[0]], [a[1], b[1]], color="C3" if hot else "0.6",
                linewidth=3.0 if hot else 1.0, zorder=1)

    def node(ax, at, text, hot):
        ax.text(*at, text, ha="center", va="center", fontsize=10, zorder=2,
                bbox={"boxstyle": "round", "facecolor": "#fcbba1" if hot else "white",
                      "edgecolor": "C3" if hot else "0.5"})

    left_side = won[2]
    for m, (match, first) in enumerate(zip(matches, won[:2])):
        side_hot = left_side if m == 0 else not left_side
        edge(tree, match, final, side_hot)
        for k in (0, 1):
            q = 2 * m + k
            winner = first if k == 0 else not first
            edge(tree, leaves[q], match, side_hot and winner)
        node(tree, match, f"{max(z[2 * m], z[2 * m + 1]):g}", side_hot)
    for q, (x, y) in enumerate(leaves):  # the mask: each number straight to the max
        edge(flat, (x, y), final, mask[q] > 0)
    for ax, received in ((tree, dz), (flat, mask)):
        node(ax, final, f"$\\max = {z.max():g}$", True)  # math: the same in both
        edge(ax, final, (1.5, 2.7), True)
        ax.text(1.5, 2.85, "g = 1", ha="center", va="bottom", fontsize=10, color="C3")
        for q, (x, y) in enumerate(leaves):
            node(ax, (x, y), f"z{q} = {z[q]:g}", received[q] > 0)
            ax.text(x, y - 0.55, f"{received[q]:g}", ha="center", va="center",
                    fontsize=11, color="C3" if received[q] else "0.4")
        ax.text(-0.6, -0.55, say(lang, "gets", "받는 값"), ha="right", va="center",
                fontsize=9, color="0.3")
        ax.set_xlim(-1.5, 3.6)
        ax.set_ylim(-0.9, 3.3)
        ax.set_axis_off()
    tree.set_title(say(lang, "tournament: the first maximum\n"
                             f"gets it all (sum {dz.sum():g})",
                       f"토너먼트: 첫 번째 최댓값이\n전부 받는다(합 {dz.sum():g})"),
                   fontsize=10)
    flat.set_title(say(lang, "equality mask: every maximum\n"
                             f"gets it (sum {mask.sum():g})",
                       f"등호 마스크: 최댓값마다\n받는다(합 {mask.sum():g})"), fontsize=10)
    return fig
# --8<-- [end:plot_tournament]


FIGURES = {
    "fast-cnn-layout": plot_pooling_layout,
    "fast-cnn-tournament": plot_tournament,
}
