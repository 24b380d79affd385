"""The command line: useful help, one clear message and a non-zero exit for bad input."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from dlbook import History, cli, datasets
from dlbook.networks import MultiLayerNet
from dlbook.weights import load_weights, save_weights


def tiny_loader(n=300, n_test=100, d=784, seed=0):
    """A stand-in for load_mnist: 10 well-separated classes of random 784-pixel 'images'."""
    rng = np.random.default_rng(seed)
    centres = rng.random((10, d)).astype(np.float32)

    def split(m):
        t = rng.integers(0, 10, m)
        x = centres[t] + 0.05 * rng.standard_normal((m, d)).astype(np.float32)
        return x, t

    data = split(n), split(n_test)

    def load(name, **kwargs):
        assert name == "mnist", name
        return data

    return load


@pytest.fixture
def tiny_data(monkeypatch):
    monkeypatch.setattr(cli.datasets, "load_dataset", tiny_loader())


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_module_help_lists_the_commands():
    result = subprocess.run([sys.executable, "-m", "dlbook", "--help"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    for command in ("download", "train", "evaluate"):
        assert command in result.stdout


def test_train_help_describes_the_models(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["train", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "two-layer" in out and "--epochs" in out


def test_train_prints_each_epoch_and_saves_weights_that_evaluate_reads(
    tiny_data, tmp_path, capsys
):
    out_file = tmp_path / "w.npz"
    code, out, err = run(capsys, "train", "--epochs", "2", "--hidden", "32",
                         "--out", str(out_file))
    assert code == 0, err
    assert "epoch   1  loss" in out and "epoch   2  loss" in out
    assert out_file.is_file()
    net, meta = load_weights(out_file)
    assert meta["dataset"] == "mnist" and meta["model"] == "fast"
    assert net.params["W1"].shape == (784, 32) and net.params["W1"].dtype == np.float32
    code, out, err = run(capsys, "evaluate", str(out_file))
    assert code == 0, err
    assert f"mnist test accuracy: {meta['test_accuracy']:.4f}" in out


def test_the_default_recipe_sets_the_epochs_and_decays_the_learning_rate(
    tiny_data, tmp_path, capsys, monkeypatch
):
    rates = []

    def recording_train(net, optimizer, *args, epochs, on_epoch, **kwargs):
        """A stand-in for dlbook.train that records the learning rate of each epoch."""
        history = History(loss=[0.5], train_acc=[0.9], test_acc=[0.9], seconds=[1.0])
        for epoch in range(1, epochs + 1):
            rates.append(optimizer.lr)
            on_epoch(epoch, history)
        return history

    monkeypatch.setattr(cli, "train", recording_train)
    code, out, err = run(capsys, "train", "--out", str(tmp_path / "w.npz"))
    assert code == 0, err
    fast = cli.MODELS["fast"]
    assert f"{fast.epochs} epochs of batch 100, lr times {fast.lr_decay}" in out
    assert np.allclose(rates, [fast.lr * fast.lr_decay**k for k in range(fast.epochs)])


def test_unknown_dataset_is_one_clear_error(capsys):
    code, out, err = run(capsys, "train", "--dataset", "cifar")
    assert code == 1
    assert err.strip() == "error: unknown data set 'cifar'; choose from mnist, fashion-mnist"


def test_unknown_model_is_one_clear_error(tiny_data, capsys):
    code, _, err = run(capsys, "train", "--model", "resnet")
    assert code == 1 and "unknown model 'resnet'" in err and "Traceback" not in err


def test_missing_weights_file(capsys, tmp_path):
    code, _, err = run(capsys, "evaluate", str(tmp_path / "nope.npz"))
    assert code == 1 and "no weights file at" in err


def test_a_file_that_is_not_weights(capsys, tmp_path):
    bogus = tmp_path / "bogus.npz"
    bogus.write_text("hello")
    code, _, err = run(capsys, "evaluate", str(bogus))
    assert code == 1 and "is not a weights (.npz) file" in err


def test_wrong_shaped_weights(tiny_data, capsys, tmp_path):
    path = save_weights(tmp_path / "small.npz", MultiLayerNet(100, [8], 10, seed=0),
                        activation="relu", dataset="mnist")
    code, _, err = run(capsys, "evaluate", str(path))
    assert code == 1
    assert "takes 100 inputs, but mnist images have 784 pixels" in err


def test_inconsistent_layer_shapes(capsys, tmp_path):
    path = tmp_path / "broken.npz"
    np.savez(path, meta=np.array('{"activation": "relu"}'), W1=np.zeros((784, 5)),
             b1=np.zeros(5), W2=np.zeros((6, 10)), b2=np.zeros(10))
    code, _, err = run(capsys, "evaluate", str(path))
    assert code == 1 and "layer 2 has inconsistent shapes" in err


def test_no_data_and_no_network(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("DLBOOK_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(datasets.sys, "platform", "linux")
    offline = datasets.DatasetSpec("mnist", ("http://127.0.0.1:9/",), datasets.MNIST.files)
    monkeypatch.setattr(datasets, "MNIST", offline)
    monkeypatch.setitem(datasets.DATASETS, "mnist", offline)
    monkeypatch.setattr(datasets.time, "sleep", lambda s: None)
    code, _, err = run(capsys, "download", "mnist")
    assert code == 1
    assert "could not download mnist file" in err and "DLBOOK_DATA" in err
    assert "Traceback" not in err
