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

Reports come in English or in Korean: ``check(name, answer, language="ko")``, or the
environment variable ``DLBOOK_LANG=ko`` (the Korean edition's notebooks set it). Every
message of the checker's own is a pair of templates in ``MESSAGES``; each chapter's
module ends with a dict ``KOREAN`` translating the hints it registers (English text ->
Korean text). A hint with no Korean translation is shown in English.
"""

from __future__ import annotations

import contextvars
import functools
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

LANGUAGES = ("en", "ko")
# The checker's own words: a key -> (English, Korean) templates, filled in after
# translation with str.format. The language of the check under way is _LANGUAGE's.
MESSAGES = {
    "passed": ("{name}: passed ({cases} case{s})", "{name}: 통과 (사례 {cases}개)"),
    "summary": ("{passed} of {total} passed", "{total}개 중 {passed}개 통과"),
    "failed": ("{name}: FAILED\n{message}", "{name}: 실패\n{message}"),
    "hint": ("{message}\n    hint: {hint}", "{message}\n    힌트: {hint}"),
    "on": ("on {label}", "사례 '{label}'"),
    "on input": ("on {label}, input {inputs}", "사례 '{label}', 입력 {inputs}"),
    "expected": ("expected {expected}\n    got      {got}",
                 "기댓값  {expected}\n    받은 값 {got}"),
    "raised": ("your function raised an error:\n{error}",
               "함수가 오류를 일으켰다:\n{error}"),
    "warned": ("your function warned: {warning}", "함수가 경고를 냈다: {warning}"),
    "time": ("your function did not return within {seconds:g} seconds and was stopped",
             "함수가 {seconds:g}초 안에 끝나지 않아서 멈췄다"),
    "time hint": (
        "A loop that never ends? Check that the loop's condition changes on every "
        "turn (a `while` whose variable is never updated, an index that is never "
        "increased).",
        "끝나지 않는 반복문인가? 반복문의 조건이 매번 바뀌는지 확인하자(변수를 한 번도 "
        "갱신하지 않는 `while`, 한 번도 늘리지 않는 인덱스)."),
    "changed": ("your function changed its input (argument {number}): it was "
                "{before}, afterwards it was {after}",
                "함수가 입력(인수 {number})을 바꿨다: 호출 전에는 {before}, 호출 "
                "뒤에는 {after}"),
    "changed hint": (
        "Don't write into the caller's array (x[x < 0] = 0 or dout *= ... changes "
        "it): build a new one, e.g. with np.maximum, np.where or dout * mask, or use "
        "x.copy().",
        "호출한 쪽의 배열에 쓰지 말자(x[x < 0] = 0이나 dout *= ...는 그 배열을 "
        "바꾼다). np.maximum, np.where, dout * mask 등으로 새 배열을 만들거나 "
        "x.copy()를 쓰자."),
    "warning hint": ("Find the operation that warns.", "경고를 내는 연산을 찾자."),
    "truth value hint": (
        "The error is in your code (above). If it mentions 'truth value of an "
        "array', an `if` met a whole array: compare the array at once (x > 0) "
        "instead.",
        "오류는 위에 보이는 여러분의 코드에 있다. 'truth value of an array'라는 말이 "
        "있다면 `if`가 배열 전체를 받은 것이다. 대신 배열을 한꺼번에 비교하자(x > 0)."),
    "error hint": ("The error is in your code (above): read its last line first.",
                   "오류는 위에 보이는 여러분의 코드에 있다. 마지막 줄부터 읽자."),
    "compare code": ("Compare your code with the chapter's.",
                     "여러분의 코드를 이 장의 코드와 비교하자."),
    "none": ("Your function returned None: did you forget the `return`?",
             "함수가 None을 돌려주었다. `return`을 빠뜨리지 않았는가?"),
    "not array": ("Return a NumPy array (or a number), not a {kind}.",
                  "{kind} 말고 넘파이 배열(또는 수)을 돌려주자."),
    "transpose": (
        "It is the transpose of the right answer: expected shape {expected}, got "
        "{got}. A gradient has the shape of what it is the gradient of: swap the two "
        "factors of the product and transpose each (dW = x.T @ dout, not dout.T @ x).",
        "정답을 전치한 것이다: 기대한 형상은 {expected}, 받은 형상은 {got}. 기울기는 "
        "그 기울기를 구한 대상과 형상이 같다. 곱의 두 인수를 맞바꾸고 각각 전치하자"
        "(dout.T @ x가 아니라 dW = x.T @ dout)."),
    "shape": ("The shape is wrong: expected {expected}, got {got}. Work element by "
              "element on the whole array, and keep every axis.",
              "형상이 틀렸다: 기대한 형상은 {expected}, 받은 형상은 {got}. 배열 전체에 "
              "원소별로 계산하고, 축을 하나도 잃지 말자."),
    "booleans": ("booleans", "불리언"),
    "dtype": ("dtype {dtype}", "dtype {dtype}"),
    "integers": ("Return integers 0 and 1, not {kind}: e.g. (x > 0).astype(np.int64), "
                 "or int(...) for one number.",
                 "{kind} 말고 정수 0과 1을 돌려주자. 예를 들어 "
                 "(x > 0).astype(np.int64)를, 수 하나라면 int(...)를 쓴다."),
    "floats": ("Return floating-point numbers, not dtype {dtype}.",
               "dtype {dtype} 말고 부동소수점 수를 돌려주자."),
    "overflow": ("Some outputs are inf or nan where the true values are finite: "
                 "something overflowed.",
                 "참값은 유한한데 출력 일부가 inf나 nan이다. 어딘가에서 오버플로가 "
                 "일어났다."),
    "compare formula": ("Compare your formula with the chapter's.",
                        "여러분의 식을 이 장의 식과 비교하자."),
    "prediction": ("your prediction {answer} is not what the code gives",
                   "예측한 값 {answer}: 코드가 내는 값과 다르다"),
    "prediction hint": ("Follow the snippet line by line, writing down the shape and "
                        "the value of every variable.",
                        "코드를 한 줄씩 따라가며 변수마다 형상과 값을 적어 보자."),
    "prediction case": ("your prediction", "예측"),
    "a function given": ("expected your prediction, a value, got the function {what}",
                         "예측한 값을 넘겨야 한다. 받은 것: 함수 {what}"),
    "a function given hint": ("work the answer out and pass it: check({name}, 42).",
                              "답을 직접 구해서 값으로 넘기자: check({name}, 42)."),
    "not callable": ("expected a function, got {kind} {value}",
                     "함수를 넘겨야 한다. 받은 것: {kind} {value}"),
    "not callable hint": ("pass the function itself, check({name}, my_function), "
                          "without calling it.",
                          "함수를 호출하지 말고 함수 자체를 넘기자: "
                          "check({name}, my_function)."),
}
_LANGUAGE = contextvars.ContextVar("dlbook_exercises_language", default="en")


def _say(key: str, language: str | None = None, **values) -> str:
    """The checker's message ``key`` in ``language`` (default: the check's), filled."""
    english, korean = MESSAGES[key]
    template = korean if (language or _LANGUAGE.get()) == "ko" else english
    return template.format(**values)


def _translated(text: str) -> str:
    """A chapter's hint ``text`` in the check's language (English if no Korean)."""
    if _LANGUAGE.get() != "ko" or not text:
        return text
    return _chapter_modules()[1].get(text, text)


def korean_hints() -> dict[str, str]:
    """Every chapter module's ``KOREAN`` dict, merged: English hint -> Korean hint.

    A copy of the table the chapters' modules gave when they were imported (once).
    """
    return dict(_chapter_modules()[1])


def resolve_language(language: str | None = None) -> str:
    """``"en"`` or ``"ko"``: ``language``, or when None the variable DLBOOK_LANG.

    ``DLBOOK_LANG=ko`` gives ``"ko"``; any other value, or none, gives ``"en"``.
    Refuses (ValueError) a ``language`` other than None, ``"en"`` and ``"ko"``.
    """
    if language is None:
        wanted = os.environ.get("DLBOOK_LANG", "").strip().lower()
        return "ko" if wanted == "ko" else "en"
    if language not in LANGUAGES:
        raise ValueError(f"language must be 'en' or 'ko', got {language!r}")
    return language


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
    Jupyter), in ``language`` (``"en"`` or ``"ko"``), the language it was written in.
    """

    name: str
    passed: bool
    cases: int
    message: str = ""
    hint: str = field(default="", repr=False)
    language: str = field(default="en", repr=False)

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        if self.passed:
            return _say("passed", self.language, name=self.name, cases=self.cases,
                        s="s" * (self.cases != 1))
        return _say("failed", self.language, name=self.name, message=self.message)

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
            raise _Failure(_say("time", seconds=exercise.time_limit),
                           _say("time hint")) from None
        except Exception as exc:  # the learner's error: shown as theirs
            raise _Failure(_say("raised", error=_indent(_their_traceback(exc))),
                           "exception") from None
    if caught:
        w = caught[0]
        raise _Failure(_say("warned", warning=f"{w.category.__name__}: {w.message}"),
                       "warning")
    for i, (before, after) in enumerate(zip(args, given)):
        same = isinstance(after, np.ndarray) and after.shape == before.shape and \
            np.array_equal(after, before, equal_nan=True)
        if isinstance(before, np.ndarray) and not same:
            raise _Failure(_say("changed", number=i + 1, before=_show(before),
                                after=_show(after)), _say("changed hint"))
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
            return _translated(exercise.hint) or _say("compare code")
        key = next(k for k in expected if not _same(got[k], expected[k], exercise))
        return f"{key}: {_why(got[key], expected[key], exercise)}"
    if got is None or (isinstance(got, list) and any(g is None for g in got)):
        return _say("none")
    array, expected = _as_array(got), np.asarray(expected)
    if array is None or array.dtype == object:
        return _say("not array", kind=type(got).__name__)
    if array.ndim == 2 and array.shape == expected.shape[::-1] != expected.shape and \
            array.dtype.kind in "fiu" and np.allclose(array.T, expected):
        return _say("transpose", expected=expected.shape, got=array.shape)
    if array.shape != expected.shape:
        return _say("shape", expected=expected.shape, got=array.shape)
    if exercise.output == "int" and array.dtype.kind not in "iu":
        kind = _say("booleans") if array.dtype.kind == "b" else \
            _say("dtype", dtype=array.dtype)
        return _say("integers", kind=kind)
    if exercise.output == "float" and array.dtype.kind not in "fiu":
        return _say("floats", dtype=array.dtype)
    if exercise.output == "float" and not np.all(np.isfinite(array)):
        return _say("overflow") + (" " + _translated(exercise.warning_hint)
                                   if exercise.warning_hint else "")
    return _translated(exercise.hint) or _say("compare formula")


