"""ninjs reader: IPTC News in JSON (1.x, 2.x, 3.x) and dpa digitalwires JSON → chunks.

Keys by version (any mixture is read; agencies mix them):

- headline: ``headline`` (1.x), ``headlines[]`` with role "main" or none (2.x/3.x), else
  ``title``;
- standfirst: ``description_text`` / ``description_html`` (1.x), ``descriptions[]`` with a
  lead/summary role (2.x/3.x), digitalwires ``teaser``;
- byline: ``byline`` (1.x), ``by`` (2.x/3.x), else a person in ``authors[]`` / ``people[]``
  with a writer role; digitalwires ``byline``;
- dateline: ``located`` (and digitalwires ``dateline``), used where the body prints none;
  the item's dates (``contentcreated``, ``firstcreated``, ``versioncreated``, …) are the
  envelope's, kept as metadata but no year for the dateline (``DocumentMeta.envelope_date``);
- body: ``body_html`` / ``body_xhtml`` / ``body_text`` (1.x), ``bodies[]`` by content type
  (HTML, NITF, plain text; 2.x/3.x), digitalwires ``article_html``;
- photos: ``associations`` (an object of named items in 1.x, a list in 2.x/3.x, digitalwires'
  list) of picture type: caption from ``description_text`` / ``descriptions[role=caption]`` /
  ``caption``, credit from ``byline`` / ``by`` (the photographer) else the credit line.
  A picture object without body is a picture document: its own caption and credit.

A JSON value that is no object with any of these keys is not news JSON (``news_json`` gives
None) and the input is read as text.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..blocks import Chunk, DocumentMeta, MarkupDateline, read_chunks
from ..knowledge.formats import (
    NINJS_CAPTION_ROLES,
    NINJS_CREDIT_ROLES,
    NINJS_STANDFIRST_ROLES,
    PICTURE_TYPES,
)
from ..model import Article
from ..options import ParseOptions
from .bodies import html_body_chunks, looks_like_markup, string_body_chunks
from .markup_body import mark_title_repeats, photo_of
from .nitf import parse_day
from .xml_safe import clean

# ninjs ``type`` values (the IPTC ninature codes).
NINJS_TYPES = frozenset("text audio video picture graphic composite component".split())
# Keys of which a news object has at least one at its top level.
NEWS_KEYS = frozenset(
    "headline headlines body_html body_text body_xhtml body_nitf bodies description_text "
    "descriptions article_html teaser byline by bylines located associations".split()
)


def news_json(text: str) -> dict[str, Any] | None:
    """The JSON object in ``text`` if it is a ninjs or digitalwires news object, else None."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        return None  # not JSON, or nested deeper than any news object
    if not isinstance(doc, dict):
        return None
    if NEWS_KEYS & doc.keys():
        return doc
    # An item with nothing but its identity (an empty story) is still ninjs.
    if "uri" in doc and (doc.keys() & {"standard", "$standard"}
                         or str(doc.get("type")) in NINJS_TYPES):
        return doc
    return None


def read_ninjs(doc: dict[str, Any], options: ParseOptions) -> Article:
    """Parse a ninjs (or digitalwires) object into an Article.

    >>> from wireparse.options import ParseOptions
    >>> a = read_ninjs({"uri": "urn:x", "headlines": [{"role": "main", "value": "Rain stops"}],
    ...                 "bodies": [{"contenttype": "text/html",
    ...                             "value": "<p>LONDON, June 3 (Reuters) - It rained.</p>"}]},
    ...                ParseOptions())
    >>> a.headline, a.dateline.city, a.body[0].text
    ('Rain stops', 'London', 'It rained.')
    """
    chunks, meta = ninjs_document(doc)
    return read_chunks(chunks, meta, options)


