"""Bylines: the words that introduce the person(s) a story is by (``data/vocabulary.toml``)."""

from __future__ import annotations

import re

from .loader import Knowledge, default_knowledge, phrase_alternation

# "By Jane Roe", "Story by …", "Von …" (de), "Par …" (fr), "Por …" (es/pt), "Di …" (it),
# "От …" / "Автор: …" (ru). Matched ignoring case; removed from the byline.
BYLINE_PREFIXES: tuple[str, ...] = default_knowledge().words["byline_prefixes"]


def prefix_pattern(knowledge: Knowledge | None = None) -> re.Pattern[str]:
    """The prefix at the head of a byline line."""
    k = knowledge or default_knowledge()
    return k.memo("byline-prefix", lambda: re.compile(
        rf"^{phrase_alternation(k.words['byline_prefixes'])}\s*:?\s+(?=\S)", re.IGNORECASE))


def line_pattern(knowledge: Knowledge | None = None) -> re.Pattern[str]:
    """A whole line that is a byline; ``name`` is the person(s) as printed."""
    k = knowledge or default_knowledge()
    return k.memo("byline-line", lambda: re.compile(
        rf"{phrase_alternation(k.words['byline_prefixes'])}\s*:?\s+(?P<name>[^\W\d_].{{1,160}})$",
        re.IGNORECASE))


PREFIX = prefix_pattern()
"""The prefix at the head of a byline line (the package's own prefixes)."""
LINE = line_pattern()
"""A whole line that is a byline (the package's own prefixes)."""
