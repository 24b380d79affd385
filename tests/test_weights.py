"""Weights files: a round trip keeps every array, and dlbook's sample network is the one we trained."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pytest

from dlbook import weights
from dlbook.networks import MultiLayerNet
from dlbook.training import evaluate
from dlbook.weights import (CNN_WEIGHTS, FASHION_CNN_WEIGHTS, FASHION_MLP_WEIGHTS,
                            SAMPLE_WEIGHTS, load_weights, save_weights)

# `make sample-weights` prints this after re-training; a changed file must change it here too.
SAMPLE_SHA256 = "6062099faa19dd4484ce5ab120447481ca5320b44d1be359adc9e80da4226e73"
# `make cnn-weights` and `make fashion-weights` print these (chapter 13). The arrays come
# out the same on every run; the meta records training times, so a new run is a new file.
CNN_SHA256 = "d2447b9a18652d01bdc68f96d059f73f8df7cb1c1ab61b3b9a89c8d01a13effc"
FASHION_CNN_SHA256 = "d713219de16cb51b92c80340d0ecc0e6e6e0687846a3f2bae86ee9959934fc49"
FASHION_MLP_SHA256 = "0f05f6bd69a682ffeca6f7c5e3b4fde436dbb77c2d2a27c60cb1bb498e8cc76b"


def one_error(exc) -> bool:
    """True if ``exc`` prints as one traceback: no "During handling of the above
    exception, another exception occurred" or "... was the direct cause of ...".
    """
    return exc.__cause__ is None and (exc.__suppress_context__ or exc.__context__ is None)


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


# ---------------------------------------------------------------- a learner's mistakes


def small_net(dtype=np.float32):
    return MultiLayerNet(4, [3], 2, seed=0, dtype=dtype)


def test_a_failed_save_keeps_the_previous_file(tmp_path, monkeypatch):
    path = save_weights(tmp_path / "w.npz", small_net(), activation="relu", note="good")
    good = path.read_bytes()

    def disk_full(file, **arrays):
        file.write(b"PK\x03\x04 half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(weights.np, "savez", disk_full)
    with pytest.raises(OSError, match="No space left"):
        save_weights(path, small_net(), activation="relu", note="new")
    assert path.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.npz"]  # no temporary file left
    monkeypatch.undo()
    assert load_weights(path)[1]["note"] == "good"


def test_save_replaces_the_previous_file_only_when_done(tmp_path):
    path = save_weights(tmp_path / "w.npz", small_net(), activation="relu", note="first")
    save_weights(path, small_net(), activation="relu", note="second")
    assert load_weights(path)[1]["note"] == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.npz"]


def test_save_into_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match=r"no folder .*missing"):
        save_weights(tmp_path / "missing" / "w.npz", small_net(), activation="relu")


def test_save_onto_a_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="is a folder"):
        save_weights(tmp_path, small_net(), activation="relu")


def test_save_refuses_meta_that_json_cannot_hold(tmp_path):
    with pytest.raises(ValueError, match="JSON"):
        save_weights(tmp_path / "w.npz", small_net(), activation="relu", when=object())
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_an_unknown_activation(tmp_path):
    with pytest.raises(ValueError, match="activation must be one of"):
        save_weights(tmp_path / "w.npz", small_net(), activation="gelu")


def write_npz(path, **arrays):
    with open(path, "wb") as f:
        np.savez(f, **arrays)
    return path


def write_npy(path, array):
    with open(path, "wb") as f:  # a file object: np.save adds no ".npy"
        np.save(f, array)


META = np.array('{"activation": "relu"}')
W1, B1 = np.zeros((4, 3)), np.zeros(3)

# file name -> (how to write it, what the message must say)
BAD_FILES = {
    "empty": (lambda p: p.write_bytes(b""), "is empty"),
    "text": (lambda p: p.write_text("hello"), r"not a weights \(\.npz\) file"),
    "npy": (lambda p: write_npy(p, np.zeros(3)), r"not a weights \(\.npz\) file"),
    "no meta": (lambda p: write_npz(p, W1=W1, b1=B1), "no 'meta'"),
    "meta not JSON": (lambda p: write_npz(p, meta=np.array("{"), W1=W1, b1=B1),
                      "'meta' is not a JSON object"),
    "meta a list": (lambda p: write_npz(p, meta=np.array("[1]"), W1=W1, b1=B1),
                    "'meta' is not a JSON object"),
    "meta numbers": (lambda p: write_npz(p, meta=np.zeros(3), W1=W1, b1=B1),
                     "'meta' is not a JSON object"),
    "no activation": (lambda p: write_npz(p, meta=np.array("{}"), W1=W1, b1=B1),
                      "no 'activation'"),
    "unknown activation": (
        lambda p: write_npz(p, meta=np.array('{"activation": "gelu"}'), W1=W1, b1=B1),
        "activation must be one of"),
    "no W1": (lambda p: write_npz(p, meta=META, b1=B1), "no 'W1'"),
    "integer weights": (lambda p: write_npz(p, meta=META, W1=W1.astype(int), b1=B1),
                        "float.*int64"),
    "complex weights": (lambda p: write_npz(p, meta=META, W1=W1 + 0j, b1=B1 + 0j),
                        "float.*complex128"),
    "mixed dtypes": (lambda p: write_npz(p, meta=META, W1=W1.astype(np.float32), b1=B1),
                     "share one dtype.*float32.*float64"),
    "0-d weights": (lambda p: write_npz(p, meta=META, W1=np.zeros(()), b1=B1),
                    r"layer 1 has inconsistent shapes \(W1: \(\)"),
    "an extra array": (lambda p: write_npz(p, meta=META, W1=W1, b1=B1, foo=np.zeros(1)),
                       r"unexpected arrays \['foo'\]"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_load_refuses_a_bad_file_with_one_clear_error(tmp_path, case):
    write, message = BAD_FILES[case]
    path = tmp_path / "w.npz"
    write(path)
    with pytest.raises(ValueError, match=message) as error:
        load_weights(path)
    assert str(path) in str(error.value)
    assert one_error(error.value)


def test_load_of_an_unreadable_file_says_so(tmp_path, monkeypatch):
    path = save_weights(tmp_path / "w.npz", small_net(), activation="relu")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(weights, "open", denied, raising=False)
    with pytest.raises(ValueError, match=r"cannot read .*w\.npz.*Permission denied"):
        load_weights(path)


# --- Batch normalization (chapter 11): parameters and running averages round-trip -----


def trained_batchnorm_net(dtype=np.float64):
    """A MultiLayerNetExtend with batch norm after a few training steps: its running
    averages are far from their start (zeros), so inference depends on them."""
    from dlbook.networks import MultiLayerNetExtend
    from dlbook.optimizers import SGD

    rng = np.random.default_rng(2)
    net = MultiLayerNetExtend(6, [5, 4], 3, use_batchnorm=True, seed=0, dtype=dtype)
    x = (3 * rng.standard_normal((20, 6)) + 1).astype(dtype)
    t = rng.integers(0, 3, 20)
    for _ in range(5):
        SGD(lr=0.1).update(net.params, net.gradient(x, t))
    return net, x


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_batchnorm_network_predicts_the_same_after_a_round_trip(tmp_path, dtype):
    net, x = trained_batchnorm_net(dtype)
    loaded, _ = load_weights(save_weights(tmp_path / "bn.npz", net, activation="relu"))
    assert type(loaded).__name__ == "MultiLayerNetExtend" and loaded.use_batchnorm
    assert loaded.params.keys() == net.params.keys()
    assert loaded.buffers.keys() == net.buffers.keys() == {
        "running_mean1", "running_var1", "running_mean2", "running_var2"}
    for key, value in {**net.params, **net.buffers}.items():
        saved = loaded.buffers.get(key, loaded.params.get(key))
        assert np.array_equal(saved, value) and saved.dtype == dtype, key
    assert np.array_equal(loaded.predict(x, train_flg=False), net.predict(x, train_flg=False))


def test_without_its_running_averages_a_batchnorm_network_predicts_otherwise(tmp_path):
    # What the buffers are for: the same parameters with fresh averages predict otherwise.
    net, x = trained_batchnorm_net()
    path = save_weights(tmp_path / "bn.npz", net, activation="relu")
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files if not k.startswith("running_")}
    fresh, _ = load_weights(write_npz(tmp_path / "no-buffers.npz", **arrays))
    assert fresh.buffers == {}  # never trained: inference is refused, not guessed
    with pytest.raises(ValueError, match=r"inference \(train_flg=False\) before any"):
        fresh.predict(x)
    for layer in fresh.layers.values():  # the averages of standardized data instead
        if hasattr(layer, "running_mean"):
            layer.running_mean = np.zeros(layer.gamma.size)
            layer.running_var = np.ones(layer.gamma.size)
    assert not np.allclose(fresh.predict(x), net.predict(x))


def test_a_batchnorm_network_never_trained_round_trips_without_buffers(tmp_path):
    from dlbook.networks import MultiLayerNetExtend

    net = MultiLayerNetExtend(6, [5], 3, use_batchnorm=True, seed=0)
    loaded, _ = load_weights(save_weights(tmp_path / "bn.npz", net, activation="relu"))
    assert loaded.buffers == {} and loaded.params.keys() == net.params.keys()


def test_files_saved_before_batch_normalization_load_as_before():
    net, meta = load_weights(SAMPLE_WEIGHTS)
    assert type(net) is MultiLayerNet and meta["activation"] == "sigmoid"


GAMMA, BETA = np.ones(3), np.zeros(3)
BAD_BATCHNORM_FILES = {
    "a beta missing": (dict(gamma1=GAMMA),
                       r"parameters do not match the network's hidden layers \[3\]: "
                       r"expected gamma1 \(3,\), beta1 \(3,\); got gamma1 \(3,\)"),
    "gamma of the wrong size": (dict(gamma1=np.ones(4), beta1=BETA),
                                r"expected gamma1 \(3,\), beta1 \(3,\); got gamma1 \(4,\)"),
    "a running average missing": (
        dict(gamma1=GAMMA, beta1=BETA, running_mean1=BETA),
        r"running averages do not match.*expected running_mean1 \(3,\), running_var1 "
        r"\(3,\); got running_mean1 \(3,\)"),
    "a running average of the wrong size": (
        dict(gamma1=GAMMA, beta1=BETA, running_mean1=BETA, running_var1=np.ones(2)),
        r"got running_mean1 \(3,\), running_var1 \(2,\)"),
    "running averages of a layer that is not there": (
        dict(gamma1=GAMMA, beta1=BETA, running_mean1=BETA, running_var1=GAMMA,
             running_mean2=BETA),
        r"got .*running_mean2 \(3,\)"),
    "running averages without batch normalization": (
        dict(running_mean1=BETA, running_var1=GAMMA),
        r"parameters do not match.*expected gamma1 \(3,\), beta1 \(3,\); got none"),
    "running averages of another dtype": (
        dict(gamma1=GAMMA, beta1=BETA, running_mean1=BETA.astype(np.float32),
             running_var1=GAMMA),
        r"weights' dtype float64, got \['float32'\]"),
}


@pytest.mark.parametrize("case", sorted(BAD_BATCHNORM_FILES))
def test_load_refuses_batchnorm_arrays_that_do_not_fit_naming_expected_and_got(
        tmp_path, case):
    arrays, message = BAD_BATCHNORM_FILES[case]
    path = write_npz(tmp_path / "w.npz", meta=META, W1=np.zeros((4, 3)), b1=np.zeros(3),
                     W2=np.zeros((3, 2)), b2=np.zeros(2), **arrays)
    with pytest.raises(ValueError, match=message) as error:
        load_weights(path)
    assert str(path) in str(error.value) and one_error(error.value)


def test_save_refuses_a_network_whose_buffers_do_not_fit(tmp_path):
    net, _ = trained_batchnorm_net()
    net.layers["BatchNorm2"].running_var = np.ones(7)  # broken by hand
    with pytest.raises(ValueError, match=r"cannot save weights.*running averages do not "
                                         r"match.*running_var2 \(4,\).*running_var2 \(7,\)"):
        save_weights(tmp_path / "bn.npz", net, activation="relu")
    assert not (tmp_path / "bn.npz").exists()


# --- The book's CNN (chapter 13): its architecture is in the meta -----------------------


def conv_net(dtype=np.float32, **kwargs):
    from dlbook.conv import SimpleConvNet

    return SimpleConvNet(seed=3, dtype=dtype, **kwargs)


def images(shape=(4, 1, 28, 28), dtype=np.float32):
    return np.random.default_rng(5).random(shape).astype(dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_conv_net_round_trips_with_its_architecture_and_dtype(tmp_path, dtype):
    net = conv_net(dtype)
    loaded, meta = load_weights(save_weights(tmp_path / "cnn.npz", net, note="hi"))
    assert type(loaded).__name__ == "SimpleConvNet"
    assert meta == {"activation": "relu", "architecture": "SimpleConvNet",
                    "input_dim": [1, 28, 28], "hidden_size": 100, "output_size": 10,
                    "conv_param": {"filter_num": 30, "filter_size": 5, "pad": 0,
                                   "stride": 1}, "note": "hi"}
    for key, value in net.params.items():
        assert np.array_equal(loaded.params[key], value), key
        assert loaded.params[key].dtype == dtype
    x = images(dtype=dtype)
    assert np.array_equal(loaded.predict(x), net.predict(x))


def test_a_plain_conv_net_loads_as_the_fast_one_and_predicts_the_same(tmp_path):
    net = conv_net(np.float64, fast=False)  # Convolution, Relu, Pooling
    loaded, _ = load_weights(save_weights(tmp_path / "cnn.npz", net))
    assert "ConvReluPool1" in loaded.layers
    x = images(dtype=np.float64)
    assert np.allclose(loaded.predict(x), net.predict(x), rtol=1e-12, atol=1e-12)


def test_a_conv_net_of_other_sizes_round_trips_with_its_stride_and_padding(tmp_path):
    conv = {"filter_num": 4, "filter_size": 3, "pad": 1, "stride": 1}
    net = conv_net(input_dim=(3, 20, 16), conv_param=conv, hidden_size=7, output_size=5)
    loaded, meta = load_weights(save_weights(tmp_path / "cnn.npz", net))  # its input_dim
    assert meta["input_dim"] == [3, 20, 16] and meta["conv_param"] == conv
    x = images((2, 3, 20, 16))
    assert np.array_equal(loaded.predict(x), net.predict(x))
    square = conv_net(input_dim=(2, 11, 11), conv_param={"filter_size": 3, "stride": 2,
                                                         "pad": 1})
    _, meta = load_weights(save_weights(tmp_path / "sq.npz", square))
    assert meta["input_dim"] == [2, 11, 11]


def test_a_conv_net_without_input_dim_is_taken_to_have_square_images(tmp_path):
    # The book's own SimpleConvNet keeps no input_dim: the shapes tell a square image's.
    square = conv_net(input_dim=(2, 11, 11), conv_param={"filter_size": 3, "stride": 2,
                                                         "pad": 1})
    del square.input_dim
    _, meta = load_weights(save_weights(tmp_path / "sq.npz", square))
    assert meta["input_dim"] == [2, 11, 11]  # worked out from the shapes and the stride
    wide = conv_net(input_dim=(3, 20, 16), conv_param={"filter_num": 4, "filter_size": 3,
                                                       "pad": 1, "stride": 1})
    del wide.input_dim
    with pytest.raises(ValueError, match=r"does not take square images.*input_dim"):
        save_weights(tmp_path / "cnn.npz", wide)  # 20 x 16: the shapes cannot tell
    _, meta = load_weights(save_weights(tmp_path / "cnn.npz", wide, input_dim=(3, 20, 16)))
    assert meta["input_dim"] == [3, 20, 16]


def test_save_refuses_another_activation_for_a_conv_net(tmp_path):
    with pytest.raises(ValueError, match="SimpleConvNet's activation is relu, got 'tanh'"):
        save_weights(tmp_path / "cnn.npz", conv_net(), activation="tanh")
    assert list(tmp_path.iterdir()) == []


def test_save_asks_an_mlp_for_its_activation(tmp_path):
    with pytest.raises(ValueError, match="say which activation MultiLayerNet"):
        save_weights(tmp_path / "w.npz", small_net())


def conv_net_arrays():
    net = conv_net()
    return {"meta": np.array(json.dumps(weights._conv_net_meta(net, {}, "here") | {
        "activation": "relu"})), **net.params}


def cnn_meta(**change):
    arrays = conv_net_arrays()
    meta = json.loads(str(arrays["meta"])) | change
    return {**arrays, "meta": np.array(json.dumps(meta))}


def without(arrays, *keys):
    return {k: v for k, v in arrays.items() if k not in keys}


# file name -> (its arrays, what the message must say)
BAD_CNN_FILES = {
    "no conv_param": (lambda: without(cnn_meta(), "meta") | {"meta": np.array(
        json.dumps(without(json.loads(str(cnn_meta()["meta"])), "conv_param")))},
        r"says SimpleConvNet but has no \['conv_param'\]"),
    "another activation": (lambda: cnn_meta(activation="tanh"),
                           "SimpleConvNet's activation is relu, its 'meta' says 'tanh'"),
    "an unknown architecture": (lambda: cnn_meta(architecture="ResNet"),
                                "architecture 'ResNet'"),
    "an array missing": (lambda: without(conv_net_arrays(), "b3"),
                         r"arrays are W1, b1, W2, b2, W3, b3; got \['W1', 'W2'"),
    "an extra array": (lambda: conv_net_arrays() | {"W4": np.zeros(3)},
                       r"arrays are W1, .*got .*'W4'"),
    "mixed dtypes": (lambda: conv_net_arrays() | {"b1": np.zeros(30)},
                     r"float arrays of one dtype, got \['float32', 'float64'\]"),
    "integer weights": (lambda: {k: (v.astype(int) if k != "meta" else v)
                                 for k, v in conv_net_arrays().items()},
                        r"float arrays of one dtype, got \['int64'\]"),
    "an unknown conv_param": (lambda: cnn_meta(conv_param={"filters": 30}),
                              r"describes no SimpleConvNet: conv_param takes the keys"),
    "a filter too large": (lambda: cnn_meta(input_dim=[1, 4, 4]),
                           r"describes no SimpleConvNet: a filter of size 5"),
    "input_dim a number": (lambda: cnn_meta(input_dim=28),
                           r"describes no SimpleConvNet"),
    "shapes of another net": (
        lambda: cnn_meta(hidden_size=50),
        r"do not fit the SimpleConvNet of its 'meta' \(input_dim \[1, 28, 28\]\): "
        r"expected W1 \(30, 1, 5, 5\), .*W2 \(4320, 50\).*got .*W2 \(4320, 100\)"),
}


@pytest.mark.parametrize("case", sorted(BAD_CNN_FILES))
def test_load_refuses_a_bad_cnn_file_with_one_clear_error(tmp_path, case):
    arrays, message = BAD_CNN_FILES[case]
    path = write_npz(tmp_path / "cnn.npz", **arrays())
    with pytest.raises(ValueError, match=message) as error:
        load_weights(path)
    assert str(path) in str(error.value) and one_error(error.value)


# --- The shipped CNNs (chapter 13) and the Fashion-MNIST MLP they are compared with -----

SHIPPED = {"cnn": (CNN_WEIGHTS, CNN_SHA256, "mnist", "cnn"),
           "fashion cnn": (FASHION_CNN_WEIGHTS, FASHION_CNN_SHA256, "fashion-mnist", "cnn"),
           "fashion mlp": (FASHION_MLP_WEIGHTS, FASHION_MLP_SHA256, "fashion-mnist", "mlp")}
BOOK_CNN_SHAPES = {"W1": (30, 1, 5, 5), "b1": (30,), "W2": (4320, 100), "b2": (100,),
                   "W3": (100, 10), "b3": (10,)}


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_weights_files_are_the_ones_we_trained(name):
    path, sha256, _, _ = SHIPPED[name]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_networks_have_their_shapes_recipe_and_history(name):
    path, _, dataset, model = SHIPPED[name]
    net, meta = load_weights(path)
    shapes = {k: v.shape for k, v in net.params.items()}
    if model == "cnn":
        assert type(net).__name__ == "SimpleConvNet" and shapes == BOOK_CNN_SHAPES
    else:
        assert shapes == {"W1": (784, 512), "b1": (512,), "W2": (512, 10), "b2": (10,)}
    assert {str(v.dtype) for v in net.params.values()} == {"float32"}
    assert meta["dataset"] == dataset and meta["model"] == model
    assert meta["validation_rate"] == 0  # the final fit, on every training image
    epochs = meta["recipe"]["epochs"]
    for key in ("train_loss", "train_acc", "seconds"):
        assert len(meta["history"][key]) == epochs, key
    assert 0 < meta["test_accuracy"] < 1


def test_the_shipped_cnn_beats_the_books_98_9_percent_by_its_record():
    assert load_weights(CNN_WEIGHTS)[1]["test_accuracy"] >= 0.99


def test_on_fashion_mnist_the_cnn_beats_the_mlp_by_their_records():
    cnn, mlp = (load_weights(p)[1]["test_accuracy"]
                for p in (FASHION_CNN_WEIGHTS, FASHION_MLP_WEIGHTS))
    assert cnn > mlp


def real_test_set(dataset):
    """The test images of ``dataset`` from DLBOOK_DATA, or a skip saying why not."""
    from dlbook.datasets import load_dataset

    if not (REAL and Path(REAL, dataset).is_dir()):
        pytest.skip(f"set DLBOOK_DATA to a folder holding {dataset}/ to score the "
                    "shipped networks")
    _, (x_test, t_test) = load_dataset(dataset, data_dir=REAL, download=False)
    return x_test, t_test


def test_the_shipped_cnn_scores_at_least_099_on_the_mnist_test_set():
    x_test, t_test = real_test_set("mnist")
    net, meta = load_weights(CNN_WEIGHTS)
    accuracy = evaluate(net, x_test.reshape(-1, 1, 28, 28), t_test)
    assert accuracy >= 0.99
    assert accuracy == meta["test_accuracy"]  # what its training measured, once


def test_on_the_fashion_mnist_test_set_the_cnn_beats_the_mlp():
    x_test, t_test = real_test_set("fashion-mnist")
    cnn, _ = load_weights(FASHION_CNN_WEIGHTS)
    mlp, _ = load_weights(FASHION_MLP_WEIGHTS)
    assert evaluate(cnn, x_test.reshape(-1, 1, 28, 28), t_test) > evaluate(mlp, x_test,
                                                                           t_test)
