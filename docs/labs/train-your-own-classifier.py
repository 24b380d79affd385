# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Lab: train your own classifier
#
# The chapters build every piece of a neural network by hand. This lab puts the pieces
# together and hands you the controls: you pick the network's size, the optimizer and the
# learning rate, train it on a small problem in a second or two, and look at what it learned.
#
# The problem is **spirals** (나선): three classes of points wound around each other, which no
# straight line can separate. It comes with `dlbook` (`dlbook.datasets.make_spirals`), so the
# lab needs no download. Everything on this page was run when the site was built; download
# the notebook (button above) or open it in Colab to change it and run it yourself.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np

from dlbook.datasets import make_spirals, split_validation
from dlbook.networks import MultiLayerNet
from dlbook.optimizers import SGD, Adam
from dlbook.training import evaluate, train

# %% [markdown]
# ## The data
#
# 100 points per class, each a position `(x0, x1)` in the plane with a label 0, 1 or 2. They
# go into three sets, as in chapter 9:
#
# - a **test set** (시험 데이터), a fifth of the points, locked away until the very end: it
#   measures, once, how well the network you finally choose does on points nobody looked at;
# - a **validation set** (검증 데이터), a quarter of the rest, carved out with
#   `split_validation`: every comparison below (which network, which optimizer) is judged on
#   it, never on the test set, because a set we choose on stops being a fair judge;
# - the **training set** (훈련 데이터), the points the network learns from.

# %%
x, t = make_spirals(n_per_class=100, n_classes=3, noise=0.2, seed=0)
rng = np.random.default_rng(0)
order = rng.permutation(len(x))
x_rest, t_rest = x[order[:240]], t[order[:240]]
x_test, t_test = x[order[240:]], t[order[240:]]  # not looked at until the end
(x_train, t_train), (x_val, t_val) = split_validation(x_rest, t_rest, 0.25, seed=0)
print("training set:  ", x_train.shape, t_train.shape)
print("validation set:", x_val.shape, t_val.shape)
print("test set:      ", x_test.shape, t_test.shape)

# %%
COLORS = np.array(["#1f77b4", "#ff7f0e", "#2ca02c"])

fig, ax = plt.subplots(figsize=(4.5, 4.5))
ax.scatter(x_train[:, 0], x_train[:, 1], c=COLORS[t_train], s=14, label="training")
ax.scatter(x_val[:, 0], x_val[:, 1], c=COLORS[t_val], s=40, marker="x", label="validation")
ax.set(xlabel="x0", ylabel="x1", title="Three spirals", aspect="equal")
ax.legend(loc="lower right")
plt.show()

# %% [markdown]
# ## Your controls
#
# Change these and run the notebook again. `hidden_sizes` lists the width of each hidden
# layer: `[]` is no hidden layer at all (a linear classifier), `[64, 64]` is two layers of 64
# neurons each. `activation` is `"relu"`, `"sigmoid"` or `"tanh"`, and the initial weights
# follow it as chapter 8 recommends: He for ReLU, Xavier for sigmoid and tanh. Every
# network below, the comparisons included, uses these two choices.

# %%
hidden_sizes = [64, 64]
activation = "relu"
weight_init = "he" if activation == "relu" else "xavier"
optimizer = Adam(lr=0.01)
epochs = 200
batch_size = 30

# %% [markdown]
# ## Training
#
# `train` shuffles the training set every epoch, walks through it one mini-batch at a time,
# and lets the optimizer update the weights with the gradients that backpropagation computes.
# It returns a `History` of the loss and of the accuracies after each epoch, on the training
# set and on the validation set (`validation=`).

# %%
net = MultiLayerNet(2, hidden_sizes, 3, activation=activation, weight_init=weight_init,
                    seed=0)
history = train(net, optimizer, x_train, t_train, epochs=epochs, batch_size=batch_size,
                validation=(x_val, t_val), seed=0, progress=False)
print(f"after {epochs} epochs: loss {history.loss[-1]:.3f}, "
      f"training accuracy {history.train_acc[-1]:.3f}, "
      f"validation accuracy {history.val_acc[-1]:.3f}")

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.2))
left.plot(history.loss)
left.set(xlabel="epoch", ylabel="mean mini-batch loss", title="Loss", yscale="log")
right.plot(history.train_acc, label="training")
right.plot(history.val_acc, label="validation")
right.set(xlabel="epoch", ylabel="accuracy", title="Accuracy", ylim=(0, 1.02))
right.legend(loc="lower right")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## What the network learned
#
# A trained network is a function of the whole plane, not only of the points it saw. Asking it
# for the class of every point of a fine grid draws its **decision regions** (결정 영역): the
# boundaries should follow the spiral arms.

