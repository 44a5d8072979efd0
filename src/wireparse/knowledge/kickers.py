"""Kickers: a label over (or glued to the front of) a headline that is not the headline —
"EXCLUSIVE", "ANALYSIS", "UPDATE 2-", "REFILE-UPDATE 1-" (words in ``data/vocabulary.toml``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .loader import Knowledge, default_knowledge, phrase_alternation

# why: a kicker is a word or two and a take number; a longer line is a headline that happens
# to open with one of the words ("Analysis of the vote shows …").
KICKER_MAX_CHARS = 40


class Kicker(NamedTuple):
    kicker: str
    """The kicker as printed, without its separator ("UPDATE 2", "EXCLUSIVE")."""
    rest: str
    """What follows it on the same line (the headline), "" for a kicker line of its own."""


def _patterns(knowledge: Knowledge) -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = phrase_alternation(knowledge.words.get("kickers", ()))
    # One or more kicker words, each with an optional take number, joined by hyphens or
    # slashes ("REFILE-UPDATE 2", "UPDATE 1/EXCLUSIVE").
    label = rf"(?i:{words})(?:\s?\d{{1,2}})?(?:[-/](?i:{words})(?:\s?\d{{1,2}})?){{0,2}}"
    whole = re.compile(rf"(?P<kicker>{label})\s*[-:–—|]?\s*")
    # Glued to the headline: Reuters' "UPDATE 2-Ministers agree" (a hyphen, no space) or a
    # kicker in capitals and a colon or bar ("EXCLUSIVE: Ministers agree").
    glued = re.compile(
        rf"(?P<kicker>{label})(?:-(?=[^\W\d_])|\s?[:|]\s+)(?P<rest>\S.*)", re.DOTALL)
    return whole, glued


def kicker_of(text: str, knowledge: Knowledge | None = None) -> Kicker | None:
    """The kicker of a line: the whole line ("EXCLUSIVE"), or the label glued to its front
    ("UPDATE 2-Ministers agree"); None when the line has none.

    >>> kicker_of("UPDATE 2-Ministers agree on grain deal")
    Kicker(kicker='UPDATE 2', rest='Ministers agree on grain deal')
    >>> kicker_of("ANALYSIS"), kicker_of("Analysis of the vote shows a split")
    (Kicker(kicker='ANALYSIS', rest=''), None)
    """
    k = knowledge or default_knowledge()
    whole, glued = k.memo("kicker-patterns", lambda: _patterns(k))
    if len(text) <= KICKER_MAX_CHARS:
        m = whole.fullmatch(text)
        if m is not None:
            return Kicker(m.group("kicker"), "")
    m = glued.match(text)
    if m is None:
        return None
    kicker = m.group("kicker")
    if m.group(0)[len(kicker)] != "-" and not kicker.isupper():
        return None  # "Analysis: …" in mixed case reads as a title; only capitals are labels
    return Kicker(kicker, m.group("rest").strip())
