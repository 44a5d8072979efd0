"""Segment: split text into blocks, re-joining hard-wrapped lines and words hyphenated at a wrap.

A blank line always ends a block; an indented line starts one (Reuters, FBIS and ANPA indent
their paragraphs). Two adjacent lines are one wrapped paragraph only when the text is
hard-wrapped and the first line was broken because the next word would not have fitted:
``len(line) + 1 + len(next word) > wrap width``. That keeps lines that merely touch (a photo
caption over its credit in scraped copy) apart, and works for any wrap width.
"""

from __future__ import annotations

import re

from ..blocks import Chunk

# why: agency terminals wrapped at 60-80 columns; a text whose typical line is longer than
# this was not hard-wrapped (one paragraph a line, as scraped or copy-pasted copy is).
WRAP_MAX_WIDTH = 100
# why: no terminal wraps copy narrower than this; shorter lines are a list, not a wrap.
WRAP_MIN_WIDTH = 30
# why: a byline is a short line; a full-width line opening "BY THE …" is wrapped capitals.
BYLINE_MAX_FILL = 0.75
# why: a navigation word or a label ("All news") is short; a line cut mid-sentence is long.
CONTINUE_MIN_CHARS = 25
# why: fewer lines than this give no reliable wrap width.
WRAP_MIN_LINES = 4
# why: wrapping programs differ by a column in where they count the width.
WRAP_SLACK = 1
# why: a line filled to this share of the width that ends mid-sentence was wrapped even when
# the next word looks as if it would have fitted (desks re-wrap, insert datelines, re-indent).
WRAP_FILL = 0.75
# why: in hard-wrapped copy most lines come close to the width; fewer than this share, and
# the short lines are a list (headlines, table rows), not a wrapped paragraph.
WRAP_NEAR_SHARE = 0.3
INDENT_MIN = 2  # a single leading space is scraping noise, not an indent

# Prefixes that form real hyphenated compounds: "self-\nemployed" keeps its hyphen.
# (A wrap hyphen elsewhere is a soft one: "gov-\nernment" becomes "government".)
COMPOUND_PREFIXES = frozenset(
    "all anti co cross ex extra far full half high inter long low mid multi near non over "
    "post pre pro quasi re right self semi short so top two three four five well wide "
    "year day week month one old left vice".split()
)

# A line that is a byline starts a block even in wrapped copy ("…migration pact\nBy dpa …").
_BYLINE_START = re.compile(r"(?:By|BY)\s+[^\W\d_]")
_SENTENCE_END_CHARS = frozenset(".!?:;\"”’»")
_WRAP_HYPHEN = re.compile(r"(?:^|\W)([^\W\d_]+)-$")


# The text reader's blocks are the shared block model's chunks (plain text declares no roles).
Segment = Chunk


def wrap_width(lines: list[str]) -> int | None:
    """The width the text was hard-wrapped at, or None when it was not wrapped."""
    lengths = sorted(len(line) for line in lines if line.strip())
    if len(lengths) < WRAP_MIN_LINES:
        return None
    width = lengths[-2]  # the second longest: one overlong line (a URL, a table) is no width
    if not WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH:
        return None
    near = sum(1 for length in lengths if length >= 0.8 * width)
    if near < WRAP_NEAR_SHARE * len(lengths):
        return None
    return width


