"""HTML bytes → a safe lxml tree → text blocks in page order, each with what its markup says.

Parsing is lxml's HTML parser with network access off, comments and processing instructions
dropped; it never loads a DTD or an external entity (the HTML parser has no such feature), and
libxml2 caps nesting depth (255 levels) and text node size without ``huge_tree``. A tree of
over ``MAX_ELEMENTS`` elements is refused; the walk over the tree recurses at most that deep
and visits each element once, so time and memory stay bounded whatever the input.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from lxml import etree

from ..errors import InputError
from ..knowledge.html_hints import (
    BLOCK_TAGS,
    DROP_TAGS,
    HEADING_TAGS,
    JUNK_ROLES,
    JUNK_TAGS,
    SKIP_TAGS,
    Hint,
    hints_of,
)
from ..stages.decode import decode

# why: real news pages have a few thousand elements (the largest AEB page ~1,700 after parsing);
# a million-element page is a generated dump or an attack and would take seconds to walk.
MAX_ELEMENTS = 250_000
# why: a junk-hinted element with less than this share of the page's text cannot be the
# article's wrapper with a misleading class, so it is not read (half of a page's elements
# are menus, teasers and share bars); larger ones are read and judged by their prose.
JUNK_READ_SHARE = 0.1
# why: a photo box holds an image, a caption and a credit, a few hundred characters; a
# "figure"-classed box with more text is a layout wrapper ("has-post-thumbnail").
FIGURE_MAX_CHARS = 1500
# why: the charset declaration must sit in the first 1024 bytes by the HTML standard; 4 KB
# leaves room for pages that put scripts or comments before it.
CHARSET_SNIFF_BYTES = 4096

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,40})""", re.IGNORECASE
)
_WS = re.compile(r"\s+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def decode_html(data: bytes | str) -> str:
    """The text of an HTML page: BOM, then the declared charset, then UTF-8, then detection.

    >>> decode_html(b'<meta charset="windows-1251"><p>\\xcf\\xf0\\xe8')
    '<meta charset="windows-1251"><p>При'
    """
    if isinstance(data, str):
        return data
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data)
    m = _META_CHARSET.search(data[:CHARSET_SNIFF_BYTES])
    if m:
        name = m.group(1).decode("ascii").lower()
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            codec = None
        # A page that says latin-1 means cp1252 (the HTML standard maps one to the other); a
        # page that says UTF-16 in ASCII bytes is lying about itself.
        if codec in ("latin-1", "iso8859-1", "ascii"):
            codec = "cp1252"
        if codec is not None and not codec.startswith("utf-16") and codec != "utf-8":
            try:
                return data.decode(codec)
            except (UnicodeError, LookupError):
                # A wrong declaration, or a codec that is no text encoding ("undefined",
                # "rot13"): fall through to UTF-8 and detection.
                pass
    return decode(data)


def load_page(data: bytes | str) -> etree._Element:
    """Decode and parse a page. Valid UTF-8 bytes that declare no other charset go to lxml
    as they are (its own UTF-8 reading is the fastest path); others are decoded first."""
    if isinstance(data, bytes):
        raw = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
        m = _META_CHARSET.search(raw[:CHARSET_SNIFF_BYTES])
        declared = m.group(1).decode("ascii").lower().replace("_", "-") if m else "utf-8"
        if declared in ("utf-8", "utf8") and not raw.startswith(_UTF16_BOMS):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                return parse_html(raw)
    return parse_html(decode_html(data))


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def repaired(data: bytes | str, title: str | None) -> bytes | str | None:
    """The page with the damage mended that makes libxml2 lose its article, or None when it
    shows none (the caller parses it again). ``title`` is the ``<title>`` text as parsed.

    - a ``<title>`` left open: the parser reads the rest of the page as the title's text.
      The title ends with its first line instead.
    - ``</body>`` or ``</html>`` before more markup (an inline ad or an archive's banner that
      ships a whole document): the body ends there and the article after it is lost. Those
      end tags are dropped; the parser closes both at the end of the input anyway.

    >>> repaired(b"<p>ad</p></body></html><p>story</p>", None)
    b'<p>ad</p><p>story</p>'
    >>> page = b"<title>News\\n" + b"<p>Story text. " * 200
    >>> repaired(page, "News " + "<p>Story text. " * 200)[:34]
    b'<title>News</title>\\n<p>Story text.'
    >>> repaired("<p>story</p></body></html>\\n", "News") is None
    True
    """
    if isinstance(data, bytes) and data.startswith(_UTF16_BOMS):
        return None  # byte offsets of ASCII tags mean nothing in UTF-16
    fixed = data
    if title is not None and len(title) > TITLE_MAX_CHARS:
        pattern = _TITLE_OPEN_BYTES if isinstance(data, bytes) else _TITLE_OPEN
        m = pattern.search(data)  # type: ignore[arg-type]
        if m is not None:
            line_end = data.find(b"\n" if isinstance(data, bytes) else "\n", m.end())  # type: ignore[arg-type]
            if line_end > 0:
                close = b"</title>" if isinstance(data, bytes) else "</title>"
                fixed = data[:line_end] + close + data[line_end:]  # type: ignore[operator]
    ends = _DOC_END_BYTES if isinstance(fixed, bytes) else _DOC_END
    m = ends.search(fixed)  # type: ignore[arg-type]
    if m is not None and ends.sub(fixed[:0], fixed[m.end():]).strip():  # type: ignore[arg-type]
        fixed = ends.sub(fixed[:0], fixed)  # type: ignore[arg-type]
    return None if fixed is data else fixed


