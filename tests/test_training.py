"""The training module: loops and measurements that need nothing but NumPy.

The chapters' experiments (``train_by_backprop``, ``train_on_spirals``) and the
measurements of a trained network (``confusion_matrix``) live in ``dlbook.training``, not
in ``dlbook.plotting``: they must work where matplotlib is not installed.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlbook import (
    SGD,
    AdaGrad,
    Adam,
    Momentum,
    MultiLayerNet,
    RMSProp,
    TwoLayerNet,
    confusion_matrix,
    evaluate,
    make_spirals,
    minibatches,
    train,
    train_by_backprop,
)
from dlbook import optimizers
from dlbook.datasets import split_validation
from dlbook.training import Trainer, smooth_curve


def test_the_experiments_run_without_matplotlib():
    # matplotlib made unimportable: every computation the figures draw must still run.
    code = textwrap.dedent("""
        import sys
        sys.modules["matplotlib"] = None
        import numpy as np
        import dlbook
        net, losses = dlbook.train_on_spirals(dlbook.SGD(lr=0.1), epochs=2)
        assert losses.shape == (3,) and losses[-1] < losses[0]
        outputs = dlbook.hidden_activations("sigmoid", "xavier", n_samples=10)
        assert len(outputs) == 5 and outputs[0].shape == (10, 100)
        path = dlbook.optimizer_path(dlbook.SGD(lr=0.95), steps=3)
        assert path.shape == (4, 2)
        x, t = dlbook.make_spirals(seed=0)
        net = dlbook.TwoLayerNet(2, 5, 3, weight_init_std=1.0, seed=0)
        losses = dlbook.train_by_backprop(net, x, t, iters=3)
        assert len(losses) == 3
        counts = dlbook.confusion_matrix([0, 1], [0, 0], n_classes=2)
        assert counts.tolist() == [[1, 1], [0, 0]]
        assert dlbook.bowl(np.zeros(2)) == 0.0 and len(dlbook.FASHION_CLASSES) == 10
        assert "matplotlib.pyplot" not in sys.modules
    """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_train_by_backprop_returns_the_loss_before_each_step():
    x, t = make_spirals(seed=0)
    net = TwoLayerNet(2, 10, 3, weight_init_std=1.0, seed=0)
    first = net.loss(x, t)
    losses = train_by_backprop(net, x, t, lr=1.0, iters=20)
    assert len(losses) == 20 and losses[0] == first
    assert net.loss(x, t) < losses[-1] < losses[0]


def test_confusion_matrix_counts_repeated_pairs():
    counts = confusion_matrix([1, 1, 1, 0], [1, 1, 0, 0], n_classes=2)
    assert counts.tolist() == [[1, 1], [0, 2]]  # row: true class, column: predicted


@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), min_size=1,
                max_size=50))
def test_confusion_matrix_adds_up(pairs):
    y, t = (np.array(column) for column in zip(*pairs))
    counts = confusion_matrix(y, t)
    assert counts.shape == (10, 10) and counts.sum() == len(y)
    assert np.trace(counts) == np.sum(y == t)
    assert np.array_equal(counts.sum(axis=1), np.bincount(t, minlength=10))


def test_confusion_matrix_does_not_change_its_inputs():
    y, t = np.array([3, 1, 2]), np.array([3, 2, 2])
    confusion_matrix(y, t)
    assert y.tolist() == [3, 1, 2] and t.tolist() == [3, 2, 2]


def test_confusion_matrix_names_mismatched_shapes():
    with pytest.raises(ValueError, match=r"\(3,\) and \(2,\)"):
        confusion_matrix([0, 1, 2], [0, 1])


# ---------------------------------------------------------------- a learner's mistakes


def perfect_net_and_data():
    """A network whose predictions are exactly t (identity weights, 3 classes)."""
    net = MultiLayerNet(3, [], 3, seed=0)
    net.params["W1"][...] = np.eye(3)
    x = np.eye(3)[[0, 2, 1, 1, 0, 2]]
    return net, x, np.array([0, 2, 1, 1, 0, 2])


def test_evaluate_of_a_perfect_network_is_one_in_any_slices():
    net, x, t = perfect_net_and_data()
    assert evaluate(net, x, t) == 1.0 and evaluate(net, x, np.eye(3)[t], batch_size=4) == 1.0


def test_evaluate_reads_labels_shaped_n_by_1_as_the_labels():
    # As they are, (N, 1) labels would broadcast against each slice's predictions
    # (0.33); read as the labels (N,), they score 1.0, in any slices.
    net, x, t = perfect_net_and_data()
    assert evaluate(net, x, t.reshape(-1, 1), batch_size=4) == 1.0


def test_evaluate_refuses_one_label_for_every_sample():
    net, x, _ = perfect_net_and_data()
    with pytest.raises(ValueError, match=r"evaluate: .*got \(1,\)"):
        evaluate(net, x, np.array([0]))


def test_evaluate_refuses_an_empty_data_set():
    net, _, _ = perfect_net_and_data()
    with pytest.raises(ValueError, match="evaluate: .*empty"):
        evaluate(net, np.zeros((0, 3)), np.zeros(0, dtype=int))


@pytest.mark.parametrize("batch_size", [0, -5, 2.5])
def test_evaluate_refuses_a_batch_size_that_is_not_a_positive_integer(batch_size):
    # -5 used to give range(0, 6, -5): no slice at all, and an accuracy of 0.
    net, x, t = perfect_net_and_data()
    with pytest.raises(ValueError, match=f"evaluate: batch_size must be .*{batch_size}"):
        evaluate(net, x, t, batch_size=batch_size)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("epochs", 0, "epochs must be"), ("epochs", -1, "epochs must be"),
     ("batch_size", 0, "batch_size must be"), ("batch_size", -5, "batch_size must be")],
)
def test_train_refuses_epochs_and_batch_sizes_below_one(option, value, message):
    net, x, t = perfect_net_and_data()
    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(ValueError, match=f"train: {message} .*{value}"):
        train(net, SGD(), x, t, **{option: value}, progress=False)
    assert all(np.array_equal(before[k], net.params[k]) for k in before)


def test_train_refuses_as_many_labels_as_there_are_not_samples():
    net, x, t = perfect_net_and_data()
    with pytest.raises(ValueError, match=r"train: .*6 samples.*5"):
        train(net, SGD(), x, t[:5], progress=False)


def test_train_refuses_test_data_without_test_labels():
    net, x, t = perfect_net_and_data()
    with pytest.raises(ValueError, match="train: .*x_test and t_test"):
        train(net, SGD(), x, t, x_test=x, progress=False)


def test_minibatches_refuses_a_batch_size_below_one():
    with pytest.raises(ValueError, match="batch_size must be .*got 0"):
        list(minibatches(10, 0, np.random.default_rng(0)))


# ---------------------------------------------------------------- dtypes


def test_train_refuses_float32_data_for_a_float64_network():
    # NumPy would silently compute every product in float64: about twice as slow.
    net = MultiLayerNet(3, [4], 3, seed=0)
    x, t = np.ones((6, 3), dtype=np.float32), np.zeros(6, dtype=int)
    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(ValueError) as error:
        train(net, SGD(), x, t, progress=False)
    message = str(error.value)
    assert "float32" in message and "float64" in message
    assert "dtype=np.float32" in message and "astype(np.float64)" in message
    assert all(np.array_equal(before[k], net.params[k]) for k in before)


def test_train_refuses_float64_data_for_a_float32_network():
    net = MultiLayerNet(3, [4], 3, seed=0, dtype=np.float32)
    x, t = np.ones((6, 3)), np.zeros(6, dtype=int)
    with pytest.raises(ValueError, match="float64.*float32.*astype\\(np.float32\\)"):
        train(net, SGD(), x, t, progress=False)


def test_train_refuses_test_data_of_another_dtype():
    net = MultiLayerNet(3, [4], 3, seed=0, dtype=np.float32)
    x, t = np.ones((6, 3), dtype=np.float32), np.zeros(6, dtype=int)
    with pytest.raises(ValueError, match="x_test.*float64"):
        train(net, SGD(), x, t, x_test=x.astype(np.float64), t_test=t, progress=False)


def test_train_keeps_the_networks_dtype_end_to_end():
    net = MultiLayerNet(3, [4], 3, seed=0, dtype=np.float32)
    x, t = np.eye(3, dtype=np.float32)[[0, 1, 2, 0]], np.array([0, 1, 2, 0])
    train(net, SGD(lr=0.1), x, t, epochs=2, batch_size=2, progress=False)
    assert all(p.dtype == np.float32 for p in net.params.values())


# ---------------------------------------------------------------- validation (chapter 10)


def spirals_split(seed=0):
    """The spirals, 240 points to train on and 60 to validate on."""
    x, t = make_spirals(seed=seed)
    return split_validation(x, t, 0.2, seed=seed)


def test_train_with_validation_records_its_loss_and_accuracy_each_epoch():
    (x, t), (x_val, t_val) = spirals_split()
    net = MultiLayerNet(2, [20], 3, seed=0)
    history = train(net, Adam(lr=0.01), x, t, epochs=4, batch_size=30,
                    validation=(x_val, t_val), progress=False)
    assert len(history.val_loss) == len(history.val_acc) == 4
    assert history.val_loss[-1] == net.loss(x_val, t_val)  # the network as it ends
    assert history.val_acc[-1] == evaluate(net, x_val, t_val)
    assert history.best_epoch == int(np.argmin(history.val_loss)) + 1
    assert history.test_acc == [] and history.stopped_early is False


def test_validation_and_test_numbers_are_kept_apart():
    (x, t), (x_val, t_val) = spirals_split()
    x_test, t_test = make_spirals(20, seed=9)
    net = MultiLayerNet(2, [20], 3, seed=0)
    history = train(net, Adam(lr=0.01), x, t, epochs=3, batch_size=30,
                    validation=(x_val, t_val), x_test=x_test, t_test=t_test,
                    progress=False)
    assert history.val_acc[-1] == evaluate(net, x_val, t_val)
    assert history.test_acc[-1] == evaluate(net, x_test, t_test)


def test_train_without_the_new_options_runs_the_same_loop_as_before():
    # The steps of chapter 9's loop, written out: train must give exactly these numbers.
    x, t = make_spirals(seed=0)
    net, twin = (MultiLayerNet(2, [10], 3, seed=0) for _ in range(2))
    history = train(net, SGD(lr=0.1), x, t, epochs=2, batch_size=40, seed=5,
                    progress=False)
    rng, sgd, losses = np.random.default_rng(5), SGD(lr=0.1), []
    for _ in range(2):
        for idx in minibatches(len(x), 40, rng):
            loss, grads = twin.loss_and_gradient(x[idx], t[idx])
            sgd.update(twin.params, grads)
            losses.append(loss)
    assert history.batch_loss == losses and len(losses) == 2 * 8  # ceil(300 / 40) = 8
    assert history.loss == [np.mean(losses[:8]), np.mean(losses[8:])]
    assert all(np.array_equal(net.params[k], twin.params[k]) for k in net.params)
    assert history.val_loss == history.val_acc == [] and history.best_epoch is None


def overfitting_run(patience, epochs=200):
    """A wide network on 30 spiral points: the validation loss soon turns upwards."""
    x, t = make_spirals(seed=0)
    (x, t), (x_val, t_val) = split_validation(x, t, 0.9, seed=0)
    net = MultiLayerNet(2, [100, 100], 3, seed=0)
    history = train(net, Adam(lr=0.01), x, t, epochs=epochs, batch_size=10,
                    validation=(x_val, t_val), patience=patience, progress=False)
    return net, history, (x_val, t_val)


def test_early_stopping_stops_once_the_validation_loss_stops_improving():
    net, history, _ = overfitting_run(patience=10)
    best = history.best_epoch
    assert history.stopped_early and len(history.val_loss) == best + 10 < 200
    assert min(history.val_loss[best:]) >= history.val_loss[best - 1]
    assert history.val_loss[best - 1] == min(history.val_loss)


def test_early_stopping_restores_the_parameters_of_the_best_epoch():
    net, history, (x_val, t_val) = overfitting_run(patience=10)
    best = history.best_epoch
    assert net.loss(x_val, t_val) == history.val_loss[best - 1]
    assert evaluate(net, x_val, t_val) == history.val_acc[best - 1]
    assert net.loss(x_val, t_val) < history.val_loss[-1]  # not the last epoch's
    # Restored in place: the layers still hold the very arrays of params.
    assert net.layers["Affine1"].params["W"] is net.params["W1"]


def test_with_patience_the_best_epoch_is_kept_even_without_stopping_early():
    net, history, (x_val, t_val) = overfitting_run(patience=500, epochs=40)
    assert not history.stopped_early and len(history.loss) == 40
    assert net.loss(x_val, t_val) == history.val_loss[history.best_epoch - 1]


class CountingNet(MultiLayerNet):
    """A network with a buffer, like batch normalization's running averages: an array
    that is not a parameter but is part of what the network is (here, its steps)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.buffers = {"steps": np.zeros(1)}

    def loss_and_gradient(self, x, t):
        self.buffers["steps"] += 1  # in place, as the contract asks
        return super().loss_and_gradient(x, t)


