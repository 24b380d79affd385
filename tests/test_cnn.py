"""Chapter 13's network, ``SimpleConvNet``: the errors a learner meets with its data.

Its gradients and its two paths (``fast=True`` and ``False``) are checked in
``tests/test_conv.py``; here, what ``predict`` (and so ``loss`` and ``accuracy``)
refuses, and the book's call through ``import dlbook``.
"""

from __future__ import annotations

import numpy as np
import pytest

import dlbook
from dlbook.conv import BOOK_CONV_PARAM, SimpleConvNet


@pytest.mark.parametrize("fast", [True, False])
def test_flattened_mnist_rows_are_refused_with_the_fix(fast):
    net = SimpleConvNet(seed=0, fast=fast)
    with pytest.raises(ValueError, match=(
            r"expects x of shape \(N, 1, 28, 28\), got \(2, 784\) \(flattened images: "
            r"load_mnist\(flatten=False\)")):
        net.predict(np.zeros((2, 784)))


@pytest.mark.parametrize("shape", [(2, 1, 20, 20), (2, 3, 28, 28), (1, 28, 28)])
def test_images_of_another_shape_than_input_dim_are_refused(shape):
    net = SimpleConvNet(seed=0)
    with pytest.raises(ValueError) as error:
        net.loss(np.zeros(shape), np.zeros(shape[0], dtype=int))
    assert str(error.value) == (
        f"SimpleConvNet expects x of shape (N, 1, 28, 28), got {shape}")


def test_the_images_of_input_dim_pass():
    net = SimpleConvNet((2, 8, 8), {"filter_num": 3, "filter_size": 3, "pad": 1},
                        hidden_size=5, output_size=3, seed=0)
    assert net.input_dim == (2, 8, 8)
    assert net.predict(np.zeros((4, 2, 8, 8))).shape == (4, 3)
    assert net.accuracy(np.zeros((4, 2, 8, 8)), [0, 0, 0, 0], batch_size=3) == 1.0


def test_the_book_s_call_through_import_dlbook():
    assert dlbook.SimpleConvNet is SimpleConvNet
    assert dlbook.BOOK_CONV_PARAM is BOOK_CONV_PARAM
    net = dlbook.SimpleConvNet(input_dim=(1, 28, 28), conv_param=dict(BOOK_CONV_PARAM),
                               hidden_size=100, output_size=10, weight_init_std=0.01)
    assert sum(p.size for p in net.params.values()) == 433_890


# --- Chapter 13's figures: what they read --------------------------------------------


def test_initial_filters_are_where_the_command_line_starts_training():
    pytest.importorskip("matplotlib")
    from dlbook import cli
    from dlbook.plotting.cnn import initial_filters

    meta = {"seed": 3, "input_dim": [1, 28, 28], "conv_param": dict(BOOK_CONV_PARAM),
            "recipe": {"weight_init": "he", "dtype": "float32"}}
    start = cli._network(cli.MODELS["cnn"], 784, (100,), seed=3, dtype=np.float32)
    np.testing.assert_array_equal(initial_filters(meta), start.params["W1"])
    meta["recipe"]["weight_init"] = 0.01  # the book's start
    np.testing.assert_array_equal(
        initial_filters(meta), SimpleConvNet(seed=3, dtype=np.float32).params["W1"])


def test_the_learning_curve_without_the_validation_record_says_where_it_is(
        monkeypatch, tmp_path):
    pytest.importorskip("matplotlib")
    from dlbook.plotting import cnn

    monkeypatch.setattr(cnn, "RECIPE_RECORD", tmp_path / "cnn_recipe.json")
    texts = [t.get_text() for t in cnn.plot_cnn_learning_curve().axes[0].texts]
    assert any("benchmarks/cnn_recipe.json" in text for text in texts), texts
