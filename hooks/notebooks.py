"""MkDocs hook: every chapter and every lab as a Jupyter notebook, made at build time.

Each chapter (a page whose navigation title starts with its number, "2. Activation functions")
becomes ``notebooks/<page>.ipynb``, and each lab (``docs/labs/<name>.py``, a jupytext
"percent" script that mkdocs-jupyter executes into a page) becomes
``notebooks/labs/<name>.ipynb``. Nothing is committed or written into ``docs/``: the files are
added to the site with ``File.generated``, like the figures.

A chapter becomes a notebook the way the tests read it:

- its parts come from ``hooks/book.py``, which the tests run the chapters with: each
  Python block becomes code cells, its ``--8<--`` lines expanded as the tests expand
  them; hidden ``<!-- invisible-code-block: python -->`` blocks run too;
- a doctest block (``>>>``) becomes plain code without prompts and outputs, cut after every
  statement whose output the page shows, so the notebook shows that output in the same place;
  a statement the page shows *raising* is wrapped in ``try``/``except`` of that error, so
  "Run all" goes on (the cell's metadata names the error, and the tests check it is raised);
- a block the page skips (``<!-- skip: next "reason" -->``) stays visible as Markdown;
- the prose becomes Markdown cells: admonitions (Pitfall, Try it, Answer) turn into bold
  titles with their bodies un-indented, and links to pages and figures point to the
  published site (``site_url``), so they work in Jupyter and Colab.

The first code cell installs dlbook from ``repo_url`` when it is missing (Colab); in a Korean
notebook it also sets ``DLBOOK_LANG=ko``, so that ``check(...)`` reports in Korean. Every page
with a notebook gets a "Download notebook" button and an "Open in Colab" link
(``overrides/main.html`` reads ``page.meta.notebook``, which ``on_page_context`` sets).
"""

from __future__ import annotations

import builtins
import doctest
import posixpath
import re
import sys
import textwrap
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from nbformat import v4

# MkDocs loads a hook by its path: make the hooks package importable.
if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from hooks import book, editions  # noqa: E402
from hooks.book import CodeBlock, Directive, Page, chapters, parse_page  # noqa: E402

LAB_GLOB = "labs/*.py"
# What a notebook says to its reader, in each edition's language.
WORDS = {
    "en": {
        "note": "*This notebook is made from a chapter of dlbook: read it, with its figures, "
                "at {url}. Run the cells from the top: each one builds on the cells above.*",
        "install": "# On Colab, or in any Jupyter without dlbook: install the book's package first.",
    },
    "ko": {
        "note": "*이 노트북은 dlbook의 한 장을 그대로 옮긴 것이다. 그림까지 함께 보려면 {url}에서 "
                "읽자. 셀은 맨 위부터 차례로 실행한다. 셀마다 위에서 실행한 셀에 기대고 있다.*",
        "install": "# Colab이나 dlbook이 없는 Jupyter에서는 먼저 이 책의 패키지를 설치한다.",
        # The Korean notebooks' exercise reports come in Korean (dlbook.exercises).
        "language": 'os.environ["DLBOOK_LANG"] = "ko"  # 연습 문제 채점 결과를 한국어로 본다',
    },
}
# src_uri of a page -> the File of its notebook (filled by on_files, read by on_page_context).
NOTEBOOKS: dict[str, File] = {}


class Links:
    """How the notebook of one page points back to the published site."""

    def __init__(self, page_uri: str, site_url: str, files: Files | None = None):
        self.page_uri = page_uri
        self.site_url = site_url
        self.files = files

    def url_of(self, uri: str) -> str | None:
        """The published address of the site file with source ``uri``, if there is one."""
        if self.files is None:
            return None
        file = self.files.get_file_from_path(uri)
        if file is None:
            return None
        return urljoin(self.site_url, file.url)

    def page_url(self) -> str:
        return self.url_of(self.page_uri) or self.site_url

    def rewrite(self, target: str) -> str:
        if urlsplit(target).scheme or target.startswith("/"):
            return target
        path, _, fragment = target.partition("#")
        if not path:
            url = self.page_url()
        else:
            uri = posixpath.normpath(posixpath.join(posixpath.dirname(self.page_uri), path))
            url = self.url_of(uri)
            if url is None:
                return target
        return f"{url}#{fragment}" if fragment else url

    def reference(self, identifier: str) -> str | None:
        parts = identifier.split(".")
        uri = f"reference/{parts[1]}.md" if len(parts) > 1 else "reference/index.md"
        url = self.url_of(uri)
        return f"{url}#{identifier}" if url else None


