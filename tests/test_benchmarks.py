"""The benchmarks' own machinery (``make bench`` runs the benchmarks; nothing is timed here).

The book-style reference must compute the same gradients as dlbook, or the comparison
means nothing; the results file must hold what the Performance page prints; and the page's
tables must be rewritten from the file, and from nothing else. The command line's recipes
are the ones the search chose on validation data, a search that trains what the command
line trains and never touches the test set.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from benchmarks import cnn, run
from benchmarks.book_reference import BookTwoLayerNet, train_book_style
from benchmarks.report import CNN_TARGETS, load_results, report
from dlbook import SGD, TwoLayerNet, cli


def twins(seed=0):
    """The book-style network and dlbook's, with the same float64 weights."""
    np.random.seed(seed)
    book = BookTwoLayerNet(6, 5, 3, weight_init_std=1.0)
    net = TwoLayerNet(6, 5, 3)
    for key, p in net.params.items():
        p[...] = book.params[key]
    return book, net


def test_the_book_style_reference_computes_dlbooks_gradients():
    book, net = twins()
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((4, 6)), np.array([0, 2, 1, 2])
    reference, ours = book.gradient(x, np.eye(3)[t]), net.gradient(x, t)
    # The losses differ a little: the book adds 1e-7 inside its log.
    assert np.isclose(book.last_layer.loss, net.last_layer.loss, rtol=1e-3)
    for key in ours:
        assert np.allclose(reference[key], ours[key], rtol=1e-12, atol=1e-15), key


def test_the_book_style_loop_and_dlbook_end_with_the_same_weights():
    book, net = twins()
    rng = np.random.default_rng(1)
    x, t = rng.standard_normal((50, 6)), rng.integers(0, 3, 50)
    batches = rng.choice(50, size=(20, 10))
    train_book_style(book, x, np.eye(3)[t], batches, lr=0.1)
    run._train_dlbook(net, SGD(lr=0.1), x, t, batches)
    for key in net.params:
        assert np.allclose(book.params[key], net.params[key], rtol=0, atol=1e-12), key


def test_the_results_file_is_complete_and_its_targets_are_its_own():
    results = load_results()
    for section in ("machine", "mlp", "two_layer_net", "gradient", "inference",
                    "memory", "recipes", "cli", "regularization", "cnn", "targets"):
        text = report(results, section)
        assert text and "\n\n" not in text, section  # a blank line would end a doctest
    assert run.targets(results) == results["targets"]


def test_refresh_page_rewrites_the_printed_tables_and_nothing_else(tmp_path):
    results = load_results()
    page = tmp_path / "page.md"
    page.write_text(
        "Intro.\n\n```python\n>>> print(report(results, \"gradient\"))\nold output\n"
        "more old output\n```\n\nText after.\n",
        encoding="utf-8",
    )
    run.refresh_page(results, page)
    expected = (
        "Intro.\n\n```python\n>>> print(report(results, \"gradient\"))\n"
        + report(results, "gradient") + "\n```\n\nText after.\n"
    )
    assert page.read_text(encoding="utf-8") == expected


def test_a_section_measured_alone_replaces_that_section_and_nothing_else(tmp_path,
                                                                         monkeypatch):
    results = load_results()
    path = tmp_path / "results.json"
    path.write_text(json.dumps(results), encoding="utf-8")
    new = {**results["regularization"], "steps": -1}  # what a new measurement gave
    monkeypatch.setattr(run, "ALONE", {"regularization": lambda data, args: dict(new)})
    monkeypatch.setattr(run, "load_mnist", lambda: None)
    run.main(["--only", "regularization", "--out", str(path), "--reps", "2"])
    updated = load_results(path)
    assert updated["regularization"]["steps"] == -1
    assert updated["regularization"]["measured"]["repetitions"] == 2
    assert {k: v for k, v in updated.items() if k != "regularization"} == {
        k: v for k, v in results.items() if k != "regularization"}


def test_the_regularization_steps_are_trains_steps():
    # The benchmark's loop must do what dlbook.train does in a step, or its ratios
    # would measure something else: same batches, same network, same weights after.
    from dlbook import Adam, make_spirals, minibatches, train
    from dlbook.networks import MultiLayerNetExtend

    x, t = make_spirals(n_per_class=20, seed=0)
    nets = [MultiLayerNetExtend(2, [8], 3, use_batchnorm=True, seed=0) for _ in range(2)]
    train(nets[0], Adam(), x, t, epochs=1, batch_size=20, seed=5, progress=False)
    batches = list(minibatches(len(x), 20, np.random.default_rng(5)))  # train's order
    run._train_steps(nets[1], Adam(), x, t, batches)
    for key in nets[0].params:
        assert np.array_equal(nets[0].params[key], nets[1].params[key]), key