# why: a page title is a line (the longest real ones run ~300 characters); thousands of
# characters of title are the page itself, read as text after a "<title>" left open.
TITLE_MAX_CHARS = 2000
_DOC_END = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)
_DOC_END_BYTES = re.compile(_DOC_END.pattern.encode(), re.IGNORECASE)
_TITLE_OPEN = re.compile(r"<title\b[^>]{0,200}>", re.IGNORECASE)
_TITLE_OPEN_BYTES = re.compile(_TITLE_OPEN.pattern.encode(), re.IGNORECASE)


# why: libxml2 checks each attribute of a tag against all the ones before it, so a tag with
# 100,000 attributes costs minutes. No tag wireparse reads needs that much: longer ones
# (a hostile page, an inline data: image) are cut back to their bare name before parsing.
TAG_MAX_CHARS = 32 * 1024
_TAG_NAME = re.compile(r"[A-Za-z][\w:-]{0,40}")
_TAG_NAME_BYTES = re.compile(_TAG_NAME.pattern.encode())


def _shrink_huge_tags(source: str | bytes) -> str | bytes:
    """Cut every tag longer than TAG_MAX_CHARS back to ``<name>`` (most pages have no run that
    long between two "<", and pay only ``_has_long_run``)."""
    lt, gt, name = ((b"<", b">", _TAG_NAME_BYTES) if isinstance(source, bytes)
                    else ("<", ">", _TAG_NAME))
    if not _has_long_run(source, lt):
        return source
    chunks = source.split(lt)  # type: ignore[arg-type]
    changed = False
    for i in range(1, len(chunks)):
        chunk = chunks[i]
        if len(chunk) <= TAG_MAX_CHARS:
            continue
        end = chunk.find(gt)  # type: ignore[arg-type]
        m = name.match(chunk)  # type: ignore[arg-type]
        if m is not None and (end < 0 or end > TAG_MAX_CHARS):
            chunks[i] = m.group() + gt + (chunk[end + 1:] if end >= 0 else chunk[:0])  # type: ignore[operator,assignment]
            changed = True
    return lt.join(chunks) if changed else source  # type: ignore[arg-type]


def _has_long_run(source: str | bytes, lt: str | bytes) -> bool:
    """Whether more than TAG_MAX_CHARS characters run without a "<" anywhere in ``source``.

    Each step looks for the last "<" in the next TAG_MAX_CHARS + 1 characters (``rfind``, in
    C); none there is such a run. The window's end moves on by more than TAG_MAX_CHARS every
    two steps and no character is searched twice, so the cost is one pass over the page
    without building the list of pieces a split would.

    >>> run = "x" * (TAG_MAX_CHARS - 2)  # with "a>", a run of exactly TAG_MAX_CHARS
    >>> _has_long_run(f"<a>{run}<b>{run}", "<"), _has_long_run(f"<a>{run}x<b>", "<")
    (False, True)
    """
    size = len(source)
    start = 0  # the first character after the last "<" found
    while size - start > TAG_MAX_CHARS:
        last = source.rfind(lt, start, start + TAG_MAX_CHARS + 1)  # type: ignore[arg-type]
        if last < 0:
            return True
        start = last + 1
    return False


