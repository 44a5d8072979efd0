"""Readers for input formats other than plain text (HTML pages, wireparse's own Markdown)."""
