"""The book's ``common/util.py``: the two helpers its chapter-6 scripts use."""

from dlbook.datasets import shuffle_dataset
from dlbook.training import smooth_curve