def parse_html(source: str | bytes) -> etree._Element:
    """Parse page text (or UTF-8 bytes) into an lxml tree, never touching the network.

    The HTML parser loads no DTD and resolves no external entity (it has neither feature);
    ``huge_tree=False`` keeps libxml2's limits on depth and text size. InputError if empty.
    """
    parser = etree.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False,
        default_doctype=False, collect_ids=False,
        encoding="utf-8" if isinstance(source, bytes) else None,
    )
    if len(source) > TAG_MAX_CHARS:
        source = _shrink_huge_tags(source)
    if isinstance(source, str) and source.startswith("<?xml"):
        # lxml refuses str input that declares an encoding in an XML declaration: drop it.
        source = source[source.find("?>") + 2:] if "?>" in source[:200] else source
    try:
        # ``isspace`` stops at the first character that is not a space; ``strip`` copies.
        root = etree.fromstring(source, parser) if source and not source.isspace() else None
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot parse this HTML ({exc})") from None
    if root is None:
        raise InputError("the HTML input is empty")
    # Each element the parser builds comes from a "<" of the source, but for the few it
    # implies (html, body, a paragraph around loose text, at most one per tag): a source
    # with few "<" cannot be too large, and counting every page's elements would cost a
    # twentieth of the reading.
    lt = b"<" if isinstance(source, bytes) else "<"
    if 2 * source.count(lt) + 3 > MAX_ELEMENTS:  # type: ignore[arg-type]
        count = int(_COUNT(root))
        if count > MAX_ELEMENTS:
            raise InputError(
                f"this HTML page has {count:,} elements, over the limit of {MAX_ELEMENTS:,}: "
                "too large to be an article"
            )
    return root


@dataclass(slots=True)
class TextBlock:
    """One run of text between block boundaries, with what its ancestors say about it."""

    text: str
    """Whitespace collapsed."""
    link_chars: int
    """How many of its characters are inside links."""
    tag: str
    """The tag of the nearest block element (p, li, h2, div, …)."""
    holder_class: str
    """That element's class attribute ("" for none)."""
    line: int
    """The source line of that element (0 when unknown)."""
    path: tuple[etree._Element, ...]
    """The open elements, outermost first; the last one holds the text."""
    junk: tuple[tuple[Hint, etree._Element], ...]
    """Junk hints of ancestors (innermost last): related, share, ads, navigation, …"""
    figure: etree._Element | None
    """The figure the text is part of (a <figure> or a figure-hinted element)."""
    caption: bool
    credit: bool
    standfirst: bool
    byline: bool
    body_hint: bool
    dateline: str | None
    """The text of a dateline-marked element (<span class="dateline">) that opens the block."""
    holder: etree._Element
    """The nearest block element."""
    raw: str | None = None
    """The text as the page lays it out, line breaks kept, for text inside a ``<pre>`` (wire
    copy pasted into a page keeps its hard wraps, dateline and trailers); else None."""

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0

    @property
    def words(self) -> int:
        return self.text.count(" ") + 1


class _Flags(NamedTuple):
    """What an element's ancestors (and itself) say about the text inside it."""

    junk: tuple[tuple[Hint, etree._Element], ...] = ()
    figure: etree._Element | None = None
    caption: bool = False
    credit: bool = False
    standfirst: bool = False
    byline: bool = False
    body_hint: bool = False


_NO_FLAGS = _Flags()


class _RunState:
    """What the walk knows about the text collected since the last block boundary."""

    __slots__ = ("dateline", "link_chars", "open_links")

    def __init__(self) -> None:
        self.link_chars = 0
        self.dateline: str | None = None
        self.open_links = 0  # <a> elements open around the current text


