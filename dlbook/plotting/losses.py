"""Figures of chapter 5, "Loss functions"."""

from __future__ import annotations

import numpy as np

from ..activations import softmax
from ..datasets import make_spirals
from ..losses import cross_entropy_error
from ._canvas import new_figure
from .language import say

__all__ = ["plot_cross_entropy_curve", "plot_minibatch_losses", "plot_loss_vs_accuracy"]


# --8<-- [start:plot_cross_entropy_curve]
def plot_cross_entropy_curve(eps=1e-7, *, lang="en"):
    """Draw one sample's cross-entropy against ``y``, its true class's probability.

    Left: ``-log(y)`` for ``y`` in (0, 1], with a few values marked. Right: the same
    on a logarithmic ``y`` axis down to 1e-12, with and without the guard ``eps``,
    which flattens the curve at ``-log(eps)``. ``lang`` is the language of the words,
    "en" or "ko". Returns the Figure.
    """
    fig, axes = new_figure(1, 2, height=3.6, lang=lang)
    left, right = axes[0]

    y = np.linspace(0.001, 1, 1000)
    left.plot(y, -np.log(y), color="C0", linewidth=2)
    label_at = {0.1: (0.2, 3.2), 0.5: (0.3, 2.2), 0.9: (0.5, 1.25)}  # label positions
    loss = say(lang, "loss", "손실")
    for p, (x_text, y_text) in label_at.items():
        left.plot(p, -np.log(p), "o", color="C1")
        left.annotate(f"y = {p}: {loss} {-np.log(p):.3f}", (p, -np.log(p)),
                      xytext=(x_text, y_text), arrowprops={"arrowstyle": "-"})
    left.set_ylim(0, 7)
    left.set_title(say(lang, "-log(y) on (0, 1]", "(0, 1]에서의 -log(y)"))
    left.set_xlabel(say(lang, "y, the probability of the true class",
                        "y, 정답 클래스의 확률"))
    left.set_ylabel(say(lang, "cross-entropy of one sample", "샘플 하나의 교차 엔트로피"))
    left.grid(alpha=0.3)

    y = np.logspace(-12, 0, 400)
    right.plot(y, -np.log(y), color="C0", linewidth=2, label="-log(y)")
    right.plot(y, -np.log(y + eps), color="C3", linestyle="--", linewidth=2,
               label=f"-log(y + {eps:g})")
    right.axhline(-np.log(eps), color="0.5", linewidth=0.8)
    cap = say(lang, "cap", "상한")
    right.annotate(f"{cap}: -log({eps:g})\n= {-np.log(eps):.2f}", (1e-10, -np.log(eps)),
                   xytext=(1e-12, 5), arrowprops={"arrowstyle": "->"})
    right.set_xscale("log")
    right.set_xticks([1e-12, 1e-9, 1e-6, 1e-3, 1])
    right.set_title(say(lang, "near y = 0 (log scale)", "y = 0 근처 (로그 눈금)"))
    right.set_xlabel(say(lang, "y (log scale)", "y (로그 눈금)"))
    right.grid(alpha=0.3)
    right.legend(loc="upper right")
    return fig
# --8<-- [end:plot_cross_entropy_curve]