def ninjs_document(doc: dict[str, Any]) -> tuple[list[Chunk], DocumentMeta]:
    head: list[Chunk] = []
    kicker = _string(doc, "kicker")
    if kicker:
        head.append(Chunk(kicker, origin="kicker", declared="kicker"))
    headline = _headline(doc)
    if headline:
        head.append(Chunk(headline[1], origin=headline[0], declared="headline"))
    body = _body(doc)
    standfirst = _standfirst(doc)
    if standfirst:
        lead = next((i for i, c in enumerate(body) if c.declared in ("paragraph", "")), None)
        if lead is not None and _key(body[lead].text) == _key(standfirst[1]):
            # The lead given both as description and as first paragraph: the standfirst.
            body[lead] = Chunk(body[lead].text, body[lead].first_line, body[lead].last_line, 0,
                               body[lead].origin, "junk", tag=body[lead].tag)
            head.append(Chunk(standfirst[1], origin=standfirst[0], declared="standfirst"))
        else:
            head.append(Chunk(standfirst[1], origin=standfirst[0], declared="standfirst"))
    byline = _byline(doc)
    if byline:
        head.append(Chunk(byline[1], origin=byline[0], declared="byline"))
    photos = _photos(doc)
    if not body and not photos and _is_picture(doc):
        photo = _photo(doc, "")
        photos = [photo] if photo is not None else []
    chunks = head + mark_title_repeats(body, headline[1] if headline else None) + photos
    extra: dict[str, object] = {}
    located = _string(doc, "dateline") or _string(doc, "located")
    place = doc.get("datelinelocation")
    if located:
        key = "dateline" if _string(doc, "dateline") else "located"
        extra["dateline"] = MarkupDateline(located, origin=key)
    elif isinstance(place, dict) and isinstance(place.get("city"), str) and place["city"].strip():
        # A structured place some feeds send beside (or instead of) "located".
        city = clean(place["city"])
        region = next((clean(place[k]) for k in ("countryareaname", "countryname", "country")
                       if isinstance(place.get(k), str) and place[k].strip()), None)
        text = f"{city}, {region}" if region else city
        extra["dateline"] = MarkupDateline(text, city=city, country=region,
                                           origin="datelinelocation")
    sent, sent_key = None, ""
    for key in ("contentcreated", "contentCreated", "content_created", "firstcreated",
                "firstCreated", "versioncreated", "versionCreated", "version_created",
                "firstpublished"):
        value = doc.get(key)
        sent = _plausible(parse_day(value) if isinstance(value, str) else None)
        if sent is not None:
            sent_key = key
            break
    return chunks, DocumentMeta(title=_string(doc, "title") or None, envelope_date=sent,
                                envelope_origin=sent_key, extra=extra)


def _plausible(day: dt.date | None) -> dt.date | None:
    return day if day is not None and day.year >= 1900 else None


# -- fields ----------------------------------------------------------------------------------


def _string(doc: dict[str, Any], key: str) -> str:
    value = doc.get(key)
    return clean(value) if isinstance(value, str) else ""


def _values(doc: dict[str, Any], key: str) -> list[tuple[int, str, str, str]]:
    """(index, role, content type, value) of each entry of a 2.x/3.x list (headlines, …)."""
    out: list[tuple[int, str, str, str]] = []
    entries = doc.get(key)
    if not isinstance(entries, list):
        return out
    for index, entry in enumerate(entries):
        if isinstance(entry, dict) and isinstance(entry.get("value"), str):
            role = str(entry.get("role") or "").rpartition(":")[2].lower()
            ctype = str(entry.get("contenttype") or entry.get("contentType") or "").lower()
            out.append((index, role, ctype, entry["value"]))
    return out


def _headline(doc: dict[str, Any]) -> tuple[str, str] | None:
    text = _string(doc, "headline")
    if text:
        return "headline", text
    entries = _values(doc, "headlines")
    for index, role, ctype, value in entries:
        if role in ("", "main", "default", "headline"):
            return f"headlines[{index}]", _plain(value, ctype)
    if entries:
        index, _role, ctype, value = entries[0]
        return f"headlines[{index}]", _plain(value, ctype)
    return None


def _standfirst(doc: dict[str, Any]) -> tuple[str, str] | None:
    for key in ("description_text", "teaser", "subhead"):
        text = _string(doc, key)
        if text:
            return key, text
    html = doc.get("description_html")
    if isinstance(html, str) and html.strip():
        return "description_html", _plain(html, "text/html")
    for index, role, ctype, value in _values(doc, "descriptions"):
        if role in NINJS_STANDFIRST_ROLES:
            return f"descriptions[{index}]", _plain(value, ctype)
    return None


