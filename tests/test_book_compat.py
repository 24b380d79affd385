"""The book's chapter-5 to chapter-7 scripts run on dlbook through ``compat/``, a
re-export shim.

*Deep Learning from Scratch* ships its scripts with a ``common/`` and a ``dataset/``
package of its own; the scripts import from them after ``sys.path.append(os.pardir)``.
``compat/`` has packages of those names that hold nothing but imports of dlbook objects,
so with ``PYTHONPATH=compat`` the book's scripts run on dlbook unchanged.

Always: every shim module imports, holds nothing but imports (no function, no class: it
must stay a list of names, not a second library), and exposes exactly the names the
book's chapter-5 to chapter-7 scripts import from it, each the very dlbook object.

With ``DLBOOK_BOOK_CODE`` naming a checkout of the book's repository
(``git clone https://github.com/oreilly-japan/deep-learning-from-scratch``): each of
chapter 6's nine scripts, and chapter 5's two that use the book's folders (its
gradient check and its training of ``TwoLayerNet``), and chapter 7's four (the
gradient check, the training and the two filter pictures of its ``SimpleConvNet``,
the book's own ``simple_convnet.py`` on dlbook's layers), runs in a subprocess on a
copy of its folder and must exit with 0. Without the variable they are skipped. On the
project's 2-core machine the chapter-5 and chapter-6 set takes about 13 minutes, most
of it ``hyperparameter_optimization.py`` (100 trainings) and ``batch_norm_test.py``
(32); chapter 7's takes well under a minute, with its training cut down (see
``TRAIN_CONVNET``).
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

from dlbook import conv, datasets, gradient, layers, networks, optimizers, training

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
    # ch07's code: the book's own layers.py takes im2col and col2im from util.py,
    # where conv_output_size lives too.
    "common.util": {
        "shuffle_dataset": datasets.shuffle_dataset,
        "smooth_curve": training.smooth_curve,
        "im2col": conv.im2col,
        "col2im": conv.col2im,
        "conv_output_size": conv.conv_output_size,
    },
    "common.trainer": {"Trainer": training.Trainer},
    "common.layers": {
        "Affine": layers.Affine,
        "Relu": layers.Relu,
        "Sigmoid": layers.Sigmoid,
        "SoftmaxWithLoss": layers.SoftmaxWithLoss,
        "Dropout": layers.Dropout,
        "BatchNormalization": layers.BatchNormalization,
        "Convolution": conv.Convolution,  # ch07: simple_convnet.py, apply_filter.py
        "Pooling": conv.Pooling,
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
    # at least these: ch05's two_layer_net.py, ch07's simple_convnet.py
    "common.layers": {"Affine", "Relu", "SoftmaxWithLoss", "Convolution", "Pooling"},
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
CH07_SCRIPTS = ["gradient_check", "visualize_filter", "apply_filter"]

# train_convnet.py trains 20 epochs on all 60,000 images (about an hour of the book's
# float64 im2col code on this machine). The test runs the book's file unchanged, on
# fewer images: this wrapper makes the shim's load_mnist give the first 300 training
# and 100 test images, then runs the script with runpy. Its 20 epochs stay (the
# script plots one point per epoch against range(max_epochs)), 3 steps each.
TRAIN_CONVNET = """
import runpy
import dataset.mnist

load_all = dataset.mnist.load_mnist

def load_few(**kwargs):
    (x_train, t_train), (x_test, t_test) = load_all(**kwargs)
    return (x_train[:300], t_train[:300]), (x_test[:100], t_test[:100])

dataset.mnist.load_mnist = load_few  # before the script's `from dataset.mnist import`
runpy.run_path("train_convnet.py", run_name="__main__")
"""
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


def run_book_script(chapter: str, script: str, tmp_path,
                    code: str | None = None) -> subprocess.CompletedProcess:
    """Run ``chapter/script.py`` of the book on a copy of its folder, with the shim
    (or the Python ``code``, run with ``-c`` in that folder, which runs the script)."""
    shutil.copytree(Path(BOOK, chapter), tmp_path / chapter)
    env = {**os.environ, "PYTHONPATH": str(SHIM), "MPLBACKEND": "Agg",
           "OPENBLAS_NUM_THREADS": "1"}
    command = [sys.executable, f"{script}.py"] if code is None else [
        sys.executable, "-c", code]
    return subprocess.run(
        command, cwd=tmp_path / chapter, env=env,
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


@needs_book
@pytest.mark.parametrize("script", CH07_SCRIPTS)
def test_a_chapter_7_script_of_the_book_runs_on_the_shim(script, tmp_path):
    # apply_filter.py reads ../dataset/lena_gray.png: the image alone is copied, so
    # the book's dataset/mnist.py is not there to be imported (the shim's would win
    # anyway: PYTHONPATH comes before the scripts' sys.path.append(os.pardir)).
    (tmp_path / "dataset").mkdir()
    shutil.copy(Path(BOOK, "dataset", "lena_gray.png"), tmp_path / "dataset")
    run = run_book_script("ch07", script, tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    if script == "gradient_check":  # one line per parameter: its name, a difference
        names = [line.split()[0] for line in run.stdout.splitlines()]
        assert names == ["W1", "b1", "W2", "b2", "W3", "b3"], run.stdout


@needs_book
def test_the_books_cnn_training_script_runs_on_the_shim(tmp_path):
    params = tmp_path / "ch07" / "params.pkl"
    run = run_book_script("ch07", "train_convnet", tmp_path, code=TRAIN_CONVNET)
    assert run.returncode == 0, run.stderr[-3000:]
    epochs = [line for line in run.stdout.splitlines() if line.startswith("epoch ")]
    assert len(epochs) == 20 and "Saved Network Parameters!" in run.stdout
    assert params.read_bytes() != Path(BOOK, "ch07", "params.pkl").read_bytes()
