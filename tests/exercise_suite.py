"""The two tests every chapter's exercises get: solutions pass, wrong answers fail.

A chapter's test file (``tests/test_exercises_<module>.py``) defines ``SOLUTIONS``, a
dict from every exercise name of its chapter to a model answer (a function, a class, or
for a prediction the value), and ``WRONG``, a list of ``(name, wrong answer, words)``:
the classic mistakes, each of which must fail with a report containing ``words`` (the
hint meant for it). It then takes its tests from :func:`suite`::

    test_the_solution_passes, test_a_classic_wrong_answer_fails_with_its_own_hint = \\
        suite(SOLUTIONS, WRONG)

``tests/test_exercises.py`` makes sure every registered exercise has a solution there and
at least one wrong answer.
"""

from __future__ import annotations

import pytest

from dlbook.exercises import check


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
