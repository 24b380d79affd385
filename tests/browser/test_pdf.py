"""The book as a PDF, one per edition (``make pdf``, ``hooks/pdf.py``), read back with pypdf.

``make test-browser`` prints them after building the site; when the site under test has none
(``DLBOOK_SITE`` unset, or a site built without ``make pdf``) they are printed here, into it.
For each edition:

- one top-level bookmark for the landing page and then one per chapter, in the order of the
  navigation and with the chapter's title as the edition's navigation gives it (Korean in
  the Korean PDF), each at the page where that chapter's own heading is printed; under each
  chapter a bookmark per section (``h2``), and per subsection (``h3``) under its section,
  titled as the page's headings;
- every page has text that can be extracted, and none of it is raw TeX (``\\frac``, ``\\(``,
  ``$$``, ``\\begin``): KaTeX drew every formula before the page was printed;
- every figure a chapter shows is an image in the chapter's pages; every font has its font
  file embedded, and the Hangul is drawn with the site's Noto Sans KR; the Korean PDF's
  chapters have Hangul text;
- a link to a chapter of the PDF jumps to it inside the PDF; other links of the site go to the
  published site, none to the local server the pages were printed from;
- the document says its title and language;
- the "PDF" link of the landing page and of a chapter leads to the edition's PDF, which the
  site serves as ``application/pdf``.

Two pages are rendered to PNG (pypdfium2) into ``test-artifacts/screenshots/`` for a
reviewer to look at: an English page with a formula and a figure, and a Korean page with a
formula.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from hooks import pdf
from hooks.book import DOCS, load_mkdocs_config, parse_page, translation

LANGUAGES = ("en", "ko")
PAGES = pdf.book_pages()  # index.md, then every chapter
RAW_TEX = ("\\frac", "\\(", "$$", "\\begin")
HANGUL = re.compile("[\uac00-\ud7a3]")


def squeeze(text: str) -> str:
    """Text without its white space: a PDF's text breaks lines wherever the page did."""
    return re.sub(r"\s+", "", text)


def source(uri: str, lang: str):
    """The parsed page ``uri`` (English name) of edition ``lang``."""
    return parse_page(DOCS / (uri if lang == "en" else translation(uri, lang)))


@pytest.fixture(scope="module")
def pdfs(site_dir, browser):
    """The PDF of each edition, printed into the site first if it has none."""
    paths = {lang: site_dir / pdf.pdf_uri(lang) for lang in LANGUAGES}
    if not all(path.is_file() for path in paths.values()):
        pdf.make_pdfs(site_dir, browser)
    return paths


@pytest.fixture(scope="module")
def books(pdfs):
    """Each edition's PDF, read: its reader, its pages' text, and its bookmarks.

    pypdf reads the structure; pdfium, many times faster on ~400 pages, the text.
    """
    import pypdfium2
    from pypdf import PdfReader

    read = {}
    for lang, path in pdfs.items():
        document = pypdfium2.PdfDocument(path)
        texts, images = [], []
        try:
            for page in document:
                textpage = page.get_textpage()
                texts.append(textpage.get_text_range())
                images.append(len(figures_on(page)))
                textpage.close()
                page.close()
        finally:
            document.close()
        read[lang] = Book(PdfReader(path), texts, images)
    return read


def figures_on(page) -> list:
    """The images a pdfium page shows whole: an image that does not fit where it begins is
    drawn again, whole, on the next page, and clipped away on the first."""
    from pypdfium2 import raw

    width, height = page.get_size()
    shown = []
    for image in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=8):
        left, bottom, right, top = image.get_bounds()
        if left >= -1 and bottom >= -1 and right <= width + 1 and top <= height + 1:
            shown.append(image)
    return shown


def fonts_drawn(page) -> set[str]:
    """The names of the fonts a pdfium page draws text with."""
    import ctypes

    from pypdfium2 import raw

    names = set()
    for text in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=8):
        font = raw.FPDFTextObj_GetFont(text.raw)
        buffer = ctypes.create_string_buffer(256)
        raw.FPDFFont_GetBaseFontName(font, buffer, 256)
        names.add(buffer.value.decode("latin-1"))
    return names