def walk(root: etree._Element, *, read_all: bool = False) -> Walk:
    """The page's text blocks in reading order (scripts, styles, hidden elements left out).

    With ``read_all`` no junk-hinted box is left unread (the second opinion reads the page
    without trusting class names).

    A depth-first visit (libxml2 caps the depth at 255, far below Python's recursion limit).
    ``els`` holds the open elements, ``holders`` the open block elements; the text since the
    last block boundary collects in ``parts``. Elements without class or id share their
    parent's flags.
    """
    body = root.find("body")
    if body is None:
        body = root
    # Pruned in C before the walk: subtrees that never become text or never article text.
    # A menu or footer never holds the headline; one that does is a tag left open by broken
    # markup, wrapping the page: it stays, as junk its prose can overrule.
    keep = {a for el in body.iter("h1", "article") for a in el.iterancestors(*DROP_TAGS)}
    if not keep:  # the usual page: all of them go, in C
        etree.strip_elements(body, *SKIP_TAGS, *DROP_TAGS, with_tail=False)
    else:
        etree.strip_elements(body, *SKIP_TAGS, with_tail=False)
        for el in list(body.iter(*DROP_TAGS)):
            parent = el.getparent()
            if el not in keep and parent is not None:
                _remove_keeping_tail(el, parent)
    for el in _HIDDEN(body):
        if _hidden(el):
            _drop_keeping_tail(el)
    blocks: list[TextBlock] = []
    skipped: list[tuple[etree._Element, Hint]] = []
    skipped_at: list[int] = []  # per skipped element, the index of the next block
    els: list[etree._Element] = []
    holders: list[etree._Element] = []
    parts: list[str] = []
    run = _RunState()

    def flush(flags: _Flags) -> None:
        raw = "".join(parts)
        parts.clear()
        if not raw.isspace():
            text = " ".join(raw.split())
            if text and (text[0].isalnum() or _ALNUM.search(text)):
                holder = holders[-1] if holders else els[-1]
                blocks.append(TextBlock(
                    text, min(run.link_chars, len(text)), holder.tag, holder.get("class") or "",
                    holder.sourceline or 0,
                    tuple(els), flags.junk, flags.figure, flags.caption, flags.credit,
                    flags.standfirst, flags.byline, flags.body_hint, run.dateline, holder,
                    raw if holder.tag == "pre" and "\n" in raw.strip() else None,
                ))
        run.link_chars = 0
        run.dateline = None

    # ``visit`` recurses through its ``again`` argument, never through its own name: a nested
    # function that reaches itself through its closure is a reference cycle, which would hold
    # the page's blocks, element proxies and whole parsed tree until the garbage collector
    # ran (collecting them took a tenth of the parse time).
    def visit(el: etree._Element, parent_flags: _Flags, again: Callable[..., None]) -> None:
        tag = el.tag
        block = tag in BLOCK_TAGS
        dateline_start = False
        flags = parent_flags
        cls = el.get("class")
        ident = el.get("id")
        if cls or ident or tag in _SPECIAL_TAGS:
            flags, block, dateline_start = _open(flags, el, tag, block, cls, ident)
            # Inside the box marked as the article's body, a hinted box is read whatever its
            # size: a story cut into "section-and-ad" boxes, each a small part of the page.
            if (flags.junk and flags.junk[-1][1] is el and not parent_flags.body_hint
                    and _skippable(el)):
                skipped.append((el, flags.junk[-1][0]))
                skipped_at.append(len(blocks))
                return
        if block:
            if parts:
                flush(parent_flags)  # the text before this block belongs to the parent
            holders.append(el)
        els.append(el)
        if tag == "a":
            run.open_links += 1
        if dateline_start and not "".join(parts).strip():
            run.dateline = _WS.sub(" ", "".join(el.itertext())).strip() or None
        text = el.text
        # Whitespace before any text of a run is dropped by the flush anyway; not collecting
        # it saves a flush per indented tag (most of a page's runs).
        if text and (parts or not text.isspace()):
            parts.append(text)
            if run.open_links:
                run.link_chars += len(text.strip())
        for child in el:
            child_tag = child.tag  # lxml builds the string anew on each read
            if child_tag == "br":
                if (holders[-1].tag if holders else "div") in _INLINE_BREAK_HOLDERS:
                    parts.append(" ")
                elif parts:
                    flush(flags)
            elif (child_tag not in _NOT_INLINE and isinstance(child_tag, str) and not len(child)
                  and _says_nothing(child)):
                # A plain inline leaf (most links, <span>, <b>): its text joins the run, as
                # ``visit`` would add it, without the call (a third of the calls on news pages).
                text = child.text
                if text and (parts or not text.isspace()):
                    parts.append(text)
                    if run.open_links or child_tag == "a":
                        run.link_chars += len(text.strip())
            elif isinstance(child_tag, str):
                again(child, flags, again)
            tail = child.tail
            if tail and (parts or not tail.isspace()):
                parts.append(tail)
                if run.open_links:
                    run.link_chars += len(tail.strip())
        if tag == "a":
            run.open_links -= 1
        if block:
            if parts:
                flush(flags)
            holders.pop()
        els.pop()

    body_chars = max(1, _text_length(body))
    unread = [0]  # characters inside the boxes left unread
    protected = {a for h1 in body.iter("h1") for a in h1.iterancestors()}

    def _skippable(el: etree._Element) -> bool:
        # A junk-hinted element is read only when its hint might be overruled: when it holds
        # a headline or a large share of the page's text ("<div class='page has-sidebar'>").
        if read_all or el in protected:
            return False
        size = _text_length(el)
        if size < JUNK_READ_SHARE * body_chars:
            unread[0] += size
            return True
        return False

    try:
        visit(body, _NO_FLAGS, visit)
    except RecursionError:
        # Only reachable with a libxml2 built without its depth cap.
        raise InputError("this HTML page is nested too deeply to be an article") from None
    return Walk(blocks, skipped, unread[0], tuple(skipped_at))


