"""The exercise checker: solutions pass, the classic wrong answers fail with their own hint,
the checker never leaks its own traceback, and the command line checks a learner's file."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest

import dlbook
from dlbook import cli
from dlbook.exercises import Result, check, exercises
from exercise_suite import registered, suite  # noqa: F401 (a fixture)

NAMES = [name for name, _, _ in exercises()]

# dlbook's own functions are the model solutions (the pages' solutions are run by sybil).
SOLUTIONS = {
    "AND": dlbook.AND, "NAND": dlbook.NAND, "OR": dlbook.OR, "XOR": dlbook.XOR,
    "perceptron": lambda x, w, b: (x @ w + b > 0).astype(np.int64),
    "step_function": dlbook.step_function, "sigmoid": dlbook.sigmoid,
    "relu": dlbook.relu, "softmax": dlbook.softmax, "sigmoid_grad": dlbook.sigmoid_grad,
}


def gate(w1, w2, b):
    """A gate as the book writes one: two numbers in, 0 or 1 out."""
    return lambda x1, x2: 1 if w1 * x1 + w2 * x2 + b > 0 else 0


def naive_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def relu_in_place(x):
    x[x < 0] = 0
    return x


def step_with_if(x):
    if x > 0:
        return 1
    return 0


def softmax_no_shift(x):
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_whole_batch(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


def softmax_axis0(x):
    e = np.exp(x - np.max(x, axis=0))
    return e / np.sum(e, axis=0)


# (exercise, wrong answer, words the report must contain)
WRONG = [
    ("AND", gate(0.5, 0.5, 0.7), "bias must be negative"),  # the bias's sign flipped
    ("AND", gate(-0.5, -0.5, 0.7), "This is NAND"),
    ("AND", gate(0.5, 0.5, -0.2), "This is OR"),
    ("AND", lambda x1, x2: x1 * x2 > 0, "not booleans"),
    ("NAND", gate(0.5, 0.5, -0.7), "This is AND"),
    ("OR", gate(0.5, 0.5, -0.7), "This is AND"),
    ("OR", gate(-0.5, -0.5, 0.2), "This is NOR"),
    ("XOR", lambda a, b: dlbook.OR(dlbook.AND(a, b), dlbook.NOR(a, b)), "This is XNOR"),
    ("XOR", dlbook.OR, "This is OR"),
    ("perceptron", lambda x, w, b: (x @ w + b >= 0).astype(int), "not >="),
    ("perceptron", lambda x, w, b: (x @ w - b > 0).astype(int), "The bias is added"),
    ("perceptron", lambda x, w, b: int(np.sum(w * x) + b > 0), "adds up the whole batch"),
    ("step_function", lambda x: x > 0, "not booleans"),
    ("step_function", step_with_if, "truth value"),
    ("step_function", lambda x: (x >= 0).astype(int), "not x >= 0"),
    ("sigmoid", naive_sigmoid, "np.exp(-x) overflows"),
    ("sigmoid", lambda x: 1 / (1 + np.exp(x)), "mirrored"),
    ("relu", relu_in_place, "changed its input"),
    ("relu", np.abs, "That is |x|"),
    ("relu", lambda x: np.minimum(x, 0), "np.minimum"),
    ("softmax", softmax_no_shift, "Subtract each row's maximum"),
    ("softmax", softmax_whole_batch, "each row is one distribution"),
    ("softmax", softmax_axis0, "not axis=0"),
    ("sigmoid_grad", lambda x: x * (1 - x), "not the input itself"),
    ("sigmoid_grad", lambda x: naive_sigmoid(x) * (1 - naive_sigmoid(x)), "never overflows"),
    ("sigmoid_grad", dlbook.sigmoid, "the sigmoid itself"),
]


test_the_solution_passes, test_a_classic_wrong_answer_fails_with_its_own_hint = \
    suite(SOLUTIONS, WRONG)


def test_every_chapter_1_and_2_exercise_is_listed_with_its_chapter():
    assert [n for n, _, _ in exercises(1)] == ["AND", "NAND", "OR", "XOR", "perceptron"]
    assert len(exercises(2)) == 5
    assert set(SOLUTIONS) == {n for n, c, _ in exercises() if c in (1, 2)}


def test_a_report_names_the_input_the_expected_and_what_came_back():
    text = str(check("perceptron", lambda x, w, b: (x @ w + b >= 0).astype(int)))
    assert text.startswith("perceptron: FAILED\non w . x + b exactly 0, input ")
    assert "expected 0\n    got      1\n" in text


def test_the_learners_exception_is_shown_as_theirs_without_the_checkers_frames():
    def my_relu(x):
        return x / 0 if x.ndim > 5 else undefined_name  # noqa: F821

    text = str(check("relu", my_relu))
    assert "your function raised an error" in text
    assert "NameError: name 'undefined_name' is not defined" in text
    assert "in my_relu" in text and "dlbook/exercises" not in text
    assert "Traceback" not in text


@pytest.mark.parametrize("wrong, words", [
    (lambda x: None, "forget the `return`"),
    (lambda x: np.maximum(x, 0).ravel()[:2], "The shape is wrong"),
    (lambda x: np.maximum(x, 0).astype(str), "not dtype <U"),
    (lambda x: [object()], "not a list"),
    (lambda: 0, "TypeError"),
])
def test_odd_answers_are_reported_not_raised(wrong, words):
    result = check("relu", wrong)
    assert not result and words in str(result), str(result)


def test_a_non_callable_is_a_failed_result_and_an_unknown_name_a_value_error():
    result = check("relu", dlbook.relu(np.ones(2)))
    assert not result and "expected a function, got ndarray" in str(result)
    with pytest.raises(ValueError, match="unknown exercise 'sofmax'; the exercises are: "
                                         "AND, NAND"):
        check("sofmax", dlbook.softmax)


def test_a_warning_fails_even_where_warnings_are_ignored():
    with np.errstate(all="ignore"):
        assert not check("sigmoid", naive_sigmoid)


def test_result_is_a_plain_object():
    result = Result("x", False, 2, "on a case:\n    hint: h")
    assert not result and str(result) == "x: FAILED\non a case:\n    hint: h"


# --- the command line ---------------------------------------------------------------


@pytest.fixture
def answers(tmp_path):
    path = tmp_path / "answers.py"
    path.write_text(textwrap.dedent("""
        import numpy as np

        def relu(x):
            return np.maximum(0, x)

        def softmax(x):  # no max shift
            return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)

        def helper(x):  # not an exercise: not checked
            return x
    """))
    return path


def test_cli_lists_the_exercises(capsys):
    assert cli.main(["exercises"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(NAMES) and out[0].startswith("chapter  1  AND ")


def test_cli_checks_the_functions_a_file_defines(answers, capsys):
    assert cli.main(["exercises", "check", str(answers)]) == 1
    out = capsys.readouterr().out
    assert "relu: passed" in out and "softmax: FAILED" in out
    assert out.endswith("1 of 2 passed\n")
    assert cli.main(["exercises", "check", str(answers), "relu"]) == 0


@pytest.mark.parametrize("content, args, message", [
    (None, [], "error: no such file: "),
    ("def relu(x)\n    return x\n", [], "line 1: SyntaxError: "),
    ("import numpy\nnumpy.nope()\n", [], "line 2: importing it raised AttributeError"),
    ("import sys\nsys.exit(3)\n", [], "calls sys.exit(3) when it is imported"),
    ("x = 1\n", [], "defines none of the exercises' functions"),
    ("def relu(x):\n    return x\n", ["softmax"], "defines no function named 'softmax'"),
    ("def relu(x):\n    return x\n", ["sofmax"], "unknown exercise 'sofmax'"),
])
def test_cli_bad_input_is_one_line_on_stderr(tmp_path, capsys, content, args, message):
    path = tmp_path / "mine.py"
    if content is not None:
        path.write_text(content)
    assert cli.main(["exercises", "check", str(path), *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1, err


def test_cli_reports_in_korean_with_language_ko(answers, capsys, monkeypatch):
    monkeypatch.delenv("DLBOOK_LANG", raising=False)
    assert cli.main(["exercises", "check", str(answers), "--language", "ko"]) == 1
    out = capsys.readouterr().out
    assert "relu: 통과 (사례 4개)" in out and "softmax: 실패" in out
    assert "힌트: np.exp(1010)은 inf로 오버플로하고" in out
    assert out.endswith("2개 중 1개 통과\n")


def test_cli_honours_dlbook_lang_and_the_option_wins(answers, capsys, monkeypatch):
    monkeypatch.setenv("DLBOOK_LANG", "ko")
    assert cli.main(["exercises", "check", str(answers), "relu"]) == 0
    assert capsys.readouterr().out == "relu: 통과 (사례 4개)\n1개 중 1개 통과\n"
    assert cli.main(["exercises", "check", str(answers), "relu", "--language", "en"]) == 0
    assert capsys.readouterr().out == "relu: passed (4 cases)\n1 of 1 passed\n"


def test_cli_refuses_another_language(answers, capsys):
    with pytest.raises(SystemExit):
        cli.main(["exercises", "check", str(answers), "--language", "fr"])
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_cli_runs_as_a_module(answers):
    done = subprocess.run([sys.executable, "-m", "dlbook", "exercises", "check",
                           str(answers), "relu"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("relu: passed"), done


# --- a downloaded notebook can call check ---------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("uri", ["perceptron.md", "activations.md"])
def test_a_chapter_notebook_calls_check_and_its_solutions_pass(uri, lang):
    from hooks import notebooks as hook
    from hooks.book import DOCS, load_mkdocs_config

    config = {**load_mkdocs_config(), "docs_dir": str(DOCS)}
    nb = hook.build_notebooks(config, lang=lang)[uri]
    cells = [c.source for c in nb.cells if c.cell_type == "code"]
    # The install cell (a %pip line, for Jupyter) is skipped: dlbook is installed here.
    install = [c for c in cells if "%pip install" in c]
    assert len(install) == 1 and "dlbook" in install[0]
    code = [c for c in cells if c not in install]
    assert any("check(" in c for c in code), "the notebook calls check"
    namespace: dict = {}
    shown = []
    for source in code:
        exec(compile(source, uri, "exec"), namespace)
        last = source.strip().split("\n")[-1]
        if last.startswith("check("):
            shown.append(eval(last, namespace))
    assert shown and all(shown), [str(r) for r in shown]


def test_the_checker_needs_no_test_framework_and_refuses_a_name_registered_twice():
    code = ("import sys, numpy as np; from dlbook.exercises import check; "
            "assert check('relu', lambda x: np.maximum(0, x)); "
            "assert 'pytest' not in sys.modules")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    from dlbook.exercises import Exercise, register
    with pytest.raises(ValueError, match="'relu' is registered twice"):
        register(Exercise("relu", 2, "again", dlbook.relu, ()))


# --- classes, dict answers, predictions and time limits ---------------------------------


class Scale:
    """A layer: y = x * w; backward gives dx and stores dw, as the chapters' layers do."""

    def __init__(self, w):
        self.w = w

    def forward(self, x):
        self.x = x
        return x * self.w

    def backward(self, dout):
        self.dw = np.sum(self.x * dout, axis=0)
        return dout * self.w


