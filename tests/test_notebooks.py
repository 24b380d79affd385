"""Every chapter's notebook holds the chapter's code, and runs top to bottom without an error.

The notebooks are the ones the site serves: ``hooks/notebooks.py`` makes them from the pages
at build time, and this test makes them the same way. Each one is executed with nbclient in a
fresh Python kernel, as a reader would with "Run all"; one BLAS thread each, and as many at a
time as this process has cores to itself: two under a plain ``pytest`` on a two-core machine,
one under ``make test``, whose other process (pytest-xdist) keeps the second core busy.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import subprocess
import sys
import textwrap
import time

import nbformat
import pytest
from sybil.evaluators.doctest import DocTestEvaluator
from sybil.evaluators.python import PythonEvaluator

from hooks import editions
from hooks import notebooks as hook
from hooks.book import (
    DOCS, ROOT, chapters, evaluate_check, load_mkdocs_config, make_sybil, parse_page,
    translation,
)

CONFIG = {**load_mkdocs_config(), "docs_dir": str(DOCS)}
CHAPTERS = [chapter.src_uri for chapter in chapters(CONFIG["nav"])]
SYBIL = make_sybil()
LABS = [p.relative_to(DOCS).as_posix() for p in hook.lab_paths(DOCS)]
LANGUAGES = editions.LANGUAGES  # each edition has its notebooks: Korean ones from x.ko.md
# Kernels at a time: the cores, shared among pytest-xdist's processes when there are several.
# More busy processes than cores slow every one of them down: `make test` took 255 s with two
# kernels beside its other process, and used 14% more CPU time, against 223 s with one.
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
PROCESSES = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
WORKERS = max(1, (CORES or 1) // PROCESSES)
ARTIFACTS = ROOT / "test-artifacts"
TIMEOUT = 600  # seconds for one cell


@pytest.fixture(scope="module")
def made() -> dict[tuple[str, str], nbformat.NotebookNode]:
    """``{(language, page): notebook}`` for both editions."""
    return {
        (lang, uri): nb
        for lang in LANGUAGES
        for uri, nb in hook.build_notebooks(CONFIG, lang=lang).items()
    }


def source(uri: str, lang: str):
    """The page a notebook is made from: ``perceptron.ko.md`` for the Korean one."""
    return DOCS / (uri if lang == editions.DEFAULT else translation(uri, lang))


every_language = pytest.mark.parametrize("lang", LANGUAGES)


def unwrap(cell) -> str:
    """The statement inside a cell that catches the error the page shows on purpose."""
    body = re.search(r"^try:\n(?P<body>.*?)^except ", cell.source, re.S | re.M)
    assert body, f"a cell marked as raising has no try/except:\n{cell.source}"
    return textwrap.dedent(body["body"])


def normal(code: str) -> list[str]:
    return [line.rstrip() for line in code.split("\n") if line.strip()]


def executed_by_sybil(page) -> list[str]:
    """The code sybil runs on ``page`` (what ``make test`` checks), statement by statement."""
    skips = {d.start: d for d in parse_page(page).directives("skip")}
    code, skip_next = [], False
    for example in SYBIL.parse(page):
        region = example.region
        if region.start in skips:
            skip_next = skips[region.start].action == "next"
            continue
        if isinstance(region.evaluator, DocTestEvaluator):
            source = region.parsed.source
        elif isinstance(region.evaluator, PythonEvaluator):
            source = str(region.parsed)
        elif region.evaluator is evaluate_check:
            continue  # a claim of the prose: the tests check it, the notebook keeps it as text
        else:  # clear-namespace
            source = "%reset -f"
        if skip_next:
            skip_next = False
            continue
        code.extend(normal(source))
    return code


def in_notebook(nb) -> list[str]:
    code = []
    for cell in nb.cells:
        if cell.cell_type != "code" or cell.metadata.get("dlbook", {}).get("install"):
            continue
        source = unwrap(cell) if "raises" in cell.metadata.get("dlbook", {}) else cell.source
        code.extend(normal(source))
    return code


@every_language
@pytest.mark.parametrize("uri", CHAPTERS)
def test_a_chapter_notebook_holds_exactly_the_code_the_tests_run(made, uri, lang):
    assert in_notebook(made[lang, uri]) == executed_by_sybil(source(uri, lang))


def prose_of_page(page) -> list[str]:
    """The lines a notebook shows as Markdown: all but the Python, boxes as titles."""
    code = {n for b in page.code_blocks("python") if not b.skipped
            for n in range(b.line, b.last_line + 1)}
    heads = {box.line: box for box in page.admonitions()}
    lines = []
    for number, line in enumerate(page.text.split("\n"), start=1):
        if number in heads:
            box = heads[number]
            lines.append(f"**{box.title or box.kind.capitalize()}**")
        elif number not in code:
            lines.append(line.strip())
    return lines


def prose_of_notebook(nb) -> list[str]:
    return [
        line.strip()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.split("\n")
        # The notebook's own note is no line of the page.
        if not any(line.startswith(words["note"].split("{url}")[0])
                   for words in hook.WORDS.values())
    ]


def comparable(lines: list[str]) -> list[str]:
    """Non-blank lines, less link targets (the notebook points them to the site), bold as
    the page writes it (the notebook writes some as HTML, which Jupyter draws bold)."""
    return [re.sub(r"<strong>(.*?)</strong>", r"**\1**", re.sub(r"\]\([^)\s]*", "](", line))
            for line in lines if line]


def test_bold_that_commonmark_would_not_close_becomes_html():
    # Jupyter would show the asterisks of **퍼셉트론(perceptron)**은; the site would not.
    assert hook.strong("**퍼셉트론(perceptron)**은 **편향(bias)**. A **bold** word.") == (
        "<strong>퍼셉트론(perceptron)</strong>은 **편향(bias)**. A **bold** word."
    )


@every_language
@pytest.mark.parametrize("uri", CHAPTERS)
def test_a_chapter_notebook_keeps_every_line_of_prose_and_no_code(made, uri, lang):
    page = parse_page(source(uri, lang))
    assert comparable(prose_of_notebook(made[lang, uri])) == comparable(prose_of_page(page))


def test_prose_stays_in_place_after_a_box_and_a_skipped_block_stays_visible():
    text = textwrap.dedent("""\
        # A chapter

        !!! pitfall "Pitfall: a trap"
            Wrong:

            ```python
            wrong = 1
            ```
        The line before the code:
        ```python
        right = 2
        ```
        <!-- skip: next "shown, not run in the notebook" -->
        ```python
        raise SystemExit
        ```
        The end.""")
    links = hook.Links("chapter.md", "https://example.org/")
    nb = hook.chapter_notebook(text, "chapter.md", links, "")
    cells = [(c.cell_type, c.source) for c in nb.cells if not c.metadata.get("dlbook")]
    assert cells[1:] == [
        ("markdown", "**Pitfall: a trap**\n\nWrong:"),
        ("code", "wrong = 1"),
        ("markdown", "The line before the code:"),
        ("code", "right = 2"),
        ("markdown", "```python\nraise SystemExit\n```\nThe end."),
    ]


@every_language
@pytest.mark.parametrize("uri", CHAPTERS + LABS)
def test_a_notebook_starts_with_its_title_and_installs_dlbook(made, uri, lang):
    nb = made[lang, uri]
    nbformat.validate(nb)
    first, install = nb.cells[0], nb.cells[1]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert install.cell_type == "code" and install.metadata["dlbook"]["install"]
    repo = CONFIG["repo_url"].rstrip("/")
    assert f'%pip install --quiet "dlbook[plot] @ git+{repo}"' in install.source
    # A Korean learner's notebook reports the exercises in Korean (dlbook.exercises).
    sets_korean = 'os.environ["DLBOOK_LANG"] = "ko"' in install.source
    assert sets_korean == (lang == "ko"), install.source
    assert not any(">>>" in c.source for c in nb.cells if c.cell_type == "code")
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_doctest_blocks_become_cells_cut_after_each_shown_output():
    source = textwrap.dedent("""\
        >>> a = 1
        >>> a + 1
        2
        >>> b = a
        >>> print(b)
        1
        >>> 1 / 0
        Traceback (most recent call last):
        ...
        ZeroDivisionError: division by zero
    """)
    cells = hook.doctest_cells(source)
    assert [c.source for c in cells[:2]] == ["a = 1\na + 1", "b = a\nprint(b)"]
    assert cells[2].metadata["dlbook"]["raises"] == "ZeroDivisionError"
    assert "except ZeroDivisionError as error:" in cells[2].source


def test_admonitions_become_titles_and_their_bodies_lose_their_indentation():
    text = textwrap.dedent("""\
        !!! pitfall "Pitfall: a trap"
            Body text.

            ??? success "Answer"
                Deeper.
        After.""")
    lines = hook.markdown_lines(parse_page("page.md", text))
    assert len(lines) == len(text.split("\n"))  # one entry per line of the page
    assert "\n".join(lines).split("\n") == [
        "**Pitfall: a trap**", "", "Body text.", "", "**Answer**", "", "Deeper.", "After."
    ]


# Runs one notebook in its own process (kernels, sockets and event loops end with it) and
# writes it back with its outputs, even when a cell fails. The kernel talks over Unix
# sockets in the notebook's own folder, not TCP ports: a port picked as free can be taken
# by another kernel starting at the same moment ("Address already in use"), and the suite
# starts several at once (two here, one in the site build of the other test process).
RUNNER = """
import sys
import nbformat
from nbclient import NotebookClient
from traitlets.config import Config

