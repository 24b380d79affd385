"""Exercises that check themselves: ``check(name, function)``, from chapter 1 on.

A learner writes a function a chapter built (``softmax``, a logic gate, ...), or a class
(a layer with ``forward`` and ``backward``, an optimizer with ``update``), and hands it
to :func:`check`, which runs it on hidden cases: edge cases, batches, extreme values,
other dtypes. Each answer is compared with ``dlbook``'s own implementation, and the
inputs are compared with copies taken before the call (a function must not change its
input). The first case that fails is reported: the input, what was expected, what came
back, and a hint pointing at the likely mistake. An exception raised by the learner's
function is shown as theirs (their frames, their message); a warning it raises
(``RuntimeWarning: overflow encountered in exp``) is a failure too, and so is a call
that has not returned after a few seconds (a loop that never ends is stopped). Some
exercises ask for a prediction instead: ``check("name", value)`` with the value the
learner expects a snippet to give.

Exercises live in a registry, one module per chapter (``dlbook.exercises.perceptron``,
``dlbook.exercises.activations``, ...); :func:`exercises` lists them. NumPy is the only
requirement: no test framework is needed, so ``check`` works in a notebook, in a script
and under pytest alike (``assert check("relu", relu)``).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import time
import traceback
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

__all__ = ["check", "exercises", "lookup", "Result"]

_HERE = os.path.dirname(os.path.abspath(__file__))


# --8<-- [start:case]
@dataclass(frozen=True)
class Case:
    """One hidden input: ``args`` for the function, and ``label`` saying what it tests.

    ``calls`` (optional) runs several calls as one case, e.g. the four rows of a truth
    table: a list of argument tuples whose results are stacked into one array.
    """

    label: str
    args: tuple = ()
    calls: tuple = ()


@dataclass(frozen=True)
class Exercise:
    """A registered exercise: what the learner writes, and how it is checked.

    ``reference`` is dlbook's own implementation, run on every ``Case`` of ``cases``.
    ``run`` (optional) says how a submission meets a case: ``run(submission, *args)``
    returns the answer to compare, e.g. for a layer class it makes the layer, calls
    ``forward`` and ``backward`` and returns ``{"dx": ..., "dW": ...}`` (a dict's
    entries are compared one by one); without it the answer is ``submission(*args)``.
    ``output`` is the kind of answer wanted: ``"int"`` (compared exactly, e.g. 0/1) or
    ``"float"`` (compared with ``rtol``). ``mistakes`` pairs classic wrong versions with
    the hint to give when the learner's answer is exactly what that version returns;
    ``warning_hint`` is given when their function warns; ``hint`` when nothing matches.
    ``predict`` marks an exercise whose answer is a value, not a function: ``reference``
    then takes no argument and computes the true value (with dlbook's own code), and
    each mistake is a function of no argument giving a value a learner might predict.
    ``time_limit`` is how many seconds one call may take before it is stopped.
    """

    name: str
    chapter: int
    task: str
    reference: Callable
    cases: tuple
    output: str = "float"
    mistakes: tuple = ()
    hint: str = ""
    warning_hint: str = ""
    rtol: float = 1e-6
    run: Callable | None = None
    predict: bool = False
    time_limit: float = 5.0
# --8<-- [end:case]


_REGISTRY: dict[str, Exercise] = {}


def register(exercise: Exercise) -> Exercise:
    """Add ``exercise`` to the registry (a chapter's module calls this at import)."""
    if exercise.name in _REGISTRY:
        raise ValueError(f"exercise {exercise.name!r} is registered twice")
    if exercise.output not in ("int", "float"):
        raise ValueError(f"output must be 'int' or 'float', got {exercise.output!r}")
    if exercise.predict and exercise.cases:
        raise ValueError(f"{exercise.name!r} is a prediction: it has no cases")
    _REGISTRY[exercise.name] = exercise
    return exercise


# --8<-- [start:result]
@dataclass
class Result:
    """What :func:`check` found: truthy only when every case passed.

    ``name`` is the exercise, ``passed`` a bool, ``cases`` how many cases ran, and
    ``message`` the report: on a failure the input, what was expected, what came back
    and a hint. It prints as that report (``print(result)``, or just ``result`` in
    Jupyter).
    """

    name: str
    passed: bool
    cases: int
    message: str = ""
    hint: str = field(default="", repr=False)

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        if self.passed:
            return f"{self.name}: passed ({self.cases} case{'s' * (self.cases != 1)})"
        return f"{self.name}: FAILED\n{self.message}"

    __repr__ = __str__
# --8<-- [end:result]


class _Failure(Exception):
    """A case failed: ``message`` says how, ``hint`` what to look at."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


def _show(value) -> str:
    """A short, readable form of an input or an output."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, np.generic) or (
            isinstance(value, np.ndarray) and value.ndim == 0):
        return repr(value.item())
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=6, threshold=12, edgeitems=3):
            text = repr(value)
        if value.dtype not in (np.float64, np.int64) and "dtype" not in text:
            text += f" (dtype {value.dtype})"
        return " ".join(text.split())
    return repr(value)