def _check_case(function, case: Case, exercise: Exercise) -> None:
    """Run one case; a _Failure saying what went wrong and why."""
    shown = _say("on input", label=case.label,
                 inputs=", ".join(map(_show, case.args))) if case.args else \
        _say("on", label=case.label)
    try:
        got = _run(function, case, exercise)
    except _Failure as failure:
        hint = failure.hint
        if hint == "warning":
            hint = _translated(exercise.warning_hint) or _say("warning hint")
        elif hint == "exception":
            hint = _say("truth value hint" if "truth value" in failure.message
                        else "error hint")
        raise _Failure(f"{shown}:\n{_indent(failure.message)}", hint) from None
    expected = _quiet(exercise.reference, case, exercise)
    if not isinstance(expected, dict):
        expected = np.asarray(expected)
    if _same(got, expected, exercise):
        return
    for mistake, hint in exercise.mistakes:
        if _same(got, _mistaken(mistake, case, exercise), exercise):
            hint = _translated(hint)
            break
    else:
        hint = _why(got, expected, exercise)
    shown_got = _show(np.asarray(got)) if isinstance(got, list) and None not in got \
        else _show(got)
    raise _Failure(f"{shown}:\n    " + _say("expected", expected=_show(expected),
                                           got=shown_got), hint)


