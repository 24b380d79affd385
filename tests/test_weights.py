"""Weights files: a round trip keeps every array, and dlbook's sample network is the one we trained."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest

from dlbook.networks import MultiLayerNet
from dlbook.training import evaluate
from dlbook.weights import SAMPLE_WEIGHTS, load_weights, save_weights

# `make sample-weights` prints this after re-training; a changed file must change it here too.
SAMPLE_SHA256 = "6062099faa19dd4484ce5ab120447481ca5320b44d1be359adc9e80da4226e73"


def test_round_trip_keeps_arrays_dtype_and_meta(tmp_path):
    net = MultiLayerNet(6, [5, 4], 3, activation="tanh", seed=0, dtype=np.float32)
    path = save_weights(tmp_path / "w.npz", net, activation="tanh", note="hello")
    loaded, meta = load_weights(path)
    assert meta == {"activation": "tanh", "note": "hello"}
    assert loaded.params.keys() == net.params.keys()
    for key in net.params:
        assert np.array_equal(loaded.params[key], net.params[key])
        assert loaded.params[key].dtype == np.float32
    x = np.random.default_rng(1).standard_normal((7, 6)).astype(np.float32)
    assert np.array_equal(loaded.predict(x), net.predict(x))  # the layers see the loaded arrays


def test_save_keeps_the_file_name_it_was_given(tmp_path):
    path = save_weights(tmp_path / "weights.bin", MultiLayerNet(2, [], 2, seed=0), activation="relu")
    assert path.name == "weights.bin" and path.is_file()


def test_sample_weights_file_is_the_one_we_trained():
    digest = hashlib.sha256(SAMPLE_WEIGHTS.read_bytes()).hexdigest()
    assert digest == SAMPLE_SHA256


def test_sample_network_has_the_books_shape():
    net, meta = load_weights(SAMPLE_WEIGHTS)
    shapes = {k: v.shape for k, v in net.params.items()}
    assert shapes == {"W1": (784, 50), "b1": (50,), "W2": (50, 100), "b2": (100,),
                      "W3": (100, 10), "b3": (10,)}
    assert meta["activation"] == "sigmoid" and meta["dataset"] == "mnist"


REAL = os.environ.get("DLBOOK_DATA")


@pytest.mark.skipif(not (REAL and Path(REAL, "mnist").is_dir()),
                    reason="set DLBOOK_DATA to a folder holding mnist/ to score the sample network")
def test_sample_network_scores_at_least_093_on_the_test_set(monkeypatch):
    from dlbook.datasets import load_mnist

    monkeypatch.setenv("DLBOOK_DATA", REAL)
    net, _ = load_weights(SAMPLE_WEIGHTS)
    _, (x_test, t_test) = load_mnist(download=False)
    assert evaluate(net, x_test, t_test) >= 0.93
