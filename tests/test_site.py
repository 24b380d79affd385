"""The built site as a reader gets it, checked file by file (no browser needed).

- every internal link and every ``#anchor`` of every page resolves (the Markdown links are also
  checked by MkDocs itself, ``validation:`` with ``--strict``; this covers what the hooks,
  mkdocstrings, mkdocs-jupyter and the theme put in the HTML as well);
- nothing a page loads (scripts, styles, images, fonts) comes from another host, and the
  site serves KaTeX, the Korean font and every figure, as a PNG, in each edition;
- every chapter and lab has its notebook, a "Download notebook" button and an "Open in Colab"
  link, and the notebook is a valid nbformat 4 file; the landing page and every chapter, and
  only they, link to their edition's PDF (``make pdf`` writes it after the build: the link
  check lets it be missing, and tests/browser/test_pdf.py follows the link to it);
- the API reference has a page for every public module, an entry for every public name, and
  links each module to the chapters its docstring names;
- every heading of every page has the id ``hooks/book.py`` computes for it (the
  reference links a name to the section of the chapter that introduces it by that id);
- the glossary lists its terms both ways (tests/test_glossary.py ties its terms to the
  chapters); there is a 404 page and a search index;
- both editions are there: every page of the Korean edition under ``ko/``, in Korean, with
  its notebook, figures, API reference, 404 page and its own search index, and a language
  switcher on every page that goes to the same page in the other edition.

The site is built here with ``mkdocs build --strict``, into a temporary folder, so a build that
fails (a broken link, a missing section, a lab cell that raises) fails these tests with the
build's own warnings; ``$DLBOOK_SITE``, when set, names an already built site to check instead.
"""

from __future__ import annotations

import functools
import html.parser
import importlib
import json
import re
import textwrap
import types
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import nbformat
import pytest
from mkdocs.exceptions import PluginError

from hooks import editions, notebooks, pdf, reference
from hooks.book import (
    DOCS, chapters, glossary_rows, load_mkdocs_config, page_language, pages,
    parse_page, site_for_tests, translation,
)

CONFIG = load_mkdocs_config()
SITE_URL = CONFIG["site_url"]
PREFIX = urlsplit(SITE_URL).path  # "/dlbook/": the 404 page links with absolute paths
CHAPTERS = chapters(CONFIG["nav"])
LABS = [p.relative_to(DOCS).as_posix() for p in notebooks.lab_paths(DOCS)]
LANGUAGES = editions.LANGUAGES  # ("en", "ko"): English at the root, Korean under ko/
# Written by `make pdf` into the built site, after the build: a link to them may lead nowhere yet.
PDFS = {pdf.pdf_uri(lang) for lang in editions.LANGUAGES}
LOADING = {("script", "src"), ("link", "href"), ("img", "src"), ("source", "src"),
           ("iframe", "src"), ("video", "src"), ("audio", "src")}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return site_for_tests(tmp_path_factory)


class Page(html.parser.HTMLParser):
    """The ids of an HTML page, the links it follows and the resources it loads."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.heading_ids: list[str] = []  # of h1 ... h6, in order
        self.links: list[str] = []  # a[href]
        self.loads: list[tuple[str, str]] = []  # (tag, url) of what the browser fetches
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        for key in ("id", "name"):
            if attrs.get(key) and (key == "id" or tag == "a"):
                self.ids.add(attrs[key])
        if re.fullmatch(r"h[1-6]", tag):
            self.heading_ids.append(attrs.get("id"))
        if tag == "a" and attrs.get("href") is not None:
            self.links.append(attrs["href"])
        for name, attr in LOADING:
            if tag == name and attrs.get(attr):
                if tag == "link" and attrs.get("rel") in ("canonical", "alternate"):
                    continue
                self.loads.append((tag, attrs[attr]))


@functools.cache  # the built site does not change during a run: read its pages once
def site_pages(site: Path) -> dict[str, Page]:
    return {p.relative_to(site).as_posix(): Page(p.read_text(encoding="utf-8"))
            for p in sorted(site.rglob("*.html"))}


def resolve(site: Path, page: str, url: str) -> tuple[Path, str] | None:
    """The file and the fragment that ``url`` on ``page`` points to, or None when external."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if url.startswith("/"):
        if not url.startswith(PREFIX):
            return site / "__outside_the_site__", parts.fragment
        url = url[len(PREFIX):]
        page = ""
    path = unquote(urlsplit(urljoin("http://site/" + page, url)).path).lstrip("/")
    target = site / path
    if path == "" or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """Every internal link, resource or anchor of the built site that leads nowhere."""
    pages = site_pages(site)
    problems = []
    for page, parsed in pages.items():
        for url in parsed.links + [u for _, u in parsed.loads]:
            found = resolve(site, page, url)
            if found is None:
                continue
            target, fragment = found
            if target.relative_to(site).as_posix() in PDFS:
                continue
            if not target.is_file():
                problems.append(f"{page}: {url} -> no file {target.relative_to(site)}")
                continue
            if fragment and target.suffix == ".html":
                ids = pages[target.relative_to(site).as_posix()].ids
                if fragment not in ids:
                    problems.append(f"{page}: {url} -> no anchor #{fragment}")
    return problems


