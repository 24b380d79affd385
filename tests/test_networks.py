"""TwoLayerNet and MultiLayerNet: backprop agrees with numerical gradients; shapes and dtypes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.gradient import relative_error
from dlbook.networks import MultiLayerNet, TwoLayerNet, init_std
from dlbook.optimizers import SGD

TOLERANCE = 1e-6
# The central difference (step 1e-4) is itself off by up to about 1e-8 for these
# functions. A gradient whose true value is nearly 0 (its terms cancel over the batch:
# hypothesis found dW1 = 4e-5 for a one-unit tanh layer) then has a large *relative*
# error although backprop is right, so a difference this small also counts as agreement.
ABSOLUTE = 1e-8


def max_relative_error(net, x, t):
    """The largest relative error of backprop against central differences, over the
    parameters whose difference is above the central difference's own accuracy."""
    numeric = net.numerical_gradient(x, t)
    backprop = net.gradient(x, t)
    assert numeric.keys() == backprop.keys() == net.params.keys()
    errors = [
        relative_error(backprop[k], numeric[k])
        for k in net.params
        if np.linalg.norm(backprop[k] - numeric[k]) > ABSOLUTE
    ]
    return max(errors, default=0.0)


def data(rng, n, d, c):
    return rng.standard_normal((n, d)), rng.integers(0, c, size=n)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@settings(max_examples=10)
@given(n=st.integers(2, 5), d=st.integers(1, 5), h=st.integers(1, 6), c=st.integers(2, 4),
       seed=st.integers(0, 2**32 - 1))
def test_gradcheck_two_layer_net(activation, n, d, h, c, seed):
    rng = np.random.default_rng(seed)
    net = TwoLayerNet(d, h, c, weight_init_std=1.0, activation=activation, seed=seed)
    x, t = data(rng, n, d, c)
    if activation == "relu":  # keep every hidden pre-activation away from ReLU's kink at 0
        pre = x @ net.params["W1"] + net.params["b1"]
        x = x[np.all(np.abs(pre) > 1e-3, axis=1)]
        t = t[: len(x)]
        if len(x) == 0:
            return
    assert max_relative_error(net, x, t) < TOLERANCE


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
@settings(max_examples=10)
@given(n=st.integers(2, 5), hidden=st.lists(st.integers(1, 5), min_size=1, max_size=3),
       seed=st.integers(0, 2**32 - 1))
def test_gradcheck_multi_layer_net(activation, n, hidden, seed):
    rng = np.random.default_rng(seed)
    net = MultiLayerNet(4, hidden, 3, activation=activation, weight_init="xavier", seed=seed)
    x, t = data(rng, n, 4, 3)
    assert max_relative_error(net, x, t) < TOLERANCE


def test_gradcheck_multi_layer_net_relu_with_one_hot_targets():
    rng = np.random.default_rng(1)
    net = MultiLayerNet(5, [6, 4], 3, seed=1)
    x = rng.standard_normal((4, 5))
    t = np.eye(3)[[0, 2, 1, 2]]
    assert max_relative_error(net, x, t) < TOLERANCE


def test_parameter_shapes_follow_the_sizes():
    net = MultiLayerNet(784, [100, 50], 10, seed=0)
    shapes = {k: v.shape for k, v in net.params.items()}
    assert shapes == {"W1": (784, 100), "b1": (100,), "W2": (100, 50), "b2": (50,),
                      "W3": (50, 10), "b3": (10,)}
    assert repr(net).startswith("MultiLayerNet(W1: (784, 100)")


def test_same_seed_same_network():
    a, b = TwoLayerNet(4, 3, 2, seed=7), TwoLayerNet(4, 3, 2, seed=7)
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)


def test_he_and_xavier_scales():
    assert init_std("he", 50) == pytest.approx(0.2)
    assert init_std("xavier", 100) == pytest.approx(0.1)
    assert init_std(0.01, 100) == 0.01
    with pytest.raises(ValueError, match="weight_init"):
        init_std("uniform", 10)