def install_cell(repo_url: str, lang: str = "en") -> nbformat.NotebookNode:
    """The notebook's set-up: install dlbook if it is missing; in an edition with its
    own ``language`` line (Korean), also set the exercises' reports' language."""
    spec = f"dlbook[plot] @ git+{repo_url}" if repo_url else "dlbook[plot]"
    language = WORDS[lang].get("language")
    source = (
        f"{WORDS[lang]['install']}\n"
        "import importlib.util\n"
        + ("import os\n" if language else "")
        + "\n"
        'if importlib.util.find_spec("dlbook") is None:\n'
        f'    %pip install --quiet "{spec}"'
        + (f"\n{language}" if language else "")
    )
    return v4.new_code_cell(source, metadata={"dlbook": {"install": True}})


def new_notebook(cells: list) -> nbformat.NotebookNode:
    for number, cell in enumerate(cells, start=1):
        cell.id = f"cell-{number}"  # the same notebook from the same page, build after build
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3", "language": "python"
    }
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.validate(nb)
    return nb


# --- Markdown --------------------------------------------------------------------------------


def markdown_lines(page: Page) -> list[str]:
    """The page's lines as a notebook shows them: admonitions become bold titles, un-indented.

    One entry per line of the page, so that a part's lines (``line`` to ``last_line``)
    are found by number: a box's head becomes its title and a blank line, in one entry.
    """
    lines = page.text.split("\n")
    indent = [0] * len(lines)
    heads = {}
    for box in page.admonitions():  # outer boxes first: an inner one indents further
        heads[box.line - 1] = box
        for number in range(box.line, box.last_line):
            indent[number] = box.body_indent
    out = []
    for number, line in enumerate(lines):
        if number in heads:
            box = heads[number]
            out.append(f"**{box.title or box.kind.replace('-', ' ').capitalize()}**\n")
        elif line[: indent[number]].strip() == "":
            out.append(line[indent[number] :])
        else:
            out.append(line.lstrip())
    return out


def rewrite_links(text: str, links: Links) -> str:
    """The links of ``text`` pointed at the published site (see ``Links``)."""
    return book.rewrite_links(text, links.rewrite, links.reference)


# --- Code ------------------------------------------------------------------------------------


def error_name(exc_msg: str) -> str:
    """``"numpy.linalg.LinAlgError: Singular matrix"`` -> ``"LinAlgError"``."""
    return exc_msg.split(":", 1)[0].strip().rsplit(".", 1)[-1]


def raising_cell(source: str, exc_msg: str) -> nbformat.NotebookNode:
    name = error_name(exc_msg)
    caught = name if isinstance(getattr(builtins, name, None), type) else "Exception"
    code = (
        f"# The book shows this raising {name} on purpose; the notebook catches it and goes on.\n"
        "try:\n"
        f"{textwrap.indent(source.rstrip(), '    ')}\n"
        f"except {caught} as error:\n"
        '    print(f"{type(error).__name__}: {error}")'
    )
    return v4.new_code_cell(code, metadata={"dlbook": {"raises": name}})


def doctest_cells(source: str) -> list:
    """A ``>>>`` block as code cells: no prompts, no outputs, cut after each shown output."""
    cells, pending = [], []

    def flush():
        if pending:
            cells.append(v4.new_code_cell("".join(pending).rstrip()))
            pending.clear()

    for example in doctest.DocTestParser().get_examples(source):
        if example.exc_msg is not None:
            flush()
            cells.append(raising_cell(example.source, example.exc_msg))
            continue
        pending.append(example.source)
        if example.want.strip():
            flush()
    flush()
    return cells


def code_cells(block: CodeBlock) -> list:
    if block.is_doctest:
        return doctest_cells(block.expanded)
    return [v4.new_code_cell(block.expanded.strip("\n").rstrip())]


# --- Chapters and labs -----------------------------------------------------------------------


