"""Data sets: shapes, labels, reproducibility."""

from __future__ import annotations

import numpy as np

from dlbook.datasets import make_spirals


def test_spirals_shapes_and_labels():
    x, t = make_spirals(50, 4, seed=1)
    assert x.shape == (200, 2) and t.shape == (200,)
    assert np.array_equal(np.bincount(t), [50, 50, 50, 50])
    assert np.all(np.hypot(x[:, 0], x[:, 1]) <= 1 + 1e-12)


def test_spirals_are_reproducible_and_seed_dependent():
    a, _ = make_spirals(seed=3)
    b, _ = make_spirals(seed=3)
    c, _ = make_spirals(seed=4)
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_spirals_in_float32():
    x, _ = make_spirals(10, 2, dtype=np.float32)
    assert x.dtype == np.float32
