"""Photo credits: the prefix words that introduce them and the agencies that sign them.

The prefixes and photo services are in ``data/credits.toml``; the agencies' own credit forms
in ``data/agencies.toml`` (one agency row drives its dateline, end marks and credits).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .loader import Knowledge, default_knowledge

_NAME = r"[^\W\d_][\w.'’\-]*(?:\s[^\W\d_][\w.'’\-]*){0,3}"


class CreditPatterns(NamedTuple):
    prefix_starts: frozenset[str]
    """First letters of the prefixes, lower case. why: most blocks are paragraphs; the first
    letter rules out the prefixed shape cheaply."""
    bare_starts: tuple[str, ...]
    """Credits that may stand alone without a slash ("Getty Images")."""
    prefixed: re.Pattern[str]
    bare: re.Pattern[str]
    """"Vitaliy Nevar/TASS", "AP Photo/Evan Vucci", "Reuters/Jane Roe", "Getty Images"."""
    trailing: re.Pattern[str]
    """A caption ending in its credit: "Peskov speaks in Moscow. (AP Photo/Evan Vucci)"."""
    glued: re.Pattern[str]
    """Alt text glued to its credit with no separator: "Dmitry Peskov Vitaliy Nevar/TASS"
    (its prefix word, if any, belongs to neither: "… on Monday. Photo: Jane Roe/Reuters")."""


# Credits printed alone, with no photographer's name, that are still credit lines.
_ALONE = ("Getty Images", "Shutterstock")


def patterns(knowledge: Knowledge | None = None) -> CreditPatterns:
    """The credit patterns of ``knowledge`` (built once per knowledge)."""
    k = knowledge or default_knowledge()
    return k.memo("credit-patterns", lambda: _build(k))


def _build(k: Knowledge) -> CreditPatterns:
    forms = k.photo_credit_forms
    agencies = "|".join(re.escape(a) for a in sorted(forms, key=len, reverse=True)) or "(?!)"
    prefixes = "|".join(re.escape(p) for p in sorted(k.credit_prefixes, key=len, reverse=True))
    prefixes = prefixes or "(?!)"
    alone = tuple(a for a in _ALONE if a in forms)
    alone_re = "|".join(re.escape(a) for a in alone) or "(?!)"
    return CreditPatterns(
        prefix_starts=frozenset(p[0].lower() for p in k.credit_prefixes),
        bare_starts=tuple(a.split()[0] for a in alone),
        prefixed=re.compile(rf"(?i:{prefixes})\s*(?P<credit>\S.{{0,120}})$"),
        bare=re.compile(
            rf"(?P<credit>(?:{_NAME}\s?/\s?(?:{agencies})|(?:{agencies})(?:\sPhoto)?\s?/\s?{_NAME}"
            rf"|{alone_re}))$"),
        trailing=re.compile(
            rf"(?P<caption>.{{3,400}}?)\s?[(\[](?:(?i:{prefixes})\s*)?(?P<credit>"
            rf"{_NAME}\s?/\s?(?:{agencies})|(?:{agencies})(?:\sPhoto)?\s?/\s?{_NAME}|"
            rf"(?:{agencies})(?:\sPhoto)?)[)\]]$"),
        glued=re.compile(
            rf"(?P<caption>.{{3,400}}?)\s(?:(?i:{prefixes})\s*)?(?P<credit>{_NAME}\s?/\s?"
            rf"(?:{agencies}))$"),
    )


_DEFAULT = patterns()
CREDIT_PREFIXES: tuple[str, ...] = default_knowledge().credit_prefixes
PHOTO_AGENCIES: tuple[str, ...] = default_knowledge().photo_credit_forms
PREFIXED, BARE, TRAILING, GLUED = (_DEFAULT.prefixed, _DEFAULT.bare, _DEFAULT.trailing,
                                   _DEFAULT.glued)
"""The package's own patterns (a knowledge file's are in ``patterns(knowledge)``)."""


def credit_of(text: str, knowledge: Knowledge | None = None) -> str | None:
    """The credit if ``text`` is a credit line, without its prefix word; else None.

    >>> credit_of("© Vitaliy Nevar/TASS"), credit_of("AP Photo/Evan Vucci"), credit_of("Hello")
    ('Vitaliy Nevar/TASS', 'AP Photo/Evan Vucci', None)
    >>> credit_of("(Image credit: Blue Origin)")
    'Blue Origin'

    """
    if len(text) > 130:
        return None
    if text[:1] == "(" and text[-1:] == ")" and text.count("(") == 1:
        text = text[1:-1].strip()  # "(Image credit: Blue Origin)": a credit line in brackets
    p = _DEFAULT if knowledge is None else patterns(knowledge)
    m = p.prefixed.match(text) if text[:1].lower() in p.prefix_starts else None
    if m is None and ("/" in text or text.startswith(p.bare_starts)):
        m = p.bare.match(text)
    return m.group("credit").strip() if m else None