# **퍼셉트론(perceptron)**은: bold that ends in punctuation with a letter right after it (as
# Korean writes its particles), or starts after a letter with punctuation. Python-Markdown
# (the site) draws it bold; CommonMark (Jupyter, Colab) shows the asterisks. HTML is bold in both.
def strong(markdown: str) -> str:
    """``markdown`` with each bold span CommonMark would not close written as ``<strong>``."""

    def fix(match: re.Match) -> str:
        start, end = match.span()
        before = markdown[start - 1] if start else " "
        after = markdown[end] if end < len(markdown) else " "
        text = match["text"]
        closes = not (not text[-1].isalnum() and after.isalnum())
        opens = not (not text[0].isalnum() and before.isalnum())
        return match[0] if closes and opens else f"<strong>{text}</strong>"

    return re.sub(r"\*\*(?=\S)(?P<text>[^*\n]*?[^\s*])\*\*", fix, markdown)


def chapter_notebook(text: str, path: str, links: Links, repo_url: str,
                     lang: str = "en") -> nbformat.NotebookNode:
    """The notebook of one chapter (``text`` is its Markdown source, in ``lang``)."""
    page = parse_page(path, text)
    lines = markdown_lines(page)
    cells: list = []
    prose: list[str] = []

    def flush():
        md = "\n".join(prose).strip("\n")
        prose.clear()
        md = re.sub(r"\n{3,}", "\n\n", md)
        if md.strip():
            cells.append(v4.new_markdown_cell(strong(rewrite_links(md, links))))

    next_line = 0
    for part in page.parts:
        if not isinstance(part, (CodeBlock, Directive)):
            continue  # headings and boxes are prose (markdown_lines)
        first, last = part.line - 1, part.last_line - 1
        prose.extend(lines[next_line:first])
        next_line = last + 1
        if isinstance(part, Directive):
            if part.kind == "clear-namespace":
                flush()
                cells.append(v4.new_code_cell("%reset -f"))
            elif part.kind in ("check", "fact"):
                # HTML comments, invisible in Jupyter as on the site: the tests check the
                # prose's claims, the notebook only keeps them beside their sentences
                prose.extend(lines[first : last + 1])
            # a skip: the page's parts mark the blocks it leaves out (part.skipped)
        elif not part.is_python:
            prose.extend(lines[first : last + 1])
        elif part.skipped:
            prose.extend(["```python", part.expanded.rstrip(), "```"])
        else:
            flush()
            cells.extend(code_cells(part))
    prose.extend(lines[next_line:])
    flush()

    note = WORDS[lang]["note"].format(url=links.page_url())
    if cells and cells[0].cell_type == "markdown" and cells[0].source.startswith("# "):
        title, _, rest = cells[0].source.partition("\n")
        cells[0] = v4.new_markdown_cell(f"{title}\n\n{note}")
        if rest.strip():
            cells.insert(1, v4.new_markdown_cell(rest.strip("\n")))
        cells.insert(1, install_cell(repo_url, lang))
    else:
        cells[:0] = [v4.new_markdown_cell(note), install_cell(repo_url, lang)]
    return new_notebook(cells)


def lab_notebook(path: Path, repo_url: str, lang: str = "en") -> nbformat.NotebookNode:
    """The notebook of a lab (a jupytext percent script), with the install cell after its title."""
    import jupytext

    cells = [
        v4.new_code_cell(cell.source)
        if cell.cell_type == "code"
        else v4.new_markdown_cell(cell.source)
        for cell in jupytext.read(path).cells
    ]
    at = 1 if cells and cells[0].cell_type == "markdown" else 0
    cells.insert(at, install_cell(repo_url, lang))
    return new_notebook(cells)


def lab_paths(docs: Path) -> list[Path]:
    """The labs: ``docs/labs/*.py``, without their Korean twins (``*.ko.py``)."""
    return sorted(p for p in docs.glob(LAB_GLOB) if not lab_language(p))


def lab_language(path: Path) -> str | None:
    """``"ko"`` for a lab's Korean twin ``name.ko.py``, else None."""
    suffixes = path.suffixes
    return suffixes[-2][1:] if len(suffixes) >= 2 and suffixes[-2][1:] in editions.LANGUAGES else None


