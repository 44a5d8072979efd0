"""Envelope: strip a wire transmission envelope (ANPA-1312, IPTC 7901, SGML STX/ETX) to its text.

Agency feeds frame each message: routing header, STX, the text, ETX, trailer. Only what lies
between STX and ETX is copy. ANPA also marks each text line: a leading "^" and a trailing
"<" (quad left) or "=" (end of header line); those marks are removed too.
"""

from __future__ import annotations

import re

STX, ETX = "\x02", "\x03"
# why: an STX further in than this is not a frame start but stray noise inside the copy.
ENVELOPE_HEAD_CHARS = 2000

# ANPA starts every header line and paragraph with "^": a block boundary, kept as a blank line.
_LINE_START = re.compile(r"(?m)^\^")
# The look-behind starts a match only at the head of a run of blanks: linear on long runs.
_LINE_END = re.compile(r"(?m)(?<![ \t])[ \t]*[<=][ \t]*$")
# The frame codes repair keeps for this stage (SOH, STX, ETX, EOT); it removes all others.
_FRAME_CODES = str.maketrans("", "", "\x01\x02\x03\x04")


def strip_envelope(text: str) -> str:
    """Return the copy inside a wire envelope; text without one comes back unchanged.

    >>> strip_envelope("\\x01W2870 asian\\n\\x02^Mirrors can hurt<\\nBody.\\x03trailer")
    '\\nMirrors can hurt\\nBody.'
    """
    stx = text.find(STX, 0, ENVELOPE_HEAD_CHARS)
    framed = stx >= 0 or text.startswith("\x01")
    if stx >= 0:
        text = text[stx + 1:]
        etx = text.find(ETX)
        if etx >= 0:
            text = text[:etx]
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


def _looks_anpa(text: str) -> bool:
    """ANPA copy saved without its envelope still marks its lines with "^" … "<"."""
    head = text[:3000]
    return head.count("\n^") >= 3 and head.count("<\n") >= 2