def _check_prediction(answer, exercise: Exercise) -> Result:
    """Compare a predicted value with the true one, without giving the true one away."""
    name, language = exercise.name, _LANGUAGE.get()
    if callable(answer):
        hint = _say("a function given hint", name=repr(name))
        return Result(name, False, 1, _say(
            "hint", message=_say("a function given",
                                 what=repr(getattr(answer, "__name__", answer))),
            hint=hint), hint, language)
    case = Case(_say("prediction case"))
    expected = _quiet(exercise.reference, case, exercise)
    if _same(answer, expected, exercise):
        return Result(name, True, 1, language=language)
    for mistake, hint in exercise.mistakes:
        if _same(answer, _mistaken(mistake, case, exercise), exercise):
            hint = _translated(hint)
            break
    else:  # a general hint only: a shape or a value would give the answer away
        hint = _translated(exercise.hint) or _say("prediction hint")
    return Result(name, False, 1, _say("hint", message=_say(
        "prediction", answer=_show(answer)), hint=hint), hint, language)


# --8<-- [start:check]
def check(name: str, function: Callable[..., Any] | Any, *,
          language: str | None = None) -> Result:
    """Check the learner's ``function`` for the exercise ``name``; returns a Result.

    ``function`` is called on each hidden case (inputs of the exercise's shapes, e.g.
    ``(C,)`` and a batch ``(N, C)`` for ``softmax``) and its answer compared with
    dlbook's own. For a layer or an optimizer exercise it is the learner's class; for a
    prediction it is the predicted value (a number, a shape tuple, an array). The Result
    is truthy only if every case passed; printed, it names the first failing input, what
    was expected, what came back, and a hint. The checker never raises because of the
    learner's code: their exception, a warning, a call that does not return within the
    time limit, ``None``, a wrong shape or dtype, or a ``function`` that is not
    callable, is a failed Result. The report is in ``language``, ``"en"`` or ``"ko"``;
    None means the environment variable ``DLBOOK_LANG`` (``ko`` for Korean, English
    otherwise). Refuses (ValueError) an unknown exercise name, listing the known ones,
    and another language, naming the two.
    """
    exercise = _exercise(name)
    token = _LANGUAGE.set(resolve_language(language))
    try:
        return _check(exercise, function)
    finally:
        _LANGUAGE.reset(token)
