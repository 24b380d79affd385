"""Tests of dlbook.perceptron (chapter 1): gates, shapes, repr, XOR and the search."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import dlbook
from dlbook.perceptron import (
    AND,
    GATE_INPUTS,
    NAND,
    NOR,
    OR,
    XOR,
    Perceptron,
    TwoLayerPerceptron,
    search_perceptrons,
    truth_table,
)

# The truth tables, written out independently of the weights: (x1, x2) -> y.
TABLES = {
    AND: {(0, 0): 0, (0, 1): 0, (1, 0): 0, (1, 1): 1},
    OR: {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 1},
    NAND: {(0, 0): 1, (0, 1): 1, (1, 0): 1, (1, 1): 0},
    NOR: {(0, 0): 1, (0, 1): 0, (1, 0): 0, (1, 1): 0},
    XOR: {(0, 0): 0, (0, 1): 1, (1, 0): 1, (1, 1): 0},
}
GATES = list(TABLES)
gate_ids = pytest.mark.parametrize("gate", GATES, ids=lambda g: g.name)

bit_pairs = arrays(
    np.int64,
    st.tuples(st.integers(0, 20), st.just(2)),
    elements=st.integers(0, 1),
)


# --- truth tables ---------------------------------------------------------------------


@gate_ids
@pytest.mark.parametrize("x1, x2", list(itertools.product([0, 1], repeat=2)))
def test_gate_on_two_numbers_follows_its_truth_table(gate, x1, x2):
    y = gate(x1, x2)
    assert y == TABLES[gate][(x1, x2)]
    assert type(y) is int


@gate_ids
def test_gate_on_one_pair_equals_gate_on_two_numbers(gate):
    for x1, x2 in itertools.product([0, 1], repeat=2):
        assert gate(np.array([x1, x2])) == gate([x1, x2]) == gate(x1, x2)


@gate_ids
def test_gate_on_the_four_inputs_gives_the_truth_table_column(gate):
    expected = [TABLES[gate][(x1, x2)] for x1, x2 in GATE_INPUTS.tolist()]
    y = gate(GATE_INPUTS)
    assert y.shape == (4,)
    assert y.dtype == np.int64
    assert y.tolist() == expected


@gate_ids
@given(x=bit_pairs)
def test_gate_on_any_batch_of_bit_pairs_is_its_truth_table_row_by_row(gate, x):
    expected = [TABLES[gate][(x1, x2)] for x1, x2 in x.tolist()]
    y = gate(x)
    assert y.shape == (len(x),)
    assert y.tolist() == expected
    # the same pairs given as two columns, shape (N,) each
    assert gate(x[:, 0], x[:, 1]).tolist() == expected


def test_truth_table_text():
    assert truth_table(AND, XOR).splitlines() == [
        "x1 x2 | AND XOR",
        " 0  0 |   0   0",
        " 0  1 |   0   1",
        " 1  0 |   0   1",
        " 1  1 |   1   0",
    ]


def test_truth_table_names_a_plain_function_by_its_name():
    def xnor(x):
        return 1 - XOR(x)

    assert truth_table(xnor).splitlines()[:2] == ["x1 x2 | xnor", " 0  0 |    1"]


def test_gate_inputs_are_the_four_pairs_in_order_and_read_only():
    assert GATE_INPUTS.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    with pytest.raises(ValueError):
        GATE_INPUTS[0, 0] = 1


# --- the perceptron itself ------------------------------------------------------------


def test_perceptron_fires_only_when_the_weighted_sum_is_positive():
    p = Perceptron([1, 1], -1.5)
    assert p.weighted_sum([1, 1]) == 0.5
    assert p.weighted_sum([0.75, 0.75]) == 0.0
    assert p(1, 1) == 1
    assert p(0.75, 0.75) == 0  # on the boundary: the step function gives 0


def test_weighted_sum_of_a_batch_has_one_value_per_row():
    np.testing.assert_allclose(AND.weighted_sum(GATE_INPUTS), [-1.5, -0.5, -0.5, 0.5])


def test_float_inputs_work():
    assert AND(0.9, 0.8) == 1
    assert AND(0.9, 0.5) == 0
    x = np.array([[0.9, 0.8], [0.9, 0.5]], dtype=np.float32)
    assert AND(x).tolist() == [1, 0]
    assert OR(np.array([0.3, 0.3])) == 1


def test_boolean_inputs_work():
    assert XOR(True, False) == 1
    assert AND(np.array([[True, True], [True, False]])).tolist() == [1, 0]


def test_empty_batch_gives_empty_output():
    y = AND(np.zeros((0, 2)))
    assert y.shape == (0,)


def test_perceptron_with_three_inputs():
    # x1 + x2 - 2 x1 x2 > 0.5 is XOR of x1 and x2, given their product as a third input.
    x = np.column_stack([GATE_INPUTS, GATE_INPUTS[:, 0] * GATE_INPUTS[:, 1]])
    p = Perceptron([1, 1, -2], -0.5)
    assert p(x).tolist() == [0, 1, 1, 0]
    assert p(1, 0, 0) == 1


def test_flipping_every_sign_flips_every_gate_output():
    for gate, opposite in [(AND, NAND), (OR, NOR)]:
        assert np.array_equal(opposite.w, -gate.w) and opposite.b == -gate.b
        np.testing.assert_array_equal(opposite(GATE_INPUTS), 1 - gate(GATE_INPUTS))


def test_repr_shows_weights_bias_and_name():
    assert repr(Perceptron([1, 1], -1.5)) == "Perceptron(w=[1.0, 1.0], b=-1.5)"
    assert repr(AND) == "Perceptron(w=[1.0, 1.0], b=-1.5, name='AND')"
    assert repr(NAND) == "Perceptron(w=[-1.0, -1.0], b=1.5, name='NAND')"


def test_repr_round_trips():
    p = eval(repr(NOR), {"Perceptron": Perceptron})
    assert np.array_equal(p.w, NOR.w) and p.b == NOR.b and p.name == "NOR"


def test_xor_repr_names_its_gates():
    assert repr(XOR) == "TwoLayerPerceptron(hidden=[OR, NAND], output=AND, name='XOR')"


def test_two_layer_repr_of_unnamed_perceptrons_shows_them_whole():
    net = TwoLayerPerceptron([Perceptron([1], 0)], Perceptron([2], -1))
    assert repr(net) == (
        "TwoLayerPerceptron(hidden=[Perceptron(w=[1.0], b=0.0)], "
        "output=Perceptron(w=[2.0], b=-1.0))"
    )


# --- XOR ------------------------------------------------------------------------------


def test_xor_is_and_of_or_and_nand():
    x = GATE_INPUTS
    np.testing.assert_array_equal(XOR(x), AND(OR(x), NAND(x)))


def test_xor_hidden_outputs_are_or_and_nand():
    s = XOR.hidden_outputs(GATE_INPUTS)
    assert s.shape == (4, 2)
    assert s.tolist() == [[0, 1], [1, 1], [1, 1], [1, 0]]
    assert XOR.hidden_outputs(1, 0).tolist() == [1, 1]


def test_no_single_perceptron_found_for_xor_but_many_for_and_and_or():
    rng = np.random.default_rng(0)
    for gate in (AND, OR, NAND, NOR):
        w, b = search_perceptrons(gate(GATE_INPUTS), rng, n_trials=20_000)
        assert len(b) > 100
    w, b = search_perceptrons(XOR(GATE_INPUTS), rng, n_trials=20_000)
    assert w.shape == (0, 2) and b.shape == (0,)


def test_every_perceptron_the_search_returns_reproduces_the_table():
    rng = np.random.default_rng(1)
    t = [0, 0, 1, 0]
    w, b = search_perceptrons(t, rng, n_trials=5_000)
    assert w.shape == (len(b), 2) and len(b) > 0
    for wk, bk in zip(w, b):
        assert Perceptron(wk, bk)(GATE_INPUTS).tolist() == t


def test_search_is_reproducible_with_a_seed():
    a = search_perceptrons([0, 1, 1, 1], np.random.default_rng(3), n_trials=1_000)
    b = search_perceptrons([0, 1, 1, 1], np.random.default_rng(3), n_trials=1_000)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


def test_xor_and_xnor_are_the_only_tables_out_of_reach():
    rng = np.random.default_rng(0)
    unreachable = [
        t
        for t in itertools.product([0, 1], repeat=4)
        if len(search_perceptrons(t, rng, n_trials=5_000)[1]) == 0
    ]
    assert unreachable == [(0, 1, 1, 0), (1, 0, 0, 1)]


# --- shapes and errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    "x, shape",
    [
        (np.array(1), r"\(\)"),
        (np.array([1, 0, 1]), r"\(3,\)"),
        (np.array([[0, 1, 1]]), r"\(1, 3\)"),
        (np.zeros((2, 2, 2)), r"\(2, 2, 2\)"),
    ],
)
def test_wrong_input_shape_names_expected_and_actual_shapes(x, shape):
    with pytest.raises(ValueError, match=r"\(2,\) or \(N, 2\).*" + shape):
        AND(x)
    with pytest.raises(ValueError, match=shape):
        AND.forward(x)
    with pytest.raises(ValueError, match=shape):
        XOR(x)


def test_wrong_number_of_separate_inputs_is_an_error():
    with pytest.raises(ValueError, match="expected 2 inputs.*got 3"):
        AND(1, 0, 1)
    with pytest.raises(ValueError, match="expected 2 inputs.*got 3"):
        XOR(1, 0, 1)


def test_separate_inputs_of_different_shapes_are_an_error():
    with pytest.raises(ValueError, match=r"\[\(2,\), \(3,\)\]"):
        AND([0, 1], [0, 1, 1])
    with pytest.raises(ValueError, match=r"\(N,\)"):
        AND(np.zeros((2, 2)), np.zeros((2, 2)))


def test_bad_parameters_are_rejected():
    with pytest.raises(ValueError, match=r"w of shape \(D,\).*\(2, 2\)"):
        Perceptron(np.ones((2, 2)), 0)
    with pytest.raises(ValueError, match=r"\(0,\)"):
        Perceptron([], 0)
    with pytest.raises(ValueError, match=r"b to be a number.*\(2,\)"):
        Perceptron([1, 1], [0, 0])


def test_two_layer_output_must_have_one_weight_per_hidden_perceptron():
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        TwoLayerPerceptron(hidden=[AND, OR, NAND], output=AND)
    with pytest.raises(ValueError, match="one input size"):
        TwoLayerPerceptron(hidden=[AND, Perceptron([1], 0)], output=AND)


def test_search_rejects_a_table_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"\(4,\).*\(3,\)"):
        search_perceptrons([0, 1, 1], np.random.default_rng(0))


# --- no mutation ----------------------------------------------------------------------


def test_nothing_mutates_its_inputs():
    x = np.array([[0.0, 1.0], [1.0, 1.0]])
    x1, x2 = x[:, 0].copy(), x[:, 1].copy()
    before = (x.copy(), x1.copy(), x2.copy())
    AND(x)
    AND.weighted_sum(x)
    AND(x1, x2)
    XOR(x)
    XOR.hidden_outputs(x1, x2)
    truth_table(AND, XOR)
    t = np.array([0, 0, 0, 1])
    search_perceptrons(t, np.random.default_rng(0), n_trials=100)
    np.testing.assert_array_equal(x, before[0])
    np.testing.assert_array_equal(x1, before[1])
    np.testing.assert_array_equal(x2, before[2])
    assert t.tolist() == [0, 0, 0, 1]


def test_perceptron_copies_its_weights_and_keeps_them_read_only():
    w = np.array([1.0, 1.0])
    p = Perceptron(w, -1.5)
    w[0] = 100.0
    assert p.w.tolist() == [1.0, 1.0]
    assert w.flags.writeable  # the caller's array is untouched
    with pytest.raises(ValueError):
        p.w[0] = 5.0


# --- the package ----------------------------------------------------------------------


def test_dlbook_exports_the_chapter():
    assert dlbook.AND is AND and dlbook.XOR is XOR
    assert dlbook.Perceptron is Perceptron
    assert dlbook.truth_table is truth_table