def test_early_stopping_restores_the_networks_buffers_too():
    (x, t), (x_val, t_val) = split_validation(*make_spirals(seed=0), 0.9, seed=0)
    net = CountingNet(2, [100, 100], 3, seed=0)
    history = train(net, Adam(lr=0.01), x, t, epochs=200, batch_size=10,
                    validation=(x_val, t_val), patience=5, progress=False)
    assert history.stopped_early
    assert net.buffers["steps"][0] == 3 * history.best_epoch  # 30 points, batches of 10


def test_patience_without_validation_data_is_refused():
    net, x, t = perfect_net_and_data()
    with pytest.raises(ValueError, match="train: patience needs validation="):
        train(net, SGD(), x, t, patience=3, progress=False)


@pytest.mark.parametrize("patience", [0, -1, 2.5, True])
def test_patience_must_be_a_whole_number_of_at_least_one(patience):
    net, x, t = perfect_net_and_data()
    with pytest.raises(ValueError, match=f"train: patience must be .*{patience}"):
        train(net, SGD(), x, t, validation=(x, t), patience=patience, progress=False)


def test_validation_must_be_a_pair_of_samples_and_targets():
    net, x, t = perfect_net_and_data()
    with pytest.raises(ValueError, match=r"validation must be a pair .*ndarray of shape "
                                         r"\(6, 3\)"):
        train(net, SGD(), x, t, validation=x, progress=False)
    with pytest.raises(ValueError, match="validation x holds 6 samples .*shape \\(5,\\)"):
        train(net, SGD(), x, t, validation=(x, t[:5]), progress=False)