def _copy(value):
    """A copy of an array, or of a dict of arrays (an optimizer's ``params``)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value.copy() if isinstance(value, np.ndarray) else value


class _TimeUp(BaseException):
    """Raised inside the learner's code when a call has run out of time.

    A BaseException, so that the learner's own ``except Exception`` does not catch it.
    """


def _within(seconds: float, call: Callable):
    """``call()``, stopped with _TimeUp once it has run ``seconds`` seconds.

    The clock is looked at on every line of Python the call runs (``sys.settrace``), so
    a ``while`` loop that never ends is stopped; one long NumPy operation is not.
    """
    deadline = time.monotonic() + seconds
    previous = sys.gettrace()

    def tracer(frame, event, arg):
        if time.monotonic() > deadline:
            raise _TimeUp
        return tracer

    sys.settrace(tracer)
    try:
        return call()
    finally:
        sys.settrace(previous)


def _their_traceback(exc: BaseException) -> str:
    """The learner's frames only: those not in the checker's own files."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if not os.path.abspath(f.filename).startswith(_HERE)]
    lines = traceback.format_list(frames)
    lines += traceback.format_exception_only(type(exc), exc)
    return "".join(lines).rstrip()


def _call(function, args: tuple, exercise: Exercise):
    """Call ``function`` on copies of ``args``; a _Failure if it raises, warns, mutates
    an array it was given, or runs out of time."""
    given = tuple(_copy(a) for a in args)
    with warnings.catch_warnings(record=True) as caught, \
            np.errstate(over="warn", divide="warn", invalid="warn"):
        warnings.simplefilter("always")
        try:
            got = _within(exercise.time_limit,
                          lambda: _apply(exercise, function, given))
        except _TimeUp:
            raise _Failure(
                f"your function did not return within {exercise.time_limit:g} seconds "
                "and was stopped",
                "A loop that never ends? Check that the loop's condition changes on "
                "every turn (a `while` whose variable is never updated, an index that "
                "is never increased).") from None
        except Exception as exc:  # the learner's error: shown as theirs
            raise _Failure("your function raised an error:\n"
                           + _indent(_their_traceback(exc)), "exception") from None
    if caught:
        w = caught[0]
        raise _Failure(f"your function warned: {w.category.__name__}: {w.message}",
                       "warning")
    for i, (before, after) in enumerate(zip(args, given)):
        same = isinstance(after, np.ndarray) and after.shape == before.shape and \
            np.array_equal(after, before, equal_nan=True)
        if isinstance(before, np.ndarray) and not same:
            raise _Failure(
                f"your function changed its input (argument {i + 1}): it was "
                f"{_show(before)}, afterwards it was {_show(after)}",
                "Don't write into the caller's array (x[x < 0] = 0 or dout *= ... "
                "changes it): build a new one, e.g. with np.maximum, np.where or "
                "dout * mask, or use x.copy().")
    return got


def _apply(exercise: Exercise, submission, args: tuple):
    """The answer of ``submission`` (a function, a class or a value) to one case."""
    if exercise.run is not None:
        return exercise.run(submission, *args)
    return submission(*args)


def _run(function, case: Case, exercise: Exercise):
    if case.calls:
        return [_call(function, args, exercise) for args in case.calls]
    return _call(function, case.args, exercise)


