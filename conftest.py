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
