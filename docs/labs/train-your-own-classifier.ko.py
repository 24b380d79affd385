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
# # 실습: 나만의 분류기(classifier) 학습시키기
#
# 앞의 장들에서는 신경망의 부품을 하나하나 손으로 만들었다. 이 실습에서는 그 부품들을 조립한 뒤
# 조종간을 여러분에게 넘긴다. 신경망의 크기와 옵티마이저(optimizer), 학습률(learning rate)을
# 직접 고르고, 작은 문제로 한두 초 만에 학습시킨 다음, 신경망이 무엇을 배웠는지 들여다본다.
#
# 풀 문제는 **나선**(spirals)이다. 세 클래스의 점들이 서로 휘감겨 있어서 어떤 직선으로도 가를
# 수 없다. 이 데이터는 `dlbook`에 들어 있으므로(`dlbook.datasets.make_spirals`) 내려받을 것이
# 없다. 이 페이지에 보이는 출력과 그림은 모두 사이트를 빌드할 때 실제로 실행한 결과다. 값을
# 바꿔 가며 직접 실행해 보려면 위의 버튼으로 노트북을 내려받거나 Colab에서 열면 된다.
#
# 코드는 영어판 실습과 똑같고 주석만 한국어다. 그림 속 글자(제목, 축 이름, 범례)와 출력되는
# 문구는 영어로 두었다. matplotlib의 기본 글꼴에는 한글이 없어서, 한글을 넣으면 글자가 빈 네모로
# 그려지기 때문이다(Colab도 기본 설정에서는 마찬가지다).

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np

from dlbook.datasets import make_spirals, split_validation
from dlbook.networks import MultiLayerNet
from dlbook.optimizers import SGD, Adam
from dlbook.training import evaluate, train

# %% [markdown]
# ## 훈련 데이터(training data), 검증 데이터(validation set), 시험 데이터(test set)
#
# 클래스마다 점이 100개씩 있다. 점 하나는 평면 위의 위치 `(x0, x1)`과 정답
# 레이블(label) 0, 1, 2 가운데 하나로 이루어진다. 9장에서처럼 이 점들을 세 묶음으로 나눈다.
#
# - **시험 데이터**: 전체의 5분의 1. 맨 마지막까지 열어 보지 않고 넣어 둔다. 끝에 가서 최종으로
#   고른 신경망이 아무도 들여다보지 않은 점들에서 얼마나 잘하는지를 딱 한 번 잰다.
# - **검증 데이터**: 나머지의 4분의 1을 `split_validation`으로 떼어 낸다. 아래에서 하는 비교(어떤
#   신경망을 쓸지, 어떤 옵티마이저를 쓸지)는 모두 이 데이터로 판정하고, 시험 데이터로는 하지
#   않는다. 무언가를 고르는 데 쓴 데이터는 더 이상 공정한 심판이 되지 못하기 때문이다.
# - **훈련 데이터**: 신경망이 실제로 학습하는 점들.

# %%
x, t = make_spirals(n_per_class=100, n_classes=3, noise=0.2, seed=0)
rng = np.random.default_rng(0)
order = rng.permutation(len(x))  # 점 300개를 섞어서
x_rest, t_rest = x[order[:240]], t[order[:240]]  # 240개는 훈련용과 검증용
x_test, t_test = x[order[240:]], t[order[240:]]  # 60개는 시험용: 끝까지 보지 않는다
(x_train, t_train), (x_val, t_val) = split_validation(x_rest, t_rest, 0.25, seed=0)
print("training set:  ", x_train.shape, t_train.shape)
print("validation set:", x_val.shape, t_val.shape)
print("test set:      ", x_test.shape, t_test.shape)

# %%
COLORS = np.array(["#1f77b4", "#ff7f0e", "#2ca02c"])  # 클래스 0, 1, 2의 색

