"""NewsML readers: NewsML 1.2 (``<NewsML>``) and NewsML-G2 (``newsItem``, ``newsMessage``,
``packageItem``) → chunks with declared roles.

NewsML 1.2: the first ``NewsItem`` with body text (else the first: a picture item gives the
photo), with the photos of the others; its ``NewsLines`` give headline (``HeadLine``), byline
(``ByLine``) and the markup's dateline (``DateLine``); ``NewsComponent``s by their ``Role``:
body text (``Main``, ``Body``, ``Lead``, none) from their ``ContentItem`` (NITF, XHTML or plain
text, by ``Format``/``MimeType``; its ``DataContent`` maybe inside an ``Encoding``, base64
decoded), ``Abstract`` the standfirst, photo components (a ``Photo`` content item or a
``Picture``/``Photo`` role) a photo with the text of their ``Caption`` component (else of a
text content item beside the picture) and the ``ByLine`` (else ``CreditLine``) of the
component or its parts as credit; other roles (style sheets, logos, contacts, thumbnails) are
not the story.

NewsML-G2: the first text item (``itemClass`` ``…:text``, or one with inline content) is the
story: ``contentMeta/headline`` (no role or a main role; in the item's own ``xml:lang`` first)
the headline, a sub-headline or a ``description`` with a summary/teaser role the standfirst
(unless it only repeats the lead), ``by`` the byline, ``dateline`` (else ``located`` with its
``broader`` country) the markup's dateline; the body is the first of the ``contentSet``'s
renditions that holds text: ``inlineXML`` (XHTML, NITF, or a fragment of body elements) or
else its plain-text ``inlineData`` (renditions that hold headlines, notepads or notes are not
the body). Codes are read as QCodes or as URIs in the sibling attributes (``uri``,
``roleuri``, ``renditionuri``). Picture items in the same message or linked from its package
are photos: their caption ``description``, ``by`` (else ``creditline``) as credit. A message
with only a picture gives a picture document: headline, photographer as byline, the photo.

In both, the item's dates (1.2 ``FirstCreated``, ``DateId``; G2 ``contentCreated``,
``firstCreated``, ``versionCreated``) are the envelope's: kept as metadata, but no year for a
dateline that prints none (``DocumentMeta.envelope_date``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt

from lxml import etree

from ..blocks import Chunk, DocumentMeta, MarkupDateline, read_chunks
from ..errors import InputError
from ..knowledge.formats import (
    G2_CAPTION_ROLES,
    G2_NOT_MAIN_HEADLINE_ROLES,
    G2_NOT_TEXT_RENDITIONS,
    G2_STANDFIRST_ROLES,
    PICTURE_TYPES,
)
from ..model import Article, Photo
from ..options import ParseOptions
from ..stages.decode import decode
from .bodies import element_body_chunks, string_body_chunks
from .markup_body import body_chunks, mark_title_repeats, photo_of
from .nitf import nitf_document, parse_day
from .xml_safe import child, children, clean, descendants, local, parse_xml, text_of

# why: a summary whose first words open one of the first paragraphs repeats the lead (press
# releases send their first paragraph as "abstract"); eight words rule out chance.
REPEAT_PROBE_WORDS = 8
REPEAT_SEARCH_PARAGRAPHS = 3
# why: NewsML 1.2 lets an Encoding wrap another (a compressed, then base64'd body); real files
# use one or two; a few more bound the walk on hostile input.
MAX_ENCODINGS = 4
# why: a NewsML 1.2 document carries a story and its pictures as a few NewsItems; hundreds are
# an archive dump, whose first items are read.
MAX_NEWS_ITEMS = 50


def read_newsml(data: bytes | str, options: ParseOptions) -> Article:
    """Parse a NewsML 1.2 or NewsML-G2 document into an Article.

    >>> from wireparse.options import ParseOptions
    >>> a = read_newsml(b'''<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/">
    ... <contentMeta><headline>Rain stops play</headline><by>Jane Roe</by></contentMeta>
    ... <contentSet><inlineXML contenttype="application/xhtml+xml">
    ... <html xmlns="http://www.w3.org/1999/xhtml"><body><p>LONDON, June 3 (Reuters) - It
    ... rained.</p></body></html></inlineXML></contentSet></newsItem>''', ParseOptions())
    >>> a.headline, a.byline, a.dateline.agency, a.body[0].text
    ('Rain stops play', 'Jane Roe', 'Reuters', 'It rained.')
    """
    return read_chunks(*newsml_chunks(data), options)


def newsml_chunks(data: bytes | str) -> tuple[list[Chunk], DocumentMeta]:
    """The chunks and metadata of a NewsML 1.2 or G2 document (before the shared stages)."""
    root = parse_xml(data)
    if local(root).lower() == "newsml":
        return _newsml12(root)
    return _g2(root)


# -- shared ----------------------------------------------------------------------------------


def _chunk(el: etree._Element | None, text: str, origin: str, declared: str,
           photo: Photo | None = None) -> Chunk:
    line = (el.sourceline or 0) if el is not None else 0
    return Chunk(text, line, line, 0, origin, declared, tag=local(el) if el is not None else "",
                 photo=photo)


def _repeats_lead(summary: str, body: list[Chunk]) -> bool:
    words = summary.split()
    if len(words) < REPEAT_PROBE_WORDS:
        return False
    probe = " ".join(words[:REPEAT_PROBE_WORDS]).casefold()
    paragraphs = [c.text.casefold() for c in body if c.declared in ("paragraph", "")]
    return any(probe in text for text in paragraphs[:REPEAT_SEARCH_PARAGRAPHS])


def _role(value: str | None) -> str:
    """A role code without its scheme prefix, lower case ("drol:summary" → "summary"; a URI
    put where the QCode goes, "…/descriptionrole/summary", the same)."""
    text = (value or "").strip()
    if "/" in text:
        return text.rstrip("/#").rpartition("/")[2].rpartition("#")[2].lower()
    return text.rpartition(":")[2].strip().lower()


def _code(el: etree._Element | None, attr: str) -> str:
    """A G2 code attribute (``role``, ``qcode``, ``type``, ``rendition``) without its scheme,
    lower case; G2 lets an item give the code as a URI in the sibling attribute instead
    (``roleuri``, ``uri``, ``typeuri``, ``renditionuri``: "…/descriptionrole/summary")."""
    if el is None:
        return ""
    value = el.get(attr)
    if value:
        return _role(value)
    return _role(el.get("uri" if attr == "qcode" else attr + "uri"))


def _envelope(*candidates: tuple[str, str]) -> tuple[dt.date | None, str]:
    """The envelope's date (the first of (text, where) that reads as a day) and where:
    transmission metadata, kept, but no year for the dateline (``DocumentMeta.envelope_date``)."""
    for text, where in candidates:
        day = parse_day(text)
        if day is not None:
            return day, where
    return None, ""


# -- NewsML 1.2 ------------------------------------------------------------------------------

_BODY_ROLES_12 = frozenset(("", "main", "body", "lead", "text", "original", "article"))
_PHOTO_ROLES_12 = frozenset(("photo", "picture", "image", "graphic"))
_PHOTO_MEDIA_12 = frozenset(("photo", "graphic", "picture", "image"))


def _newsml12(root: etree._Element) -> tuple[list[Chunk], DocumentMeta]:
    """The story is the first NewsItem with body text (NewsML 1.2 carries one or more, a story
    and its pictures apart); photos of the other items join it. A document of pictures only
    is its first item: headline, photographer, the photo."""
    readers = [_read_item(item, "NewsML/NewsItem" + (f"[{n + 1}]" if n else ""))
               for n, item in enumerate(descendants(root, "NewsItem")[:MAX_NEWS_ITEMS])]
    if not readers:
        readers = [_read_item(root, "NewsML/NewsItem")]
    item, reader = next(((i, r) for i, r in readers if r.body), readers[0])
    photos = [c for i, r in readers if r is reader or not r.body for c in r.photos]
    chunks = reader.head + mark_title_repeats(reader.body, reader.headline) + photos
    management = child(item, "NewsManagement")
    sent, sent_origin = _envelope(
        (_text(child(management, "FirstCreated")), "NewsManagement/FirstCreated"),
        (_text(child(management, "ThisRevisionCreated")), "NewsManagement/ThisRevisionCreated"),
        (_text(next(iter(descendants(item, "DateLineDate")), None)), "NewsLines/DateLineDate"),
        (_text(child(item, "Identification", "NewsIdentifier", "DateId")),
         "Identification/NewsIdentifier/DateId"),
    )
    extra: dict[str, object] = {}
    if reader.dateline is not None:
        extra["dateline"] = reader.dateline
    return chunks, DocumentMeta(title=reader.headline or reader.title, envelope_date=sent,
                                envelope_origin=sent_origin, extra=extra)


def _read_item(item: etree._Element, origin: str) -> tuple[etree._Element, _NewsML12]:
    reader = _NewsML12()
    component = child(item, "NewsComponent")
    if component is not None:
        reader.component(component, f"{origin}/NewsComponent", top=True)
        if not reader.body and not reader.photos and reader._is_photo(component):
            reader.photo(component, f"{origin}/NewsComponent")  # a picture item
    return item, reader


def _text(el: etree._Element | None) -> str:
    return clean(text_of(el)) if el is not None else ""


class _NewsML12:
    """One walk over a NewsML 1.2 item's components."""

    def __init__(self) -> None:
        self.head: list[Chunk] = []
        self.body: list[Chunk] = []
        self.photos: list[Chunk] = []
        self.headline: str | None = None
        self.title: str | None = None
        self.byline = False
        self.dateline: MarkupDateline | None = None

    def component(self, comp: etree._Element, origin: str, top: bool = False) -> None:
        role = _sub_role(comp)
        if role in _PHOTO_ROLES_12 or (not top and self._is_photo(comp)):
            self.photo(comp, origin)
            return
        self.lines(child(comp, "NewsLines"), f"{origin}/NewsLines")
        if role in _BODY_ROLES_12 or role == "abstract":
            for index, item in enumerate(children(comp, "ContentItem")):
                chunks = self.content(item, f"{origin}/ContentItem[{index + 1}]")
                if role == "abstract":
                    text = " ".join(c.text for c in chunks)
                    if text:
                        self.head.append(_chunk(item, text, f"{origin}/ContentItem", "standfirst"))
                else:
                    self.body += chunks
        elif role == "title":
            self.title = self.title or " ".join(
                _text(i) for i in children(comp, "ContentItem")) or None
        for index, sub in enumerate(children(comp, "NewsComponent")):
            self.component(sub, f"{origin}/NewsComponent[{index + 1}]")

    def lines(self, lines: etree._Element | None, origin: str) -> None:
        if lines is None:
            return
        for el in lines:
            name = local(el)
            text = _text(el)
            if not text:
                continue
            if name == "HeadLine" and self.headline is None:
                self.headline = text
                self.head.append(_chunk(el, text, f"{origin}/HeadLine", "headline"))
            elif name == "SubHeadLine":
                # Agencies fill it with kickers and slugs ("YIHADISMO BURKINA") as often as
                # with decks: kept for inspection, not taken as the standfirst.
                self.head.append(_chunk(el, text, f"{origin}/SubHeadLine", "kicker"))
            elif name == "ByLine" and not self.byline:
                self.byline = True
                self.head.append(_chunk(el, text, f"{origin}/ByLine", "byline"))
            elif name == "DateLine" and self.dateline is None:
                self.dateline = MarkupDateline(text, origin=f"{origin}/DateLine")

    def content(self, item: etree._Element, origin: str) -> list[Chunk]:
        media = _formal(item, "MediaType")
        if media in _PHOTO_MEDIA_12 or media in ("video", "audio"):
            return []
        fmt = f"{_formal(item, 'Format')} {_formal(item, 'MimeType')}"
        if "css" in fmt or "jpeg" in fmt or "jpg" in fmt:
            return []
        data, notation, path = child(item, "DataContent"), "", f"{origin}/DataContent"
        encoding = child(item, "Encoding")
        if data is None and encoding is not None:
            data, notation, path = _encoded(encoding, origin)
        if data is None:
            return []
        if notation:
            return _decoded_chunks(data, notation, fmt, path)
        return data_chunks(data, fmt, path)

    def _is_photo(self, comp: etree._Element) -> bool:
        if self._has_photo_item(comp):
            return True
        return any(self._has_photo_item(sub) and _sub_role(sub) != "logo"
                   for sub in children(comp, "NewsComponent")) and any(
            _sub_role(sub) == "caption" for sub in children(comp, "NewsComponent"))

    def _has_photo_item(self, comp: etree._Element) -> bool:
        return any(_formal(item, "MediaType") in _PHOTO_MEDIA_12
                   for item in children(comp, "ContentItem"))

    def photo(self, comp: etree._Element, origin: str) -> None:
        caption = ""
        for sub in children(comp, "NewsComponent"):
            if _sub_role(sub) == "caption":
                caption = " ".join(c.text for item in children(sub, "ContentItem")
                                   for c in self.content(item, origin))
        if not caption:
            # The caption as a text item beside the picture's own, in the photo component
            # (a component holds any number of content items): one block of text.
            texts = [c for item in children(comp, "ContentItem") for c in self.content(item,
                                                                                       origin)]
            caption = texts[0].text if len(texts) == 1 else ""
        if not caption:
            return  # a picture without a caption of its own is no photo of this story
        # The photographer (ByLine) else the credit line, of the photo component or else of
        # its parts (the caption's or the picture's own NewsLines).
        lines = [child(comp, "NewsLines")] + [child(sub, "NewsLines")
                                             for sub in children(comp, "NewsComponent")]
        bylines = [_text(child(el, "ByLine")) for el in lines]
        credit_lines = [_text(child(el, "CreditLine")) for el in lines]
        credit = next((text for text in bylines + credit_lines if text), "")
        photo = photo_of(caption, credit)
        if photo is not None:
            self.photos.append(_chunk(comp, caption, origin, "photo", photo))


