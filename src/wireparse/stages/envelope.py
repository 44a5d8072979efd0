"""Envelope: strip a wire transmission envelope (ANPA-1312, IPTC 7901, SGML STX/ETX, ZCZC…NNNN)
to its text.

Agency feeds frame each message: routing header, STX, the text, ETX, trailer. Only what lies
between STX and ETX is copy. ANPA also marks each text line: a leading "^" and a trailing
"<" (quad left) or "=" (end of header line); those marks are removed too. Telegraph-style
feeds (AAP and others) open a message with a "ZCZC" line, then coded header fields (one
marker character and a value: "%A", "#keyword", ":slug"), and close it with "NNNN": only
the text between them is copy. Header lines that survive in the text (an IPTC 7901 header
saved without its SOH, an ANPA "BC-" slug line) are junk rows of knowledge/data/junk.toml.

The rules run in the order of ``RULES``; each returns its input unchanged when it does not
apply.
"""

from __future__ import annotations

import re

from ..knowledge.junk import is_wire_header
from ..knowledge.loader import Knowledge

STX, ETX = "\x02", "\x03"
# why: an STX further in than this is not a frame start but stray noise inside the copy.
ENVELOPE_HEAD_CHARS = 2000

# ANPA starts every header line and paragraph with "^": a block boundary, kept as a blank line.
_LINE_START = re.compile(r"(?m)^\^")
# The look-behind starts a match only at the head of a run of blanks: linear on long runs.
_LINE_END = re.compile(r"(?m)(?<![ \t])[ \t]*[<=][ \t]*$")
# A category code on its own line right after STX ("pl", "wi", "spo"): a header field.
_CATEGORY_AFTER_STX = re.compile(r"\A[ \t]*[a-z]{1,3}[ \t]*\r?\n")
# The frame codes repair keeps for this stage (SOH, STX, ETX, EOT); it removes all others.
_FRAME_CODES = str.maketrans("", "", "\x01\x02\x03\x04")


def strip_envelope(text: str, knowledge: Knowledge | None = None) -> str:
    """Return the copy inside a wire envelope; text without one comes back unchanged.

    >>> strip_envelope("\\x01W2870 asian\\n\\x02^Mirrors can hurt<\\nBody.\\x03trailer")
    '\\nMirrors can hurt\\nBody.'
    >>> strip_envelope("ZCZC AAP\\n%A\\n#Ports\\nCranes return\\nBody.\\nNNNN\\ntrailer")
    'Cranes return\\nBody.\\n'
    """
    for rule in RULES:
        text = rule(text, knowledge)
    return text


def transmitted(text: str) -> bool:
    """Did the copy arrive in a transmission frame (SOH/STX, or a ZCZC start line)?

    Such copy came off an agency feed, not off a web page: it has no page chrome around it.

    >>> transmitted("\\x01W2870 asian\\n\\x02Mirrors can hurt"), transmitted("Mirrors can hurt")
    (True, False)
    """
    head = text[:ENVELOPE_HEAD_CHARS]
    if head.startswith("\x01") or STX in head:
        return True
    m = _ZCZC.search(head) if "ZCZC" in head else None
    return m is not None and not head[: m.start()].strip()


def _frame(text: str, knowledge: Knowledge | None = None) -> str:
    """SOH/STX/ETX frames (IPTC 7901, ANPA-1312, SGML feeds) and ANPA's line marks."""
    stx = text.find(STX, 0, ENVELOPE_HEAD_CHARS)
    framed = stx >= 0 or text.startswith("\x01")
    if stx >= 0:
        text = text[stx + 1:]
        etx = text.find(ETX)
        if etx >= 0:
            text = text[:etx]
        text = _CATEGORY_AFTER_STX.sub("", text, count=1)
    elif ETX in text:
        text = text[: text.index(ETX)]
    if framed or _looks_anpa(text):
        # Cheap tests first: Reuters' SGML frames its copy but marks no lines.
        if text.startswith("^") or "\n^" in text:
            text = _LINE_START.sub("\n", text)
        if "<" in text or "=" in text:
            text = _LINE_END.sub("", text)
    if "\x01" in text or "\x02" in text or "\x03" in text or "\x04" in text:
        text = text.translate(_FRAME_CODES)
    return text


# A telegraph-style message start: "ZCZC", maybe a channel or sender after it ("ZCZC AAP").
_ZCZC = re.compile(r"(?m)^[ \t]*ZCZC\b[^\n]{0,60}(?:\n|$)")
_NNNN = re.compile(r"(?m)^[ \t]*NNNN[ \t\r]*$")
# A coded header field after ZCZC: one marker character, then its value ("%A", "$J",
# "#AM Sydney headlines", ":POTTED :Eagle Farm", "*X"), or a bare marker (":").
_FIELD = re.compile(r"[%#$:*~@=^&+][^\n]{0,120}")
# A routing line: a telegraph priority indicator (a doubled letter: "ZZ", "YY", "GG") and
# addressees in capitals ("YY TDR", "ZZ SYD MEL").
_ROUTING = re.compile(r"([A-Z])\1(?:[ \t]+[A-Z0-9]{2,8}){0,5}")
# why: a header is a handful of field lines; past this many the "fields" are the copy's own
# lines (a bulleted list after a short header, say).
ZCZC_HEADER_MAX_LINES = 12


