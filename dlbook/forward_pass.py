"""A 3-layer network with fixed weights, and its forward pass (chapter 4, "The 3-layer
forward pass").

The names follow the book the chapters are based on: ``init_network()`` builds the
network as a dict of arrays ``W1, b1, W2, b2, W3, b3`` and ``forward(network, x)``
computes its output. Both hidden layers use the sigmoid; the output activation is the
identity unless you pass another one (``output=softmax``). ``forward_trace`` returns
every intermediate array as well, so each step's shape and values can be printed.

Weight matrices are stored (inputs, outputs): ``W1[i, j]`` connects input ``i`` to
neuron ``j`` of layer 1. The text writes that weight w_ji, "to j from i" (the other
index order), so the array ``W1`` is the transpose of that index scheme.
"""

from __future__ import annotations

import numpy as np

from .activations import identity_function, sigmoid
from .linear import affine

__all__ = ["init_network", "forward_trace", "forward"]


# --8<-- [start:init_network]
def init_network() -> dict[str, np.ndarray]:
    """The chapter's 2-3-2-2 network: a new dict of new float64 arrays on every call.

    Shapes: ``W1`` (2, 3), ``b1`` (3,), ``W2`` (3, 2), ``b2`` (2,), ``W3`` (2, 2),
    ``b3`` (2,). Each ``W`` is (inputs, outputs), each ``b`` has one bias per output.
    The weights are set by hand, not learned; chapter 5 onward learns them.
    """
    return {
        "W1": np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),
        "b1": np.array([0.1, 0.2, 0.3]),
        "W2": np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]),
        "b2": np.array([0.1, 0.2]),
        "W3": np.array([[0.1, 0.3], [0.2, 0.4]]),
        "b3": np.array([0.1, 0.2]),
    }
# --8<-- [end:init_network]


# --8<-- [start:forward_trace]
def forward_trace(network, x, output=identity_function) -> dict[str, np.ndarray]:
    """The forward pass with every intermediate array, in the order computed.

    ``network`` holds ``W1`` (D, H1), ``b1`` (H1,), ``W2`` (H1, H2), ``b2`` (H2,),
    ``W3`` (H2, C), ``b3`` (C,), as made by ``init_network`` (D=2, H1=3, H2=2, C=2).
    ``x`` is one sample (D,) or a batch (N, D), one sample per row.

    Returns the dict ``{"X", "A1", "Z1", "A2", "Z2", "A3", "Y"}``: ``A`` is a
    layer's weighted sum ``Z_prev @ W + b``, ``Z = sigmoid(A)`` what a hidden layer
    passes on, and ``Y = output(A3)``. Shapes: (H1,), (H2,), (C,) for one sample,
    (N, H1), (N, H2), (N, C) for a batch. Neither ``x`` nor ``network`` is changed;
    the dtype is NumPy's promotion of ``x`` and the parameters (all float32 gives
    float32). A wrong input width raises ``ValueError`` naming both shapes.
    """
    W1, W2, W3 = network["W1"], network["W2"], network["W3"]
    b1, b2, b3 = network["b1"], network["b2"], network["b3"]
    x = np.array(x)  # a copy: the trace must not share memory with the caller's x
    D = np.shape(W1)[0]
    if x.ndim not in (1, 2) or x.shape[-1] != D:
        raise ValueError(
            f"forward: this network takes x of shape ({D},) or (N, {D}) "
            f"(W1.shape = {np.shape(W1)}), but x.shape = {x.shape}"
        )
    a1 = affine(x, W1, b1)
    z1 = sigmoid(a1)
    a2 = affine(z1, W2, b2)
    z2 = sigmoid(a2)
    a3 = affine(z2, W3, b3)
    y = output(a3)  # the output activation, g() in the text (the book's sigma())
    return {"X": x, "A1": a1, "Z1": z1, "A2": a2, "Z2": z2, "A3": a3, "Y": y}
# --8<-- [end:forward_trace]


# --8<-- [start:forward]
def forward(network, x, output=identity_function) -> np.ndarray:
    """The network's output: one sample (D,) -> (C,), or a batch (N, D) -> (N, C).

    Hidden layers use the sigmoid; ``output`` is the output activation: the identity
    (regression, the default) or ``softmax`` (classification: each row sums to 1).
    See ``forward_trace`` for the shapes, and for every step along the way.
    """
    return forward_trace(network, x, output)["Y"]
# --8<-- [end:forward]