def _quiet(function, case: Case, exercise: Exercise):
    """dlbook's (or a known mistake's) answer, with NumPy's warnings silenced."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if case.calls:
            return [_apply(exercise, function, tuple(_copy(a) for a in args))
                    for args in case.calls]
        return _apply(exercise, function, tuple(_copy(a) for a in case.args))


def _mistaken(function, case: Case, exercise: Exercise):
    """A known mistake's answer, or None if that wrong version fails on this case."""
    try:
        return _quiet(function, case, exercise)
    except Exception:
        return None


def _as_array(value):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return np.asarray(value)
    except Exception:
        return None


def _same(got, expected, exercise: Exercise) -> bool:
    if isinstance(expected, dict):
        return isinstance(got, dict) and set(got) == set(expected) and all(
            _same(got[key], expected[key], exercise) for key in expected)
    if isinstance(got, dict):
        return False
    got, expected = _as_array(got), np.asarray(expected)
    if got is None or got.shape != expected.shape or object in (got.dtype,
                                                                 expected.dtype):
        return False  # expected is None where a known mistake failed on this case
    if exercise.output == "int":
        return got.dtype.kind in "iu" and np.array_equal(got, expected)
    if got.dtype.kind not in "fiu":  # relu of integers may stay integers
        return False
    return bool(np.allclose(got, expected, rtol=exercise.rtol, atol=1e-12))


def _indent(text: str, by: str = "    ") -> str:
    return "\n".join(by + line for line in text.split("\n"))


def _why(got, expected, exercise: Exercise) -> str:
    """A hint from how ``got`` differs from ``expected`` (no known mistake matched)."""
    if isinstance(expected, dict):
        if not isinstance(got, dict) or set(got) != set(expected):
            return exercise.hint or "Compare your code with the chapter's."
        key = next(k for k in expected if not _same(got[k], expected[k], exercise))
        return f"{key}: {_why(got[key], expected[key], exercise)}"
    if got is None or (isinstance(got, list) and any(g is None for g in got)):
        return "Your function returned None: did you forget the `return`?"
    array, expected = _as_array(got), np.asarray(expected)
    if array is None or array.dtype == object:
        return f"Return a NumPy array (or a number), not a {type(got).__name__}."
    if array.ndim == 2 and array.shape == expected.shape[::-1] != expected.shape and \
            array.dtype.kind in "fiu" and np.allclose(array.T, expected):
        return (f"It is the transpose of the right answer: expected shape "
                f"{expected.shape}, got {array.shape}. A gradient has the shape of "
                "what it is the gradient of: swap the two factors of the product and "
                "transpose each (dW = x.T @ dout, not dout.T @ x).")
    if array.shape != expected.shape:
        return (f"The shape is wrong: expected {expected.shape}, got {array.shape}. "
                "Work element by element on the whole array, and keep every axis.")
    if exercise.output == "int" and array.dtype.kind not in "iu":
        kind = "booleans" if array.dtype.kind == "b" else f"dtype {array.dtype}"
        return (f"Return integers 0 and 1, not {kind}: e.g. (x > 0).astype(np.int64), "
                "or int(...) for one number.")
    if exercise.output == "float" and array.dtype.kind not in "fiu":
        return f"Return floating-point numbers, not dtype {array.dtype}."
    if exercise.output == "float" and not np.all(np.isfinite(array)):
        return ("Some outputs are inf or nan where the true values are finite: "
                "something overflowed.") + (" " + exercise.warning_hint
                                            if exercise.warning_hint else "")
    return exercise.hint or "Compare your formula with the chapter's."


def _check_case(function, case: Case, exercise: Exercise) -> None:
    """Run one case; a _Failure saying what went wrong and why."""
    shown = f"on {case.label}" + (f", input {', '.join(map(_show, case.args))}"
                                  if case.args else "")
    try:
        got = _run(function, case, exercise)
    except _Failure as failure:
        hint = failure.hint
        if hint == "warning":
            hint = exercise.warning_hint or "Find the operation that warns."
        elif hint == "exception":
            hint = ("The error is in your code (above). If it mentions 'truth value of "
                    "an array', an `if` met a whole array: compare the array at once "
                    "(x > 0) instead." if "truth value" in failure.message else
                    "The error is in your code (above): read its last line first.")
        raise _Failure(f"{shown}:\n{_indent(failure.message)}", hint) from None
    expected = _quiet(exercise.reference, case, exercise)
    if not isinstance(expected, dict):
        expected = np.asarray(expected)
    if _same(got, expected, exercise):
        return
    for mistake, hint in exercise.mistakes:
        if _same(got, _mistaken(mistake, case, exercise), exercise):
            break
    else:
        hint = _why(got, expected, exercise)
    shown_got = _show(np.asarray(got)) if isinstance(got, list) and None not in got \
        else _show(got)
    raise _Failure(
        f"{shown}:\n    expected {_show(expected)}\n    got      {shown_got}", hint)


