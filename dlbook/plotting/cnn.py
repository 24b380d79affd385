"""Figures of chapter 13, "A CNN for MNIST": filters, training, mistakes, MLP vs CNN.

Nothing here trains: every figure reads the weights dlbook ships (``CNN_WEIGHTS``,
``FASHION_CNN_WEIGHTS``, ``FASHION_MLP_WEIGHTS`` and chapter 9's ``SAMPLE_WEIGHTS``) and
the data from disk with ``download=False``; without the data a figure says so
(``plot_data_missing``) instead of failing. A network's answers on a test set are
computed once per process and remembered, since several figures use the same ones.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np

from ..conv import SimpleConvNet
from ..datasets import FASHION_CLASSES, DataError, load_fashion_mnist, load_mnist
from ..training import confusion_matrix
from ..weights import (
    CNN_WEIGHTS,
    FASHION_CNN_WEIGHTS,
    FASHION_MLP_WEIGHTS,
    SAMPLE_WEIGHTS,
    load_weights,
)
from ._canvas import new_figure
from .language import say
from .mnist import FASHION_CLASSES_KO, _draw_images, plot_data_missing

__all__ = [
    "answers_on_test_set",
    "initial_filters",
    "plot_filters",
    "plot_cnn_learning_curve",
    "plot_cnn_mistakes",
    "plot_cnn_vs_mlp",
    "plot_fashion_cnn_vs_mlp",
]

# --8<-- [start:answers_on_test_set]
LOADERS = {"MNIST": load_mnist, "Fashion-MNIST": load_fashion_mnist}


@cache
def answers_on_test_set(weights, dataset="MNIST", data_dir=None, batch_size=1000):
    """``(x_test, t_test, y)``: a data set's test images (N, 1, 28, 28), their labels
    and the answers of the network saved in ``weights``, all (N,) ints.

    ``dataset`` is "MNIST" or "Fashion-MNIST". The images are shaped for the network:
    a CNN (a ``SimpleConvNet``) gets them as (N, 1, 28, 28), an MLP flattened to
    (N, 784).
    ``batch_size`` images at a time, so memory stays small. Remembered per argument
    tuple (do not change the arrays it returns); raises ``DataError`` without data.
    """
    _, (x_test, t_test) = LOADERS[dataset](flatten=False, data_dir=data_dir,
                                           download=False)
    net, _ = load_weights(weights)
    convolutional = net.params["W1"].ndim == 4  # filters (FN, C, FH, FW)
    x = x_test if convolutional else x_test.reshape(len(x_test), -1)
    y = np.concatenate([net.predict(x[i:i + batch_size]).argmax(axis=1)
                        for i in range(0, len(x), batch_size)])
    return x_test, t_test, y
# --8<-- [end:answers_on_test_set]


# --8<-- [start:initial_filters]
def initial_filters(meta):
    """The first layer's filters (FN, C, FH, FW) as training started, for the weights
    file whose ``meta`` is given (``load_weights``' second value).

    As ``python -m dlbook train --model cnn`` starts them: ``SimpleConvNet``'s seeded
    draws (seed ``meta["seed"]``, dtype the recipe's) with the recipe's
    ``weight_init`` as its ``weight_init_std`` (the book's 0.01, say, or ``"he"``:
    sqrt(2 / 25) for the book's 5 x 5 filters).
    """
    return SimpleConvNet(tuple(meta["input_dim"]), meta["conv_param"],
                         weight_init_std=meta["recipe"]["weight_init"],
                         seed=meta["seed"],
                         dtype=np.dtype(meta["recipe"]["dtype"])).params["W1"]
# --8<-- [end:initial_filters]


# --8<-- [start:plot_filters]
def plot_filters(*, lang="en"):
    """The 30 first-layer filters of the shipped CNN: before training, after, and
    what training changed (after minus before).

    Before: ``initial_filters``, the seeded draws training started from. After:
    ``CNN_WEIGHTS``. Each 5 x 5 filter is drawn in grey (``gray_r``: dark for large
    weights), scaled to its own range, as in the book's figure 7-24. Returns the
    Figure.
    """
    trained, meta = load_weights(CNN_WEIGHTS)
    before, after = initial_filters(meta), trained.params["W1"]
    fig, ax = new_figure(height=6.6, lang=lang)
    ax.remove()  # three panels, each a grid of 3 x 10 filters
    panels = fig.subfigures(3, 1)
    for panel, W1, title in [
            (panels[0], before, say(lang, "before training (random, seeded)",
                                    "학습 전 (무작위, 시드 고정)")),
            (panels[1], after, say(lang, "after training", "학습 후")),
            (panels[2], after - before, say(lang, "what training changed: after "
                                            "\u2212 before", "학습이 바꾼 것: 학습 후 "
                                            "\u2212 학습 전"))]:
        panel.suptitle(title, fontsize=10)
        for i, ax in enumerate(panel.subplots(3, 10).flat):
            ax.set_axis_off()
            ax.imshow(W1[i, 0], cmap="gray_r", interpolation="nearest")
    return fig
# --8<-- [end:plot_filters]


# The validation record that chose the shipped CNN's recipe (benchmarks/cnn_recipe.py):
# in the book's repository, beside the package.
RECIPE_RECORD = Path(__file__).resolve().parents[2] / "benchmarks" / "cnn_recipe.json"


def _record_missing(lang):
    """A figure that says the validation record is only in the book's repository."""
    fig, ax = new_figure(height=2.2, lang=lang)
    ax.set_axis_off()
    ax.text(0.5, 0.6, say(lang, "The validation record is not in this installation:",
                          "이 설치에는 검증 기록이 없다:"),
            ha="center", va="center", fontsize=13)
    ax.text(0.5, 0.35, say(lang, "benchmarks/cnn_recipe.json, in the book's repository",
                           "책 저장소의 benchmarks/cnn_recipe.json"),
            ha="center", va="center", fontsize=11, family="monospace")
    return fig


# --8<-- [start:plot_cnn_learning_curve]
def _setting(run, lang):
    """A candidate of the record in words: "He, lr 0.001, x0.6 per epoch"."""
    init = run["weight_init"]
    init = "He" if init == "he" else say(lang, f"std {init}", f"표준편차 {init}")
    decay = ""
    if run["lr_decay"] != 1:
        decay = say(lang, f", \u00d7{run['lr_decay']} per epoch",
                    f", 에폭마다 \u00d7{run['lr_decay']}")
    return f"{init}, lr {run['lr']}{decay}"


def plot_cnn_learning_curve(record=None, *, lang="en"):
    """How the shipped CNN's recipe was chosen, from its validation record.

    ``record`` is the dict of ``benchmarks/cnn_recipe.json`` (read from there by
    default): every candidate setting trained on MNIST's training images less a
    validation tenth. Left: each candidate's validation accuracy after every
    epoch, the chosen one drawn thick. Right: the chosen candidate's training and
    validation loss. The test set is in neither. Returns the Figure.
    """
    if record is None:
        if not RECIPE_RECORD.is_file():  # an installed dlbook, outside the repository
            return _record_missing(lang)
        record = json.loads(RECIPE_RECORD.read_text(encoding="utf-8"))
    chosen = record["chosen"]
    fig, axes = new_figure(1, 2, height=3.6, lang=lang)
    left, right = axes[0]
    for run in record["runs"]:
        is_chosen = all(run[key] == chosen[key]
                        for key in ("weight_init", "lr", "lr_decay"))
        epoch = np.arange(1, len(run["val_acc"]) + 1)
        style = "o-" if is_chosen else (".-" if run["weight_init"] == "he" else ".--")
        left.plot(epoch, run["val_acc"], style,
                  lw=2.5 if is_chosen else 1, ms=4, label=_setting(run, lang),
                  zorder=3 if is_chosen else 2)
        if is_chosen:
            right.plot(epoch, run["train_loss"], "o-", color="C0",
                       label=say(lang, "training set", "훈련 데이터"))
            right.plot(epoch, run["val_loss"], "s--", color="C1",
                       label=say(lang, "validation set", "검증 데이터"))
            right.axvline(chosen["epochs"], color="0.5", lw=1, ls=":")
    left.set_title(say(lang, "validation accuracy of each candidate",
                       "후보별 검증 정확도"), fontsize=10)
    left.legend(fontsize=6, loc="lower right")
    right.set_title(say(lang, "the chosen one: loss", "선택된 후보: 손실"), fontsize=10)
    right.set_ylabel(say(lang, "mean cross-entropy", "평균 교차 엔트로피"))
    right.legend(fontsize=8)
    for ax in (left, right):
        ax.set_xlabel(say(lang, "epoch", "에폭"))
        ax.grid(alpha=0.3)
    return fig
# --8<-- [end:plot_cnn_learning_curve]


# --8<-- [start:plot_cnn_mistakes]
def plot_cnn_mistakes(n_rows=4, n_cols=10, *, data_dir=None, lang="en"):
    """The first MNIST test digits the shipped CNN gets wrong, "true -> predicted".

    A title is red where chapter 9's MLP (``SAMPLE_WEIGHTS``) misreads the digit too,
    orange where the MLP reads it right. Returns the Figure (or
    ``plot_data_missing()`` without the data).
    """
    try:
        x_test, t_test, y = answers_on_test_set(CNN_WEIGHTS, "MNIST", data_dir)
        _, _, y_mlp = answers_on_test_set(SAMPLE_WEIGHTS, "MNIST", data_dir)
    except DataError as error:
        return plot_data_missing("MNIST", error, lang=lang)
    wrong = np.flatnonzero(y != t_test)
    shown = wrong[: n_rows * n_cols]
    mlp_wrong_too = y_mlp[shown] != t_test[shown]
    fig, axes = new_figure(n_rows, n_cols, height=0.85 * n_rows + 0.6, lang=lang)
    _draw_images(axes, x_test[shown], [f"{t} \u2192 {p}" for t, p in
                                       zip(t_test[shown], y[shown])],
                 colors=np.where(mlp_wrong_too, "C3", "C1"))
    fig.suptitle(say(
        lang, f"the CNN misreads {len(wrong)} of {len(y):,} test digits (true \u2192 "
              "predicted), the first few;\nred: the MLP misreads it too, orange: the "
              "MLP reads it right",
        f"CNN은 시험 숫자 {len(y):,}개 중 {len(wrong)}개를 잘못 읽는다(실제 \u2192 예측). "
        "그중 처음 몇 개.\n빨강: MLP도 틀림, 주황: MLP는 맞힘"), fontsize=9)
    return fig
# --8<-- [end:plot_cnn_mistakes]


# --8<-- [start:plot_cnn_vs_mlp]
def plot_cnn_vs_mlp(*, data_dir=None, lang="en"):
    """The mistakes of chapter 9's MLP (``SAMPLE_WEIGHTS``) and the CNN, side by side.

    Two confusion matrices on the MNIST test set, rows the true digit and columns
    the predicted one, the diagonal (right answers) left blank; one colour scale for
    both, so the same shade is the same count. Returns the Figure (or
    ``plot_data_missing()``).
    """
    try:
        _, t_test, y_mlp = answers_on_test_set(SAMPLE_WEIGHTS, "MNIST", data_dir)
        _, _, y_cnn = answers_on_test_set(CNN_WEIGHTS, "MNIST", data_dir)
    except DataError as error:
        return plot_data_missing("MNIST", error, lang=lang)
    fig, axes = new_figure(1, 2, height=3.6, lang=lang)
    blank = np.eye(10, dtype=bool)
    counts = {"MLP": confusion_matrix(y_mlp, t_test),
              "CNN": confusion_matrix(y_cnn, t_test)}
    top = max(np.where(blank, 0, c).max() for c in counts.values())
    for ax, (name, c) in zip(axes[0], counts.items()):
        mistakes = np.where(blank, 0, c)
        image = ax.imshow(np.ma.masked_where(blank, mistakes), cmap="Reds", vmin=0,
                          vmax=top)
        for i, j in zip(*np.nonzero(mistakes)):
            ax.text(j, i, mistakes[i, j], ha="center", va="center", fontsize=6,
                    color="white" if mistakes[i, j] > 0.6 * top else "black")
        ax.set_xticks(range(10))
        ax.set_yticks(range(10))
        ax.tick_params(labelsize=7)
        ax.set_xlabel(say(lang, "predicted digit", "예측한 숫자"), fontsize=9)
        ax.set_ylabel(say(lang, "true digit", "실제 숫자"), fontsize=9)
        ax.set_title(say(lang, f"{name}: {mistakes.sum()} mistakes",
                         f"{name}: 틀린 답 {mistakes.sum()}개"), fontsize=10)
    fig.colorbar(image, ax=axes[0].tolist(), shrink=0.8,
                 label=say(lang, "how many test digits", "시험 숫자의 개수"))
    return fig
# --8<-- [end:plot_cnn_vs_mlp]


# --8<-- [start:plot_fashion_cnn_vs_mlp]
def plot_fashion_cnn_vs_mlp(*, data_dir=None, lang="en"):
    """Fashion-MNIST's test accuracy per class: the MLP's and the CNN's bars.

    The shipped ``FASHION_MLP_WEIGHTS`` and ``FASHION_CNN_WEIGHTS``; classes named
    as in ``FASHION_CLASSES`` (``FASHION_CLASSES_KO`` in Korean). Returns the Figure
    (or ``plot_data_missing()``).
    """
    try:
        _, t_test, y_mlp = answers_on_test_set(FASHION_MLP_WEIGHTS, "Fashion-MNIST",
                                            data_dir)
        _, _, y_cnn = answers_on_test_set(FASHION_CNN_WEIGHTS, "Fashion-MNIST",
                                          data_dir)
    except DataError as error:
        return plot_data_missing("Fashion-MNIST", error, lang=lang)
    fig, ax = new_figure(height=3.6, lang=lang)
    classes = np.arange(10)
    bars = [(-0.2, "MLP", y_mlp, "C0"), (0.2, "CNN", y_cnn, "C2")]
    for shift, name, y, color in bars:
        per_class = [np.mean(y[t_test == c] == c) for c in classes]
        ax.bar(classes + shift, per_class, width=0.4, color=color,
               label=f"{name} ({np.mean(y == t_test):.1%})")
    names = say(lang, FASHION_CLASSES, FASHION_CLASSES_KO)
    ax.set_xticks(classes, [n.replace(" ", "\n") for n in names], fontsize=7)
    ax.set_ylim(0.5, 1.07)
    ax.set_ylabel(say(lang, "test accuracy of the class", "클래스별 시험 정확도"))
    ax.legend(loc="upper center", ncol=2, fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(say(lang, "Fashion-MNIST: the same two kinds of network",
                     "Fashion-MNIST: 같은 두 종류의 신경망"), fontsize=10)
    return fig
# --8<-- [end:plot_fashion_cnn_vs_mlp]


FIGURES = {
    "cnn-filters": plot_filters,
    "cnn-learning-curve": plot_cnn_learning_curve,
    "cnn-mistakes": plot_cnn_mistakes,
    "cnn-vs-mlp": plot_cnn_vs_mlp,
    "cnn-fashion": plot_fashion_cnn_vs_mlp,
}
