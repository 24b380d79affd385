"""The exercises of chapter 12, "Convolution and pooling".

``conv_output_size(input_size, filter_size, stride=1, pad=0)`` gives an ``int`` and
refuses (ValueError) sizes that do not fit; ``im2col(input_data, filter_h, filter_w,
stride=1, pad=0)`` takes images (N, C, H, W) and gives (N * OH * OW, C * filter_h *
filter_w), each row one window in the order (channel, row, column); ``col2im(col,
input_shape, filter_h, filter_w, stride=1, pad=0)`` goes back, adding overlaps; a
``Pooling(pool_h, pool_w, stride=1, pad=0)`` class has ``forward(x)`` and
``backward(dout)``, the gradient going to the first maximum of each window. One
prediction: the shape of an ``im2col`` matrix.
"""

import numpy as np

from .. import conv as ch12
from . import Case, Exercise, register

__all__: list = []

_rng = np.random.default_rng(12)


# --- conv_output_size -----------------------------------------------------------------


def _size_run(function, *args):
    """The answer as a dict: ``{"ValueError": 1}`` if it refused the sizes, else
    ``{"size": ..., "is int": 1 or 0}`` (a float such as 2.0 is not an int)."""
    try:
        size = function(*args)
    except ValueError:
        return {"ValueError": 1}
    is_int = isinstance(size, (int, np.integer)) and not isinstance(size, bool)
    return {"size": size, "is int": int(is_int)}


def _size_book(input_size, filter_size, stride=1, pad=0):
    return (input_size + 2 * pad - filter_size) / stride + 1


def _size_floor(input_size, filter_size, stride=1, pad=0):
    return (input_size + 2 * pad - filter_size) // stride + 1


def _size_no_fit_check(input_size, filter_size, stride=1, pad=0):
    span = input_size + 2 * pad - filter_size
    if span % stride:
        raise ValueError("stride does not divide")
    return span // stride + 1


def _size_one_pad(input_size, filter_size, stride=1, pad=0):
    span = input_size + pad - filter_size
    if span < 0 or span % stride:
        raise ValueError("does not fit")
    return span // stride + 1


register(Exercise(
    "conv_output_size", 12,
    "conv_output_size(input_size, filter_size, stride=1, pad=0): an int; ValueError "
    "for sizes that do not fit",
    ch12.conv_output_size,
    (
        Case("the book's example, 4 and 3", (4, 3)),
        Case("pad 1 keeps the size of a 3 x 3 filter's input", (4, 3, 1, 1)),
        Case("stride 2", (7, 3, 2)),
        Case("the book's CNN, 28 and 5", (28, 5)),
        Case("a filter as large as the input", (5, 5)),
        Case("stride 2 and pad 2", (27, 5, 2, 2)),
        Case("a stride that does not divide: refuse it (ValueError)", (4, 3, 2)),
        Case("a filter larger than the input: refuse it (ValueError)", (3, 5)),
        Case("a filter larger than the input, padding or not (ValueError)",
             (3, 9, 1, 1)),
    ),
    run=_size_run,
    mistakes=(
        (_size_book,
         "That is the book's formula with /, which gives a float (2.0 for 4 and 3) "
         "and, when the stride does not divide, a fraction (1.5). Return an int with "
         "//, after checking that (input_size + 2 * pad - filter_size) % stride == 0; "
         "raise ValueError when it is not."),
        (_size_no_fit_check,
         "A filter larger than the padded input fits nowhere: when input_size + 2 * "
         "pad - filter_size < 0, raise ValueError instead of returning a size of 0 "
         "or less."),
        (_size_floor,
         "// rounds the size down when the stride does not divide input_size + 2 * "
         "pad - filter_size: the filter's last step would then not end at the edge. "
         "Raise ValueError when (input_size + 2 * pad - filter_size) % stride != 0."),
        (_size_one_pad,
         "The padding goes on both sides: input_size + 2 * pad, not input_size + pad."),
    ),
    hint="O = (input_size + 2 * pad - filter_size) // stride + 1, an int; raise "
         "ValueError when the filter does not fit or the stride does not divide."))