def _telegraph(text: str, knowledge: Knowledge | None = None) -> str:
    """ZCZC … NNNN: drop the start line and its coded header fields, and all from NNNN on.

    why: which field holds the slug, the take key or the headline differs between
    providers (the same marker means one in one feed, another in the next), so no header
    field fills a field of the document directly; the headline comes from the copy, and only
    where the copy prints none does the headline field give it (``telegraph_headline``).
    """
    if "ZCZC" not in text[:ENVELOPE_HEAD_CHARS]:
        return text
    m = _ZCZC.search(text, 0, ENVELOPE_HEAD_CHARS)
    if m is None or text[: m.start()].strip():
        return text
    text = text[m.end():]
    end = _NNNN.search(text)
    if end is not None:
        text = text[: end.start()]
    lines = text.split("\n")
    skip = 0
    for line in lines[:ZCZC_HEADER_MAX_LINES]:
        stripped = line.strip()
        if not stripped or not (_FIELD.fullmatch(stripped) or _ROUTING.fullmatch(stripped)):
            break
        skip += 1
    return "\n".join(lines[skip:])


# AAP's field-coded copy carries the story's headline in its "$" field ("$Rain stops play at
# the SCG"); other feeds put a code there ("$J"), so it is read only as the document's title:
# the headline where the copy prints none.
ZCZC_HEADLINE_MARKER = "$"
# why: a field value of a word or two is a code or a desk keyword ("$J", "$AM Service"), not
# a headline.
ZCZC_HEADLINE_MIN_WORDS = 3


def telegraph_headline(text: str) -> str | None:
    """The headline field of a ZCZC header, None where there is none (or it holds a code).

    >>> telegraph_headline("ZCZC AAP\\n%A\\n$Cranes return to the port\\nBody.\\nNNNN")
    'Cranes return to the port'
    >>> telegraph_headline("ZCZC AAP\\n$J\\nBody.\\nNNNN") is None
    True
    """
    head = text[:ENVELOPE_HEAD_CHARS]
    m = _ZCZC.search(head) if "ZCZC" in head else None
    if m is None or head[: m.start()].strip():
        return None
    for line in head[m.end():].split("\n")[:ZCZC_HEADER_MAX_LINES]:
        stripped = line.strip()
        if not stripped or not (_FIELD.fullmatch(stripped) or _ROUTING.fullmatch(stripped)):
            break
        value = stripped[len(ZCZC_HEADLINE_MARKER):].strip()
        if (stripped.startswith(ZCZC_HEADLINE_MARKER)
                and len(value.split()) >= ZCZC_HEADLINE_MIN_WORDS):
            return value
    return None


# Line terminators of wire copy: IPTC 7901 ends a headline with " =", some feeds end lines or
# takes with " +". A space before the mark tells it from text ("a+b", "x=1").
_TERMINATOR = re.compile(r"(?m)(?<=[^\s=+])[ \t]+[=+][ \t\r]*$")


def _ends_a_line_with_a_mark(text: str) -> bool:
    return ("=\n" in text or "+\n" in text or "= \n" in text or "+ \n" in text
            or "=\r" in text or "+\r" in text or text.rstrip(" \t\r").endswith(("=", "+")))


def _terminators(text: str, knowledge: Knowledge | None = None) -> str:
    """Drop " =" and " +" line terminators."""
    # why: a cheap test first: a terminator ends a line, and few texts hold one.
    if not _ends_a_line_with_a_mark(text):
        return text
    return _TERMINATOR.sub("", text)


# why: header lines sit above the headline; eight lines cover a selector, a slug, a
# correction note, a label and a few header fields.
HEADER_SCAN_LINES = 8


def _header_lines(text: str, knowledge: Knowledge | None = None) -> str:
    """Give each header line at the top of the copy (a wire-header row of the junk table:
    an IPTC or ANPA header, a slug line, a correction note), up to the first line that is
    none, a block of its own.

    why: in hard-wrapped copy the segmenter would glue a short header line to the headline
    under it, and the glued block is neither header nor headline.
    """
    # Only the head is split: the rest of the copy is passed on as it is.
    parts = text.split("\n", HEADER_SCAN_LINES * 2)
    lines, rest = parts[: HEADER_SCAN_LINES * 2], parts[HEADER_SCAN_LINES * 2:]
    seen = 0
    changed = False
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if seen > HEADER_SCAN_LINES or not is_wire_header(stripped, knowledge):
            break  # the headline or the copy: header lines sit above it
        lines[index] = f"\n{line}\n"
        changed = True
    return "\n".join(lines + rest) if changed else text


RULES = (_frame, _telegraph, _terminators, _header_lines)
"""The envelope rules, in the order they run."""


def _looks_anpa(text: str) -> bool:
    """ANPA copy saved without its envelope still marks its lines with "^" … "<"."""
    head = text[:3000]
    return head.count("\n^") >= 3 and head.count("<\n") >= 2
