"""The book's ``dataset/mnist.py``: dlbook's ``load_mnist``, the same three arguments.

It reads the IDX files from ``DLBOOK_DATA`` or dlbook's cache (downloading them once),
not the book's ``mnist.pkl``; images are float32, as the book's.
"""

from dlbook.datasets import load_mnist
