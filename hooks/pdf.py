"""The book as one PDF per edition: ``make pdf`` (``python -m hooks.pdf``).

The built site is served on 127.0.0.1 under the path of ``site_url`` (``/dlbook/``), as the
browser test serves it, and Debian's Chromium, driven by Playwright, prints the landing page
and then every chapter of an edition, in the order of the navigation, with ``page.pdf``: A4,
backgrounds printed (the figures' and the boxes' colours), a footer with the page numbers.
A page is printed only once the theme's script has run, KaTeX has drawn every formula, every
image has loaded and the fonts are ready (Noto Sans KR, which the site serves, draws the
Hangul: Chromium embeds it as it embeds every font it draws with). The page's print
stylesheet (``docs/stylesheets/print.css``) leaves out the site around the text (header,
navigation, search, buttons) and opens the folds (hints, solutions). Links to other pages of
the site are pointed at the published site (``site_url``) first, since the local server's
address means nothing in a file.

pypdf then joins the pages of each edition into ``pdf/dlbook.pdf`` (English) and
``ko/pdf/dlbook.pdf`` (Korean) inside the site, with a top-level bookmark per page (the
chapter's title as the navigation gives it, in the edition's language) and, under it, one per
section and subsection: the outline Chromium writes for each page (``outline=True``, from its
``h2`` and ``h3`` headings), moved to the page where that page starts. The document's title,
author and language are set in its metadata.

As a MkDocs hook (``mkdocs.yml`` lists it) this module only gives the landing page and every
chapter ``page.meta.pdf``, the address of its edition's PDF, which ``overrides/main.html``
shows as a "PDF" button. A plain ``mkdocs build`` therefore links to a file that ``make pdf``
writes afterwards; the browser test checks that the link leads to it.

``python -m hooks.pdf [--site SITE]`` builds the site into ``SITE`` (``site/``) first when it
is missing or older than the book's sources. Playwright and pypdf are imported only there:
the hook needs neither.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import io
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

# MkDocs loads a hook by its path: make the hooks package importable.
if str(Path(__file__).resolve().parent.parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from hooks import editions  # noqa: E402
from hooks.book import ROOT, build_site, chapters, load_mkdocs_config  # noqa: E402

PDF_NAME = "pdf/dlbook.pdf"  # inside each edition: pdf/dlbook.pdf, ko/pdf/dlbook.pdf
HOME = "index.md"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
# What the printed book is called, and the word before the page numbers, per edition.
TITLES = {"en": "dlbook: deep learning from scratch",
          "ko": "dlbook: 밑바닥부터 만드는 딥러닝"}
AUTHOR = "The dlbook authors"
# Where the book's sources are: a site older than any of them is built again.
SOURCES = ("docs", "dlbook", "hooks", "overrides", "mkdocs.yml")
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
# The footer is drawn by Chromium apart from the page, with the system's fonts only (no web
# font reaches it): Latin text only, so that no Hangul is drawn as boxes.
FOOTER = """<div style="font-size:8px; color:#666; width:100%; margin:0 16mm;
  display:flex; justify-content:space-between; font-family:sans-serif">
  <span>{left}</span><span><span class="pageNumber"></span> / <span class="totalPages">
  </span></span></div>"""

# Runs in the page once it has loaded: true when the theme, KaTeX and the images are done.
READY = """() => {
  const math = [...document.querySelectorAll('.arithmatex')];
  return typeof document$ !== 'undefined'
    && math.every(m => m.querySelector('.katex'))
    && [...document.images].every(i => i.complete && i.naturalWidth > 0);
}"""
# Runs in the page just before it is printed: opens every fold, points the links to other
# pages at the published site, and returns the title of its first heading.
PREPARE = """([local, published]) => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  for (const a of document.querySelectorAll('a[href]')) {
    if (a.getAttribute('href').startsWith('#')) continue;
    if (a.href.startsWith(local)) a.href = published + a.href.slice(local.length);
  }
  const h1 = document.querySelector('article h1');
  if (!h1) return null;
  const copy = h1.cloneNode(true);
  copy.querySelectorAll('.headerlink').forEach(e => e.remove());
  return copy.textContent.trim();
}"""


# --- Which pages, and where their PDF is --------------------------------------------------


@functools.cache
def book_pages() -> list[str]:
    """The pages the PDF holds, in order: the landing page, then every chapter."""
    return [HOME] + [chapter.src_uri for chapter in chapters(load_mkdocs_config()["nav"])]


def pdf_uri(lang: str) -> str:
    """Where an edition's PDF is in the site: ``pdf/dlbook.pdf``, ``ko/pdf/dlbook.pdf``."""
    return editions.prefix(lang) + PDF_NAME


