"""Every number a sentence states is backed by the code, or marked as a fact from outside it.

The code blocks' outputs are compared by sybil; this test extends that promise to the prose
(figure descriptions included). A number in a paragraph is backed when

- the code of its section (heading to heading: the blocks' source and printed outputs)
  holds it, as written or as a rounding of it at the precision written ("0.57" is backed
  by a printed 0.57444252; "97%" by 0.9703); a whole number of 10 or more may stand
  anywhere in the page's code (a layer size, a data set's length);
- a ``<!-- check: expression -->`` of its section names it: the check is evaluated in the
  page's namespace, so the sentence and the code cannot drift apart (a value that depends
  on the machine, a time or a speed-up, is stated as a bound that such a check asserts);
- or a ``<!-- fact: ... -->`` of its section names it: a number from outside the code (a
  year, a data set's published size), visibly marked as such in the page's source.

Not read as claims: numbers 0 to 9 (counts and small example values, which the code of
the page spells out), references to chapters and parts ("chapter 7", "chapters 5 to 7"),
formulas (``$...$``: definitions and derivations) and inline code.
"""

from __future__ import annotations

import re

import pytest

from hooks.book import DOCS, Directive, Heading, Number, numbers, pages, parse_page

PAGES = [p for p in pages() if not p.relative_to(DOCS).as_posix().startswith("reference/")]


def _values(text: str) -> list[float]:
    # 10_000 in code is 10,000 in prose
    return [n.value for n in numbers(re.sub(r"(?<=\d)_(?=\d)", "", text))]


def backs(written: Number, values: list[float]) -> bool:
    """Whether one of ``values`` is ``written``, exactly or rounded as it is written."""
    target = written.value
    for value in values:
        candidates = [value, value * 100] if written.percent else [value]
        for candidate in candidates:
            if abs(candidate - target) <= 1e-9 * max(1.0, abs(target)):
                return True
            if round(candidate, written.decimals) == target:
                return True
    return False


def unbacked(path) -> list[str]:
    """``"line: number, in '...'"`` for each number of the page's prose nothing backs."""
    page = parse_page(path)
    starts = [part.line for part in page.parts if isinstance(part, Heading)]

    def section(line: int) -> int:
        return sum(1 for start in starts if start <= line)

    code: dict[int, list[float]] = {}
    claims: dict[int, list[float]] = {}
    for block in page.code_blocks():
        code.setdefault(section(block.line), []).extend(_values(block.expanded))
    for directive in page.parts:
        if isinstance(directive, Directive) and directive.kind in ("check", "fact"):
            claims.setdefault(section(directive.line), []).extend(
                _values(directive.arguments)
            )
    whole = [v for values in code.values() for v in values if float(v).is_integer()]

    found = []
    for paragraph in page.paragraphs():
        plain = paragraph.plain
        here = section(paragraph.line)
        for number in numbers(plain, references=False):
            if number.value.is_integer() and 0 <= number.value <= 9 and not number.percent:
                continue
            if backs(number, code.get(here, []) + claims.get(here, [])):
                continue
            if number.value.is_integer() and number.value >= 10 and number.value in whole:
                continue
            context = plain[max(0, plain.find(number.written) - 40):][:90]
            found.append(f"{paragraph.line}: {number.written}, in '{context}'")
    return found


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_number_in_the_prose_is_backed(path):
    missing = unbacked(path)
    assert not missing, (
        f"{path.name}: numbers that no code, check or fact of their section backs "
        f"(add <!-- check: ... --> or <!-- fact: ... -->):\n  " + "\n  ".join(missing)
    )


def test_a_number_the_code_does_not_print_is_reported(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "# A page\n\n```python\n>>> print(round(0.97031, 4))\n0.9703\n```\n\n"
        "A run gave 0.9703, about 97%, in 12 s.\n\n"
        "The first perceptron dates from 1957.\n<!-- fact: 1957 -->\n\n"
        "It is more than 10,000 times faster.\n<!-- check: 20_000 > 10_000 -->\n",
        encoding="utf-8",
    )
    assert [line.split(",")[0] for line in unbacked(page)] == ["8: 12"]


def test_chapter_references_are_not_claims_but_other_numbers_are():
    from hooks.book import plain_text

    text = plain_text("See chapters 10 and 11, or [12. Convolution](conv.md): 300 images, 11. Then")
    assert [n.value for n in numbers(text, references=False)] == [300.0, 11.0]