def _check_prediction(answer, exercise: Exercise) -> Result:
    """Compare a predicted value with the true one, without giving the true one away."""
    name = exercise.name
    if callable(answer):
        return Result(name, False, 1, f"expected your prediction, a value, got the "
                      f"function {getattr(answer, '__name__', answer)!r}\n    hint: "
                      f"work the answer out and pass it: check({name!r}, 42).")
    case = Case("your prediction")
    expected = _quiet(exercise.reference, case, exercise)
    if _same(answer, expected, exercise):
        return Result(name, True, 1)
    for mistake, hint in exercise.mistakes:
        if _same(answer, _mistaken(mistake, case, exercise), exercise):
            break
    else:  # a general hint only: a shape or a value would give the answer away
        hint = exercise.hint or ("Follow the snippet line by line, writing down the "
                                 "shape and the value of every variable.")
    return Result(name, False, 1, f"your prediction {_show(answer)} is not what the "
                  f"code gives\n    hint: {hint}", hint)


# --8<-- [start:check]
def check(name: str, function: Callable[..., Any] | Any) -> Result:
    """Check the learner's ``function`` for the exercise ``name``; returns a Result.

    ``function`` is called on each hidden case (inputs of the exercise's shapes, e.g.
    ``(C,)`` and a batch ``(N, C)`` for ``softmax``) and its answer compared with
    dlbook's own. For a layer or an optimizer exercise it is the learner's class; for a
    prediction it is the predicted value (a number, a shape tuple, an array). The Result
    is truthy only if every case passed; printed, it names the first failing input, what
    was expected, what came back, and a hint. The checker never raises because of the
    learner's code: their exception, a warning, a call that does not return within the
    time limit, ``None``, a wrong shape or dtype, or a ``function`` that is not
    callable, is a failed Result. Refuses (ValueError) an unknown exercise name, listing
    the known ones.
    """
    exercise = _exercise(name)
    if exercise.predict:
        return _check_prediction(function, exercise)
    if not callable(function):
        return Result(name, False, 0,
                      f"expected a function, got {type(function).__name__} "
                      f"{_show(function)}\n    hint: pass the function itself, "
                      f"check({name!r}, my_function), without calling it.")
    for number, case in enumerate(exercise.cases, start=1):
        try:
            _check_case(function, case, exercise)
        except _Failure as failure:
            return Result(name, False, number,
                          f"{failure.message}\n    hint: {failure.hint}", failure.hint)
    return Result(name, True, len(exercise.cases))
# --8<-- [end:check]


# --8<-- [start:lookup]
def lookup(name: str) -> Exercise:
    """The registered :class:`Exercise` called ``name``; ValueError if there is none.

    ``lookup(name).predict`` says whether the answer is a value (a prediction) rather
    than a function or a class; ``.task`` says what to write.
    """
    return _exercise(name)
# --8<-- [end:lookup]


def _exercise(name: str) -> Exercise:
    _load()
    if not isinstance(name, str) or name not in _REGISTRY:
        known = ", ".join(row[0] for row in exercises())
        raise ValueError(f"unknown exercise {name!r}; the exercises are: {known}")
    return _REGISTRY[name]


def _load() -> None:
    """Import every chapter's module of this package: each registers its exercises.

    A new chapter's exercises need only a new module here (``dlbook/exercises/x.py``).
    """
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


# --8<-- [start:exercises]
def exercises(chapter: int | None = None) -> list[tuple[str, int, str]]:
    """The exercises as ``(name, chapter, task)`` triples, in chapter order.

    ``chapter`` (optional) keeps only that chapter's.
    """
    _load()
    found = [(e.name, e.chapter, e.task) for e in _REGISTRY.values()]
    found.sort(key=lambda row: row[1])  # stable: each chapter keeps its own order
    return [row for row in found if chapter is None or row[1] == chapter]
# --8<-- [end:exercises]
