"""The book's ``common/util.py``: the helpers its chapter-6 and chapter-7 code uses."""

from dlbook.conv import col2im, conv_output_size, im2col
from dlbook.datasets import shuffle_dataset
from dlbook.training import smooth_curve
