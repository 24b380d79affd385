"""Figures of chapter 9, "MNIST": digits, mistakes, a confusion matrix, learning curves.

Every figure here reads MNIST (or Fashion-MNIST) from disk with ``download=False``: the
site is built without a network. On a machine without the data, each function returns a
figure that says so, instead of failing, so the book still builds there. Each figure is
cheap to draw: the mistakes and the confusion matrix come from ``SAMPLE_WEIGHTS``, a
network trained ahead of time, and the learning curves from a few seconds of training.
"""

from __future__ import annotations

import numpy as np

from ..datasets import (
    FASHION_CLASSES,
    DataError,
    load_fashion_mnist,
    load_mnist,
    split_validation,
)
from ..networks import MultiLayerNet
from ..optimizers import Adam
from ..training import confusion_matrix, train
from ..weights import SAMPLE_WEIGHTS, load_weights
from ._canvas import new_figure
from .language import say

__all__ = [
    "FASHION_CLASSES_KO",
    "plot_data_missing",
    "plot_digits",
    "plot_fashion_items",
    "plot_mistakes",
    "plot_confusion_matrix",
    "plot_learning_curves",
]


# --8<-- [start:plot_data_missing]
def plot_data_missing(what="MNIST", error=None, *, lang="en"):
    """A figure that says the data set ``what`` is not on this machine.

    Drawn in place of a real figure when loading raised ``DataError`` (``error``), so
    that the book builds anywhere. ``lang`` is the language of the notice, "en" or
    "ko". Returns the Figure.
    """
    fig, ax = new_figure(height=2.2, lang=lang)
    ax.set_axis_off()
    command = "fashion-mnist" if what == "Fashion-MNIST" else "mnist"
    ax.text(0.5, 0.6, say(lang, f"{what} is not available on this machine:",
                          f"이 컴퓨터에는 {what} 데이터가 없다:"),
            ha="center", va="center", fontsize=13)
    run = f"python -m dlbook download {command}"
    ax.text(0.5, 0.35, say(lang, f"run `{run}` or set DLBOOK_DATA",
                           f"`{run}` 실행 또는 DLBOOK_DATA 설정"),
            ha="center", va="center", fontsize=11, family="monospace")
    if error is not None:
        ax.text(0.5, 0.1, f"({type(error).__name__})", ha="center", va="center",
                fontsize=9, color="0.4")
    return fig
# --8<-- [end:plot_data_missing]