def _encoded(encoding: etree._Element, origin: str) -> tuple[etree._Element | None, str, str]:
    """The ``DataContent`` inside a NewsML 1.2 ``Encoding`` (which may wrap another), the
    outermost ``Notation`` and the path; encodings nest no deeper than ``MAX_ENCODINGS``."""
    notation = (encoding.get("Notation") or "").strip().lower()
    path = f"{origin}/Encoding"
    node: etree._Element | None = encoding
    for _ in range(MAX_ENCODINGS):
        if node is None:
            break
        data = child(node, "DataContent")
        if data is not None:
            return data, notation or "unknown", f"{path}/DataContent"
        node = child(node, "Encoding")
        path += "/Encoding"
    return None, "", path


def _decoded_chunks(data: etree._Element, notation: str, fmt: str, origin: str) -> list[Chunk]:
    """The chunks of an encoded ``DataContent``: base64 is decoded (then read by its format
    like any body string); an encoding we do not know gives nothing rather than its bytes as
    text."""
    if "base64" not in notation:
        return []
    try:
        raw = base64.b64decode("".join((data.text or "").split()), validate=True)
    except (binascii.Error, ValueError):
        return []
    try:
        text = decode(raw)
    except InputError:
        return []
    return string_body_chunks(text, fmt, origin) if text.strip() else []