# %%
def plot_regions(net, title):
    """Colour the plane by the class ``net`` predicts, with the data on top."""
    g0, g1 = np.meshgrid(np.linspace(-1.2, 1.2, 241), np.linspace(-1.2, 1.2, 241))
    grid = np.column_stack([g0.ravel(), g1.ravel()])
    predicted = net.predict(grid).argmax(axis=1).reshape(g0.shape)
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.contourf(g0, g1, predicted, levels=[-0.5, 0.5, 1.5, 2.5], colors=COLORS, alpha=0.25)
    ax.scatter(x_rest[:, 0], x_rest[:, 1], c=COLORS[t_rest], s=10)  # no test points
    ax.set(xlabel="x0", ylabel="x1", title=title, aspect="equal")
    plt.show()


plot_regions(net, f"hidden layers {hidden_sizes}: validation accuracy "
                  f"{history.val_acc[-1]:.2f}")

# %% [markdown]
# ## Compare: does the hidden layer matter?
#
# The same training for a few networks, from no hidden layer to two. Without a hidden layer
# the network can only cut the plane with straight lines, and no choice of lines separates
# spirals; one small hidden layer is already enough here. Each is judged on the validation set.

# %%
trained = {}
for sizes in ([], [8], [64, 64]):
    candidate = MultiLayerNet(2, sizes, 3, activation=activation, weight_init=weight_init,
                              seed=0)
    train(candidate, Adam(lr=0.01), x_train, t_train,
          epochs=epochs, batch_size=batch_size, seed=0, progress=False)
    trained[str(sizes)] = candidate
    print(f"hidden layers {str(sizes):9}  validation accuracy "
          f"{evaluate(candidate, x_val, t_val):.3f}")

# %%
plot_regions(trained["[]"], "no hidden layer: straight boundaries")

# %% [markdown]
# ## Compare: the optimizer
#
# Plain SGD with the same learning rate moves much more slowly than Adam (chapter 8 explains
# why). Try `SGD(lr=0.5)`, or more epochs, and see how close it gets.

# %%
for choice in (SGD(lr=0.01), Adam(lr=0.01)):
    candidate = MultiLayerNet(2, [64, 64], 3, activation=activation,
                              weight_init=weight_init, seed=0)
    run = train(candidate, choice, x_train, t_train, epochs=epochs, batch_size=batch_size,
                seed=0, progress=False)
    print(f"{type(choice).__name__:5} final loss {run.loss[-1]:.3f}  validation accuracy "
          f"{evaluate(candidate, x_val, t_val):.3f}")

# %% [markdown]
# ## The one look at the test set
#
# Every choice above was made on the validation set. Now, and only now, the network the
# validation set preferred meets the test set, once. Its test accuracy is the honest estimate
# of how it does on new points, because nothing was chosen on those points. With only 60 of
# them (each one is 1.7% of the accuracy) it can land a few points above or below the
# validation accuracy; on average, the validation accuracy of the winner flatters it a
# little, since we picked the network that happened to do best there (chapter 10 tells the
# full story). Choosing again after this look would make the test set one more validation
# set.

# %%
scores = {name: evaluate(candidate, x_val, t_val) for name, candidate in trained.items()}
chosen = max(scores, key=scores.get)
print(f"chosen on validation: hidden layers {chosen} "
      f"(validation accuracy {scores[chosen]:.3f})")
print(f"its test accuracy, measured once: {evaluate(trained[chosen], x_test, t_test):.3f}")

# %% [markdown]
# ## Your turn
#
# - Make the problem harder: `make_spirals(noise=0.5)`, or five classes (`n_classes=5`, with
#   two more colours). How wide must the hidden layer be now?
# - Switch `activation` to `"sigmoid"` (the initial weights switch to Xavier with it). What
#   happens to the loss curve, and why (chapter 2, vanishing gradients)?
# - Train for 2,000 epochs with a hidden layer of 256. Does the validation accuracy keep up
#   with the training accuracy? That gap is **overfitting** (오버피팅).
# - Add your own candidates to the comparison (other sizes, learning rates) and let the
#   validation set choose among them; look at the test set only for the one you choose.