def segment(text: str) -> list[Segment]:
    """Split ``text`` into blocks.

    Hard-wrapped copy is joined back into paragraphs; in copy that was not wrapped, each
    line is a block:

    >>> wrapped = ("Grain deal extended\\n\\nThe ministers of the two countries agreed on\\n"
    ...            "Tuesday to extend the grain deal for a year.\\nThe deal, struck in 2022,"
    ...            " lets ships sail\\nfrom the ports of the region to Istanbul.")
    >>> [s.text[:40] for s in segment(wrapped)]
    ['Grain deal extended', 'The ministers of the two countries agree']
    >>> [s.text for s in segment("Title\\n\\nFirst line.\\nSecond line.")]
    ['Title', 'First line.', 'Second line.']
    """
    lines = [line.rstrip() for line in text.split("\n")]
    indent_base = min(
        (len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0
    )
    if indent_base:
        lines = [line[indent_base:] for line in lines]
    if "\t" in text:
        lines = [line.expandtabs(4) for line in lines]
    width = wrap_width(lines)
    if width is None:
        return _unwrapped(lines)
    segments: list[Segment] = []
    parts: list[str] = []
    start = 0
    group = 0
    prev = ""

    def close(end: int) -> None:
        if parts:
            joined = " ".join(" ".join(parts).split())
            if joined:
                segments.append(Segment(joined, start + 1, end, group))
            parts.clear()

    for i, line in enumerate(lines):
        stripped = line.lstrip()
        if not stripped:
            close(i)
            if segments and segments[-1].group == group:
                group += 1
            prev = ""
            continue
        indented = len(line) - len(stripped) >= INDENT_MIN
        if parts and not indented and _continues(prev, stripped, width):
            if parts[-1].endswith("-"):
                parts[-1] = _join_hyphen(parts[-1], stripped)
            else:
                parts.append(stripped)
        else:
            close(i)
            parts.append(stripped)
            start = i
        prev = line
    close(len(lines))
    return segments


def _unwrapped(lines: list[str]) -> list[Segment]:
    """Text that was not hard-wrapped: every line is a block of its own, but for a line that
    plainly goes on from the one before (see ``_continues_unwrapped``)."""
    segments: list[Segment] = []
    group = 0
    prev = ""
    for i, line in enumerate(lines):
        if not line or line.isspace():
            if segments and segments[-1].group == group:
                group += 1
            prev = ""
            continue
        text = " ".join(line.split())
        if prev and (_continues_unwrapped(prev, line) or _continues_indented(prev, line)):
            last = segments[-1]
            segments[-1] = Segment(f"{last.text} {text}", last.first_line, i + 1, group)
        else:
            segments.append(Segment(text, i + 1, i + 1, group))
        prev = line
    return segments


def _continues_unwrapped(prev: str, line: str) -> bool:
    """In text that was not wrapped as a whole, a line still goes on from a long one before it
    when it opens in lower case and the line before ends mid-sentence (a note under a table:
    "NOTE: Company began operations after its July 29, 1985\npublic offering, …")."""
    return (line[:1].islower() and len(prev.strip()) >= CONTINUE_MIN_CHARS
            and prev[-1:] not in _SENTENCE_END_CHARS)


def _continues_indented(prev: str, line: str) -> bool:
    """A flush-left line goes on from an indented one before it when that one is long and ends
    mid-sentence: a paragraph whose first line is indented, as typewriter and telex copy set it
    ("    BRISBANE, Oct 12 AAP - Shares rose on the" over "Monday open."), whatever the case
    of the word that goes on. Lines indented alike (a column of figures) stay apart."""
    return (len(prev) - len(prev.lstrip()) >= INDENT_MIN and line[:1] not in (" ", "\t")
            and len(prev.strip()) >= CONTINUE_MIN_CHARS
            and prev.rstrip()[-1:] not in _SENTENCE_END_CHARS)


def _continues(prev: str, line: str, width: int | None) -> bool:
    """Was ``line`` wrapped off the end of ``prev``?"""
    if width is None:
        return _continues_unwrapped(prev, line)
    if line[:2] in ("By", "BY") and len(line) < BYLINE_MAX_FILL * width \
            and _BYLINE_START.match(line):
        return False  # a byline under the headline, not "…IS ACCOMPANIED\nBY THE …"
    space = line.find(" ")
    first_word = len(line) if space < 0 else space
    if len(prev) + 1 + first_word > width - WRAP_SLACK:
        return True
    return len(prev) >= WRAP_FILL * width and prev[-1:] not in _SENTENCE_END_CHARS


def _join_hyphen(left: str, right: str) -> str:
    """Join a line ending in "-" to the next: drop a soft wrap hyphen, keep a compound's."""
    if len(left) < 2 or not left[-2].isalnum():
        return left + " " + right  # a dash after a space ("Feb 26 -") is punctuation
    m = _WRAP_HYPHEN.search(left)
    if m is None or not right[:1].islower() or m.group(1).lower() in COMPOUND_PREFIXES:
        return left + right  # "long-" + "term" → "long-term"; "1990-" + "91" → "1990-91"
    return left[:-1] + right
