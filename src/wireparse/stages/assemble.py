"""Assemble: build the Article from classified items, one photo per distinct photo."""

from __future__ import annotations

from ..knowledge.bylines import line_pattern, without_date
from ..knowledge.junk import strip_trailers
from ..knowledge.loader import Knowledge
from ..model import Article, Block, Decision, Photo
from .classify import Item
from .head import byline_name


def assemble(items: list[Item], knowledge: Knowledge | None = None) -> Article:
    """Collect the fields from the items' roles, in reading order."""
    headline = standfirst = byline = None
    dateline = None
    body: list[Block] = []
    photos: list[Photo] = []
    cut: dict[int, str] = {}  # item index → the trailer cut from its end
    for index, item in enumerate(items):
        role = item.role
        if role == "headline" and headline is None:
            headline = item.text
        elif role == "standfirst" and standfirst is None:
            standfirst = item.text
        elif role == "byline" and byline is None:
            byline = _byline_name(item.text, knowledge)
        elif role == "dateline" and item.dateline is not None:
            dateline = item.dateline.dateline
            rest = _strip_trailers(item.dateline.rest, knowledge)
            cut[index] = _cut(item.dateline.rest, rest)
            if rest:
                body.append(Block("paragraph", rest))
        elif role == "paragraph":
            text = _strip_trailers(item.text, knowledge)
            cut[index] = _cut(item.text, text)
            if text:
                body.append(Block("paragraph", text))
        elif role == "subheading":
            body.append(Block("subheading", item.text))
        if item.photo is not None:
            photos.append(item.photo)
    decisions: list[Decision] = []
    for index, item in enumerate(items):
        lines = (item.seg.first_line, item.seg.last_line)
        decisions.append(Decision(lines, item.seg.text, item.role, item.reason, item.evidence))
        if cut.get(index):
            # What the trailer rule took off the end of this paragraph: a row of its own.
            decisions.append(Decision(lines, cut[index], "junk",
                                      "junk: trailer (cut from the paragraph's end)"))
    return Article(
        headline=headline,
        standfirst=standfirst,
        byline=byline,
        photos=tuple(distinct_photos(photos)),
        dateline=dateline,
        body=tuple(body),
        decisions=tuple(decisions),
    )


def distinct_photos(photos: list[Photo]) -> list[Photo]:
    """One entry per photo: a scraped page repeats caption and credit two or three times.

    >>> distinct_photos([Photo("Peskov", "TASS"), Photo(None, "TASS"), Photo("Peskov", "TASS")])
    [Photo(caption='Peskov', credit='TASS')]
    """
    seen: list[Photo] = []
    known: set[Photo] = set()
    credits: set[str | None] = set()
    bare: dict[str | None, int] = {}  # credit → index of a caption-less entry
    captions: dict[str, int] = {}  # caption → index of its entry
    for photo in photos:
        if photo in known:
            continue
        known.add(photo)
        if photo.caption is not None and photo.caption in captions:
            # The same caption again (a figure in the body and its picture item): one photo,
            # with the credit of whichever copy has one.
            index = captions[photo.caption]
            if seen[index].credit is None and photo.credit is not None:
                seen[index] = photo
            continue
        if photo.caption is None:
            if photo.credit in credits:
                continue
            bare[photo.credit] = len(seen)
        elif photo.credit in bare:
            # A caption-less copy seen earlier is the same photo: give it its caption.
            index = bare.pop(photo.credit)
            seen[index] = photo
            captions[photo.caption] = index
            continue
        if photo.caption is not None:
            captions[photo.caption] = len(seen)
        credits.add(photo.credit)
        seen.append(photo)
    return seen


def _byline_name(text: str, knowledge: Knowledge | None) -> str:
    """The person(s) of a byline, without "By" and without the date and time a page prints
    after them: "By Jane Roe - Nov 19, 2019, 1:04 pm" → "Jane Roe"."""
    m = line_pattern(knowledge).match(text)
    if m:
        name = m.group("name").strip()
    else:
        name = byline_name(text) or text  # "Jane Roe / Site.no": the person(s)
    return without_date(name) or text




def _cut(text: str, kept: str) -> str:
    """What ``_strip_trailers`` removed from the end of ``text`` ("" if nothing)."""
    text = text.strip()
    if kept == text or not text.startswith(kept):
        return ""
    return text[len(kept):].strip()


def _strip_trailers(text: str, knowledge: Knowledge | None) -> str:
    return strip_trailers(text, knowledge).strip()
