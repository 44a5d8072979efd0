"""Page metadata: what a news page says about itself in JSON-LD, OpenGraph/Twitter and meta tags.

Only the page's own statements are read, never fetched: JSON-LD ``NewsArticle`` and kin (also
inside ``@graph``), ``og:*``/``twitter:*``/``article:*`` properties, ``<meta name=description|
author>``, the first ``<time datetime>`` and ``<title>``. The reader uses them as fallbacks
and tie-breakers: the visible page wins where it prints the same thing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..knowledge.credits import credit_of
from ..model import Photo

# JSON-LD types whose object describes the article itself.
ARTICLE_TYPES = frozenset({
    "newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "blogposting",
    "liveblogposting", "scholarlyarticle", "socialmediaposting", "report", "techarticle",
})
# why: JSON-LD blocks are small; a multi-megabyte one is a data dump not worth decoding.
JSONLD_MAX_CHARS = 2_000_000
# why: @graph nesting of real pages is 3-4 levels; the bound keeps hostile input cheap.
JSONLD_MAX_DEPTH = 8

_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


@dataclass(slots=True)
class PageMeta:
    """What the page says about its article (each field None when it says nothing)."""

    headline: str | None = None
    title: str | None = None
    """The ``<title>``, site name and all."""
    site_name: str | None = None
    description: str | None = None
    published: dt.date | None = None
    authors: tuple[str, ...] = ()
    photos: tuple[Photo, ...] = ()
    """Images of the JSON-LD article object that carry a caption or a credit."""
    article_body: str | None = None
    """The JSON-LD ``articleBody``, one paragraph per line."""


def read_meta(root: etree._Element) -> PageMeta:
    """Collect the metadata of a parsed page (call before scripts are dropped)."""
    meta = PageMeta()
    tags = _meta_tags(root)
    article = _jsonld_article(root)
    if article is not None:
        meta.headline = _text(article.get("headline")) or _text(article.get("name"))
        meta.description = _text(article.get("description"))
        meta.published = _date(article.get("datePublished")) or _date(article.get("dateCreated"))
        meta.authors = tuple(_names(article.get("author")))
        meta.photos = tuple(_photos(article.get("image")))
        meta.article_body = _paragraphs(article.get("articleBody"))
    meta.headline = meta.headline or tags.get("og:title") or tags.get("twitter:title")
    meta.site_name = tags.get("og:site_name") or tags.get("application-name")
    meta.description = (meta.description or tags.get("og:description")
                        or tags.get("twitter:description") or tags.get("description"))
    meta.published = (meta.published or _date(tags.get("article:published_time"))
                      or _date(tags.get("og:published_time")) or _date(tags.get("pubdate"))
                      or _date(tags.get("date")) or _first_time(root))
    if not meta.authors and tags.get("author"):
        meta.authors = (tags["author"],)
    title = root.find(".//title")
    if title is not None:
        meta.title = _text("".join(title.itertext()))
    return meta


def _meta_tags(root: etree._Element) -> dict[str, str]:
    tags: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content and key not in tags:
            value = _text(content)
            if value:
                tags[key] = value
    return tags


def _first_time(root: etree._Element) -> dt.date | None:
    for el in root.iter("time"):
        found = _date(el.get("datetime"))
        if found:
            return found
    return None


def _jsonld_article(root: etree._Element) -> dict[str, Any] | None:
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = script.text or ""
        if not raw.strip() or len(raw) > JSONLD_MAX_CHARS:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue  # broken (or hostile, deeply nested) JSON-LD: the rest of the page speaks
        for obj in _objects(data, 0):
            if _is_article(obj):
                return obj
    return None


def _objects(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > JSONLD_MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _objects(data["@graph"], depth + 1)
        main = data.get("mainEntity") or data.get("mainEntityOfPage")
        if isinstance(main, dict):
            yield from _objects(main, depth + 1)


def _is_article(obj: dict[str, Any]) -> bool:
    types = obj.get("@type")
    if isinstance(types, str):
        types = [types]
    return isinstance(types, list) and any(
        isinstance(t, str) and t.lower() in ARTICLE_TYPES for t in types
    )


def _text(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str):
        return None
    # ``split`` cuts at the characters ``\s`` matches: the same text as a regex's
    # ``\s+`` → " " and a strip, several times faster on long descriptions.
    text = " ".join(value.split())
    return text or None


def _paragraphs(value: Any) -> str | None:
    """A text with its line breaks kept (one paragraph per line), spaces collapsed."""
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str):
        return None
    lines = (" ".join(line.split()) for line in value.splitlines())
    text = "\n".join(line for line in lines if line)
    return text or None


def _date(value: Any) -> dt.date | None:
    text = _text(value)
    if not text:
        return None
    m = _ISO_DATE.match(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _names(value: Any) -> Iterator[str]:
    items = value if isinstance(value, list) else [value]
    for item in items[:10]:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name and not name.startswith(("http://", "https://")):
            yield name


def _photos(value: Any) -> Iterator[Photo]:
    items = value if isinstance(value, list) else [value]
    for item in items[:20]:
        if not isinstance(item, dict):
            continue
        caption = _text(item.get("caption")) or _text(item.get("description"))
        credit = _text(item.get("creditText"))
        holder = item.get("copyrightHolder") or item.get("author")
        if credit is None and holder is not None:
            credit = next(_names(holder), None)
        if credit is not None:
            credit = credit_of(credit) or credit
        if caption or credit:
            yield Photo(caption, credit)
