"""The exercises of chapter 13, "A CNN for MNIST".

Two predictions about the book's ``SimpleConvNet`` (how many parameters, the shape after
its pooling layer); the ``Convolution`` layer, a class ``Convolution(W, b, stride=1,
pad=0)`` with ``forward(x)`` ((N, C, H, W) to (N, FN, OH, OW), through ``im2col``) and
``backward(dout)`` (returns dx, stores ``dW`` (FN, C, FH, FW) and ``db`` (FN,));
and ``batched_accuracy(net, x, t, batch_size)``, the network's accuracy computed a
batch at a time, the last, shorter batch counted too.
"""

import numpy as np

from .. import conv as ch13
from ..conv import Convolution, SimpleConvNet
from . import Case, Exercise, register

__all__: list = []

_rng = np.random.default_rng(13)


# --- predict the number of parameters -------------------------------------------------


def _count(conv_side, pooled_side, biases=True):
    """The parameters of the snippet's network for the given sides."""
    weights = 16 * 1 * 5 * 5 + 16 * pooled_side ** 2 * 50 + 50 * 10
    return weights + (16 + 50 + 10) * biases


def _params_of_the_snippet():
    net = SimpleConvNet(input_dim=(1, 28, 28),
                        conv_param={"filter_num": 16, "filter_size": 5, "pad": 2,
                                    "stride": 1},
                        hidden_size=50, output_size=10, seed=0)
    return sum(p.size for p in net.params.values())


register(Exercise(
    "predict_simpleconvnet_params", 13,
    "the number of parameters of SimpleConvNet with 16 filters of 5 x 5, pad 2, "
    "hidden_size 50",
    _params_of_the_snippet, (), output="int", predict=True,
    mistakes=(
        (lambda: _count(24, 12),
         "The padding of 2 counts: with pad 2 a 5 x 5 filter takes 28 positions per "
         "side (conv_output_size(28, 5, pad=2)), not 24."),
        (lambda: _count(28, 28),
         "The pooling comes before the first Affine layer: 2 x 2 windows with stride "
         "2 halve each side, so W2 has 16 * 14 * 14 rows."),
        (lambda: _count(28, 14, biases=False),
         "Count the biases too: b1 (one per filter), b2 and b3."),
        (lambda: 16 * 5 * 5 + 16 + 16 * 28 * 28 // 2 * 50 + 50 + 50 * 10 + 10,
         "Pooling halves the height *and* the width: a quarter of the numbers stay, "
         "not half."),
    ),
    hint="Parameters: W1 (FN, C, FS, FS), b1 (FN,), W2 (FN * PH * PW, hidden_size), "
         "b2, W3 (hidden_size, output_size), b3; PH from conv_output_size, then "
         "halved by the pooling."))


# --- predict the shape after the pooling ----------------------------------------------


def _pooled_shape():
    net = SimpleConvNet(input_dim=(3, 32, 32),
                        conv_param={"filter_num": 8, "filter_size": 5, "pad": 0,
                                    "stride": 1},
                        fast=False, seed=0)
    h = np.zeros((4, 3, 32, 32))
    for name in ("Conv1", "Relu1", "Pool1"):
        h = net.layers[name].forward(h)
    return h.shape


register(Exercise(
    "predict_pool_output_shape", 13,
    "the shape after Pool1 of SimpleConvNet((3, 32, 32), 8 filters of 5 x 5) for a "
    "batch of 4",
    _pooled_shape, (), output="int", predict=True,
    mistakes=(
        (lambda: (4, 8, 28, 28),
         "That is the shape after the convolution (and the ReLU): Pool1's 2 x 2 "
         "windows with stride 2 halve the height and the width."),
        (lambda: (4, 3, 14, 14),
         "The convolution makes one channel per filter: 8, whatever the input's 3 "
         "channels."),
        (lambda: (4, 8, 16, 16),
         "A 5 x 5 filter without padding takes 32 - 5 + 1 = 28 positions per side, "
         "then the pooling halves them."),
        (lambda: (8, 14, 14),
         "The batch axis stays: every layer keeps N first, (N, C, H, W)."),
        (lambda: (4, 14, 14, 8),
         "The layers keep the book's layout, (N, C, H, W): the channels (filters) "
         "come second."),
    ),
    hint="Follow one side: conv_output_size gives the convolution's output, the ReLU "
         "keeps the shape, the pooling halves it; the channels are the filters."))


# --- Convolution ----------------------------------------------------------------------


