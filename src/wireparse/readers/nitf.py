"""NITF reader: an NITF 3.x document (any namespace or none) → chunks with declared roles.

What each element becomes (IPTC NITF 3.6 element meanings):

- ``body.head/hedline/hl1``: the headline. ``head/title`` is only the fallback (agencies put
  desk slugs there); ``hedline/hl2`` or else ``abstract``: the standfirst;
- ``byline`` without its ``byttl`` (the person's title) and ``virtloc`` (an address): the
  byline; several byline elements (one per author) are joined;
- ``dateline`` (its text, ``location/city``, ``country``/``state``/``region``, ``story.date``)
  in ``body.head``, else in a ``block`` of the body: the markup's own dateline, used where the
  first paragraph prints none;
- ``body.content`` (each of them, in order; else the body's other elements): the body (``p``,
  ``hl2`` subheadings, ``block``, lists, tables as lines of text, ``media`` photos with
  ``media-caption`` (else the reference's ``alternate-text``) and ``media-producer``);
  ``note`` and ``body.end`` (taglines, bibliography) are junk;
- ``docdata/date.issue``, ``pubdata@date.publication``, ``story.date@norm``: the envelope's
  date, kept as metadata; it gives no year to a dateline that prints none (see
  ``DocumentMeta.envelope_date``: unlike a page's publication date, an agency item's dates are
  its transmission's).
"""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from ..blocks import Chunk, DocumentMeta, MarkupDateline, read_chunks
from ..knowledge.bylines import prefix_pattern as byline_prefix
from ..model import Article
from ..options import ParseOptions
from .markup_body import body_chunks, mark_title_repeats
from .xml_safe import child, clean, descendants, local, parse_xml, text_of

_ISO_DAY = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
# A byline's parts that are not the person as printed: the title, an e-mail or web address.
BYLINE_SKIP = frozenset(("byttl", "virtloc"))


def read_nitf(data: bytes | str, options: ParseOptions) -> Article:
    """Parse an NITF document into an Article.

    >>> from wireparse.options import ParseOptions
    >>> a = read_nitf(b'''<nitf><head><title>SLUG-RAIN</title></head><body><body.head>
    ... <hedline><hl1>Rain stops play</hl1></hedline><byline>By Jane Roe</byline></body.head>
    ... <body.content><p>LONDON, June 3 (Reuters) - It rained.</p></body.content></body></nitf>''',
    ...               ParseOptions())
    >>> a.headline, a.byline, a.dateline.city, a.body[0].text
    ('Rain stops play', 'Jane Roe', 'London', 'It rained.')
    """
    return read_chunks(*nitf_chunks(data), options)


def nitf_chunks(data: bytes | str) -> tuple[list[Chunk], DocumentMeta]:
    """The chunks and metadata of an NITF document (before the shared stages)."""
    root = parse_xml(data)
    nitf = root if local(root).lower() == "nitf" else next(
        (el for el in root.iter() if local(el).lower() == "nitf"), root)
    return nitf_document(nitf, "nitf")


def nitf_document(nitf: etree._Element, origin: str) -> tuple[list[Chunk], DocumentMeta]:
    """The chunks and metadata of one ``<nitf>`` element (also used inside NewsML)."""
    head = child(nitf, "head")
    body = child(nitf, "body")
    body_head = child(body, "body.head")
    chunks: list[Chunk] = []
    headline = None
    if body_head is not None:
        chunks, headline = head_chunks(body_head, f"{origin}/body/body.head")
    # NITF's body holds any number of body.content elements, read in order; a body without
    # one (agency files do not always validate) is read whole, its body.head left out and its
    # body.end kept as junk (the body walker's rules for those elements).
    contents = children_named(body, "body.content") if body is not None else []
    body_blocks: list[Chunk] = []
    for index, content in enumerate(contents):
        where = f"{origin}/body/body.content" + (f"[{index + 1}]" if index else "")
        body_blocks += body_chunks(content, where)
    end = child(body, "body.end")
    if not contents and body is not None:
        body_blocks = body_chunks(body, f"{origin}/body")
    elif end is not None:
        body_blocks += [_as_junk(c) for c in body_chunks(end, f"{origin}/body/body.end")]
    title = clean(text_of(child(head, "title"))) if child(head, "title") is not None else None
    chunks += mark_title_repeats(body_blocks, headline or title)
    extra: dict[str, object] = {}
    dateline = _dateline(body_head, f"{origin}/body/body.head/dateline")
    if dateline is None:
        # NITF also lets a block of the body carry the story's dateline (block/dateline), in
        # any of the body's parts; the body walker keeps the element itself as junk.
        scopes = contents or ([body] if body is not None else [])
        dateline = next((d for scope in scopes for el in descendants(scope, "dateline")
                         if (d := _dateline_of(el, f"{origin}/body/body.content//dateline"))
                         is not None), None)
    if dateline is not None:
        extra["dateline"] = dateline
    envelope = _envelope_date(nitf)
    meta = DocumentMeta(title=title or None, envelope_date=envelope[0] if envelope else None,
                        envelope_origin=f"{origin}/{envelope[1]}" if envelope else "",
                        extra=extra)
    return chunks, meta


