"""Tests of dlbook.forward_pass: the 3-layer network of chapter 4 and its forward pass."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlbook import affine, forward, forward_trace, init_network, sigmoid, softmax

X_BOOK = np.array([1.0, 0.5])
Y_BOOK = np.array([0.31682708, 0.69627909])


def test_forward_reproduces_the_books_output():
    y = forward(init_network(), X_BOOK)
    assert y.shape == (2,)
    assert np.allclose(y, Y_BOOK, atol=1e-8, rtol=0)


def test_trace_reproduces_the_books_first_layer():
    trace = forward_trace(init_network(), X_BOOK)
    assert np.allclose(trace["A1"], [0.3, 0.7, 1.1], atol=1e-12, rtol=0)
    assert np.allclose(
        trace["Z1"], [0.57444252, 0.66818777, 0.75026011], atol=1e-8, rtol=0
    )


def test_trace_lists_every_step_in_order():
    trace = forward_trace(init_network(), X_BOOK)
    assert list(trace) == ["X", "A1", "Z1", "A2", "Z2", "A3", "Y"]
    assert np.array_equal(trace["Y"], forward(init_network(), X_BOOK))


def test_forward_equals_the_layers_written_out():
    net = init_network()
    rng = np.random.default_rng(0)
    x = rng.normal(size=(4, 2))
    z1 = sigmoid(x @ net["W1"] + net["b1"])
    z2 = sigmoid(z1 @ net["W2"] + net["b2"])
    a3 = z2 @ net["W3"] + net["b3"]
    assert np.allclose(forward(net, x), a3, atol=1e-15, rtol=0)
    assert np.allclose(forward(net, x, output=softmax), softmax(a3), atol=1e-15)


def test_a_network_with_other_sizes_works():
    rng = np.random.default_rng(0)
    sizes = [5, 4, 3, 6]
    net = {}
    for i, (D, H) in enumerate(pairwise(sizes), start=1):
        net[f"W{i}"], net[f"b{i}"] = rng.normal(size=(D, H)), rng.normal(size=H)
    trace = forward_trace(net, rng.normal(size=(7, 5)))
    shapes = {name: value.shape for name, value in trace.items()}
    assert shapes == {
        "X": (7, 5), "A1": (7, 4), "Z1": (7, 4), "A2": (7, 3), "Z2": (7, 3),
        "A3": (7, 6), "Y": (7, 6),
    }


@given(
    n=st.integers(min_value=1, max_value=20),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    scale=st.sampled_from([0.1, 1.0, 10.0, 100.0]),
)
def test_each_row_of_a_batch_equals_that_sample_alone(n, seed, scale):
    net = init_network()
    X = np.random.default_rng(seed).normal(scale=scale, size=(n, 2))
    Y = forward(net, X)
    assert Y.shape == (n, 2)
    for i in range(n):
        assert np.allclose(Y[i], forward(net, X[i]), atol=1e-12, rtol=0)


@given(n=st.integers(min_value=1, max_value=20), seed=st.integers(0, 2**32 - 1))
def test_softmax_output_rows_sum_to_one_and_keep_the_argmax(n, seed):
    net = init_network()
    X = np.random.default_rng(seed).normal(scale=5.0, size=(n, 2))
    P = forward(net, X, output=softmax)
    assert np.allclose(P.sum(axis=1), 1.0, atol=1e-12, rtol=0)
    assert np.all((P > 0) & (P < 1))
    assert np.array_equal(P.argmax(axis=1), forward(net, X).argmax(axis=1))


def test_softmax_output_for_the_books_input():
    y = forward(init_network(), X_BOOK, output=softmax)
    assert np.isclose(y.sum(), 1.0, atol=1e-15, rtol=0)
    assert np.allclose(y, softmax(Y_BOOK), atol=1e-8, rtol=0)


def test_init_network_returns_fresh_arrays_every_call():
    first, second = init_network(), init_network()
    assert first is not second
    for key in first:
        assert not np.shares_memory(first[key], second[key]), key
    first["W1"][0, 0] = 99.0  # a caller spoiling its own copy ...
    del first["b3"]
    third = init_network()
    assert third["W1"][0, 0] == 0.1  # ... cannot spoil anyone else's
    assert "b3" in third


def test_init_network_shapes_and_values():
    net = init_network()
    assert sorted(net) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    assert {k: v.shape for k, v in net.items()} == {
        "W1": (2, 3), "b1": (3,), "W2": (3, 2), "b2": (2,), "W3": (2, 2), "b3": (2,),
    }
    assert np.array_equal(net["W1"], [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])
    assert np.array_equal(net["W2"], [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]])
    assert np.array_equal(net["W3"], [[0.1, 0.3], [0.2, 0.4]])
    assert all(v.dtype == np.float64 for v in net.values())


@pytest.mark.parametrize("output", [None, softmax], ids=["identity", "softmax"])
def test_forward_changes_neither_the_input_nor_the_network(output):
    net = init_network()
    before = {k: v.copy() for k, v in net.items()}
    ids = {k: id(v) for k, v in net.items()}
    X = np.random.default_rng(0).normal(size=(3, 2))
    X_before = X.copy()
    kwargs = {} if output is None else {"output": output}
    trace = forward_trace(net, X, **kwargs)
    forward(net, X[0], **kwargs)
    assert np.array_equal(X, X_before)
    assert list(net) == list(before)
    for k in net:
        assert id(net[k]) == ids[k] and np.array_equal(net[k], before[k])
    # The trace shares no memory with the caller's x: changing it changes nothing.
    assert not np.shares_memory(trace["X"], X)
    trace["X"][...] = 0.0
    trace["Y"][...] = 0.0
    assert np.array_equal(X, X_before)


def test_a_list_is_accepted_as_input():
    assert np.allclose(forward(init_network(), [1.0, 0.5]), Y_BOOK, atol=1e-8)


@pytest.mark.parametrize("shape", [(3,), (4, 3), (2, 1), (1,), (), (2, 2, 2)])
def test_a_wrong_input_shape_raises_naming_both_shapes(shape):
    x = np.ones(shape)
    with pytest.raises(ValueError) as excinfo:
        forward(init_network(), x)
    message = str(excinfo.value)
    assert "(2,) or (N, 2)" in message
    assert f"x.shape = {shape}" in message


def test_a_wrong_weight_shape_inside_is_caught_by_affine():
    net = init_network()
    net["W2"] = net["W2"].T  # (2, 3) where (3, 2) belongs
    with pytest.raises(ValueError, match=r"W\.shape = \(2, 3\)"):
        forward(net, X_BOOK)
    with pytest.raises(ValueError):
        affine(np.ones(3), net["W2"], net["b2"])


def test_float32_stays_float32():
    net32 = {k: v.astype(np.float32) for k, v in init_network().items()}
    x32 = np.asarray(X_BOOK, dtype=np.float32)
    for output in (None, softmax):
        kwargs = {} if output is None else {"output": output}
        trace = forward_trace(net32, x32, **kwargs)
        assert {v.dtype for v in trace.values()} == {np.dtype(np.float32)}
    y32 = forward(net32, np.stack([x32, x32]))
    assert y32.dtype == np.float32
    assert np.allclose(y32[0], Y_BOOK, atol=1e-6)


def test_float32_input_with_float64_weights_is_promoted():
    y = forward(init_network(), np.asarray(X_BOOK, dtype=np.float32))
    assert y.dtype == np.float64


def test_large_inputs_give_finite_outputs_without_warnings():
    X = np.array([[1e4, -1e4], [-1e6, 1e6], [0.0, 0.0]])
    for output in (None, softmax):
        kwargs = {} if output is None else {"output": output}
        assert np.all(np.isfinite(forward(init_network(), X, **kwargs)))


def test_the_figures_draw():
    pytest.importorskip("matplotlib")
    from dlbook.plotting.forward_pass import FIGURES

    for draw in FIGURES.values():
        fig = draw()
        assert fig.axes
