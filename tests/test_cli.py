"""The command line: useful help, one clear message and a non-zero exit for bad input."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from dlbook import History, cli, datasets, evaluate, train
from dlbook import weights as cli_weights
from dlbook.networks import MultiLayerNet
from dlbook.datasets import split_validation
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


def test_train_help_describes_the_models(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # no line breaks inside the models' names
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
    assert meta["validation_rate"] == 0.1 and meta["epochs"] == 2
    assert f"val acc {meta['validation_accuracy']:.4f}" in out.splitlines()[2]
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
        history = History(loss=[0.5], train_acc=[0.9], val_loss=[0.4], val_acc=[0.9],
                          seconds=[1.0])
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


def test_train_reports_validation_each_epoch_and_the_test_set_once(
    tiny_data, tmp_path, capsys, monkeypatch
):
    seen = {}

    def spying_train(*args, **kwargs):
        """dlbook.train, recording what the command line hands it."""
        seen.update(kwargs)
        return train(*args, **kwargs)

    looks = []

    def counting_evaluate(net, x, t, *args):
        """dlbook.evaluate, counting the command line's own calls."""
        looks.append(len(x))
        return evaluate(net, x, t, *args)

    monkeypatch.setattr(cli, "train", spying_train)
    monkeypatch.setattr(cli, "evaluate", counting_evaluate)
    code, out, err = run(capsys, "train", "--epochs", "3", "--hidden", "16",
                         "--validation-rate", "0.2", "--out", str(tmp_path / "w.npz"))
    assert code == 0, err
    lines = out.splitlines()
    assert "(240 training images, 60 for validation)" in lines[0]  # 300 * 0.2 = 60
    epochs = [line for line in lines if line.startswith("epoch")]
    assert len(epochs) == 3 and all("val loss" in e and "val acc" in e for e in epochs)
    assert [line for line in lines if "test" in line] == [lines[-1]]
    assert "x_test" not in seen and len(seen["validation"][0]) == 60
    assert looks == [100]  # the tiny test set, once, after training


def test_validation_rate_0_trains_on_every_image_and_tests_once(
    tiny_data, tmp_path, capsys, monkeypatch
):
    """The final fit: no validation set, all 300 training images, the test set once."""
    seen, looks = {}, []

    def spying_train(*args, **kwargs):
        """dlbook.train, recording the size of what it trains on and its options."""
        seen.update(kwargs, n_train=len(args[2]))
        return train(*args, **kwargs)

    def counting_evaluate(net, x, t, *args):
        """dlbook.evaluate, counting the command line's own calls."""
        looks.append(len(x))
        return evaluate(net, x, t, *args)

    monkeypatch.setattr(cli, "train", spying_train)
    monkeypatch.setattr(cli, "evaluate", counting_evaluate)
    out_file = tmp_path / "w.npz"
    code, out, err = run(capsys, "train", "--epochs", "2", "--hidden", "16",
                         "--validation-rate", "0", "--out", str(out_file))
    assert code == 0, err
    lines = out.splitlines()
    assert "(300 training images, none for validation)" in lines[0]
    epochs = [line for line in lines if line.startswith("epoch")]
    assert len(epochs) == 2 and not any("val" in e for e in epochs)
    assert [line for line in lines if "test" in line] == [lines[-1]]
    assert seen["validation"] is None and seen["n_train"] == 300 and looks == [100]
    _, meta = load_weights(out_file)
    assert meta["validation_rate"] == 0 and meta["validation_accuracy"] is None


def test_patience_without_a_validation_set_is_refused_before_any_work(
    no_work, capsys, tmp_path
):
    code, _, err = run(capsys, "train", "--validation-rate", "0", "--patience", "2",
                       "--out", str(tmp_path / "w.npz"))
    assert code == 1 and "--patience watches the validation loss" in err


def test_the_validation_split_is_seeded_by_the_seed_option(
    tiny_data, tmp_path, capsys, monkeypatch
):
    splits = []

    def spying_split(x, t, validation_rate, *, seed):
        """dlbook.datasets.split_validation, recording how it is called."""
        splits.append((len(x), validation_rate, seed))
        return split_validation(x, t, validation_rate, seed=seed)

    monkeypatch.setattr(cli, "split_validation", spying_split)
    code, _, err = run(capsys, "train", "--epochs", "1", "--hidden", "8", "--seed", "7",
                       "--validation-rate", "0.3", "--out", str(tmp_path / "w.npz"))
    assert code == 0, err
    assert splits == [(300, 0.3, 7)]  # the tiny training set, never the test set


