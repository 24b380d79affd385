"""Chapter 10's search tools: ``log_uniform`` and ``random_search``."""

from __future__ import annotations

import numpy as np
import pytest

from dlbook.training import SearchTrial, log_uniform, random_search


def test_log_uniform_covers_every_decade_alike():
    values = log_uniform(1e-6, 1e-2, rng=np.random.default_rng(0), size=40_000)
    assert values.min() >= 1e-6 and values.max() < 1e-2
    decades = np.histogram(np.log10(values), bins=[-6, -5, -4, -3, -2])[0]
    assert np.all(np.abs(decades / len(values) - 0.25) < 0.01)


def test_log_uniform_gives_one_float_without_size_and_is_seeded():
    a = log_uniform(0.001, 1.0, rng=np.random.default_rng(3))
    b = log_uniform(0.001, 1.0, rng=np.random.default_rng(3))
    assert isinstance(a, float) and a == b and 0.001 <= a < 1.0


@pytest.mark.parametrize("low, high", [(0, 1), (-1, 1), (1, 1), (2, 1), (np.nan, 1),
                                       (True, 2), ("0.1", 1), (1e-3, np.inf)])
def test_log_uniform_refuses_bounds_that_are_not_0_lt_low_lt_high(low, high):
    with pytest.raises(ValueError, match="0 < low < high"):
        log_uniform(low, high, rng=np.random.default_rng(0))


def test_random_search_tries_seeded_log_uniform_settings_in_order():
    seen = []

    def objective(lr, decay):
        seen.append((lr, decay))
        return -abs(np.log10(lr) + 2)  # best near lr = 0.01, decay ignored

    space = {"lr": (1e-4, 1.0), "decay": (1e-8, 1e-4)}
    trials = random_search(objective, space, 30, seed=1)
    assert [tuple(t.params.values()) for t in trials] == seen
    assert all(isinstance(t, SearchTrial) and isinstance(t.score, float) for t in trials)
    assert all(1e-4 <= lr < 1 and 1e-8 <= decay < 1e-4 for lr, decay in seen)
    best = max(trials, key=lambda trial: trial.score)
    assert abs(np.log10(best.params["lr"]) + 2) < 0.3
    again = random_search(objective, space, 30, seed=1)
    assert [t.params for t in again] == [t.params for t in trials]
    other = random_search(objective, space, 30, seed=2)
    assert [t.params for t in other] != [t.params for t in trials]


def test_random_search_checks_its_arguments_before_any_trial():
    calls = []

    def objective(**params):
        calls.append(params)
        return 0.5

    with pytest.raises(ValueError, match="n_trials must be a whole number"):
        random_search(objective, {"lr": (1e-3, 1)}, 0)
    with pytest.raises(ValueError, match="space is empty"):
        random_search(objective, {}, 3)
    with pytest.raises(ValueError, match="0 < low < high"):
        random_search(objective, {"lr": (1e-3, 1), "decay": (0, 1e-4)}, 3)
    assert calls == []


def test_random_search_refuses_an_objective_that_returns_no_number():
    with pytest.raises(ValueError, match="must return a number.*got tuple"):
        random_search(lambda lr: (0.9, "net"), {"lr": (1e-3, 1)}, 2)
    with pytest.raises(ValueError, match="got bool"):
        random_search(lambda lr: True, {"lr": (1e-3, 1)}, 2)