def _sub_role(comp: etree._Element) -> str:
    return _formal(comp, "Role")


def _formal(el: etree._Element, name: str) -> str:
    """The ``FormalName`` of the child ``name`` (NewsML 1.2's way of naming values), lower case
    without its scheme prefix; "" when there is none."""
    found = child(el, name)
    if found is None:
        return ""
    value = (found.get("FormalName") or "").strip().lower()
    return value.rpartition(":")[2] if "/" not in value else value


def data_chunks(data: etree._Element, fmt: str, origin: str) -> list[Chunk]:
    """The chunks of a NewsML 1.2 ``DataContent`` (element content, escaped markup or text)."""
    kids = [el for el in data if isinstance(el.tag, str)]
    if kids:
        nitf = next((el for el in kids if local(el).lower() == "nitf"), None)
        if nitf is not None:
            chunks, _meta = nitf_document(nitf, f"{origin}/nitf")
            return chunks
        html = next((el for el in kids if local(el).lower() == "html"), None)
        if html is not None:
            return element_body_chunks(html, f"{origin}/html")
        return element_body_chunks(data, origin)
    text = data.text or ""
    return string_body_chunks(text, fmt, origin) if text.strip() else []


# -- NewsML-G2 -------------------------------------------------------------------------------


def _item_class(item: etree._Element) -> str:
    el = child(item, "itemMeta", "itemClass")
    return _code(el, "qcode")