class Walk(NamedTuple):
    blocks: list[TextBlock]
    """The text blocks in reading order."""
    skipped: list[tuple[etree._Element, Hint]]
    """Junk-hinted elements not read at all (too small to hold the article), with the hint."""
    unread_chars: int = 0
    """How much text (spaces included) those elements hold."""
    skipped_at: tuple[int, ...] = ()
    """Per skipped element, where it stood among the blocks: the index of the next one."""


_ALNUM = re.compile(r"\w")
_INLINE_BREAK_HOLDERS = frozenset({"p", "li", "figcaption", *HEADING_TAGS})
_SPECIAL_TAGS = frozenset({"figure", "figcaption", "blockquote", *JUNK_TAGS})
_NOT_INLINE = BLOCK_TAGS | _SPECIAL_TAGS


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Candidates only (a third cheaper for libxml2 than testing the values); ``_hidden`` decides.
# The elements that own such an attribute, found from the attributes: the same elements in
# the same (document) order as ``.//*[@hidden or @aria-hidden or @style]``, a fifth of the
# cost (no predicate evaluated on every element of the page).
_HIDDEN = etree.XPath("(descendant::*/@hidden | descendant::*/@aria-hidden"
                      " | descendant::*/@style)/..")
_COUNT = etree.XPath("count(descendant::*)")




def _remove_keeping_tail(el: etree._Element, parent: etree._Element) -> None:
    # lxml reads form feeds and stray control bytes but refuses to store them again.
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = _NOT_XML.sub(" ", (prev.tail or "") + tail)
        else:
            parent.text = _NOT_XML.sub(" ", (parent.text or "") + tail)
    parent.remove(el)


def _hidden(el: etree._Element) -> bool:
    """``hidden``, ``aria-hidden="true"`` or a style that hides ("border: none" does not)."""
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style) and _HIDDEN_STYLE.search(style) is not None


def _drop_keeping_tail(el: etree._Element) -> None:
    """Remove a hidden element (``display: none`` and kin); the text after it stays."""
    parent = el.getparent()
    if parent is not None:
        _remove_keeping_tail(el, parent)


def _text_length(el: etree._Element) -> int:
    return int(_STRING_LENGTH(el))


_STRING_LENGTH = etree.XPath("string-length(string(.))")  # compiled once, not per call


# The hints of the class and id values seen so far, as indexes into ``_COMBOS``. A dict of
# strings to ints holds nothing the garbage collector tracks, so it is never walked: an
# ``lru_cache`` of hint tuples (NamedTuples stay tracked) kept thousands of objects alive,
# churned them on every page of a new site and made the slow full collections both more
# frequent and longer (a tenth of the HTML reader's time in a batch of pages from many sites).
_ATTR_COMBO: dict[str, int] = {}
_PAIR_COMBO: dict[str, int] = {}
_COMBOS: list[tuple[tuple[Hint, ...], bool]] = [((), False)]
_COMBO_INDEX: dict[tuple[tuple[Hint, ...], bool], int] = {((), False): 0}
# why: bounds the memory over millions of pages (a few MB of strings); a site's own class
# names repeat within its pages, so starting again now and then costs little.
HINT_CACHE_MAX = 16384


def _combo_index(combo: tuple[tuple[Hint, ...], bool]) -> int:
    index = _COMBO_INDEX.get(combo)
    if index is None:
        index = _COMBO_INDEX[combo] = len(_COMBOS)
        _COMBOS.append(combo)
    return index


