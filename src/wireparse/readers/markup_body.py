"""A story body in markup (NITF ``body.content``, XHTML in NewsML or ninjs) → chunks in reading
order, each with the role its element declares.

Paragraph elements (``p``, ``li``, …) become declared paragraphs, headings (NITF ``hl2``,
XHTML ``h2``…) subheadings, ``media``/``figure`` photos with caption and credit from their own
elements, table rows one line of text each; editors' notes, "not for publication" sections and
end matter are kept as declared junk (so ``inspect`` shows them). An unknown element is read
for what it holds: a block of its own, or a container of blocks. Nothing here decides what
the shared stages decide (datelines, end marks, trailers): declared paragraphs still meet
those rules.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from lxml import etree

from ..blocks import Chunk
from ..knowledge.formats import (
    BYLINE_TAGS,
    CONTAINER_TAGS,
    CREDIT_CLASS_WORDS,
    ITALIC_TAGS,
    JUNK_CLASS_NAMES,
    JUNK_CLASS_PREFIXES,
    JUNK_TAGS,
    PARAGRAPH_TAGS,
    PHOTO_PARTS,
    PHOTO_TAGS,
    ROW_TAGS,
    SKIP_TAGS,
    SUBHEADING_TAGS,
)
from ..model import Photo
from ..stages.envelope import strip_envelope
from ..stages.repair import repair
from ..stages.segment import segment
from .xml_safe import clean, lname, local

# why: a paragraph element holds its text on one line or a few (pretty-printed markup); a dozen
# line breaks inside one element is hard-wrapped copy with its own paragraphs (Reuters' one-<p>
# bodies, <pre> agate).
PREFORMATTED_MIN_LINES = 12

# Inline elements: their text runs on inside the block that holds them.
INLINE_TAGS = frozenset(
    "a abbr b big br cite code em font i kbd mark q s samp small span strike strong sub sup "
    "tt u var wbr time data ins del label "
    # NITF enriched text
    "person org location city state region country sublocation alt-code chron money num "
    "event function object.title virtloc classifier copyrite lang pronounce postaddr "
    "named-item bdo ruby rb rt rp".split()
)
_BLOCKISH = (PARAGRAPH_TAGS | SUBHEADING_TAGS | CONTAINER_TAGS | ROW_TAGS | PHOTO_TAGS | JUNK_TAGS
             | BYLINE_TAGS)
_IMAGE_MEDIA = frozenset(("image", "photo", "graphic", "picture", ""))



def body_chunks(root: etree._Element, origin: str) -> list[Chunk]:
    """The chunks of the body under ``root`` (the body element itself is not a block)."""
    walker = _Walker(root)
    walker.container(root, origin, junk=False)
    walker.flush(origin, junk=False)
    return italic_end_matter(walker.chunks)


ITALIC_HINT = "italic"
_ITALIC_END_REASON = "junk: end matter set in italics after the story (bio, note, licence)"


def italic_end_matter(chunks: list[Chunk]) -> list[Chunk]:
    """The paragraphs set wholly in italics at the end of a body, after the story's own
    paragraphs, are junk: desks set end matter apart so (an author's bio, "first published
    by…", an editor's note, a licence line). A body set all in italics is left alone: there
    the style marks nothing."""
    tail: list[int] = []
    for index in range(len(chunks) - 1, -1, -1):
        chunk = chunks[index]
        if chunk.declared == "paragraph" and ITALIC_HINT in chunk.hints:
            tail.append(index)
        elif chunk.declared in ("paragraph", "subheading", ""):
            break
    else:
        return chunks  # no plain paragraph before them
    if not tail:
        return chunks
    out = list(chunks)
    for index in tail:
        out[index] = dataclasses.replace(out[index], declared="junk", reason=_ITALIC_END_REASON)
    return out


def mark_title_repeats(chunks: list[Chunk], title: str | None) -> list[Chunk]:
    """Body blocks before the first real paragraph that only repeat the headline (an XHTML
    body's own ``<h1>``, a title paragraph) are junk."""
    if not title:
        return chunks
    key = _key(title)
    out: list[Chunk] = []
    seen_paragraph = False
    for chunk in chunks:
        if (not seen_paragraph and chunk.declared in ("paragraph", "subheading")
                and _key(chunk.text) == key):
            chunk = _redeclare(chunk, "junk")
        elif chunk.declared == "paragraph":
            seen_paragraph = True
        out.append(chunk)
    return out


def _key(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" .")


def _redeclare(chunk: Chunk, role: str) -> Chunk:
    return Chunk(chunk.text, chunk.first_line, chunk.last_line, chunk.group, chunk.origin, role,
                 chunk.link_density, chunk.tag, chunk.hints, chunk.photo)


def has_junk_class(el: etree._Element) -> bool:
    cls = el.get("class")
    if not cls:
        return False
    return any(word.startswith(JUNK_CLASS_PREFIXES) or word in JUNK_CLASS_NAMES
               for word in cls.lower().split())


class _Walker:
    """One walk over a body; ``chunks`` fills in reading order."""

    def __init__(self, root: etree._Element) -> None:
        self.chunks: list[Chunk] = []
        self.loose: list[str] = []
        self.loose_line = 0
        self.groups = 0
        self.holders = _Holders()

    # -- text outside any block element (a container's own text) ---------------------------

    def add_loose(self, text: str | None, line: int) -> None:
        if text and text.strip():
            if not self.loose:
                self.loose_line = line
            self.loose.append(text)

    def flush(self, origin: str, junk: bool) -> None:
        if not self.loose:
            return
        text = clean("".join(self.loose))
        self.loose = []
        if text:
            self.emit(text, self.loose_line, f"{origin}/text()", "junk" if junk else "paragraph",
                      "")

    def emit(self, text: str, line: int, origin: str, declared: str, tag: str,
             photo: Photo | None = None, hints: tuple[str, ...] = ()) -> None:
        self.groups += 1
        self.chunks.append(Chunk(text, line, line, self.groups, origin, declared, 0.0, tag,
                                 hints, photo))

    # -- elements ----------------------------------------------------------------------------

    def container(self, el: etree._Element, origin: str, junk: bool) -> None:
        self.add_loose(el.text, el.sourceline or 0)
        for index, node in enumerate(el):
            if not isinstance(node.tag, str):
                self.add_loose(node.tail, el.sourceline or 0)
                continue
            name = lname(node)
            path = f"{origin}/{name}[{index + 1}]"
            if name in SKIP_TAGS:
                pass
            elif name in INLINE_TAGS and node not in self.holders:
                if has_junk_class(node):  # a kicker or slug inside a line: not its text
                    text = clean(_text(node))
                    if text:
                        self.emit(text, node.sourceline or 0, path, "junk", name)
                else:
                    self.add_loose(_text(node), node.sourceline or 0)
            else:
                self.flush(origin, junk)
                self.block(node, name, path, junk or name in JUNK_TAGS or has_junk_class(node))
            self.add_loose(node.tail, node.sourceline or 0)
        self.flush(origin, junk)

    def block(self, el: etree._Element, name: str, path: str, junk: bool) -> None:
        line = el.sourceline or 0
        if name in PHOTO_TAGS:
            self.photo(el, name, path, junk)
        elif name in BYLINE_TAGS and el not in self.holders:
            text = clean(_text(el))
            if text:
                self.emit(text, line, path, "junk" if junk else "byline", name)
        elif name in ROW_TAGS:
            text = clean(" ".join(_text(cell) for cell in el if isinstance(cell.tag, str)))
            if text:
                self.emit(text, line, path, "junk" if junk else "paragraph", name)
        elif el in self.holders or name in CONTAINER_TAGS or name in JUNK_TAGS:
            self.container(el, path, junk)
        else:
            raw = _text(el)
            if name == "pre" or raw.count("\n") >= PREFORMATTED_MIN_LINES:
                # Hard-wrapped agency copy inside one element: cut as text is cut.
                for chunk in text_chunks(raw):
                    self.groups += 1
                    self.chunks.append(dataclasses.replace(
                        chunk, group=self.groups, origin=path, tag=name,
                        declared="junk" if junk else chunk.declared))
                return
            text = clean(raw)
            if not text:
                return
            role = "subheading" if name in SUBHEADING_TAGS else "paragraph"
            hints = (ITALIC_HINT,) if role == "paragraph" and _italic_only(el) else ()
            self.emit(text, line, path, "junk" if junk else role, name, hints=hints)

    def photo(self, el: etree._Element, name: str, path: str, junk: bool) -> None:
        if name in PHOTO_PARTS:
            if (el.get("media-type") or "").lower() not in _IMAGE_MEDIA:
                return
            caption_name, credit_name = PHOTO_PARTS[name]
            caption = " ".join(clean(_text(c)) for c in el if lname(c) == caption_name)
            credit = " ".join(clean(_text(c)) for c in el if lname(c) == credit_name)
            if not caption.strip():  # NITF: the reference's own text for the picture
                caption = next((clean(c.get("alternate-text") or "") for c in el
                                if lname(c) == "media-reference"), "")
        else:
            credit_els = [d for d in el.iter() if d is not el and _is_credit(d)]
            credit = " ".join(clean(_text(d)) for d in credit_els)
            captions = [d for d in el.iter() if local(d) == "figcaption"]
            caption = " ".join(
                clean(_text(c, lambda d: d in credit_els)) for c in captions
            )
            if not caption:
                img = next((d for d in el.iter() if local(d) == "img"), None)
                caption = clean(img.get("alt") or "") if img is not None else ""
        photo = photo_of(caption, credit)
        if photo is None:
            return
        self.emit(photo.caption or photo.credit or "", el.sourceline or 0, path,
                  "junk" if junk else "photo", name, None if junk else photo)


def photo_of(caption: str | None, credit: str | None) -> Photo | None:
    """A Photo from caption and credit elements as printed (the classifier strips the credit's
    prefix word, as for credit lines in text)."""
    caption = clean(caption or "") or None
    credit = clean(credit or "") or None
    if caption is None and credit is None:
        return None
    return Photo(caption, credit)


def _italic_only(el: etree._Element) -> bool:
    """Every piece of the element's text lies inside an emphasis element (``<i>``, ``<em>``)."""
    if len(el) == 0 or (el.text or "").strip():
        return False
    for node in el:
        if isinstance(node.tag, str) and lname(node) not in ITALIC_TAGS:
            if len(node) == 0 and (node.text or "").strip():
                return False
            if len(node) and not _italic_only(node):
                return False
        if (node.tail or "").strip():
            return False
    return True


def _is_credit(el: etree._Element) -> bool:
    cls = (el.get("class") or "").lower()
    return bool(cls) and any(word.startswith(CREDIT_CLASS_WORDS) for word in cls.split())


def _text(el: etree._Element, drop: Callable[[etree._Element], bool] | None = None) -> str:
    if len(el) == 0:
        return el.text or ""  # most paragraphs: no child element at all
    parts: list[str] = []
    _gather(el, parts, drop, top=True)
    return "".join(parts)


def _gather(el: etree._Element, parts: list[str],
            drop: Callable[[etree._Element], bool] | None, top: bool) -> None:
    name = lname(el)
    skipped = not top and (name in SKIP_TAGS or (drop is not None and drop(el)))
    if not skipped:
        if name == "br":
            parts.append(" ")
        if el.text:
            parts.append(el.text)
        for node in el:
            if isinstance(node.tag, str):
                _gather(node, parts, drop, top=False)
            elif node.tail:
                parts.append(node.tail)
        if name in PARAGRAPH_TAGS or name in SUBHEADING_TAGS or name in ("td", "th"):
            parts.append(" ")
    if not top and el.tail:
        parts.append(el.tail)


class _Holders:
    """Which elements hold a block element somewhere below them (read as containers, not as
    one paragraph): found on demand, each element looked at once (memoised)."""

    def __init__(self) -> None:
        self.known: dict[etree._Element, bool] = {}

    def __contains__(self, el: etree._Element) -> bool:
        if len(el) == 0:
            return False
        found = self.known.get(el)
        if found is None:
            found = False
            for node in el:
                if isinstance(node.tag, str) and (lname(node) in _BLOCK_NAMES or node in self):
                    found = True
                    break
            self.known[el] = found
        return found


_BLOCK_NAMES = _BLOCKISH - INLINE_TAGS


def text_chunks(text: str) -> list[Chunk]:
    """Plain-text body copy cut into blocks by the text reader's own stages (left undeclared:
    the classifier reads them as it reads text)."""
    if not text.strip():
        return []
    return list(segment(strip_envelope(repair(text))))
