"""The book's ``common/trainer.py``: dlbook's ``Trainer`` (it runs ``dlbook.train``)."""

from dlbook.training import Trainer