def run_scale(layer_class, w, x, dout):
    layer = layer_class(w)
    layer.forward(x)
    dx = layer.backward(dout)
    return {"dx": dx, "dw": getattr(layer, "dw", None)}


def test_a_class_is_checked_through_run_and_a_dict_answer_entry_by_entry(registered):
    from dlbook.exercises import Case, Exercise

    class NoSum(Scale):
        def backward(self, dout):
            self.dw = self.x * dout
            return dout * self.w

    x, dout = np.arange(6.0).reshape(3, 2), np.ones((3, 2))
    registered(Exercise("scale_layer", 7, "Scale", Scale, (
        Case("a batch (3, 2)", (np.array([2.0, -1.0]), x, dout)),), run=run_scale,
        mistakes=((NoSum, "sum dw over the batch"),)))
    assert check("scale_layer", Scale)

    class InPlace(Scale):
        def backward(self, dout):
            self.dw = np.sum(self.x * dout, axis=0)
            dout *= self.w
            return dout

    class Forgot(Scale):
        def backward(self, dout):
            return dout * self.w

    assert "changed its input (argument 3)" in str(check("scale_layer", InPlace))
    text = str(check("scale_layer", Forgot))
    assert "'dw': None" in text and "dw: Your function returned None" in text, text
    assert "sum dw over the batch" in str(check("scale_layer", NoSum))


