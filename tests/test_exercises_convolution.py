"""Chapter 12's exercises: model answers pass, the classic wrong ones get their own hint."""

from __future__ import annotations

import numpy as np

from dlbook.exercises import check
from exercise_suite import suite


# --- model answers, written as a learner would (loops and slices, no dlbook) -------------


def conv_output_size(input_size, filter_size, stride=1, pad=0):
    span = input_size + 2 * pad - filter_size
    if span < 0 or span % stride:
        raise ValueError(f"sizes do not fit: {input_size}, {filter_size}, {stride}, {pad}")
    return span // stride + 1


def padded(x, pad):
    return np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))


def im2col(input_data, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_data.shape
    OH = conv_output_size(H, filter_h, stride, pad)
    OW = conv_output_size(W, filter_w, stride, pad)
    x = padded(input_data, pad)
    rows = []
    for n in range(N):
        for i in range(OH):
            for j in range(OW):
                top, left = i * stride, j * stride
                rows.append(x[n, :, top:top + filter_h, left:left + filter_w].ravel())
    return np.array(rows)


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_shape
    OH = conv_output_size(H, filter_h, stride, pad)
    OW = conv_output_size(W, filter_w, stride, pad)
    img = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    blocks = col.reshape(N, OH, OW, C, filter_h, filter_w)
    for i in range(OH):
        for j in range(OW):
            top, left = i * stride, j * stride
            img[:, :, top:top + filter_h, left:left + filter_w] += blocks[:, i, j]
    return img[:, :, pad:pad + H, pad:pad + W]


class Pooling:
    def __init__(self, pool_h, pool_w, stride=1, pad=0):
        self.pool_h, self.pool_w, self.stride = pool_h, pool_w, stride

    def forward(self, x):
        N, C, H, W = x.shape
        col = im2col(x, self.pool_h, self.pool_w, self.stride)
        windows = col.reshape(-1, C, self.pool_h * self.pool_w)
        self.arg_max = windows.argmax(axis=-1)  # (N * OH * OW, C)
        self.x_shape = x.shape
        OH = conv_output_size(H, self.pool_h, self.stride)
        OW = conv_output_size(W, self.pool_w, self.stride)
        return windows.max(axis=-1).reshape(N, OH, OW, C).transpose(0, 3, 1, 2)

    def backward(self, dout):
        C = dout.shape[1]
        d = dout.transpose(0, 2, 3, 1).reshape(-1, C)
        dwindows = np.zeros((d.shape[0], C, self.pool_h * self.pool_w))
        np.put_along_axis(dwindows, self.arg_max[..., None], d[..., None], axis=-1)
        return col2im(dwindows.reshape(d.shape[0], -1), self.x_shape, self.pool_h,
                      self.pool_w, self.stride)


SOLUTIONS = {
    "conv_output_size": conv_output_size,
    "predict_im2col_shape": (8 * 32 * 32, 3 * 5 * 5),
    "im2col": im2col,
    "col2im": col2im,
    "Pooling": Pooling,
}


# --- classic wrong answers ---------------------------------------------------------------


def size_book(input_size, filter_size, stride=1, pad=0):
    return (input_size + 2 * pad - filter_size) / stride + 1


def size_floor(input_size, filter_size, stride=1, pad=0):
    return (input_size + 2 * pad - filter_size) // stride + 1


def size_only_divides(input_size, filter_size, stride=1, pad=0):
    if (input_size + 2 * pad - filter_size) % stride:
        raise ValueError("no")
    return (input_size + 2 * pad - filter_size) // stride + 1


def size_one_pad(input_size, filter_size, stride=1, pad=0):
    return conv_output_size(input_size - pad, filter_size, stride, pad)


def im2col_channels_last(input_data, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_data.shape
    x = padded(input_data, pad)
    OH = conv_output_size(H, filter_h, stride, pad)
    OW = conv_output_size(W, filter_w, stride, pad)
    rows = [x[n, :, i * stride:i * stride + filter_h, j * stride:j * stride + filter_w]
            .transpose(1, 2, 0).ravel()  # (row, column, channel): the classic slip
            for n in range(N) for i in range(OH) for j in range(OW)]
    return np.array(rows)


def im2col_transposed_window(input_data, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_data.shape
    x = padded(input_data, pad)
    OH = conv_output_size(H, filter_h, stride, pad)
    OW = conv_output_size(W, filter_w, stride, pad)
    rows = [x[n, :, i * stride:i * stride + filter_h, j * stride:j * stride + filter_w]
            .transpose(0, 2, 1).ravel()
            for n in range(N) for i in range(OH) for j in range(OW)]
    return np.array(rows)


def im2col_images_inner(input_data, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_data.shape
    x = padded(input_data, pad)
    OH = conv_output_size(H, filter_h, stride, pad)
    OW = conv_output_size(W, filter_w, stride, pad)
    rows = [x[n, :, i * stride:i * stride + filter_h, j * stride:j * stride + filter_w]
            .ravel() for i in range(OH) for j in range(OW) for n in range(N)]
    return np.array(rows)


def im2col_columns(input_data, filter_h, filter_w, stride=1, pad=0):
    return im2col(input_data, filter_h, filter_w, stride, pad).T


def col2im_overwrite(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_shape
    OH = conv_output_size(H, filter_h, stride, pad)
    OW = conv_output_size(W, filter_w, stride, pad)
    img = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    blocks = col.reshape(N, OH, OW, C, filter_h, filter_w)
    for i in range(OH):
        for j in range(OW):
            top, left = i * stride, j * stride
            img[:, :, top:top + filter_h, left:left + filter_w] = blocks[:, i, j]
    return img[:, :, pad:pad + H, pad:pad + W]


def col2im_keeps_pad(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_shape
    OH = conv_output_size(H, filter_h, stride, pad)
    OW = conv_output_size(W, filter_w, stride, pad)
    img = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    blocks = col.reshape(N, OH, OW, C, filter_h, filter_w)
    for i in range(OH):
        for j in range(OW):
            top, left = i * stride, j * stride
            img[:, :, top:top + filter_h, left:left + filter_w] += blocks[:, i, j]
    return img


class PoolingMask(Pooling):
    def forward(self, x):
        self.x = x
        return super().forward(x)

    def backward(self, dout):
        N, C, OH, OW = dout.shape
        s, ph, pw = self.stride, self.pool_h, self.pool_w
        dx = np.zeros(self.x.shape)
        for i in range(OH):
            for j in range(OW):
                window = self.x[:, :, i * s:i * s + ph, j * s:j * s + pw]
                biggest = window.max(axis=(2, 3), keepdims=True)
                dx[:, :, i * s:i * s + ph, j * s:j * s + pw] += \
                    (window == biggest) * dout[:, :, i:i + 1, j:j + 1]
        return dx


class PoolingOverwrite(Pooling):
    def backward(self, dout):
        N, C, OH, OW = dout.shape
        s, ph, pw = self.stride, self.pool_h, self.pool_w
        dx = np.zeros(self.x_shape)
        d = dout.transpose(0, 2, 3, 1).reshape(-1, C)
        dwindows = np.zeros((d.shape[0], C, ph * pw))
        np.put_along_axis(dwindows, self.arg_max[..., None], d[..., None], axis=-1)
        blocks = dwindows.reshape(N, OH, OW, C, ph, pw)
        for i in range(OH):
            for j in range(OW):
                dx[:, :, i * s:i * s + ph, j * s:j * s + pw] = blocks[:, i, j]
        return dx


WRONG = [
    ("conv_output_size", size_book, "the book's formula with /"),
    ("conv_output_size", size_floor, "// rounds the size down"),
    ("conv_output_size", size_only_divides, "fits nowhere"),
    ("conv_output_size", size_one_pad, "input_size + 2 * pad, not input_size + pad"),
    ("predict_im2col_shape", (8 * 32 * 32, 25), "all 3 channels"),
    ("predict_im2col_shape", (75, 8192), "Rows and columns are swapped"),
    ("predict_im2col_shape", (8 * 28 * 28, 75), "The padding of 2 counts"),
    ("predict_im2col_shape", (1024, 75), "the batch of 8"),
    ("predict_im2col_shape", (8, 1024, 75), "a matrix, 2-D"),
    ("im2col", im2col_channels_last, "the channel came last"),
    ("im2col", im2col_transposed_window, "(channel, column, row)"),
    ("im2col", im2col_images_inner, "position first, then image"),
    ("im2col", im2col_columns, "That is col.T"),
    ("im2col", lambda x, fh, fw, stride=1, pad=0: im2col(x, fh, fw, stride),
     "The padding is missing"),
    ("col2im", col2im_overwrite, "Add (img[...] += ...)"),
    ("col2im", col2im_keeps_pad, "The padding is still there"),
    ("Pooling", PoolingMask, "every maximum of the window got the gradient"),
    ("Pooling", PoolingOverwrite, "must get the sum of their gradients"),
]

test_the_solution_passes, test_a_classic_wrong_answer_fails_with_its_own_hint = \
    suite(SOLUTIONS, WRONG)


def test_a_refusal_is_reported_as_the_value_error_that_was_expected():
    text = str(check("conv_output_size", size_floor))
    assert "a stride that does not divide" in text
    assert "expected {'ValueError': 1}" in text and "got      {'size': 1" in text


def test_a_last_maximum_on_ties_is_named():
    class PoolingLast(Pooling):
        def forward(self, x):
            self.x = x
            return super().forward(x)

        def backward(self, dout):
            flipped = Pooling(self.pool_h, self.pool_w, self.stride)
            flipped.forward(self.x[:, :, ::-1, ::-1])
            return flipped.backward(dout[:, :, ::-1, ::-1])[:, :, ::-1, ::-1]

    text = str(check("Pooling", PoolingLast))
    assert "went to the last maximum" in text, text


def test_the_checks_are_quick():
    import time

    start = time.perf_counter()
    for name, answer in SOLUTIONS.items():
        assert check(name, answer)
    assert time.perf_counter() - start < 2