def _is_text_item(item: etree._Element) -> bool:
    cls = _item_class(item)
    if cls:
        return cls == "text" or cls == "composite"
    content = child(item, "contentSet")
    return content is not None and any(local(c) in ("inlineXML", "inlineData") for c in content)


def _g2(root: etree._Element) -> tuple[list[Chunk], DocumentMeta]:
    items = descendants(root, "newsItem")
    if local(root) == "newsItem":
        items = [root]
    texts = [item for item in items if _is_text_item(item)]
    pictures = [item for item in items if _item_class(item) in PICTURE_TYPES]
    if texts:
        story = texts[0]
        chunks, meta = _g2_story(story)
        photo_chunks = [c for pic in pictures if (c := _g2_picture(pic)) is not None]
        photo_chunks += _package_pictures(root, {pic.get("guid") for pic in pictures})
        return chunks + photo_chunks, meta
    if pictures:
        return _g2_picture_document(pictures[0])
    package = next(iter(descendants(root, "packageItem")), None)
    if package is not None:
        title = _text(child(package, "itemMeta", "title"))
        return _package_pictures(root, set()), DocumentMeta(title=title or None)
    return [], DocumentMeta()


def _g2_story(item: etree._Element) -> tuple[list[Chunk], DocumentMeta]:
    meta_el = child(item, "contentMeta")
    origin = "newsItem/contentMeta"
    head: list[Chunk] = []
    summaries: list[Chunk] = []
    headline = None
    language = _language(item)
    for el in _in_language(children(meta_el, "headline"), language) if (
            meta_el is not None) else []:
        text = _text(el)
        role = _code(el, "role")
        if not text:
            continue
        if headline is None and role not in G2_NOT_MAIN_HEADLINE_ROLES:
            headline = text
            head.append(_chunk(el, text, f"{origin}/headline", "headline"))
        elif role in G2_STANDFIRST_ROLES:
            summaries.append(_chunk(el, text, f"{origin}/headline[@role={role}]", "standfirst"))
        else:
            head.append(_chunk(el, text, f"{origin}/headline[@role={role}]", "junk"))
    for el in _in_language(children(meta_el, "description"), language) if (
            meta_el is not None) else []:
        text = _text(el)
        role = _code(el, "role")
        if text:
            declared = "standfirst" if role in G2_STANDFIRST_ROLES else "junk"
            chunk = _chunk(el, text, f"{origin}/description[@role={role}]", declared)
            (summaries if declared == "standfirst" else head).append(chunk)
    by_els = _in_language(children(meta_el, "by"), language) if meta_el is not None else []
    by = next((text for el in by_els if (text := _text(el))), "")
    body, nitf_meta = _g2_body(item)
    for chunk in summaries:
        if chunk is summaries[0] and not _repeats_lead(chunk.text, body):
            head.append(chunk)
        else:
            head.append(Chunk(chunk.text, chunk.first_line, chunk.last_line, 0, chunk.origin,
                              "junk", tag=chunk.tag))
    if by:
        head.append(_chunk(child(meta_el, "by"), by, f"{origin}/by", "byline"))
    if nitf_meta is not None and not headline:
        headline = nitf_meta.title
    chunks = head + mark_title_repeats(body, headline)
    extra: dict[str, object] = {}
    dateline = _g2_dateline(meta_el, origin)
    if dateline is None and nitf_meta is not None:
        dateline_obj = nitf_meta.extra.get("dateline")
        dateline = dateline_obj if isinstance(dateline_obj, MarkupDateline) else None
    if dateline is not None:
        extra["dateline"] = dateline
    item_meta = child(item, "itemMeta")
    sent, sent_origin = _envelope(
        (_text(child(meta_el, "contentCreated")), "contentMeta/contentCreated"),
        (_text(child(item_meta, "firstCreated")), "itemMeta/firstCreated"),
        (_text(child(item_meta, "versionCreated")), "itemMeta/versionCreated"),
    )
    title = headline or _text(child(item_meta, "title")) or None
    return chunks, DocumentMeta(title=title, envelope_date=sent, envelope_origin=sent_origin,
                                extra=extra)


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _language(item: etree._Element) -> str:
    """The item's language (primary subtag, lower case): its ``xml:lang``, else the first
    ``contentMeta/language@tag``; "" when it names none."""
    tag = item.get(_XML_LANG) or ""
    if not tag:
        language = child(item, "contentMeta", "language")
        tag = (language.get("tag") or "") if language is not None else ""
    return tag.split("-")[0].strip().lower()


