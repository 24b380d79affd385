"""The labs are notebooks (jupytext percent scripts), executed by mkdocs-jupyter when the site
is built and by tests/test_notebooks.py: pytest must not import them as modules."""

collect_ignore_glob = ["*.py"]
