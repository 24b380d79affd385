"""dlbook: deep learning from scratch, in NumPy, as an executable book.

Everything the chapters build is importable from here::

    >>> import dlbook
    >>> dlbook.softmax([0.3, 2.9, 4.0]).round(4)
    array([0.0182, 0.2452, 0.7366])

NumPy is the only requirement. Figures live in ``dlbook.plotting`` (needs matplotlib).
"""

from .perceptron import (
    AND,
    GATE_INPUTS,
    NAND,
    NOR,
    OR,
    XOR,
    Perceptron,
    TwoLayerPerceptron,
    search_perceptrons,
    truth_table,
)
from .activations import (
    identity_function,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax,
    step_function,
    tanh,
    tanh_grad,
)

from .linear import affine
from .forward_pass import forward, forward_trace, init_network
from .datasets import (
    FASHION_CLASSES,
    DataError,
    fetch,
    load_dataset,
    load_fashion_mnist,
    load_mnist,
    make_spirals,
    shuffle_dataset,
    split_validation,
)
from .gradient import (
    bowl,
    gradient_descent,
    numerical_diff,
    numerical_gradient,
    relative_error,
    saddle,
    two_valleys,
)
from .layers import (
    AddLayer,
    Affine,
    BatchNormalization,
    Dropout,
    MeanSquaredErrorLoss,
    MulLayer,
    Relu,
    Sigmoid,
    SoftmaxWithLoss,
    Tanh,
)
from .losses import (
    cross_entropy_error,
    mean_squared_error,
    one_hot,
    sum_squares_error,
    target_labels,
)
from .networks import (
    MultiLayerNet,
    MultiLayerNetExtend,
    Network,
    TwoLayerNet,
    activation_layer,
    hidden_activations,
    init_std,
)
from .optimizers import (
    SGD,
    AdaGrad,
    Adam,
    Momentum,
    Nesterov,
    RMSProp,
    RMSprop,
    optimizer_path,
    path_optimizers,
    spiral_optimizers,
    valley,
    valley_gradient,
)
from .training import (
    History,
    SearchTrial,
    Trainer,
    confusion_matrix,
    evaluate,
    log_uniform,
    minibatches,
    random_search,
    smooth_curve,
    train,
    train_by_backprop,
    train_on_spirals,
)
from .weights import (
    CNN_WEIGHTS,
    FASHION_CNN_WEIGHTS,
    FASHION_MLP_WEIGHTS,
    SAMPLE_WEIGHTS,
    load_weights,
    save_weights,
)
from .conv import (
    BOOK_CONV_PARAM,
    ConvReluPool,
    Convolution,
    Pooling,
    SimpleConvNet,
    col2im,
    conv_backward_loop,
    conv_forward_loop,
    conv_output_size,
    im2col,
    pool_backward_loop,
    pool_forward_loop,
)
from .digits import (
    DIGIT_BOX,
    MNIST_SIZE,
    center_of_mass,
    preprocess_digit,
    resize_area,
)

__version__ = "0.1.0"

__all__ = [
    # chapter 1: perceptron
    "Perceptron",
    "GATE_INPUTS",
    "AND",
    "OR",
    "NAND",
    "NOR",
    "TwoLayerPerceptron",
    "XOR",
    "truth_table",
    "search_perceptrons",
    # chapter 2: activations
    "step_function",
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
    "relu",
    "relu_grad",
    "identity_function",
    "softmax",
    # chapter 3: matrix shapes
    "affine",
    # chapter 4: the 3-layer forward pass
    "init_network",
    "forward_trace",
    "forward",
    # chapter 5: losses
    "sum_squares_error",
    "mean_squared_error",
    "cross_entropy_error",
    "one_hot",
    "target_labels",
    # chapter 6: gradient descent
    "numerical_diff",
    "numerical_gradient",
    "gradient_descent",
    "relative_error",
    "bowl",
    "two_valleys",
    "saddle",
    "make_spirals",
    # chapter 7: backpropagation
    "MulLayer",
    "AddLayer",
    "Affine",
    "Relu",
    "Sigmoid",
    "Tanh",
    "SoftmaxWithLoss",
    "MeanSquaredErrorLoss",
    "Network",
    "TwoLayerNet",
    "activation_layer",
    "train_by_backprop",
    # chapter 8: optimizers
    "SGD",
    "Momentum",
    "Nesterov",
    "AdaGrad",
    "RMSProp",
    "RMSprop",
    "Adam",
    "MultiLayerNet",
    "init_std",
    "hidden_activations",
    "valley",
    "valley_gradient",
    "optimizer_path",
    "path_optimizers",
    "spiral_optimizers",
    "train_on_spirals",
    # chapter 9: MNIST
    "load_mnist",
    "load_fashion_mnist",
    "load_dataset",
    "FASHION_CLASSES",
    "fetch",
    "DataError",
    "History",
    "minibatches",
    "evaluate",
    "confusion_matrix",
    "train",
    "save_weights",
    "load_weights",
    "SAMPLE_WEIGHTS",
    # after chapter 9: "Draw a digit" (a drawing made an MNIST image)
    "MNIST_SIZE",
    "DIGIT_BOX",
    "resize_area",
    "center_of_mass",
    "preprocess_digit",
    # chapter 13: a CNN for MNIST (dlbook's trained weights)
    "CNN_WEIGHTS",
    "FASHION_CNN_WEIGHTS",
    "FASHION_MLP_WEIGHTS",
    # chapter 10: overfitting and validation
    "shuffle_dataset",
    "split_validation",
    "Dropout",
    "MultiLayerNetExtend",
    "smooth_curve",
    "Trainer",
    "log_uniform",
    "SearchTrial",
    "random_search",
    # chapter 11: batch normalization
    "BatchNormalization",
    # chapter 12: convolution and pooling
    "conv_output_size",
    "conv_forward_loop",
    "conv_backward_loop",
    "pool_forward_loop",
    "pool_backward_loop",
    "im2col",
    "col2im",
    "Convolution",
    "Pooling",
    # chapter 13: a CNN for MNIST
    "SimpleConvNet",
    "BOOK_CONV_PARAM",
    # chapter 14: a fast CNN in NumPy
    "ConvReluPool",
]
