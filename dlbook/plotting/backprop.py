"""Figures of chapter 7, "Backpropagation".

``plot_apple_graphs`` draws the chapter's computational graphs, with the values the
chapter's ``MulLayer`` and ``AddLayer`` compute, forward and backward.
``plot_sigmoid_slip`` compares the sigmoid's true derivative with the one the study
notes' backward pass uses by mistake. ``plot_decision_regions`` colours the plane by the
class a network predicts; ``plot_spiral_regions`` does it for the chapter's spiral
network, trained by ``dlbook.training.train_by_backprop``.
"""

from __future__ import annotations

import numpy as np

from ..activations import sigmoid, sigmoid_grad
from ..datasets import make_spirals
from ..layers import AddLayer, MulLayer
from ..networks import TwoLayerNet
from ..training import train_by_backprop
from ._canvas import new_figure
from .language import say

__all__ = [
    "plot_apple_graphs",
    "plot_sigmoid_slip",
    "plot_decision_regions",
    "plot_spiral_regions",
]

# --8<-- [start:draw_graph]
NODE_SIZE = 30  # diameter of a node's circle, in points
FORWARD_COLOR = "black"
BACKWARD_COLOR = "#c62828"


def _draw_edge(ax, points, forward, backward, into_node=True):
    """An arrow along ``points`` [(x, y), ...], ending in a node's centre or not.

    The first segment is horizontal: the forward value is written above it, the
    gradient that flows back along it below.
    """
    xs, ys = zip(*points)
    ax.plot(xs[:-1], ys[:-1], color="0.35", linewidth=1.3)
    shrink = NODE_SIZE / 2 + 1 if into_node else 0  # stop at the node's circle
    ax.annotate("", xy=points[-1], xytext=points[-2], zorder=1,
                arrowprops=dict(arrowstyle="-|>", color="0.35", linewidth=1.3,
                                shrinkA=0, shrinkB=shrink))
    middle = (xs[0] + xs[1]) / 2
    ax.text(middle, ys[0] + 0.1, f"{forward:g}", ha="center", va="bottom",
            color=FORWARD_COLOR, fontsize=11)
    ax.text(middle, ys[0] - 0.1, f"{backward:g}", ha="center", va="top",
            color=BACKWARD_COLOR, fontsize=11)


def _draw_graph(ax, nodes, edges, sources, title):
    """Nodes ``{name: (x, y, symbol)}``, edges ``[(points, forward, backward)]``,
    source labels ``[(x, y, text)]`` written left of where their edge starts."""
    centres = {(x, y) for x, y, _ in nodes.values()}
    for points, forward, backward in edges:
        _draw_edge(ax, points, forward, backward, into_node=points[-1] in centres)
    for x, y, symbol in nodes.values():
        ax.plot(x, y, "o", markersize=NODE_SIZE, markerfacecolor="white",
                markeredgecolor="0.2", markeredgewidth=1.5, zorder=4)
        ax.text(x, y, symbol, ha="center", va="center", fontsize=16, zorder=5)
    for x, y, text in sources:
        ax.text(x - 0.1, y, text, ha="right", va="center", fontsize=10)
    ax.set_title(title, fontsize=11)
    ax.set_axis_off()
# --8<-- [end:draw_graph]


