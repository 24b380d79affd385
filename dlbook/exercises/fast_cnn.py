"""The exercises of chapter 14, "A fast CNN in NumPy".

``max_pool_2x2(x)``: 2 x 2 max pooling with stride 2 of (N, C, H, W) images by one
reshape and a max, (N, C, H / 2, W / 2); an odd H or W is refused (ValueError).
``tournament_backward(z, g)``: the gradient of the maximum of each column of ``z``
(4, M), the four places of a pooling window, given ``g`` = dL/d(max) (M,); on a tie the
first maximum takes it all. A prediction: the multiply-adds of a convolution's matrix
product. A bug to find: ``conv_relu_pool(x, W, b, stride=1, pad=0)``, convolution,
bias, ReLU and 2 x 2 max pooling, (N, C, H, W) to (N, FN, OH / 2, OW / 2), the function
``ConvReluPool.forward`` computes.
"""

import numpy as np

from .. import conv as ch14
from . import Case, Exercise, register

__all__: list = []

_rng = np.random.default_rng(14)


# --- max_pool_2x2 ---------------------------------------------------------------------


def _pool_reference(x):
    return ch14.Pooling(2, 2, stride=2).forward(x)


def _refusal_run(function, x):
    """The answer to images ``x``; for an odd height or width, which must be refused,
    only whether the function raised ValueError, ``{"raised ValueError": 1 or 0}``."""
    if x.shape[2] % 2 == 0 and x.shape[3] % 2 == 0:
        return function(x)
    try:
        function(x)
    except ValueError:
        return {"raised ValueError": 1}
    return {"raised ValueError": 0}