# --8<-- [end:check]


def _check(exercise: Exercise, function) -> Result:
    """:func:`check`, in the language _LANGUAGE holds."""
    name, language = exercise.name, _LANGUAGE.get()
    if exercise.predict:
        return _check_prediction(function, exercise)
    if not callable(function):
        hint = _say("not callable hint", name=repr(name))
        message = _say("not callable", kind=type(function).__name__,
                       value=_show(function))
        return Result(name, False, 0, _say("hint", message=message, hint=hint), hint,
                      language)
    for number, case in enumerate(exercise.cases, start=1):
        try:
            _check_case(function, case, exercise)
        except _Failure as failure:
            return Result(name, False, number,
                          _say("hint", message=failure.message, hint=failure.hint),
                          failure.hint, language)
    return Result(name, True, len(exercise.cases), language=language)


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
    _chapter_modules()


@functools.cache
def _chapter_modules() -> tuple[tuple, dict[str, str]]:
    """The chapters' modules, imported once, and their ``KOREAN`` dicts merged."""
    modules = tuple(importlib.import_module(f"{__name__}.{info.name}")
                    for info in pkgutil.iter_modules(__path__))
    korean: dict[str, str] = {}
    for module in modules:
        korean.update(getattr(module, "KOREAN", {}))
    return modules, korean


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