def _in_language(elements: list[etree._Element], language: str) -> list[etree._Element]:
    """G2 gives a headline, description or by-line once per language (``xml:lang``): those in
    the item's own language first, the others after them in document order."""
    if not language:
        return elements
    return sorted(elements, key=lambda el: (el.get(_XML_LANG) or language).split("-")[0]
                  .strip().lower() != language)


def _g2_dateline(meta_el: etree._Element | None, origin: str) -> MarkupDateline | None:
    if meta_el is None:
        return None
    text = _text(child(meta_el, "dateline"))
    if text:
        return MarkupDateline(text, city=None, origin=f"{origin}/dateline")
    located = child(meta_el, "located")
    place = _text(child(located, "name")) if located is not None else ""
    if not place or located is None:
        return None
    if "," in place:  # a name that carries its own region ("Lakeport, NY"): read as printed
        return MarkupDateline(place, origin=f"{origin}/located")
    # ``located`` names the place; its ``broader`` concepts the region and country it lies
    # in (the country, where typed so, before any other).
    broader = [(b, _text(child(b, "name"))) for b in children(located, "broader")]
    broader = [(b, name) for b, name in broader if name]
    region = next((name for b, name in broader if "country" in _code(b, "type")),
                  broader[0][1] if broader else None)
    return MarkupDateline(f"{place}, {region}" if region else place, city=place, country=region,
                          origin=f"{origin}/located")


