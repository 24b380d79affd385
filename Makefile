# The quick-start commands: `make serve`, `make test` and `make test-browser`.
# All create .venv when it is missing and (re)install the project when pyproject.toml changed.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
KATEX  := .cache/.katex-stamp
FONTS  := .cache/.fonts-stamp
HOST   ?= 127.0.0.1:8000
SITE   ?= site

# Figures are drawn without a display; silence mkdocs-material's banner about MkDocs 2.
export MPLBACKEND := Agg
export NO_MKDOCS_2_WARNING := 1
# One BLAS thread: at the book's matrix sizes it is as fast as two, and it does not slow to a
# crawl when the other core is busy (see the Performance notes). Override: make test OPENBLAS_NUM_THREADS=2
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: help install test test-browser build pdf serve clean sample-weights bench
.PHONY: cnn-recipe cnn-cli cnn-weights fashion-weights

help:
	@echo "make serve         build the site and serve it on http://$(HOST)/dlbook/"
	@echo "make test          every unit test, every chapter example, every chapter's notebook, and"
	@echo "                   mkdocs build --strict with every link checked (warnings are errors);"
	@echo "                   two processes (JOBS=2; JOBS=0 runs everything in one)"
	@echo "make test-browser  the built site in Chromium (Debian's chromium package): every page of"
	@echo "                   both editions loads without errors, search, language switcher, fonts;"
	@echo "                   then the PDFs (make pdf) and their bookmarks, text, figures and fonts"
	@echo "make build         build the site into $(SITE)/ (strict)"
	@echo "make pdf           the book as one PDF per edition, printed by Chromium from the built site"
	@echo "                   (built first if missing or out of date): $(SITE)/pdf/dlbook.pdf and"
	@echo "                   $(SITE)/ko/pdf/dlbook.pdf, with a bookmark per chapter and section"
	@echo "make clean         remove .venv, $(SITE)/, caches and test artifacts"
	@echo "make bench         benchmarks (not part of make test): writes benchmarks/results.json"
	@echo "make cnn-recipe    choose the CNN's recipe on validation data (benchmarks/cnn_recipe.json)"
	@echo "make cnn-weights   re-train the shipped CNN (dlbook/data/cnn_weight.npz); fashion-weights:"
	@echo "                   the Fashion-MNIST CNN and MLP"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --upgrade "pip>=23"
	$(BIN)/python -m pip install -e ".[dev]"
	@touch $@

# KaTeX for the site's formulas: a pinned, integrity-checked tarball from the npm registry.
$(KATEX): hooks/katex.py | $(STAMP)
	$(BIN)/python hooks/katex.py install
	@touch $@

# Noto Sans KR: its Korean subset as woff2, so that Hangul is drawn on machines without a
# CJK font, and its regular weight as TrueType, for the Korean figures (matplotlib).
$(FONTS): hooks/fonts.py | $(STAMP)
	$(BIN)/python hooks/fonts.py install
	@touch $@

install: $(STAMP) $(KATEX) $(FONTS)

build: install
	$(BIN)/python -m mkdocs build --strict -d $(SITE)

# The strict site build is part of the suite: tests/test_site.py builds the site into a
# temporary folder (a failing build fails those tests, and only those) and checks every page.
# Two processes (pytest-xdist), one a core, each taking whole files (pyproject.toml and
# conftest.py say how). `make test JOBS=0` runs everything in one process, as `pytest` does.
JOBS ?= 2
test: install
	$(BIN)/python -m pytest -W error -n $(JOBS)

# Needs Chromium at /usr/bin/chromium (`apt-get install chromium`; CHROMIUM=... for another
# path). Screenshots go to test-artifacts/screenshots/. The PDFs are printed from the site
# just built, then checked with the rest (tests/browser/test_pdf.py).
test-browser: build
	$(BIN)/python -m hooks.pdf --site "$(SITE)"
	DLBOOK_SITE="$(CURDIR)/$(SITE)" $(BIN)/python -m pytest -W error tests/browser

# The book as a PDF per edition (hooks/pdf.py): Chromium prints the landing page and every
# chapter of the built site, pypdf joins them with bookmarks. The site is built first when
# $(SITE)/ is missing or older than the book's sources. Needs Chromium, as test-browser does.
pdf: install
	$(BIN)/python -m hooks.pdf --site "$(SITE)"

serve: install
	$(BIN)/python -m mkdocs serve --strict --dev-addr $(HOST)

# Re-train dlbook's pretrained 784-50-100-10 sigmoid network (chapter 9) from MNIST.
# Afterwards, update SAMPLE_SHA256 in tests/test_weights.py to the printed checksum.
sample-weights: install
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m dlbook train --model sigmoid-50-100 \
		--epochs 5 --seed 0 --validation-rate 0 \
		--out dlbook/data/sample_weight.npz
	sha256sum dlbook/data/sample_weight.npz

# Chapter 13's CNN. `make cnn-recipe` chooses its recipe on validation data (about 15-30
# minutes; writes benchmarks/cnn_recipe.json); `make cnn-weights` is the final fit of the
# chosen recipe (the `cnn` model of dlbook/cli.py) on all 60,000 MNIST training images, and
# `make fashion-weights` trains that CNN and the `mlp` model on Fashion-MNIST, for the
# chapter's comparison. Afterwards, update the checksums in tests/test_weights.py.
cnn-recipe: install
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m benchmarks.cnn_recipe

# `python -m dlbook train --model cnn` as a user runs it, timed into benchmarks/cnn_recipe.json.
cnn-cli: install
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m benchmarks.cnn_recipe --measure-cli

cnn-weights: install
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m dlbook train --model cnn --seed 0 \
		--validation-rate 0 --out dlbook/data/cnn_weight.npz
	sha256sum dlbook/data/cnn_weight.npz

fashion-weights: install
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m dlbook train --model cnn --seed 0 \
		--dataset fashion-mnist --validation-rate 0 --out dlbook/data/fashion_cnn_weight.npz
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m dlbook train --model mlp --seed 0 \
		--dataset fashion-mnist --validation-rate 0 --out dlbook/data/fashion_mlp_weight.npz
	sha256sum dlbook/data/fashion_cnn_weight.npz dlbook/data/fashion_mlp_weight.npz

# Benchmarks, kept out of `make test`: dlbook against PyTorch and the book's own code, one
# thread everywhere, about six minutes. Writes benchmarks/results.json and refreshes the
# tables of docs/performance.md. PyTorch is optional: $(BIN)/pip install torch==2.13.0
# The book's CNN (section 10) is also measured against the book's own ch07 code when
# DLBOOK_BOOK_CODE names a checkout of it (git clone
# https://github.com/oreilly-japan/deep-learning-from-scratch); `--only cnn` alone.
bench: install
	OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
	DLBOOK_DATA="$${DLBOOK_DATA:-$(abspath ../shared/data)}" $(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) $(SITE) .cache .pytest_cache .hypothesis test-artifacts