def lab_twin(path: Path, lang: str) -> Path:
    """The lab ``path`` in the edition ``lang``: ``name.ko.py`` for Korean."""
    return path if lang == editions.DEFAULT else path.with_suffix(f".{lang}.py")


def notebook_uri(src_uri: str) -> str:
    return "notebooks/" + posixpath.splitext(src_uri)[0] + ".ipynb"


def build_notebooks(config, files: Files | None = None,
                    lang: str = "en") -> dict[str, nbformat.NotebookNode]:
    """``{page src_uri: notebook}`` for every chapter and lab of the edition ``lang``.

    The keys are the English pages' paths (``perceptron.md``); in Korean the notebook is
    made from the page's Korean twin (``perceptron.ko.md``, ``labs/x.ko.py``).
    """
    docs = Path(config["docs_dir"])
    site_url = config.get("site_url") or ""
    repo_url = (config.get("repo_url") or "").rstrip("/")
    made = {}
    for _, _, uri in chapters(config["nav"]):
        source = uri if lang == editions.DEFAULT else book.translation(uri, lang)
        path = docs / source
        if not path.is_file():
            raise PluginError(f"notebooks: the navigation lists {uri}, which has no {source}")
        # In the Korean build, the site's files map perceptron.md to its Korean page.
        links = Links(page_uri=uri, site_url=site_url, files=files)
        made[uri] = chapter_notebook(
            path.read_text(encoding="utf-8"), str(path), links, repo_url, lang
        )
    for path in lab_paths(docs):
        source = lab_twin(path, lang)
        if not source.is_file():
            raise PluginError(f"notebooks: the lab {path.name} has no {source.name}")
        made[path.relative_to(docs).as_posix()] = lab_notebook(source, repo_url, lang)
    return made


def colab_url(repo_url: str, notebook_url: str) -> str | None:
    """Colab opens a notebook from a GitHub repository: the one on the gh-pages branch."""
    parts = urlsplit(repo_url)
    if parts.netloc != "github.com":
        return None
    repo = parts.path.strip("/").removesuffix(".git")
    return f"https://colab.research.google.com/github/{repo}/blob/gh-pages/{notebook_url}"


# --- MkDocs events ---------------------------------------------------------------------------


@event_priority(editions.LATE)  # after mkdocs-static-i18n sorted the pages by language
def on_files(files: Files, config) -> Files:
    lang = editions.language(config)
    NOTEBOOKS.clear()
    for page_uri, nb in build_notebooks(config, files, lang).items():
        made = File.generated(config, notebook_uri(page_uri), content=nbformat.writes(nb))
        notebook = editions.place(made, config)
        files.append(notebook)
        NOTEBOOKS[page_uri] = notebook
    return _executable_labs(files, config)


def _executable_labs(files: Files, config) -> Files:
    """Give the labs back to mkdocs-jupyter, which executes them into pages.

    mkdocs-jupyter wraps each lab's File in its own class on ``on_files``; mkdocs-static-i18n,
    which runs after it, makes plain Files of them again (a plain ``.py`` would be copied to
    the site unexecuted). The lab of this edition is wrapped again here.
    """
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return files
    from mkdocs_jupyter.plugin import NotebookFile

    for file in list(files):
        if jupyter.should_include(file) and not isinstance(file, NotebookFile):
            files.remove(file)
            lab = NotebookFile(file, **config)
            # labs/x.ko.py is the Korean page ko/labs/x/, not labs/x.ko/
            lang = lab_language(Path(file.src_uri))
            if lang:
                stem = posixpath.splitext(posixpath.splitext(file.src_uri)[0])[0]
                lab.dest_path = f"{editions.prefix(lang)}{stem}/index.html"
                lab.abs_dest_path = posixpath.join(config["site_dir"], lab.dest_path)
                lab.url = f"{editions.prefix(lang)}{stem}/"
            files.append(lab)
    return files


def on_page_context(context, page, config, nav):
    notebook = NOTEBOOKS.get(editions.norm_src_uri(page.file))
    if notebook is not None:
        page.meta["notebook"] = {
            "url": notebook.url,
            "name": posixpath.basename(notebook.src_uri),
            "colab": colab_url(config.get("repo_url") or "", notebook.url),
        }
    return context
