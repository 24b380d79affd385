"""pytest set-up shared by the unit tests and the chapters.

Every Markdown page under ``docs/`` is a test file: sybil runs each ```` ```python ````
block of a page, in order, in one namespace per page, and compares every ``>>>`` output
with what the code prints now. A block may embed the package's own source with a
pymdownx.snippets line such as ``--8<-- "dlbook/activations.py:sigmoid"``: it runs
expanded by the very preprocessor (and the very settings from ``mkdocs.yml``) that
builds the page, so the code that runs is the code the reader sees. What a page holds,
and how it runs, is for ``hooks/book.py`` to say.
"""

from __future__ import annotations

import fnmatch
import os

from hypothesis import HealthCheck, settings

from hooks.book import make_sybil

os.environ.setdefault("MPLBACKEND", "Agg")

# The labs are notebooks (jupytext percent scripts), executed by mkdocs-jupyter when the
# site is built and by tests/test_notebooks.py: pytest must not import them as modules.
collect_ignore_glob = ["docs/labs/*.py"]

# Property tests: reproducible on CI, no per-example deadline on a small shared machine.
settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

pytest_collect_file = make_sybil().pytest()

# `make test` runs the suite in two processes (pytest-xdist, ``-n 2 --dist loadfile``): each
# file goes whole to one of them, so a page's examples share their namespace and a module's
# fixtures (the site build, the executed notebooks) run once. A process takes the next file
# when it is done with one, so the files that take longest start first, and the many short
# ones fill in around them. Measured with ``--durations``: a file that takes more than about
# ten seconds (a chapter that trains, say) belongs here. Order within a file is kept.
SLOW_FIRST = [
    "tests/test_notebooks.py",  # runs every notebook of both editions
    "tests/test_site.py",  # mkdocs build --strict of both editions
    "docs/mnist.md",  # chapter 9 trains networks on MNIST
    "docs/mnist.ko.md",
    "tests/test_figures_ko.py",  # every figure, in both languages
    "tests/test_install.py",  # builds and installs a wheel
]


def slowness(path: str) -> int:
    """The place of ``path`` in SLOW_FIRST (a glob each), after it for any other file."""
    for rank, pattern in enumerate(SLOW_FIRST):
        if fnmatch.fnmatch(path, pattern):
            return rank
    return len(SLOW_FIRST)


def pytest_collection_modifyitems(items):
    # sorted() is stable: the tests of one file keep their order.
    items[:] = sorted(items, key=lambda item: slowness(item.nodeid.split("::")[0]))
