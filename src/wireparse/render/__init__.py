"""Renderers: they read only the Article, never the parser."""
