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


# Where a byline runs on into a date: "Jane Roe - Nov 19, 2019", "Jane Roe | 11/18/19".
# The lookbehind starts a match only at the first space of a run: linear on long space runs.
_PARTS = re.compile(r"(?<!\s)\s+[-|–—•·]\s+")


def without_date(name: str) -> str:
    """A byline's name without the date and time a page prints after it, separators trimmed.

    >>> without_date("Jane Roe - Nov 19, 2019, 1:04 pm")
    'Jane Roe'
    >>> without_date("Jane Roe | Staff writer")
    'Jane Roe | Staff writer'
    """
    seps = list(_PARTS.finditer(name))
    for n, sep in enumerate(seps):
        end = seps[n + 1].start() if n + 1 < len(seps) else len(name)
        if any(c.isdigit() for c in name[sep.end():end]):
            name = name[:sep.start()]  # the rest is the date and time of the page
            break
    return name.strip(" ,;:|-–—")


PREFIX = prefix_pattern()
"""The prefix at the head of a byline line (the package's own prefixes)."""
LINE = line_pattern()
"""A whole line that is a byline (the package's own prefixes)."""
