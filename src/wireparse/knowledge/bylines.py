"""Bylines: the words that introduce the person(s) a story is by."""

from __future__ import annotations

import re

# "By Jane Roe", "Story by …", "Von …" (de), "Par …" (fr), "Por …" (es/pt), "Di …" (it),
# "От …" / "Автор: …" (ru). Matched ignoring case; removed from the byline.
BYLINE_PREFIXES: tuple[str, ...] = (
    "written by", "story by", "words by", "text by", "posted by", "reported by",
    "by", "von", "par", "por", "di", "от", "автор",
)

_ALTERNATION = "|".join(
    re.escape(p).replace(r"\ ", r"\s+") for p in sorted(BYLINE_PREFIXES, key=len, reverse=True)
)
PREFIX = re.compile(rf"^(?:{_ALTERNATION})\s*:?\s+(?=\S)", re.IGNORECASE)
"""The prefix at the head of a byline line."""
LINE = re.compile(rf"(?:{_ALTERNATION})\s*:?\s+(?P<name>[^\W\d_].{{1,160}})$", re.IGNORECASE)
"""A whole line that is a byline; ``name`` is the person(s) as printed."""