def _edition_settings(lang: str) -> dict:
    """The settings mkdocs.yml gives an edition (plugins: i18n: languages: ...)."""
    for plugin in load_mkdocs_config()["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for entry in plugin["i18n"]["languages"]:
                if entry["locale"] == lang:
                    return entry
    return {}


def chapter_titles(lang: str) -> list[str]:
    """The chapters' titles as the navigation of ``lang`` shows them ("1. Perceptron ...")."""
    translations = _edition_settings(lang).get("nav_translations") or {}
    return [translations.get(f"{c.number}. {c.title}", f"{c.number}. {c.title}")
            for c in chapters(load_mkdocs_config()["nav"])]


def page_url(src_uri: str, lang: str) -> str:
    """The address of a page under the site's root: ``ko/perceptron/``, ``""`` for home."""
    stem = src_uri.removesuffix(".md")
    return editions.prefix(lang) + ("" if stem == "index" else stem + "/")


# --- The MkDocs hook ------------------------------------------------------------------------


def on_page_context(context, page, config, nav):
    if editions.norm_src_uri(page.file) in book_pages():
        lang = editions.language(config)
        page.meta["pdf"] = {"url": pdf_uri(lang),
                            "name": "dlbook.pdf" if lang == editions.DEFAULT
                            else f"dlbook-{lang}.pdf"}
    return context


# --- Serving the site -----------------------------------------------------------------------


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under ``prefix`` (the path of site_url), quietly; a path outside it
    is not found. The browser tests serve the site with it too (tests/browser/conftest.py)."""

    prefix = "/"

    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def translate_path(self, path):
        path = urlsplit(path).path
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside__")
        return super().translate_path("/" + path[len(self.prefix):])


def site_prefix() -> str:
    """The path of site_url: ``https://x.github.io/dlbook/`` -> ``/dlbook/``."""
    path = urlsplit(load_mkdocs_config().get("site_url") or "/").path or "/"
    return path if path.endswith("/") else path + "/"


@contextlib.contextmanager
def serve(site: Path, handler_class: type = SiteHandler):
    """Serve ``site`` on 127.0.0.1 (a free port) and give its address (``.../dlbook/``).

    ``handler_class`` is :class:`SiteHandler` or a subclass of it.
    """
    prefix = site_prefix()
    handler = functools.partial(type("Handler", (handler_class,), {"prefix": prefix}),
                                directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- Printing -------------------------------------------------------------------------------


@dataclass
class Printed:
    """One page of the site printed: its PDF and the bookmark it gets."""

    src_uri: str
    title: str
    pdf: bytes
    seconds: float
    problems: list[str] = field(default_factory=list)


def new_context(browser):
    """A light-scheme browser context that asks nothing of any host but 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1000, "height": 1400},
                                  color_scheme="light")

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    context.route("**/*", guard)
    return context


def print_page(context, base_url: str, src_uri: str, lang: str, title: str | None,
               footer: str, timeout: float = 30_000) -> Printed:
    """Print one page of the site once it is ready; ``title`` None: its first heading."""
    start = time.perf_counter()
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"uncaught exception: {e}"))
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    try:
        url = base_url + page_url(src_uri, lang)
        response = page.goto(url, wait_until="load")
        if response is None or response.status != 200:
            raise RuntimeError(f"{url}: status {response and response.status}")
        page.wait_for_load_state("networkidle")
        page.wait_for_function(READY, timeout=timeout)
        page.emulate_media(media="print")
        heading = page.evaluate(PREPARE, [base_url, load_mkdocs_config()["site_url"]])
        page.evaluate("() => document.fonts.ready.then(() => true)")
        # A fold opened, or the print layout, may need images or fonts not drawn before.
        page.wait_for_load_state("networkidle")
        page.wait_for_function(READY, timeout=timeout)
        pdf = page.pdf(
            format="A4", print_background=True, margin=MARGIN, outline=True, tagged=True,
            display_header_footer=True, header_template="<span></span>",
            footer_template=FOOTER.format(left=footer),
        )
    finally:
        page.close()
    return Printed(src_uri, title or heading or src_uri, pdf,
                   time.perf_counter() - start, problems)


def print_edition(context, base_url: str, lang: str) -> list[Printed]:
    """The landing page and every chapter of ``lang``, each printed to a PDF of its own."""
    titles = dict(zip(book_pages()[1:], chapter_titles(lang)))
    printed = []
    english = dict(zip(book_pages()[1:], chapter_titles(editions.DEFAULT)))
    for src_uri in book_pages():
        # The footer names the chapter by its number (and in English by its title): it is
        # drawn without the site's fonts, which Hangul needs.
        if src_uri == HOME:
            footer = "dlbook"
        elif lang == editions.DEFAULT:
            footer = f"dlbook · {english[src_uri]}"
        else:
            footer = f"dlbook · {english[src_uri].split('.')[0]}"
        printed.append(print_page(context, base_url, src_uri, lang, titles.get(src_uri),
                                  footer))
    return printed


# --- Joining ------------------------------------------------------------------------------


def _outline_items(reader, outline, writer, parent, offset: int, depth: int):
    """Copy a nested pypdf outline, its pages moved by ``offset``; down to ``depth`` levels."""
    last = None
    for item in outline:
        if isinstance(item, list):
            if last is not None and depth > 1:
                _outline_items(reader, item, writer, last, offset, depth - 1)
            continue
        number = reader.get_destination_page_number(item)
        last = writer.add_outline_item(
            title=item.title, page_number=offset + number, parent=parent,
            fit=None if item.get("/Top") is None else _fit_at(item),
        )


def _fit_at(item):
    from pypdf.generic import Fit

    return Fit.xyz(left=item.get("/Left"), top=item.get("/Top"), zoom=item.get("/Zoom"))


def sections_of(reader) -> list:
    """The outline below a page's own title: Chromium's outline has the h1 on top."""
    outline = list(reader.outline)
    if len(outline) >= 2 and not isinstance(outline[0], list) and isinstance(outline[1], list):
        return outline[1]  # [h1, [h2, [h3...], h2, ...]]
    return outline


def join(printed: list[Printed], lang: str) -> bytes:
    """One PDF of the printed pages: a bookmark per page, and its sections below it.

    A link to a page of the same PDF (the landing page's list of chapters, a chapter that
    points to another) jumps there, to the section it names, instead of to the web.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter()
    parts = {}  # the address of a printed page under site_url -> (its reader, first page)
    for part in printed:
        reader = PdfReader(io.BytesIO(part.pdf))
        offset = len(writer.pages)
        writer.append(reader, import_outline=False)
        top = writer.add_outline_item(title=part.title, page_number=offset, is_open=False)
        _outline_items(reader, sections_of(reader), writer, top, offset, depth=2)
        parts[page_url(part.src_uri, lang)] = (reader, offset)
    _link_inside(writer, parts)
    writer.add_metadata({
        "/Title": TITLES[lang], "/Author": AUTHOR, "/Subject": _subject(lang),
        "/Creator": "dlbook (hooks/pdf.py): Chromium, pypdf",
    })
    writer.root_object[NameObject("/Lang")] = TextStringObject(lang)
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _link_inside(writer, parts: dict) -> int:
    """Turn every web link to a page in ``parts`` into a jump inside the PDF; how many."""
    from pypdf.generic import (
        ArrayObject, DictionaryObject, FloatObject, NameObject, NullObject,
    )

    published = load_mkdocs_config()["site_url"]
    turned = 0
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            action = annotation.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            if not uri.startswith(published):
                continue
            path, _, fragment = uri[len(published):].partition("#")
            if path not in parts:
                continue
            reader, offset = parts[path]
            number, top = offset, None
            dest = reader.named_destinations.get(f"/{fragment}") if fragment else None
            if dest is not None:
                number = offset + reader.get_destination_page_number(dest)
                top = dest.get("/Top")
            target = [writer.pages[number].indirect_reference, NameObject("/XYZ"),
                      NullObject(), NullObject() if top is None else FloatObject(top),
                      NullObject()]
            annotation[NameObject("/A")] = DictionaryObject({
                NameObject("/S"): NameObject("/GoTo"), NameObject("/D"): ArrayObject(target),
            })
            turned += 1
    return turned


def _subject(lang: str) -> str:
    return (_edition_settings(lang).get("site_description")
            or load_mkdocs_config().get("site_description") or "")


# --- The command ----------------------------------------------------------------------------


def site_is_stale(site: Path) -> bool:
    """True when ``site`` holds no built site or is older than a source of the book."""
    built = site / "sitemap.xml"
    if not (site / "index.html").is_file() or not built.is_file():
        return True
    when = built.stat().st_mtime
    here = Path(__file__).resolve()
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else path.rglob("*")
        for file in files:
            if (file.is_file() and file.resolve() != here and "__pycache__" not in file.parts
                    and file.stat().st_mtime > when):
                return True
    return False


def make_pdfs(site: Path, browser, languages=editions.LANGUAGES) -> dict[str, dict]:
    """Print and join every edition into ``site``; what was written, with timings."""
    written = {}
    with serve(site) as base_url:
        context = new_context(browser)
        try:
            for lang in languages:
                start = time.perf_counter()
                printed = print_edition(context, base_url, lang)
                problems = [f"{p.src_uri}: {m}" for p in printed for m in p.problems]
                if problems:
                    raise RuntimeError(f"printing the {lang} edition:\n" + "\n".join(problems))
                data = join(printed, lang)
                target = site / pdf_uri(lang)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                written[lang] = {"path": target, "bytes": len(data),
                                 "seconds": time.perf_counter() - start,
                                 "pages": {p.src_uri: p.seconds for p in printed}}
        finally:
            context.close()
    return written


def launch(playwright):
    """Debian's Chromium, as the browser test launches it."""
    if not Path(CHROMIUM).is_file():
        raise SystemExit(f"no Chromium at {CHROMIUM}: install Debian's `chromium` "
                         "(apt-get install chromium), or set CHROMIUM")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", help="the built site (default: site/)")
    args = parser.parse_args(argv)
    site = Path(args.site).resolve()
    if site_is_stale(site):
        print(f"building the site into {site} (mkdocs build --strict)", flush=True)
        build_site(site)
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    start = time.perf_counter()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            written = make_pdfs(site, browser)
        finally:
            browser.close()
    for info in written.values():
        pages = len(PdfReader(info["path"]).pages)
        print(f"{info['path']}: {pages} pages, {info['bytes'] / 1e6:.1f} MB, "
              f"printed in {info['seconds']:.0f} s")
    print(f"both editions in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
