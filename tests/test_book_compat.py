"""The book's chapter-6 scripts run on dlbook through ``compat/``, a re-export shim.

*Deep Learning from Scratch* ships its scripts with a ``common/`` and a ``dataset/``
package of its own; the scripts import from them after ``sys.path.append(os.pardir)``.
``compat/`` has packages of those names that hold nothing but imports of dlbook objects,
so with ``PYTHONPATH=compat`` the book's scripts run on dlbook unchanged.

Always: every shim module imports, holds nothing but imports (no function, no class: it
must stay a list of names, not a second library), and exposes exactly the names the
book's chapter-5 and chapter-6 scripts import from it, each the very dlbook object.

With ``DLBOOK_BOOK_CODE`` naming a checkout of the book's repository
(``git clone https://github.com/oreilly-japan/deep-learning-from-scratch``): each of
chapter 6's nine scripts, and chapter 5's two that use the book's folders (its
gradient check and its training of ``TwoLayerNet``), runs in a subprocess on a copy of
its folder and must exit with 0. Without the variable they are skipped. On the
project's 2-core machine the whole set takes about 13 minutes, most of it
``hyperparameter_optimization.py`` (100 trainings) and ``batch_norm_test.py`` (32).
"""

from __future__ import annotations

import ast
import importlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from dlbook import datasets, gradient, layers, networks, optimizers, training

ROOT = Path(__file__).resolve().parents[1]
SHIM = ROOT / "compat"
BOOK = os.environ.get("DLBOOK_BOOK_CODE")

# What the book's scripts import from each module, and the dlbook object each name is.
# ch06's optimizer_compare_mnist.py uses np from `from common.optimizer import *`; the
# book's module has all six optimizers (its Trainer makes them by name); ch05's
# two_layer_net.py takes Affine, Relu and SoftmaxWithLoss from `from common.layers
# import *`, where the book keeps Sigmoid, Dropout and BatchNormalization too.
BOOK_NAMES = {
    "common": {},
    "common.optimizer": {
        "np": np,
        "SGD": optimizers.SGD,
        "Momentum": optimizers.Momentum,
        "Nesterov": optimizers.Nesterov,
        "AdaGrad": optimizers.AdaGrad,
        "RMSprop": optimizers.RMSProp,  # the book's spelling: dlbook's alias
        "Adam": optimizers.Adam,
    },
    # dlbook's MultiLayerNet takes hidden_sizes and weight_init; MultiLayerNetExtend
    # takes the book's hidden_size_list and weight_init_std, and with its switches off
    # it is the book's MultiLayerNet.
    "common.multi_layer_net": {"MultiLayerNet": networks.MultiLayerNetExtend},
    "common.multi_layer_net_extend": {
        "MultiLayerNetExtend": networks.MultiLayerNetExtend,
    },
    "common.util": {
        "shuffle_dataset": datasets.shuffle_dataset,
        "smooth_curve": training.smooth_curve,
    },
    "common.trainer": {"Trainer": training.Trainer},
    "common.layers": {
        "Affine": layers.Affine,
        "Relu": layers.Relu,
        "Sigmoid": layers.Sigmoid,
        "SoftmaxWithLoss": layers.SoftmaxWithLoss,
        "Dropout": layers.Dropout,
        "BatchNormalization": layers.BatchNormalization,
    },
    "common.gradient": {"numerical_gradient": gradient.numerical_gradient},
    "dataset": {},
    "dataset.mnist": {"load_mnist": datasets.load_mnist},
}

# The names `from module import *` gives the book's scripts (the star imports).
STAR_IMPORTS = {
    "common.optimizer": {
        "np", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam",
    },
    "common.layers": {"Affine", "Relu", "SoftmaxWithLoss"},  # at least these
}

CH06_SCRIPTS = [
    "optimizer_compare_naive",
    "optimizer_compare_mnist",
    "weight_init_activation_histogram",
    "weight_init_compare",
    "overfit_weight_decay",
    "overfit_dropout",
    "batch_norm_test",
    "batch_norm_gradient_check",
    "hyperparameter_optimization",
]
CH05_SCRIPTS = ["gradient_check", "train_neuralnet"]
TIMEOUT = 1800  # seconds for one script; the slowest takes about 5 minutes