def _conv_run(layer_class, W, b, x, dout, stride, pad):
    layer = layer_class(W, b, stride, pad)
    out = layer.forward(x)
    dx = layer.backward(dout)
    return {"out": out, "dx": dx, "dW": getattr(layer, "dW", None),
            "db": getattr(layer, "db", None)}


class _ConvFiltersReshapedWrong(Convolution):
    """Forward with the filters reshaped (C * FH * FW, FN) straight away."""

    def forward(self, x):
        FN = self.W.shape[0]
        N, _, H, W = x.shape
        out = super().forward(x)  # sets col and the shapes
        OH, OW = out.shape[2:]
        wrong = self.col @ self.W.reshape(-1, FN) + self.b
        return wrong.reshape(N, OH, OW, FN).transpose(0, 3, 1, 2)


class _ConvNoTranspose(Convolution):
    """Forward that reshapes the (N * OH * OW, FN) product to (N, FN, OH, OW)."""

    def forward(self, x):
        out = super().forward(x)
        FN = self.W.shape[0]
        return (self.col @ self.W.reshape(FN, -1).T + self.b).reshape(out.shape)


class _ConvDoutNoTranspose(Convolution):
    """Backward that reshapes dout (N, FN, OH, OW) to (-1, FN) without a transpose."""

    def backward(self, dout):
        FN = self.W.shape[0]
        FH, FW = self.W.shape[2:]
        d = dout.reshape(-1, FN)
        self.db = d.sum(axis=0)
        self.dW = (d.T @ self.col).reshape(self.W.shape)
        return ch13.col2im(d @ self.W.reshape(FN, -1), self.x_shape, FH, FW,
                           self.stride, self.pad)


class _ConvDWTransposed(Convolution):
    """Backward with dW = col.T @ dout, reshaped to W's shape."""

    def backward(self, dout):
        dx = super().backward(dout)
        FN = self.W.shape[0]
        d = dout.transpose(0, 2, 3, 1).reshape(-1, FN)
        self.dW = (self.col.T @ d).reshape(self.W.shape)
        return dx


class _ConvDbOverBatchOnly(Convolution):
    def backward(self, dout):
        dx = super().backward(dout)
        self.db = dout.sum(axis=0)
        return dx


_X = _rng.standard_normal((2, 3, 5, 5))
_W = _rng.standard_normal((4, 3, 3, 3))
_X7 = _rng.standard_normal((2, 3, 7, 7))
_BOOK_X = np.array([[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]],
                   dtype=float).reshape(1, 1, 4, 4)
_BOOK_W = np.array([[2, 0, 1], [0, 1, 2], [1, 0, 2]], dtype=float).reshape(1, 1, 3, 3)

register(Exercise(
    "Convolution", 13,
    "class Convolution(W, b, stride=1, pad=0): forward(x) through im2col, "
    "backward(dout) giving dx and storing dW, db",
    Convolution,
    (
        Case("the book's 4 x 4 example, one filter, b = 3",
             (_BOOK_W, np.array([3.0]), _BOOK_X, np.ones((1, 1, 2, 2)), 1, 0)),
        Case("a batch (2, 3, 5, 5), 4 filters of 3 x 3",
             (_W, _rng.standard_normal(4), _X, _rng.standard_normal((2, 4, 3, 3)),
              1, 0)),
        Case("pad 1: the output keeps the input's size",
             (_W, _rng.standard_normal(4), _X, _rng.standard_normal((2, 4, 5, 5)),
              1, 1)),
        Case("stride 2 and pad 1 on (2, 3, 7, 7)",
             (_W, _rng.standard_normal(4), _X7, _rng.standard_normal((2, 4, 4, 4)),
              2, 1)),
        Case("2 filters of 2 x 3 on one image",
             (_rng.standard_normal((2, 3, 2, 3)), _rng.standard_normal(2), _X[:1],
              _rng.standard_normal((1, 2, 4, 3)), 1, 0)),
    ),
    run=_conv_run,
    mistakes=(
        (_ConvFiltersReshapedWrong,
         "The filters are reshaped the wrong way: W.reshape(-1, FN) cuts W's numbers "
         "into rows of FN that mix filters. Flatten each filter into a row, "
         "W.reshape(FN, -1), then transpose: col @ W.reshape(FN, -1).T."),
        (_ConvNoTranspose,
         "The product's rows are the positions (n, i, j) and its columns the filters: "
         "reshape it to (N, OH, OW, FN), then move the filters to axis 1 with "
         "transpose(0, 3, 1, 2). A reshape straight to (N, FN, OH, OW) scrambles "
         "them."),
        (_ConvDoutNoTranspose,
         "dout is (N, FN, OH, OW): move the filters last before the reshape, "
         "dout.transpose(0, 2, 3, 1).reshape(-1, FN), so that its rows are col's "
         "rows, (n, i, j)."),
        (_ConvDWTransposed,
         "dW was computed as col.T @ dout, the transpose of dout.T @ col; reshaping "
         "it to W's shape scrambles the numbers. Use dW = dout.T @ col, (FN, C * FH * "
         "FW), then reshape to (FN, C, FH, FW)."),
        (_ConvDbOverBatchOnly,
         "db sums over the images only: each filter's bias is used at every position "
         "too, so sum dout over axes (0, 2, 3), one number per filter."),
    ),
    hint="forward: col = im2col(x, FH, FW, stride, pad), out = col @ W.reshape(FN, "
         "-1).T + b, reshape (N, OH, OW, FN), transpose(0, 3, 1, 2). backward: dout "
         "to (-1, FN) in col's row order, db = its sum over rows, dW = dout.T @ col "
         "reshaped to W's shape, dx = col2im(dout @ W.reshape(FN, -1), ...)."))


