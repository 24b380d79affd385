"""The exercises of chapter 3, "Matrix shapes": products, broadcasts and ``affine``.

``broadcast_shapes(shape_a, shape_b)`` takes two shapes (tuples of ints) that NumPy
can broadcast together and returns the shape of their result, a tuple.
``affine(x, W, b)`` takes ``x`` of shape ``(D,)`` (gives ``(H,)``) or a batch
``(N, D)`` (gives ``(N, H)``), ``W`` of shape ``(D, H)`` and ``b`` of shape ``(H,)``.
The two predictions (``predict_product_shape``, ``predict_column_bias``) are values:
a shape, and one number of a broadcast sum.
"""

import numpy as np

from .. import linear as ch3
from . import Case, Exercise, register

__all__: list = []

_rng = np.random.default_rng(3)


# --- predict: the shape of a product of a batch ---------------------------------------

def _product_shape():
    """The box's snippet: X (5, 4), W (4, 3), b (3,); the shape of X.T @ A."""
    X, W, b = np.ones((5, 4)), np.ones((4, 3)), np.ones(3)
    A = ch3.affine(X, W, b)
    return (X.T @ A).shape


register(Exercise(
    "predict_product_shape", 3,
    "predict (X.T @ A).shape for X (5, 4) and A = X @ W + b, W (4, 3), b (3,)",
    _product_shape, (), output="int", predict=True,
    mistakes=(
        (lambda: (5, 3), "(5, 3) is the shape of A itself. X.T turns X around, "
         "(4, 5): then (4, 5) @ (5, 3) loses the inner 5 and keeps the outer 4 and 3."),
        (lambda: (3, 4), "(3, 4) has the right sizes in the wrong order: the first "
         "factor gives the rows of the product. X.T is (4, 5), so the product has 4 "
         "rows; its columns come from A, (5, 3)."),
        (lambda: (5, 5), "(5, 5) would be X @ X.T. Here X.T comes first: (4, 5) @ "
         "(5, 3), inner sizes 5 and 5, outer 4 and 3."),
        (lambda: (4, 5), "(4, 5) is X.T alone. Multiplied by A (5, 3), its 5 columns "
         "meet A's 5 rows and disappear."),
    ),
    hint="Write each shape under its name: X (5, 4), A = X @ W + b (5, 3), X.T (4, 5). "
         "In a product the two inner sizes must agree and disappear; the outer two "
         "make the result."))


# --- implement: broadcasting's rules --------------------------------------------------

def _broadcast_shapes(shape_a, shape_b):
    return np.broadcast_shapes(tuple(shape_a), tuple(shape_b))


def _from_the_left(shape_a, shape_b):
    """Pads the shorter shape on the right: compares the first axes, not the last."""
    n = max(len(shape_a), len(shape_b))
    a = tuple(shape_a) + (1,) * (n - len(shape_a))
    b = tuple(shape_b) + (1,) * (n - len(shape_b))
    return tuple(max(i, j) for i, j in zip(a, b))


def _zip_from_the_right(shape_a, shape_b):
    """Pairs the last axes, but zip drops the longer shape's extra axes on the left."""
    pairs = zip(reversed(tuple(shape_a)), reversed(tuple(shape_b)))
    return tuple(reversed([max(i, j) for i, j in pairs]))


def _zip_from_the_left(shape_a, shape_b):
    """Pairs the first axes, and zip stops at the end of the shorter shape."""
    return tuple(max(i, j) for i, j in zip(shape_a, shape_b))


def _the_longer(shape_a, shape_b):
    """The longer shape, as if a size 1 never stretched."""
    return tuple(shape_a) if len(shape_a) >= len(shape_b) else tuple(shape_b)


register(Exercise(
    "broadcast_shapes", 3,
    "broadcast_shapes(shape_a, shape_b): the shape of a + b, by the four rules",
    _broadcast_shapes,
    (
        Case("two equal shapes", ((4, 3), (4, 3))),
        Case("a bias row: (4, 3) and (3,)", ((4, 3), (3,))),
        Case("a bias row for 2 samples: (2, 3) and (3,)", ((2, 3), (3,))),
        Case("a column and a row: (4, 1) and (3,)", ((4, 1), (3,))),
        Case("a number and an array: () and (5,)", ((), (5,))),
        Case("the shorter shape first: (3,) and (2, 1)", ((3,), (2, 1))),
        Case("a column against its own length: (2, 1) and (2,)", ((2, 1), (2,))),
        Case("three axes: (8, 1, 6) and (7, 1)", ((8, 1, 6), (7, 1))),
        Case("1s on both sides: (1, 5, 1) and (3, 1, 4)", ((1, 5, 1), (3, 1, 4))),
    ),
    output="int",
    mistakes=(
        (_the_longer,
         "That is the longer shape unchanged: a size 1 must stretch to the other "
         "shape's size in its position, so (4, 1) and (3,) give (4, 3)."),
        (_from_the_left,
         "The shapes were lined up from the left. NumPy compares them from the "
         "right, last axis with last axis, and pads the shorter one on the left "
         "with 1s: (2,) is treated as (1, 2), never as (2, 1)."),
        (_zip_from_the_right,
         "The last axes are paired correctly, but the longer shape's extra axes "
         "on the left were lost: zip stops at the end of the shorter shape. Pad "
         "the shorter shape with 1s on the left first, e.g. "
         "(1,) * (n - len(shape)) + tuple(shape)."),
        (_zip_from_the_left,
         "zip paired the first axes and stopped at the end of the shorter shape. "
         "Pad the shorter shape on the left with 1s to the same length, then "
         "compare axis by axis."),
    ),
    hint="Pad the shorter shape on the left with 1s; then in each position the sizes "
         "are equal or one of them is 1, and the result takes the larger. Return a "
         "tuple of ints."))