def head_chunks(body_head: etree._Element, origin: str) -> tuple[list[Chunk], str | None]:
    """Headline, standfirst and byline chunks of ``body.head``; and the headline text."""
    chunks: list[Chunk] = []
    hl1 = next(iter(descendants(body_head, "hl1")), None)
    headline = clean(text_of(hl1)) if hl1 is not None else ""
    if headline:
        chunks.append(_chunk(hl1, headline, f"{origin}/hedline/hl1", "headline"))
    summaries = [(el, f"{origin}/hedline/hl2") for el in descendants(body_head, "hl2")]
    summaries += [(el, f"{origin}/abstract") for el in children_named(body_head, "abstract")]
    for index, (el, path) in enumerate(summaries):
        text = clean(text_of(el))
        if text:
            chunks.append(_chunk(el, text, path, "standfirst" if index == 0 else "junk"))
    # body.head holds any number of byline elements (one per author): their persons, as
    # printed, joined; a byline's title (byttl) and e-mail or web address (virtloc) are not.
    bylines = [(el, text) for el in children_named(body_head, "byline")
               if (text := clean(text_of(el, skip=BYLINE_SKIP)).strip(" ,;"))]
    if bylines:
        # A later byline element is another author where it names a person (a person
        # element, a "By …" line, or plain names like the first's); after a "By …" line, a
        # plain one is the first's title or desk ("Associated Press Writer"): junk. The
        # first keeps its "By" for the shared byline rules; the others lose theirs.
        prefix = byline_prefix()
        first_by = prefix.match(bylines[0][1]) is not None
        names, titles = [bylines[0][1]], []
        for el, text in bylines[1:]:
            if descendants(el, "person") or prefix.match(text) or not first_by:
                names.append(prefix.sub("", text))
            else:
                titles.append(_chunk(el, text, f"{origin}/byline", "junk"))
        chunks.append(_chunk(bylines[0][0], ", ".join(names), f"{origin}/byline", "byline"))
        chunks += titles
    for el in children_named(body_head, "note"):
        text = clean(text_of(el))
        if text:
            chunks.append(_chunk(el, text, f"{origin}/note", "junk"))
    return chunks, headline or None


def children_named(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if local(c) == name]


def _chunk(el: etree._Element, text: str, origin: str, declared: str) -> Chunk:
    line = el.sourceline or 0
    return Chunk(text, line, line, 0, origin, declared, tag=local(el))


def _as_junk(chunk: Chunk) -> Chunk:
    return Chunk(chunk.text, chunk.first_line, chunk.last_line, chunk.group, chunk.origin,
                 "junk", tag=chunk.tag)


def _dateline(body_head: etree._Element | None, origin: str) -> MarkupDateline | None:
    el = child(body_head, "dateline")
    return _dateline_of(el, origin) if el is not None else None


def _dateline_of(el: etree._Element, origin: str) -> MarkupDateline | None:
    location = child(el, "location")
    city = _first_text(location, "city", "sublocation")
    country = _first_text(location, "country", "state", "region")
    story_date = child(el, "story.date")
    date_text = clean(text_of(story_date)) if story_date is not None else None
    text = _dateline_text(el)
    if not city and not clean(text_of(el, skip=frozenset(("story.date",)))).strip(" ,"):
        return None  # a date alone is no dateline
    return MarkupDateline(text, city, country, date_text or None, origin)


def _dateline_text(el: etree._Element) -> str:
    """The dateline element's text, a ``location``'s parts (city, country, …) joined by
    commas as a dateline prints them."""
    parts = [el.text or ""]
    for node in el:
        if local(node) == "location" and len(node):
            names = [clean(text_of(part)) for part in node if isinstance(part.tag, str)]
            parts.append(", ".join(name for name in names if name))
        elif isinstance(node.tag, str):
            if (local(node) == "story.date" and clean("".join(parts))
                    and not clean("".join(parts)).endswith((",", "-", "–", "—", "/"))):
                parts.append(",")  # a place and its date with nothing between: a comma
            parts.append(text_of(node))
        parts.append(node.tail or "")
    return clean(" ".join(parts)).replace(" ,", ",")


def _first_text(el: etree._Element | None, *names: str) -> str | None:
    if el is None:
        return None
    for name in names:
        found = child(el, name)
        if found is not None:
            text = clean(text_of(found))
            if text:
                return text
    return None


def _envelope_date(nitf: etree._Element) -> tuple[dt.date, str] | None:
    """The first date the document's metadata gives, and where."""
    candidates: list[tuple[str | None, str]] = []
    head = child(nitf, "head")
    if head is not None:
        issue = child(head, "docdata", "date.issue")
        if issue is not None:
            candidates.append((issue.get("norm"), "head/docdata/date.issue@norm"))
        pubdata = child(head, "pubdata")
        if pubdata is not None:
            candidates.append((pubdata.get("date.publication"),
                               "head/pubdata@date.publication"))
    story_date = next(iter(descendants(nitf, "story.date")), None)
    if story_date is not None:
        candidates.append((story_date.get("norm"), "dateline/story.date@norm"))
    for value, where in candidates:
        day = parse_day(value)
        if day is not None:
            return day, where
    return None


def parse_day(value: str | None) -> dt.date | None:
    """The calendar day of an ISO-ish timestamp ("20210516T090004", "2021-05-16T09:00:04Z").

    >>> parse_day("20210516T090004"), parse_day("n/a")
    (datetime.date(2021, 5, 16), None)
    """
    if not value:
        return None
    m = _ISO_DAY.match(value.strip())
    if m is None:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