class Book:
    def __init__(self, reader, texts: list[str], images: list[int]):
        self.reader = reader
        self.texts = texts
        self.images = images  # how many images each page shows whole
        self.outline = reader.outline

    def page_of(self, item) -> int:
        return self.reader.get_destination_page_number(item)

    def tree(self, outline=None) -> list[tuple[object, list]]:
        """The outline as ``[(item, children), ...]``."""
        outline = self.outline if outline is None else outline
        tree = []
        for entry in outline:
            if isinstance(entry, list):
                tree[-1] = (tree[-1][0], self.tree(entry))
            else:
                tree.append((entry, []))
        return tree

    def ranges(self) -> list[range]:
        """The pages of each top-level bookmark (a page of the site), in order."""
        starts = [self.page_of(item) for item, _ in self.tree()]
        ends = starts[1:] + [len(self.reader.pages)]
        return [range(a, b) for a, b in zip(starts, ends)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_bookmark_per_chapter_at_its_first_page(books, lang):
    book = books[lang]
    tree = book.tree()
    titles = [item.title for item, _ in tree]
    assert len(tree) == len(PAGES)
    assert titles[1:] == pdf.chapter_titles(lang)
    assert titles[0] == source(PAGES[0], lang).headings[0].text
    starts = [book.page_of(item) for item, _ in tree]
    assert starts[0] == 0 and starts == sorted(set(starts)), starts
    for uri, start in zip(PAGES, starts):
        heading = source(uri, lang).headings[0].text
        assert squeeze(heading) in squeeze(book.texts[start]), (uri, heading, start)


def test_the_korean_chapter_titles_are_korean(books):
    english = pdf.chapter_titles("en")
    korean = [item.title for item, _ in books["ko"].tree()[1:]]
    assert all(HANGUL.search(k) or k == e for k, e in zip(korean, english)), korean
    assert sum(bool(HANGUL.search(k)) for k in korean) >= len(korean) - 1, korean


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sections_and_subsections_are_bookmarked_under_their_chapter(books, lang):
    book = books[lang]
    for uri, (item, sections), pages in zip(PAGES, book.tree(), book.ranges()):
        expected: list[tuple[str, list[str]]] = []
        for heading in source(uri, lang).headings:
            if heading.level == 2:
                expected.append((heading.text, []))
            elif heading.level == 3 and expected:
                expected[-1][1].append(heading.text)
        found = [(s.title, [sub.title for sub, _ in subs]) for s, subs in sections]
        assert [(squeeze(t), [squeeze(s) for s in subs]) for t, subs in found] == [
            (squeeze(t), [squeeze(s) for s in subs]) for t, subs in expected
        ], uri
        assert len(found) >= 2, uri
        previous = pages.start
        for section, subs in sections:
            for mark in [section] + [sub for sub, _ in subs]:
                page = book.page_of(mark)
                assert previous <= page < pages.stop, (uri, mark.title, page)
                assert squeeze(mark.title) in squeeze(book.texts[page]), (uri, mark.title)
                previous = page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_text_and_no_raw_tex(books, lang):
    book = books[lang]
    empty = [n for n, text in enumerate(book.texts) if not text.strip()]
    assert empty == []
    raw = [(n, d) for n, text in enumerate(book.texts) for d in RAW_TEX if d in text]
    assert raw == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_figure_of_a_chapter_is_an_image_in_its_pages(books, lang):
    book = books[lang]
    shown = 0
    for uri, pages in zip(PAGES, book.ranges()):
        figures = len(source(uri, lang).figures())
        images = sum(book.images[n] for n in pages)
        assert images >= figures, (uri, figures, images)
        shown += figures
    assert shown > 10


def links_of(book, pages: range) -> list[tuple[str, object]]:
    """The links of ``pages``: ``("uri", address)`` or ``("page", number)`` inside the PDF."""
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(book.reader.pages)}
    links = []
    for n in pages:
        for ref in book.reader.pages[n].get("/Annots") or []:
            action = ref.get_object().get("/A")
            if action is None:
                continue
            action = action.get_object()
            if action.get("/S") == "/URI":
                links.append(("uri", str(action["/URI"])))
            elif action.get("/S") == "/GoTo":
                links.append(("page", numbers[action["/D"][0].idnum]))
    return links


@pytest.mark.parametrize("lang", LANGUAGES)
def test_links_to_a_chapter_jump_to_it_inside_the_pdf(books, lang):
    book = books[lang]
    ranges = book.ranges()
    starts = {pdf.page_url(uri, lang): r.start for uri, r in zip(PAGES, ranges)}
    published = load_mkdocs_config()["site_url"]
    landing = links_of(book, ranges[0])
    jumps = [target for kind, target in landing if kind == "page"]
    # the landing page's list of chapters (Part I, and the chapters of Part V it names)
    assert len(jumps) >= 5 and set(jumps) <= set(starts.values()), jumps
    every = links_of(book, range(len(book.reader.pages)))
    web = [target for kind, target in every if kind == "uri"]
    assert not [u for u in web if u.startswith(published)
                and u[len(published):].partition("#")[0] in starts], web
    assert any(u.startswith(published) for u in web)  # pages not in the PDF: on the web
    assert not [u for u in web if "127.0.0.1" in u], web


