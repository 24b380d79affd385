"""The book's ``common`` package, as re-exports of dlbook (see ``compat/README.md``).

Each module holds imports only: the names the book's chapter-5 to chapter-7 scripts
import from it, each the very dlbook object (one-line aliases where the names differ).
"""
