"""Chapter 9's figures: drawn for real with the data, a clear notice without.

The site is built without a network and maybe without MNIST, so every figure of
``dlbook.plotting.mnist`` must either draw the real thing or say how to get the data,
never fail, in the English and in the Korean edition. Tests that need the real files are
skipped unless ``DLBOOK_DATA`` holds them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from dlbook.datasets import FASHION_CLASSES  # noqa: E402
from dlbook.plotting import mnist, use_korean_font  # noqa: E402
from dlbook.plotting.mnist import (  # noqa: E402
    FASHION_CLASSES_KO,
    plot_confusion_matrix,
    plot_data_missing,
    plot_digits,
    plot_fashion_items,
    plot_learning_curves,
    plot_mistakes,
)

REAL = os.environ.get("DLBOOK_DATA")
needs_real_data = pytest.mark.skipif(
    not (REAL and Path(REAL, "mnist").is_dir() and Path(REAL, "fashion-mnist").is_dir()),
    reason="set DLBOOK_DATA to a folder holding mnist/ and fashion-mnist/",
)


def texts(fig) -> str:
    """Every piece of text drawn on a figure (titles, labels, annotations), joined."""
    found = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        found += [t.get_text() for t in ax.texts]
        found += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    return "\n".join(found)


def n_images(fig) -> int:
    return sum(len(ax.images) for ax in fig.axes)


HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture
def korean_font():
    """The font the book's build draws Hangul with (``make install`` downloads it)."""
    from hooks.fonts import TTF

    if not TTF.is_file():
        pytest.skip("Noto Sans KR (TrueType) is not installed: run `make install`")
    use_korean_font(TTF)


@pytest.fixture
def no_data(tmp_path, monkeypatch):
    """A machine without the data sets: no DLBOOK_DATA, an empty cache and data_dir."""
    monkeypatch.delenv("DLBOOK_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # the cache folder on macOS
    empty = tmp_path / "empty"
    empty.mkdir()
    return empty


# ------------------------------------------------------------------ without the data


def test_the_placeholder_says_what_is_missing_and_how_to_get_it():
    words = texts(plot_data_missing("Fashion-MNIST"))
    assert "Fashion-MNIST is not available on this machine" in words
    assert "python -m dlbook download fashion-mnist" in words
    assert "DLBOOK_DATA" in words


@pytest.mark.parametrize("draw", [plot_digits, plot_mistakes, plot_confusion_matrix,
                                  plot_learning_curves])
def test_mnist_figures_without_data_show_the_placeholder(draw, no_data):
    fig = draw(data_dir=no_data)
    words = texts(fig)
    assert "MNIST is not available on this machine" in words
    assert "python -m dlbook download mnist" in words
    assert n_images(fig) == 0


def test_fashion_figure_without_data_shows_the_placeholder(no_data):
    words = texts(plot_fashion_items(data_dir=no_data))
    assert "Fashion-MNIST is not available on this machine" in words


@pytest.mark.parametrize("draw", [plot_digits, plot_mistakes, plot_confusion_matrix,
                                  plot_learning_curves, plot_fashion_items])
def test_the_placeholder_speaks_korean_in_a_korean_figure(draw, no_data, korean_font):
    words = texts(draw(data_dir=no_data, lang="ko"))
    what = "Fashion-MNIST" if draw is plot_fashion_items else "MNIST"
    assert f"이 컴퓨터에는 {what} 데이터가 없다" in words
    assert f"python -m dlbook download {what.lower()}" in words
    assert "DLBOOK_DATA" in words
    assert "not available" not in words


def test_every_registered_figure_draws_without_data_and_without_network(
    no_data, monkeypatch
):
    """What the site build does on a machine with no data: no error, no download."""
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("a figure tried to download")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    for name, draw in mnist.FIGURES.items():
        assert "not available on this machine" in texts(draw()), name


# ------------------------------------------------------------------ with the data


@needs_real_data
def test_digits_grid_shows_the_first_training_images_with_their_labels():
    fig = plot_digits(n_rows=2, n_cols=5)
    assert n_images(fig) == 10
    assert [ax.get_title() for ax in fig.axes[:5]] == [
        "label 5", "label 0", "label 4", "label 1", "label 9"
    ]


@needs_real_data
def test_mistakes_are_titled_true_then_predicted_and_really_wrong():
    fig = plot_mistakes(n_rows=1, n_cols=6)
    titles = [ax.get_title() for ax in fig.axes if ax.images]
    assert len(titles) == 6
    for title in titles:
        true, predicted = title.split(" \u2192 ")
        assert true != predicted
    assert "447 of 10000" in texts(fig)


@needs_real_data
def test_confusion_matrix_figure_counts_every_test_digit():
    fig = plot_confusion_matrix()
    ax = fig.axes[0]
    cells = [int(t.get_text()) for t in ax.texts]
    assert len(cells) == 100 and sum(cells) == 10_000
    assert "9553 right, 447 wrong" in ax.get_title()


@needs_real_data
def test_learning_curves_plot_one_point_per_epoch():
    fig = plot_learning_curves(epochs=2, hidden=8, n_train=300)
    loss_ax, acc_ax = fig.axes[:2]
    assert len(loss_ax.lines[0].get_xdata()) == 2
    assert [line.get_label() for line in acc_ax.lines] == ["training set",
                                                           "validation set"]


@needs_real_data
def test_fashion_grid_has_one_column_per_class():
    fig = plot_fashion_items(n_per_class=2)
    assert n_images(fig) == 20
    headings = [ax.get_title() for ax in fig.axes[:10]]
    assert headings[9] == "9\nAnkle\nboot" and headings[1] == "1\nTrouser"


def test_the_korean_class_names_are_one_for_each_class():
    assert len(FASHION_CLASSES_KO) == len(FASHION_CLASSES) == 10
    assert all(HANGUL.search(name) for name in FASHION_CLASSES_KO)


@needs_real_data
def test_the_korean_fashion_grid_names_the_classes_in_korean(korean_font):
    fig = plot_fashion_items(n_per_class=1, lang="ko")
    headings = [ax.get_title() for ax in fig.axes[:10]]
    assert headings[9] == "9\n앵클\n부츠" and headings[0] == "0\n티셔츠/\n톱"
