"""The training module: loops and measurements that need nothing but NumPy.

The chapters' experiments (``train_by_backprop``, ``train_on_spirals``) and the
measurements of a trained network (``confusion_matrix``) live in ``dlbook.training``, not
in ``dlbook.plotting``: they must work where matplotlib is not installed.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlbook import (
    SGD,
    MultiLayerNet,
    TwoLayerNet,
    confusion_matrix,
    evaluate,
    make_spirals,
    minibatches,
    train,
    train_by_backprop,
)


def test_the_experiments_run_without_matplotlib():
    # matplotlib made unimportable: every computation the figures draw must still run.
    code = textwrap.dedent("""
        import sys
        sys.modules["matplotlib"] = None
        import numpy as np
        import dlbook
        net, losses = dlbook.train_on_spirals(dlbook.SGD(lr=0.1), epochs=2)
        assert losses.shape == (3,) and losses[-1] < losses[0]
        outputs = dlbook.hidden_activations("sigmoid", "xavier", n_samples=10)
        assert len(outputs) == 5 and outputs[0].shape == (10, 100)
        path = dlbook.optimizer_path(dlbook.SGD(lr=0.95), steps=3)
        assert path.shape == (4, 2)
        x, t = dlbook.make_spirals(seed=0)
        net = dlbook.TwoLayerNet(2, 5, 3, weight_init_std=1.0, seed=0)
        losses = dlbook.train_by_backprop(net, x, t, iters=3)
        assert len(losses) == 3
        counts = dlbook.confusion_matrix([0, 1], [0, 0], n_classes=2)
        assert counts.tolist() == [[1, 1], [0, 0]]
        assert dlbook.bowl(np.zeros(2)) == 0.0 and len(dlbook.FASHION_CLASSES) == 10
        assert "matplotlib.pyplot" not in sys.modules
    """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_train_by_backprop_returns_the_loss_before_each_step():
    x, t = make_spirals(seed=0)
    net = TwoLayerNet(2, 10, 3, weight_init_std=1.0, seed=0)
    first = net.loss(x, t)
    losses = train_by_backprop(net, x, t, lr=1.0, iters=20)
    assert len(losses) == 20 and losses[0] == first
    assert net.loss(x, t) < losses[-1] < losses[0]


def test_confusion_matrix_counts_repeated_pairs():
    counts = confusion_matrix([1, 1, 1, 0], [1, 1, 0, 0], n_classes=2)
    assert counts.tolist() == [[1, 1], [0, 2]]  # row: true class, column: predicted


@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), min_size=1,
                max_size=50))
def test_confusion_matrix_adds_up(pairs):
    y, t = (np.array(column) for column in zip(*pairs))
    counts = confusion_matrix(y, t)
    assert counts.shape == (10, 10) and counts.sum() == len(y)
    assert np.trace(counts) == np.sum(y == t)
    assert np.array_equal(counts.sum(axis=1), np.bincount(t, minlength=10))


def test_confusion_matrix_does_not_change_its_inputs():
    y, t = np.array([3, 1, 2]), np.array([3, 2, 2])
    confusion_matrix(y, t)
    assert y.tolist() == [3, 1, 2] and t.tolist() == [3, 2, 2]


def test_confusion_matrix_names_mismatched_shapes():
    with pytest.raises(ValueError, match=r"\(3,\) and \(2,\)"):
        confusion_matrix([0, 1, 2], [0, 1])


# ---------------------------------------------------------------- a learner's mistakes


def perfect_net_and_data():
    """A network whose predictions are exactly t (identity weights, 3 classes)."""
    net = MultiLayerNet(3, [], 3, seed=0)
    net.params["W1"][...] = np.eye(3)
    x = np.eye(3)[[0, 2, 1, 1, 0, 2]]
    return net, x, np.array([0, 2, 1, 1, 0, 2])


def test_evaluate_of_a_perfect_network_is_one_in_any_slices():
    net, x, t = perfect_net_and_data()
    assert evaluate(net, x, t) == 1.0 and evaluate(net, x, np.eye(3)[t], batch_size=4) == 1.0


def test_evaluate_refuses_labels_shaped_n_by_1():
    # (N, 1) labels broadcast against each slice's predictions: 0.33, not 1.0.
    net, x, t = perfect_net_and_data()
    with pytest.raises(ValueError, match=r"evaluate: .*\(6, 3\).*\(6,\).*got \(6, 1\)"):
        evaluate(net, x, t.reshape(-1, 1))


def test_evaluate_refuses_one_label_for_every_sample():
    net, x, _ = perfect_net_and_data()
    with pytest.raises(ValueError, match=r"evaluate: .*got \(1,\)"):
        evaluate(net, x, np.array([0]))


def test_evaluate_refuses_an_empty_data_set():
    net, _, _ = perfect_net_and_data()
    with pytest.raises(ValueError, match="evaluate: .*empty"):
        evaluate(net, np.zeros((0, 3)), np.zeros(0, dtype=int))


@pytest.mark.parametrize("batch_size", [0, -5, 2.5])
def test_evaluate_refuses_a_batch_size_that_is_not_a_positive_integer(batch_size):
    # -5 used to give range(0, 6, -5): no slice at all, and an accuracy of 0.
    net, x, t = perfect_net_and_data()
    with pytest.raises(ValueError, match=f"evaluate: batch_size must be .*{batch_size}"):
        evaluate(net, x, t, batch_size=batch_size)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("epochs", 0, "epochs must be"), ("epochs", -1, "epochs must be"),
     ("batch_size", 0, "batch_size must be"), ("batch_size", -5, "batch_size must be")],
)
def test_train_refuses_epochs_and_batch_sizes_below_one(option, value, message):
    net, x, t = perfect_net_and_data()
    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(ValueError, match=f"train: {message} .*{value}"):
        train(net, SGD(), x, t, **{option: value}, progress=False)
    assert all(np.array_equal(before[k], net.params[k]) for k in before)


def test_train_refuses_as_many_labels_as_there_are_not_samples():
    net, x, t = perfect_net_and_data()
    with pytest.raises(ValueError, match=r"train: .*6 samples.*5"):
        train(net, SGD(), x, t[:5], progress=False)


def test_train_refuses_test_data_without_test_labels():
    net, x, t = perfect_net_and_data()
    with pytest.raises(ValueError, match="train: .*x_test and t_test"):
        train(net, SGD(), x, t, x_test=x, progress=False)


def test_minibatches_refuses_a_batch_size_below_one():
    with pytest.raises(ValueError, match="batch_size must be .*got 0"):
        list(minibatches(10, 0, np.random.default_rng(0)))


# ---------------------------------------------------------------- dtypes


def test_train_refuses_float32_data_for_a_float64_network():
    # NumPy would silently compute every product in float64: about twice as slow.
    net = MultiLayerNet(3, [4], 3, seed=0)
    x, t = np.ones((6, 3), dtype=np.float32), np.zeros(6, dtype=int)
    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(ValueError) as error:
        train(net, SGD(), x, t, progress=False)
    message = str(error.value)
    assert "float32" in message and "float64" in message
    assert "dtype=np.float32" in message and "astype(np.float64)" in message
    assert all(np.array_equal(before[k], net.params[k]) for k in before)


def test_train_refuses_float64_data_for_a_float32_network():
    net = MultiLayerNet(3, [4], 3, seed=0, dtype=np.float32)
    x, t = np.ones((6, 3)), np.zeros(6, dtype=int)
    with pytest.raises(ValueError, match="float64.*float32.*astype\\(np.float32\\)"):
        train(net, SGD(), x, t, progress=False)


def test_train_refuses_test_data_of_another_dtype():
    net = MultiLayerNet(3, [4], 3, seed=0, dtype=np.float32)
    x, t = np.ones((6, 3), dtype=np.float32), np.zeros(6, dtype=int)
    with pytest.raises(ValueError, match="x_test.*float64"):
        train(net, SGD(), x, t, x_test=x.astype(np.float64), t_test=t, progress=False)


def test_train_keeps_the_networks_dtype_end_to_end():
    net = MultiLayerNet(3, [4], 3, seed=0, dtype=np.float32)
    x, t = np.eye(3, dtype=np.float32)[[0, 1, 2, 0]], np.array([0, 1, 2, 0])
    train(net, SGD(lr=0.1), x, t, epochs=2, batch_size=2, progress=False)
    assert all(p.dtype == np.float32 for p in net.params.values())
