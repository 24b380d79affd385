"""dlbook: deep learning from scratch, in NumPy, as an executable book.

Everything the chapters build is importable from here::

    >>> import dlbook
    >>> dlbook.softmax([0.3, 2.9, 4.0]).round(4)
    array([0.0182, 0.2452, 0.7366])

NumPy is the only requirement. Figures live in ``dlbook.plotting`` (needs matplotlib).
"""

# Chapter 1 imports go here.
from .activations import (
    identity_function,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax,
    step_function,
    tanh,
    tanh_grad,
)

# Chapter 3 imports go here.
# Chapter 4 imports go here.

__version__ = "0.1.0"

__all__ = [
    # chapter 1 names go here.
    # chapter 2: activations
    "step_function",
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
    "relu",
    "relu_grad",
    "identity_function",
    "softmax",
    # chapter 3 names go here.
    # chapter 4 names go here.
]