def test_every_internal_link_and_anchor_resolves(site):
    assert broken_links(site) == []


def test_the_link_check_finds_a_missing_page_and_a_missing_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h1 id="top">A</h1><a href="../b/">b</a><a href="../b/#nowhere">b</a>'
        '<a href="#top">top</a><img src="../figures/x.png"><a href="https://example.org/">x</a>'
    )
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text('<h2 id="here">B</h2>')
    assert broken_links(tmp_path) == [
        "a/index.html: ../b/#nowhere -> no anchor #nowhere",
        "a/index.html: ../figures/x.png -> no file figures/x.png",
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_edition_serves_katex_the_fonts_and_every_figure(site, lang):
    """What the hooks add to the build: KaTeX and Noto Sans KR (one copy, at the root, for
    both editions), and every figure as a PNG in each edition's ``figures/``."""
    from dlbook.plotting import BENCHMARK_FIGURES, FIGURES

    assets = {p.relative_to(site).as_posix() for p in (site / "assets").rglob("*")}
    assert {"assets/katex/katex.min.js", "assets/katex/katex.min.css",
            "assets/katex/contrib/auto-render.min.js",
            "assets/fonts/noto-sans-kr-korean-400.woff2",
            "assets/fonts/noto-sans-kr-korean-700.woff2", "assets/fonts/LICENSE"} <= assets
    folder = site / editions.prefix(lang) / "figures"
    names = set(FIGURES) | set(BENCHMARK_FIGURES)
    assert {p.name for p in folder.iterdir()} == {f"{name}.png" for name in names}
    for path in folder.iterdir():
        assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n"), path.name


def test_no_page_loads_anything_from_another_host(site):
    external = [
        f"{page}: <{tag}> {url}"
        for page, parsed in site_pages(site).items()
        for tag, url in parsed.loads
        if urlsplit(url).scheme in ("http", "https") or url.startswith("//")
    ]
    assert external == []


def test_no_notebook_page_needs_the_mermaid_cdn(site):
    """mkdocs-jupyter imports Mermaid from a CDN, but only when a page holds a diagram."""
    for page, parsed in site_pages(site).items():
        classes = " ".join(attrs.get("class") or "" for _, attrs in parsed.tags)
        assert "jp-Mermaid" not in classes, page


def page_path(uri: str, lang: str = "en") -> str:
    """Where the page ``uri`` is in the site (``losses.md`` is ``losses/index.html``, and
    ``ko/losses/index.html`` in Korean)."""
    stem = uri.rsplit(".", 1)[0]
    is_index = stem.split("/")[-1] == "index"
    folder = stem.removesuffix("index") if is_index else stem + "/"
    return f"{editions.prefix(lang)}{folder}index.html"


def page_html(site: Path, uri: str, lang: str = "en") -> Page:
    """The built page of ``uri`` in the edition ``lang``."""
    return Page((site / page_path(uri, lang)).read_text(encoding="utf-8"))


def title_in(uri: str, lang: str) -> str:
    """The first heading of the page ``uri`` in the edition ``lang``, as the page shows it."""
    if uri.endswith(".py"):  # a lab: its first Markdown line
        path = DOCS / (uri if lang == "en" else uri.removesuffix(".py") + f".{lang}.py")
        return next(line.removeprefix("# # ") for line in path.read_text("utf-8").split("\n")
                    if line.startswith("# # "))
    source = DOCS / (uri if lang == "en" else translation(uri, lang))
    return parse_page(source).headings[0].text


NOTEBOOK_BUTTONS = {"en": ("Download notebook", "Open in Colab"),
                    "ko": ("노트북 내려받기", "Colab에서 열기")}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("uri", [uri for _, _, uri in CHAPTERS] + LABS)
def test_a_page_offers_its_notebook_for_download_and_in_colab(site, uri, lang):
    page = page_path(uri, lang)
    text = (site / page).read_text(encoding="utf-8")
    tags = Page(text).tags
    download = [a for t, a in tags if t == "a" and a.get("data-dlbook") == "download-notebook"]
    colab = [a for t, a in tags if t == "a" and a.get("data-dlbook") == "open-in-colab"]
    assert len(download) == 1 and len(colab) == 1, uri
    assert all(label in text for label in NOTEBOOK_BUTTONS[lang])
    published = editions.prefix(lang) + notebooks.notebook_uri(uri)
    target, _ = resolve(site, page, download[0]["href"])
    assert target == site / published
    nb = nbformat.read(target, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4 and len(nb.cells) > 2
    # the edition's own notebook, made from the page in its language
    assert nb.cells[0].source.startswith(f"# {title_in(uri, lang)}"), nb.cells[0].source
    repo = urlsplit(CONFIG["repo_url"]).path.strip("/")
    assert colab[0]["href"] == (
        f"https://colab.research.google.com/github/{repo}/blob/gh-pages/{published}"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_landing_page_and_every_chapter_link_to_their_editions_pdf(site, lang):
    linked = {}
    for uri in sorted({uri for uri, _ in BUILT}):  # every page, by its English name
        page = page_path(uri, lang)
        links = [a["href"] for t, a in Page((site / page).read_text(encoding="utf-8")).tags
                 if t == "a" and a.get("data-dlbook") == "pdf"]
        if links:
            linked[uri] = [resolve(site, page, href)[0].relative_to(site).as_posix()
                           for href in links]
    assert set(linked) == {"index.md"} | {uri for _, _, uri in CHAPTERS}
    assert pdf.book_pages() == ["index.md"] + [uri for _, _, uri in CHAPTERS]  # its order
    assert all(targets == [pdf.pdf_uri(lang)] for targets in linked.values()), linked


@pytest.mark.parametrize("lang", LANGUAGES)
def test_only_chapters_and_labs_have_a_notebook(site, lang):
    expected = {notebooks.notebook_uri(uri) for _, _, uri in CHAPTERS} | {
        notebooks.notebook_uri(uri) for uri in LABS
    }
    folder = site / editions.prefix(lang) / "notebooks"
    made = {p.relative_to(folder.parent).as_posix() for p in folder.rglob("*.ipynb")}
    assert made == expected


# Every page of both editions: (English source, language).
BUILT = [
    (translation(p.relative_to(DOCS).as_posix(), None), page_language(p) or "en")
    for p in pages()
]


@pytest.mark.parametrize("uri, lang", BUILT, ids=[f"{lang}-{uri}" for uri, lang in BUILT])
def test_every_heading_has_the_id_the_book_module_computes(site, uri, lang):
    built = page_html(site, uri, lang).heading_ids
    assert built, f"{uri} has no headings in the built site"
    source = DOCS / (uri if lang == "en" else translation(uri, lang))
    assert built == [heading.id for heading in parse_page(source).headings]


@pytest.mark.parametrize("uri, lang", BUILT, ids=[f"{lang}-{uri}" for uri, lang in BUILT])
def test_every_page_is_in_its_language_and_switches_to_its_twin(site, uri, lang):
    text = (site / page_path(uri, lang)).read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in text
    parsed = Page(text)
    switch = {a["hreflang"]: a["href"] for t, a in parsed.tags
              if t == "a" and a.get("hreflang") and "md-select__link" in (a.get("class") or "")}
    assert set(switch) == set(LANGUAGES), uri
    for other in LANGUAGES:
        target, _ = resolve(site, page_path(uri, lang), switch[other])
        assert target == site / page_path(uri, other), (uri, lang, other)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", reference.public_modules())
def test_the_reference_documents_every_public_name_of_a_module(site, name, lang):
    # The API reference is the docstrings, in English, in both editions' navigation.
    page = page_html(site, f"reference/{name}.md", lang)
    module = importlib.import_module(f"dlbook.{name}")
    modules = reference.documented_modules(module)
    missing = [f"{m.__name__}.{n}" for m in modules for n in getattr(m, "__all__", [])
               if f"{m.__name__}.{n}" not in page.ids]
    assert missing == []
    for number in reference.chapter_numbers(module):
        uri = next(u for n, _, u in CHAPTERS if n == number)
        assert f"../../{uri.removesuffix('.md')}/" in page.links, (name, number)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_reference_lists_every_public_module_in_the_navigation(site, lang):
    index = (site / page_path("reference/index.md", lang)).read_text(encoding="utf-8")
    for name in reference.public_modules():
        assert f'href="{name}/"' in index, name


NOT_FOUND = {"en": "Page not found", "ko": "페이지를 찾을 수 없습니다"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_edition_has_its_404_page(site, lang):
    page = (site / editions.prefix(lang) / "404.html").read_text(encoding="utf-8")
    assert NOT_FOUND[lang] in page and f'<html lang="{lang}"' in page
    # GitHub Pages serves it at any missing address: its links are absolute.
    assert f'href="{PREFIX}{editions.prefix(lang)}"' in page
    if lang == "en":  # GitHub Pages shows this one at a missing Korean address too
        assert NOT_FOUND["ko"] in page and f'href="{PREFIX}ko/"' in page


def search_index(site: Path, lang: str) -> list[dict]:
    path = site / editions.prefix(lang) / "search" / "search_index.json"
    return json.loads(path.read_text(encoding="utf-8"))["docs"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_edition_searches_its_own_pages(site, lang):
    docs = search_index(site, lang)
    titles = {d["location"]: d["title"] for d in docs if "#" not in d["location"]}
    # one entry per page of the edition, at addresses relative to the edition's root
    assert set(titles) == {page_path(uri).removesuffix("index.html") for uri, _ in BUILT
                           if _ == "en"} | {
        f"reference/{n}/" for n in reference.public_modules()
    } | {page_path(uri).removesuffix("index.html") for uri in LABS}
    assert titles["perceptron/"] == title_in("perceptron.md", lang)
    assert any(d["location"].startswith("activations/") and "softmax" in d["text"] for d in docs)


def test_the_korean_pages_load_the_korean_search_index(site):
    english = (site / page_path("perceptron.md")).read_text(encoding="utf-8")
    korean = (site / page_path("perceptron.md", "ko")).read_text(encoding="utf-8")
    assert 'settings.base.replace' in korean and 'settings.base.replace' not in english


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_glossary_lists_every_term_both_ways(site, lang):
    page = (site / page_path("glossary.md", lang)).read_text(encoding="utf-8")
    source = "glossary.md" if lang == "en" else translation("glossary.md", lang)
    rows = glossary_rows((DOCS / source).read_text(encoding="utf-8"))
    assert len(rows) >= 40
    for row in rows:
        assert page.count(f"<td>{row.korean}</td>") == 2, row.korean
    korean = {row.korean for row in rows}
    korean_order = [k for k in re.findall(r"<tr>\s*<td>([^<]+)</td>", page) if k in korean]
    assert korean_order == sorted(korean)


@pytest.mark.parametrize("doc, numbers", [
    ('Loss functions (chapter 5, "Loss functions").\n\nMore.', [5]),
    ('Networks (chapters 7, "Backpropagation", and 8, "Optimizers").', [7, 8]),
    ('Data sets (chapter 6, "Gradient descent", and chapter 9, "MNIST").', [6, 9]),
    ('Figures of chapter 2, "Activation functions".', [2]),
    ('The command line (chapter 9).', [9]),
    ("The book's figures, drawn with matplotlib (28x28 images).", []),
])
def test_the_reference_reads_the_chapters_a_module_docstring_names(doc, numbers):
    assert reference.chapter_numbers(types.SimpleNamespace(__doc__=doc)) == numbers


def test_a_docstring_naming_a_chapter_the_book_lacks_fails_the_build():
    intro = reference.Introductions(DOCS, [])
    with pytest.raises(PluginError, match="names chapter 2, which is not in the navigation"):
        reference.module_page("activations", {}, intro)


def test_notebook_links_point_to_the_published_site(tmp_path):
    from mkdocs.structure.files import File, Files

    files = Files([File(uri, src_dir=str(DOCS), dest_dir=str(tmp_path), use_directory_urls=True)
                   for uri in ("activations.md", "losses.md", "reference/activations.md")])
    links = notebooks.Links("losses.md", "https://example.org/book/", files)
    text = ("See [softmax](activations.md#softmax), [here](#top), [the code][dlbook.activations."
            "softmax] and [NumPy](https://numpy.org/).")
    assert notebooks.rewrite_links(text, links) == (
        "See [softmax](https://example.org/book/activations/#softmax), "
        "[here](https://example.org/book/losses/#top), "
        "[the code](https://example.org/book/reference/activations/#dlbook.activations.softmax) "
        "and [NumPy](https://numpy.org/)."
    )


def test_the_glossary_hook_sorts_the_rows_in_korean_order():
    from hooks import glossary

    table = textwrap.dedent("""\
        | English | 한국어 | First met in |
        |---|---|---|
        | weight | 가중치 | [1](a.md) |
        | bias | 편향 | [1](a.md) |
        | loss | 손실 | [5](b.md) |
    """)
    assert glossary.korean_table(table).split("\n")[2:] == [
        "| 가중치 | weight | [1](a.md) |",
        "| 손실 | loss | [5](b.md) |",
        "| 편향 | bias | [1](a.md) |",
    ]