nb = nbformat.read(sys.argv[1], as_version=4)
config = Config()
config.KernelManager.transport = "ipc"
config.KernelManager.ip = sys.argv[5]
client = NotebookClient(nb, timeout=int(sys.argv[3]), kernel_name="python3",
                        resources={"metadata": {"path": sys.argv[4]}}, config=config)
try:
    client.execute()
finally:
    nbformat.write(nb, sys.argv[2])
"""


def execute(nb: nbformat.NotebookNode, folder) -> tuple[nbformat.NotebookNode, float, str]:
    """Run ``nb`` top to bottom: ``(executed notebook, seconds, stderr if it failed)``."""
    source, result = folder / "in.ipynb", folder / "out.ipynb"
    nbformat.write(nb, source)
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "MPLBACKEND": "Agg", "PYTHONWARNINGS": "default"}
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-c", RUNNER, str(source), str(result), str(TIMEOUT), str(ROOT),
         str(folder / "kernel")],
        env=env, capture_output=True, text=True, check=False,
    )
    seconds = time.perf_counter() - start
    executed = nbformat.read(result, as_version=4) if result.is_file() else nb
    return executed, seconds, (run.stderr if run.returncode else "")


@pytest.fixture(scope="module")
def executed(made, tmp_path_factory):
    """Every notebook run top to bottom, WORKERS at a time: ``{uri: (notebook, seconds, error)}``."""
    pytest.importorskip("nbclient")
    # The later chapters train networks and take longest: they start first.
    order = [(lang, uri) for uri in list(reversed(CHAPTERS)) + LABS for lang in LANGUAGES]
    with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = {
            key: pool.submit(execute, made[key], tmp_path_factory.mktemp("notebook"))
            for key in order
        }
        results = {key: future.result() for key, future in futures.items()}
    # How long each notebook took, for whoever watches the suite's time.
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "notebook-seconds.json").write_text(json.dumps(
        {f"{lang}:{uri}": round(seconds, 1) for (lang, uri), (_, seconds, _) in results.items()},
        indent=1,
    ))
    return results


def test_the_runner_reports_a_failing_cell(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("x / 0"),
        nbformat.v4.new_code_cell("print('not reached')"),
    ])
    executed, _, error = execute(nb, tmp_path)
    assert "ZeroDivisionError" in error
    assert executed.cells[1].outputs[0].ename == "ZeroDivisionError"
    assert executed.cells[2].outputs == []


@every_language
@pytest.mark.parametrize("uri", CHAPTERS + LABS)
def test_a_notebook_runs_top_to_bottom_without_an_error(executed, uri, lang):
    nb, seconds, error = executed[lang, uri]
    assert not error, f"{uri} failed after {seconds:.1f} s:\n{error}"
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"{uri}: {errors[0].ename}: {errors[0].evalue}"
        expected = cell.metadata.get("dlbook", {}).get("raises")
        if expected:
            printed = "".join(o.get("text", "") for o in cell.outputs)
            assert printed.startswith(f"{expected}:"), (
                f"{uri}: the page shows this raising {expected}, the notebook printed "
                f"{printed!r}:\n{cell.source}"
            )


@every_language
@pytest.mark.parametrize("uri", CHAPTERS)
def test_the_exercises_solutions_pass_in_the_notebook(executed, uri, lang):
    """A downloaded notebook checks its exercises: each `check(...)` cell shows it passed,
    in the notebook's language (the Korean notebook sets DLBOOK_LANG=ko)."""
    nb, _, _ = executed[lang, uri]
    shown = []
    for cell in nb.cells:
        last = cell.source.strip().split("\n")[-1] if cell.cell_type == "code" else ""
        if last.startswith("check("):
            shown.append("".join(o.get("data", {}).get("text/plain", "")
                                 for o in cell.outputs if o.output_type == "execute_result"))
    assert shown, f"{uri}: no cell checks an exercise"
    passed = ": 통과 (사례 " if lang == "ko" else ": passed ("
    assert all(passed in text for text in shown), shown
