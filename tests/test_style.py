"""The package reads like the page it is printed on: lines that fit, docstrings, no magic.

Lines of at most 88 characters (a page's width); a docstring on every module and on every
public function and class; no star imports and no `sys.path` edits.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import dlbook

PACKAGE = Path(dlbook.__file__).parent
SOURCES = sorted(PACKAGE.rglob("*.py"))
MAX_LINE = 88


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_lines_fit_on_a_page(path):
    long = [
        f"{path.name}:{i}: {len(line)} chars"
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > MAX_LINE
    ]
    assert not long, long


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_import_magic(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"^\s*from \S+ import \*", text, re.M), "star import"
    assert "sys.path" not in text, "sys.path edit"


def modules():
    names = ["dlbook"] + [m.name for m in pkgutil.walk_packages(dlbook.__path__, "dlbook.")]
    return [importlib.import_module(n) for n in names]


@pytest.mark.parametrize("module", modules(), ids=lambda m: m.__name__)
def test_every_public_function_and_class_has_a_docstring(module):
    assert inspect.getdoc(module), f"{module.__name__} has no module docstring"
    for name in getattr(module, "__all__", []):
        obj = getattr(module, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert inspect.getdoc(obj), f"{module.__name__}.{name} has no docstring"
