"""Convolution and pooling: the loops are right, and every faster version agrees with them.

The loops (``conv_forward_loop``, ``pool_forward_loop`` and their backward passes) are
checked against central differences in float64; ``im2col`` layers and the fused
``ConvReluPool`` are checked against the loops and against central differences, on
seeded random shapes with stride and padding; then float32, no side effects, the
errors a learner meets, and the book's ``SimpleConvNet`` as a whole.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from dlbook.conv import (
    BOOK_CONV_PARAM,
    Convolution,
    ConvReluPool,
    Pooling,
    SimpleConvNet,
    col2im,
    conv_backward_loop,
    conv_forward_loop,
    conv_output_size,
    im2col,
    pool_backward_loop,
    pool_forward_loop,
)
from dlbook.gradient import numerical_gradient, relative_error
from dlbook.layers import Relu
from dlbook.networks import Network

TOLERANCE = 1e-7
SEEDS = range(6)


def fitting_size(rng, filter_size, stride, pad):
    """An input size that ``filter_size``, ``stride`` and ``pad`` fit exactly."""
    return (int(rng.integers(2, 5)) - 1) * stride + filter_size - 2 * pad


def conv_case(seed):
    """A seeded random convolution: x, W, b, stride, pad, whose sizes fit together."""
    rng = np.random.default_rng(seed)
    stride, pad = int(rng.integers(1, 3)), int(rng.integers(0, 2))
    FH, FW = int(rng.integers(2, 4)), int(rng.integers(2, 4))
    H, W = fitting_size(rng, FH, stride, pad), fitting_size(rng, FW, stride, pad)
    if min(H, W) < 1:  # the padding alone was larger than the positions needed
        H, W = H + 2 * pad, W + 2 * pad
        pad = 0
    N, C, FN = int(rng.integers(1, 4)), int(rng.integers(1, 4)), int(rng.integers(1, 4))
    x = rng.standard_normal((N, C, H, W))
    return x, rng.standard_normal((FN, C, FH, FW)), rng.standard_normal(FN), stride, pad


def pool_case(seed):
    """A seeded random max pooling: x (no ties), pool_h, pool_w, stride, pad."""
    rng = np.random.default_rng(100 + seed)
    pool_h, pool_w = int(rng.integers(2, 4)), int(rng.integers(2, 4))
    stride, pad = int(rng.integers(1, 3)), int(rng.integers(0, 2))
    H, W = fitting_size(rng, pool_h, stride, pad), fitting_size(rng, pool_w, stride, pad)
    if min(H, W) < 1:  # the padding alone was larger than the positions needed
        H, W = H + 2 * pad, W + 2 * pad
        pad = 0
    N, C = int(rng.integers(1, 3)), int(rng.integers(1, 3))
    # Distinct numbers far apart: no two tie, and a nudge of h never changes the max.
    x = rng.permutation(N * C * H * W).reshape(N, C, H, W) / 10.0
    return x, pool_h, pool_w, stride, pad


def fused_case(seed):
    """Input, W, b, stride, pad for ``ConvReluPool``: an even convolution output."""
    rng = np.random.default_rng(200 + seed)
    stride, pad, F = int(rng.integers(1, 3)), int(rng.integers(0, 2)), 3
    OH, OW = 2 * int(rng.integers(1, 3)), 2 * int(rng.integers(1, 3))
    H, W = (OH - 1) * stride + F - 2 * pad, (OW - 1) * stride + F - 2 * pad
    N, C, FN = int(rng.integers(1, 3)), int(rng.integers(1, 3)), int(rng.integers(1, 4))
    return (rng.standard_normal((N, C, H, W)), rng.standard_normal((FN, C, F, F)),
            rng.standard_normal(FN), stride, pad)


def numeric(f, x):
    """Central-difference gradient of the scalar ``f()`` with respect to ``x``."""
    return numerical_gradient(lambda _: f(), x)


# --- conv_output_size ----------------------------------------------------------------


@pytest.mark.parametrize("args, size", [((28, 5), 24), ((7, 3, 2, 1), 4),
                                        ((4, 4), 1), ((5, 1, 2), 3), ((3, 3, 1, 1), 3)])
def test_conv_output_size_counts_the_filters_positions(args, size):
    assert conv_output_size(*args) == size
    assert type(conv_output_size(*args)) is int


def test_conv_output_size_refuses_a_stride_that_does_not_divide():
    with pytest.raises(ValueError, match="stride 3 does not divide .* = 4"):
        conv_output_size(7, 3, stride=3)


def test_conv_output_size_refuses_a_filter_larger_than_the_padded_input():
    with pytest.raises(ValueError, match=r"size 5 does not fit .* \(size 4\)"):
        conv_output_size(2, 5, pad=1)


@pytest.mark.parametrize("args", [(28.0, 5), (28, 5, 0), (28, 5, 1, -1), (True, 1),
                                  (28, 0)])
def test_conv_output_size_refuses_sizes_that_are_not_counts(args):
    with pytest.raises(ValueError):
        conv_output_size(*args)


# --- The loops: the reference --------------------------------------------------------


def test_conv_loop_on_a_hand_computed_example():
    x = np.array([[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]], float)
    W = np.array([[2, 0, 1], [0, 1, 2], [1, 0, 2]], float)
    out = conv_forward_loop(x[None, None], W[None, None], np.array([3.0]))
    np.testing.assert_array_equal(out[0, 0], [[18, 19], [9, 18]])  # 15 16 6 15, + 3


def test_pool_loop_on_a_hand_computed_example():
    x = np.array([[1, 2, 1, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 4, 0, 1]], float)
    out = pool_forward_loop(x[None, None], 2, 2, stride=2)
    np.testing.assert_array_equal(out[0, 0], [[2, 3], [4, 2]])


@pytest.mark.parametrize("seed", SEEDS)
def test_gradcheck_conv_loop(seed):
    x, W, b, stride, pad = conv_case(seed)
    G = np.random.default_rng(seed).standard_normal(
        conv_forward_loop(x, W, b, stride, pad).shape)

    def loss():
        return float(np.sum(conv_forward_loop(x, W, b, stride, pad) * G))

    dx, dW, db = conv_backward_loop(G, x, W, stride, pad)
    assert dx.shape == x.shape
    assert relative_error(dx, numeric(loss, x)) < TOLERANCE
    assert relative_error(dW, numeric(loss, W)) < TOLERANCE
    assert relative_error(db, numeric(loss, b)) < TOLERANCE


@pytest.mark.parametrize("seed", SEEDS)
def test_gradcheck_pool_loop(seed):
    x, ph, pw, stride, pad = pool_case(seed)
    G = np.random.default_rng(seed).standard_normal(
        pool_forward_loop(x, ph, pw, stride, pad).shape)

    def loss():
        return float(np.sum(pool_forward_loop(x, ph, pw, stride, pad) * G))

    dx = pool_backward_loop(G, x, ph, pw, stride, pad)
    assert relative_error(dx, numeric(loss, x)) < TOLERANCE


def test_pool_padding_is_never_the_maximum():
    x = -np.ones((1, 1, 2, 2))  # all negative: a zero pad would win every window
    np.testing.assert_array_equal(pool_forward_loop(x, 2, 2, stride=2, pad=1), -1)
    np.testing.assert_array_equal(Pooling(2, 2, stride=2, pad=1).forward(x), -1)


def test_pooling_refuses_a_pad_over_half_the_window():
    with pytest.raises(ValueError, match="at most half the window, 1 .* got 2"):
        Pooling(3, 3, stride=1, pad=2)


def test_the_backward_loops_refuse_a_dout_of_another_shape():
    x, W = np.ones((2, 3, 5, 5)), np.ones((4, 3, 3, 3))
    # conv: out is (2, 4, 3, 3); a dout of the image's size would be read only in part
    with pytest.raises(ValueError, match=re.escape(
            "expects dout of shape (2, 4, 3, 3), the shape of the forward pass's output; "
            "got (2, 4, 5, 5)")):
        conv_backward_loop(np.ones((2, 4, 5, 5)), x, W)
    # pool, stride 2: out is (2, 3, 2, 2); stride 1's (2, 3, 4, 4) is another
    with pytest.raises(ValueError, match=re.escape("shape (2, 3, 2, 2), the shape")):
        pool_backward_loop(np.ones((2, 3, 4, 4)), np.ones((2, 3, 4, 4)), 2, 2, stride=2)


def test_the_backward_loops_refuse_what_the_forward_loops_refuse():
    with pytest.raises(ValueError, match=r"\(N, 3, H, W\), got \(3, 5, 5\)"):
        conv_backward_loop(np.ones((1, 4, 3, 3)), np.ones((3, 5, 5)), np.ones((4, 3, 3, 3)))
    with pytest.raises(ValueError, match="stride 2 does not divide"):
        pool_backward_loop(np.ones((1, 1, 1, 1)), np.ones((1, 1, 5, 5)), 2, 2, stride=2)


# --- im2col and col2im ---------------------------------------------------------------


def test_im2col_rows_are_windows_in_the_order_of_the_filters():
    x = np.arange(2 * 3 * 5 * 6, dtype=float).reshape(2, 3, 5, 6)
    col = im2col(x, 3, 2, stride=2, pad=1)  # OH = 3, OW = 4
    assert col.shape == (2 * 3 * 4, 3 * 3 * 2)
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    n, i, j = 1, 2, 1
    window = xp[n, :, 2 * i:2 * i + 3, 2 * j:2 * j + 2]  # (C, FH, FW)
    np.testing.assert_array_equal(col[(n * 3 + i) * 4 + j], window.ravel())


@pytest.mark.parametrize("seed", SEEDS)
def test_col2im_is_the_transpose_of_im2col(seed):
    # <im2col(x), c> = <x, col2im(c)> for all x and c: the definition of a transpose,
    # which is what backpropagation through im2col needs.
    x, W, _, stride, pad = conv_case(seed)
    FH, FW = W.shape[2:]
    c = np.random.default_rng(seed).standard_normal(im2col(x, FH, FW, stride, pad).shape)
    left = np.sum(im2col(x, FH, FW, stride, pad) * c)
    right = np.sum(x * col2im(c, x.shape, FH, FW, stride, pad))
    assert np.isclose(left, right, rtol=1e-12)


def test_col2im_refuses_a_col_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"expects col of shape \(8, 9\) .* got \(8, 8\)"):
        col2im(np.zeros((8, 8)), (2, 1, 4, 4), 3, 3)


def test_im2col_refuses_an_input_that_is_not_a_batch_of_images():
    with pytest.raises(ValueError, match=r"\(N, C, H, W\), got \(28, 28\)"):
        im2col(np.zeros((28, 28)), 5, 5)


# --- The layers against the loops ----------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_convolution_agrees_with_the_loops(seed):
    x, W, b, stride, pad = conv_case(seed)
    layer = Convolution(W, b, stride, pad)
    out = layer.forward(x)
    np.testing.assert_allclose(out, conv_forward_loop(x, W, b, stride, pad),
                               rtol=1e-12, atol=1e-12)
    G = np.random.default_rng(seed).standard_normal(out.shape)
    dx, dW, db = conv_backward_loop(G, x, W, stride, pad)
    np.testing.assert_allclose(layer.backward(G), dx, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.dW, dW, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.db, db, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_gradcheck_convolution(seed):
    x, W, b, stride, pad = conv_case(seed)
    layer = Convolution(W, b, stride, pad)
    G = np.random.default_rng(seed).standard_normal(layer.forward(x).shape)

    def loss():
        return float(np.sum(layer.forward(x) * G))

    expected = {"x": numeric(loss, x), "W": numeric(loss, W), "b": numeric(loss, b)}
    layer.forward(x)
    dx = layer.backward(G)
    assert relative_error(dx, expected["x"]) < TOLERANCE
    assert relative_error(layer.grads["W"], expected["W"]) < TOLERANCE
    assert relative_error(layer.grads["b"], expected["b"]) < TOLERANCE


@pytest.mark.parametrize("seed", SEEDS)
def test_pooling_agrees_with_the_loops(seed):
    x, ph, pw, stride, pad = pool_case(seed)
    layer = Pooling(ph, pw, stride, pad)
    out = layer.forward(x)
    np.testing.assert_array_equal(out, pool_forward_loop(x, ph, pw, stride, pad))
    G = np.random.default_rng(seed).standard_normal(out.shape)
    np.testing.assert_allclose(layer.backward(G),
                               pool_backward_loop(G, x, ph, pw, stride, pad),
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_gradcheck_pooling(seed):
    x, ph, pw, stride, pad = pool_case(seed)
    layer = Pooling(ph, pw, stride, pad)
    G = np.random.default_rng(seed).standard_normal(layer.forward(x).shape)
    expected = numeric(lambda: float(np.sum(layer.forward(x) * G)), x)
    layer.forward(x)
    assert relative_error(layer.backward(G), expected) < TOLERANCE


def test_pooling_gives_a_tie_to_its_first_maximum_only():
    x = np.array([[[[1.0, 3.0], [3.0, 3.0]]]])  # three positions tie for the max
    layer, dout = Pooling(2, 2, stride=2), np.ones((1, 1, 1, 1))
    layer.forward(x)
    np.testing.assert_array_equal(layer.backward(dout)[0, 0], [[0, 1], [0, 0]])
    np.testing.assert_array_equal(pool_backward_loop(dout, x, 2, 2, 2)[0, 0],
                                  [[0, 1], [0, 0]])


# --- The fused layer against the plain ones ------------------------------------------


def plain_conv_relu_pool(W, b, stride, pad, input_grad=True):
    return [Convolution(W, b, stride, pad, input_grad=input_grad), Relu(),
            Pooling(2, 2, stride=2)]


@pytest.mark.parametrize("seed", SEEDS)
def test_conv_relu_pool_agrees_with_convolution_relu_pooling(seed):
    x, W, b, stride, pad = fused_case(seed)
    fused, plain = ConvReluPool(W, b, stride, pad), plain_conv_relu_pool(W, b, stride, pad)
    out = x
    for layer in plain:
        out = layer.forward(out)
    np.testing.assert_allclose(fused.forward(x), out, rtol=1e-12, atol=1e-12)
    G = np.random.default_rng(seed).standard_normal(out.shape)
    dx = G
    for layer in reversed(plain):
        dx = layer.backward(dx)
    np.testing.assert_allclose(fused.backward(G), dx, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(fused.dW, plain[0].dW, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(fused.db, plain[0].db, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_conv_relu_pool_agrees_with_the_loops(seed):
    x, W, b, stride, pad = fused_case(seed)
    fused = ConvReluPool(W, b, stride, pad)
    z = conv_forward_loop(x, W, b, stride, pad)
    out = pool_forward_loop(np.maximum(z, 0), 2, 2, 2)
    np.testing.assert_allclose(fused.forward(x), out, rtol=1e-12, atol=1e-12)
    G = np.random.default_rng(seed).standard_normal(out.shape)
    dz = pool_backward_loop(G, np.maximum(z, 0), 2, 2, 2) * (z > 0)
    dx, dW, db = conv_backward_loop(dz, x, W, stride, pad)
    np.testing.assert_allclose(fused.backward(G), dx, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(fused.dW, dW, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(fused.db, db, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_gradcheck_conv_relu_pool(seed):
    x, W, b, stride, pad = fused_case(seed)
    layer = ConvReluPool(W, b, stride, pad)
    G = np.random.default_rng(seed).standard_normal(layer.forward(x).shape)

    def loss():
        return float(np.sum(layer.forward(x) * G))

    expected = {"x": numeric(loss, x), "W": numeric(loss, W), "b": numeric(loss, b)}
    layer.forward(x)
    assert relative_error(layer.backward(G), expected["x"]) < TOLERANCE
    assert relative_error(layer.dW, expected["W"]) < TOLERANCE
    assert relative_error(layer.db, expected["b"]) < TOLERANCE


@pytest.mark.parametrize("stride, pad, size", [(1, 1, 10), (2, 0, 13), (1, 0, 8)])
def test_conv_relu_pool_in_bands_of_one_row_agrees_with_one_band(stride, pad, size):
    # Small inputs fit in one band: make every pooled row a band of its own.
    rng = np.random.default_rng(size)
    x, W, b = (rng.standard_normal((2, 2, size, size + 2 * stride)),
               rng.standard_normal((3, 2, 3, 3)), rng.standard_normal(3))
    whole, banded = ConvReluPool(W, b, stride, pad), ConvReluPool(W, b, stride, pad)
    banded.BAND_NUMBERS = 1
    assert len(banded._bands(*whole._sizes(x.shape), len(x))) > 1
    np.testing.assert_allclose(banded.forward(x), whole.forward(x), rtol=1e-12)
    G = rng.standard_normal(whole.forward(x).shape)
    np.testing.assert_allclose(banded.backward(G), whole.backward(G), rtol=1e-12,
                               atol=1e-12)
    np.testing.assert_allclose(banded.dW, whole.dW, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(banded.db, whole.db, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("small", [1, 200])
def test_conv_relu_pool_products_in_pieces_agree_with_one_product(small):
    # Small inputs make one small product: cut it into pieces of 1 and of a few columns.
    rng = np.random.default_rng(small)
    x, W, b = (rng.standard_normal((2, 2, 10, 12)), rng.standard_normal((3, 2, 3, 3)),
               rng.standard_normal(3))
    whole, pieces = ConvReluPool(W, b, 1, 1), ConvReluPool(W, b, 1, 1)
    pieces.SMALL_PRODUCT = small
    assert len(pieces._pieces(4 * 5 * 6 * 2, 3, 2 * 3 * 3)) > 1
    assert len(whole._pieces(4 * 5 * 6 * 2, 3, 2 * 3 * 3)) == 1
    np.testing.assert_allclose(pieces.forward(x), whole.forward(x), rtol=1e-12)
    G = rng.standard_normal(whole.forward(x).shape)
    np.testing.assert_allclose(pieces.backward(G), whole.backward(G), rtol=1e-12,
                               atol=1e-12)
    np.testing.assert_allclose(pieces.dW, whole.dW, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(pieces.db, whole.db, rtol=1e-12, atol=1e-12)


def test_conv_relu_pool_gives_a_tie_once_to_the_first_maximum():
    # A constant image makes the four convolutions of each pooling window equal:
    # the whole gradient goes to the first, as Pooling (np.argmax) gives it.
    x = np.ones((1, 1, 4, 4))
    W, b = np.ones((1, 1, 1, 1)), np.zeros(1)
    fused = ConvReluPool(W, b)
    fused.forward(x)
    G = np.ones((1, 1, 2, 2))
    dx = fused.backward(G)
    np.testing.assert_array_equal(dx[0, 0], [[1, 0, 1, 0], [0, 0, 0, 0],
                                             [1, 0, 1, 0], [0, 0, 0, 0]])
    assert fused.dW.sum() == G.sum()  # not counted twice (or four times)


def test_conv_relu_pool_tie_rule_is_pytorchs():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    x = rng.integers(0, 3, (2, 2, 6, 6)).astype(np.float64)  # many ties
    W, b = rng.integers(0, 2, (3, 2, 3, 3)).astype(np.float64), np.full(3, 0.5)
    fused = ConvReluPool(W, b, 1, 1)
    out = fused.forward(x)
    G = rng.standard_normal(out.shape)
    fused.backward(G)
    xt, Wt = torch.tensor(x), torch.tensor(W, requires_grad=True)
    bt = torch.tensor(b, requires_grad=True)
    z = torch.nn.functional.conv2d(xt, Wt, bt, stride=1, padding=1)
    outt = torch.nn.functional.max_pool2d(torch.relu(z), 2, 2)
    (outt * torch.tensor(G)).sum().backward()
    np.testing.assert_allclose(out, outt.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(fused.dW, Wt.grad.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(fused.db, bt.grad.numpy(), rtol=1e-12, atol=1e-12)


def test_without_input_grad_the_same_parameter_gradients_and_no_dx():
    x, W, b, stride, pad = fused_case(1)
    G = None
    for make in (Convolution, ConvReluPool):
        full, first = make(W, b, stride, pad), make(W, b, stride, pad, input_grad=False)
        G = np.random.default_rng(0).standard_normal(full.forward(x).shape)
        first.forward(x)
        assert full.backward(G) is not None and first.backward(G) is None
        np.testing.assert_array_equal(first.dW, full.dW)
        np.testing.assert_array_equal(first.db, full.db)


def test_conv_relu_pool_refuses_an_odd_convolution_output():
    with pytest.raises(ValueError, match="output 5 x 5 must have an even"):
        ConvReluPool(np.zeros((2, 1, 3, 3)), np.zeros(2)).forward(np.zeros((1, 1, 7, 7)))


# --- dtype, side effects, errors -----------------------------------------------------


def layers_for(dtype):
    rng = np.random.default_rng(0)
    W = rng.standard_normal((3, 2, 3, 3)).astype(dtype)
    b = rng.standard_normal(3).astype(dtype)
    return [Convolution(W, b, 1, 1), Pooling(2, 2, stride=2), ConvReluPool(W, b, 1, 1)]


@pytest.mark.parametrize("index", range(3))
def test_layers_keep_float32(index):
    layer = layers_for(np.float32)[index]
    x = np.random.default_rng(1).standard_normal((2, 2, 6, 6)).astype(np.float32)
    out = layer.forward(x)
    dx = layer.backward(np.ones_like(out))
    assert out.dtype == dx.dtype == np.float32
    for grad in getattr(layer, "grads", {}).values():
        assert grad.dtype == np.float32


@pytest.mark.parametrize("n", [1, 2])  # with one image, some reshapes are views
@pytest.mark.parametrize("index", range(3))
def test_no_layer_changes_its_input_or_dout(index, n):
    layer = layers_for(np.float64)[index]
    x = np.random.default_rng(1).standard_normal((n, 2, 6, 6))
    x_before = x.copy()
    out = layer.forward(x)
    dout = np.random.default_rng(2).standard_normal(out.shape)
    dout_before = dout.copy()
    layer.backward(dout)
    np.testing.assert_array_equal(x, x_before)
    np.testing.assert_array_equal(dout, dout_before)


def test_layers_hold_the_networks_very_arrays():
    W, b = np.ones((2, 1, 3, 3)), np.zeros(2)
    for layer in (Convolution(W, b), ConvReluPool(W, b)):
        assert layer.params["W"] is W and layer.params["b"] is b


@pytest.mark.parametrize("make", [Convolution, ConvReluPool])
def test_conv_layers_name_expected_and_actual_shapes(make):
    with pytest.raises(ValueError, match=r"b of shape \(2,\), .* got b of shape \(3,\)"):
        make(np.zeros((2, 1, 3, 3)), np.zeros(3))
    with pytest.raises(ValueError, match=r"\(FN, C, FH, FW\), got shape \(2, 9\)"):
        make(np.zeros((2, 9)), np.zeros(2))
    layer = make(np.zeros((2, 1, 3, 3)), np.zeros(2))
    with pytest.raises(ValueError, match=r"\(N, 1, H, W\), got \(4, 3, 6, 6\)"):
        layer.forward(np.zeros((4, 3, 6, 6)))
    with pytest.raises(ValueError, match="call forward before backward"):
        layer.backward(np.zeros((4, 2, 4, 4)))
    out = layer.forward(np.zeros((4, 1, 6, 6)))
    with pytest.raises(ValueError, match=re.escape(f"dout of shape {out.shape}, the shape of forward's output; got (4, 2)")):
        layer.backward(np.zeros((4, 2)))


def test_pooling_refuses_dout_of_the_wrong_shape():
    layer = Pooling(2, 2, stride=2)
    out = layer.forward(np.zeros((2, 3, 4, 4)))
    with pytest.raises(ValueError, match=re.escape(f"dout of shape {out.shape}")):
        layer.backward(np.zeros((2, 1)))


def test_reprs_name_the_layer_and_its_shapes():
    W, b = np.zeros((2, 1, 3, 3)), np.zeros(2)
    assert repr(Convolution(W, b, pad=1)) == (
        "Convolution(W: (2, 1, 3, 3), b: (2,), stride=1, pad=1)")
    assert repr(Pooling(2, 2, stride=2)) == "Pooling(pool_h=2, pool_w=2, stride=2, pad=0)"


# --- SimpleConvNet -------------------------------------------------------------------


def test_simple_conv_net_has_the_books_parameters():
    net = SimpleConvNet(input_dim=(1, 28, 28),
                        conv_param={"filter_num": 30, "filter_size": 5, "pad": 0,
                                    "stride": 1},
                        hidden_size=100, output_size=10, weight_init_std=0.01, seed=0)
    shapes = {k: v.shape for k, v in net.params.items()}
    assert shapes == {"W1": (30, 1, 5, 5), "b1": (30,), "W2": (4320, 100),
                      "b2": (100,), "W3": (100, 10), "b3": (10,)}
    assert isinstance(net, Network)
    assert net.predict(np.zeros((2, 1, 28, 28))).shape == (2, 10)


def tiny_net(fast, dtype=np.float64):
    return SimpleConvNet((2, 8, 8), {"filter_num": 3, "filter_size": 3, "pad": 1},
                         hidden_size=5, output_size=3, weight_init_std=0.3, fast=fast,
                         seed=0, dtype=dtype)


@pytest.mark.parametrize("fast", [True, False])
def test_gradcheck_simple_conv_net(fast):
    net = tiny_net(fast)
    rng = np.random.default_rng(3)
    x, t = rng.standard_normal((3, 2, 8, 8)), np.array([0, 2, 1])
    backprop, numerical = net.gradient(x, t), net.numerical_gradient(x, t)
    for key in net.params:
        assert relative_error(backprop[key], numerical[key]) < 1e-6, key


def test_the_fast_and_the_plain_simple_conv_net_are_the_same_network():
    fast, plain = tiny_net(True), tiny_net(False)
    rng = np.random.default_rng(4)
    x, t = rng.standard_normal((5, 2, 8, 8)), rng.integers(0, 3, 5)
    loss_fast, grads_fast = fast.loss_and_gradient(x, t)
    loss_plain, grads_plain = plain.loss_and_gradient(x, t)
    assert np.isclose(loss_fast, loss_plain, rtol=1e-12)
    for key in grads_fast:
        np.testing.assert_allclose(grads_fast[key], grads_plain[key], rtol=1e-10,
                                   atol=1e-14)


def test_simple_conv_net_in_float32_end_to_end():
    from dlbook.optimizers import Adam
    net = tiny_net(True, np.float32)
    rng = np.random.default_rng(5)
    x = rng.standard_normal((6, 2, 8, 8)).astype(np.float32)
    t = rng.integers(0, 3, 6)
    optimizer, losses = Adam(lr=0.01), []
    for _ in range(20):
        loss, grads = net.loss_and_gradient(x, t)
        assert all(g.dtype == np.float32 for g in grads.values())
        optimizer.update(net.params, grads)
        losses.append(loss)
    assert all(p.dtype == np.float32 for p in net.params.values())
    assert losses[-1] < 0.5 * losses[0]  # it learns six images


def test_simple_conv_net_accuracy_in_batches_is_the_whole_arrays():
    net = tiny_net(True)
    rng = np.random.default_rng(6)
    x, t = rng.standard_normal((7, 2, 8, 8)), rng.integers(0, 3, 7)
    assert net.accuracy(x, t, batch_size=3) == Network.accuracy(net, x, t)


def test_simple_conv_net_refuses_what_does_not_fit():
    with pytest.raises(ValueError, match="unknown keys"):
        SimpleConvNet(conv_param={"filter_nums": 30})
    with pytest.raises(ValueError, match="25 x 25: 2 x 2 pooling needs an even"):
        SimpleConvNet(conv_param={"filter_size": 4})
    with pytest.raises(ValueError, match=r"input_dim must be \(C, H, W\)"):
        SimpleConvNet(input_dim=(28, 28))
    assert dict(BOOK_CONV_PARAM) == {"filter_num": 30, "filter_size": 5, "pad": 0,
                                     "stride": 1}


def test_convolution_takes_one_number_as_the_bias_of_every_filter():
    # The book's apply_filter.py builds Convolution(w, 0) for one filter at a time.
    W = np.random.default_rng(0).standard_normal((2, 1, 3, 3)).astype(np.float32)
    x = np.ones((1, 1, 4, 4), dtype=np.float32)
    layer = Convolution(W, 0)
    assert layer.b.shape == (2,) and layer.b.dtype == np.float32
    np.testing.assert_array_equal(layer.forward(x), Convolution(W, np.zeros(2)).forward(x))
    np.testing.assert_array_equal(Convolution(W, 0.5).b, [0.5, 0.5])
    with pytest.raises(ValueError, match=r"b of shape \(2,\), .* got b of shape \(1,\)"):
        Convolution(W, np.zeros(1))


def test_simple_conv_net_he_scales_each_layers_draws_by_its_inputs():
    he = SimpleConvNet(seed=3, weight_init_std="he", dtype=np.float32)
    unit = SimpleConvNet(seed=3, weight_init_std=1.0, dtype=np.float32)
    for key, fan_in in (("W1", 1 * 5 * 5), ("W2", 30 * 12 * 12), ("W3", 100)):
        np.testing.assert_array_equal(he.params[key],
                                      unit.params[key] * np.float32(np.sqrt(2 / fan_in)))
    with pytest.raises(ValueError, match="weight_init must be 'he', 'xavier'"):
        SimpleConvNet(weight_init_std="relu")
