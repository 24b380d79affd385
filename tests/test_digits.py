"""A drawing made an MNIST image (``dlbook.digits``), and the networks exported for the
"Draw a digit" page (``hooks/digits.py``).

The page's JavaScript copies both; ``tests/browser/test_draw_a_digit.py`` checks it
against them in a browser. These tests check them against what they promise: sizes,
the centre of mass, the ink kept, the same image whatever the drawing's size or place,
a clear ValueError for what is not a drawing; and an export whose numbers are exactly
the weights ``load_weights`` gives, in the order and shapes its description says.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import dlbook
from dlbook.activations import sigmoid, softmax
from dlbook.digits import (
    DIGIT_BOX,
    MNIST_SIZE,
    center_of_mass,
    preprocess_digit,
    resize_area,
)
from hooks import digits as hook


def stroke_drawing(shape=(120, 90), seed=0):
    """A seeded random scribble: a few thick strokes with soft edges, ink in [0, 1]."""
    rng = np.random.default_rng(seed)
    rows, columns = np.indices(shape)
    ink = np.zeros(shape)
    margin = min(shape) / 5
    low, high = [margin, margin], [shape[0] - margin, shape[1] - margin]
    for _ in range(3):
        a, b = rng.uniform(low, high), rng.uniform(low, high)
        points = np.stack([rows, columns], axis=-1).astype(float)
        along = np.clip((points - a) @ (b - a) / ((b - a) @ (b - a)), 0, 1)
        distance = np.linalg.norm(points - (a + along[..., None] * (b - a)), axis=-1)
        ink = np.maximum(ink, np.clip(margin / 2 - distance, 0, 1))
    return ink


def ink_box(image):
    """(height, width) of the bounding box of the pixels above 0."""
    rows = np.flatnonzero(image.max(axis=1) > 0)
    columns = np.flatnonzero(image.max(axis=0) > 0)
    return rows[-1] - rows[0] + 1, columns[-1] - columns[0] + 1


# --- resize_area, center_of_mass -------------------------------------------------------


def test_resize_area_averages_over_the_area_each_new_pixel_covers():
    image = np.arange(16.0).reshape(4, 4)
    assert np.allclose(resize_area(image, 2, 2), [[2.5, 4.5], [10.5, 12.5]])
    assert np.array_equal(resize_area(image, 4, 4), image)  # same size: unchanged
    # stretching repeats each pixel's value over the new pixels it covers
    assert np.allclose(resize_area(np.array([[0.0, 1.0]]), 1, 4), [[0, 0, 1, 1]])


@pytest.mark.parametrize("size", [(3, 5), (20, 13), (50, 7)])
def test_resize_area_keeps_the_ink(size):
    image = stroke_drawing((31, 17))
    resized = resize_area(image, *size)
    assert resized.shape == size
    ratio = (size[0] * size[1]) / image.size
    assert resized.sum() == pytest.approx(image.sum() * ratio, rel=1e-12)
    assert resized.min() >= 0 and resized.max() <= 1 + 1e-12


@pytest.mark.parametrize("bad, message", [
    (((np.ones(3),), 2, 2), "2-D image"),
    (((np.ones((0, 3)),), 2, 2), "2-D image"),
    (((np.ones((3, 3)),), 0, 2), "height must be a whole number"),
    (((np.ones((3, 3)),), 2, 2.5), "width must be a whole number"),
    (((np.ones((3, 3)),), True, 2), "height must be a whole number"),
])
def test_resize_area_refuses_what_it_cannot_resize(bad, message):
    (image,), height, width = bad
    with pytest.raises(ValueError, match=message):
        resize_area(image, height, width)


def test_center_of_mass_weights_each_position_by_its_ink():
    image = np.zeros((5, 4))
    image[1, 1], image[3, 3] = 1.0, 3.0
    assert center_of_mass(image) == (2.5, 2.5)
    assert center_of_mass([[0.7], [0.3]]) == pytest.approx((0.3, 0.0))
    with pytest.raises(ValueError, match="no ink"):
        center_of_mass(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="2-D image"):
        center_of_mass(np.ones((2, 2, 2)))


# --- preprocess_digit ------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_a_drawing_becomes_an_mnist_image_centred_by_mass(seed):
    drawing = stroke_drawing(seed=seed)
    before = drawing.copy()
    x = preprocess_digit(drawing)
    assert np.array_equal(drawing, before), "the caller's drawing is not changed"
    assert x.shape == (MNIST_SIZE, MNIST_SIZE) and x.dtype == np.float64
    assert x.min() >= 0 and x.max() <= 1
    # the longer side is 20 pixels (21 rows or columns touched by a fractional move)
    assert max(ink_box(x)) in (DIGIT_BOX, DIGIT_BOX + 1)
    assert center_of_mass(x) == pytest.approx((14, 14), abs=1e-9)


def test_the_same_digit_drawn_larger_or_elsewhere_gives_the_same_image():
    drawing = stroke_drawing((60, 45))
    x = preprocess_digit(drawing)
    larger = np.kron(drawing, np.ones((3, 3)))  # each pixel drawn as 3 x 3
    elsewhere = np.zeros((150, 200))
    elsewhere[70:130, 10:55] = drawing
    assert np.allclose(preprocess_digit(larger), x, atol=1e-12)
    assert np.array_equal(preprocess_digit(elsewhere), x)


def test_a_lopsided_digit_is_moved_only_as_far_as_keeps_all_its_ink():
    # A long line with a heavy blob at its top: centring its mass would push the
    # line's bottom out of the image.
    drawing = np.zeros((100, 100))
    drawing[0:100, 48:52] = 0.05
    drawing[0:20, 40:60] = 1.0
    x = preprocess_digit(drawing)
    height, width = ink_box(drawing)
    digit = resize_area(drawing[:, 40:60], DIGIT_BOX, 4)
    assert x.sum() == pytest.approx(digit.sum(), rel=1e-12), "no ink cut off"
    assert x[-1].max() > 0, "moved down as far as the image allows"
    assert center_of_mass(x)[0] < 14


def test_an_mnist_image_keeps_its_size_and_its_ink():
    # MNIST's own digits fill a 20 x 20 box already: the scaling leaves them be, the
    # move (less than a pixel) shares ink between neighbours and keeps all of it.
    image = np.zeros((28, 28))
    image[4:24, 10:19] = stroke_drawing((20, 9), seed=3)
    image[4, 10] = image[23, 18] = 1.0  # the box is exactly 20 x 9
    x = preprocess_digit(image)
    assert x.sum() == pytest.approx(image.sum(), rel=1e-12)
    assert max(ink_box(x)) <= DIGIT_BOX + 1


def test_small_and_thin_drawings_keep_at_least_one_pixel():
    dot = np.zeros((50, 50))
    dot[10, 30] = 0.5
    x = preprocess_digit(dot)
    assert x.sum() == pytest.approx(0.5 * DIGIT_BOX * DIGIT_BOX)  # 20 x 20 of 0.5
    line = np.zeros((50, 50))
    line[5:45, 20] = 1.0  # 40 x 1: 20 x 1 after scaling (the width rounded up to 1)
    assert ink_box(preprocess_digit(line))[1] in (1, 2)


def test_lists_integers_and_booleans_are_drawings_too():
    grid = [[0, 0, 0], [0, 1, 0], [0, 1, 0]]
    x = preprocess_digit(grid)
    assert np.array_equal(preprocess_digit(np.array(grid, dtype=bool)), x)
    assert np.array_equal(preprocess_digit(np.array(grid, dtype=np.float32)), x)


@pytest.mark.parametrize("image, message", [
    (np.ones(5), r"greyscale image \(H, W\), got shape \(5,\)"),
    (np.ones((4, 4, 3)), r"got shape \(4, 4, 3\)"),
    (np.ones((0, 4)), r"got shape \(0, 4\)"),
    (np.array([["a", "b"]]), "expects numbers"),
    (np.array([[0.0, np.nan]]), "nan or inf"),
    (np.array([[0.0, 255.0]]), r"in \[0, 1\].*0.0 to 255.0 \(pixels 0-255\? divide"),
    (np.array([[-0.5, 0.5]]), r"in \[0, 1\].*from -0.5 to 0.5$"),
    (np.zeros((28, 28)), "nothing is drawn"),
])
def test_what_is_not_a_drawing_is_refused_with_what_was_wrong(image, message):
    with pytest.raises(ValueError, match=message):
        preprocess_digit(image)


# --- the export for the page -------------------------------------------------------------


def unpack(description, numbers):
    """The arrays of an export, as the page reads them (offsets and shapes)."""
    dtype = hook.DTYPES[description["dtype"]]
    flat = np.frombuffer(numbers, dtype=dtype)
    assert flat.size == description["size"]
    return {
        p["name"]: flat[p["offset"]:p["offset"] + int(np.prod(p["shape"]))]
        .reshape(p["shape"])
        for p in description["params"]
    }


@pytest.mark.parametrize("name", list(hook.NETWORKS))
def test_the_export_holds_exactly_the_weights_load_weights_gives(name):
    path = hook.NETWORKS[name]
    description, numbers = hook.export(path)
    json.dumps(description)  # JSON-friendly
    net, meta = dlbook.load_weights(path)
    arrays = unpack(description, numbers)
    assert list(arrays) == list(net.params)  # W1, b1, W2, ... in the network's order
    for key, value in net.params.items():
        assert arrays[key].dtype == value.dtype and np.array_equal(arrays[key], value)
    assert description["activation"] == meta["activation"]
    assert description["test_accuracy"] == meta["test_accuracy"]


def test_the_mlp_export_computes_what_the_network_computes():
    description, numbers = hook.export(dlbook.SAMPLE_WEIGHTS)
    assert description["architecture"] == "MultiLayerNet"
    assert description["sizes"] == [784, 50, 100, 10]
    p = {k: v.astype(np.float64) for k, v in unpack(description, numbers).items()}
    x = preprocess_digit(stroke_drawing()).reshape(1, 784)
    z = sigmoid(sigmoid(x @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"])
    net, _ = dlbook.load_weights(dlbook.SAMPLE_WEIGHTS)
    assert np.allclose(softmax(z @ p["W3"] + p["b3"]), softmax(net.predict(x)),
                       rtol=0, atol=1e-12)


def test_the_cnn_export_says_how_its_filters_move():
    description, _ = hook.export(dlbook.CNN_WEIGHTS)
    assert description["architecture"] == "SimpleConvNet"
    assert description["input_dim"] == [1, 28, 28]
    assert description["conv_param"] == {"filter_num": 30, "filter_size": 5, "pad": 0,
                                         "stride": 1}
    assert [p["shape"] for p in description["params"]] == [
        [30, 1, 5, 5], [30], [4320, 100], [100], [100, 10], [10]]


def test_the_export_refuses_what_is_not_a_weights_file(tmp_path):
    path = tmp_path / "nothing.npz"
    path.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="not a weights"):
        hook.export(path)


def test_the_hook_gives_both_editions_the_same_files_at_the_root():
    from mkdocs.config import load_config

    config = load_config(str(hook.ROOT / "mkdocs.yml"))
    config.plugins._current_plugin = "test"  # as in a build event: File.generated asks
    english = hook.digit_files(config, "en")
    names = ["mlp.json", "mlp.bin", "cnn.json", "cnn.bin"]
    assert [f.dest_uri for f in english] == [f"assets/digits/{n}" for n in names]
    korean = hook.digit_files(config, "ko")
    assert [f.dest_uri for f in korean] == [f.dest_uri for f in english]
    assert [f.url for f in korean] == [f"assets/digits/{n}" for n in names]
    described = json.loads(english[0].content_bytes)
    assert described["name"] == "mlp" and described["bin"] == "mlp.bin"
    assert len(english[1].content_bytes) == 4 * described["size"]  # float32
    assert korean[3].content_bytes == english[3].content_bytes
