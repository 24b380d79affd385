"""The book's ``common/layers.py``: the layers its chapter-5 and chapter-6 code uses."""

from dlbook.layers import (
    Affine,
    BatchNormalization,
    Dropout,
    Relu,
    Sigmoid,
    SoftmaxWithLoss,
)
