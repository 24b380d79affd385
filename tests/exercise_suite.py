"""The two tests every chapter's exercises get: solutions pass, wrong answers fail.

A chapter's test file (``tests/test_exercises_<module>.py``) defines ``SOLUTIONS``, a
dict from every exercise name of its chapter to a model answer (a function, a class, or
for a prediction the value), and ``WRONG``, a list of ``(name, wrong answer, words)``:
the classic mistakes, each of which must fail with a report containing ``words`` (the
hint meant for it). It then takes its tests from :func:`suite`::

    test_the_solution_passes, test_a_classic_wrong_answer_fails_with_its_own_hint = \\
        suite(SOLUTIONS, WRONG)

``tests/test_exercises.py`` makes sure every registered exercise has a solution there and
at least one wrong answer. A chapter whose every registered mistake is reachable takes two
more tests from :func:`mistake_and_time_tests`; ``registered`` is a fixture for tests that
register exercises of their own (import it into the test file).
"""

from __future__ import annotations

import time

import pytest

from dlbook import exercises as registry
from dlbook.exercises import check, lookup


def suite(solutions: dict, wrong: list):
    """The solution test and the wrong-answer test for ``solutions`` and ``wrong``."""

    @pytest.mark.parametrize("name", list(solutions))
    def test_the_solution_passes(name):
        result = check(name, solutions[name])
        assert result and result.passed, str(result)
        plural = "s" if result.cases != 1 else ""
        assert str(result) == repr(result) == f"{name}: passed ({result.cases} case{plural})"

    @pytest.mark.parametrize("name, answer, words", wrong,
                             ids=[f"{n}-{w[:40]}" for n, _, w in wrong])
    def test_a_classic_wrong_answer_fails_with_its_own_hint(name, answer, words):
        result = check(name, answer)
        assert not result
        assert words in str(result), str(result)
        assert "hint:" in str(result) and "Traceback" not in str(result)

    return test_the_solution_passes, test_a_classic_wrong_answer_fails_with_its_own_hint


def mistake_and_time_tests(solutions: dict):
    """Two tests for the exercises of ``solutions``: each registered mistake, handed in as
    the answer, is met with its own hint (none is shadowed by another), and a whole check
    of the model answer takes well under a second."""

    @pytest.mark.parametrize("name", list(solutions))
    def test_every_registered_mistake_is_met_with_its_own_hint(name):
        exercise = lookup(name)
        assert exercise.mistakes
        for mistake, hint in exercise.mistakes:
            result = check(name, mistake() if exercise.predict else mistake)
            assert not result and result.hint == hint, (hint, str(result))

    @pytest.mark.parametrize("name", list(solutions))
    def test_a_whole_check_takes_well_under_a_second(name):
        lookup(name)  # the registry is loaded: the clock measures the check alone
        start = time.perf_counter()
        assert check(name, solutions[name])
        assert time.perf_counter() - start < 0.5

    return test_every_registered_mistake_is_met_with_its_own_hint, \
        test_a_whole_check_takes_well_under_a_second


@pytest.fixture
def registered():
    """Register exercises for one test only, and take them out afterwards."""
    names = []

    def add(exercise):
        names.append(exercise.name)
        return registry.register(exercise)

    yield add
    for name in names:
        registry._REGISTRY.pop(name, None)
