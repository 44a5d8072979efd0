"""Repair: undo mojibake, unify line ends, decode entities, fold odd spaces and control codes."""

from __future__ import annotations

import html
import re
import unicodedata

# why: ftfy is exact but costs ~0.1 ms per KB; this cheap test (a UTF-8 lead byte read as
# latin-1/cp1252 or cp1251, followed by a continuation byte read the same way) admits only
# texts that can hold mojibake, so clean copy never pays for ftfy.
_MAYBE_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|[\u0420\u0421][\u0402-\u040f\u0452-\u045f\u0490\u0491\u00a0-\u00bf\u2018-\u201e\u2020-\u2122]"
)

_MOJIBAKE_LEAD = re.compile("[\u00c2-\u00f4\u0420\u0421]")  # the first characters above

# SGML/HTML entities in plain wire text (Reuters' "&lt;IDBX>", "&#3;"): bounded shapes only.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

_SPACES = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
_DELETE = "\u00ad\u200b\u2060\ufeff\u180e"  # soft hyphen, zero-width space, word joiner, BOM
# Kept for the envelope stage: SOH, STX, ETX, EOT (they frame wire messages). Everything
# else below 0x20 except tab and newline is noise; C1 controls (0x80-0x9f) too.
_KEEP_CONTROLS = {"\t", "\n", "\x01", "\x02", "\x03", "\x04"}
_TRANSLATE: dict[int, int | str | None] = {ord(c): " " for c in _SPACES}
_TRANSLATE.update({ord(c): None for c in _DELETE})
_TRANSLATE.update(
    {c: None for c in list(range(0x20)) + list(range(0x7f, 0xa0)) if chr(c) not in _KEEP_CONTROLS}
)
_TRANSLATE.update({ord("\u2028"): "\n", ord("\u2029"): "\n", ord("\x0c"): "\n", ord("\x0b"): "\n"})
_TRANSLATED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TRANSLATE)) + "]")


def repair(text: str, *, entities: bool = True) -> str:
    """Return ``text`` with encoding damage and invisible noise removed.

    ``entities=False`` leaves ``&…;`` as it is: for markup (XML, JSON holding HTML), whose
    own parser decodes its entities.

    >>> repair("Caf\\u00c3\\u00a9\\r\\nna\\u00efve&amp;\\u00a0co")
    'Café\\nnaïve& co'
    """
    if not text:
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if entities and "&" in text:
        text = _ENTITY.sub(_unescape, text)
    # why: mojibake opens with a character from U+00C2 up: ASCII text (``isascii`` reads a
    # flag) has none, and one character-class scan finds the rest without one.
    if not text.isascii() and _MOJIBAKE_LEAD.search(text) and _MAYBE_MOJIBAKE.search(text):
        text = _fix_mojibake(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # why: str.translate with a dict looks up every character (~40 ns each); most text has
    # none of these characters, which one character-class search finds out in C.
    if _TRANSLATED.search(text) is None:
        return text
    return text.translate(_TRANSLATE)


def _unescape(match: re.Match[str]) -> str:
    entity = match.group()
    if entity in ("&#2;", "&#3;"):  # Reuters-21578 writes STX/ETX as entities
        return "\x02" if entity == "&#2;" else "\x03"
    return html.unescape(entity)


def _fix_mojibake(text: str) -> str:
    import ftfy

    return ftfy.fix_encoding(text)
