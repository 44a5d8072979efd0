"""Page and wire junk: text that belongs in no field of the document.

The rows live in ``data/junk.toml``, one per kind of junk. ``scope`` says where a row may
fire: "any" rows are specific enough to apply anywhere; "edge" rows (a lone section name, a
breadcrumb) only before the first body paragraph or after the last one, where page furniture
lives; "end" rows are wire end marks: what follows them is trailer too. Every pattern is
anchored and bounded, and sees one block.
"""

from __future__ import annotations

import re
from typing import Literal

from .loader import JunkRule, Knowledge, default_knowledge, phrase_alternation

__all__ = ["JUNK_RULES", "JunkRule", "Scope", "is_wire_header", "match_junk", "strip_trailers"]

Scope = Literal["any", "edge", "end"]

JUNK_RULES: tuple[JunkRule, ...] = default_knowledge().junk_rules
"""The package's own junk rows (a user's knowledge file may add more)."""


def _branch(index: int, rule: JunkRule, *, anchored: bool = True) -> str:
    pattern, flags = rule.pattern, ""
    if pattern.startswith("(?i)"):
        pattern, flags = pattern[4:], "i"
    body = f"(?{flags}:{pattern})" if flags else f"(?:{pattern})"
    end = r"\s*$" if anchored else ""
    return rf"(?P<r{index}>{body}{end})"


class _Compiled:
    """One knowledge's junk rows as combined patterns, per tuple of scopes.

    why: one regex call in C instead of thirty in a Python loop; alternation is ordered, so
    the first row that matches still wins, and ``lastgroup`` names it.
    """

    def __init__(self, rules: tuple[JunkRule, ...]) -> None:
        self.rules = rules
        self.contains_words = tuple(sorted({word for rule in rules for word in rule.contains}))
        self.whole: dict[tuple[str, ...], re.Pattern[str]] = {}
        self.partial: dict[tuple[str, ...], re.Pattern[str] | None] = {}

    def combined(self, scopes: tuple[str, ...]) -> re.Pattern[str]:
        pattern = self.whole.get(scopes)
        if pattern is None:
            branches = [_branch(i, rule) for i, rule in enumerate(self.rules)
                        if rule.scope in scopes and not rule.contains]
            pattern = self.whole[scopes] = re.compile("|".join(branches) or "(?!)")
        return pattern

    def combined_contains(self, scopes: tuple[str, ...]) -> re.Pattern[str] | None:
        if scopes not in self.partial:
            branches = [_branch(i, rule, anchored=False) for i, rule in enumerate(self.rules)
                        if rule.scope in scopes and rule.contains]
            self.partial[scopes] = re.compile("|".join(branches)) if branches else None
        return self.partial[scopes]


def _compiled(knowledge: Knowledge | None) -> _Compiled:
    k = knowledge or default_knowledge()
    return k.memo("junk", lambda: _Compiled(k.junk_rules))


# why: junk lines are short; testing rows against long paragraphs only costs time.
JUNK_MAX_CHARS = 500
# why: a newsletter or cookie prompt is a line or two; a long paragraph that mentions
# "cookies" or "all rights reserved" is body copy about them.
CONTAINS_MAX_CHARS = 300


def match_junk(text: str, scopes: tuple[Scope, ...] = ("any", "end"),
               knowledge: Knowledge | None = None) -> JunkRule | None:
    """The first junk row of the given scopes that matches the whole of ``text``.

    >>> match_junk("Read also: Moscow still supports Maduro").name
    'read-also'
    >>> match_junk("Moscow keeps holding its stance.") is None
    True
    """
    if len(text) > JUNK_MAX_CHARS:
        return None
    compiled = _compiled(knowledge)
    m = compiled.combined(scopes).match(text)
    if m is None and len(text) <= CONTAINS_MAX_CHARS and _holds_contains_word(
            text, compiled.contains_words):
        contains = compiled.combined_contains(scopes)
        m = contains.search(text) if contains is not None else None
    if m is None or m.lastgroup is None:
        return None
    return compiled.rules[int(m.lastgroup[1:])]


def is_wire_header(text: str, knowledge: Knowledge | None = None) -> bool:
    """Whether ``text`` is a header line of a wire envelope (any "wire-header" row matches).

    >>> is_wire_header("BC-EU--Ports-Cranes,2nd Ld-Writethru"), is_wire_header("Cranes return")
    (True, False)
    """
    if len(text) > JUNK_MAX_CHARS:
        return False
    k = knowledge or default_knowledge()
    return k.memo("wire-header", lambda: re.compile("|".join(
        _branch(i, rule) for i, rule in enumerate(k.junk_rules) if rule.name == "wire-header"
    ) or "(?!)")).match(text) is not None


def _holds_contains_word(text: str, words: tuple[str, ...]) -> bool:
    lower = text.lower()
    for word in words:  # noqa: SIM110 - a plain loop: any() over a generator is slower here
        if word in lower:
            return True
    return False


TRAILER_MAX_CHARS = 600
# why: copy ends with a credit line and an end mark at most ("(Reporting by …) (END)").
TRAILERS_MAX = 3
# Trailers no one agency owns, printed at the end of the last paragraph.
_GENERIC_TRAILERS = (
    r"\s*\((?:additional\s)?(?:reporting|writing|editing|compiled|edited)\sby\b[^()]{1,400}\)"
    r"|\s+\(end\)|\s+enditem"
)


class _Trailers:
    """Trailers at the end of a paragraph: the generic ones and the sign-offs of agencies whose
    row says they trail ("… said. ==Kyodo", "… on Monday. Reuters")."""

    def __init__(self, knowledge: Knowledge) -> None:
        forms = [f for row in knowledge.agencies if row.trails for f in row.end_marks]
        signed = phrase_alternation(forms)
        self.pattern = re.compile(
            rf"(?<!\s)(?:{_GENERIC_TRAILERS}|\s+(?:==|--)\s?{signed}"
            rf"|(?<=[.!?\"”’])\s+{signed})\s*$",
            re.IGNORECASE,
        )
        # why: a cheap exit: every trailer ends in ")" or in the last letter of a sign-off.
        self.last_chars = frozenset(")dDmM" + "".join(f[-1].lower() + f[-1].upper() for f in forms))


def _trailers(knowledge: Knowledge | None) -> _Trailers:
    k = knowledge or default_knowledge()
    return k.memo("trailers", lambda: _Trailers(k))


def strip_trailers(text: str, knowledge: Knowledge | None = None) -> str:
    """Remove a trailing "(Reporting by …)" or end mark from a paragraph.

    >>> strip_trailers("Shares fell. (Reporting by Jane Roe; Editing by John Doe)")
    'Shares fell.'
    >>> strip_trailers("Talks go on, the ministry said. ==Kyodo")
    'Talks go on, the ministry said.'
    """
    trailers = _trailers(knowledge)
    if len(text) < 8 or text[-1] not in trailers.last_chars:
        return text
    # why: trailers are short; searching only the tail keeps this linear on any paragraph.
    # One trailer at a time, from the end (a pattern without repetition stays linear).
    for _ in range(TRAILERS_MAX):
        m = trailers.pattern.search(text, max(0, len(text) - TRAILER_MAX_CHARS))
        if m is None:
            break
        text = text[: m.start()]
    return text
