"""Perceptrons and logic gates (chapter 1, "Perceptron and logic gates").

A perceptron adds up its weighted inputs and its bias and fires (outputs 1) when that
sum is above 0: ``y = 1 if w . x + b > 0 else 0``. With hand-chosen weights it computes
the logic gates AND, OR, NAND and NOR; XOR needs two layers of them.

Every perceptron is called either with one number per input, ``AND(1, 0)``, or with one
array: ``x`` of shape ``(D,)`` gives a Python ``int``, a batch ``x`` of shape
``(N, D)`` gives an ``(N,)`` array of ``np.int64``. Inputs are never changed.
"""

from __future__ import annotations

import numpy as np

from .activations import step_function

__all__ = [
    "Perceptron",
    "GATE_INPUTS",
    "AND",
    "OR",
    "NAND",
    "NOR",
    "TwoLayerPerceptron",
    "XOR",
    "truth_table",
    "search_perceptrons",
]


# --8<-- [start:check_input]
def _check_input(x: np.ndarray, d: int) -> np.ndarray:
    """Return ``x`` if its shape is ``(d,)`` or ``(N, d)``, else raise ValueError."""
    if x.ndim not in (1, 2) or x.shape[-1] != d:
        raise ValueError(f"expected x of shape ({d},) or (N, {d}); got shape {x.shape}")
    return x


def _as_input(args: tuple, d: int) -> np.ndarray:
    """Turn the arguments of a call into one array of shape ``(d,)`` or ``(N, d)``.

    ``args`` is either one array-like ``x`` or ``d`` separate inputs ``x1, ..., xd``,
    each a number or each a 1-D array of the same length N.
    """
    if len(args) == 1:
        return _check_input(np.asarray(args[0]), d)
    if len(args) != d:
        raise ValueError(f"expected {d} inputs (or one array); got {len(args)} inputs")
    parts = [np.asarray(a) for a in args]
    shapes = [p.shape for p in parts]
    if parts[0].ndim > 1 or any(s != shapes[0] for s in shapes):
        raise ValueError(
            f"separate inputs must all be numbers or all have shape (N,); got {shapes}"
        )
    return np.stack(parts, axis=-1)  # d numbers -> (d,); d arrays (N,) -> (N, d)
# --8<-- [end:check_input]


# --8<-- [start:perceptron]
class Perceptron:
    """A perceptron: ``y = 1 if w . x + b > 0 else 0``.

    ``w`` has shape ``(D,)``, one weight per input; ``b`` is a number, the bias.
    Both are copied, and the copy of ``w`` is read-only: a perceptron's parameters
    stay what they were when it was made. ``name`` (optional) is shown by ``repr``.
    """

    def __init__(self, w, b, name: str | None = None):
        w = np.array(w, dtype=np.float64)  # a copy: the caller's w stays theirs
        if w.ndim != 1 or w.size == 0:
            raise ValueError(
                f"expected w of shape (D,) with D >= 1; got shape {w.shape}"
            )
        if np.ndim(b) != 0:
            raise ValueError(f"expected b to be a number; got shape {np.shape(b)}")
        w.flags.writeable = False
        self.w = w
        self.b = float(b)
        self.name = name

    def weighted_sum(self, x):
        """The total input ``a = w . x + b``.

        ``x`` of shape ``(D,)`` gives a float; ``(N, D)`` gives an ``(N,)`` array.
        """
        x = _check_input(np.asarray(x), self.w.size)
        a = x @ self.w + self.b
        return float(a) if a.ndim == 0 else a

    def forward(self, x):
        """The output ``step_function(w . x + b)``, 1 (fires) or 0.

        ``x`` of shape ``(D,)`` gives an ``int``; ``(N, D)`` gives an ``(N,)`` array
        of ``np.int64``, one output per row.
        """
        y = step_function(self.weighted_sum(x))
        return int(y) if y.ndim == 0 else y

    def __call__(self, *x):
        """Call as ``p(x1, ..., xD)``, one number per input, or ``p(x)``.

        ``x`` has shape ``(D,)`` (gives an ``int``) or ``(N, D)`` (gives ``(N,)``).
        Separate inputs may also be D arrays of shape ``(N,)``: ``p(x1s, x2s)``.
        """
        return self.forward(_as_input(x, self.w.size))

    def __repr__(self) -> str:
        w = [float(v) for v in self.w]
        name = "" if self.name is None else f", name={self.name!r}"
        return f"Perceptron(w={w}, b={self.b}{name})"
# --8<-- [end:perceptron]


# --8<-- [start:gate_inputs]
# The four input pairs of a two-input gate, shape (4, 2), in truth-table order.
GATE_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
GATE_INPUTS.flags.writeable = False
# --8<-- [end:gate_inputs]


