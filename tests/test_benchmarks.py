"""The benchmarks' own machinery (``make bench`` runs the benchmarks; nothing is timed here).

The book-style reference must compute the same gradients as dlbook, or the comparison
means nothing; the results file must hold what the Performance page prints; and the page's
tables must be rewritten from the file, and from nothing else.
"""

from __future__ import annotations

import json

import numpy as np

from benchmarks import run
from benchmarks.book_reference import BookTwoLayerNet, train_book_style
from benchmarks.report import load_results, report
from dlbook import SGD, TwoLayerNet


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
                    "memory", "cli", "regularization", "targets"):
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
