"""ninjs reader: IPTC News in JSON (1.x, 2.x, 3.x) and dpa digitalwires JSON → chunks.

Keys by version (any mixture is read; agencies mix them):

- headline: ``headline`` (1.x) or a ``headline_<kind>`` key of a main or format kind,
  ``headlines[]`` with role "main", a format role or none (2.x/3.x), else ``title``;
- standfirst: ``description_text`` / ``description_html`` / other ``description_<kind>`` (1.x),
  ``descriptions[]`` with a lead/summary role (2.x/3.x), digitalwires ``teaser``; else a
  sub-headline (``headlines[role=subhead]``, ``headline_subhead``), as NITF's ``hl2``;
- byline: ``byline`` (1.x), ``by`` (2.x/3.x), else ``bylines[]``, a person in ``authors[]``
  with a writer role or in ``people[]`` (1.x ``person``) with an author relation;
  digitalwires ``byline``;
- dateline: ``located`` (and digitalwires ``dateline``), used where the body prints none;
  the item's dates (``contentcreated``, ``firstcreated``, ``versioncreated``, …) are the
  envelope's, kept as metadata but no year for the dateline (``DocumentMeta.envelope_date``);
- body: any ``body_<kind>`` (``body_html``, ``body_xhtml``, ``body_richtext``, ``body_text``;
  1.x), ``bodies[]`` by content type (HTML, NITF, plain text; 2.x/3.x), digitalwires
  ``article_html``: markup first, and a rendition that holds no text gives way to the next;
- photos: ``associations`` (an object of named items in 1.x, a list in 2.x/3.x, digitalwires'
  list) of picture type: caption from ``description_text`` / ``description_<kind>`` /
  ``caption`` / ``descriptions[role=caption]``, else a description whose role names only its
  format or none (the IPTC examples' ``{role: text}``), credit from ``byline`` / ``by`` (the
  photographer) else the credit line. A picture object without body is a picture document:
  its own caption and credit.

A JSON value that is no object with any of these keys is not news JSON (``news_json`` gives
None) and the input is read as text; an array of one news object is that object.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..blocks import Chunk, DocumentMeta, MarkupDateline, read_chunks
from ..errors import InputError
from ..knowledge.formats import (
    NINJS_CAPTION_ROLES,
    NINJS_CREDIT_ROLES,
    NINJS_FULL_BODY_ROLES,
    NINJS_PLAIN_ROLES,
    NINJS_STANDFIRST_ROLES,
    NINJS_SUBHEADLINE_ROLES,
    NINJS_WRITER_ROLES,
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
NEWS_KEY_PREFIXES = ("headline_", "description_", "body_")


def news_json(text: str) -> dict[str, Any] | None:
    """The JSON object in ``text`` if it is a ninjs or digitalwires news object, else None.

    A JSON array holding one news object is that object; an array of several (what
    ``--format ninjs`` writes for several inputs) is refused in one line: one input is one
    story.
    """
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        return None  # not JSON, or nested deeper than any news object
    if isinstance(doc, list):
        items = [item for item in doc if isinstance(item, dict) and _is_news(item)]
        if not items or len(items) != len(doc):
            return None
        if len(items) > 1:
            raise InputError(f"a JSON array of {len(items)} news items: wireparse reads one "
                             "story per input (split it first, e.g. jq -c '.[]')")
        return items[0]
    return doc if isinstance(doc, dict) and _is_news(doc) else None


def _is_news(doc: dict[str, Any]) -> bool:
    if NEWS_KEYS & doc.keys():
        return True
    # ninjs 1.x names a headline, description or body of any kind with a suffix
    # (``headline_main``, ``body_richtext``).
    if any(key.startswith(NEWS_KEY_PREFIXES) and isinstance(value, str)
           for key, value in doc.items()):
        return True
    # An item with nothing but its identity (an empty story) is still ninjs.
    return "uri" in doc and bool(doc.keys() & {"standard", "$standard"}
                                 or str(doc.get("type")) in NINJS_TYPES)


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
    photos = _photos(doc)
    own_photo = None
    if not body and not photos and _is_picture(doc):
        own_photo = _photo(doc, "")
        photos = [own_photo] if own_photo is not None else []
    standfirst = _standfirst(doc)
    if (standfirst and own_photo is not None and own_photo.photo is not None
            and _key(own_photo.photo.caption or "") == _key(standfirst[1])):
        # A picture document's description is its caption (as in 2.x/3.x, where it has a
        # caption role), not also a standfirst.
        standfirst = None
    if standfirst:
        lead = next((i for i, c in enumerate(body) if c.declared in ("paragraph", "")), None)
        if lead is not None and _key(body[lead].text) == _key(standfirst[1]):
            # The lead given both as description and as first paragraph: the standfirst.
            body[lead] = Chunk(body[lead].text, body[lead].first_line, body[lead].last_line, 0,
                               body[lead].origin, "junk", tag=body[lead].tag)
        head.append(Chunk(standfirst[1], origin=standfirst[0], declared="standfirst"))
    byline = _byline(doc)
    if byline:
        head.append(Chunk(byline[1], origin=byline[0], declared="byline"))
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
            role = _code(entry.get("role"))
            ctype = str(entry.get("contenttype") or entry.get("contentType") or "").lower()
            out.append((index, role, ctype, entry["value"]))
    return out


def _code(value: object) -> str:
    """A role or relation code without its scheme, lower case: "drol:summary", a CV URI
    ("http://cv.iptc.org/newscodes/descriptionrole/summary") and "summary" are one code."""
    text = str(value or "").strip()
    if "/" in text:
        return text.rstrip("/#").rpartition("/")[2].rpartition("#")[2].lower()
    return text.rpartition(":")[2].lower()


def _suffixed(doc: dict[str, Any], prefix: str) -> list[tuple[str, str, str, str]]:
    """(key, role, content type, value) of each ninjs 1.x ``<prefix>_<kind>`` string, in the
    object's order: the kind is a format ("text", "html", "richtext") or a role ("main",
    "subhead", "summary")."""
    out = []
    for key, value in doc.items():
        if key.startswith(prefix + "_") and isinstance(value, str) and value.strip():
            kind = key[len(prefix) + 1:].lower()
            out.append((key, kind, _key_type(key), value))
    return out


def _headline(doc: dict[str, Any]) -> tuple[str, str] | None:
    text = _string(doc, "headline")
    if text:
        return "headline", text
    entries = [(f"headlines[{i}]", role, ctype, value)
               for i, role, ctype, value in _values(doc, "headlines")]
    entries += _suffixed(doc, "headline")
    for origin, role, ctype, value in entries:
        if role in NINJS_PLAIN_ROLES or role == "headline":
            return origin, _plain(value, ctype)
    others = [e for e in entries if e[1] not in NINJS_SUBHEADLINE_ROLES] or entries
    if others:
        origin, _role, ctype, value = others[0]
        return origin, _plain(value, ctype)
    return None


def _standfirst(doc: dict[str, Any]) -> tuple[str, str] | None:
    for key in ("description_text", "teaser", "subhead"):
        text = _string(doc, key)
        if text:
            return key, text
    html = doc.get("description_html")
    if isinstance(html, str) and html.strip():
        return "description_html", _plain(html, "text/html")
    for key, role, ctype, value in _suffixed(doc, "description"):
        if role in NINJS_STANDFIRST_ROLES or role in NINJS_PLAIN_ROLES:
            return key, _plain(value, ctype)
    for index, role, ctype, value in _values(doc, "descriptions"):
        if role in NINJS_STANDFIRST_ROLES:
            return f"descriptions[{index}]", _plain(value, ctype)
    # A sub-headline (``headlines[role=subhead]``, 1.x ``headline_subhead``) where no
    # description gives a standfirst, as NITF's hl2.
    subheads = [(f"headlines[{i}]", role, ctype, value)
                for i, role, ctype, value in _values(doc, "headlines")]
    for origin, role, ctype, value in subheads + _suffixed(doc, "headline"):
        if role in NINJS_SUBHEADLINE_ROLES:
            return origin, _plain(value, ctype)
    return None


def _byline(doc: dict[str, Any]) -> tuple[str, str] | None:
    for key in ("byline", "by"):
        text = _string(doc, key)
        if text:
            return key, text
    # A list of bylines ({"by": "By Jane Roe", "title": "Staff Writer"}), as some feeds send.
    names = _names(doc, "bylines", ("by", "name"), None)
    if names:
        return "bylines", ", ".join(names)
    # Structured creators: ``authors`` with a writer role (Superdesk's ninjs), ``people``
    # (1.x ``person``) whose relation to the story is authorship.
    for key, field in (("authors", "role"), ("people", "rel"), ("person", "rel")):
        roles = NINJS_WRITER_ROLES if key == "authors" else NINJS_WRITER_ROLES - {""}
        names = _names(doc, key, ("name",), (field, roles))
        if names:
            return key, ", ".join(names)
    return None


def _names(doc: dict[str, Any], key: str, fields: tuple[str, ...],
           role: tuple[str, frozenset[str]] | None) -> list[str]:
    """The names in a list of person objects, those whose ``role[0]`` is in ``role[1]``."""
    entries = doc.get(key)
    if not isinstance(entries, list):
        return []
    names = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        if role is not None and _code(entry.get(role[0])) not in role[1]:
            continue
        name = next((entry[f] for f in fields if isinstance(entry.get(f), str)), "")
        if clean(name):
            names.append(clean(name))
    return names


def _plain(value: str, ctype: str) -> str:
    if "html" in ctype or (not ctype and looks_like_markup(value)):
        return " ".join(c.text for c in html_body_chunks(value, ""))
    return clean(value)


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _body(doc: dict[str, Any]) -> list[Chunk]:
    """The body's chunks from the best of its renditions that holds any text.

    ninjs 1.x allows any ``body_*`` key (``^body_[a-zA-Z0-9_]+``): body_html, body_xhtml,
    body_nitf (a whole NITF document), body_richtext, body_text, …; 2.x/3.x list them in
    ``bodies[]`` by content type. Markup comes first (it delimits paragraphs and headings),
    plain text last; a rendition that is empty or holds no text gives way to the next.
    """
    candidates = [(False, _body_rank(_key_type(key), value), order, value, _key_type(key), key)
                  for order, (key, value) in enumerate(doc.items())
                  if (key.startswith("body_") or key == "article_html")
                  and isinstance(value, str) and value.strip()]
    # A body whose role is another than the story's whole text (a teaser, a summary) comes
    # after every full one, whatever its markup.
    candidates += [(role not in NINJS_PLAIN_ROLES and role not in NINJS_FULL_BODY_ROLES,
                    _body_rank(ctype, value), len(doc) + index, value, ctype, f"bodies[{index}]")
                   for index, role, ctype, value in _values(doc, "bodies") if value.strip()]
    for _other, _rank, _order, value, ctype, origin in sorted(candidates):
        chunks = string_body_chunks(value, ctype, origin)
        if chunks:
            return chunks
    return []


def _key_type(key: str) -> str:
    """The content type a ``body_*`` (``description_*``, ``headline_*``) key names; "" when
    its kind names no format (``body_richtext``, ``headline_main``): the value tells."""
    kind = key.partition("_")[2].lower()
    if "nitf" in kind:
        return "text/vnd.iptc.nitf"
    if "html" in kind or key == "article_html":
        return "text/html"
    if kind in ("text", "plain"):
        return "text/plain"
    return ""


def _body_rank(ctype: str, value: str) -> int:
    """HTML first (it delimits paragraphs and headings), NITF next, plain text last; a body of
    no declared type ranks by what it holds."""
    if "html" in ctype:
        return 0
    if "nitf" in ctype:
        return 1
    if not ctype and looks_like_markup(value):
        return 0
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
    caption, where = _caption(item)
    if where:
        origin = f"{origin}/{where}" if origin else where
    credit = next((_plain(value, ctype) for _i, role, ctype, value in
                   [*_values(item, "descriptions"), *_suffixed(item, "description")]
                   if role in NINJS_CREDIT_ROLES), "")
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


def _caption(item: dict[str, Any]) -> tuple[str, str]:
    """A picture's caption and the key it came from ("" for the item's own keys): its
    ``description_text`` or ``caption``, else a 1.x ``description_<kind>``, else a
    ``descriptions[]`` entry with a caption role, else one whose role names only a format
    or nothing (plain text before markup)."""
    caption = _string(item, "description_text") or _string(item, "caption")
    if caption:
        return caption, ""
    for _name, role, ctype, value in _suffixed(item, "description"):
        if role not in NINJS_CREDIT_ROLES:
            return _plain(value, ctype), ""
    entries = _values(item, "descriptions")
    ranked = [e for e in entries if e[1] in NINJS_CAPTION_ROLES]
    ranked += sorted((e for e in entries if e[1] in NINJS_PLAIN_ROLES),
                     key=lambda e: "html" in e[2] or (not e[2] and looks_like_markup(e[3])))
    for index, _role, ctype, value in ranked:
        text = _plain(value, ctype)
        if text:
            return text, f"descriptions[{index}]"
    # digitalwires' own list of descriptions: {"role": "drol:caption", "description": …}
    listed = item.get("descriptions")
    for entry in listed if isinstance(listed, list) else ():
        if (isinstance(entry, dict) and isinstance(entry.get("description"), str)
                and _code(entry.get("role")) in NINJS_CAPTION_ROLES):
            return clean(entry["description"]), ""
    return "", ""
