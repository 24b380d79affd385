"""The command line: useful help, one clear message and a non-zero exit for bad input."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from dlbook import History, cli, datasets
from dlbook import weights as cli_weights
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


# ---------------------------------------------------------------- a learner's mistakes


@pytest.fixture
def no_work(monkeypatch):
    """Loading the data, building or training a network fails the test: bad options
    must be refused before any of that."""

    def forbidden(*args, **kwargs):
        raise AssertionError("work started before the options were checked")

    monkeypatch.setattr(cli.datasets, "load_dataset", forbidden)
    monkeypatch.setattr(cli, "train", forbidden)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--epochs", "0", "--epochs: must be a whole number of at least 1, got '0'"),
        ("--epochs", "-3", "--epochs: must be a whole number of at least 1, got '-3'"),
        ("--batch-size", "0", "--batch-size: must be a whole number of at least 1, got '0'"),
        ("--batch-size", "-5", "--batch-size: must be a whole number of at least 1, got '-5'"),
        ("--batch-size", "2.5", "--batch-size: must be a whole number of at least 1, got '2.5'"),
        ("--lr", "nan", "--lr: must be a positive number, got 'nan'"),
        ("--lr", "inf", "--lr: must be a positive number, got 'inf'"),
        ("--lr", "-1", "--lr: must be a positive number, got '-1'"),
        ("--lr", "0", "--lr: must be a positive number, got '0'"),
        ("--lr-decay", "0", "--lr-decay: must be a positive number, got '0'"),
        ("--lr-decay", "nan", "--lr-decay: must be a positive number, got 'nan'"),
        ("--seed", "-1", "--seed: must be a whole number of at least 0, got '-1'"),
    ],
)
def test_bad_numbers_are_refused_before_any_work(no_work, capsys, tmp_path, option, value,
                                                 message):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["train", option, value, "--out", str(tmp_path / "w.npz")])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_out_into_a_missing_folder_is_refused_before_training(no_work, capsys, tmp_path):
    code, _, err = run(capsys, "train", "--out", str(tmp_path / "missing" / "w.npz"))
    assert code == 1 and "Traceback" not in err
    assert "no folder" in err and "missing" in err


def test_out_onto_a_folder_is_refused_before_training(no_work, capsys, tmp_path):
    code, _, err = run(capsys, "train", "--out", str(tmp_path))
    assert code == 1 and "is a folder" in err


def test_epochs_one_trains_and_saves(tiny_data, capsys, tmp_path):
    code, out, err = run(capsys, "train", "--epochs", "1", "--hidden", "8",
                         "--out", str(tmp_path / "w.npz"))
    assert code == 0, err
    assert "epoch   1" in out and (tmp_path / "w.npz").is_file()


def test_an_unexpected_error_is_one_line_not_a_traceback(capsys, monkeypatch):
    def broken(args):
        raise IndexError("list index out of range")

    monkeypatch.setattr(cli, "_download", broken)
    code, _, err = run(capsys, "download")
    assert code == 1 and "Traceback" not in err
    assert err.startswith("error: IndexError: list index out of range")


def test_the_command_line_shows_no_traceback_in_a_real_process(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "dlbook", "train", "--epochs", "0"],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--epochs: must be a whole number of at least 1" in result.stderr


def test_out_into_a_folder_that_is_not_writable_is_refused_before_training(
    no_work, capsys, tmp_path, monkeypatch
):
    monkeypatch.setattr(cli_weights.os, "access", lambda path, mode: False)
    code, _, err = run(capsys, "train", "--out", str(tmp_path / "w.npz"))
    assert code == 1 and "is not writable" in err