# --8<-- [start:plot_minibatch_losses]
def plot_minibatch_losses(batch_sizes=(10, 100), draws=2000, seed=0, *, lang="en"):
    """Histogram the mean loss of many random mini-batches; return the Figure.

    The data are ``make_spirals(seed=seed)`` (300 points, 3 classes) and the model is
    the chapter's linear classifier ``softmax(x @ W + b)`` with seeded random ``W``.
    For each batch size, ``draws`` batches of distinct indices are drawn with
    ``rng.choice``; a dashed line marks the loss over all 300 points. ``lang`` is the
    language of the words, "en" or "ko".
    """
    x, t = make_spirals(seed=seed)
    rng = np.random.default_rng(seed)
    W, b = rng.standard_normal((2, 3)), np.zeros(3)
    y = softmax(x @ W + b)
    full_loss = cross_entropy_error(y, t)

    batch_losses = {}
    for batch_size in batch_sizes:
        losses = []
        for _ in range(draws):
            batch_mask = rng.choice(len(x), batch_size, replace=False)
            losses.append(cross_entropy_error(y[batch_mask], t[batch_mask]))
        batch_losses[batch_size] = losses

    fig, ax = new_figure(lang=lang)
    everything = np.concatenate(list(batch_losses.values()))
    bins = np.linspace(everything.min(), everything.max(), 60)  # one grid for all
    for batch_size, losses in batch_losses.items():
        spread = f"{np.std(losses):.3f}"
        ax.hist(losses, bins=bins, density=True, alpha=0.6,
                label=say(lang, f"batch of {batch_size}: spread (std) {spread}",
                          f"배치 크기 {batch_size}: 퍼짐(표준편차) {spread}"))
    ax.axvline(full_loss, color="0.2", linestyle="--",
               label=say(lang, f"loss over all {len(x)} points: {full_loss:.3f}",
                         f"점 {len(x)}개 전체의 손실: {full_loss:.3f}"))
    ax.set_xlabel(say(lang, "mean cross-entropy of a mini-batch",
                      "미니배치의 평균 교차 엔트로피"))
    ax.set_ylabel(say(lang, "how often (density)", "빈도 (밀도)"))
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize="small")
    return fig
# --8<-- [end:plot_minibatch_losses]


# --8<-- [start:plot_loss_vs_accuracy]
def plot_loss_vs_accuracy(low=-4.0, high=4.0, seed=0, *, lang="en"):
    """Vary one weight of a tiny classifier; plot its loss and its accuracy.

    The classifier is the chapter's: ``softmax(x @ W + b)`` on
    ``make_spirals(n_per_class=10, seed=seed)`` (30 points), seeded random ``W``. Only
    ``W[0, 0]`` moves, over ``[low, high]``; a dotted line marks its seeded value.
    Top: cross-entropy, smooth. Bottom: accuracy, flat steps. ``lang`` is the
    language of the words, "en" or "ko". Returns the Figure.
    """
    x, t = make_spirals(n_per_class=10, seed=seed)
    rng = np.random.default_rng(seed)
    W, b = rng.standard_normal((2, 3)), np.zeros(3)

    w00 = np.linspace(low, high, 801)
    losses, accuracies = [], []
    for value in w00:
        W_moved = W.copy()  # leave W itself as it is
        W_moved[0, 0] = value
        y = softmax(x @ W_moved + b)
        losses.append(cross_entropy_error(y, t))
        accuracies.append(np.mean(y.argmax(axis=1) == t))

    fig, axes = new_figure(2, 1, height=5.0, lang=lang)
    top, bottom = axes[:, 0]
    bottom.sharex(top)
    top.plot(w00, losses, color="C0", linewidth=2)
    top.set_title(say(lang, "loss: smooth, its slope says which way is down",
                      "손실: 매끄러워서, 기울기가 내려가는 쪽을 알려 준다"))
    top.set_ylabel(say(lang, "cross-entropy", "교차 엔트로피"))
    bottom.plot(w00, accuracies, color="C1", linewidth=2)
    bottom.set_title(say(lang, "accuracy: flat steps, slope 0 between the jumps",
                         "정확도: 평평한 계단, 뛰어오르는 곳 사이의 기울기는 0"))
    bottom.set_ylabel(say(lang, "accuracy", "정확도"))
    bottom.set_xlabel(say(lang, "W[0, 0], the one weight we vary",
                          "W[0, 0], 바꿔 보는 가중치 하나"))
    for ax in (top, bottom):
        ax.axvline(W[0, 0], color="0.4", linestyle=":")
        ax.grid(alpha=0.3)
    return fig
# --8<-- [end:plot_loss_vs_accuracy]


FIGURES = {
    "cross-entropy-curve": plot_cross_entropy_curve,
    "minibatch-losses": plot_minibatch_losses,
    "loss-vs-accuracy": plot_loss_vs_accuracy,
}
