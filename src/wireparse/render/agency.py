"""Writers for the agencies' own formats: ninjs (1.x, 2.x, 3.x) and NITF 3.6.

They read only the ``Article``. The fields map one to one (see docs/formats.md):

==================  =========================================  ===============================
document            ninjs 2.x (1.x / 3.x spelling)             NITF 3.6
==================  =========================================  ===============================
headline            ``headlines[role=main]`` (``headline``)    ``hedline/hl1``, ``head/title``
standfirst          ``descriptions[role=lead]``                ``body.head/abstract/p``
                    (``description_text``)
byline              ``by`` (``byline``)                        ``byline/person``
dateline            printed at the head of the first           printed at the head of the first
                    paragraph, as agencies print it;           paragraph; ``dateline`` with
                    ``located`` = the city; the year of a      ``location/city``/``country``
                    date not printed in ``contentcreated``     and ``story.date@norm``
body                ``bodies[0]`` HTML ``<p>``/``<h2>``        ``body.content`` ``p``/``hl2``
                    (``body_html``)
photos              ``associations`` of type picture:          ``media`` image:
                    ``descriptions[role=caption]``, ``by``     ``media-caption``,
                    (``description_text``, ``byline``)         ``media-producer``
==================  =========================================  ===============================

A dateline that the shared dateline rules would not read back from the paragraph (one the
markup gave, like "Unnao") is not printed: ninjs carries it whole in ``located``, NITF in its
``dateline`` element. The dateline's agency and printed date text have no field of their own
in either format: they live in the printed dateline. A year the dateline does not print is
written as the item's date; the readers take such dates as the envelope's (kept, no year for
the dateline), so it comes back with the same ``--reference-date`` only.
"""

from __future__ import annotations

import hashlib
import json
from html import escape
from typing import Any, Literal

from ..datelines import find_dateline
from ..knowledge.bylines import LINE
from ..model import Article, Dateline

NinjsVersion = Literal[1, 2, 3]
NINJS_VERSIONS: dict[int, str] = {1: "1.6", 2: "2.2", 3: "3.1"}
NITF_NAMESPACE = "http://iptc.org/std/NITF/2006-10-18/"


def document_uri(article: Article) -> str:
    """A stable URI for a document (ninjs requires one): a hash of its content."""
    digest = hashlib.sha1(article.to_json(indent=None).encode("utf-8")).hexdigest()[:20]
    return f"urn:wireparse:{digest}"


def printed_dateline(article: Article) -> str | None:
    """The dateline as it is printed at the head of the first paragraph, when the shared
    dateline rules read it back from there as the same dateline; else None."""
    dateline = article.dateline
    if dateline is None:
        return None
    first = _first_paragraph(article)
    m = find_dateline(f"{dateline.text} {first}".strip() + " ")
    if m is None or m.dateline.text != dateline.text or m.rest.strip() != first.strip():
        return None
    return dateline.text


def byline_out(byline: str | None) -> str | None:
    """The byline as written: the name itself, or "By …" where the name opens with a word that
    readers take for a byline's prefix ("Di Stefano", "Von der Heide"), so it reads back whole."""
    if byline and LINE.match(byline):
        return f"By {byline}"
    return byline


def _first_paragraph(article: Article) -> str:
    return next((b.text for b in article.body if b.type == "paragraph"), "")


def _body_blocks(article: Article) -> list[tuple[str, str]]:
    """(type, text) of the body, the printed dateline at the head of the first paragraph."""
    printed = printed_dateline(article)
    blocks: list[tuple[str, str]] = [(b.type, b.text) for b in article.body]
    if printed is not None:
        index = next((i for i, (kind, _) in enumerate(blocks) if kind == "paragraph"), None)
        if index is None:
            blocks.insert(0, ("paragraph", printed))
        else:
            blocks[index] = ("paragraph", f"{printed} {blocks[index][1]}")
    return blocks


def _full_date(dateline: Dateline | None) -> str | None:
    if dateline is None or not dateline.date or dateline.date.startswith("--"):
        return None
    return dateline.date


# -- ninjs -----------------------------------------------------------------------------------


def to_ninjs(article: Article, version: NinjsVersion = 2) -> dict[str, Any]:
    """The document as a ninjs object of ``version`` (1, 2 or 3; schemas 1.6, 2.2, 3.1).

    >>> to_ninjs(Article(headline="Rain stops play"))["headlines"]
    [{'role': 'main', 'contenttype': 'text/plain', 'value': 'Rain stops play'}]
    """
    camel = version == 3
    ctype = "contentType" if camel else "contenttype"
    doc: dict[str, Any] = {"uri": document_uri(article)}
    schema = f"http://www.iptc.org/std/ninjs/ninjs-schema_{NINJS_VERSIONS[version]}.json"
    standard = {"name": "ninjs", "version": NINJS_VERSIONS[version], "schema": schema}
    doc["$standard" if version == 1 else "standard"] = standard
    doc["type"] = "text"
    date = _full_date(article.dateline)
    if date is not None:
        doc["contentCreated" if camel else "contentcreated"] = f"{date}T00:00:00Z"
    blocks = _body_blocks(article)
    html = "".join(
        f"<h2>{escape(text, quote=False)}</h2>" if kind == "subheading"
        else f"<p>{escape(text, quote=False)}</p>"
        for kind, text in blocks
    )
    located = _located(article)
    if version == 1:
        _put(doc, "headline", article.headline)
        _put(doc, "description_text", article.standfirst)
        _put(doc, "byline", byline_out(article.byline))
        _put(doc, "located", located)
        _put(doc, "body_html", html or None)
        if article.photos:
            doc["associations"] = {
                f"photo{i + 1}": _photo_v1(article, i) for i in range(len(article.photos))
            }
        return doc
    if article.headline:
        doc["headlines"] = [{"role": "main", ctype: "text/plain", "value": article.headline}]
    if article.standfirst:
        doc["descriptions"] = [{"role": "lead", ctype: "text/plain",
                                "value": article.standfirst}]
    _put(doc, "by", byline_out(article.byline))
    _put(doc, "located", located)
    if html:
        doc["bodies"] = [{"role": "main", ctype: "text/html", "value": html}]
    if article.photos:
        doc["associations"] = [_photo_v2(article, i, camel) for i in range(len(article.photos))]
    return doc