def test_validation_data_of_another_dtype_is_refused_before_any_step():
    net = MultiLayerNet(3, [4], 3, seed=0, dtype=np.float32)
    x, t = np.ones((6, 3), dtype=np.float32), np.zeros(6, dtype=int)
    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(ValueError, match="x_val is float64.*x_val.astype"):
        train(net, SGD(), x, t, validation=(x.astype(np.float64), t), progress=False)
    assert all(np.array_equal(before[k], net.params[k]) for k in before)


def test_on_epoch_sees_the_best_epoch_so_far():
    (x, t), validation = spirals_split()
    seen = []
    train(MultiLayerNet(2, [20], 3, seed=0), Adam(lr=0.01), x, t, epochs=5,
          batch_size=30, validation=validation, progress=False,
          on_epoch=lambda epoch, h: seen.append((epoch, h.best_epoch)))
    assert [epoch for epoch, _ in seen] == [1, 2, 3, 4, 5]
    assert all(best is not None and best <= epoch for epoch, best in seen)


# ---------------------------------------------------------------- the book's Trainer


def test_trainer_trains_a_seeded_network_on_the_spirals():
    (x, t), (x_val, t_val) = spirals_split()
    net = MultiLayerNet(2, [50, 50], 3, seed=0)
    trainer = Trainer(net, x, t, x_val, t_val, epochs=30, mini_batch_size=30,
                      optimizer="Adam", optimizer_param={"lr": 0.01}, verbose=False)
    trainer.train()
    assert len(trainer.train_acc_list) == len(trainer.test_acc_list) == 30
    assert len(trainer.train_loss_list) == 30 * 8  # one per step: 240 / 30 = 8 a epoch
    assert trainer.train_acc_list[-1] > 0.9 and trainer.test_acc_list[-1] > 0.85
    assert trainer.test_acc_list[-1] == evaluate(net, x_val, t_val)
    again = Trainer(MultiLayerNet(2, [50, 50], 3, seed=0), x, t, x_val, t_val,
                    epochs=30, mini_batch_size=30, optimizer="adam",
                    optimizer_param={"lr": 0.01}, verbose=False)
    again.train()
    assert again.test_acc_list == trainer.test_acc_list  # same seed, same run