fig, ax = plt.subplots(figsize=(4.5, 4.5))
ax.scatter(x_train[:, 0], x_train[:, 1], c=COLORS[t_train], s=14, label="training")
ax.scatter(x_val[:, 0], x_val[:, 1], c=COLORS[t_val], s=40, marker="x", label="validation")
ax.set(xlabel="x0", ylabel="x1", title="Three spirals", aspect="equal")
ax.legend(loc="lower right")
plt.show()

# %% [markdown]
# ## 조종간: 하이퍼파라미터(hyperparameter)
#
# 아래 값들은 학습을 시작하기 전에 사람이 정하는 **하이퍼파라미터**다. 값을 바꾸고 노트북을
# 다시 실행해 보자. `hidden_sizes`는 은닉층(hidden layer)마다 뉴런이 몇 개인지 차례로 적은
# 목록이다. `[]`는 은닉층이 아예 없는 신경망(선형 분류기)이고, `[64, 64]`는 뉴런 64개짜리 은닉층
# 두 개다. `activation`은 `"relu"`, `"sigmoid"`, `"tanh"` 가운데 하나이고, 가중치
# 초기화(weight initialisation)는 8장에서 권한 대로 이 활성화 함수(activation function)를 따른다.
# ReLU에는 He 초기화를, 시그모이드 함수와 쌍곡탄젠트(tanh)에는 Xavier 초기화를 쓴다. 이어지는
# 신경망은 비교용까지 모두 이 두 가지 선택을 그대로 쓴다.

# %%
hidden_sizes = [64, 64]  # 은닉층마다의 뉴런 수
activation = "relu"  # "relu", "sigmoid", "tanh"
weight_init = "he" if activation == "relu" else "xavier"
optimizer = Adam(lr=0.01)
epochs = 200
batch_size = 30

# %% [markdown]
# ## 학습: 에폭(epoch)과 미니배치(mini-batch)
#
# `train`은 에폭마다 훈련 데이터를 뒤섞은 다음 미니배치 단위로 차례차례 훑으면서,
# 오차역전파법(backpropagation)으로 구한 기울기로 옵티마이저가 가중치를 갱신하게 한다.
# 돌려주는 값은 `History`로, 에폭이 끝날 때마다 훈련 데이터와 검증 데이터(`validation=`)에서
# 잰 손실(loss)과 정확도가 들어 있다.

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
left.plot(history.loss)  # 에폭마다 미니배치 손실의 평균 (로그 눈금)
left.set(xlabel="epoch", ylabel="mean mini-batch loss", title="Loss", yscale="log")
right.plot(history.train_acc, label="training")
right.plot(history.val_acc, label="validation")
right.set(xlabel="epoch", ylabel="accuracy", title="Accuracy", ylim=(0, 1.02))
right.legend(loc="lower right")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 신경망이 배운 것: 결정 영역(decision regions)
#
# 학습을 마친 신경망은 자기가 본 점들에서만이 아니라 평면 전체에서 값을 내는 함수다. 촘촘한
# 격자의 모든 점에 대해 어느 클래스인지 물어보면 신경망의 **결정 영역**이 그려진다. 잘
# 배웠다면 그 경계가 나선의 팔을 따라갈 것이다.

# %%
def plot_regions(net, title):
    """Colour the plane by the class ``net`` predicts, with the data on top."""
    g0, g1 = np.meshgrid(np.linspace(-1.2, 1.2, 241), np.linspace(-1.2, 1.2, 241))
    grid = np.column_stack([g0.ravel(), g1.ravel()])  # 241 × 241개의 격자점
    predicted = net.predict(grid).argmax(axis=1).reshape(g0.shape)  # 점마다 고른 클래스
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.contourf(g0, g1, predicted, levels=[-0.5, 0.5, 1.5, 2.5], colors=COLORS, alpha=0.25)
    ax.scatter(x_rest[:, 0], x_rest[:, 1], c=COLORS[t_rest], s=10)  # 시험 데이터는 빼고
    ax.set(xlabel="x0", ylabel="x1", title=title, aspect="equal")
    plt.show()


plot_regions(net, f"hidden layers {hidden_sizes}: validation accuracy "
                  f"{history.val_acc[-1]:.2f}")