# --8<-- [start:draw_images]
def _draw_images(axes, images, titles, *, colors=None):
    """Show each 784-pixel image of ``images`` in one Axes of ``axes``, titled."""
    for i, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if i >= len(images):
            continue
        ax.imshow(images[i].reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
        color = colors[i] if colors is not None else "black"
        ax.set_title(titles[i], fontsize=9, color=color, pad=2)
# --8<-- [end:draw_images]


# --8<-- [start:plot_digits]
def plot_digits(n_rows=4, n_cols=10, *, data_dir=None, lang="en"):
    """The first ``n_rows * n_cols`` MNIST training images, each titled by its label.

    ``lang`` is the language of the titles, "en" or "ko". Returns the Figure (or
    ``plot_data_missing()`` without the data).
    """
    try:
        (x_train, t_train), _ = load_mnist(data_dir=data_dir, download=False)
    except DataError as error:
        return plot_data_missing("MNIST", error, lang=lang)
    n = n_rows * n_cols
    fig, axes = new_figure(n_rows, n_cols, height=0.75 * n_rows + 0.4, lang=lang)
    label = say(lang, "label", "레이블")
    _draw_images(axes, x_train[:n], [f"{label} {t}" for t in t_train[:n]])
    return fig
# --8<-- [end:plot_digits]


# --8<-- [start:plot_fashion_items]
# The names of FASHION_CLASSES in Korean, in the same order (class 0 to 9).
FASHION_CLASSES_KO = ("티셔츠/톱", "바지", "풀오버", "드레스", "코트", "샌들", "셔츠",
                      "스니커즈", "가방", "앵클 부츠")


def plot_fashion_items(n_per_class=4, *, data_dir=None, lang="en"):
    """The first ``n_per_class`` Fashion-MNIST training images of each class.

    One column per class (0 to 9), headed by its number and name from
    ``FASHION_CLASSES`` (``lang="en"``) or ``FASHION_CLASSES_KO`` (``lang="ko"``).
    Returns the Figure (or ``plot_data_missing()``).
    """
    try:
        (x_train, t_train), _ = load_fashion_mnist(data_dir=data_dir, download=False)
    except DataError as error:
        return plot_data_missing("Fashion-MNIST", error, lang=lang)
    fig, axes = new_figure(n_per_class, 10, height=0.7 * n_per_class + 0.6, lang=lang)
    classes = say(lang, FASHION_CLASSES, FASHION_CLASSES_KO)
    for label in range(10):
        column = axes[:, label]
        first = np.flatnonzero(t_train == label)[:n_per_class]
        name = classes[label].replace(" ", "\n").replace("/", "/\n")
        _draw_images(column, x_train[first], [f"{label}\n{name}"] + [""] * n_per_class)
    return fig
# --8<-- [end:plot_fashion_items]


# --8<-- [start:sample_predictions]
def _sample_predictions(data_dir):
    """``(x_test, t_test, y)``: MNIST's test set and the sample network's answers."""
    _, (x_test, t_test) = load_mnist(data_dir=data_dir, download=False)
    net, _ = load_weights(SAMPLE_WEIGHTS)
    y = net.predict(x_test).argmax(axis=1)
    return x_test, t_test, y
# --8<-- [end:sample_predictions]


# --8<-- [start:plot_mistakes]
def plot_mistakes(n_rows=3, n_cols=8, *, data_dir=None, lang="en"):
    """The first test digits the sample network (``SAMPLE_WEIGHTS``) gets wrong.

    Each is titled "true -> predicted"; ``lang`` is the language of the words, "en"
    or "ko". Returns the Figure (or ``plot_data_missing()``).
    """
    try:
        x_test, t_test, y = _sample_predictions(data_dir)
    except DataError as error:
        return plot_data_missing("MNIST", error, lang=lang)
    wrong = np.flatnonzero(y != t_test)[: n_rows * n_cols]
    fig, axes = new_figure(n_rows, n_cols, height=0.95 * n_rows + 0.5, lang=lang)
    titles = [f"{t_test[i]} \u2192 {y[i]}" for i in wrong]
    _draw_images(axes, x_test[wrong], titles, colors=["C3"] * len(wrong))
    n_wrong, n = np.sum(y != t_test), len(y)
    fig.suptitle(say(lang, f"{n_wrong} of {n} test digits are misread "
                           "(true \u2192 predicted); the first few:",
                     f"시험 숫자 {n}개 중 {n_wrong}개를 잘못 읽었다 "
                     "(실제 \u2192 예측). 그중 처음 몇 개:"), fontsize=10)
    return fig
# --8<-- [end:plot_mistakes]


# --8<-- [start:plot_confusion_matrix]
def plot_confusion_matrix(*, data_dir=None, lang="en"):
    """The sample network's confusion matrix on the 10,000 MNIST test digits.

    Rows are true digits, columns predicted ones; every cell shows its count. The
    colour scale ignores the diagonal (about 1,000 each), so the mistakes stand out.
    ``lang`` is the language of the words, "en" or "ko". Returns the Figure (or
    ``plot_data_missing()``).
    """
    try:
        _, t_test, y = _sample_predictions(data_dir)
    except DataError as error:
        return plot_data_missing("MNIST", error, lang=lang)
    counts = confusion_matrix(y, t_test)
    mistakes = np.where(np.eye(10, dtype=bool), 0, counts)

    fig, ax = new_figure(height=5.6, lang=lang)
    image = ax.imshow(mistakes, cmap="Reds", vmin=0)
    for i in range(10):
        for j in range(10):
            on_diagonal = i == j
            dark = not on_diagonal and mistakes[i, j] > 0.6 * mistakes.max()
            ax.text(j, i, counts[i, j], ha="center", va="center",
                    fontsize=7 if on_diagonal else 8,
                    color="white" if dark else ("0.45" if on_diagonal else "black"))
    ax.set_xticks(range(10))
    ax.set_yticks(range(10))
    ax.set_xlabel(say(lang, "predicted digit", "예측한 숫자"))
    ax.set_ylabel(say(lang, "true digit", "실제 숫자"))
    right, wrong = np.trace(counts), counts.sum() - np.trace(counts)
    ax.set_title(say(lang, f"sample network: {right} right, {wrong} wrong "
                           "(colour: mistakes only)",
                     f"샘플 신경망: 맞힘 {right}, 틀림 {wrong} (색: 틀린 답만)"),
                 fontsize=10)
    fig.colorbar(image, ax=ax, label=say(lang, "how many test digits", "시험 숫자의 개수"),
                 shrink=0.8)
    return fig
# --8<-- [end:plot_confusion_matrix]


# --8<-- [start:plot_learning_curves]
def plot_learning_curves(epochs=10, hidden=50, n_train=5_000, seed=0, *,
                         data_dir=None, lang="en"):
    """Train a small MLP for a few seconds and draw what ``train`` recorded.

    The network is ``784-hidden-10`` (ReLU, He init, float32), trained with Adam (lr
    1e-3, batch 100) on the first ``n_train`` images of the chapter's training part and
    measured after every epoch on its validation set: the 6,000 images that
    ``split_validation(x_train, t_train, 0.1, seed=0)`` sets aside. The test set is not
    used. Left: mean loss per epoch; right: training and validation accuracy.
    ``lang`` is the language of the words, "en" or "ko". Returns the Figure (or
    ``plot_data_missing()``).
    """
    try:
        (x_train, t_train), _ = load_mnist(data_dir=data_dir, download=False)
    except DataError as error:
        return plot_data_missing("MNIST", error, lang=lang)
    (x_train, t_train), validation = split_validation(x_train, t_train, 0.1, seed=0)
    net = MultiLayerNet(784, [hidden], 10, seed=seed, dtype=np.float32)
    history = train(net, Adam(lr=1e-3), x_train[:n_train], t_train[:n_train],
                    epochs=epochs, validation=validation, seed=seed, progress=False)

    fig, axes = new_figure(1, 2, height=3.4, lang=lang)
    left, right = axes[0]
    epoch = np.arange(1, epochs + 1)
    left.plot(epoch, history.loss, "o-", color="C0")
    left.set_title(say(lang, "training loss", "훈련 손실"))
    left.set_xlabel(say(lang, "epoch", "에폭"))
    left.set_ylabel(say(lang, "mean cross-entropy", "평균 교차 엔트로피"))
    right.plot(epoch, history.train_acc, "o-", color="C0",
               label=say(lang, "training set", "훈련 데이터"))
    right.plot(epoch, history.val_acc, "s--", color="C1",
               label=say(lang, "validation set", "검증 데이터"))
    right.set_title(say(lang, "accuracy", "정확도"))
    right.set_xlabel(say(lang, "epoch", "에폭"))
    right.set_ylabel(say(lang, "accuracy", "정확도"))
    right.legend(loc="lower right")
    for ax in (left, right):
        ax.set_xticks(epoch)
        ax.grid(alpha=0.3)
    fig.suptitle(say(lang, f"784-{hidden}-10 MLP, Adam, trained on {n_train:,} images",
                     f"이미지 {n_train:,}장으로 학습한 784-{hidden}-10 MLP, Adam"),
                 fontsize=10)
    return fig
# --8<-- [end:plot_learning_curves]


FIGURES = {
    "mnist-digits": plot_digits,
    "mnist-mistakes": plot_mistakes,
    "mnist-confusion-matrix": plot_confusion_matrix,
    "mnist-learning-curves": plot_learning_curves,
    "fashion-mnist-items": plot_fashion_items,
}