class BookContractNet:
    """A network with only the book's names (its ch07 SimpleConvNet's): ``params``,
    ``predict``, ``loss``, ``gradient``; no ``loss_and_gradient``."""

    def __init__(self, net):
        self.params, self.predict, self.loss = net.params, net.predict, net.loss
        self.gradient = net.gradient


def test_trainer_trains_a_network_of_the_books_code_as_it_trains_dlbooks():
    (x, t), (x_val, t_val) = spirals_split()
    runs = []
    for wrap in (lambda net: net, BookContractNet):
        net = MultiLayerNet(2, [20], 3, seed=0)
        trainer = Trainer(wrap(net), x, t, x_val, t_val, epochs=3, mini_batch_size=30,
                          optimizer="Adam", verbose=False)
        trainer.train()
        runs.append((trainer.train_loss_list, trainer.test_acc_list, net.params["W1"]))
    (loss, acc, W1), (book_loss, book_acc, book_W1) = runs
    assert book_loss == loss and book_acc == acc
    np.testing.assert_array_equal(book_W1, W1)


def test_trainer_prints_one_line_per_epoch_and_the_final_accuracy(capsys):
    (x, t), (x_val, t_val) = spirals_split()
    Trainer(MultiLayerNet(2, [10], 3, seed=0), x, t, x_val, t_val, epochs=3).train()
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and lines[-1].startswith("final test acc ")
    for epoch, line in enumerate(lines[:3], start=1):
        assert line.startswith(f"epoch {epoch}: train acc ") and ", test acc " in line