# %% [markdown]
# ## 비교: 은닉층(hidden layer)이 꼭 있어야 할까?
#
# 은닉층이 없는 신경망부터 은닉층이 둘인 신경망까지, 몇 가지 신경망을 똑같은 방법으로 학습시켜
# 본다. 은닉층이 없으면 신경망은 평면을 직선으로만 자를 수 있는데, 직선을 어떻게 골라도 나선은
# 갈라지지 않는다. 이 문제에서는 작은 은닉층 하나만 있어도 충분하다. 판정은 모두 검증
# 데이터로 한다.

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
# ## 비교: SGD와 Adam
#
# 학습률이 같으면 평범한 SGD는 Adam보다 훨씬 느리게 나아간다(그 이유는 8장에서 설명했다).
# `SGD(lr=0.5)`로 바꾸거나 에폭을 늘려 보고, SGD가 Adam을 얼마나 따라잡는지 확인해 보자.

# %%
for choice in (SGD(lr=0.01), Adam(lr=0.01)):
    candidate = MultiLayerNet(2, [64, 64], 3, activation=activation,
                              weight_init=weight_init, seed=0)
    run = train(candidate, choice, x_train, t_train, epochs=epochs, batch_size=batch_size,
                seed=0, progress=False)
    print(f"{type(choice).__name__:5} final loss {run.loss[-1]:.3f}  validation accuracy "
          f"{evaluate(candidate, x_val, t_val):.3f}")

# %% [markdown]
# ## 시험 데이터(test set)는 한 번만
#
# 지금까지의 선택은 모두 검증 데이터로 했다. 이제야, 검증 데이터가 고른 신경망을 시험 데이터에
# 딱 한 번 내보낸다. 이 점들로는 아무것도 고르지 않았으니, 여기서 나온 정확도가 새로운 점에서의
# 실력을 정직하게 추정한 값이다. 점이 60개뿐이라(점 하나가 정확도 1.7%) 검증 정확도보다 몇
# 포인트 높게도, 낮게도 나올 수 있다. 다만 평균적으로는 우승한 신경망의 검증 정확도가 실력보다
# 조금 후하게 나온다. 하필 거기서 가장 잘한 신경망을 골랐기 때문이다(자세한 이야기는 10장에서
# 한다). 이 결과를 보고 나서 다시 고른다면, 시험 데이터는 검증 데이터가 하나 더 생긴 것에
# 지나지 않게 된다.

# %%
scores = {name: evaluate(candidate, x_val, t_val) for name, candidate in trained.items()}
chosen = max(scores, key=scores.get)  # 검증 정확도가 가장 높은 신경망
print(f"chosen on validation: hidden layers {chosen} "
      f"(validation accuracy {scores[chosen]:.3f})")
print(f"its test accuracy, measured once: {evaluate(trained[chosen], x_test, t_test):.3f}")

# %% [markdown]
# ## 직접 해 보기(try it)
#
# - 문제를 더 어렵게 만들어 보자. `make_spirals(noise=0.5)`로 잡음을 키우거나, 클래스를 다섯
#   개로 늘린다(`n_classes=5`, 색도 두 개 더 필요하다). 이제 은닉층은 얼마나 넓어야 할까?
# - `activation`을 `"sigmoid"`로 바꿔 보자(초기 가중치도 함께 Xavier로 바뀐다). 손실 곡선은
#   어떻게 달라지고, 왜 그럴까(2장의 기울기 소실 문제)?
# - 뉴런 256개짜리 은닉층 하나로 2,000에폭 동안 학습시켜 보자. 검증 데이터의 정확도가
#   훈련 데이터의 정확도를 따라가는가? 두 정확도 사이의 그 차이가 <strong>오버피팅(overfitting)</strong>이다.
# - 비교에 후보를 직접 더해 보자(다른 크기, 다른 학습률). 고르는 일은 검증 데이터에 맡기고,
#   시험 데이터는 최종으로 고른 하나에만 쓴다.
