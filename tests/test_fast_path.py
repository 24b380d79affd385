"""The training path stays right while it is made fast (see docs/performance.md).

No timing here (the benchmarks time things, ``make bench``): these tests guard what the
speed work could break. The first layer skips its input gradient and nothing else;
float32 stays float32 from the data to the optimizer's state; training never copies
the data set; and training still learns, on the spirals always and on MNIST when
``DLBOOK_DATA`` points to it.
"""

from __future__ import annotations

import os
import tracemalloc

import numpy as np
import pytest

from dlbook import (
    Adam,
    MultiLayerNet,
    TwoLayerNet,
    evaluate,
    load_mnist,
    make_spirals,
    train,
)


@pytest.mark.parametrize(
    "net",
    [TwoLayerNet(4, 5, 3, seed=0), MultiLayerNet(4, [5, 6], 3, seed=0),
     MultiLayerNet(4, [], 3, seed=0)],
    ids=["TwoLayerNet", "MultiLayerNet", "no hidden layer"],
)
def test_only_the_first_layer_skips_its_input_gradient(net):
    affines = [layer for name, layer in net.layers.items() if name.startswith("Affine")]
    assert [a.input_grad for a in affines] == [False] + [True] * (len(affines) - 1)
    grads = net.gradient(np.ones((2, 4)), np.array([0, 2]))
    assert set(grads) == set(net.params)


def test_float32_from_the_data_to_the_optimizer_state():
    x, t = make_spirals(n_per_class=30, seed=0, dtype=np.float32)
    net, adam = MultiLayerNet(2, [16], 3, seed=0, dtype=np.float32), Adam(lr=0.01)
    history = train(net, adam, x, t, epochs=2, batch_size=30, progress=False)
    arrays = [*net.params.values(), *adam.m.values(), *adam.v.values()]
    arrays += [a for pair in adam.scratch.values() for a in pair]
    assert {a.dtype for a in arrays} == {np.dtype(np.float32)}
    assert all(isinstance(loss, float) for loss in history.loss)


def test_training_learns_the_spirals():
    x, t = make_spirals(seed=0, dtype=np.float32)
    net = MultiLayerNet(2, [50, 50], 3, seed=0, dtype=np.float32)
    history = train(net, Adam(lr=0.01), x, t, epochs=60, batch_size=30, progress=False)
    assert history.loss[-1] < 0.25 * history.loss[0]
    assert history.train_acc[-1] >= 0.95


def test_training_allocates_nothing_the_size_of_the_data():
    rng = np.random.default_rng(0)
    x = rng.random((20_000, 784), dtype=np.float32)  # 63 MB
    t = rng.integers(0, 10, 20_000)
    net = MultiLayerNet(784, [32], 10, seed=0, dtype=np.float32)
    tracemalloc.start()
    try:
        train(net, Adam(), x, t, epochs=1, progress=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < x.nbytes / 10, f"training allocated {peak / 2**20:.1f} MB at once"


def test_train_reads_the_clock_it_is_given():
    readings = iter([10.0, 12.5, 20.0, 21.0])
    x, t = make_spirals(n_per_class=10, seed=0)
    history = train(TwoLayerNet(2, 4, 3, seed=0), Adam(), x, t, epochs=2,
                    progress=False, clock=lambda: next(readings))
    assert history.seconds == [2.5, 1.0]


@pytest.mark.skipif(not os.environ.get("DLBOOK_DATA"), reason="set DLBOOK_DATA to a "
                    "folder holding mnist/ to check an accuracy floor on real data")
def test_one_epoch_on_mnist_reaches_93_percent():
    (x, t), (x_test, t_test) = load_mnist(download=False)
    net = MultiLayerNet(784, [100], 10, seed=0, dtype=np.float32)
    train(net, Adam(), x, t, epochs=1, progress=False)
    assert evaluate(net, x_test, t_test) >= 0.93  # 0.946 when written