def test_trainer_measures_the_first_samples_when_asked():
    (x, t), (x_val, t_val) = spirals_split()
    net = MultiLayerNet(2, [20], 3, seed=0)
    trainer = Trainer(net, x, t, x_val, t_val, epochs=2, mini_batch_size=30,
                      evaluate_sample_num_per_epoch=7, verbose=False)
    trainer.train()
    assert trainer.train_acc_list[-1] == evaluate(net, x[:7], t[:7])
    assert trainer.test_acc_list[-1] == evaluate(net, x_val[:7], t_val[:7])


def test_a_second_trainer_run_goes_on_from_the_first():
    (x, t), (x_val, t_val) = spirals_split()
    trainer = Trainer(MultiLayerNet(2, [20], 3, seed=0), x, t, x_val, t_val,
                      epochs=2, mini_batch_size=30, verbose=False)
    first = trainer.train()
    second = trainer.train()
    assert len(trainer.train_acc_list) == 4 and len(trainer.train_loss_list) == 32
    assert first.batch_loss != second.batch_loss


@pytest.mark.parametrize(
    ("name", "expected"),
    [("SGD", SGD), ("sgd", SGD), ("Momentum", Momentum), ("adagrad", AdaGrad),
     ("RMSprop", RMSProp), ("rmsprpo", RMSProp), ("Adam", Adam)],
)
def test_trainer_knows_the_books_optimizer_names(name, expected):
    net, x, t = perfect_net_and_data()
    trainer = Trainer(net, x, t, x, t, optimizer=name, optimizer_param={"lr": 0.5})
    assert type(trainer.optimizer) is expected and trainer.optimizer.lr == 0.5