class Untouchable:
    """A stand-in for the test set: any use of it fails the test."""

    def __getattr__(self, name):
        raise AssertionError(f"the recipe search used the test set (.{name})")

    def __getitem__(self, index):
        raise AssertionError("the recipe search used the test set")

    def __iter__(self):
        raise AssertionError("the recipe search used the test set")

    def __len__(self):
        raise AssertionError("the recipe search used the test set")


def tiny_mnist(n=200, seed=0):
    """Ten separable classes of random 784-pixel images, as (train, test) pairs."""
    rng = np.random.default_rng(seed)
    centres = rng.random((10, 784)).astype(np.float32)
    t = rng.integers(0, 10, n)
    x = centres[t] + 0.3 * rng.standard_normal((n, 784)).astype(np.float32)
    return x, t


TINY_SEARCH = {"tiny": {"hidden": (8,), "lrs": (0.01, 0.03), "decays": (0.5,),
                        "epochs": 3}}


def test_the_recipe_search_never_touches_the_test_set():
    found = run.bench_recipes((tiny_mnist(), Untouchable()), search=TINY_SEARCH)
    tiny = found["recipes"]["tiny"]
    assert found["n_train"] == 180 and found["n_val"] == 20
    assert [len(trial["val_acc"]) for trial in tiny["trials"]] == [3, 3]
    assert tiny["chosen"]["epochs"] in (1, 2, 3)


def test_the_recipe_search_trains_what_the_command_line_trains(monkeypatch, capsys):
    """Same split, weights, batches and decay: the same validation accuracy per epoch."""
    x, t = tiny_mnist()
    monkeypatch.setattr(cli.datasets, "load_dataset",
                        lambda name, **kwargs: ((x, t), (x[:10], t[:10])))
    assert cli.main(["train", "--hidden", "8", "--lr", "0.03", "--lr-decay", "0.5",
                     "--epochs", "3", "--out", "/dev/null/never"]) == 1  # no folder
    out_dir = __import__("tempfile").mkdtemp()
    assert cli.main(["train", "--hidden", "8", "--lr", "0.03", "--lr-decay", "0.5",
                     "--epochs", "3", "--out", f"{out_dir}/w.npz"]) == 0
    printed = [float(a) for a in re.findall(r"val acc ([\d.]+)", capsys.readouterr().out)]
    found = run.bench_recipes(((x, t), None), search=TINY_SEARCH)
    trial = found["recipes"]["tiny"]["trials"][1]
    assert trial["lr"] == 0.03 and trial["val_acc"] == printed


def test_the_choice_is_the_fewest_epochs_within_one_standard_error():
    trials = [{"lr": 0.1, "lr_decay": 1.0, "val_acc": [0.90, 0.95, 0.96]},
              {"lr": 0.2, "lr_decay": 0.5, "val_acc": [0.93, 0.955, 0.95]}]
    chosen = run.choose_recipe(trials, n_val=400)  # one standard error of 0.96: 0.0098
    assert chosen["best_val_acc"] == 0.96 and chosen["standard_error"] == 0.0098
    assert (chosen["lr"], chosen["epochs"], chosen["val_acc"]) == (0.2, 2, 0.955)
    precise = run.choose_recipe(trials, n_val=1_000_000)  # no noise: the best itself
    assert (precise["lr"], precise["epochs"]) == (0.1, 3)


@pytest.mark.parametrize("name", ["fast", "best"])
def test_the_command_lines_recipes_are_the_ones_chosen_on_validation(name):
    search = load_results()["recipes"]
    chosen, model = search["recipes"][name]["chosen"], cli.MODELS[name]
    assert search["validation_rate"] == 0.1 and search["seed"] == 0  # the CLI's defaults
    assert tuple(search["recipes"][name]["hidden"]) == model.hidden
    assert (chosen["lr"], chosen["lr_decay"], chosen["epochs"]) == (
        model.lr, model.lr_decay, model.epochs)
    assert run.choose_recipe(search["recipes"][name]["trials"], search["n_val"]) == chosen


@pytest.mark.parametrize(("name", "run_name"), [("fast", "default"), ("best", "best")])
def test_the_help_texts_accuracies_are_the_benchmarks(name, run_name):
    runs, words = load_results()["cli"], cli.MODELS[name].help
    measured = [runs[run_name]["test_acc"], runs[f"{run_name}, final fit"]["test_acc"]]
    assert re.findall(r"([\d.]+)%", words) == [f"{100 * a:.2f}" for a in measured]
    assert f"{len(runs[run_name]['epochs'])} epochs" in words


# ------------------------------------------------------------ the book's CNN (section 10)


def test_the_cnn_contenders_take_every_place_in_turn():
    # Whoever runs right after the book's cache-sweeping im2col code is slowed: over
    # as many rounds as contenders, each must run after each other one once.
    names = ["dlbook", "pytorch", "book"]
    orders = [cnn.turns(names, number) for number in range(3)]
    assert all(sorted(order) == sorted(names) for order in orders)
    for place in range(3):
        assert sorted(order[place] for order in orders) == sorted(names)