def _g2_body(item: etree._Element) -> tuple[list[Chunk], DocumentMeta | None]:
    """The body from the first of the item's renditions that holds any text: ``inlineXML``
    (XHTML before NITF), else plain-text ``inlineData``."""
    content = child(item, "contentSet")
    if content is None:
        return [], None
    origin = "newsItem/contentSet"
    inline_xml = children(content, "inlineXML")
    inline_xml.sort(key=lambda el: 0 if "html" in (el.get("contenttype") or "") else 1)
    for index, el in enumerate(inline_xml):
        kids = [k for k in el if isinstance(k.tag, str)]
        if not kids:
            continue
        where = f"{origin}/inlineXML[{index + 1}]"
        if len(kids) == 1 and local(kids[0]).lower() == "nitf":
            chunks, meta = nitf_document(kids[0], f"{where}/nitf")
            if chunks:
                return chunks, meta
        elif len(kids) == 1:
            chunks = element_body_chunks(kids[0], where)
            if chunks:
                return chunks, None
        else:  # a fragment: the body's elements straight inside inlineXML
            chunks = body_chunks(el, where)
            if chunks:
                return chunks, None
    for index, el in enumerate(children(content, "inlineData")):
        words = " ".join((el.get(a) or "").lower()
                         for a in ("rendition", "role", "renditionuri", "roleuri"))
        if any(word in words for word in G2_NOT_TEXT_RENDITIONS):
            continue
        kind = (el.get("contenttype") or "").lower()
        text = el.text or ""
        if text.strip():
            chunks = string_body_chunks(text, kind, f"{origin}/inlineData[{index + 1}]")
            if chunks:
                return chunks, None
    return [], None