# --- predict the shape of im2col ------------------------------------------------------


def _im2col_shape():
    return ch12.im2col(np.zeros((8, 3, 32, 32)), 5, 5, stride=1, pad=2).shape


register(Exercise(
    "predict_im2col_shape", 12,
    "the shape of im2col(np.zeros((8, 3, 32, 32)), 5, 5, stride=1, pad=2)",
    _im2col_shape, (), output="int", predict=True,
    mistakes=(
        (lambda: (8 * 32 * 32, 5 * 5),
         "Each row holds a whole window, as deep as the input: all 3 channels of "
         "5 x 5 numbers, not one channel."),
        (lambda: (3 * 5 * 5, 8 * 32 * 32),
         "Rows and columns are swapped: im2col makes one *row* per window, one "
         "column per number in a window."),
        (lambda: (8 * 28 * 28, 3 * 5 * 5),
         "The padding of 2 counts: conv_output_size(32, 5, pad=2) positions per side, "
         "not 32 - 5 + 1."),
        (lambda: (32 * 32, 3 * 5 * 5),
         "There is a row for every window of every image: the batch of 8 multiplies "
         "the rows."),
        (lambda: (8, 32 * 32, 3 * 5 * 5),
         "im2col's answer is a matrix, 2-D: the images' windows are stacked into one "
         "set of rows."),
    ),
    hint="Rows: one per window, N * OH * OW, with OH and OW from conv_output_size. "
         "Columns: the numbers of a window, C * filter_h * filter_w."))


# --- im2col ---------------------------------------------------------------------------

_X16 = np.arange(16.0).reshape(1, 1, 4, 4)
_BATCH = _rng.standard_normal((2, 3, 5, 5))