def tiny_images(n, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, 1, 28, 28), dtype=np.float32), rng.integers(0, 10, n)


def test_the_cnn_section_records_every_round_but_the_warm_up():
    x, t = tiny_images(120)
    result = cnn.bench_cnn(x, t, x[:20], rounds=2, steps=1, inference_rounds=1,
                           parts_rounds=1)
    assert len(result["step_runs_ms"]["dlbook"]) == 2
    assert len(result["inference_runs_s"]["dlbook"]) == 1
    assert result["dtypes"] == {"dlbook": "float32"}
    assert result["inference_images"] == 20 and result["batch"] == 100
    assert set(result["ratio"]) == set(CNN_TARGETS) | {"step_book_pytorch"}
    assert all(ratio is None for ratio in result["ratio"].values())  # nobody to compare
    assert "not measured" in report({"cnn": result}, "cnn")
    parts = result["parts"]  # what the step spends its time on, for the limits
    assert set(parts["ms"]) == {"conv_products", "affine_products", "adam_update"}
    assert parts["params"] == 433_890 and parts["K"] == 25


def test_the_cnn_benchmarks_dlbook_step_is_trains_step():
    # Same weights, same batches, one Adam step each: the same parameters after.
    from dlbook import Adam, minibatches, train
    from dlbook.conv import SimpleConvNet

    x, t = tiny_images(100, seed=1)
    net = SimpleConvNet(seed=0, dtype=np.float32)
    contender = cnn.Dlbook({k: v.copy() for k, v in net.params.items()})
    train(net, Adam(lr=cnn.LR), x, t, epochs=1, batch_size=100, progress=False)
    (idx,) = minibatches(100, 100, np.random.default_rng(0))  # train's one batch
    contender.step(x[idx], t[idx])
    for key in net.params:
        np.testing.assert_allclose(contender.net.params[key], net.params[key],
                                   rtol=1e-6, atol=1e-7, err_msg=key)


def with_cnn_ratios(step, book, inference):
    results = load_results()
    results["cnn"] = {**results["cnn"], "ratio": {
        **results["cnn"]["ratio"], "step_dlbook_pytorch": step,
        "step_book_dlbook": book, "inference_dlbook_pytorch": inference}}
    return results


def test_the_cnn_targets_are_judged_by_their_bounds():
    met_all = {row["target"]: row for row in run.targets(with_cnn_ratios(0.6, 10, 0.5))}
    missed = {row["target"]: row for row in run.targets(with_cnn_ratios(0.61, 9.9, 0.51))}
    for _, _, label in CNN_TARGETS.values():
        assert met_all[label]["met"] and not missed[label]["met"], label
        assert missed[label]["limit"]  # a missed target says what limits it
    text = report(with_cnn_ratios(0.61, 12.0, 0.4), "cnn")
    assert "dlbook / PyTorch: 0.61 (target <= 0.6: missed)" in text
    assert "book / dlbook: 12.00 (target >= 10: met)" in text
    assert "inference, dlbook / PyTorch: 0.40 (target <= 0.5: met)" in text


def test_a_results_file_without_the_cnn_has_no_cnn_targets():
    results = load_results()
    del results["cnn"]
    labels = {label for _, _, label in CNN_TARGETS.values()}
    assert not labels & {row["target"] for row in run.targets(results)}
    assert report(results, "cnn") == "the book's CNN: not measured"


def test_a_full_run_measures_the_cnn_and_judges_its_targets(tmp_path, monkeypatch):
    # Every section replaced by what the results file holds: only the wiring is tested.
    results = load_results()
    monkeypatch.setattr(run, "import_torch", lambda: None)
    monkeypatch.setattr(run, "environment", lambda args: {
        key: results[key] for key in ("date", "machine", "software", "blas", "threads",
                                      "clock", "repetitions")})
    monkeypatch.setattr(run, "load_mnist", lambda: None)
    rows = iter(results["mlp"])
    monkeypatch.setattr(run, "bench_mlp", lambda *a: (next(rows), None, None))
    for name in ("two_layer_net", "gradient", "inference", "memory", "regularization"):
        monkeypatch.setattr(run, f"bench_{name}", lambda *a, _n=name: results[_n])
    rounds = []
    monkeypatch.setattr(run, "bench_cnn",
                        lambda data, n: rounds.append(n) or results["cnn"])
    path = tmp_path / "results.json"
    run.main(["--no-cli", "--no-page", "--out", str(path), "--cnn-rounds", "4"])
    written = load_results(path)
    assert rounds == [4] and written["cnn"] == results["cnn"]
    labels = {label for _, _, label in CNN_TARGETS.values()}
    assert labels <= {row["target"] for row in written["targets"]}