# --8<-- [start:gates]
AND = Perceptron([1, 1], -1.5, name="AND")  # fires only if x1 + x2 > 1.5
OR = Perceptron([1, 1], -0.5, name="OR")  # fires if x1 + x2 > 0.5
NAND = Perceptron([-1, -1], 1.5, name="NAND")  # AND with every sign flipped
NOR = Perceptron([-1, -1], 0.5, name="NOR")  # OR with every sign flipped
# --8<-- [end:gates]


# --8<-- [start:truth_table]
def truth_table(*gates) -> str:
    """Return the truth table of two-input gates as text, one column per gate.

    Each gate is called once with ``GATE_INPUTS`` (shape ``(4, 2)``) and must return
    4 outputs. A column is headed by the gate's ``name`` (or function name).
    """
    names = [getattr(g, "name", None) or getattr(g, "__name__", "y") for g in gates]
    columns = [np.asarray(g(GATE_INPUTS)) for g in gates]
    lines = ["x1 x2 | " + " ".join(names)]
    for i, (x1, x2) in enumerate(GATE_INPUTS):
        cells = [f"{int(col[i]):>{len(n)}}" for col, n in zip(columns, names)]
        lines.append(f"{x1:>2} {x2:>2} | " + " ".join(cells))
    return "\n".join(lines)
# --8<-- [end:truth_table]


# --8<-- [start:two_layer_perceptron]
class TwoLayerPerceptron:
    """Perceptrons in two layers: the hidden outputs are the output's inputs.

    ``hidden`` is a sequence of H perceptrons that all read the same D inputs;
    ``output`` is one perceptron with H inputs. Called like a Perceptron: ``x`` of
    shape ``(D,)`` gives an ``int``, ``(N, D)`` gives an ``(N,)`` array.
    """

    def __init__(self, hidden, output: Perceptron, name: str | None = None):
        hidden = tuple(hidden)
        sizes = {p.w.size for p in hidden}
        if len(sizes) != 1:
            raise ValueError(
                f"hidden perceptrons must share one input size; got sizes {sizes}"
            )
        if output.w.shape != (len(hidden),):
            raise ValueError(
                f"expected output w of shape ({len(hidden)},), one weight per hidden "
                f"perceptron; got shape {output.w.shape}"
            )
        self.hidden = hidden
        self.output = output
        self.name = name

    def hidden_outputs(self, *x):
        """The hidden layer's outputs: ``(H,)`` for one input, ``(N, H)`` for N."""
        x = _as_input(x, self.hidden[0].w.size)
        return np.stack([p.forward(x) for p in self.hidden], axis=-1)

    def __call__(self, *x):
        """Same arguments as ``Perceptron.__call__``; gives an int or an ``(N,)``."""
        return self.output.forward(self.hidden_outputs(*x))

    def __repr__(self) -> str:
        # A named perceptron is shown by its name, to keep the line short.
        def show(p):
            return repr(p) if p.name is None else p.name

        hidden = ", ".join(show(p) for p in self.hidden)
        name = "" if self.name is None else f", name={self.name!r}"
        output = show(self.output)
        return f"TwoLayerPerceptron(hidden=[{hidden}], output={output}{name})"
# --8<-- [end:two_layer_perceptron]


# --8<-- [start:xor]
XOR = TwoLayerPerceptron(hidden=[OR, NAND], output=AND, name="XOR")
# --8<-- [end:xor]


# --8<-- [start:search_perceptrons]
def search_perceptrons(t, rng: np.random.Generator, n_trials: int = 100_000):
    """Draw random two-input perceptrons and keep those whose truth table is ``t``.

    ``t`` has shape ``(4,)``: the wanted outputs for the rows of ``GATE_INPUTS``.
    ``w1``, ``w2`` and ``b`` are drawn uniformly from [-1, 1]; that loses nothing,
    because multiplying all three by a positive number changes no output.
    Returns ``(w, b)``: ``w`` of shape ``(M, 2)`` and ``b`` of shape ``(M,)``, the
    M of the ``n_trials`` perceptrons that reproduce ``t`` (M may be 0).
    """
    t = np.asarray(t)
    if t.shape != (4,):
        raise ValueError(f"expected t of shape (4,); got shape {t.shape}")
    w = rng.uniform(-1, 1, size=(n_trials, 2))
    b = rng.uniform(-1, 1, size=n_trials)
    y = step_function(w @ GATE_INPUTS.T + b[:, None])  # (n_trials, 4): row k = trial k
    match = np.all(y == t, axis=1)
    return w[match], b[match]
# --8<-- [end:search_perceptrons]