def test_unknown_activation_is_a_clear_error():
    with pytest.raises(ValueError, match="relu.*sigmoid.*tanh"):
        MultiLayerNet(2, [3], 2, activation="gelu")


def test_float32_end_to_end():
    rng = np.random.default_rng(0)
    net = MultiLayerNet(6, [5], 3, seed=0, dtype=np.float32)
    x = rng.standard_normal((4, 6)).astype(np.float32)
    t = np.array([0, 1, 2, 0])
    assert net.predict(x).dtype == np.float32
    grads = net.gradient(x, t)
    assert all(g.dtype == np.float32 for g in grads.values())
    SGD(lr=0.1).update(net.params, grads)
    assert all(p.dtype == np.float32 for p in net.params.values())


def test_training_by_backprop_lowers_the_loss_and_layers_see_the_updates():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 2))
    t = (x[:, 0] * x[:, 1] > 0).astype(int)  # XOR-like quadrants: needs the hidden layer
    net = TwoLayerNet(2, 16, 2, weight_init_std=1.0, seed=0)
    before = net.loss(x, t)
    optimizer = SGD(lr=0.5)
    for _ in range(300):
        optimizer.update(net.params, net.gradient(x, t))
    assert net.loss(x, t) < 0.5 * before
    assert net.accuracy(x, t) > 0.9


def test_gradient_does_not_change_inputs_or_parameters():
    rng = np.random.default_rng(0)
    net = TwoLayerNet(3, 4, 2, seed=0)
    x, t = data(rng, 5, 3, 2)
    x0, t0 = x.copy(), t.copy()
    params0 = {k: v.copy() for k, v in net.params.items()}
    net.gradient(x, t)
    net.numerical_gradient(x, t)
    assert np.array_equal(x, x0) and np.array_equal(t, t0)
    assert all(np.array_equal(net.params[k], params0[k]) for k in params0)


def test_a_boolean_is_not_a_weight_scale():
    with pytest.raises(ValueError, match="weight_init"):
        init_std(True, 10)


# ---------------------------------------------------------------- a learner's mistakes


def perfect_net_and_data():
    """A network whose predictions are exactly t (identity weights, 3 classes)."""
    net = MultiLayerNet(3, [], 3, seed=0)
    net.params["W1"][...] = np.eye(3)
    x = np.eye(3)[[0, 2, 1, 1, 0, 2]]
    return net, x, np.array([0, 2, 1, 1, 0, 2])


def test_accuracy_of_a_perfect_network_is_one():
    net, x, t = perfect_net_and_data()
    assert net.accuracy(x, t) == 1.0 and net.accuracy(x, np.eye(3)[t]) == 1.0


def test_accuracy_refuses_labels_shaped_n_by_1():
    # (N, 1) labels compared with (N,) predictions broadcast to an (N, N) table: 0.33 here.
    net, x, t = perfect_net_and_data()
    with pytest.raises(ValueError, match=r"accuracy: .*\(6, 3\).*\(6,\).*got \(6, 1\)"):
        net.accuracy(x, t.reshape(-1, 1))


def test_accuracy_refuses_one_label_for_a_batch():
    net, x, _ = perfect_net_and_data()
    with pytest.raises(ValueError, match=r"accuracy: .*got \(1,\)"):
        net.accuracy(x, np.array([0]))


def test_accuracy_refuses_an_empty_batch():
    net, _, _ = perfect_net_and_data()
    with pytest.raises(ValueError, match="accuracy: .*empty batch"):
        net.accuracy(np.zeros((0, 3)), np.zeros(0, dtype=int))


def test_accuracy_refuses_labels_outside_the_classes():
    net, x, t = perfect_net_and_data()
    with pytest.raises(ValueError, match=r"accuracy: .*\[0, 2\]"):
        net.accuracy(x, t - 1)


def test_loss_refuses_what_softmax_with_loss_refuses():
    net, x, t = perfect_net_and_data()
    with pytest.raises(ValueError, match=r"SoftmaxWithLoss: .*\(6, 1\)"):
        net.loss(x, t.reshape(-1, 1))
