"""The book's ``dataset`` package, as re-exports of dlbook (see compat/README.md)."""
