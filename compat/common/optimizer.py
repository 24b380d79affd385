"""The book's ``common/optimizer.py``: dlbook's optimizers under the book's names."""

import numpy as np  # optimizer_compare_mnist.py takes np from the star import below

from dlbook.optimizers import SGD, AdaGrad, Adam, Momentum, Nesterov, RMSprop

# What `from common.optimizer import *` gives, np included, as the book's module does.
__all__ = ["np", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"]
