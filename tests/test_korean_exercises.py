"""The exercise checker in Korean: ``check(..., language="ko")`` or ``DLBOOK_LANG=ko``
gives the whole report in Korean, and every registered hint and every message of the
checker's own has a Korean translation (the command line's ``--language``:
test_exercises.py)."""

from __future__ import annotations

import re
import string

import numpy as np
import pytest

from dlbook import exercises as module
from dlbook.exercises import MESSAGES, check, korean_hints, lookup
from exercise_suite import registered  # noqa: F401 (a fixture)

HANGUL = re.compile("[가-힣]")


@pytest.fixture(autouse=True)
def no_language_set(monkeypatch):
    """Each test starts without DLBOOK_LANG, as a learner's shell would."""
    monkeypatch.delenv("DLBOOK_LANG", raising=False)


def hints(exercise) -> list[str]:
    """Every hint string an exercise registers."""
    found = [exercise.hint, exercise.warning_hint] + [h for _, h in exercise.mistakes]
    return [text for text in found if text]


def softmax_without_shift(x):
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)


# --- coverage: nothing is left in English ---------------------------------------------


@pytest.mark.parametrize("name", [row[0] for row in module.exercises()])
def test_every_hint_of_every_registered_exercise_has_a_korean_translation(name):
    korean = korean_hints()
    missing = [text for text in hints(lookup(name))
               if not HANGUL.search(korean.get(text, ""))]
    assert not missing, f"{name}: no Korean for {missing}"


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_of_the_checker_has_a_korean_template_with_the_same_fields(key):
    english, korean = MESSAGES[key]
    fields = {f for _, f, _, _ in string.Formatter().parse(english) if f}
    # The Korean fills in only values the English has (it has no plural "s").
    assert {f for _, f, _, _ in string.Formatter().parse(korean) if f} <= fields
    # "dtype {dtype}" is a NumPy name and a value, the same in both.
    assert HANGUL.search(korean) or key == "dtype", (key, korean)


def test_a_translation_keeps_the_code_of_its_hint():
    """The code in a hint (np.maximum(0, x), shapes) is kept as is in its Korean."""
    for english, korean in korean_hints().items():
        for code in re.findall(r"np\.\w+\(", english):
            assert code in korean, (english, korean)


# --- Korean reports of classic wrong answers ------------------------------------------


def test_softmax_without_the_shift_gets_the_korean_overflow_hint():
    result = check("softmax", softmax_without_shift, language="ko")
    text = str(result)
    assert not result and text.startswith("softmax: 실패\n사례 'scores in the thousands'")
    assert "함수가 경고를 냈다: RuntimeWarning: overflow encountered in exp" in text
    english = lookup("softmax").warning_hint
    assert f"    힌트: {korean_hints()[english]}" in text and result.hint != english
    assert "np.max(x, axis=-1, keepdims=True)" in text and "FAILED" not in text


def test_a_mutated_input_is_reported_in_korean():
    def relu(x):
        x[x < 0] = 0
        return x

    text = str(check("relu", relu, language="ko"))
    assert "함수가 입력(인수 1)을 바꿨다: 호출 전에는 array([-2. ," in text, text
    assert "힌트: 호출한 쪽의 배열에 쓰지 말자" in text


def test_a_wrong_value_shows_the_korean_expected_and_got_and_the_mistakes_hint():
    text = str(check("step_function", lambda x: (np.asarray(x) >= 0).astype(np.int64),
                     language="ko"))
    assert "\n    기댓값  array([0, 0, 0, 1, 1])\n    받은 값 array([0, 0, 1, 1, 1])" in text
    assert "힌트: 계단 함수는 정확히 x = 0에서 0이다. x >= 0이 아니라 x > 0을 쓴다." in text


def test_a_time_out_is_reported_in_korean(registered):
    from dlbook.exercises import Case, Exercise

    registered(Exercise("count_ko", 6, "count", lambda n: n, (Case("n = 3", (3,)),),
                        time_limit=0.3))

    def never_ends(n):
        i = 0
        while i < n:
            n += 1
            i += 1
        return i

    text = str(check("count_ko", never_ends, language="ko"))
    assert "함수가 0.3초 안에 끝나지 않아서 멈췄다" in text
    assert "힌트: 끝나지 않는 반복문인가?" in text


def test_a_prediction_is_answered_in_korean_without_giving_it_away():
    wrong = check("predict_product_shape", (5, 3), language="ko")
    assert str(wrong).startswith("predict_product_shape: 실패\n예측한 값 (5, 3): 코드가 "
                                 "내는 값과 다르다\n    힌트: (5, 3)은 A 자체의 형상이다.")
    assert "(4, 3)" not in str(wrong).split("힌트")[0]
    assert str(check("predict_product_shape", (4, 3), language="ko")) == \
        "predict_product_shape: 통과 (사례 1개)"
    assert "받은 것: 함수 'len'" in str(check("predict_product_shape", len,
                                               language="ko"))


def test_generic_hints_and_a_non_callable_are_in_korean():
    assert "`return`을 빠뜨리지 않았는가?" in str(check("relu", lambda x: None,
                                                      language="ko"))
    text = str(check("relu", 3, language="ko"))
    assert text == ("relu: 실패\n함수를 넘겨야 한다. 받은 것: int 3\n    힌트: 함수를 "
                    "호출하지 말고 함수 자체를 넘기자: check('relu', my_function).")


# --- the switch ------------------------------------------------------------------------


def test_the_language_comes_from_the_argument_then_from_dlbook_lang(monkeypatch):
    relu = lambda x: np.maximum(0, x)  # noqa: E731
    assert str(check("relu", relu)) == "relu: passed (4 cases)"
    assert str(check("relu", relu, language="ko")) == "relu: 통과 (사례 4개)"
    monkeypatch.setenv("DLBOOK_LANG", "ko")
    assert str(check("relu", relu)) == "relu: 통과 (사례 4개)"
    assert str(check("relu", relu, language="en")) == "relu: passed (4 cases)"
    monkeypatch.setenv("DLBOOK_LANG", "fr")  # anything but ko is English
    assert str(check("relu", relu)) == "relu: passed (4 cases)"
    assert "FAILED" in str(check("softmax", softmax_without_shift))


def test_another_language_is_refused_naming_the_two():
    with pytest.raises(ValueError, match="language must be 'en' or 'ko', got 'kr'"):
        check("relu", np.abs, language="kr")


def test_the_language_does_not_leak_into_the_next_check():
    check("softmax", softmax_without_shift, language="ko")
    assert "hint: np.exp(1010) overflows" in str(check("softmax", softmax_without_shift))


def test_a_hint_with_no_korean_falls_back_to_english(registered):
    from dlbook.exercises import Case, Exercise

    registered(Exercise("double_ko", 3, "2 * x", lambda x: 2 * x,
                        (Case("x", (np.ones(2),)),), hint="Multiply by two."))
    text = str(check("double_ko", lambda x: 3 * x, language="ko"))
    assert text.endswith("    힌트: Multiply by two.") and "기댓값" in text