def module_path(name: str) -> Path:
    path = SHIM.joinpath(*name.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


@pytest.fixture
def shim(monkeypatch):
    """Import a shim module by its book name; afterwards forget every shim module, so
    that no other test finds a ``common`` or ``dataset`` package."""
    monkeypatch.syspath_prepend(str(SHIM))
    yield importlib.import_module
    for name in list(sys.modules):
        if name.split(".")[0] in ("common", "dataset"):
            del sys.modules[name]


def test_the_shim_has_a_module_for_every_book_module_and_no_other():
    files = {p.relative_to(SHIM) for p in SHIM.rglob("*.py")}
    assert files == {module_path(name).relative_to(SHIM) for name in BOOK_NAMES}


@pytest.mark.parametrize("name", BOOK_NAMES)
def test_a_shim_module_holds_only_imports(name):
    tree = ast.parse(module_path(name).read_text(encoding="utf-8"))
    for i, node in enumerate(tree.body):
        docstring = i == 0 and isinstance(node, ast.Expr) and isinstance(
            node.value, ast.Constant) and isinstance(node.value.value, str)
        dunder_all = isinstance(node, ast.Assign) and [
            getattr(t, "id", None) for t in node.targets] == ["__all__"]
        imports = isinstance(node, (ast.Import, ast.ImportFrom))
        assert docstring or dunder_all or imports, (
            f"{name}, line {node.lineno}: the shim may only import dlbook's names, "
            f"got {type(node).__name__}"
        )
    defined = [n for n in ast.walk(tree)
               if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    assert not defined


@pytest.mark.parametrize("name", BOOK_NAMES)
def test_a_shim_module_gives_the_books_names_as_dlbook_objects(name, shim):
    module = shim(name)
    assert module.__file__ == str(module_path(name))  # the shim's, not another package
    public = {
        key for key, value in vars(module).items()
        if not key.startswith("_")
        and not getattr(value, "__name__", "").startswith(name + ".")  # submodules
    }
    expected = BOOK_NAMES[name]
    assert public == set(expected)
    for key, value in expected.items():
        assert getattr(module, key) is value, f"{name}.{key}"


@pytest.mark.parametrize("name", STAR_IMPORTS)
def test_a_star_import_gives_what_the_books_scripts_use(name, shim):
    shim(name)
    namespace = {}
    exec(f"from {name} import *", namespace)
    assert STAR_IMPORTS[name] <= namespace.keys()
    assert all(namespace[key] is BOOK_NAMES[name][key] for key in STAR_IMPORTS[name])


def test_the_books_multi_layer_net_call_builds_the_books_network(shim):
    MultiLayerNet = shim("common.multi_layer_net").MultiLayerNet
    net = MultiLayerNet(input_size=784, hidden_size_list=[100, 100], output_size=10,
                        weight_init_std="sigmoid", weight_decay_lambda=0.1, seed=0)
    assert list(net.layers) == ["Affine1", "Activation1", "Affine2", "Activation2",
                                "Affine3"]
    assert np.isclose(net.params["W1"].std(), np.sqrt(1 / 784), rtol=0.05)  # Xavier
    assert net.weight_decay_lambda == 0.1


# --------------------------------------------------- the book's own scripts, if present

needs_book = pytest.mark.skipif(
    not (BOOK and Path(BOOK, "ch06").is_dir()),
    reason="set DLBOOK_BOOK_CODE to a checkout of the book's repository "
    "(oreilly-japan/deep-learning-from-scratch) to run its scripts on the shim",
)


def run_book_script(chapter: str, script: str, tmp_path) -> subprocess.CompletedProcess:
    """Run ``chapter/script.py`` of the book on a copy of its folder, with the shim."""
    shutil.copytree(Path(BOOK, chapter), tmp_path / chapter)
    env = {**os.environ, "PYTHONPATH": str(SHIM), "MPLBACKEND": "Agg",
           "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, f"{script}.py"], cwd=tmp_path / chapter, env=env,
        capture_output=True, text=True, timeout=TIMEOUT, check=False,
    )


@needs_book
@pytest.mark.parametrize("script", CH06_SCRIPTS)
def test_a_chapter_6_script_of_the_book_runs_on_the_shim(script, tmp_path):
    run = run_book_script("ch06", script, tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]


@needs_book
@pytest.mark.parametrize("script", CH05_SCRIPTS)
def test_a_chapter_5_script_of_the_book_runs_on_the_shim(script, tmp_path):
    run = run_book_script("ch05", script, tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
