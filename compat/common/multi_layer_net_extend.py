"""The book's ``common/multi_layer_net_extend.py``: dlbook's class of the same name."""

from dlbook.networks import MultiLayerNetExtend