def _g2_picture(item: etree._Element) -> Chunk | None:
    """A picture item as a photo chunk: caption description, photographer or credit line."""
    meta_el = child(item, "contentMeta")
    if meta_el is None:
        return None
    descriptions = children(meta_el, "description")
    caption_el = next((d for d in descriptions if _code(d, "role") in G2_CAPTION_ROLES),
                      descriptions[0] if descriptions else None)
    caption = _text(caption_el)
    credit = _text(child(meta_el, "by")) or _text(child(meta_el, "creditline"))
    photo = photo_of(caption, credit)
    if photo is None:
        return None
    return _chunk(caption_el if caption_el is not None else item, caption or credit,
                  "newsItem[picture]/contentMeta/description", "photo", photo)


def _g2_picture_document(item: etree._Element) -> tuple[list[Chunk], DocumentMeta]:
    meta_el = child(item, "contentMeta")
    chunks: list[Chunk] = []
    headline = _text(child(meta_el, "headline"))
    if headline:
        chunks.append(_chunk(child(meta_el, "headline"), headline, "newsItem/contentMeta/headline",
                         "headline"))
    by = _text(child(meta_el, "by"))
    if by:
        chunks.append(_chunk(child(meta_el, "by"), by, "newsItem/contentMeta/by", "byline"))
    photo = _g2_picture(item)
    if photo is not None:
        chunks.append(photo)
    return chunks, DocumentMeta(title=headline or None)


def _package_pictures(root: etree._Element, seen: set[str | None]) -> list[Chunk]:
    """Pictures a package links to (``itemRef`` of class picture) that the message does not
    carry as items of their own: their caption and credit from the reference's metadata."""
    chunks: list[Chunk] = []
    for ref in descendants(root, "itemRef"):
        cls = child(ref, "itemClass")
        if cls is None or _code(cls, "qcode") not in PICTURE_TYPES:
            continue
        if ref.get("residref") in seen:
            continue
        descriptions = children(ref, "description")
        # A caption role, else a description with no role (a picture's own description).
        caption_el = next((d for d in descriptions if _code(d, "role") in G2_CAPTION_ROLES),
                          next((d for d in descriptions if not _code(d, "role")), None))
        photo = photo_of(_text(caption_el), _text(child(ref, "by"))
                         or _text(child(ref, "creditline")))
        if photo is not None and photo.caption:
            chunks.append(_chunk(ref, photo.caption, "packageItem/groupSet/group/itemRef", "photo",
                                 photo))
    return chunks