# --8<-- [start:plot_apple_graphs]
def plot_apple_graphs(*, lang="en"):
    """The shopping examples as computational graphs, forward and backward.

    Top: 2 apples at 100 each, 10% tax. Bottom: the same plus 3 oranges at 150. Every
    value is computed by ``MulLayer`` and ``AddLayer``; each edge shows its forward
    value above and the derivative of the final price with respect to it below.
    ``lang`` is the language of the words, "en" or "ko". Returns the Figure.
    """
    fig, axes = new_figure(2, 1, height=6.6, lang=lang)
    top, bottom = axes[:, 0]
    apple_label = say(lang, "apple\nprice", "사과\n가격")
    count_label = say(lang, "number of\napples", "사과\n개수")
    tax_label, price_label = say(lang, "tax", "세금"), say(lang, "price", "가격")
    # 2 apples, 10% tax.
    mul_apple, mul_tax = MulLayer(), MulLayer()
    apples = mul_apple.forward(100.0, 2.0)
    price = mul_tax.forward(apples, 1.1)
    d_apples, d_tax = mul_tax.backward(1.0)
    d_apple, d_count = mul_apple.backward(d_apples)
    nodes = {"apple": (3.0, 0.5, "×"), "tax": (5.5, 0.5, "×")}
    edges = [
        ([(1.0, 1.1), (2.3, 1.1), (3.0, 0.5)], 100.0, d_apple),
        ([(1.0, -0.1), (2.3, -0.1), (3.0, 0.5)], 2.0, d_count),
        ([(3.0, 0.5), (5.5, 0.5)], apples, d_apples),
        ([(4.0, -0.6), (4.9, -0.6), (5.5, 0.5)], 1.1, d_tax),
        ([(5.5, 0.5), (7.6, 0.5)], price, 1.0),
    ]
    sources = [(1.0, 1.1, apple_label), (1.0, -0.1, count_label),
               (4.0, -0.6, tax_label)]
    _draw_graph(top, nodes, edges, sources,
                say(lang, "2 apples at 100, 10% tax", "100원짜리 사과 2개, 세금 10%"))
    top.text(7.7, 0.5, price_label, ha="left", va="center", fontsize=10)
    top.set_xlim(-0.5, 8.6)
    top.set_ylim(-1.2, 1.6)

    # 2 apples and 3 oranges, 10% tax.
    mul_apple, mul_orange, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    apples = mul_apple.forward(100.0, 2.0)
    oranges = mul_orange.forward(150.0, 3.0)
    total = add.forward(apples, oranges)
    price = mul_tax.forward(total, 1.1)
    d_total, d_tax = mul_tax.backward(1.0)
    d_apples, d_oranges = add.backward(d_total)
    d_apple, d_apple_count = mul_apple.backward(d_apples)
    d_orange, d_orange_count = mul_orange.backward(d_oranges)
    nodes = {"apple": (3.0, 1.6, "×"), "orange": (3.0, -0.6, "×"),
             "add": (5.3, 0.5, "+"), "tax": (7.4, 0.5, "×")}
    edges = [
        ([(1.0, 2.2), (2.3, 2.2), (3.0, 1.6)], 100.0, d_apple),
        ([(1.0, 1.0), (2.3, 1.0), (3.0, 1.6)], 2.0, d_apple_count),
        ([(1.0, 0.0), (2.3, 0.0), (3.0, -0.6)], 150.0, d_orange),
        ([(1.0, -1.2), (2.3, -1.2), (3.0, -0.6)], 3.0, d_orange_count),
        ([(3.0, 1.6), (4.5, 1.6), (5.3, 0.5)], apples, d_apples),
        ([(3.0, -0.6), (4.5, -0.6), (5.3, 0.5)], oranges, d_oranges),
        ([(5.3, 0.5), (7.4, 0.5)], total, d_total),
        ([(5.7, -0.6), (6.8, -0.6), (7.4, 0.5)], 1.1, d_tax),
        ([(7.4, 0.5), (8.9, 0.5)], price, 1.0),
    ]
    sources = [(1.0, 2.2, apple_label), (1.0, 1.0, count_label),
               (1.0, 0.0, say(lang, "orange\nprice", "오렌지\n가격")),
               (1.0, -1.2, say(lang, "number of\noranges", "오렌지\n개수")),
               (5.7, -0.6, tax_label)]
    _draw_graph(bottom, nodes, edges, sources,
                say(lang, "2 apples at 100 and 3 oranges at 150, 10% tax",
                    "100원짜리 사과 2개와 150원짜리 오렌지 3개, 세금 10%"))
    bottom.text(9.0, 0.5, price_label, ha="left", va="center", fontsize=10)
    bottom.set_xlim(-0.5, 9.8)
    bottom.set_ylim(-2.0, 2.7)
    legend = say(lang, "above each edge: its value (forward);  below, in red: "
                 "d price / d value (backward)",
                 "에지 위: 그 값 (순전파);  아래, 빨간색: d 가격 / d 값 (역전파)")
    fig.text(0.5, 0.005, legend, ha="center", va="bottom", fontsize=9)
    return fig
# --8<-- [end:plot_apple_graphs]


