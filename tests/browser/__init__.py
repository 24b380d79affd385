"""The real-browser tests of the built site (make test-browser)."""
