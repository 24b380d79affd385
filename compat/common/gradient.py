"""The book's ``common/gradient.py``: dlbook's ``numerical_gradient``."""

from dlbook.gradient import numerical_gradient