def test_trainer_looks_nesterov_up_by_name(monkeypatch):
    net, x, t = perfect_net_and_data()

    class Nesterov(SGD):
        """A stand-in for dlbook.optimizers.Nesterov."""

    monkeypatch.setattr(optimizers, "Nesterov", Nesterov, raising=False)
    assert type(Trainer(net, x, t, x, t, optimizer="nesterov").optimizer) is Nesterov
    monkeypatch.delattr(optimizers, "Nesterov")
    with pytest.raises(ValueError, match="'nesterov' needs dlbook.optimizers.Nesterov"):
        Trainer(net, x, t, x, t, optimizer="nesterov")


def test_trainer_refuses_an_unknown_optimizer_and_foreign_keywords():
    net, x, t = perfect_net_and_data()
    with pytest.raises(ValueError, match="optimizer must be one of sgd, .*got 'lbfgs'"):
        Trainer(net, x, t, x, t, optimizer="lbfgs")
    with pytest.raises(ValueError, match=r"optimizer_param \{'momentum': 0.9\} does not "
                                         "fit SGD"):
        Trainer(net, x, t, x, t, optimizer="sgd", optimizer_param={"momentum": 0.9})


def test_trainer_converts_the_data_to_the_networks_dtype_as_the_book_computes():
    # The book's scripts feed float32 images to float64 networks; train refuses the mix.
    net, x, t = perfect_net_and_data()
    x32 = x.astype(np.float32)
    trainer = Trainer(net, x32, t, x32, t, epochs=1, verbose=False)
    trainer.train()
    assert trainer.x_train.dtype == np.float64 and x32.dtype == np.float32


# ---------------------------------------------------------------- smooth_curve


def test_smooth_curve_keeps_the_length_and_a_constant():
    for n in (1, 2, 5, 11, 12, 100):
        curve = smooth_curve(np.full(n, 3.0))
        assert curve.shape == (n,) and np.allclose(curve, 3.0)


def test_smooth_curve_is_a_kaiser_weighted_mean_of_eleven_neighbours():
    x = np.random.default_rng(0).standard_normal(50)
    weights = np.kaiser(11, 2.0) / np.kaiser(11, 2.0).sum()
    inner = [float(weights @ x[i - 5 : i + 6]) for i in range(5, 45)]
    assert np.allclose(smooth_curve(x)[5:45], inner)


def test_smooth_curve_mirrors_the_ends():
    x = np.random.default_rng(1).standard_normal(30)
    mirrored = np.concatenate([x[5:0:-1], x, x[-2:-7:-1]])  # x[0] and x[-1] not repeated
    weights = np.kaiser(11, 2.0) / np.kaiser(11, 2.0).sum()
    assert np.isclose(smooth_curve(x)[0], weights @ mirrored[:11])
    assert np.isclose(smooth_curve(x)[-1], weights @ mirrored[-11:])


def test_smooth_curve_makes_a_noisy_curve_smoother():
    steps = np.arange(300)
    noisy = np.exp(-steps / 100) + 0.1 * np.random.default_rng(0).standard_normal(300)
    assert np.std(np.diff(smooth_curve(noisy))) < 0.2 * np.std(np.diff(noisy))


def test_smooth_curve_does_not_change_its_input():
    x = np.arange(20.0)
    smooth_curve(x)
    assert np.array_equal(x, np.arange(20.0))


@pytest.mark.parametrize("curve", [[], [[1.0, 2.0]], 3.0])
def test_smooth_curve_refuses_what_is_not_a_curve(curve):
    with pytest.raises(ValueError, match=r"smooth_curve: expected a curve of shape \(N,\)"):
        smooth_curve(curve)


def test_smooth_curve_refuses_an_even_window():
    with pytest.raises(ValueError, match="window must be odd .*got 10"):
        smooth_curve(np.arange(20.0), window=10)