def test_patience_keeps_the_weights_of_the_best_epoch(
    tiny_data, tmp_path, capsys, monkeypatch
):
    def stopping_train(net, optimizer, x, t, *, epochs, on_epoch, **kwargs):
        """A stand-in for dlbook.train that stops early after the best epoch 2."""
        history = History(loss=[0.5] * 4, train_acc=[0.9] * 4, seconds=[1.0] * 4,
                          val_loss=[0.4, 0.3, 0.35, 0.36], val_acc=[0.8, 0.85, 0.8, 0.7],
                          best_epoch=2, stopped_early=True)
        assert kwargs["patience"] == 2
        return history

    monkeypatch.setattr(cli, "train", stopping_train)
    out_file = tmp_path / "w.npz"
    code, out, err = run(capsys, "train", "--epochs", "9", "--patience", "2",
                         "--out", str(out_file))
    assert code == 0, err
    assert "early stopping with patience 2" in out.splitlines()[0]
    assert "stopped early: kept the weights of epoch 2" in out
    _, meta = load_weights(out_file)
    assert meta["epochs"] == 2 and meta["validation_accuracy"] == 0.85


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
        ("--validation-rate", "-0.1", "--validation-rate: must be 0 (no validation set)"),
        ("--validation-rate", "1", "--validation-rate: must be 0 (no validation set)"),
        ("--validation-rate", "nan", "--validation-rate: must be 0 (no validation set)"),
        ("--validation-rate", "ten", "--validation-rate: must be 0 (no validation set)"),
        ("--patience", "0", "--patience: must be a whole number of at least 1, got '0'"),
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


# --------------------------------------------------- the book's CNN (chapter 13)


def test_train_model_cnn_trains_the_books_cnn_and_evaluate_rebuilds_it(
    monkeypatch, tmp_path, capsys
):
    monkeypatch.setattr(cli.datasets, "load_dataset", tiny_loader(n=200, n_test=50))
    out_file = tmp_path / "cnn.npz"
    code, out, err = run(capsys, "train", "--model", "cnn", "--epochs", "2",
                         "--out", str(out_file))
    assert code == 0, err
    assert out.startswith("training SimpleConvNet(W1: (30, 1, 5, 5), b1: (30,), "
                          "W2: (4320, 100)")
    assert "epoch   2  loss" in out and "training time" in out
    net, meta = load_weights(out_file)
    assert type(net).__name__ == "SimpleConvNet" and net.params["W1"].dtype == np.float32
    assert meta["architecture"] == "SimpleConvNet" and meta["input_dim"] == [1, 28, 28]
    assert meta["model"] == "cnn" and meta["recipe"]["weight_init"] == "he"
    assert len(meta["history"]["train_loss"]) == len(meta["history"]["val_acc"]) == 2
    code, out, err = run(capsys, "evaluate", str(out_file))
    assert code == 0, err
    assert out == f"mnist test accuracy: {meta['test_accuracy']:.4f} ({out_file})\n"


def test_the_cnn_starts_from_he_initial_weights():
    net = cli._network(cli.MODELS["cnn"], 784, (100,), seed=0, dtype=np.float32)
    for key, inputs in (("W1", 25), ("W2", 30 * 12 * 12), ("W3", 100)):
        assert abs(net.params[key].std() / np.sqrt(2 / inputs) - 1) < 0.05, key
    assert net.layers["Affine1"].W is net.params["W2"]  # scaled in place, still shared


def test_the_cnn_has_one_hidden_layer_refused_before_any_work(no_work, capsys, tmp_path):
    code, _, err = run(capsys, "train", "--model", "cnn", "--hidden", "64,32",
                       "--out", str(tmp_path / "w.npz"))
    assert code == 1
    assert "the cnn has one hidden layer (--hidden 100, say), got --hidden 64,32" in err


def test_evaluate_refuses_a_cnn_for_images_of_another_size(tiny_data, capsys, tmp_path):
    from dlbook.conv import SimpleConvNet

    net = SimpleConvNet((1, 12, 12), seed=0, dtype=np.float32)
    path = save_weights(tmp_path / "small-cnn.npz", net, dataset="mnist")
    code, _, err = run(capsys, "evaluate", str(path))
    assert code == 1 and "takes 144 inputs, but mnist images have 784 pixels" in err


def test_evaluate_reads_the_shipped_cnn(tiny_data, capsys):
    from dlbook.weights import CNN_WEIGHTS

    if not CNN_WEIGHTS.is_file():
        pytest.skip("dlbook/data/cnn_weight.npz is not there yet")
    code, out, err = run(capsys, "evaluate", str(CNN_WEIGHTS))  # on the stand-in data
    assert code == 0, err
    assert out.startswith("mnist test accuracy: 0.") and "cnn_weight.npz" in out


def test_train_help_states_the_cnn_recipe_and_its_measured_figures(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")
    with pytest.raises(SystemExit):
        cli.main(["train", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "cnn: chapter 13's SimpleConvNet" in out
    assert "Adam lr 0.003 times 0.6 after each epoch, 4 epochs" in out
    assert "98.89% on MNIST's test set (99.00% with --validation-rate 0)" in out
