"""No public function of dlbook changes an array it was handed.

Every function in ``dlbook.__all__`` that takes arrays is called here on fresh, seeded arrays,
and each input is compared with a copy taken before the call. A new public function that
takes arrays must get a row in ``CALLS`` (the last test fails until it does).
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import dlbook

rng = np.random.default_rng(0)
X = rng.standard_normal((4, 3))
Y = dlbook.softmax(rng.standard_normal((4, 3)))
T = np.eye(3)[[0, 2, 1, 2]]
W, B = rng.standard_normal((3, 2)), rng.standard_normal(2)
NETWORK = dlbook.init_network()
NET = dlbook.TwoLayerNet(3, 5, 3, seed=0)
# chapter 12: 2 images of 3 channels, 5 x 5; 2 filters of 3 x 3 (outputs 3 x 3)
conv_rng = np.random.default_rng(12)
IMAGES, FILTERS = conv_rng.standard_normal((2, 3, 5, 5)), conv_rng.standard_normal((2, 3, 3, 3))
DRAWING = np.zeros((40, 30))
DRAWING[5:35, 10:18] = rng.uniform(0.2, 1.0, (30, 8))


def bowl(v):
    return float(np.sum(v**2))


# name -> (positional array arguments, keyword arguments)
CALLS = {
    "step_function": ((X,), {}),
    "sigmoid": ((X,), {}),
    "sigmoid_grad": ((X,), {}),
    "tanh": ((X,), {}),
    "tanh_grad": ((X,), {}),
    "relu": ((X,), {}),
    "relu_grad": ((X,), {}),
    "identity_function": ((X,), {}),
    "softmax": ((X,), {}),
    "affine": ((X, W, B), {}),
    "forward": ((NETWORK, rng.standard_normal((5, 2))), {}),
    "forward_trace": ((NETWORK, rng.standard_normal((5, 2))), {}),
    "sum_squares_error": ((Y, T), {}),
    "mean_squared_error": ((Y, T), {}),
    "cross_entropy_error": ((Y, T), {}),
    "one_hot": ((np.array([0, 2, 1]), 3), {}),
    "target_labels": ((T, (4, 3)), {}),
    "gradient_descent": ((bowl, np.array([3.0, -4.0])), {"step_num": 5}),
    "relative_error": ((X, X + 1e-9), {}),
    "evaluate": ((NET, X, np.array([0, 1, 2, 0])), {}),
    "search_perceptrons": ((np.array([0, 0, 0, 1]), np.random.default_rng(0)),
                           {"n_trials": 100}),
    "bowl": ((X[:2],), {}),
    "two_valleys": ((X,), {}),
    "saddle": ((X[:2],), {}),
    "valley": ((X[:2],), {}),
    "valley_gradient": ((np.array([-7.0, 2.0]),), {}),
    "optimizer_path": ((dlbook.SGD(lr=0.1), np.array([-7.0, 2.0])), {"steps": 3}),
    "confusion_matrix": ((np.array([0, 1, 2, 2]), np.array([0, 2, 1, 2])), {}),
    # it trains the network it is given (that is its job), never the data
    "train_by_backprop": ((dlbook.TwoLayerNet(3, 5, 3, seed=0), X, np.array([0, 1, 2, 0])),
                          {"iters": 2}),
    # chapter 10
    "shuffle_dataset": ((X, T), {"seed": 0}),
    "split_validation": ((X, T), {"validation_rate": 0.5, "seed": 0}),
    "smooth_curve": ((X[:, 0],), {"window": 3}),
    # chapter 12
    "conv_forward_loop": ((IMAGES, FILTERS, np.ones(2)), {}),
    "conv_backward_loop": ((conv_rng.standard_normal((2, 2, 3, 3)), IMAGES, FILTERS), {}),
    "pool_forward_loop": ((IMAGES, 2, 2), {}),
    "pool_backward_loop": ((conv_rng.standard_normal((2, 3, 4, 4)), IMAGES, 2, 2), {}),
    "im2col": ((IMAGES, 3, 3), {}),
    "col2im": ((conv_rng.standard_normal((18, 27)), IMAGES.shape, 3, 3), {}),
    # the page "Draw a digit": a drawing of ink in [0, 1], taller than wide
    "resize_area": ((DRAWING, 14, 10), {}),
    "center_of_mass": ((DRAWING,), {}),
    "preprocess_digit": ((DRAWING,), {}),
}

# Functions whose inputs are not arrays, or that write by design (documented).
NOT_ARRAY_FUNCTIONS = {
    "truth_table", "init_network", "numerical_diff", "make_spirals", "activation_layer",
    "init_std", "load_mnist", "load_fashion_mnist", "load_dataset", "fetch", "minibatches",
    "train",
    "save_weights", "load_weights", "hidden_activations", "path_optimizers",
    "spiral_optimizers", "train_on_spirals",
    "log_uniform", "random_search",  # numbers and a function, no arrays
    # numerical_gradient nudges x in place by design and restores it: tested in
    # tests/test_gradient.py, including when the function it calls raises.
    "numerical_gradient",
    "conv_output_size",  # sizes, no arrays
}


def snapshot(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {k: snapshot(v) for k, v in value.items()}
    return value


def unchanged(before, after) -> bool:
    if isinstance(before, np.ndarray):
        return np.array_equal(before, after) and before.dtype == after.dtype
    if isinstance(before, dict):
        return before.keys() == after.keys() and all(
            unchanged(before[k], after[k]) for k in before
        )
    return True


@pytest.mark.parametrize("name", sorted(CALLS))
def test_function_leaves_its_array_arguments_unchanged(name):
    args, kwargs = CALLS[name]
    before = [snapshot(a) for a in args]
    getattr(dlbook, name)(*args, **kwargs)
    for i, (old, new) in enumerate(zip(before, args)):
        assert unchanged(old, new), f"dlbook.{name} changed its argument {i}"


def test_every_public_function_is_covered():
    functions = {n for n in dlbook.__all__ if inspect.isfunction(getattr(dlbook, n))}
    missing = functions - set(CALLS) - NOT_ARRAY_FUNCTIONS
    assert not missing, f"add these to CALLS or NOT_ARRAY_FUNCTIONS: {sorted(missing)}"
