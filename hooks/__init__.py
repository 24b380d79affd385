"""The site's MkDocs hooks (listed in mkdocs.yml) and the helpers they share with the tests."""