# --8<-- [start:plot_sigmoid_slip]
def plot_sigmoid_slip(a=None, *, lang="en"):
    """The sigmoid's derivative, right and wrong, against the weighted sum ``a``.

    Right: ``y * (1 - y)`` with ``y = sigmoid(a)``, which is ``sigmoid_grad(a)``.
    Wrong: ``sigmoid_grad(y)``, the derivative taken at the output instead of the
    input. ``lang`` is the language of the words, "en" or "ko". Returns the Figure.
    """
    a = np.linspace(-8.0, 8.0, 401) if a is None else np.asarray(a)
    y = sigmoid(a)
    fig, ax = new_figure(height=3.8, lang=lang)
    ax.plot(a, y * (1 - y), linewidth=2,
            label=say(lang, "right: σ'(a) = y(1 − y)", "올바름: σ'(a) = y(1 − y)"))
    ax.plot(a, sigmoid_grad(y), linewidth=2, linestyle="--",
            label=say(lang, "slip: σ'(y) = σ'(σ(a))", "실수: σ'(y) = σ'(σ(a))"))
    floor = float(sigmoid_grad(1.0))
    ax.axhline(floor, color="0.6", linewidth=0.8, linestyle=":")
    ax.text(8.0, floor - 0.012,
            say(lang, f"σ'(1) ≈ {floor:.3f}:\nthe slip never gets smaller",
                f"σ'(1) ≈ {floor:.3f}:\n실수는 이보다 작아지지 않는다"),
            ha="right", va="top", fontsize=9)
    ax.set_xlabel(say(lang, "weighted sum a (the sigmoid's input)",
                      "가중합 a (시그모이드 함수의 입력)"))
    ax.set_ylabel(say(lang, "factor used by backward", "backward가 곱하는 인자"))
    ax.set_ylim(0, 0.3)
    ax.set_title(say(lang,
                     "The sigmoid's derivative, taken at the input or at the output",
                     "시그모이드 함수의 미분: 입력에서 구하느냐, 출력에서 구하느냐"))
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=9)
    return fig
# --8<-- [end:plot_sigmoid_slip]


# --8<-- [start:plot_decision_regions]
def plot_decision_regions(net, x, t, lim=1.25, resolution=300, *, lang="en"):
    """The plane coloured by the class ``net`` predicts, with the points ``x`` on top.

    ``x`` (N, 2), ``t`` (N,) integer labels; ``lang`` is the language of the words,
    "en" or "ko". Returns the Figure.
    """
    ticks = np.linspace(-lim, lim, resolution)
    g0, g1 = np.meshgrid(ticks, ticks)
    grid = np.column_stack([g0.ravel(), g1.ravel()])  # (resolution**2, 2)
    predicted = net.predict(grid).argmax(axis=1).reshape(g0.shape)
    n_classes = int(t.max()) + 1
    colors = [f"C{k}" for k in range(n_classes)]
    fig, ax = new_figure(height=5.4, lang=lang)
    ax.contourf(g0, g1, predicted, levels=np.arange(n_classes + 1) - 0.5,
                colors=colors, alpha=0.25)
    for k, marker in zip(range(n_classes), "osD^v"):
        ax.scatter(*x[t == k].T, color=colors[k], marker=marker, s=14,
                   edgecolors="white", linewidths=0.4,
                   label=say(lang, f"class {k}", f"클래스 {k}"))
    accuracy = f"{net.accuracy(x, t):.2f}"
    ax.set_title(say(lang, f"Decision regions of {net!r}\ntraining accuracy {accuracy}",
                     f"{net!r}의 결정 영역\n훈련 정확도 {accuracy}"), fontsize=10)
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    ax.set_aspect("equal")
    ax.legend(loc="upper right", fontsize=9)
    return fig
# --8<-- [end:plot_decision_regions]


# --8<-- [start:plot_spiral_regions]
def plot_spiral_regions(*, lang="en"):
    """The spiral network of chapter 7, trained as on its page, and its regions.

    ``lang`` is the language of the words, "en" or "ko". Returns the Figure.
    """
    x, t = make_spirals(seed=0)
    net = TwoLayerNet(2, 30, 3, weight_init_std=1.0, seed=0)
    train_by_backprop(net, x, t, lr=1.0, iters=500)
    return plot_decision_regions(net, x, t, lang=lang)
# --8<-- [end:plot_spiral_regions]


FIGURES = {
    "apple-graphs": plot_apple_graphs,
    "sigmoid-slip": plot_sigmoid_slip,
    "spiral-regions": plot_spiral_regions,
}