def _cached_hints(attr: str) -> tuple[tuple[Hint, ...], bool]:
    """The hints of one class or id value, and whether one of them marks the article body."""
    index = _ATTR_COMBO.get(attr)
    if index is None:
        hints = tuple(hints_of(attr))
        index = _combo_index((hints, any(h.kind == "body" for h in hints)))
        if len(_ATTR_COMBO) >= HINT_CACHE_MAX:
            _ATTR_COMBO.clear()
        _ATTR_COMBO[attr] = index
    return _COMBOS[index]


def _cached_attr_hints(cls: str, ident: str) -> tuple[tuple[Hint, ...], bool]:
    """The hints of an element's class and id values together (one cache look-up)."""
    if not ident:
        return _cached_hints(cls) if cls else _COMBOS[0]
    key = f"{cls}\0{ident}"
    index = _PAIR_COMBO.get(key)
    if index is None:
        hints, body = _cached_hints(cls) if cls else _COMBOS[0]
        more, more_body = _cached_hints(ident)
        index = _combo_index((hints + more, body or more_body) if more else (hints, body))
        if len(_PAIR_COMBO) >= HINT_CACHE_MAX:
            _PAIR_COMBO.clear()
        _PAIR_COMBO[key] = index
    return _COMBOS[index]


def _says_nothing(el: etree._Element) -> bool:
    """Whether nothing in an element's attributes changes its flags in ``_open``: no class or
    id with a hint, no junk role, no articleBody property."""
    cls = el.get("class")
    ident = el.get("id")
    if not cls and not ident:
        return True
    if _cached_attr_hints(cls or "", ident or "")[0]:
        return False
    role = el.get("role")
    return not (role and role.lower() in JUNK_ROLES) and el.get("itemprop") != "articleBody"


def _open(parent: _Flags, el: etree._Element, tag: str, block: bool,
          cls: str | None, ident: str | None) -> tuple[_Flags, bool, bool]:
    """An element's flags (its parent's plus what its own tag and its ``class`` and ``id``
    values say), whether it is a block boundary, and whether it marks a dateline."""
    hints: tuple[Hint, ...] = ()
    own_body = False
    if tag != "body" and tag != "html":
        # Classes on <body> describe the whole page ("single-post has-sidebar"), never a part.
        hints, own_body = _cached_attr_hints(cls or "", ident or "")
    role = el.get("role")
    junk_role = bool(role) and role.lower() in JUNK_ROLES
    body_prop = el.get("itemprop") == "articleBody"
    plain = not hints and not junk_role and not body_prop
    if plain and (tag not in _SPECIAL_TAGS or (tag == "blockquote" and parent.figure is None)):
        return parent, block, False
    junk, figure, caption, credit, standfirst, byline, body_hint = parent
    dateline_start = False
    if tag == "figure":
        figure = el
    elif tag == "figcaption":
        caption = block = True
    elif tag == "blockquote":
        # An embedded post or a pull quote is text, even where the page wraps it in a figure.
        figure, caption, credit = None, False, False
    if tag in JUNK_TAGS:
        junk = (*junk, (_TAG_HINTS[tag], el))
    if junk_role:
        junk = (*junk, (_ROLE_HINT, el))
    if body_prop:
        body_hint = True
    for hint in hints:
        kind = hint.kind
        if kind == "junk" and not own_body:
            if not junk or junk[-1][1] is not el:  # one junk hint per element is enough
                junk = (*junk, (hint, el))
        elif (kind == "figure" and figure is None and tag not in ("body", "article", "main")
              and _text_length(el) <= FIGURE_MAX_CHARS):
            figure = el
        elif kind == "caption":
            caption = block = True
        elif kind == "credit":
            credit = block = True
        elif kind == "standfirst":
            standfirst = True
        elif kind == "byline":
            byline = block = True  # an author <span> next to a date <span> is its own line
        elif kind == "body":
            body_hint = True
        elif kind == "dateline":
            dateline_start = True
    return (_Flags(junk, figure, caption, credit, standfirst, byline, body_hint), block,
            dateline_start)


_TAG_HINTS = {tag: Hint(f"<{tag}>", "junk", (), f"<{tag}>") for tag in JUNK_TAGS}
_ROLE_HINT = Hint("role", "junk", (), '<div role="navigation">')