def test_a_transposed_gradient_is_named_as_such(registered):
    from dlbook.exercises import Case, Exercise

    registered(Exercise("grad_w", 7, "dW = x.T @ dout", lambda x, d: x.T @ d, (
        Case("x (3, 2), dout (3, 4)", (np.ones((3, 2)), np.arange(12.0).reshape(3, 4))),)))
    text = str(check("grad_w", lambda x, d: d.T @ x))
    assert "the transpose of the right answer: expected shape (2, 4), got (4, 2)" in text


def test_a_function_that_never_returns_is_stopped_and_reported(registered):
    from dlbook.exercises import Case, Exercise
    import time

    registered(Exercise("count", 6, "count", lambda n: n, (Case("n = 3", (3,)),),
                        time_limit=0.5))

    def never_ends(n):
        i = 0
        while i < n:
            try:
                n += 1  # the learner's bug: the bound moves with the index
            except Exception:  # and it would swallow an ordinary exception
                pass
            i += 1
        return i

    start = time.monotonic()
    text = str(check("count", never_ends))
    assert time.monotonic() - start < 3
    assert "did not return within 0.5 seconds and was stopped" in text
    assert "A loop that never ends?" in text and "Traceback" not in text
    assert sys.gettrace() is None  # the checker's clock is gone afterwards
    assert check("count", lambda n: n)