# --- accuracy a batch at a time -------------------------------------------------------

_NET = SimpleConvNet((1, 8, 8), {"filter_num": 3, "filter_size": 3}, hidden_size=6,
                     output_size=4, weight_init_std=0.3, seed=0)
_IMAGES = np.random.default_rng(5).standard_normal((7, 1, 8, 8))
_PREDICTED = _NET.predict(_IMAGES).argmax(axis=1)
_LABELS = _PREDICTED.copy()
_LABELS[:3] = (_PREDICTED[:3] + 1) % 4  # the first batch of 3 all wrong, the rest right
_ONE_HOT = np.eye(4, dtype=np.int64)[_LABELS]


def _accuracy(net, x, t, batch_size=100):
    return net.accuracy(x, t, batch_size)


def _accuracy_whole_batches(net, x, t, batch_size=100):
    labels = t.argmax(axis=1) if t.ndim != 1 else t
    correct = 0
    for i in range(len(x) // batch_size):  # the book's loop: whole batches only
        part = slice(i * batch_size, (i + 1) * batch_size)
        correct += np.sum(net.predict(x[part]).argmax(axis=1) == labels[part])
    return correct / len(x)


def _accuracy_mean_of_batches(net, x, t, batch_size=100):
    labels = t.argmax(axis=1) if t.ndim != 1 else t
    rates = [np.mean(net.predict(x[s:s + batch_size]).argmax(axis=1)
                     == labels[s:s + batch_size]) for s in range(0, len(x), batch_size)]
    return float(np.mean(rates))


def _accuracy_whole_only(net, x, t, batch_size=100):
    labels = t.argmax(axis=1) if t.ndim != 1 else t
    whole = len(x) // batch_size * batch_size
    return float(np.mean(net.predict(x[:whole]).argmax(axis=1) == labels[:whole]))


register(Exercise(
    "batched_accuracy", 13,
    "batched_accuracy(net, x, t, batch_size=100): the fraction of images whose top "
    "score is the label, computed batch_size images at a time, every image counted",
    _accuracy,
    (
        Case("6 images in batches of 3", (_NET, _IMAGES[:6], _LABELS[:6], 3)),
        Case("7 images in batches of 3: the last batch has 1",
             (_NET, _IMAGES, _LABELS, 3)),
        Case("one-hot labels (7, 4)", (_NET, _IMAGES, _ONE_HOT, 3)),
        Case("a batch size larger than the data", (_NET, _IMAGES, _LABELS, 100)),
        Case("batches of 1", (_NET, _IMAGES, _LABELS, 1)),
    ),
    mistakes=(
        (_accuracy_whole_batches,
         "The last, shorter batch was left out (the book's loop, range(len(x) // "
         "batch_size)), but still divided by all the images: go through every batch, "
         "range(0, len(x), batch_size), the last one shorter."),
        (_accuracy_whole_only,
         "Only the whole batches were counted: the last, shorter batch's images are "
         "missing. Go through range(0, len(x), batch_size) and divide by len(x)."),
        (_accuracy_mean_of_batches,
         "That is the mean of the batches' accuracies: a shorter last batch then "
         "weighs as much as a full one. Count the correct images over all batches and "
         "divide by len(x)."),
    ),
    hint="Count the correct images batch by batch, net.predict(x[s:s + batch_size])"
         ".argmax(axis=1) == labels, for s in range(0, len(x), batch_size); one-hot "
         "labels are t.argmax(axis=1); divide the count by len(x)."))


# --- Korean ---------------------------------------------------------------------------

KOREAN = {
    "The padding of 2 counts: with pad 2 a 5 x 5 filter takes 28 positions per "
    "side (conv_output_size(28, 5, pad=2)), not 24.":
        "패딩 2도 센다: pad 2이면 5 x 5 필터는 한 변에 24개가 아니라 28개의 위치를 "
        "지난다(conv_output_size(28, 5, pad=2)).",
    "The pooling comes before the first Affine layer: 2 x 2 windows with stride "
    "2 halve each side, so W2 has 16 * 14 * 14 rows.":
        "풀링이 첫 Affine 계층보다 앞에 온다: 스트라이드 2의 2 x 2 윈도우가 각 변을 "
        "절반으로 줄이므로 W2의 행은 16 * 14 * 14개다.",
    "Count the biases too: b1 (one per filter), b2 and b3.":
        "편향도 세자: b1(필터마다 하나), b2, b3.",
    "Pooling halves the height *and* the width: a quarter of the numbers stay, "
    "not half.":
        "풀링은 높이와 너비를 *둘 다* 절반으로 줄인다: 수가 절반이 아니라 4분의 1만 "
        "남는다.",
    "Parameters: W1 (FN, C, FS, FS), b1 (FN,), W2 (FN * PH * PW, hidden_size), "
    "b2, W3 (hidden_size, output_size), b3; PH from conv_output_size, then "
    "halved by the pooling.":
        "매개변수: W1 (FN, C, FS, FS), b1 (FN,), W2 (FN * PH * PW, hidden_size), "
        "b2, W3 (hidden_size, output_size), b3. PH는 conv_output_size로 구한 다음 "
        "풀링으로 절반이 된다.",
    "That is the shape after the convolution (and the ReLU): Pool1's 2 x 2 "
    "windows with stride 2 halve the height and the width.":
        "그것은 합성곱(그리고 ReLU) 뒤의 형상이다: Pool1의 스트라이드 2인 2 x 2 "
        "윈도우가 높이와 너비를 절반으로 줄인다.",
    "The convolution makes one channel per filter: 8, whatever the input's 3 "
    "channels.":
        "합성곱은 필터마다 채널을 하나 만든다: 입력의 채널이 3개든 상관없이 8개다.",
    "A 5 x 5 filter without padding takes 32 - 5 + 1 = 28 positions per side, "
    "then the pooling halves them.":
        "패딩 없는 5 x 5 필터는 한 변에 32 - 5 + 1 = 28개의 위치를 지나고, 그다음 풀링이 "
        "그것을 절반으로 줄인다.",
    "The batch axis stays: every layer keeps N first, (N, C, H, W).":
        "배치 축은 남는다: 모든 계층이 N을 맨 앞에 둔다, (N, C, H, W).",
    "The layers keep the book's layout, (N, C, H, W): the channels (filters) "
    "come second.":
        "계층들은 원래 책의 레이아웃 (N, C, H, W)를 따른다: 채널(필터)이 두 번째에 온다.",
    "Follow one side: conv_output_size gives the convolution's output, the ReLU "
    "keeps the shape, the pooling halves it; the channels are the filters.":
        "한 변만 따라가자: conv_output_size가 합성곱의 출력을 주고, ReLU는 형상을 "
        "그대로 두며, 풀링은 그것을 절반으로 줄인다. 채널 수는 필터 수다.",
    "The filters are reshaped the wrong way: W.reshape(-1, FN) cuts W's numbers "
    "into rows of FN that mix filters. Flatten each filter into a row, "
    "W.reshape(FN, -1), then transpose: col @ W.reshape(FN, -1).T.":
        "필터의 형상을 잘못 바꾸었다: W.reshape(-1, FN)은 W의 수를 FN개씩 잘라 필터가 "
        "뒤섞인 행을 만든다. 필터 하나를 행 하나로 펼치고(W.reshape(FN, -1)) 그다음 "
        "전치하자: col @ W.reshape(FN, -1).T.",
    "The product's rows are the positions (n, i, j) and its columns the filters: "
    "reshape it to (N, OH, OW, FN), then move the filters to axis 1 with "
    "transpose(0, 3, 1, 2). A reshape straight to (N, FN, OH, OW) scrambles "
    "them.":
        "곱의 행은 위치 (n, i, j)이고 열은 필터다: 형상을 (N, OH, OW, FN)으로 바꾼 다음 "
        "transpose(0, 3, 1, 2)로 필터를 축 1로 옮기자. (N, FN, OH, OW)로 곧바로 "
        "reshape하면 그것들이 뒤섞인다.",
    "dout is (N, FN, OH, OW): move the filters last before the reshape, "
    "dout.transpose(0, 2, 3, 1).reshape(-1, FN), so that its rows are col's "
    "rows, (n, i, j).":
        "dout은 (N, FN, OH, OW)다: reshape하기 전에 필터를 맨 뒤로 옮겨, "
        "dout.transpose(0, 2, 3, 1).reshape(-1, FN)의 행이 col의 행 (n, i, j)가 "
        "되게 하자.",
    "dW was computed as col.T @ dout, the transpose of dout.T @ col; reshaping "
    "it to W's shape scrambles the numbers. Use dW = dout.T @ col, (FN, C * FH * "
    "FW), then reshape to (FN, C, FH, FW).":
        "dW를 dout.T @ col의 전치인 col.T @ dout으로 계산했다. 그것을 W의 형상으로 "
        "바꾸면 수가 뒤섞인다. dW = dout.T @ col, (FN, C * FH * FW)을 쓰고 그다음 "
        "(FN, C, FH, FW)로 형상을 바꾸자.",
    "db sums over the images only: each filter's bias is used at every position "
    "too, so sum dout over axes (0, 2, 3), one number per filter.":
        "db를 이미지에 걸쳐서만 더했다: 필터마다 편향은 모든 위치에서도 쓰이므로 dout을 "
        "축 (0, 2, 3)에 걸쳐 더해 필터마다 수 하나를 얻자.",
    "forward: col = im2col(x, FH, FW, stride, pad), out = col @ W.reshape(FN, "
    "-1).T + b, reshape (N, OH, OW, FN), transpose(0, 3, 1, 2). backward: dout "
    "to (-1, FN) in col's row order, db = its sum over rows, dW = dout.T @ col "
    "reshaped to W's shape, dx = col2im(dout @ W.reshape(FN, -1), ...).":
        "forward: col = im2col(x, FH, FW, stride, pad), "
        "out = col @ W.reshape(FN, -1).T + b, reshape (N, OH, OW, FN), "
        "transpose(0, 3, 1, 2). backward: dout을 col의 행 순서로 (-1, FN)으로 만들고, "
        "db = 그 행들의 합, dW = dout.T @ col을 W의 형상으로 바꾼 것, "
        "dx = col2im(dout @ W.reshape(FN, -1), ...).",
    "The last, shorter batch was left out (the book's loop, range(len(x) // "
    "batch_size)), but still divided by all the images: go through every batch, "
    "range(0, len(x), batch_size), the last one shorter.":
        "마지막의 더 짧은 배치를 빠뜨렸는데(원래 책의 반복문, "
        "range(len(x) // batch_size)), 그래도 이미지 전체 수로 나누었다: 마지막이 더 "
        "짧은 배치까지 모든 배치를 돌자, range(0, len(x), batch_size).",
    "Only the whole batches were counted: the last, shorter batch's images are "
    "missing. Go through range(0, len(x), batch_size) and divide by len(x).":
        "꽉 찬 배치만 셌다: 마지막의 더 짧은 배치의 이미지가 빠졌다. "
        "range(0, len(x), batch_size)를 돌고 len(x)로 나누자.",
    "That is the mean of the batches' accuracies: a shorter last batch then "
    "weighs as much as a full one. Count the correct images over all batches and "
    "divide by len(x).":
        "그것은 배치들의 정확도의 평균이다: 그러면 더 짧은 마지막 배치가 꽉 찬 배치만큼 "
        "무게를 갖는다. 모든 배치에 걸쳐 맞힌 이미지를 세고 len(x)로 나누자.",
    "Count the correct images batch by batch, net.predict(x[s:s + batch_size])"
    ".argmax(axis=1) == labels, for s in range(0, len(x), batch_size); one-hot "
    "labels are t.argmax(axis=1); divide the count by len(x).":
        "맞힌 이미지를 배치 단위로 센다, net.predict(x[s:s + batch_size])"
        ".argmax(axis=1) == labels, for s in range(0, len(x), batch_size). 원-핫 "
        "레이블은 t.argmax(axis=1)로 바꾸고, 센 수를 len(x)로 나눈다.",
}
