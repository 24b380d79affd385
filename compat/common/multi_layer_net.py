"""The book's ``common/multi_layer_net.py``.

dlbook's ``MultiLayerNet`` names its arguments ``hidden_sizes`` and ``weight_init``;
``MultiLayerNetExtend`` takes the book's (``hidden_size_list``, ``weight_init_std``,
``weight_decay_lambda``) and, with its dropout and batch-norm switches off (the
default), builds the book's ``MultiLayerNet``: so that class is the book's here.
"""

from dlbook.networks import MultiLayerNetExtend as MultiLayerNet