def fonts_of(reader):
    """Every font the PDF's pages use: ``(base name, font descriptor)``."""
    found = {}
    for page in reader.pages:
        todo = [page.get("/Resources")]
        while todo:
            resources = todo.pop()
            if resources is None:
                continue
            resources = resources.get_object()
            for ref in (resources.get("/Font") or {}).values():
                font = ref.get_object()
                if font.get("/Subtype") == "/Type0":
                    descendant = font["/DescendantFonts"][0].get_object()
                    descriptor = descendant.get("/FontDescriptor")
                else:
                    descriptor = font.get("/FontDescriptor")
                found[(str(font.get("/BaseFont")), id(font))] = (
                    font.get("/Subtype"), descriptor and descriptor.get_object())
            for ref in (resources.get("/XObject") or {}).values():
                if ref.get_object().get("/Subtype") == "/Form":
                    todo.append(ref.get_object().get("/Resources"))
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_font_is_embedded_and_hangul_is_drawn_with_noto_sans_kr(books, lang):
    fonts = fonts_of(books[lang].reader)
    assert fonts
    missing = [name for (name, _), (subtype, descriptor) in fonts.items()
               if subtype == "/Type3"
               or not descriptor
               or not any(key in descriptor
                          for key in ("/FontFile", "/FontFile2", "/FontFile3"))]
    assert missing == []
    names = {name for name, _ in fonts}
    assert any("NotoSansKR" in name for name in names), sorted(names)
    assert any("KaTeX" in name for name in names), sorted(names)


def test_the_korean_pdf_is_in_korean(books):
    book = books["ko"]
    for uri, pages in zip(PAGES, book.ranges()):
        text = "".join(book.texts[n] for n in pages)
        syllables = len(HANGUL.findall(text))
        letters = len(re.findall("[A-Za-z]", text))
        # Korean prose, besides the code (in English, as in the English edition)
        assert syllables > 0.2 * letters, (uri, syllables, letters)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_document_says_its_title_and_language(books, lang):
    reader = books[lang].reader
    assert reader.metadata.title == pdf.TITLES[lang]
    assert reader.metadata.author == pdf.AUTHOR
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("uri", [PAGES[0], PAGES[1]])
def test_the_pdf_link_of_a_page_leads_to_the_pdf(browser, base_url, pdfs, lang, uri):
    context = pdf.new_context(browser)
    try:
        page = context.new_page()
        page.goto(urljoin(base_url, pdf.page_url(uri, lang)), wait_until="load")
        links = page.locator('a[data-dlbook="pdf"]')
        assert links.count() == 1
        assert links.inner_text().strip() == "PDF"
        href = links.evaluate("a => a.href")
        assert href == urljoin(base_url, pdf.pdf_uri(lang))
        response = context.request.get(href)
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.body() == pdfs[lang].read_bytes()
    finally:
        context.close()


def formula_page(book, document, lang: str, want_image: bool) -> int:
    """The first chapter page that draws a formula (in a KaTeX font) and, if asked, shows a
    whole figure; a Korean page must have Korean text as well."""
    for number in range(book.ranges()[1].start, len(book.reader.pages)):
        if want_image and not book.images[number]:
            continue
        if lang == "ko" and len(HANGUL.findall(book.texts[number])) < 100:
            continue
        if any("KaTeX" in name for name in fonts_drawn(document[number])):
            return number
    raise AssertionError(f"no page of the {lang} PDF has a formula"
                         + (" and a figure" if want_image else ""))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_page_of_each_pdf_renders(books, pdfs, artifacts, lang):
    import pypdfium2

    book = books[lang]
    document = pypdfium2.PdfDocument(pdfs[lang])
    try:
        number = formula_page(book, document, lang, want_image=lang == "en")
        image = document[number].render(scale=1.5).to_pil().convert("L")
    finally:
        document.close()
    path = artifacts / f"pdf-{lang}-page-{number + 1}.png"
    image.save(path)
    histogram = image.histogram()
    ink = sum(histogram[:128]) / (image.width * image.height)
    assert 0.01 < ink < 0.5, ink  # neither blank nor a black page