def _im2col_channels_last(input_data, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_data.shape
    windows = ch12._windows(input_data, filter_h, filter_w, stride, pad)
    return windows.transpose(0, 2, 3, 4, 5, 1).reshape(-1, C * filter_h * filter_w)


def _im2col_columns_first(input_data, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_data.shape
    windows = ch12._windows(input_data, filter_h, filter_w, stride, pad)
    return windows.transpose(0, 2, 3, 1, 5, 4).reshape(-1, C * filter_h * filter_w)


def _im2col_positions_first(input_data, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_data.shape
    windows = ch12._windows(input_data, filter_h, filter_w, stride, pad)
    return windows.transpose(2, 3, 0, 1, 4, 5).reshape(-1, C * filter_h * filter_w)


def _im2col_no_pad(input_data, filter_h, filter_w, stride=1, pad=0):
    return ch12.im2col(input_data, filter_h, filter_w, stride, 0)


register(Exercise(
    "im2col", 12,
    "im2col(input_data, filter_h, filter_w, stride=1, pad=0): one row per window, "
    "(N * OH * OW, C * filter_h * filter_w)",
    ch12.im2col,
    (
        Case("the chapter's 4 x 4 image of 0 to 15, a 3 x 3 filter", (_X16, 3, 3)),
        Case("one image of 2 channels, a 2 x 2 filter",
             (np.arange(18.0).reshape(1, 2, 3, 3), 2, 2)),
        Case("a batch (2, 3, 5, 5), a 3 x 3 filter", (_BATCH, 3, 3)),
        Case("a batch (2, 3, 5, 5), stride 2 and pad 1", (_BATCH, 3, 3, 2, 1)),
        Case("a 2 x 3 filter on (2, 2, 4, 5) images",
             (_rng.standard_normal((2, 2, 4, 5)), 2, 3)),
        Case("float32 images", (_rng.standard_normal((1, 2, 4, 4)).astype(np.float32),
                                2, 2, 2)),
    ),
    mistakes=(
        (_im2col_channels_last,
         "The order of a row's numbers is wrong: the channel came last, (row, column, "
         "channel). A row must be (channel, row, column), the order of a flattened "
         "filter W.reshape(FN, -1): move the window's position (OH, OW) before its "
         "contents and keep (C, FH, FW) as they are, transpose(0, 2, 3, 1, 4, 5)."),
        (_im2col_columns_first,
         "The rows and columns inside each window are swapped, (channel, column, "
         "row): a row must read the window row by row, (channel, row, column)."),
        (_im2col_positions_first,
         "The rows are in the wrong order: position first, then image. Row "
         "(n * OH + i) * OW + j is window (i, j) of image n, so the image index "
         "comes first: (N, OH, OW) before (C, FH, FW)."),
        (lambda x, fh, fw, stride=1, pad=0: ch12.im2col(x, fh, fw, stride, pad).T,
         "That is col.T: im2col makes one row per window (N * OH * OW rows) and one "
         "column per number of a window (C * filter_h * filter_w)."),
        (_im2col_no_pad,
         "The padding is missing: pad the images with zeros on the last two axes "
         "first, np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))."),
    ),
    hint="For window (i, j) of image n, take x[n, :, i * stride:i * stride + filter_h, "
         "j * stride:j * stride + filter_w] of the padded images, flatten it into row "
         "(n * OH + i) * OW + j."))


# --- col2im ---------------------------------------------------------------------------


def _col2im_overwrite(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_shape
    OH = ch12.conv_output_size(H, filter_h, stride, pad)
    OW = ch12.conv_output_size(W, filter_w, stride, pad)
    blocks = col.reshape(N, OH, OW, C, filter_h, filter_w)
    img = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=col.dtype)
    for i in range(OH):
        for j in range(OW):
            img[:, :, i * stride:i * stride + filter_h,
                j * stride:j * stride + filter_w] = blocks[:, i, j]
    return img[:, :, pad:pad + H, pad:pad + W]


def _col2im_keep_pad(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_shape
    full = ch12.col2im(col, (N, C, H + 2 * pad, W + 2 * pad), filter_h, filter_w,
                       stride, 0)
    return full


def _col2im_channels_last(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_shape
    OH = ch12.conv_output_size(H, filter_h, stride, pad)
    OW = ch12.conv_output_size(W, filter_w, stride, pad)
    reordered = col.reshape(N * OH * OW, filter_h, filter_w, C).transpose(0, 3, 1, 2)
    return ch12.col2im(reordered.reshape(col.shape), input_shape, filter_h, filter_w,
                       stride, pad)


register(Exercise(
    "col2im", 12,
    "col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0): each row added "
    "back where im2col took it from",
    ch12.col2im,
    (
        Case("a col of ones (4, 9) for a 4 x 4 image and a 3 x 3 filter",
             (np.ones((4, 9)), (1, 1, 4, 4), 3, 3)),
        Case("2 x 2 windows, stride 2: no overlap",
             (_rng.standard_normal((4, 8)), (1, 2, 4, 4), 2, 2, 2)),
        Case("a batch (2, 3, 5, 5), 3 x 3 windows",
             (_rng.standard_normal((18, 27)), (2, 3, 5, 5), 3, 3)),
        Case("a batch (2, 3, 5, 5), stride 2 and pad 1",
             (_rng.standard_normal((18, 27)), (2, 3, 5, 5), 3, 3, 2, 1)),
        Case("a 2 x 3 window on (1, 2, 4, 5)",
             (_rng.standard_normal((9, 12)), (1, 2, 4, 5), 2, 3)),
    ),
    mistakes=(
        (_col2im_overwrite,
         "Overlapping windows overwrite each other: a number that lies in several "
         "windows must get the *sum* of their values. Add (img[...] += ...), don't "
         "assign (img[...] = ...)."),
        (_col2im_keep_pad,
         "The padding is still there: the answer has input_shape, so cut the border "
         "off at the end, img[:, :, pad:pad + H, pad:pad + W]."),
        (_col2im_channels_last,
         "A row's numbers were read in the order (row, column, channel): im2col wrote "
         "them as (channel, row, column), so read them back as col.reshape(N, OH, OW, "
         "C, filter_h, filter_w)."),
    ),
    hint="Reshape col to (N, OH, OW, C, filter_h, filter_w); for each window (i, j), "
         "add its block to img[:, :, i * stride:i * stride + filter_h, j * stride:j * "
         "stride + filter_w] of a zero, padded image; drop the padding at the end."))


# --- Pooling --------------------------------------------------------------------------


def _pool_run(layer_class, x, dout, pool_h, pool_w, stride):
    layer = layer_class(pool_h, pool_w, stride)
    out = layer.forward(x)
    dx = layer.backward(dout)
    return {"out": out, "dx": dx}


class _PoolEqualityMask:
    """Backward with a mask of every place equal to its window's maximum."""

    def __init__(self, pool_h, pool_w, stride=1, pad=0):
        self.pool_h, self.pool_w, self.stride = pool_h, pool_w, stride

    def forward(self, x):
        self.x = x
        return ch12.pool_forward_loop(x, self.pool_h, self.pool_w, self.stride)

    def backward(self, dout):
        col = ch12.im2col(self.x, self.pool_h, self.pool_w, self.stride)
        N, C = self.x.shape[:2]
        size = self.pool_h * self.pool_w
        windows = col.reshape(-1, C, size)  # (N * OH * OW, C, size)
        mask = windows == windows.max(axis=-1, keepdims=True)
        d = dout.transpose(0, 2, 3, 1).reshape(-1, C, 1)
        return ch12.col2im((mask * d).reshape(col.shape), self.x.shape, self.pool_h,
                           self.pool_w, self.stride)


class _PoolLastMaximum(_PoolEqualityMask):
    """Backward to the last maximum of each window in reading order."""

    def backward(self, dout):
        flipped = self.x[:, :, ::-1, ::-1]
        dx = ch12.pool_backward_loop(dout[:, :, ::-1, ::-1], flipped, self.pool_h,
                                     self.pool_w, self.stride)
        return dx[:, :, ::-1, ::-1]


class _PoolOverwrite(_PoolEqualityMask):
    """Backward that writes each window's gradient, overwriting overlaps."""

    def backward(self, dout):
        dx = np.zeros_like(self.x, dtype=np.result_type(dout, float))
        N, C, OH, OW = dout.shape
        s = self.stride
        for i in range(OH):
            for j in range(OW):
                window = self.x[:, :, i * s:i * s + self.pool_h,
                                j * s:j * s + self.pool_w]
                flat = window.reshape(N, C, -1)
                place = np.zeros_like(flat, dtype=dx.dtype)
                np.put_along_axis(place, flat.argmax(axis=-1)[..., None],
                                  dout[:, :, i, j][..., None], axis=-1)
                dx[:, :, i * s:i * s + self.pool_h, j * s:j * s + self.pool_w] = \
                    place.reshape(window.shape)
        return dx


_GRID = np.array([[1, 2, 3, 0], [0, 1, 2, 4], [1, 0, 4, 2], [3, 2, 0, 1]],
                 dtype=float).reshape(1, 1, 4, 4)
_TIES = _rng.integers(0, 3, (1, 2, 4, 4)).astype(float)
_RANDOM = _rng.standard_normal((2, 3, 6, 6))

register(Exercise(
    "Pooling", 12,
    "class Pooling(pool_h, pool_w, stride=1, pad=0): max pooling's forward(x) and "
    "backward(dout), the gradient to the first maximum of each window",
    ch12.Pooling,
    (
        Case("the chapter's grid, 2 x 2 windows, stride 2",
             (_GRID, np.arange(1.0, 5.0).reshape(1, 1, 2, 2), 2, 2, 2)),
        Case("a batch (2, 3, 6, 6) of random numbers, stride 2",
             (_RANDOM, _rng.standard_normal((2, 3, 3, 3)), 2, 2, 2)),
        Case("all numbers below 0",
             (-1 - _RANDOM ** 2, np.ones((2, 3, 3, 3)), 2, 2, 2)),
        Case("whole numbers with ties in the windows",
             (_TIES, _rng.standard_normal((1, 2, 2, 2)), 2, 2, 2)),
        Case("the chapter's grid, stride 1: windows overlap",
             (_GRID, np.ones((1, 1, 3, 3)), 2, 2, 1)),
        Case("3 x 3 windows, stride 1, with ties",
             (_TIES, _rng.standard_normal((1, 2, 2, 2)), 3, 3, 1)),
    ),
    run=_pool_run,
    mistakes=(
        (_PoolEqualityMask,
         "On a tie, every maximum of the window got the gradient, so the window "
         "passes on more than it received. Send it to the first maximum only, in "
         "reading order: the place np.argmax of the flattened window gives."),
        (_PoolLastMaximum,
         "On a tie the gradient went to the last maximum: give it to the first one in "
         "reading order (row by row), the one np.argmax returns."),
        (_PoolOverwrite,
         "Where windows overlap (stride 1), a number that is the maximum of several "
         "windows must get the sum of their gradients: add into dx (+=), don't "
         "assign."),
    ),
    hint="forward: for each window remember where its maximum is (np.argmax of the "
         "flattened window); backward: put each dout number at that place of a zero "
         "array of x's shape, adding where windows overlap."))


# --- Korean ---------------------------------------------------------------------------

KOREAN = {
    "That is the book's formula with /, which gives a float (2.0 for 4 and 3) "
    "and, when the stride does not divide, a fraction (1.5). Return an int with "
    "//, after checking that (input_size + 2 * pad - filter_size) % stride == 0; "
    "raise ValueError when it is not.":
        "그것은 원래 책의 /를 쓴 식이라 float(4와 3이면 2.0)를 주고, 스트라이드로 "
        "나누어떨어지지 않으면 분수(1.5)를 준다. (input_size + 2 * pad - filter_size) "
        "% stride == 0인지 확인한 뒤 //로 int를 돌려주고, 아니면 ValueError를 일으키자.",
    "A filter larger than the padded input fits nowhere: when input_size + 2 * "
    "pad - filter_size < 0, raise ValueError instead of returning a size of 0 "
    "or less.":
        "패딩한 입력보다 큰 필터는 어디에도 들어맞지 않는다: "
        "input_size + 2 * pad - filter_size < 0이면 0 이하의 크기를 돌려주지 말고 "
        "ValueError를 일으키자.",
    "// rounds the size down when the stride does not divide input_size + 2 * "
    "pad - filter_size: the filter's last step would then not end at the edge. "
    "Raise ValueError when (input_size + 2 * pad - filter_size) % stride != 0.":
        "input_size + 2 * pad - filter_size가 스트라이드로 나누어떨어지지 않으면 "
        "//가 크기를 내림한다: 그러면 필터의 마지막 걸음이 가장자리에서 끝나지 않는다. "
        "(input_size + 2 * pad - filter_size) % stride != 0이면 ValueError를 "
        "일으키자.",
    "The padding goes on both sides: input_size + 2 * pad, not input_size + pad.":
        "패딩은 양쪽에 붙는다: input_size + pad가 아니라 input_size + 2 * pad다.",
    "O = (input_size + 2 * pad - filter_size) // stride + 1, an int; raise "
    "ValueError when the filter does not fit or the stride does not divide.":
        "O = (input_size + 2 * pad - filter_size) // stride + 1이고 int다. 필터가 "
        "들어맞지 않거나 스트라이드로 나누어떨어지지 않으면 ValueError를 일으킨다.",
    "Each row holds a whole window, as deep as the input: all 3 channels of "
    "5 x 5 numbers, not one channel.":
        "행 하나가 입력만큼 깊은 윈도우 하나를 통째로 담는다: 채널 하나가 아니라 "
        "채널 3개 모두의 5 x 5개 수다.",
    "Rows and columns are swapped: im2col makes one *row* per window, one "
    "column per number in a window.":
        "행과 열이 뒤바뀌었다: im2col은 윈도우마다 *행*을 하나, 윈도우 안의 수마다 열을 "
        "하나 만든다.",
    "The padding of 2 counts: conv_output_size(32, 5, pad=2) positions per side, "
    "not 32 - 5 + 1.":
        "패딩 2도 센다: 한 변의 위치는 32 - 5 + 1개가 아니라 "
        "conv_output_size(32, 5, pad=2)개다.",
    "There is a row for every window of every image: the batch of 8 multiplies "
    "the rows.":
        "모든 이미지의 모든 윈도우마다 행이 있다: 배치 크기 8이 행 수에 곱해진다.",
    "im2col's answer is a matrix, 2-D: the images' windows are stacked into one "
    "set of rows.":
        "im2col의 답은 2차원 행렬이다: 이미지들의 윈도우가 한 벌의 행으로 쌓인다.",
    "Rows: one per window, N * OH * OW, with OH and OW from conv_output_size. "
    "Columns: the numbers of a window, C * filter_h * filter_w.":
        "행: 윈도우마다 하나, N * OH * OW개(OH와 OW는 conv_output_size로 구한다). "
        "열: 윈도우 하나의 수, C * filter_h * filter_w개.",
    "The order of a row's numbers is wrong: the channel came last, (row, column, "
    "channel). A row must be (channel, row, column), the order of a flattened "
    "filter W.reshape(FN, -1): move the window's position (OH, OW) before its "
    "contents and keep (C, FH, FW) as they are, transpose(0, 2, 3, 1, 4, 5).":
        "한 행에 든 수의 순서가 틀렸다: 채널이 맨 뒤에 왔다, (행, 열, 채널). 한 행은 "
        "펼친 필터 W.reshape(FN, -1)의 순서인 (채널, 행, 열)이어야 한다: 윈도우의 위치 "
        "(OH, OW)를 그 내용 앞으로 옮기고 (C, FH, FW)는 그대로 두자, "
        "transpose(0, 2, 3, 1, 4, 5).",
    "The rows and columns inside each window are swapped, (channel, column, "
    "row): a row must read the window row by row, (channel, row, column).":
        "윈도우 안의 행과 열이 뒤바뀌었다, (채널, 열, 행): 한 행은 윈도우를 행 단위로 "
        "읽어야 한다, (채널, 행, 열).",
    "The rows are in the wrong order: position first, then image. Row "
    "(n * OH + i) * OW + j is window (i, j) of image n, so the image index "
    "comes first: (N, OH, OW) before (C, FH, FW).":
        "행의 순서가 틀렸다: 위치가 먼저, 그다음 이미지가 왔다. (n * OH + i) * OW + j행은 "
        "이미지 n의 윈도우 (i, j)이므로 이미지 인덱스가 먼저 온다: (C, FH, FW) 앞에 "
        "(N, OH, OW).",
    "That is col.T: im2col makes one row per window (N * OH * OW rows) and one "
    "column per number of a window (C * filter_h * filter_w).":
        "그것은 col.T다: im2col은 윈도우마다 행을 하나(N * OH * OW행), 윈도우의 수마다 "
        "열을 하나(C * filter_h * filter_w열) 만든다.",
    "The padding is missing: pad the images with zeros on the last two axes "
    "first, np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))).":
        "패딩이 빠졌다: 먼저 이미지의 마지막 두 축에 0을 채워 넣자, "
        "np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))).",
    "For window (i, j) of image n, take x[n, :, i * stride:i * stride + filter_h, "
    "j * stride:j * stride + filter_w] of the padded images, flatten it into row "
    "(n * OH + i) * OW + j.":
        "이미지 n의 윈도우 (i, j)에 대해, 패딩한 이미지에서 "
        "x[n, :, i * stride:i * stride + filter_h, j * stride:j * stride + filter_w]를 "
        "꺼내 (n * OH + i) * OW + j행으로 펼친다.",
    "Overlapping windows overwrite each other: a number that lies in several "
    "windows must get the *sum* of their values. Add (img[...] += ...), don't "
    "assign (img[...] = ...).":
        "겹치는 윈도우가 서로를 덮어쓴다: 여러 윈도우에 속한 수는 그 값들의 *합*을 받아야 "
        "한다. 대입하지(img[...] = ...) 말고 더하자(img[...] += ...).",
    "The padding is still there: the answer has input_shape, so cut the border "
    "off at the end, img[:, :, pad:pad + H, pad:pad + W].":
        "패딩이 아직 남아 있다: 답의 형상은 input_shape이므로 마지막에 테두리를 잘라 내자, "
        "img[:, :, pad:pad + H, pad:pad + W].",
    "A row's numbers were read in the order (row, column, channel): im2col wrote "
    "them as (channel, row, column), so read them back as col.reshape(N, OH, OW, "
    "C, filter_h, filter_w).":
        "한 행의 수를 (행, 열, 채널) 순서로 읽었다: im2col은 그것을 (채널, 행, 열)로 "
        "썼으니 col.reshape(N, OH, OW, C, filter_h, filter_w)로 되읽자.",
    "Reshape col to (N, OH, OW, C, filter_h, filter_w); for each window (i, j), "
    "add its block to img[:, :, i * stride:i * stride + filter_h, j * stride:j * "
    "stride + filter_w] of a zero, padded image; drop the padding at the end.":
        "col의 형상을 (N, OH, OW, C, filter_h, filter_w)로 바꾸고, 윈도우 (i, j)마다 "
        "그 블록을 0으로 채운 패딩한 이미지의 "
        "img[:, :, i * stride:i * stride + filter_h, j * stride:j * stride + filter_w]"
        "에 더한다. 마지막에 패딩을 떼어 낸다.",
    "On a tie, every maximum of the window got the gradient, so the window "
    "passes on more than it received. Send it to the first maximum only, in "
    "reading order: the place np.argmax of the flattened window gives.":
        "동점일 때 윈도우의 최댓값 모두가 기울기를 받아서, 윈도우가 받은 것보다 많이 "
        "내려보낸다. 읽는 순서로 첫 번째 최댓값에게만 보내자: 펼친 윈도우의 np.argmax가 "
        "주는 자리다.",
    "On a tie the gradient went to the last maximum: give it to the first one in "
    "reading order (row by row), the one np.argmax returns.":
        "동점일 때 기울기가 마지막 최댓값에게 갔다: 읽는 순서(행 단위)로 첫 번째 최댓값, "
        "곧 np.argmax가 돌려주는 것에게 주자.",
    "Where windows overlap (stride 1), a number that is the maximum of several "
    "windows must get the sum of their gradients: add into dx (+=), don't "
    "assign.":
        "윈도우가 겹치는 곳(스트라이드 1)에서 여러 윈도우의 최댓값인 수는 그 기울기들의 "
        "합을 받아야 한다: dx에 대입하지 말고 더하자(+=).",
    "forward: for each window remember where its maximum is (np.argmax of the "
    "flattened window); backward: put each dout number at that place of a zero "
    "array of x's shape, adding where windows overlap.":
        "forward: 윈도우마다 최댓값의 자리를 기억한다(펼친 윈도우의 np.argmax). "
        "backward: x의 형상인 0 배열의 그 자리에 dout의 수를 하나씩 놓고, 윈도우가 겹치는 "
        "곳에서는 더한다.",
}