# --- predict: a column bias in a square batch -----------------------------------------

COLUMN_BIAS_X = np.array([[1, 0], [0, 1], [1, 1]])  # 3 samples, 2 features
COLUMN_BIAS_W = np.array([[1, 2, 3], [4, 5, 6]])    # 2 inputs, 3 outputs
COLUMN_BIAS_B = np.array([[10], [20], [30]])        # a bias stored as a column (3, 1)


def _column_bias():
    """The box's snippet: A = X @ W + b_column, then A[0, 2]."""
    A = COLUMN_BIAS_X @ COLUMN_BIAS_W + COLUMN_BIAS_B
    return A[0, 2]


register(Exercise(
    "predict_column_bias", 3,
    "predict A[0, 2] for A = X @ W + b_column, a (3, 1) bias with 3 samples",
    _column_bias, (), output="float", predict=True,
    mistakes=(
        (lambda: (COLUMN_BIAS_X @ COLUMN_BIAS_W + COLUMN_BIAS_B.reshape(3))[0, 2],
         "That is what a bias of shape (3,) would give: b[2] added to output 2. "
         "A column (3, 1) is stretched across the columns instead: row i gets b[i] "
         "in every entry, so row 0 gets 10 everywhere."),
        (lambda: (COLUMN_BIAS_X @ COLUMN_BIAS_W)[0, 2],
         "The bias was left out: (3, 3) + (3, 1) broadcasts, it is not refused."),
    ),
    hint="First X @ W: row i is X[i] @ W, so row 0 is (1, 0) @ W, W's first row. "
         "Then the broadcast: compared from the right, (3, 3) and (3, 1) match in "
         "the first position and the 1 stretches across the columns."))


# --- find the bug: affine with a column bias ------------------------------------------

def _column_bias_affine(x, W, b):
    b = np.reshape(b, (-1, 1))  # the bug the box shows: a bias made a column
    return np.asarray(x) @ W + b


def _row_bias_affine(x, W, b):
    return np.asarray(x) @ W + np.reshape(b, (1, -1))


def _transposed_affine(x, W, b):
    return np.asarray(x) @ np.asarray(W).T + b


def _column_form(x, W, b):
    """The maths books' W^T x + b, one sample per column: (H, N) for a batch."""
    return np.asarray(W).T @ np.asarray(x).T + np.reshape(b, (-1, 1))


def _elementwise(x, W, b):
    return np.asarray(x) * W + b


register(Exercise(
    "affine", 3, "affine(x, W, b): x @ W + b for one sample (D,) or a batch (N, D)",
    ch3.affine,
    (
        Case("one sample through a square W (3, 3)",
             (np.array([1.0, -2.0, 0.5]), _rng.normal(size=(3, 3)),
              np.array([0.5, -1.0, 2.0]))),
        Case("one sample (2,), W (2, 3), b (3,): the chapter's layer",
             (np.array([1.0, 2.0]), np.array([[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]),
              np.array([0.1, 0.2, 0.3]))),
        Case("a batch (5, 4), W (4, 3)",
             (_rng.normal(size=(5, 4)), _rng.normal(size=(4, 3)), _rng.normal(size=3))),
        Case("a batch of 3 samples and 3 outputs, (3, 2) @ (2, 3)",
             (np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]),
              np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]),
              np.array([10.0, 20.0, 30.0]))),
        Case("a batch of 1, shape (1, 4)",
             (_rng.normal(size=(1, 4)), _rng.normal(size=(4, 2)), _rng.normal(size=2))),
        Case("float32 arrays",
             (_rng.normal(size=(4, 3)).astype(np.float32),
              _rng.normal(size=(3, 2)).astype(np.float32),
              np.array([0.25, -0.5], dtype=np.float32))),
        Case("integers (dtype int64)",
             (np.array([[1, 2], [3, 4]]), np.array([[1, 0, -1], [2, 1, 0]]),
              np.array([1, 2, 3]))),
    ),
    mistakes=(
        (_column_bias_affine,
         "The bias became a column (H, 1). Added to one sample's x @ W, shape (H,), "
         "it broadcasts into an (H, H) table, every output plus every bias; with a "
         "batch of H samples the shape even looks right. Keep b as it comes, (H,): "
         "return x @ W + b."),
        (_row_bias_affine,
         "The bias became a row (1, H): for one sample that turns the answer (H,) "
         "into (1, H). Keep b as it comes, (H,): return x @ W + b."),
        (_transposed_affine,
         "x @ W.T multiplies by the transposed weights. W is stored (inputs, "
         "outputs), column k holding the weights of output k: the layer is x @ W."),
        (_column_form,
         "That is the maths books' column form W.T @ x.T + b, one sample per column: "
         "(H, N). In this book a batch has one sample per row, and x @ W + b gives "
         "(N, H) directly."),
        (_elementwise,
         "x * W multiplies element by element (and broadcasts). A layer takes the "
         "matrix product: x @ W (or np.dot(x, W))."),
        (lambda x, W, b: np.asarray(x) @ W,
         "The bias is missing: add b, one number per output, x @ W + b."),
    ),
    hint="A layer's linear step is x @ W + b: (D,) @ (D, H) + (H,) gives (H,), and "
         "(N, D) @ (D, H) + (H,) gives (N, H), the bias added to every row."))
