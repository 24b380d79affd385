"""The CNN's recipe (benchmarks/cnn_recipe.py, chapter 13): chosen on validation data by
a search that trains what the command line trains and never touches the test set, and
stated in the command line's help as recorded. Nothing is timed here.
"""

from __future__ import annotations

import json
import re

from benchmarks import cnn_recipe
from dlbook import cli
from test_benchmarks import Untouchable, tiny_mnist  # the recipe searches' stand-ins


RECORD = json.loads(cnn_recipe.RECORD.read_text())


def test_the_search_trains_what_the_command_line_trains(monkeypatch, capsys, tmp_path):
    """Same split, weights, batches and decay: the same validation accuracy per epoch."""
    x, t = tiny_mnist()
    monkeypatch.setattr(cli.datasets, "load_dataset",
                        lambda name, **kwargs: ((x, t), (x[:10], t[:10])))
    setting = dict(weight_init="he", lr=0.003, lr_decay=0.6)
    assert cli.main(["train", "--model", "cnn", "--epochs", "2",
                     "--out", str(tmp_path / "w.npz")]) == 0
    out = capsys.readouterr().out
    printed = [float(a) for a in re.findall(r"val loss ([\d.]+)", out)]
    (x_fit, t_fit), (x_val, t_val) = cnn_recipe.split_validation(x, t, 0.1, seed=0)
    found = cnn_recipe.run(setting, x_fit, t_fit, (x_val.reshape(-1, 1, 28, 28), t_val),
                           epochs=2)
    assert [round(loss, 4) for loss in found["val_loss"]] == printed
    assert len(set(printed)) == 2  # two epochs, two different losses


def test_the_search_never_touches_the_test_set(monkeypatch, tmp_path):
    x, t = tiny_mnist()
    monkeypatch.setattr(cnn_recipe.datasets, "load_dataset",
                        lambda name, **kwargs: ((x, t), Untouchable()))
    monkeypatch.setattr(cnn_recipe, "ROUNDS", (dict(weight_init=("he",), lr=(0.003,),
                                                    lr_decay=(0.6, 1.0)),))
    record = cnn_recipe.main(["--epochs", "2", "--out", str(tmp_path / "r.json")])
    assert [len(run["val_acc"]) for run in record["runs"]] == [2, 2]
    assert record["data"] == {"train": 180, "validation": 20, "split_seed": 0}
    assert json.loads((tmp_path / "r.json").read_text())["chosen"] == record["chosen"]


def test_the_choice_is_the_highest_validation_accuracy_then_the_lower_loss():
    runs = [{"weight_init": "he", "lr": 0.1, "lr_decay": 1.0,
             "val_acc": [0.90, 0.95, 0.95], "val_loss": [0.3, 0.2, 0.1]},
            {"weight_init": 0.01, "lr": 0.2, "lr_decay": 0.5,
             "val_acc": [0.93, 0.95, 0.94], "val_loss": [0.2, 0.15, 0.1]}]
    assert cnn_recipe.choose(runs) == {"weight_init": "he", "lr": 0.1, "lr_decay": 1.0,
                                       "epochs": 3, "val_acc": 0.95, "val_loss": 0.1}


def test_the_command_lines_cnn_recipe_is_the_one_chosen_on_validation():
    chosen, model = RECORD["chosen"], cli.MODELS["cnn"]
    assert RECORD["data"] == {"train": 54_000, "validation": 6_000, "split_seed": 0}
    assert cnn_recipe.choose(RECORD["runs"]) == chosen
    assert (chosen["weight_init"], chosen["lr"], chosen["lr_decay"], chosen["epochs"]) == (
        model.weight_init, model.lr, model.lr_decay, model.epochs)
    searched = [{k: run[k] for k in ("weight_init", "lr", "lr_decay")}
                for run in RECORD["runs"]]
    assert searched == cnn_recipe.candidates()  # the record is of the script as it is


def test_the_help_texts_figures_are_the_recorded_ones():
    words = cli.MODELS["cnn"].help
    default, final = RECORD["cli_default"], RECORD["cli_final_fit"]
    assert re.findall(r"([\d.]+)%", words) == [
        f"{100 * default['test_accuracy']:.2f}", f"{100 * final['test_accuracy']:.2f}"]
    assert (f"after {default['training_seconds']:.0f} s of training "
            f"({final['training_seconds']:.0f} s; {default['training_cpu_seconds']:.0f} "
            f"and {final['training_cpu_seconds']:.0f} s of CPU time)") in words
    assert default["recipe"] == final["recipe"] == {
        "hidden": [100], "weight_init": "he", "optimizer": "adam", "lr": 0.003,
        "lr_decay": 0.6, "epochs": 4, "batch_size": 100, "patience": None,
        "dtype": "float32"}
