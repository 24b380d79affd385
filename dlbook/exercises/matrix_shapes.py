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

# The hints above in Korean (check(..., language="ko")), keyed by their English text.
KOREAN = {
    "(5, 3) is the shape of A itself. X.T turns X around, (4, 5): then (4, 5) @ (5, 3) "
    "loses the inner 5 and keeps the outer 4 and 3.":
        "(5, 3)은 A 자체의 형상이다. X.T는 X를 뒤집어 (4, 5)가 된다. 그러면 "
        "(4, 5) @ (5, 3)에서 안쪽의 5가 사라지고 바깥쪽의 4와 3이 남는다.",
    "(3, 4) has the right sizes in the wrong order: the first factor gives the rows of "
    "the product. X.T is (4, 5), so the product has 4 rows; its columns come from A, "
    "(5, 3).":
        "(3, 4)는 크기는 맞지만 순서가 틀렸다. 곱의 행은 첫 번째 인수가 정한다. X.T가 "
        "(4, 5)이니 곱은 4행이고, 열은 A (5, 3)에서 온다.",
    "(5, 5) would be X @ X.T. Here X.T comes first: (4, 5) @ (5, 3), inner sizes 5 and "
    "5, outer 4 and 3.":
        "(5, 5)는 X @ X.T의 형상이다. 여기서는 X.T가 먼저 온다: (4, 5) @ (5, 3), "
        "안쪽 크기는 5와 5, 바깥쪽은 4와 3.",
    "(4, 5) is X.T alone. Multiplied by A (5, 3), its 5 columns meet A's 5 rows and "
    "disappear.":
        "(4, 5)는 X.T 하나의 형상이다. A (5, 3)을 곱하면 X.T의 5개 열이 A의 5개 행과 "
        "만나 사라진다.",
    "Write each shape under its name: X (5, 4), A = X @ W + b (5, 3), X.T (4, 5). In a "
    "product the two inner sizes must agree and disappear; the outer two make the "
    "result.":
        "이름마다 그 아래에 형상을 적자: X (5, 4), A = X @ W + b (5, 3), X.T (4, 5). "
        "행렬의 곱에서 안쪽 두 크기는 같아야 하고 사라진다. 바깥쪽 두 크기가 결과의 "
        "형상이 된다.",
    "That is the longer shape unchanged: a size 1 must stretch to the other shape's "
    "size in its position, so (4, 1) and (3,) give (4, 3).":
        "더 긴 형상을 그대로 돌려주었다. 크기 1은 같은 자리에 있는 다른 형상의 크기로 "
        "늘어나야 하므로 (4, 1)과 (3,)은 (4, 3)이 된다.",
    "The shapes were lined up from the left. NumPy compares them from the right, last "
    "axis with last axis, and pads the shorter one on the left with 1s: (2,) is "
    "treated as (1, 2), never as (2, 1).":
        "형상을 왼쪽부터 맞췄다. 넘파이는 오른쪽부터, 마지막 축은 마지막 축끼리 "
        "비교하고, 짧은 형상의 왼쪽을 1로 채운다. (2,)는 (2, 1)이 아니라 언제나 "
        "(1, 2)로 다룬다.",
    "The last axes are paired correctly, but the longer shape's extra axes on the left "
    "were lost: zip stops at the end of the shorter shape. Pad the shorter shape with "
    "1s on the left first, e.g. (1,) * (n - len(shape)) + tuple(shape).":
        "마지막 축끼리는 제대로 짝지었지만, 긴 형상의 왼쪽에 남는 축을 잃었다. zip은 "
        "짧은 형상이 끝나는 곳에서 멈춘다. 먼저 짧은 형상의 왼쪽을 1로 채우자. 예: "
        "(1,) * (n - len(shape)) + tuple(shape).",
    "zip paired the first axes and stopped at the end of the shorter shape. Pad the "
    "shorter shape on the left with 1s to the same length, then compare axis by axis.":
        "zip이 첫 축끼리 짝짓고 짧은 형상이 끝나는 곳에서 멈췄다. 짧은 형상의 왼쪽을 "
        "1로 채워 길이를 맞춘 다음, 축마다 비교하자.",
    "Pad the shorter shape on the left with 1s; then in each position the sizes are "
    "equal or one of them is 1, and the result takes the larger. Return a tuple of "
    "ints.":
        "짧은 형상의 왼쪽을 1로 채우자. 그러면 자리마다 두 크기가 같거나 한쪽이 1이고, "
        "결과는 큰 쪽을 갖는다. 정수의 튜플을 돌려주자.",
    "That is what a bias of shape (3,) would give: b[2] added to output 2. A column "
    "(3, 1) is stretched across the columns instead: row i gets b[i] in every entry, "
    "so row 0 gets 10 everywhere.":
        "그것은 형상이 (3,)인 편향이 낼 값이다(출력 2에 b[2]를 더한다). 열 (3, 1)은 "
        "그 대신 열 방향으로 늘어난다. 행 i의 모든 원소에 b[i]가 더해지니, 행 0에는 "
        "어디에나 10이 더해진다.",
    "The bias was left out: (3, 3) + (3, 1) broadcasts, it is not refused.":
        "편향을 빠뜨렸다. (3, 3) + (3, 1)은 브로드캐스트되며, 거부되지 않는다.",
    "First X @ W: row i is X[i] @ W, so row 0 is (1, 0) @ W, W's first row. Then the "
    "broadcast: compared from the right, (3, 3) and (3, 1) match in the first position "
    "and the 1 stretches across the columns.":
        "먼저 X @ W: 행 i는 X[i] @ W이니 행 0은 (1, 0) @ W, 곧 W의 첫 행이다. 다음은 "
        "브로드캐스트다. 오른쪽부터 비교하면 (3, 3)과 (3, 1)은 첫 자리가 같고, 1은 "
        "열 방향으로 늘어난다.",
    "The bias became a column (H, 1). Added to one sample's x @ W, shape (H,), it "
    "broadcasts into an (H, H) table, every output plus every bias; with a batch of H "
    "samples the shape even looks right. Keep b as it comes, (H,): return x @ W + b.":
        "편향이 열 (H, 1)이 되었다. 샘플 하나의 x @ W (형상 (H,))에 더하면 모든 출력에 "
        "모든 편향을 더한 (H, H) 표로 브로드캐스트된다. 샘플이 H개인 배치라면 형상까지 "
        "맞아 보인다. b는 받은 그대로 (H,)로 두자: x @ W + b를 돌려준다.",
    "The bias became a row (1, H): for one sample that turns the answer (H,) into "
    "(1, H). Keep b as it comes, (H,): return x @ W + b.":
        "편향이 행 (1, H)가 되었다. 샘플 하나라면 답 (H,)가 (1, H)로 바뀐다. b는 받은 "
        "그대로 (H,)로 두자: x @ W + b를 돌려준다.",
    "x @ W.T multiplies by the transposed weights. W is stored (inputs, outputs), "
    "column k holding the weights of output k: the layer is x @ W.":
        "x @ W.T는 전치한 가중치를 곱한다. W는 (입력, 출력)으로 저장되어 열 k가 출력 "
        "k의 가중치를 담는다. 계층은 x @ W다.",
    "That is the maths books' column form W.T @ x.T + b, one sample per column: "
    "(H, N). In this book a batch has one sample per row, and x @ W + b gives (N, H) "
    "directly.":
        "그것은 수학책의 열 형식 W.T @ x.T + b로, 열 하나가 샘플 하나인 (H, N)이다. "
        "이 책에서 배치는 행 하나가 샘플 하나이고, x @ W + b가 바로 (N, H)를 낸다.",
    "x * W multiplies element by element (and broadcasts). A layer takes the matrix "
    "product: x @ W (or np.dot(x, W)).":
        "x * W는 원소별로 곱한다(그리고 브로드캐스트한다). 계층은 행렬의 곱을 쓴다: "
        "x @ W(또는 np.dot(x, W)).",
    "The bias is missing: add b, one number per output, x @ W + b.":
        "편향이 빠졌다. 출력마다 수 하나인 b를 더하자: x @ W + b.",
    "A layer's linear step is x @ W + b: (D,) @ (D, H) + (H,) gives (H,), and "
    "(N, D) @ (D, H) + (H,) gives (N, H), the bias added to every row.":
        "계층의 선형 단계는 x @ W + b다. (D,) @ (D, H) + (H,)는 (H,)를, "
        "(N, D) @ (D, H) + (H,)는 (N, H)를 내고, 편향은 모든 행에 더해진다.",
}