def _pool_split_wrong(x):
    N, C, H, W = x.shape
    return x.reshape(N, C, 2, H // 2, 2, W // 2).max(axis=(2, 4))


def _pool_sides_swapped(x):
    N, C, H, W = x.shape
    return x.reshape(N, C, W // 2, 2, H // 2, 2).max(axis=(3, 5))


def _pool_max_over_positions(x):
    N, C, H, W = x.shape
    return x.reshape(N, C, H // 2, 2, W // 2, 2).max(axis=(2, 4))


def _pool_crops(x):
    N, C, H, W = x.shape
    H2, W2 = H // 2, W // 2
    return x[:, :, :2 * H2, :2 * W2].reshape(N, C, H2, 2, W2, 2).max(axis=(3, 5))


def _pool_mean(x):
    N, C, H, W = x.shape
    return x.reshape(N, C, H // 2, 2, W // 2, 2).mean(axis=(3, 5))


_GRID = np.array([[1, 2, 3, 0], [0, 1, 2, 4], [1, 0, 4, 2], [3, 2, 0, 1]],
                 dtype=float).reshape(1, 1, 4, 4)

register(Exercise(
    "max_pool_2x2", 14,
    "max_pool_2x2(x): 2 x 2 max pooling, stride 2, of (N, C, H, W) by a reshape and a "
    "max; ValueError for an odd H or W",
    _pool_reference,
    (
        Case("a batch (2, 1, 4, 6): not square",
             (_rng.standard_normal((2, 1, 4, 6)),)),
        Case("the chapter's 4 x 4 grid", (_GRID,)),
        Case("all numbers below 0", (-1 - _rng.random((1, 2, 6, 4)),)),
        Case("float32 images",
             (_rng.standard_normal((2, 2, 2, 8)).astype(np.float32),)),
        Case("an odd height, (1, 1, 5, 4): refuse it (ValueError)",
             (np.ones((1, 1, 5, 4)),)),
        Case("an odd width, (1, 1, 4, 3): refuse it (ValueError)",
             (np.ones((1, 1, 4, 3)),)),
    ),
    run=_refusal_run,
    mistakes=(
        (_pool_split_wrong,
         "Each side must be split as (pooled position, place in the window): "
         "x.reshape(N, C, H // 2, 2, W // 2, 2), the 2 *after* each pooled axis. "
         "reshape(N, C, 2, H // 2, 2, W // 2) pairs rows that are H / 2 apart."),
        (_pool_sides_swapped,
         "H and W are swapped in the reshape: the height comes first, "
         "x.reshape(N, C, H // 2, 2, W // 2, 2)."),
        (_pool_max_over_positions,
         "The max went over the pooled positions (axes 2 and 4): take it over the two "
         "small axes of size 2, the places in each window, axis=(3, 5)."),
        (_pool_mean,
         "That is average pooling: take the max of each window, .max(axis=(3, 5))."),
        (_pool_crops,
         "For an odd height or width, 2 x 2 windows do not tile the image: raise "
         "ValueError instead of dropping the last row or column."),
    ),
    hint="N, C, H, W = x.shape; refuse odd H or W; then "
         "x.reshape(N, C, H // 2, 2, W // 2, 2).max(axis=(3, 5))."))


# --- tournament_backward --------------------------------------------------------------


def _tournament_reference(z, g):
    """dL/dz by the loops of chapter 12: each column of z as a 2 x 2 window."""
    M = z.shape[1]
    windows = z.T.reshape(M, 1, 2, 2)
    dx = ch14.pool_backward_loop(g.reshape(M, 1, 1, 1), windows, 2, 2, 2)
    return dx.reshape(M, 4).T


def _equality_mask(z, g):
    return (z == z.max(axis=0)) * g


def _right_wins_ties(z, g):
    won_01, won_23 = z[0] > z[1], z[2] > z[3]
    won_left = np.maximum(z[0], z[1]) > np.maximum(z[2], z[3])
    to_left = g * won_left
    to_right = g - to_left
    return np.stack([to_left * won_01, to_left * ~won_01,
                     to_right * won_23, to_right * ~won_23])


def _final_not_split(z, g):
    won_01, won_23 = z[0] >= z[1], z[2] >= z[3]
    return np.stack([g * won_01, g * ~won_01, g * won_23, g * ~won_23])


def _final_not_split_left(z, g):
    won_01, won_23 = z[0] >= z[1], z[2] >= z[3]
    won_left = np.maximum(z[0], z[1]) >= np.maximum(z[2], z[3])
    to_left = g * won_left
    return np.stack([to_left * won_01, to_left * ~won_01, g * won_23, g * ~won_23])


register(Exercise(
    "tournament_backward", 14,
    "tournament_backward(z, g): dL/dz (4, M) for the max of each column of z (4, M), "
    "g = dL/d(max) (M,); on a tie the first maximum takes it all",
    _tournament_reference,
    (
        Case("random numbers, no ties, (4, 5)",
             (_rng.standard_normal((4, 5)), _rng.standard_normal(5))),
        Case("the chapter's tie: 1, 3, 3, 2", (np.array([[1.0], [3.0], [3.0], [2.0]]),
                                               np.ones(1))),
        Case("ties inside a match: 3, 3, 1, 1 and 1, 1, 3, 3",
             (np.array([[3.0, 1.0], [3.0, 1.0], [1.0, 3.0], [1.0, 3.0]]),
              np.array([2.0, -1.0]))),
        Case("four-way ties: a blank window (zeros) after a ReLU",
             (np.zeros((4, 3)), np.array([1.0, -2.0, 0.5]))),
        Case("whole numbers with ties, float32",
             (_rng.integers(0, 3, (4, 6)).astype(np.float32),
              _rng.standard_normal(6).astype(np.float32))),
    ),
    mistakes=(
        (_equality_mask,
         "That is the equality mask: on a tie every maximum gets the gradient, so the "
         "window passes on twice (or four times) what it received. Follow the "
         "tournament: the final's winning side takes g, then that side's match "
         "winner."),
        (_right_wins_ties,
         "On a tie the right one won: the left one must win every match, so that the "
         "first maximum in reading order takes the gradient. Compare with >=, not >."),
        (_final_not_split_left,
         "The right side took g whether or not it won the final: it gets what the "
         "left did not take, to_right = g - to_left (or g * ~won_left)."),
        (_final_not_split,
         "Both first matches got the whole g: the final decides which side gets it. "
         "won_left = max(z0, z1) >= max(z2, z3); to_left = g * won_left, "
         "to_right = g - to_left."),
    ),
    hint="won_01 = z[0] >= z[1], won_23 = z[2] >= z[3], won_left = max(z0, z1) >= "
         "max(z2, z3); to_left = g * won_left, to_right = g - to_left; then z0 gets "
         "to_left * won_01, z1 to_left * ~won_01, and likewise z2, z3."))


# --- predict the multiply-adds --------------------------------------------------------


def _multiply_adds():
    x, W = np.zeros((10, 3, 32, 32)), np.zeros((16, 3, 3, 3))
    col = ch14.im2col(x, 3, 3, pad=1)  # (N * OH * OW, C * FH * FW)
    rows, inner = col.shape
    return rows * inner * W.shape[0]  # (rows, inner) @ (inner, FN)


register(Exercise(
    "predict_multiply_adds", 14,
    "the multiply-adds of im2col(x, 3, 3, pad=1) @ W.reshape(16, -1).T, x (10, 3, 32, "
    "32), W (16, 3, 3, 3)",
    _multiply_adds, (), output="int", predict=True,
    mistakes=(
        (lambda: 10 * 32 * 32 * 9 * 16,
         "Each filter reaches through all 3 channels: a window has 3 * 3 * 3 = 27 "
         "numbers, each multiplied once per filter."),
        (lambda: 10 * 30 * 30 * 27 * 16,
         "With pad 1 a 3 x 3 filter takes 32 positions per side, not 30: the "
         "padding's positions are multiplied too."),
        (lambda: 32 * 32 * 27 * 16,
         "That is one image: the batch has 10."),
        (lambda: 10 * 32 * 32 * 27,
         "That is the number of numbers in col: each of them is multiplied by every "
         "one of the 16 filters."),
        (lambda: 10 * 16 * 32 * 32,
         "That is the number of outputs: each one is a sum of 27 products."),
        (lambda: 2 * 10 * 32 * 32 * 27 * 16,
         "A multiply-add is one multiplication and one addition together: count it "
         "once."),
    ),
    hint="A product (n, k) @ (k, m) makes n * k * m multiply-adds: n = N * OH * OW "
         "windows, k = C * FH * FW numbers in a window, m = FN filters."))


# --- find the bug: conv_relu_pool -----------------------------------------------------


def _conv_relu_pool_reference(x, W, b, stride=1, pad=0):
    return ch14.ConvReluPool(W, b, stride, pad).forward(x)


def _conv_relu_pool(x, W, b, stride=1, pad=0, transpose=True, bias_first=True):
    FN, C, FH, FW = W.shape
    N, _, H, W_in = x.shape
    OH = ch14.conv_output_size(H, FH, stride, pad)
    OW = ch14.conv_output_size(W_in, FW, stride, pad)
    z = ch14.im2col(x, FH, FW, stride, pad) @ W.reshape(FN, -1).T
    z = z.reshape(N, OH, OW, FN).transpose(0, 3, 1, 2) if transpose \
        else z.reshape(N, FN, OH, OW)
    pooled = z.reshape(N, FN, OH // 2, 2, OW // 2, 2).max(axis=(3, 5))
    if bias_first:
        return np.maximum(pooled + b[:, None, None], 0)
    return np.maximum(pooled, 0) + b[:, None, None]


def _case(shape, filters, size, stride, pad, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    W = rng.standard_normal((filters, shape[1], size, size))
    return x, W, rng.standard_normal(filters) * 2, stride, pad


register(Exercise(
    "conv_relu_pool", 14,
    "conv_relu_pool(x, W, b, stride=1, pad=0): relu(conv(x, W) + b), then 2 x 2 max "
    "pooling, (N, FN, OH / 2, OW / 2); fix the chapter's buggy version",
    _conv_relu_pool_reference,
    (
        Case("one image (1, 1, 4, 4), two 1 x 1 filters, 1 and -1, b = (-1, 2)",
             (np.arange(16.0).reshape(1, 1, 4, 4) - 8,
              np.array([1.0, -1.0]).reshape(2, 1, 1, 1), np.array([-1.0, 2.0]), 1, 0)),
        Case("(2, 1, 6, 6), 3 filters of 3 x 3, pad 1",
             _case((2, 1, 6, 6), 3, 3, 1, 1, 0)),
        Case("(2, 2, 7, 7), 4 filters of 2 x 2", _case((2, 2, 7, 7), 4, 2, 1, 0, 1)),
        Case("(1, 3, 11, 11), 2 filters of 3 x 3, stride 2, pad 1",
             _case((1, 3, 11, 11), 2, 3, 2, 1, 2)),
        Case("float32, (3, 2, 8, 8), 5 filters of 3 x 3, pad 1",
             tuple(a.astype(np.float32) if isinstance(a, np.ndarray) else a
                   for a in _case((3, 2, 8, 8), 5, 3, 1, 1, 3))),
    ),
    mistakes=(
        (lambda *a: _conv_relu_pool(*a, transpose=False),
         "The product's rows are the positions (n, i, j) and its columns the "
         "filters: reshape it to (N, OH, OW, FN), then .transpose(0, 3, 1, 2); a "
         "reshape straight to (N, FN, OH, OW) mixes filters and positions."),
        (lambda *a: _conv_relu_pool(*a, bias_first=False),
         "The bias was added after the ReLU: relu(z) + b can be negative, and is not "
         "relu(z + b). Add b first, then the ReLU: np.maximum(pooled + b[:, None, "
         "None], 0)."),
    ),
    hint="The layer computes max-pool(relu(conv(x, W) + b)), which equals "
         "relu(max-pool(conv(x, W)) + b): the bias and the ReLU may move behind the "
         "pooling, in that order."))


# --- Korean ---------------------------------------------------------------------------

KOREAN = {
    "Each side must be split as (pooled position, place in the window): "
    "x.reshape(N, C, H // 2, 2, W // 2, 2), the 2 *after* each pooled axis. "
    "reshape(N, C, 2, H // 2, 2, W // 2) pairs rows that are H / 2 apart.":
        "각 변은 (풀링된 위치, 윈도우 안의 자리)로 나누어야 한다: "
        "x.reshape(N, C, H // 2, 2, W // 2, 2)처럼 2가 풀링된 축마다 그 *뒤에* 온다. "
        "reshape(N, C, 2, H // 2, 2, W // 2)는 H / 2만큼 떨어진 행끼리 짝짓는다.",
    "H and W are swapped in the reshape: the height comes first, "
    "x.reshape(N, C, H // 2, 2, W // 2, 2).":
        "reshape에서 H와 W가 뒤바뀌었다: 높이가 먼저 온다, "
        "x.reshape(N, C, H // 2, 2, W // 2, 2).",
    "The max went over the pooled positions (axes 2 and 4): take it over the two "
    "small axes of size 2, the places in each window, axis=(3, 5).":
        "최댓값을 풀링된 위치(축 2와 4)에 걸쳐 구했다: 크기가 2인 작은 두 축, 곧 윈도우 "
        "안의 자리들에 걸쳐 구하자, axis=(3, 5).",
    "That is average pooling: take the max of each window, .max(axis=(3, 5)).":
        "그것은 평균 풀링이다: 윈도우마다 최댓값을 구하자, .max(axis=(3, 5)).",
    "For an odd height or width, 2 x 2 windows do not tile the image: raise "
    "ValueError instead of dropping the last row or column.":
        "높이나 너비가 홀수이면 2 x 2 윈도우가 이미지를 빈틈없이 덮지 못한다: 마지막 "
        "행이나 열을 버리지 말고 ValueError를 일으키자.",
    "N, C, H, W = x.shape; refuse odd H or W; then "
    "x.reshape(N, C, H // 2, 2, W // 2, 2).max(axis=(3, 5)).":
        "N, C, H, W = x.shape로 하고, H나 W가 홀수이면 거절한 다음 "
        "x.reshape(N, C, H // 2, 2, W // 2, 2).max(axis=(3, 5))를 구한다.",
    "That is the equality mask: on a tie every maximum gets the gradient, so the "
    "window passes on twice (or four times) what it received. Follow the "
    "tournament: the final's winning side takes g, then that side's match "
    "winner.":
        "그것은 등호 마스크다: 동점이면 최댓값 모두가 기울기를 받으므로, 윈도우가 받은 "
        "것의 두 배(또는 네 배)를 내려보낸다. 토너먼트를 따라가자: 결승에서 이긴 쪽이 "
        "g를 받고, 그다음 그쪽 경기의 승자가 받는다.",
    "On a tie the right one won: the left one must win every match, so that the "
    "first maximum in reading order takes the gradient. Compare with >=, not >.":
        "동점일 때 오른쪽이 이겼다: 읽는 순서로 첫 번째 최댓값이 기울기를 받도록 매 "
        "경기 왼쪽이 이겨야 한다. >가 아니라 >=로 비교하자.",
    "The right side took g whether or not it won the final: it gets what the "
    "left did not take, to_right = g - to_left (or g * ~won_left).":
        "오른쪽이 결승에서 이기든 지든 g를 받았다: 오른쪽은 왼쪽이 받지 않은 것을 받는다, "
        "to_right = g - to_left(또는 g * ~won_left).",
    "Both first matches got the whole g: the final decides which side gets it. "
    "won_left = max(z0, z1) >= max(z2, z3); to_left = g * won_left, "
    "to_right = g - to_left.":
        "첫 경기 둘이 모두 g를 통째로 받았다: 어느 쪽이 받을지는 결승이 정한다. "
        "won_left = max(z0, z1) >= max(z2, z3), to_left = g * won_left, "
        "to_right = g - to_left.",
    "won_01 = z[0] >= z[1], won_23 = z[2] >= z[3], won_left = max(z0, z1) >= "
    "max(z2, z3); to_left = g * won_left, to_right = g - to_left; then z0 gets "
    "to_left * won_01, z1 to_left * ~won_01, and likewise z2, z3.":
        "won_01 = z[0] >= z[1], won_23 = z[2] >= z[3], "
        "won_left = max(z0, z1) >= max(z2, z3), to_left = g * won_left, "
        "to_right = g - to_left로 하고, z0은 to_left * won_01을, z1은 "
        "to_left * ~won_01을 받으며 z2, z3도 마찬가지다.",
    "Each filter reaches through all 3 channels: a window has 3 * 3 * 3 = 27 "
    "numbers, each multiplied once per filter.":
        "필터 하나는 채널 3개 모두에 걸친다: 윈도우 하나에는 수가 3 * 3 * 3 = 27개 있고, "
        "그 하나하나가 필터마다 한 번씩 곱해진다.",
    "With pad 1 a 3 x 3 filter takes 32 positions per side, not 30: the "
    "padding's positions are multiplied too.":
        "pad 1이면 3 x 3 필터는 한 변에 30개가 아니라 32개의 위치를 지난다: 패딩의 "
        "위치도 곱해진다.",
    "That is one image: the batch has 10.":
        "그것은 이미지 하나다: 배치에는 10개가 있다.",
    "That is the number of numbers in col: each of them is multiplied by every "
    "one of the 16 filters.":
        "그것은 col에 든 수의 개수다: 그 하나하나가 필터 16개 모두와 곱해진다.",
    "That is the number of outputs: each one is a sum of 27 products.":
        "그것은 출력의 개수다: 출력 하나하나가 곱 27개의 합이다.",
    "A multiply-add is one multiplication and one addition together: count it "
    "once.":
        "곱셈-덧셈은 곱셈 한 번과 덧셈 한 번을 묶은 것이다: 한 번으로 센다.",
    "A product (n, k) @ (k, m) makes n * k * m multiply-adds: n = N * OH * OW "
    "windows, k = C * FH * FW numbers in a window, m = FN filters.":
        "곱 (n, k) @ (k, m)은 곱셈-덧셈을 n * k * m번 한다: n = N * OH * OW는 윈도우 "
        "수, k = C * FH * FW는 윈도우 하나에 든 수의 개수, m = FN은 필터 수다.",
    "The product's rows are the positions (n, i, j) and its columns the "
    "filters: reshape it to (N, OH, OW, FN), then .transpose(0, 3, 1, 2); a "
    "reshape straight to (N, FN, OH, OW) mixes filters and positions.":
        "곱의 행은 위치 (n, i, j)이고 열은 필터다: 형상을 (N, OH, OW, FN)으로 바꾼 "
        "다음 .transpose(0, 3, 1, 2)를 하자. (N, FN, OH, OW)로 곧바로 reshape하면 "
        "필터와 위치가 뒤섞인다.",
    "The bias was added after the ReLU: relu(z) + b can be negative, and is not "
    "relu(z + b). Add b first, then the ReLU: np.maximum(pooled + b[:, None, "
    "None], 0).":
        "편향을 ReLU 뒤에 더했다: relu(z) + b는 음수일 수 있고 relu(z + b)와 다르다. "
        "b를 먼저 더하고 그다음 ReLU를 적용하자: "
        "np.maximum(pooled + b[:, None, None], 0).",
    "The layer computes max-pool(relu(conv(x, W) + b)), which equals "
    "relu(max-pool(conv(x, W)) + b): the bias and the ReLU may move behind the "
    "pooling, in that order.":
        "이 계층은 max-pool(relu(conv(x, W) + b))를 계산하는데, 이는 "
        "relu(max-pool(conv(x, W)) + b)와 같다: 편향과 ReLU는 그 순서대로 풀링 뒤로 "
        "옮겨도 된다.",
}
