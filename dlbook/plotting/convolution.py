"""Figures of chapter 12, "Convolution and pooling": how ``im2col`` lays out the windows
of an image as the rows of a matrix, what a fully connected layer sees of a digit, and
the feature maps of two edge filters on a real MNIST digit.

``edge_filters`` and ``digit_feature_maps`` compute what the last figure shows (the
chapter prints the same numbers), with ``dlbook.conv``'s own ``Convolution`` and
``Pooling``. The digit figures read MNIST with ``download=False``; without the data they
say so instead of failing.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle

from ..conv import Convolution, Pooling, im2col
from ..datasets import DataError, load_mnist
from ._canvas import new_figure
from .language import say
from .mnist import plot_data_missing

__all__ = [
    "edge_filters",
    "digit_feature_maps",
    "plot_im2col_layout",
    "plot_shuffled_digit",
    "plot_feature_maps",
]


# --8<-- [start:plot_im2col_layout]
def plot_im2col_layout(*, lang="en"):
    """A 4 x 4 image (numbers 0 to 15), its four 3 x 3 windows (stride 1, no padding)
    each in a colour, and ``im2col``'s matrix: one row per window, in the same colour.
    ``lang``: "en" or "ko". Returns the Figure.
    """
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    col = im2col(x, 3, 3)  # (4, 9): the windows, top-left, top-right, ...
    colors = ["C0", "C1", "C2", "C3"]
    fig = new_figure(height=2.9, lang=lang)[0]
    fig.clear()  # one plain Axes came with it; two of unequal widths instead
    image_ax, col_ax = fig.subplots(1, 2, width_ratios=[1, 2.4])
    for i in range(4):
        for j in range(4):
            image_ax.text(j + 0.5, i + 0.5, f"{x[0, 0, i, j]:.0f}", ha="center",
                          va="center", fontsize=10)
    for k, (top, left) in enumerate([(0, 0), (0, 1), (1, 0), (1, 1)]):
        inset = 0.06 + 0.06 * k  # nested, so that all four outlines show
        image_ax.add_patch(Rectangle((left + inset, top + inset), 3 - 2 * inset,
                                     3 - 2 * inset, fill=False, lw=2,
                                     edgecolor=colors[k]))
    image_ax.set_title(say(lang, "x: 1 image, 1 channel, 4 x 4",
                           "x: 이미지 1장, 채널 1개, 4 x 4"), fontsize=9)
    for row in range(col.shape[0]):
        col_ax.add_patch(Rectangle((0, row), 9, 1, color=colors[row], alpha=0.25))
        for c in range(col.shape[1]):
            col_ax.text(c + 0.5, row + 0.5, f"{col[row, c]:.0f}", ha="center",
                        va="center", fontsize=10)
        col_ax.text(-0.2, row + 0.5, say(lang, f"window {row}", f"윈도우 {row}"),
                    ha="right", va="center", fontsize=8, color=colors[row])
    col_ax.set_title(say(lang, "im2col(x, 3, 3): one row per window, (4, 9)",
                         "im2col(x, 3, 3): 윈도우 하나가 한 행, (4, 9)"), fontsize=9)
    for ax, (rows, cols) in [(image_ax, (4, 4)), (col_ax, col.shape)]:
        ax.set_xlim(0, cols)
        ax.set_ylim(rows, 0)  # row 0 at the top, as the arrays print
        ax.set_xticks(range(cols + 1), [])
        ax.set_yticks(range(rows + 1), [])
        ax.grid(True, color="0.7")
        ax.tick_params(length=0)
        ax.set_aspect("equal")
    return fig
# --8<-- [end:plot_im2col_layout]


# --8<-- [start:plot_shuffled_digit]
def plot_shuffled_digit(seed=0, *, lang="en"):
    """The first MNIST training digit, and the same 784 pixels in the order of one
    fixed random permutation (``np.random.default_rng(seed).permutation(784)``), the
    order the chapter trains a network on. Returns the Figure (``plot_data_missing``
    without MNIST).
    """
    try:
        (x_train, _), _ = load_mnist(download=False)
    except DataError as error:
        return plot_data_missing("MNIST", error, lang=lang)
    perm = np.random.default_rng(seed).permutation(784)
    fig, axes = new_figure(1, 2, height=2.6, lang=lang)
    titles = [say(lang, "a digit", "숫자 이미지"),
              say(lang, "its pixels shuffled", "화소를 섞은 것")]
    for ax, image, title in zip(axes[0], [x_train[0], x_train[0][perm]], titles):
        ax.imshow(image.reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(title, fontsize=9)
        ax.set_axis_off()
    return fig
# --8<-- [end:plot_shuffled_digit]


# --8<-- [start:edge_filters]
def edge_filters():
    """Two 3 x 3 filters as a bank ``W`` (2, 1, 3, 3): a vertical-edge filter (ink
    on the left, none on the right gives a large output) and its transpose, a
    horizontal-edge filter (ink above, none below). Each sums to 0, so a region of
    even ink, or of no ink, gives 0.
    """
    vertical = np.array([[1.0, 0.0, -1.0],
                         [2.0, 0.0, -2.0],
                         [1.0, 0.0, -1.0]])  # the Sobel filter
    return np.stack([vertical, vertical.T])[:, None]
# --8<-- [end:edge_filters]


# --8<-- [start:digit_feature_maps]
def digit_feature_maps(index=0):
    """MNIST training image ``index`` through ``edge_filters``, ReLU and max pooling.

    Returns ``(x, conv, pooled)``: the image (1, 1, 28, 28); ``Convolution(W, 0,
    pad=1)``'s output (1, 2, 28, 28), one feature map per filter; and ``Pooling(2, 2,
    stride=2)`` of its ReLU, (1, 2, 14, 14). Raises ``DataError`` without MNIST.
    """
    (x_train, _), _ = load_mnist(download=False)
    x = x_train[index].reshape(1, 1, 28, 28).astype(np.float64)
    conv = Convolution(edge_filters(), 0, pad=1).forward(x)
    pooled = Pooling(2, 2, stride=2).forward(np.maximum(conv, 0))
    return x, conv, pooled
# --8<-- [end:digit_feature_maps]


# --8<-- [start:plot_feature_maps]
def plot_feature_maps(index=0, *, lang="en"):
    """``digit_feature_maps(index)`` drawn: the digit; each filter's feature map (red
    positive, blue negative, one scale for both); each after ReLU and 2 x 2 max
    pooling. ``lang``: "en" or "ko". Returns the Figure (``plot_data_missing``
    without MNIST).
    """
    try:
        x, conv, pooled = digit_feature_maps(index)
    except DataError as error:
        return plot_data_missing("MNIST", error, lang=lang)
    fig, axes = new_figure(1, 5, height=1.9, lang=lang)
    axes = axes[0]
    axes[0].imshow(x[0, 0], cmap="gray_r", vmin=0, vmax=1)
    axes[0].set_title(say(lang, "digit (28 x 28)", "숫자 (28 x 28)"), fontsize=8)
    limit = np.abs(conv).max()
    names = [say(lang, "vertical edges", "세로 에지"),
             say(lang, "horizontal edges", "가로 에지")]
    for f in range(2):
        axes[1 + f].imshow(conv[0, f], cmap="RdBu_r", vmin=-limit, vmax=limit)
        axes[1 + f].set_title(f"{names[f]}\n(28 x 28)", fontsize=8)
        axes[3 + f].imshow(pooled[0, f], cmap="Reds", vmin=0, vmax=limit)
        axes[3 + f].set_title(say(lang, "ReLU, max pool\n(14 x 14)",
                                  "ReLU, 최대 풀링\n(14 x 14)"), fontsize=8)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    return fig
# --8<-- [end:plot_feature_maps]


FIGURES = {
    "im2col-layout": plot_im2col_layout,
    "shuffled-digit": plot_shuffled_digit,
    "conv-feature-maps": plot_feature_maps,
}
