"""MkDocs hook: the book's two editions, English at the site's root and Korean under ``ko/``.

mkdocs-static-i18n (``plugins: i18n`` in mkdocs.yml) builds the whole site once per
language, with the same plugin and hook objects: first English, then, from English's
``on_post_build``, Korean. It puts each ``page.ko.md`` at ``ko/page/`` and gives every page
its twin for Material's language switcher. What it does not know about is handled here and
by the helpers below, which the other hooks call:

- Files the hooks generate (figures, notebooks, API pages, KaTeX and the font) have no
  source file, which the plugin cannot handle; those hooks therefore add them after the
  plugin's ``on_files`` (``LATE``) and put each into the edition being built with
  ``place``: under ``ko/`` in the Korean one, except assets both editions share.
- Search is per edition: the Korean build's index goes to ``ko/search/``, and Korean pages
  load it (``overrides/main.html`` gives them ``ko/`` as their search base), so a search on
  a Korean page lists Korean pages.
- The Korean build would overwrite the English ``404.html`` and search index at the root
  (and mkdocs-static-i18n writes one index of both editions there at the end): the Korean
  ones are moved under ``ko/`` and the English ones put back.
- mkdocs-autorefs would keep the English build's URLs for the API names: its maps are
  cleared before each build.
- Material's script reads ``sitemap.xml`` at the search base (``ko/`` on Korean pages): the
  sitemap of both editions, which the Korean build writes last, is copied there. Its script
  also fetches a ``sitemap.xml`` beside each ``<link rel="alternate" hreflang>`` of a page's
  head, expecting the editions' roots there; mkdocs-static-i18n puts the page's twins there
  instead, so every page would ask for two sitemaps that do not exist. Those head links are
  left out: the sitemap gives search engines each page's twin (``xhtml:link hreflang``), and
  the language switcher links each page to its twin.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from mkdocs.plugins import event_priority

DEFAULT = "en"
LANGUAGES = ("en", "ko")
# mkdocs-static-i18n's events run at priority -100: what has to come after them runs at LATE.
LATE = -150
# What the Korean build writes at the site's root that belongs to the English edition.
ROOT_OUTPUTS = ("404.html", "search/search_index.json")
_saved: dict[str, bytes] = {}
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")
HEAD_ALTERNATE = re.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')


def language(config) -> str:
    """The language of the edition being built (``"en"`` or ``"ko"``)."""
    plugin = config.plugins.get("i18n")
    return (plugin.current_language if plugin else None) or DEFAULT


def prefix(lang: str) -> str:
    """Where an edition lives in the site: ``""`` for English, ``"ko/"`` for Korean."""
    return "" if lang == DEFAULT else f"{lang}/"


class _Twin:
    """The same generated file in another edition: all the language switcher reads is its url."""

    def __init__(self, url: str):
        self.url = url
        self.page = None


def place(file, config, lang: str | None = None, *, shared: bool = False):
    """Put a generated ``file`` into the edition ``lang`` (default: the one being built)
    and return it.

    In the Korean edition its address moves under ``ko/`` (``figures/x.png`` becomes
    ``ko/figures/x.png``), unless ``shared`` (an asset both editions load from the root,
    such as KaTeX). The file gets the attributes mkdocs-static-i18n gives the files it
    handles (``locale``, ``norm_src_uri``, ``alternates``), so the language switcher of a
    generated page (the API reference) goes to the same page in the other edition.
    """
    lang = lang or language(config)
    if not shared and lang != DEFAULT:
        file.dest_uri = prefix(lang) + file.dest_uri
    file.locale = lang
    file.localization = None if lang == DEFAULT else lang
    file.locale_alternate_of = lang
    file.norm_src_uri = file.src_uri
    url = file.url
    plain = url[len(prefix(lang)):] if url.startswith(prefix(lang)) else url
    file.alternates = {
        other: file if other == lang else _Twin(prefix(other) + plain)
        for other in LANGUAGES
    }
    return file


def norm_src_uri(file) -> str:
    """A page's source path without its language: ``perceptron.md`` for ``perceptron.ko.md``."""
    return getattr(file, "norm_src_uri", None) or file.src_uri


@event_priority(LATE - 10)  # after every hook that generates pages
def on_files(files, config):
    # mkdocs-static-i18n lists each edition's pages for its sitemap.xml when it sorts them;
    # the generated ones (the API reference) come later, and are added here.
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        i18n.i18n_files_per_language[language(config)] = files.documentation_pages()
    return files


@event_priority(10)  # before the search plugin makes its index
def on_config(config):
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None:
        # Korean pages hold English words too (code, the English beside each term).
        search.config.lang = ["en"] if language(config) == DEFAULT else ["ko", "en"]
    return config


def on_pre_build(config):
    autorefs = config.plugins.get("autorefs")
    if autorefs is not None:
        for name in ("_primary_url_map", "_secondary_url_map", "_abs_url_map"):
            getattr(autorefs, name, {}).clear()
    if language(config) != DEFAULT:
        # The Korean build starts when the English one has written the site: keep what the
        # Korean build will write over.
        site = Path(config["site_dir"])
        _saved.clear()
        _saved.update(
            (name, (site / name).read_bytes()) for name in ROOT_OUTPUTS if (site / name).is_file()
        )


def _korean_search_index(data: bytes) -> bytes:
    """The Korean build's search index, its locations made relative to ``ko/``."""
    index = json.loads(data)
    start = prefix("ko")
    docs = [doc for doc in index["docs"] if doc["location"].startswith(start)]
    for doc in docs:
        doc["location"] = doc["location"][len(start):]
    index["docs"] = docs
    return json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@event_priority(LATE)  # after mkdocs-static-i18n's on_post_build (-100)
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return
    site = Path(config["site_dir"])
    if i18n.building:
        # The end of the Korean build (which runs inside the English one's on_post_build):
        # its 404 page and search index belong under ko/.
        lang = language(config)
        for name in ROOT_OUTPUTS:
            made, moved = site / name, site / prefix(lang) / name
            if made.is_file():
                moved.parent.mkdir(parents=True, exist_ok=True)
                if name.endswith("search_index.json"):
                    moved.write_bytes(_korean_search_index(made.read_bytes()))
                    made.unlink()
                else:
                    shutil.move(made, moved)
        for name in SITEMAPS:
            if (site / name).is_file():
                shutil.copyfile(site / name, site / prefix(lang) / name)
    else:
        # The end of both builds: mkdocs-static-i18n has just written one search index of
        # both editions at the root; the English edition's own outputs go back there.
        for name, data in _saved.items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_bytes(data)


def on_post_page(output: str, page, config) -> str:
    head, sep, body = output.partition("</head>")
    return HEAD_ALTERNATE.sub("", head) + sep + body