def _byline(doc: dict[str, Any]) -> tuple[str, str] | None:
    for key in ("byline", "by"):
        text = _string(doc, key)
        if text:
            return key, text
    # A list of bylines ({"by": "By Jane Roe", "title": "Staff Writer"}), as some feeds send.
    entries = doc.get("bylines")
    if isinstance(entries, list):
        names = [clean(e.get("by") or e.get("name") or "") for e in entries
                 if isinstance(e, dict) and isinstance(e.get("by") or e.get("name"), str)]
        names = [name for name in names if name]
        if names:
            return "bylines", ", ".join(names)
    return None


def _plain(value: str, ctype: str) -> str:
    if "html" in ctype or (not ctype and looks_like_markup(value)):
        return " ".join(c.text for c in html_body_chunks(value, ""))
    return clean(value)


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _body(doc: dict[str, Any]) -> list[Chunk]:
    # ninjs 1.x allows any ``body_*`` key (``^body_[a-zA-Z0-9_]+``): body_html, body_xhtml,
    # body_nitf (a whole NITF document), body_text, … — markup first, plain text last.
    keyed = [(key, value) for key, value in doc.items()
             if (key.startswith("body_") or key == "article_html")
             and isinstance(value, str) and value.strip()]
    if keyed:
        key, value = min(keyed, key=lambda kv: _body_rank(kv[0], kv[0]))
        return string_body_chunks(value, _key_type(key), key)
    bodies = _values(doc, "bodies")
    if bodies:
        index, _role, ctype, value = min(bodies, key=lambda e: _body_rank(e[2], e[1]))
        return string_body_chunks(value, ctype, f"bodies[{index}]")
    return []


def _key_type(key: str) -> str:
    """The content type a ``body_*`` key names."""
    if "nitf" in key:
        return "text/vnd.iptc.nitf"
    if "html" in key or key.endswith("xhtml"):
        return "text/html"
    return "text/plain"


def _body_rank(ctype: str, role: str) -> int:
    """HTML first (it delimits paragraphs and headings), NITF next, plain text last."""
    if "html" in ctype:
        return 0
    if "nitf" in ctype or role == "nitf":
        return 1
    return 2


def _is_picture(doc: dict[str, Any]) -> bool:
    return str(doc.get("type") or "").lower() in PICTURE_TYPES


def _photos(doc: dict[str, Any]) -> list[Chunk]:
    associations = doc.get("associations")
    items: list[tuple[str, Any]] = []
    if isinstance(associations, dict):
        items = [(f"associations/{name}", value) for name, value in associations.items()]
    elif isinstance(associations, list):
        items = [(f"associations[{i}]", value) for i, value in enumerate(associations)]
    chunks = []
    for origin, item in items:
        if isinstance(item, dict) and _is_picture(item):
            chunk = _photo(item, origin)
            if chunk is not None:
                chunks.append(chunk)
    return chunks


def _photo(item: dict[str, Any], origin: str) -> Chunk | None:
    caption = _string(item, "description_text") or _string(item, "caption")
    credit = ""
    for index, role, ctype, value in _values(item, "descriptions"):
        if not caption and role in NINJS_CAPTION_ROLES:
            caption = _plain(value, ctype)
            origin = f"{origin}/descriptions[{index}]" if origin else f"descriptions[{index}]"
        elif not credit and role in NINJS_CREDIT_ROLES:
            credit = _plain(value, ctype)
    # digitalwires' own list of descriptions: {"role": "drol:caption", "description": …}
    entries = item.get("descriptions")
    if not caption and isinstance(entries, list):
        for entry in entries:
            if (isinstance(entry, dict) and isinstance(entry.get("description"), str)
                    and str(entry.get("role") or "").rpartition(":")[2].lower()
                    in NINJS_CAPTION_ROLES):
                caption = clean(entry["description"])
                break
    photographer = _string(item, "byline") or _string(item, "by")
    credit = photographer or _string(item, "creditline") or credit
    if not credit:
        authors = item.get("authors")
        if isinstance(authors, list):
            credit = next((clean(a["name"]) for a in authors
                           if isinstance(a, dict) and isinstance(a.get("name"), str)), "")
    photo = photo_of(caption, credit)
    if photo is None:
        return None
    return Chunk(photo.caption or photo.credit or "", origin=origin or "picture",
                 declared="photo", photo=photo)
