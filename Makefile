# The two quick-start commands: `make serve` and `make test`.
# Both create .venv when it is missing and (re)install the project when pyproject.toml changed.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
KATEX  := .cache/.katex-stamp
HOST   ?= 127.0.0.1:8000

# Figures are drawn without a display; silence mkdocs-material's banner about MkDocs 2.
export MPLBACKEND := Agg
export NO_MKDOCS_2_WARNING := 1
# One BLAS thread: at the book's matrix sizes it is as fast as two, and it does not slow to a
# crawl when the other core is busy (see the Performance notes). Override: make test OPENBLAS_NUM_THREADS=2
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: help install test test-py build serve clean sample-weights

help:
	@echo "make serve   build the site and serve it on http://$(HOST)"
	@echo "make test    every unit test, every chapter example, then mkdocs build --strict"
	@echo "make build   build the site into site/ (strict)"
	@echo "make clean   remove .venv, site/ and caches"

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

install: $(STAMP) $(KATEX)

test-py: install
	$(BIN)/python -m pytest -W error

build: install
	$(BIN)/python -m mkdocs build --strict

test: test-py build

serve: install
	$(BIN)/python -m mkdocs serve --strict --dev-addr $(HOST)

# Re-train dlbook's pretrained 784-50-100-10 sigmoid network (chapter 9) from MNIST.
# Afterwards, update SAMPLE_SHA256 in tests/test_weights.py to the printed checksum.
sample-weights: install
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m dlbook train --model sigmoid-50-100 \
		--epochs 5 --seed 0 --out dlbook/data/sample_weight.npz
	sha256sum dlbook/data/sample_weight.npz

clean:
	rm -rf $(VENV) site .cache .pytest_cache .hypothesis