def test_a_prediction_is_checked_without_giving_the_answer_away(registered):
    from dlbook.exercises import Exercise

    registered(Exercise("predict_shape", 3, "the shape of x @ W", lambda: (np.ones(
        (2, 3)) @ np.ones((3, 4))).shape, (), output="int", predict=True, mistakes=(
        (lambda: (3, 4), "That is W's shape: the product keeps x's rows."),),
        hint="(N, D) @ (D, M) is (N, M)."))
    assert check("predict_shape", (2, 4)) and check("predict_shape", [2, 4])
    text = str(check("predict_shape", (3, 4)))
    assert text == ("predict_shape: FAILED\nyour prediction (3, 4) is not what the code "
                    "gives\n    hint: That is W's shape: the product keeps x's rows.")
    text = str(check("predict_shape", (2, 3)))
    assert "(N, D) @ (D, M) is (N, M)." in text and "(2, 4)" not in text
    assert "expected your prediction, a value" in str(check("predict_shape", len))
    with pytest.raises(ValueError, match="is a prediction: it has no cases"):
        registered(Exercise("p2", 3, "t", lambda: 1, (object(),), predict=True))


def test_cli_checks_a_prediction_a_file_defines_as_a_value(registered, tmp_path, capsys):
    from dlbook.exercises import Exercise

    registered(Exercise("predict_rows", 3, "rows", lambda: 2, (), output="int",
                        predict=True))
    path = tmp_path / "mine.py"
    path.write_text("predict_rows = 2\n")
    assert cli.main(["exercises", "check", str(path)]) == 0
    assert capsys.readouterr().out == "predict_rows: passed (1 case)\n1 of 1 passed\n"
    path.write_text("x = 2\n")
    assert cli.main(["exercises", "check", str(path), "predict_rows"]) == 1
    assert "defines no value named 'predict_rows'" in capsys.readouterr().err


# --- every chapter ---------------------------------------------------------------------


def chapter_pages():
    """``{chapter number: page uri}`` in the order of the navigation."""
    from hooks.book import chapters, load_mkdocs_config

    return {c.number: c.src_uri for c in chapters(load_mkdocs_config()["nav"])}


def chapter_suites():
    """The tests' files of the chapters' exercises: ``(SOLUTIONS, WRONG)`` of each."""
    import importlib
    from pathlib import Path

    files = sorted(Path(__file__).parent.glob("test_exercises_*.py"))
    modules = [importlib.import_module(f.stem) for f in files]
    return [(SOLUTIONS, WRONG)] + [(m.SOLUTIONS, m.WRONG) for m in modules]


def test_every_chapter_has_three_to_six_exercises():
    pages = chapter_pages()
    counts = {n: len(exercises(n)) for n in pages}
    assert all(3 <= count <= 6 for count in counts.values()), counts
    assert {c for _, c, _ in exercises()} == set(pages)


def test_every_exercise_has_a_tested_solution_and_classic_wrong_answers():
    solved, wrong = set(), {}
    for solutions, mistakes in chapter_suites():
        assert not solved & set(solutions), "an exercise is tested twice"
        solved |= set(solutions)
        for name, _, _ in mistakes:
            wrong[name] = wrong.get(name, 0) + 1
    assert solved == set(NAMES)
    assert {name for name in NAMES if not wrong.get(name)} == set()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_exercise_is_on_its_chapter_page_in_a_box_of_its_own(lang):
    from hooks.book import DOCS, parse_page, translation

    for number, uri in chapter_pages().items():
        page = DOCS / (uri if lang == "en" else translation(uri, lang))
        text = page.read_text(encoding="utf-8")
        missing = [name for name, _, _ in exercises(number)
                   if f'check("{name}"' not in text]
        assert not missing, f"{page.name} checks none of {missing}"
        assert text.count("!!! exercise ") >= 3, page.name
        assert text.count("??? tip ") >= 3 and text.count("??? success ") >= 3, page.name
        assert "exercises" in [h.id for h in parse_page(page).headings], page.name


def test_some_exercises_are_predictions():
    from dlbook.exercises import lookup

    predictions = {lookup(name).chapter for name in NAMES if lookup(name).predict}
    assert len(predictions) >= 8, predictions
