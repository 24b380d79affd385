"""Chapter 9's figures, and its method (and the lab's): the test set is looked at once.

The site is built without a network and maybe without MNIST, so every figure of
``dlbook.plotting.mnist`` must either draw the real thing or say how to get the data,
never fail, in the English and in the Korean edition. Tests that need the real files are
skipped unless ``DLBOOK_DATA`` holds them.

The method: every choice is made on a validation set, and the test set is measured once,
at the end. The code of chapter 9 (both editions) and of the lab is read, not run: no
training run is handed the test set, no training loop touches it, and each network the
page trains meets the test set exactly once.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from dlbook.datasets import FASHION_CLASSES  # noqa: E402
from hooks.book import DOCS, parse_page, python_source  # noqa: E402
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


# ------------------------------------------------------- the method: the test set once

TEST_SETS = {"x_test", "t_test", "f_test", "ft_test"}  # chapter 9's and the lab's names
NETWORKS = {"MultiLayerNet", "TwoLayerNet"}
LAB = DOCS / "labs" / "train-your-own-classifier.py"


def page_code(path) -> ast.Module:
    """The page's own Python, every block in order (embedded package code left out)."""
    if path.suffix == ".py":  # a lab: a plain Python file
        return ast.parse(path.read_text(encoding="utf-8"))
    body = []
    for block in parse_page(path).code_blocks("python"):
        own = "\n".join(line for line in block.source.split("\n")
                        if not line.lstrip().startswith("--8<--"))
        body += ast.parse(python_source(own)).body
    return ast.Module(body=body, type_ignores=[])


def looks_at_test_data(node) -> bool:
    """Whether ``node`` reads test images or labels (their shape or length aside)."""
    parents = {child: parent for parent in ast.walk(node)
               for child in ast.iter_child_nodes(parent)}
    for name in ast.walk(node):
        if isinstance(name, ast.Name) and name.id in TEST_SETS:
            up = parents.get(name)
            shape = isinstance(up, ast.Attribute) and up.attr in ("shape", "dtype")
            size = (isinstance(up, ast.Call) and isinstance(up.func, ast.Name)
                    and up.func.id == "len")
            if not (shape or size):
                return True
    return False


def called(call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def calls(tree, name):
    return [c for c in ast.walk(tree) if isinstance(c, ast.Call) and called(c) == name]


SOURCES = [DOCS / "mnist.md", DOCS / "mnist.ko.md", LAB, LAB.with_suffix(".ko.py")]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_training_run_is_shown_the_test_set(path):
    tree = page_code(path)
    runs = calls(tree, "train")
    assert len(runs) >= (3 if path.suffix == ".py" else 6), "fewer train() calls than known"
    for run in runs:
        keywords = {k.arg for k in run.keywords}
        assert not keywords & {"x_test", "t_test"}, ast.unparse(run)
        assert not looks_at_test_data(run), ast.unparse(run)
    if path.suffix == ".md":  # each run of the chapter's networks watches validation data
        for run in runs:  # (an unnamed network is the dtype mistake, refused at once)
            if isinstance(run.args[0], ast.Name):
                assert "validation" in {k.arg for k in run.keywords}, ast.unparse(run)
    loops = [n for n in ast.walk(tree) if isinstance(n, (ast.For, ast.While))]
    training_loops = [loop for loop in loops
                      if calls(loop, "gradient") or calls(loop, "train")]
    assert training_loops, "the page has no training loop to check"
    for loop in training_loops:
        assert not looks_at_test_data(loop), f"{path.name}: a training loop reads the test set"


@pytest.mark.parametrize("path", SOURCES[:2], ids=lambda p: p.name)
def test_each_network_trained_in_chapter_9_meets_the_test_set_once(path):
    tree = page_code(path)
    built = {target.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
             and isinstance(node.value, ast.Call) and called(node.value) in NETWORKS
             for target in node.targets if isinstance(target, ast.Name)}
    trained = {run.args[0].id for run in calls(tree, "train")
               if isinstance(run.args[0], ast.Name)}
    trained |= {c.func.value.id for c in calls(tree, "gradient")
                if isinstance(c.func, ast.Attribute) and isinstance(c.func.value, ast.Name)}
    trained &= built
    assert trained == {"two_layer", "mlp", "softmax_net", "fashion_mlp"}
    looks = {name: 0 for name in trained}
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and looks_at_test_data(call)):
            continue
        if called(call) == "evaluate" and isinstance(call.args[0], ast.Name):
            network = call.args[0].id
        elif isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name):
            network = call.func.value.id  # net.predict(x_test), net.accuracy(x_test, ...)
        else:
            continue
        if network in looks and not any(looks_at_test_data(a) for a in ast.walk(call)
                                        if a is not call and isinstance(a, ast.Call)):
            looks[network] += 1
    assert looks == dict.fromkeys(trained, 1), looks


@pytest.mark.parametrize("path", SOURCES[2:], ids=lambda p: p.name)
def test_the_lab_looks_at_its_test_set_once_after_every_choice(path):
    tree = page_code(path)
    looks = [c for c in ast.walk(tree) if isinstance(c, ast.Call)
             and called(c) == "evaluate" and looks_at_test_data(c)]
    assert len(looks) == 1, [ast.unparse(c) for c in looks]
    others = [c for c in ast.walk(tree) if isinstance(c, ast.Call) and looks_at_test_data(c)
              and c not in looks and not any(c in ast.walk(look) for look in looks)
              and not any(look in ast.walk(c) for look in looks)]
    assert not others, [ast.unparse(c) for c in others]
    last_choice = max(c.lineno for c in calls(tree, "train") + calls(tree, "max"))
    assert looks[0].lineno > last_choice
