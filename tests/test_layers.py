"""Layers: every backward pass agrees with central differences (float64), and no side effects.

Run ``pytest -k gradcheck`` to see every layer's gradient check.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlbook.activations import softmax
from dlbook.gradient import numerical_gradient, relative_error
from dlbook.layers import (
    AddLayer,
    Affine,
    BatchNormalization,
    Dropout,
    MeanSquaredErrorLoss,
    MulLayer,
    Relu,
    Sigmoid,
    SoftmaxWithLoss,
    Tanh,
)
from dlbook.losses import cross_entropy_error

TOLERANCE = 1e-6
batch = st.integers(2, 6)
width = st.integers(1, 6)
seeds = st.integers(0, 2**32 - 1)


def check_layer(layer, x, rng):
    """Relative error of dL/dx for L = sum(forward(x) * G), G a random upstream gradient."""
    G = rng.standard_normal(layer.forward(x).shape)

    def loss(_):
        return float(np.sum(layer.forward(x) * G))

    numeric = numerical_gradient(loss, x)
    layer.forward(x)
    return relative_error(layer.backward(G), numeric), G


def away_from_zero(rng, shape, margin=1e-2):
    """Standard normal draws at least ``margin`` from 0: ReLU has a kink there."""
    x = rng.standard_normal(shape)
    return np.where(np.abs(x) < margin, margin * np.sign(x + 1e-300), x)


@settings(max_examples=30)
@given(batch, width, width, seeds)
def test_gradcheck_affine(n, d, h, seed):
    rng = np.random.default_rng(seed)
    x, W, b = rng.standard_normal((n, d)), rng.standard_normal((d, h)), rng.standard_normal(h)
    layer = Affine(W, b)
    error, G = check_layer(layer, x, rng)
    assert error < TOLERANCE

    def loss(_):
        return float(np.sum(layer.forward(x) * G))

    layer.forward(x)
    layer.backward(G)
    assert relative_error(layer.dW, numerical_gradient(loss, W)) < TOLERANCE
    assert relative_error(layer.db, numerical_gradient(loss, b)) < TOLERANCE


@pytest.mark.parametrize("layer_class", [Relu, Sigmoid, Tanh])
@settings(max_examples=20)
@given(n=batch, d=width, seed=seeds)
def test_gradcheck_activation_layers(layer_class, n, d, seed):
    rng = np.random.default_rng(seed)
    error, _ = check_layer(layer_class(), away_from_zero(rng, (n, d)), rng)
    assert error < TOLERANCE


@pytest.mark.parametrize("one_hot_targets", [False, True])
@settings(max_examples=30)
@given(n=batch, c=st.integers(2, 6), seed=seeds)
def test_gradcheck_softmax_with_loss(one_hot_targets, n, c, seed):
    rng = np.random.default_rng(seed)
    x = 3 * rng.standard_normal((n, c))
    t = rng.integers(0, c, size=n)
    if one_hot_targets:
        t = np.eye(c)[t]
    layer = SoftmaxWithLoss()
    numeric = numerical_gradient(lambda _: layer.forward(x, t), x)
    layer.forward(x, t)
    assert relative_error(layer.backward(1.0), numeric) < TOLERANCE


@settings(max_examples=30)
@given(n=batch, d=width, seed=seeds)
def test_gradcheck_mean_squared_error_loss(n, d, seed):
    rng = np.random.default_rng(seed)
    y, t = rng.standard_normal((n, d)), rng.standard_normal((n, d))
    layer = MeanSquaredErrorLoss()
    numeric = numerical_gradient(lambda _: layer.forward(y, t), y)
    layer.forward(y, t)
    assert relative_error(layer.backward(1.0), numeric) < TOLERANCE


def test_gradcheck_mul_and_add_nodes_on_the_apple_example():
    # 2 apples at 100 each, 10% tax: d(price)/d(apple price) = 2.2, d/d(count) = 110.
    mul_apple, mul_tax = MulLayer(), MulLayer()
    price = mul_tax.forward(mul_apple.forward(100.0, 2.0), 1.1)
    assert price == pytest.approx(220.0)
    d_apple_total, d_tax = mul_tax.backward(1.0)
    d_apple, d_count = mul_apple.backward(d_apple_total)
    assert (d_apple, d_count, d_tax) == pytest.approx((2.2, 110.0, 200.0))
    assert AddLayer().backward(3.0) == (3.0, 3.0)


def test_softmax_with_loss_is_finite_for_huge_scores():
    layer = SoftmaxWithLoss()
    loss = layer.forward(np.array([[1000.0, -1000.0, 0.0]]), np.array([1]))
    assert loss == pytest.approx(2000.0)
    assert np.all(np.isfinite(layer.backward()))


def test_affine_names_expected_and_actual_shapes():
    layer = Affine(np.zeros((784, 50)), np.zeros(50))
    with pytest.raises(ValueError, match=r"\(N, 784\).*\(784, 50\).*\(100, 28\)"):
        layer.forward(np.zeros((100, 28)))


def test_loss_layers_name_both_shapes():
    with pytest.raises(ValueError, match=r"\(4, 3\).*\(5,\)"):
        SoftmaxWithLoss().forward(np.zeros((4, 3)), np.zeros(5, dtype=int))
    with pytest.raises(ValueError, match=r"\(4, 1\).*\(4,\)"):
        MeanSquaredErrorLoss().forward(np.zeros((4, 1)), np.zeros(4))


@pytest.mark.parametrize("make", [Relu, Sigmoid, Tanh, lambda: Affine(np.ones((3, 2), np.float32), np.zeros(2, np.float32))])
def test_layers_keep_float32(make):
    layer = make()
    x = np.linspace(-1, 1, 12, dtype=np.float32).reshape(4, 3)
    out = layer.forward(x)
    assert out.dtype == np.float32
    assert layer.backward(np.ones_like(out)).dtype == np.float32


def test_loss_layers_keep_float32():
    x = np.linspace(-1, 1, 12, dtype=np.float32).reshape(4, 3)
    softmax_loss = SoftmaxWithLoss()
    softmax_loss.forward(x, np.array([0, 1, 2, 0]))
    assert softmax_loss.backward().dtype == np.float32
    mse = MeanSquaredErrorLoss()
    mse.forward(x, np.zeros_like(x))
    assert mse.backward().dtype == np.float32


@pytest.mark.parametrize("make", [Relu, Sigmoid, Tanh, lambda: Affine(np.ones((3, 2)), np.zeros(2)),
                                  lambda: Dropout(0.5, seed=0),
                                  lambda: BatchNormalization(np.ones(3), np.zeros(3))],
                         ids=["Relu", "Sigmoid", "Tanh", "Affine", "Dropout",
                              "BatchNormalization"])
def test_no_layer_changes_its_input_or_dout(make):
    rng = np.random.default_rng(0)
    layer = make()
    x = rng.standard_normal((4, 3))
    x_before = x.copy()
    out = layer.forward(x)
    dout = rng.standard_normal(out.shape)
    dout_before = dout.copy()
    layer.backward(dout)
    if getattr(layer, "takes_train_flg", False):  # and the inference pass too
        layer.forward(x, train_flg=False)
    assert np.array_equal(x, x_before) and np.array_equal(dout, dout_before)


def test_add_node_copies_the_gradient_to_both_subtotals_on_the_orange_example():
    # 2 apples at 100, 3 oranges at 150, 10% tax: 715; d/d(tax) is the subtotal 650.
    mul_apple, mul_orange, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    total = add.forward(mul_apple.forward(100.0, 2.0), mul_orange.forward(150.0, 3.0))
    assert mul_tax.forward(total, 1.1) == pytest.approx(715.0)
    d_total, d_tax = mul_tax.backward(1.0)
    d_apples, d_oranges = add.backward(d_total)
    grads = [*mul_apple.backward(d_apples), *mul_orange.backward(d_oranges), d_tax]
    assert grads == pytest.approx([2.2, 110.0, 3.3, 165.0, 650.0])


def test_layers_accept_lists():
    relu = Relu()
    assert relu.forward([[1.0, -2.0]]).tolist() == [[1.0, 0.0]]
    assert relu.backward([[5.0, 5.0]]).tolist() == [[5.0, 0.0]]
    affine = Affine(np.ones((2, 3)), np.zeros(3))
    affine.forward([[1.0, 2.0]])
    assert affine.backward([[1.0, 1.0, 1.0]]).tolist() == [[3.0, 3.0]]
    assert affine.db.tolist() == [1.0, 1.0, 1.0]


def test_affine_backward_is_the_chapter_formulas():
    rng = np.random.default_rng(0)
    x, W, b = rng.standard_normal((4, 3)), rng.standard_normal((3, 2)), rng.standard_normal(2)
    dout = rng.standard_normal((4, 2))
    layer = Affine(W, b)
    layer.forward(x)
    dx = layer.backward(dout)
    assert np.allclose(dx, dout @ W.T)
    assert np.allclose(layer.dW, x.T @ dout)
    assert np.allclose(layer.db, dout.sum(axis=0))


def test_softmax_with_loss_backward_is_y_minus_t_over_n():
    x = np.array([[0.3, 2.9, 4.0], [1.0, 1.0, 1.0]])
    layer = SoftmaxWithLoss()
    layer.forward(x, np.array([2, 0]))
    y = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    assert np.allclose(layer.backward(), (y - np.eye(3)[[2, 0]]) / 2)


def test_sigmoid_and_tanh_backward_use_the_cached_output():
    x = np.array([[-2.0, 0.0, 2.0]])
    sigmoid_layer, tanh_layer = Sigmoid(), Tanh()
    s, th = sigmoid_layer.forward(x), tanh_layer.forward(x)
    assert np.allclose(sigmoid_layer.backward(np.ones_like(x)), s * (1 - s))
    assert np.allclose(tanh_layer.backward(np.ones_like(x)), 1 - th**2)


def test_reprs_name_the_layer_and_its_shapes():
    assert repr(Affine(np.zeros((784, 50)), np.zeros(50))) == "Affine(W: (784, 50), b: (50,))"
    assert [repr(k()) for k in (MulLayer, AddLayer, Relu, Sigmoid, Tanh)] == [
        "MulLayer()", "AddLayer()", "Relu()", "Sigmoid()", "Tanh()"]


def test_affine_without_input_grad_sets_the_same_parameter_gradients_and_returns_none():
    rng = np.random.default_rng(0)
    W, b = rng.standard_normal((4, 3)), rng.standard_normal(3)
    x, dout = rng.standard_normal((5, 4)), rng.standard_normal((5, 3))
    full, first = Affine(W, b), Affine(W, b, input_grad=False)
    assert np.array_equal(full.forward(x), first.forward(x))
    assert full.backward(dout).shape == (5, 4)
    assert first.backward(dout) is None
    assert np.array_equal(full.dW, first.dW) and np.array_equal(full.db, first.db)


def test_relu_blocks_minus_infinity_and_passes_only_where_x_is_positive():
    relu = Relu()
    out = relu.forward(np.array([[-np.inf, -1.0, 0.0, 2.0, np.inf]]))
    assert out.tolist() == [[0.0, 0.0, 0.0, 2.0, np.inf]]
    assert relu.backward(np.full((1, 5), 3.0)).tolist() == [[0.0, 0.0, 0.0, 3.0, 3.0]]


def test_softmax_with_loss_is_the_mean_cross_entropy_of_the_softmax():
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((6, 4)), np.array([0, 3, 1, 1, 2, 0])
    y = np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)
    layer = SoftmaxWithLoss()
    assert np.isclose(layer.forward(x, t), -np.mean(np.log(y[np.arange(6), t])))
    assert np.allclose(layer.y, y)


# ---------------------------------------------------------------- a learner's mistakes
# SoftmaxWithLoss checks its targets exactly as cross_entropy_error does (both call
# dlbook.losses.target_labels); each of these used to be scored as a wrong number or to
# end in an IndexError / ZeroDivisionError from deep inside.

SCORES = np.array([[2.0, 1.0, 0.1, -1.0], [0.5, 0.5, 3.0, 0.0], [1.0, -2.0, 0.0, 4.0]])


def test_softmax_with_loss_refuses_label_minus_one():
    # -1 would index from the end and score the last class as the true one.
    with pytest.raises(ValueError, match=r"SoftmaxWithLoss: .*\[0, 3\].*-1"):
        SoftmaxWithLoss().forward(SCORES, np.array([0, -1, 3]))


def test_softmax_with_loss_reads_a_column_of_labels_as_the_labels():
    # The book's ch07 gradient_check.py passes its one label as [[1]]. A column is
    # read as the labels themselves: never argmax'ed (which would give class 0 for
    # every row) nor broadcast against the batch.
    column, flat = SoftmaxWithLoss(), SoftmaxWithLoss()
    assert column.forward(SCORES, np.array([[0], [2], [3]])) == flat.forward(
        SCORES, np.array([0, 2, 3]))
    np.testing.assert_array_equal(column.backward(), flat.backward())
    one = SoftmaxWithLoss()
    assert one.forward(SCORES[:1], np.array([[1]])) == flat.forward(
        SCORES[:1], np.array([1]))


def test_softmax_with_loss_refuses_one_hot_targets_of_the_wrong_width():
    with pytest.raises(ValueError, match=r"SoftmaxWithLoss: .*\(3, 4\).*got \(3, 3\)"):
        SoftmaxWithLoss().forward(SCORES, np.eye(3))


def test_softmax_with_loss_refuses_labels_beyond_the_last_class():
    with pytest.raises(ValueError, match=r"SoftmaxWithLoss: .*\[0, 3\].*4"):
        SoftmaxWithLoss().forward(SCORES, np.array([0, 4, 1]))


def test_softmax_with_loss_refuses_float_labels():
    with pytest.raises(ValueError, match="SoftmaxWithLoss: labels must be integers.*float64"):
        SoftmaxWithLoss().forward(SCORES, np.array([0.0, 2.0, 3.0]))


def test_softmax_with_loss_refuses_an_empty_batch():
    with pytest.raises(ValueError, match="SoftmaxWithLoss: .*empty batch"):
        SoftmaxWithLoss().forward(np.zeros((0, 4)), np.zeros(0, dtype=int))


@pytest.mark.parametrize(
    "t",
    [np.array([0, -1, 3]), np.array([[0], [2], [4]]), np.eye(3), np.array([0, 4, 1]),
     np.array([0.0, 2.0, 3.0]), np.array([1]), np.full((3, 4), 0.25)],
    ids=["minus one", "(N, 1) >= C", "one-hot width", ">= C", "float", "(1,)", "soft"],
)
def test_softmax_with_loss_refuses_what_cross_entropy_error_refuses(t):
    with pytest.raises(ValueError):
        cross_entropy_error(softmax(SCORES), t)
    layer = SoftmaxWithLoss()
    with pytest.raises(ValueError):
        layer.forward(SCORES, t)
    assert layer.y is None and layer.t is None  # nothing was cached


def test_softmax_with_loss_of_float32_extremes_gives_no_warning():
    x = np.array([[3e38, -3e38, 0.0]], dtype=np.float32)
    layer = SoftmaxWithLoss()
    layer.forward(x, np.array([0]))  # warnings are errors in this suite
    assert np.array_equal(layer.y, [[1.0, 0.0, 0.0]])


def test_loss_layers_backward_takes_a_number_not_an_array():
    layer = SoftmaxWithLoss()
    layer.forward(SCORES, np.array([0, 2, 3]))
    with pytest.raises(ValueError, match=r"dout.*number.*\(3, 4\)"):
        layer.backward(np.ones((3, 4)))
    mse = MeanSquaredErrorLoss()
    mse.forward(np.zeros((2, 1)), np.ones((2, 1)))
    with pytest.raises(ValueError, match=r"dout.*number.*\(2, 1\)"):
        mse.backward(np.ones((2, 1)))


@pytest.mark.parametrize("make", [SoftmaxWithLoss, MeanSquaredErrorLoss, Relu, Sigmoid, Tanh,
                                  lambda: Affine(np.ones((3, 2)), np.zeros(2))])
def test_backward_before_forward_is_a_clear_error(make):
    with pytest.raises(ValueError, match="forward.*before.*backward"):
        make().backward(np.ones((4, 2)))


def test_affine_refuses_a_bias_of_the_wrong_shape():
    # A (1,) or (N, H) bias would broadcast into every output without complaint.
    for b in (np.zeros(1), np.zeros((4, 2)), np.zeros(3)):
        with pytest.raises(ValueError, match=rf"b of shape \(2,\).*got b of shape {re.escape(str(b.shape))}"):
            Affine(np.ones((3, 2)), b)


def test_affine_refuses_weights_that_are_not_a_matrix():
    with pytest.raises(ValueError, match=r"W must be a matrix \(D, H\), got shape \(3,\)"):
        Affine(np.ones(3), np.zeros(3))


@pytest.mark.parametrize("input_grad", [True, False])
def test_affine_backward_refuses_dout_of_the_wrong_shape(input_grad):
    layer = Affine(np.ones((3, 2)), np.zeros(2), input_grad=input_grad)
    layer.forward(np.ones((4, 3)))
    # (1, 2) would broadcast in dout @ W.T and give a db summed over 1 row, not 4.
    for dout in (np.ones((1, 2)), np.ones((4, 3)), np.ones(2)):
        with pytest.raises(ValueError, match=r"dout of shape \(4, 2\).*got"):
            layer.backward(dout)
    assert layer.dW is None and layer.db is None


@pytest.mark.parametrize("make", [Relu, Sigmoid, Tanh])
def test_activation_layers_backward_refuse_dout_of_the_wrong_shape(make):
    layer = make()
    layer.forward(np.ones((4, 3)))
    # A (3,) or (1, 3) dout would broadcast over every row; a (4, 1) over every column.
    for dout in (np.ones(3), np.ones((1, 3)), np.ones((4, 1))):
        with pytest.raises(ValueError, match=rf"{make.__name__}: backward expects dout of shape \(4, 3\)"):
            layer.backward(dout)


# ------------------------------------------------------ dropout (chapter 10)


@settings(max_examples=30)
@given(n=batch, d=width, ratio=st.floats(0.0, 0.9), seed=seeds)
def test_gradcheck_dropout_with_a_mask_fixed_by_the_seed(n, d, ratio, seed):
    rng = np.random.default_rng(seed)
    x, G = rng.standard_normal((n, d)), rng.standard_normal((n, d))

    def loss(_):  # a new layer with the same seed draws the same mask every time
        return float(np.sum(Dropout(ratio, seed=seed).forward(x) * G))

    layer = Dropout(ratio, seed=seed)
    layer.forward(x)
    assert relative_error(layer.backward(G), numerical_gradient(loss, x)) < TOLERANCE


def test_dropout_keeps_units_scaled_by_one_over_one_minus_the_ratio():
    x = np.arange(1.0, 13.0).reshape(3, 4)
    layer = Dropout(0.25, seed=0)
    out = layer.forward(x)
    kept = out != 0
    assert np.array_equal(kept, layer.mask)
    assert np.allclose(out[kept], x[kept] / 0.75)
    assert np.allclose(layer.backward(np.ones_like(x)), kept / 0.75)


def test_inverted_dropout_keeps_the_expected_activation():
    # E[out] = (1 - p) * x / (1 - p) = x: the mean over 10^6 units is within 0.5%.
    x = np.full((1000, 1000), 2.0)
    for ratio in (0.2, 0.5, 0.8):
        out = Dropout(ratio, seed=1).forward(x)
        assert abs(out.mean() - 2.0) < 0.01, ratio
        assert abs((out == 0).mean() - ratio) < 0.002, ratio


def test_dropout_at_inference_is_the_identity():
    x = np.arange(6.0).reshape(2, 3)
    layer = Dropout(0.5, seed=0)
    assert layer.forward(x, train_flg=False) is x
    assert layer.mask is None


def test_dropout_draws_a_new_mask_each_forward_and_the_seed_fixes_them():
    x = np.ones((20, 30))
    a, b = Dropout(0.5, seed=3), Dropout(0.5, seed=3)
    first, second = a.forward(x), a.forward(x)
    assert not np.array_equal(first, second)
    assert np.array_equal(first, b.forward(x)) and np.array_equal(second, b.forward(x))


def test_dropout_with_ratio_zero_keeps_everything():
    x = np.random.default_rng(0).standard_normal((4, 5))
    layer = Dropout(0.0, seed=0)
    assert np.array_equal(layer.forward(x), x)
    assert np.array_equal(layer.backward(x), x)


# ------------------------------------------- batch normalization (chapter 11)


def check_batch_norm(x, gamma, beta, G):
    """Relative errors of dx, dgamma and dbeta against central differences, for
    L = sum(out * G) in training mode.

    The step is 1e-5, not 1e-4: where a feature's few samples lie close together,
    batch normalization curves sharply, and the difference's own error (about h**2
    times the third derivative) reached 2e-5 at 1e-4 on a batch of 3. At 1e-5 the
    worst of 3,000 random draws agreed to 1.4e-8.
    """
    layer = BatchNormalization(gamma, beta)

    def loss(_):
        return float(np.sum(layer.forward(x) * G))

    numeric = [numerical_gradient(loss, a, h=1e-5) for a in (x, gamma, beta)]
    layer.forward(x)
    dx = layer.backward(G)
    backprop = [dx, layer.dgamma, layer.dbeta]
    return [relative_error(b, n) for b, n in zip(backprop, numeric)]


@settings(max_examples=30)
@given(n=st.integers(3, 8), d=width, seed=seeds)
def test_gradcheck_batch_normalization_in_training_mode(n, d, seed):
    rng = np.random.default_rng(seed)
    x = 2 * rng.standard_normal((n, d)) + rng.standard_normal(d)
    gamma, beta = 1 + 0.5 * rng.standard_normal(d), rng.standard_normal(d)
    errors = check_batch_norm(x, gamma, beta, rng.standard_normal((n, d)))
    assert max(errors) < TOLERANCE, errors


@settings(max_examples=10)
@given(n=st.integers(3, 5), c=st.integers(1, 3), hw=st.integers(1, 3), seed=seeds)
def test_gradcheck_batch_normalization_of_images(n, c, hw, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c, hw, hw))
    d = c * hw * hw
    gamma, beta = 1 + 0.5 * rng.standard_normal(d), rng.standard_normal(d)
    errors = check_batch_norm(x, gamma, beta, rng.standard_normal(x.shape))
    assert max(errors) < TOLERANCE, errors


def test_batch_norm_backward_is_the_combined_formula():
    rng = np.random.default_rng(0)
    x, dout = rng.standard_normal((6, 4)), rng.standard_normal((6, 4))
    gamma = rng.standard_normal(4)
    layer = BatchNormalization(gamma, np.zeros(4))
    layer.forward(x)
    dx = layer.backward(dout)
    xn, std, dxn = layer.xn, layer.std, dout * gamma
    combined = (dxn - dxn.mean(axis=0) - xn * (dxn * xn).mean(axis=0)) / std
    assert np.allclose(dx, combined, rtol=1e-12, atol=1e-14)
    assert np.allclose(layer.dgamma, (dout * xn).sum(axis=0))
    assert np.allclose(layer.dbeta, dout.sum(axis=0))


def test_batch_norm_output_has_mean_beta_and_std_gamma_in_training():
    rng = np.random.default_rng(0)
    x = 5 + 3 * rng.standard_normal((200, 3))
    gamma, beta = np.array([1.0, 2.0, 0.5]), np.array([0.0, -1.0, 3.0])
    out = BatchNormalization(gamma, beta).forward(x)
    assert np.allclose(out.mean(axis=0), beta)
    assert np.allclose(out.std(axis=0), gamma, rtol=1e-6)


def test_batch_norm_running_averages_follow_the_momentum_in_place():
    rng = np.random.default_rng(0)
    x = 4 + rng.standard_normal((10, 3))
    layer = BatchNormalization(np.ones(3), np.zeros(3), momentum=0.9)
    assert layer.running_mean is None and layer.running_var is None
    layer.forward(x)
    mean, var = layer.running_mean, layer.running_var
    assert np.allclose(mean, 0.1 * x.mean(axis=0))  # from the book's zeros
    assert np.allclose(var, 0.1 * x.var(axis=0))  # the variance divided by N
    for _ in range(4):
        layer.forward(x)
    assert layer.running_mean is mean and layer.running_var is var  # the same arrays
    assert np.allclose(mean, (1 - 0.9**5) * x.mean(axis=0))


def test_batch_norm_at_inference_uses_the_running_averages():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 3))
    gamma, beta = np.array([1.0, 2.0, 3.0]), np.array([0.5, 0.0, -0.5])
    mean, var = np.array([0.1, -0.2, 0.3]), np.array([1.0, 4.0, 0.25])
    layer = BatchNormalization(gamma, beta, running_mean=mean, running_var=var)
    out = layer.forward(x, train_flg=False)
    assert np.allclose(out, gamma * (x - mean) / np.sqrt(var + 1e-6) + beta)
    assert np.array_equal(layer.running_mean, mean)  # inference updates nothing


def test_batch_norm_reads_images_as_the_book_does():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((5, 2, 3, 3))
    gamma, beta = rng.standard_normal(18), rng.standard_normal(18)
    images, flat = BatchNormalization(gamma, beta), BatchNormalization(gamma, beta)
    out = images.forward(x)
    assert out.shape == x.shape
    assert np.allclose(out.reshape(5, 18), flat.forward(x.reshape(5, 18)))
    dout = rng.standard_normal(x.shape)
    assert np.allclose(images.backward(dout).reshape(5, 18),
                       flat.backward(dout.reshape(5, 18)))


def test_batch_norm_owns_gamma_and_beta_like_affine_owns_w_and_b():
    gamma, beta = np.ones(3), np.zeros(3)
    layer = BatchNormalization(gamma, beta)
    assert layer.params["gamma"] is gamma and layer.params["beta"] is beta
    layer.forward(np.random.default_rng(0).standard_normal((4, 3)))
    layer.backward(np.ones((4, 3)))
    assert layer.grads["gamma"] is layer.dgamma and layer.grads["beta"] is layer.dbeta
    assert repr(layer) == "BatchNormalization(gamma: (3,), beta: (3,), momentum=0.9)"


@pytest.mark.parametrize("train_flg", [True, False])
def test_batch_norm_keeps_float32(train_flg):
    gamma, beta = np.ones(3, np.float32), np.zeros(3, np.float32)
    layer = BatchNormalization(gamma, beta, running_mean=np.zeros(3),
                               running_var=np.ones(3))
    assert layer.running_mean.dtype == np.float32  # the statistics take gamma's dtype
    x = np.linspace(-1, 2, 12, dtype=np.float32).reshape(4, 3)
    out = layer.forward(x, train_flg=True)  # a training step first, then this mode
    out = layer.forward(x, train_flg=train_flg)
    assert out.dtype == np.float32
    assert layer.running_mean.dtype == layer.running_var.dtype == np.float32
    if train_flg:
        layer.backward(np.ones_like(out))
        assert {layer.dgamma.dtype, layer.dbeta.dtype} == {np.dtype(np.float32)}
        assert layer.backward(np.ones_like(out)).dtype == np.float32


def test_dropout_keeps_float32():
    layer = Dropout(0.5, seed=0)
    x = np.linspace(-1, 1, 12, dtype=np.float32).reshape(4, 3)
    assert layer.forward(x).dtype == np.float32
    assert layer.backward(np.ones_like(x)).dtype == np.float32


def test_batch_norm_copies_the_running_averages_it_is_given():
    mean, var = np.zeros(3), np.ones(3)
    layer = BatchNormalization(np.ones(3), np.zeros(3), running_mean=mean,
                               running_var=var)
    layer.forward(np.random.default_rng(0).standard_normal((4, 3)))
    assert np.array_equal(mean, np.zeros(3)) and np.array_equal(var, np.ones(3))


# ------------------------------------------- modes and shapes: a learner's mistakes

MODAL = {
    "Dropout": lambda: Dropout(0.5, seed=0),
    "BatchNormalization": lambda: BatchNormalization(np.ones(3), np.zeros(3)),
}


@pytest.mark.parametrize("name", MODAL)
@pytest.mark.parametrize(
    ("train_flg", "got"),
    [(0, "int 0"), (1, "int 1"), (None, "NoneType None"), ("train", "str 'train'"),
     (np.array([True, False]), r"an array of shape \(2,\)"),
     (np.array(True), r"an array of shape \(\)")],
    ids=["0", "1", "None", "str", "array", "0-d array"],
)
def test_a_mode_that_is_not_a_bool_is_refused(name, train_flg, got):
    with pytest.raises(ValueError, match=rf"{name}: train_flg must be True \(training\) "
                                         rf"or False \(inference\), got {got}"):
        MODAL[name]().forward(np.ones((4, 3)), train_flg)


@pytest.mark.parametrize("name", MODAL)
def test_numpy_booleans_are_modes_too(name):
    layer = MODAL[name]()
    layer.forward(np.arange(12.0).reshape(4, 3), np.True_)
    assert layer.train_flg is True


@pytest.mark.parametrize("name", MODAL)
def test_backward_after_an_inference_forward_is_refused(name):
    layer = MODAL[name]()
    x = np.random.default_rng(0).standard_normal((4, 3))
    layer.forward(x)  # a training forward, so that inference has running averages
    layer.forward(x, train_flg=False)
    with pytest.raises(ValueError, match=rf"{name}: backward after an inference forward "
                                         r"\(train_flg=False\)"):
        layer.backward(np.ones((4, 3)))


@pytest.mark.parametrize("name", MODAL)
def test_modal_layers_refuse_backward_before_forward(name):
    with pytest.raises(ValueError, match=rf"{name}: call forward before backward"):
        MODAL[name]().backward(np.ones((4, 3)))


@pytest.mark.parametrize("name", MODAL)
def test_modal_layers_refuse_dout_of_the_wrong_shape(name):
    layer = MODAL[name]()
    layer.forward(np.random.default_rng(0).standard_normal((4, 3)))
    for dout in (np.ones(3), np.ones((1, 3)), np.ones((4, 1))):
        with pytest.raises(ValueError, match=rf"{name}: backward expects dout of shape "
                                             rf"\(4, 3\).*got {re.escape(str(dout.shape))}"):
            layer.backward(dout)


@pytest.mark.parametrize("ratio", [1, 1.0, -0.1, 1.5, True, "0.5", None, float("nan")])
def test_dropout_refuses_a_ratio_outside_zero_to_one(ratio):
    with pytest.raises(ValueError, match=rf"Dropout: dropout_ratio.*\[0, 1\); got "
                                         rf"{re.escape(repr(ratio))}"):
        Dropout(ratio)


def test_batch_norm_names_expected_and_actual_shapes_of_x():
    layer = BatchNormalization(np.ones(100), np.zeros(100))
    with pytest.raises(ValueError, match=r"\(N, 100\).*C\*H\*W = 100.*\(100,\).*"
                                         r"got x of shape \(8, 50\)"):
        layer.forward(np.ones((8, 50)))
    for x in (np.ones(100), np.ones((8, 10, 10)), np.ones((8, 2, 5, 5))):
        with pytest.raises(ValueError, match=rf"got x of shape {re.escape(str(x.shape))}"):
            layer.forward(x)


def test_batch_norm_trains_on_one_sample_giving_beta_and_no_gradient_to_x():
    # The book's gradient check runs on x_train[:1]: a batch of one is defined.
    rng = np.random.default_rng(0)
    gamma, beta = rng.standard_normal(3), rng.standard_normal(3)
    layer = BatchNormalization(gamma, beta)
    x = rng.standard_normal((1, 3))
    out = layer.forward(x, train_flg=True)
    np.testing.assert_array_equal(out, beta[None, :])  # whatever x
    dout = rng.standard_normal((1, 3))
    dx = layer.backward(dout)
    np.testing.assert_array_equal(dx, np.zeros((1, 3)))  # exactly 0
    np.testing.assert_array_equal(layer.dgamma, np.zeros(3))
    np.testing.assert_array_equal(layer.dbeta, dout[0])
    np.testing.assert_allclose(layer.running_mean, 0.1 * x[0])
    np.testing.assert_array_equal(layer.running_var, np.zeros(3))


def test_batch_norm_refuses_an_empty_training_batch():
    layer = BatchNormalization(np.ones(3), np.zeros(3))
    with pytest.raises(ValueError, match=r"at least 1 sample, got an empty batch"):
        layer.forward(np.ones((0, 3)))
    assert layer.running_mean is None and layer.train_flg is None  # nothing changed


def test_batch_norm_refuses_inference_before_any_training():
    layer = BatchNormalization(np.ones(3), np.zeros(3))
    with pytest.raises(ValueError, match=r"inference \(train_flg=False\) before any "
                                         r"training forward.*running_mean"):
        layer.forward(np.ones((4, 3)), train_flg=False)


@pytest.mark.parametrize(
    ("gamma", "beta", "message"),
    [(np.ones((3, 1)), np.zeros(3), r"gamma must be a float vector \(D,\), got shape "
                                    r"\(3, 1\)"),
     (np.ones(3, dtype=int), np.zeros(3), r"float vector.*dtype int64"),
     (np.ones(3), np.zeros(4), r"gamma of shape \(3,\) needs beta of shape \(3,\).*"
                               r"got \(4,\)")],
    ids=["gamma (3, 1)", "integer gamma", "beta (4,)"],
)
def test_batch_norm_refuses_parameters_of_the_wrong_shape(gamma, beta, message):
    with pytest.raises(ValueError, match=message):
        BatchNormalization(gamma, beta)


def test_batch_norm_refuses_running_averages_it_cannot_use():
    with pytest.raises(ValueError, match="both running_mean and running_var, or neither"):
        BatchNormalization(np.ones(3), np.zeros(3), running_mean=np.zeros(3))
    with pytest.raises(ValueError, match=r"running_var must have gamma's shape \(3,\), "
                                         r"got \(2,\)"):
        BatchNormalization(np.ones(3), np.zeros(3), running_mean=np.zeros(3),
                           running_var=np.ones(2))
    for momentum in (-0.1, 1.5, True, None):
        with pytest.raises(ValueError, match=r"momentum must be in \[0, 1\]"):
            BatchNormalization(np.ones(3), np.zeros(3), momentum=momentum)


def test_affine_flattens_images_and_gives_dx_in_their_shape():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 3, 2, 5))
    W, b = rng.standard_normal((30, 7)), rng.standard_normal(7)
    layer, flat = Affine(W, b), Affine(W, b)
    np.testing.assert_array_equal(layer.forward(x), flat.forward(x.reshape(4, 30)))
    dout = rng.standard_normal((4, 7))
    dx = layer.backward(dout)
    assert dx.shape == x.shape
    np.testing.assert_array_equal(dx, flat.backward(dout).reshape(x.shape))
    np.testing.assert_array_equal(layer.dW, flat.dW)
    error, _ = check_layer(Affine(W, b), x, rng)
    assert error < TOLERANCE


def test_affine_refuses_images_that_do_not_flatten_to_its_inputs():
    with pytest.raises(ValueError, match=r"\(N, 30\) .* got x of shape \(4, 3, 2, 4\)"):
        Affine(np.zeros((30, 7)), np.zeros(7)).forward(np.zeros((4, 3, 2, 4)))


def test_affine_gives_dx_in_the_memory_order_of_x():
    # A column-major x (as chapter 13's fast layer hands over its images) gets a
    # column-major dx, the same numbers as for the row-major copy of x.
    rng = np.random.default_rng(1)
    x = np.asfortranarray(rng.standard_normal((6, 8)))
    W, b = rng.standard_normal((8, 3)), rng.standard_normal(3)
    dout = rng.standard_normal((6, 3))
    by_columns, by_rows = Affine(W, b), Affine(W, b)
    by_columns.forward(x)
    by_rows.forward(np.ascontiguousarray(x))
    dx, expected = by_columns.backward(dout), by_rows.backward(dout)
    assert dx.flags.f_contiguous and expected.flags.c_contiguous
    np.testing.assert_allclose(dx, expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(by_columns.dW, by_rows.dW, rtol=1e-12, atol=1e-12)
