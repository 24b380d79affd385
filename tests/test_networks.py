"""TwoLayerNet and MultiLayerNet: backprop agrees with numerical gradients; shapes and dtypes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.gradient import numerical_gradient, relative_error
from dlbook.networks import MultiLayerNet, MultiLayerNetExtend, Network, TwoLayerNet, init_std
from dlbook.optimizers import SGD, AdaGrad, Adam, Momentum, Nesterov, RMSprop
from dlbook.training import evaluate, train

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


def test_accuracy_reads_labels_shaped_n_by_1_as_the_labels():
    # Compared with the (N,) predictions as they are, a column would broadcast to an
    # (N, N) table (0.33 here); read as the labels (N,), it scores 1.0.
    net, x, t = perfect_net_and_data()
    assert net.accuracy(x, t.reshape(-1, 1)) == 1.0


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
    with pytest.raises(ValueError, match=r"SoftmaxWithLoss: .*\(6, 2\)"):
        net.loss(x, np.eye(2)[t % 2])


# ---------------------------------------------------- weight decay (chapter 10)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
@settings(max_examples=10)
@given(n=st.integers(2, 5), hidden=st.lists(st.integers(1, 5), min_size=1, max_size=3),
       lam=st.floats(0.01, 2.0), seed=st.integers(0, 2**32 - 1))
def test_gradcheck_multi_layer_net_with_weight_decay(activation, n, hidden, lam, seed):
    rng = np.random.default_rng(seed)
    net = MultiLayerNet(4, hidden, 3, activation=activation, weight_init="xavier",
                        weight_decay_lambda=lam, seed=seed)
    x, t = data(rng, n, 4, 3)
    assert max_relative_error(net, x, t) < TOLERANCE


def test_weight_decay_adds_half_lambda_sum_of_squared_weights_to_the_loss():
    rng = np.random.default_rng(0)
    x, t = data(rng, 6, 4, 3)
    plain = MultiLayerNet(4, [5, 5], 3, seed=0)
    decayed = MultiLayerNet(4, [5, 5], 3, weight_decay_lambda=0.1, seed=0)
    squares = sum(np.sum(decayed.params[k] ** 2) for k in ("W1", "W2", "W3"))
    assert decayed.loss(x, t) == pytest.approx(plain.loss(x, t) + 0.05 * squares)
    assert decayed.weight_decay() == pytest.approx(0.05 * squares)
    assert list(decayed.decayed_weights()) == ["W1", "W2", "W3"]  # no bias


def test_weight_decay_adds_lambda_w_to_the_weights_gradients_only():
    rng = np.random.default_rng(0)
    x, t = data(rng, 6, 4, 3)
    plain = MultiLayerNet(4, [5], 3, seed=0).gradient(x, t)
    net = MultiLayerNet(4, [5], 3, weight_decay_lambda=0.3, seed=0)
    decayed = net.gradient(x, t)
    for key in ("W1", "W2"):
        assert np.allclose(decayed[key], plain[key] + 0.3 * net.params[key])
    for key in ("b1", "b2"):
        assert np.array_equal(decayed[key], plain[key])


def test_no_weight_decay_leaves_loss_and_gradients_exactly_as_they_were():
    rng = np.random.default_rng(0)
    x, t = data(rng, 6, 4, 3)
    net = MultiLayerNet(4, [5, 5], 3, seed=0)
    assert net.weight_decay_lambda == 0.0
    assert net.loss(x, t) == Network.loss(net, x, t)  # the base class: no penalty
    loss, grads = net.loss_and_gradient(x, t)
    base = Network.backward(net)
    assert loss == Network.loss(net, x, t)
    assert all(grads[k] is base[k] or np.array_equal(grads[k], base[k]) for k in grads)


@pytest.mark.parametrize("lam", [-0.1, float("nan"), float("inf")])
def test_weight_decay_refuses_a_negative_lambda(lam):
    with pytest.raises(ValueError, match=rf"weight_decay_lambda must be a number of at "
                                         rf"least 0, got {lam!r}"):
        MultiLayerNet(4, [5], 3, weight_decay_lambda=lam)


def test_weight_decay_shrinks_the_weights_without_data_gradient():
    # With lr * lambda = 0.1, each SGD step multiplies the weights by 0.9 plus the data's
    # step: on a batch the network already fits, the weights shrink.
    net = MultiLayerNet(3, [], 3, weight_decay_lambda=1.0, seed=0)
    x, t = np.eye(3), np.arange(3)
    norm = np.linalg.norm(net.params["W1"])
    SGD(lr=0.1).update(net.params, net.gradient(x, t))
    assert np.linalg.norm(net.params["W1"]) < norm


# ----------------------------------------- the extended network (chapters 10 and 11)


def book_net(**switches):
    return MultiLayerNetExtend(input_size=6, hidden_size_list=[5, 4], output_size=3,
                               seed=0, **switches)


def test_the_books_call_builds_the_books_layers_and_parameters():
    net = MultiLayerNetExtend(784, [100, 100], 10, "relu", "relu", 0.1, True, 0.2, True)
    assert list(net.layers) == [
        "Affine1", "BatchNorm1", "Activation1", "Dropout1",
        "Affine2", "BatchNorm2", "Activation2", "Dropout2", "Affine3"]
    assert set(net.params) == {"W1", "b1", "W2", "b2", "W3", "b3",
                               "gamma1", "beta1", "gamma2", "beta2"}
    assert net.weight_decay_lambda == 0.1 and net.use_dropout and net.use_batchnorm
    assert net.layers["Dropout1"].dropout_ratio == 0.2
    assert np.array_equal(net.params["gamma2"], np.ones(100))
    assert np.array_equal(net.params["beta2"], np.zeros(100))
    keyword = MultiLayerNetExtend(input_size=784, hidden_size_list=[100, 100],
                                  output_size=10, activation="relu",
                                  weight_init_std="relu", weight_decay_lambda=0,
                                  use_dropout=True, dropout_ration=0.5,
                                  use_batchnorm=False)
    assert list(keyword.layers) == ["Affine1", "Activation1", "Dropout1", "Affine2",
                                    "Activation2", "Dropout2", "Affine3"]


def test_dropout_ratio_is_accepted_correctly_spelled_but_not_twice():
    assert book_net(use_dropout=True, dropout_ratio=0.3).layers["Dropout1"].dropout_ratio == 0.3
    with pytest.raises(ValueError, match="dropout_ratio or the book's dropout_ration, not "
                                         r"both \(got 0.3 and 0.2\)"):
        book_net(use_dropout=True, dropout_ratio=0.3, dropout_ration=0.2)


@pytest.mark.parametrize(("weight_init_std", "std1"),
                         [("relu", np.sqrt(2 / 784)), ("He", np.sqrt(2 / 784)),
                          ("sigmoid", np.sqrt(1 / 784)), ("xavier", np.sqrt(1 / 784)),
                          (0.01, 0.01)])
def test_weight_init_std_takes_the_books_names(weight_init_std, std1):
    net = MultiLayerNetExtend(784, [200], 10, weight_init_std=weight_init_std, seed=0)
    assert net.params["W1"].std() == pytest.approx(std1, rel=0.01)


def test_with_both_switches_off_it_is_multi_layer_net():
    rng = np.random.default_rng(0)
    x, t = data(rng, 5, 6, 3)
    plain = MultiLayerNet(6, [5, 4], 3, weight_decay_lambda=0.1, seed=0)
    book = book_net(weight_decay_lambda=0.1)
    assert list(book.layers) == list(plain.layers)
    assert all(np.array_equal(book.params[k], plain.params[k]) for k in plain.params)
    assert book.loss(x, t) == plain.loss(x, t)
    grads, expected = book.gradient(x, t), plain.gradient(x, t)
    assert all(np.array_equal(grads[k], expected[k]) for k in expected)
    assert book.buffers == {}


# With batch normalization the loss curves sharply where a unit's values over the
# batch lie close together, and the central difference with the step 1e-4 is itself
# off by up to 6e-5 (800 random draws of these sizes; it shrinks like h**2, see
# below). The property test takes the step 1e-5: at most 1.7e-7 on 800 draws.
def max_relative_error_fine(net, x, t, h=1e-5):
    """``max_relative_error`` with a central difference of step ``h``, in training
    mode (what ``numerical_gradient`` computes with its step of 1e-4)."""
    def loss(_):
        return net.loss(x, t, train_flg=True)

    backprop = net.gradient(x, t)
    numeric = {k: numerical_gradient(loss, p, h=h) for k, p in net.params.items()}
    errors = [relative_error(backprop[k], numeric[k]) for k in net.params
              if np.linalg.norm(backprop[k] - numeric[k]) > ABSOLUTE]
    return max(errors, default=0.0)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
@settings(max_examples=10, deadline=None)
@given(n=st.integers(4, 12), hidden=st.lists(st.integers(2, 6), min_size=1, max_size=3),
       lam=st.sampled_from([0.0, 0.1]), seed=st.integers(0, 2**32 - 1))
def test_gradcheck_extended_network_with_batch_norm(activation, n, hidden, lam, seed):
    rng = np.random.default_rng(seed)
    net = MultiLayerNetExtend(4, hidden, 3, activation=activation,
                              weight_init_std="xavier", weight_decay_lambda=lam,
                              use_batchnorm=True, seed=seed)
    x, t = data(rng, n, 4, 3)
    assert max_relative_error_fine(net, x, t) < TOLERANCE


def test_a_batch_norm_check_that_misses_is_the_central_differences_own_error():
    # A case hypothesis found: a batch of 3, where W3's check is off by 2.2e-6 with
    # the step 1e-4. A ten times smaller step shrinks that a hundredfold, as an error
    # of the difference (about h**2) does; a wrong backward would not move.
    seed = 26968
    rng = np.random.default_rng(seed)
    net = MultiLayerNetExtend(4, [2, 3, 4], 3, activation="tanh",
                              weight_init_std="xavier", use_batchnorm=True, seed=seed)
    x, t = data(rng, 3, 4, 3)
    backprop = net.gradient(x, t)["W3"]

    def loss(_):
        return net.loss(x, t, train_flg=True)

    coarse = relative_error(backprop, numerical_gradient(loss, net.params["W3"]))
    fine = relative_error(backprop, numerical_gradient(loss, net.params["W3"], h=1e-5))
    assert 1e-6 < coarse < 1e-5 and 50 < coarse / fine < 200  # about 100: h**2


def test_gradcheck_extended_relu_network_with_batch_norm_and_one_hot_targets():
    # The book's batch_norm_gradient_check.py, at a size a test can afford, on a batch
    # of 4 (a batch of 1 is refused: see BatchNormalization).
    rng = np.random.default_rng(3)
    net = MultiLayerNetExtend(input_size=8, hidden_size_list=[6, 6], output_size=4,
                              use_batchnorm=True, seed=3)
    x, t = rng.standard_normal((4, 8)), np.eye(4)[[0, 3, 1, 1]]
    assert max_relative_error(net, x, t) < TOLERANCE  # numerical_gradient itself
    numeric = net.numerical_gradient(x, t)
    assert set(numeric) == set(net.params)


def test_a_bias_before_batch_norm_gets_no_gradient():
    # Batch normalization subtracts the batch mean, and with it any constant b1 adds.
    rng = np.random.default_rng(0)
    net = book_net(use_batchnorm=True)
    grads = net.gradient(*data(rng, 8, 6, 3))
    assert np.abs(grads["b1"]).max() < 1e-15 and np.abs(grads["b2"]).max() < 1e-15
    assert np.abs(grads["b3"]).max() > 1e-3  # the output layer's bias has no batch norm


def test_numerical_gradient_leaves_params_and_running_averages_as_they_were():
    rng = np.random.default_rng(0)
    net = book_net(use_batchnorm=True)
    x, t = data(rng, 5, 6, 3)
    fresh = net.numerical_gradient(x, t)  # before any training: no running averages
    assert net.buffers == {}
    net.gradient(x, t)
    buffers = net.buffers
    before = {k: v.copy() for k, v in buffers.items()}
    params = {k: v.copy() for k, v in net.params.items()}
    assert all(np.array_equal(net.numerical_gradient(x, t)[k], fresh[k]) for k in fresh)
    assert all(np.array_equal(net.buffers[k], before[k]) for k in before)
    assert all(net.buffers[k] is buffers[k] for k in buffers)  # restored in place
    assert all(np.array_equal(net.params[k], params[k]) for k in params)


def test_numerical_gradient_refuses_dropout():
    net = book_net(use_dropout=True)
    with pytest.raises(ValueError, match="numerical_gradient with dropout on.*"
                                         "use_dropout=False"):
        net.numerical_gradient(*data(np.random.default_rng(0), 4, 6, 3))


def test_buffers_are_the_running_averages_the_layers_use():
    rng = np.random.default_rng(0)
    net = book_net(use_batchnorm=True)
    net.gradient(*data(rng, 5, 6, 3))
    buffers = net.buffers
    assert list(buffers) == ["running_mean1", "running_var1", "running_mean2",
                             "running_var2"]
    assert buffers["running_var2"] is net.layers["BatchNorm2"].running_var
    net.gradient(*data(rng, 5, 6, 3))
    assert net.buffers["running_mean1"] is buffers["running_mean1"]  # updated in place


def test_modes_training_for_gradients_and_inference_for_predictions():
    rng = np.random.default_rng(0)
    net = book_net(use_batchnorm=True, use_dropout=True)
    x, t = data(rng, 8, 6, 3)
    modes = []
    for layer in net.layers.values():
        if getattr(layer, "takes_train_flg", False):
            forward = layer.forward
            layer.forward = lambda x, train_flg=True, forward=forward: (
                modes.append(train_flg), forward(x, train_flg))[1]
    net.gradient(x, t)
    assert modes == [True] * 4
    modes.clear()
    net.predict(x), net.loss(x, t), net.accuracy(x, t)
    assert modes == [False] * 12
    modes.clear()
    net.loss(x, t, train_flg=True)
    assert modes == [True] * 4


def test_inference_is_deterministic_and_training_draws_new_masks():
    rng = np.random.default_rng(0)
    net = book_net(use_batchnorm=True, use_dropout=True)
    x, t = data(rng, 8, 6, 3)
    first, second = net.loss_and_gradient(x, t)[0], net.loss_and_gradient(x, t)[0]
    assert first != second  # new dropout masks
    assert net.loss(x, t) == net.loss(x, t)  # running averages, no dropout
    assert net.layers["Dropout1"].mask is None  # inference drew no mask


def test_a_bad_mode_reaches_a_layer_that_refuses_it():
    net = book_net(use_batchnorm=True)
    net.gradient(*data(np.random.default_rng(0), 4, 6, 3))
    for train_flg in (1, 0, None):
        with pytest.raises(ValueError, match="train_flg must be True"):
            net.predict(np.ones((4, 6)), train_flg)


def test_backward_after_an_inference_loss_is_refused():
    rng = np.random.default_rng(0)
    net = book_net(use_batchnorm=True)
    x, t = data(rng, 4, 6, 3)
    net.gradient(x, t)
    net.loss(x, t)  # inference
    with pytest.raises(ValueError, match="backward after an inference forward"):
        net.backward()


def test_the_seed_fixes_weights_and_dropout_masks():
    rng = np.random.default_rng(0)
    x, t = data(rng, 8, 6, 3)
    a, b = book_net(use_dropout=True), book_net(use_dropout=True)
    ga, gb = a.gradient(x, t), b.gradient(x, t)
    assert all(np.array_equal(ga[k], gb[k]) for k in ga)
    assert np.array_equal(a.layers["Dropout1"].mask, b.layers["Dropout1"].mask)


def test_dlbook_train_trains_in_training_mode_and_evaluate_scores_in_inference():
    from dlbook.datasets import make_spirals

    x, t = make_spirals(seed=0)
    net = MultiLayerNetExtend(2, [50, 50], 3, use_batchnorm=True, use_dropout=True,
                              dropout_ratio=0.1, seed=0)
    history = train(net, Adam(lr=0.01), x, t, epochs=40, batch_size=30, progress=False)
    assert net.buffers  # the running averages were learned in training mode
    assert history.train_acc[-1] >= 0.9
    assert evaluate(net, x, t) == net.accuracy(x, t) == history.train_acc[-1]
    assert net.layers["Dropout1"].train_flg is False  # evaluate ran in inference mode


@pytest.mark.parametrize(
    "optimizer",
    [SGD(lr=0.1), Momentum(lr=0.05), Nesterov(lr=0.05), AdaGrad(lr=0.1),
     RMSprop(lr=0.01), Adam(lr=0.02)],
    ids=lambda o: type(o).__name__,
)
def test_every_optimizer_trains_gamma_and_beta(optimizer):
    rng = np.random.default_rng(1)
    x, t = data(rng, 16, 6, 3)
    net = book_net(use_batchnorm=True)
    gamma = net.params["gamma1"].copy()
    start = net.loss(x, t, train_flg=True)
    for _ in range(100):
        _, grads = net.loss_and_gradient(x, t)
        optimizer.update(net.params, grads)
    assert net.loss(x, t, train_flg=True) < 0.5 * start
    assert not np.allclose(net.params["gamma1"], gamma), "gamma never moved"
    assert net.layers["BatchNorm1"].gamma is net.params["gamma1"]


def test_float32_extended_network_end_to_end():
    rng = np.random.default_rng(0)
    net = MultiLayerNetExtend(6, [5, 4], 3, use_batchnorm=True, use_dropout=True,
                              weight_decay_lambda=0.01, seed=0, dtype=np.float32)
    x = rng.standard_normal((8, 6)).astype(np.float32)
    t = rng.integers(0, 3, 8)
    loss, grads = net.loss_and_gradient(x, t)
    assert isinstance(loss, float)
    assert all(g.dtype == np.float32 for g in grads.values()), {
        k: g.dtype for k, g in grads.items()}
    adam = Adam()
    adam.update(net.params, grads)
    assert all(p.dtype == np.float32 for p in net.params.values())
    assert all(m.dtype == np.float32 for m in adam.m.values())
    assert all(b.dtype == np.float32 for b in net.buffers.values())
    assert net.predict(x).dtype == np.float32


def test_extended_network_changes_no_input():
    rng = np.random.default_rng(0)
    net = book_net(use_batchnorm=True, use_dropout=True)
    x, t = data(rng, 6, 6, 3)
    x0, t0 = x.copy(), t.copy()
    net.gradient(x, t), net.predict(x), net.loss(x, t)
    assert np.array_equal(x, x0) and np.array_equal(t, t0)


def test_extended_network_repr_shows_gamma_and_beta():
    assert repr(MultiLayerNetExtend(2, [3], 2, use_batchnorm=True)) == (
        "MultiLayerNetExtend(W1: (2, 3), b1: (3,), W2: (3, 2), b2: (2,), gamma1: (3,), "
        "beta1: (3,))")



def test_a_subclass_that_overrides_loss_without_a_mode_keeps_working():
    # Chapter 6 counts a network's loss calls with an override of loss(x, t): a network
    # whose layers take no mode is asked loss(x, t), in both kinds of gradient.
    class Counting(TwoLayerNet):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.calls = 0

        def loss(self, x, t):
            self.calls += 1
            return super().loss(x, t)

    net = Counting(2, 3, 2, seed=0)
    x, t = np.ones((4, 2)), np.array([0, 1, 1, 0])
    net.numerical_gradient(x, t)
    net.gradient(x, t)
    assert net.calls == 2 * sum(p.size for p in net.params.values()) + 1
