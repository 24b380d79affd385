"""The book's ``common/layers.py``: the layers its chapter-5 to chapter-7 code uses."""

from dlbook.conv import Convolution, Pooling
from dlbook.layers import (
    Affine,
    BatchNormalization,
    Dropout,
    Relu,
    Sigmoid,
    SoftmaxWithLoss,
)
