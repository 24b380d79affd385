"""Chapter 14's exercises: model answers pass, the classic wrong ones get their own hint."""

from __future__ import annotations

import numpy as np

from dlbook.conv import conv_output_size, im2col
from dlbook.exercises import check
from exercise_suite import suite


def max_pool_2x2(x):
    N, C, H, W = x.shape
    if H % 2 or W % 2:
        raise ValueError(f"2 x 2 pooling needs an even height and width, got {H} x {W}")
    return x.reshape(N, C, H // 2, 2, W // 2, 2).max(axis=(3, 5))


def tournament_backward(z, g):
    won_01, won_23 = z[0] >= z[1], z[2] >= z[3]
    won_left = np.maximum(z[0], z[1]) >= np.maximum(z[2], z[3])
    to_left = g * won_left
    to_right = g - to_left
    return np.stack([to_left * won_01, to_left * ~won_01,
                     to_right * won_23, to_right * ~won_23])


def conv_relu_pool(x, W, b, stride=1, pad=0):
    FN, C, FH, FW = W.shape
    N, _, H, W_in = x.shape
    OH = conv_output_size(H, FH, stride, pad)
    OW = conv_output_size(W_in, FW, stride, pad)
    col = im2col(x, FH, FW, stride, pad)
    z = (col @ W.reshape(FN, -1).T).reshape(N, OH, OW, FN).transpose(0, 3, 1, 2)
    pooled = z.reshape(N, FN, OH // 2, 2, OW // 2, 2).max(axis=(3, 5))
    return np.maximum(pooled + b[:, None, None], 0)


SOLUTIONS = {
    "max_pool_2x2": max_pool_2x2,
    "tournament_backward": tournament_backward,
    "predict_multiply_adds": 10 * 32 * 32 * 27 * 16,
    "conv_relu_pool": conv_relu_pool,
}


def pool_crops(x):
    N, C, H, W = x.shape
    x = x[:, :, :H // 2 * 2, :W // 2 * 2]
    return x.reshape(N, C, H // 2, 2, W // 2, 2).max(axis=(3, 5))


def tournament_strict(z, g):
    won_01, won_23 = z[0] > z[1], z[2] > z[3]
    won_left = np.maximum(z[0], z[1]) > np.maximum(z[2], z[3])
    to_left = g * won_left
    to_right = g - to_left
    return np.stack([to_left * won_01, to_left * ~won_01,
                     to_right * won_23, to_right * ~won_23])


def tournament_right_takes_g(z, g):
    won_01, won_23 = z[0] >= z[1], z[2] >= z[3]
    won_left = np.maximum(z[0], z[1]) >= np.maximum(z[2], z[3])
    to_left = g * won_left
    return np.stack([to_left * won_01, to_left * ~won_01, g * won_23, g * ~won_23])


def buggy_conv_relu_pool(x, W, b, stride=1, pad=0):  # the box's version, both bugs
    FN, C, FH, FW = W.shape
    N, _, H, W_in = x.shape
    OH = conv_output_size(H, FH, stride, pad)
    OW = conv_output_size(W_in, FW, stride, pad)
    col = im2col(x, FH, FW, stride, pad)
    z = (col @ W.reshape(FN, -1).T).reshape(N, FN, OH, OW)
    pooled = z.reshape(N, FN, OH // 2, 2, OW // 2, 2).max(axis=(3, 5))
    return np.maximum(pooled, 0) + b[:, None, None]


def bias_after_relu(x, W, b, stride=1, pad=0):
    return conv_relu_pool(x, W, np.zeros_like(b), stride, pad) + b[:, None, None]


def no_transpose(x, W, b, stride=1, pad=0):
    FN, C, FH, FW = W.shape
    N, _, H, W_in = x.shape
    OH = conv_output_size(H, FH, stride, pad)
    OW = conv_output_size(W_in, FW, stride, pad)
    z = (im2col(x, FH, FW, stride, pad) @ W.reshape(FN, -1).T).reshape(N, FN, OH, OW)
    pooled = z.reshape(N, FN, OH // 2, 2, OW // 2, 2).max(axis=(3, 5))
    return np.maximum(pooled + b[:, None, None], 0)


WRONG = [
    ("max_pool_2x2", lambda x: x.reshape(*x.shape[:2], 2, x.shape[2] // 2, 2,
                                         x.shape[3] // 2).max(axis=(2, 4)),
     "the 2 *after* each pooled axis"),
    ("max_pool_2x2", lambda x: x.reshape(*x.shape[:2], x.shape[3] // 2, 2,
                                         x.shape[2] // 2, 2).max(axis=(3, 5)),
     "H and W are swapped"),
    ("max_pool_2x2", lambda x: x.reshape(*x.shape[:2], x.shape[2] // 2, 2,
                                         x.shape[3] // 2, 2).max(axis=(2, 4)),
     "axis=(3, 5)"),
    ("max_pool_2x2", lambda x: x.reshape(*x.shape[:2], x.shape[2] // 2, 2,
                                         x.shape[3] // 2, 2).mean(axis=(3, 5)),
     "average pooling"),
    ("max_pool_2x2", pool_crops, "instead of dropping the last row or column"),
    ("tournament_backward", lambda z, g: (z == z.max(axis=0)) * g, "equality mask"),
    ("tournament_backward", tournament_strict, "not >"),
    ("tournament_backward", tournament_right_takes_g, "to_right = g - to_left"),
    ("predict_multiply_adds", 10 * 32 * 32 * 9 * 16, "all 3 channels"),
    ("predict_multiply_adds", 10 * 30 * 30 * 27 * 16, "32 positions per side"),
    ("predict_multiply_adds", 32 * 32 * 27 * 16, "the batch has 10"),
    ("predict_multiply_adds", 10 * 32 * 32 * 27, "the number of numbers in col"),
    ("predict_multiply_adds", 10 * 16 * 32 * 32, "the number of outputs"),
    ("conv_relu_pool", buggy_conv_relu_pool, "reshape it to (N, OH, OW, FN)"),
    ("conv_relu_pool", no_transpose, "a reshape straight to (N, FN, OH, OW)"),
    ("conv_relu_pool", bias_after_relu, "The bias was added after the ReLU"),
]

test_the_solution_passes, test_a_classic_wrong_answer_fails_with_its_own_hint = \
    suite(SOLUTIONS, WRONG)


def test_a_refusal_case_reports_whether_the_function_raised():
    text = str(check("max_pool_2x2", pool_crops))
    assert "on an odd height, (1, 1, 5, 4): refuse it (ValueError)" in text
    assert "expected {'raised ValueError': 1}\n    got      {'raised ValueError': 0}" \
        in text


def test_an_error_on_a_case_that_must_pass_is_shown_as_the_learners():
    def pool_without_channels(x):
        N, C, H, W = x.shape
        return x.reshape(N, C, H // 2, 2, W // 2).max(axis=3)

    text = str(check("max_pool_2x2", pool_without_channels))
    assert "your function raised an error" in text and "ValueError" in text, text
    assert "in pool_without_channels" in text


def test_the_prediction_is_the_product_of_col_and_the_filters():
    col = im2col(np.zeros((10, 3, 32, 32)), 3, 3, pad=1)
    assert col.shape[0] * col.shape[1] * 16 == SOLUTIONS["predict_multiply_adds"]
    assert SOLUTIONS["predict_multiply_adds"] == 4_423_680