def _located(article: Article) -> str | None:
    dateline = article.dateline
    if dateline is None:
        return None
    if printed_dateline(article) is not None:
        return dateline.city
    return dateline.text  # not printed: the whole dateline, read back by the markup rules


def _put(doc: dict[str, Any], key: str, value: str | None) -> None:
    if value:
        doc[key] = value


def _photo_v1(article: Article, index: int) -> dict[str, Any]:
    photo = article.photos[index]
    item: dict[str, Any] = {"uri": f"{document_uri(article)}:photo{index + 1}",
                            "type": "picture"}
    _put(item, "description_text", photo.caption)
    _put(item, "byline", photo.credit)
    return item


def _photo_v2(article: Article, index: int, camel: bool) -> dict[str, Any]:
    photo = article.photos[index]
    item: dict[str, Any] = {"name": f"photo{index + 1}",
                            "uri": f"{document_uri(article)}:photo{index + 1}",
                            "type": "picture"}
    if photo.caption:
        ctype = "contentType" if camel else "contenttype"
        item["descriptions"] = [{"role": "caption", ctype: "text/plain", "value": photo.caption}]
    _put(item, "by", photo.credit)
    return item


def ninjs_json(article: Article, version: NinjsVersion = 2) -> str:
    return json.dumps(to_ninjs(article, version), ensure_ascii=False, indent=2)


# -- NITF ------------------------------------------------------------------------------------


def to_nitf(article: Article) -> str:
    """The document as an NITF 3.6 XML document (namespaced, valid against IPTC's XSD).

    >>> print(to_nitf(Article(headline="Rain & hail")).splitlines()[3])
        <title>Rain &amp; hail</title>
    """
    x = _xml
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<nitf xmlns="{NITF_NAMESPACE}" version="-//IPTC//DTD NITF 3.6//EN" '
             'change.date="September 11, 2009" change.time="12:26">']
    lines.append("  <head>")
    if article.headline:
        lines.append(f"    <title>{x(article.headline)}</title>")
    date = _full_date(article.dateline)
    if date is not None:
        lines.append("    <docdata>")
        lines.append(f'      <date.issue norm="{date.replace("-", "")}T000000+0000"/>')
        lines.append("    </docdata>")
    lines.append("  </head>")
    lines.append("  <body>")
    lines.append("    <body.head>")
    if article.headline:
        lines.append(f"      <hedline><hl1>{x(article.headline)}</hl1></hedline>")
    if article.byline:
        prefix = "By " if byline_out(article.byline) != article.byline else ""
        lines.append(f"      <byline>{prefix}<person>{x(article.byline)}</person></byline>")
    if article.dateline is not None:
        lines.append(f"      {_nitf_dateline(article.dateline)}")
    if article.standfirst:
        lines.append(f"      <abstract><p>{x(article.standfirst)}</p></abstract>")
    lines.append("    </body.head>")
    lines.append("    <body.content>")
    for kind, text in _body_blocks(article):
        tag = "hl2" if kind == "subheading" else "p"
        lines.append(f"      <{tag}>{x(text)}</{tag}>")
    for photo in article.photos:
        lines.append('      <media media-type="image">')
        lines.append("        <media-reference/>")
        if photo.caption:
            lines.append(f"        <media-caption>{x(photo.caption)}</media-caption>")
        if photo.credit:
            lines.append(f"        <media-producer>{x(photo.credit)}</media-producer>")
        lines.append("      </media>")
    lines.append("    </body.content>")
    lines.append("  </body>")
    lines.append("</nitf>")
    return "\n".join(lines) + "\n"


def _nitf_dateline(dateline: Dateline) -> str:
    """``<dateline>`` with the text as printed; the printed date marked as ``story.date``
    (with its ISO value where the year is known) where it occurs in the text."""
    text = dateline.text
    date_text = dateline.date_text
    if date_text and date_text in text:
        head, _, tail = text.partition(date_text)
        norm = ""
        if dateline.date and not dateline.date.startswith("--"):
            norm = f' norm="{dateline.date.replace("-", "")}T000000+0000"'
        inner = f"{_xml(head)}<story.date{norm}>{_xml(date_text)}</story.date>{_xml(tail)}"
    else:
        inner = _xml(text)
    return f"<dateline>{inner}</dateline>"


def _xml(text: str) -> str:
    """Text escaped for XML, without the characters XML 1.0 cannot hold."""
    clean = "".join(c for c in text if c in "\t\n\r" or (c >= " " and c not in "\ufffe\uffff"
                                                          and not "\ud800" <= c <= "\udfff"))
    return escape(clean, quote=False)
