"""HTML bytes → a safe lxml tree → text blocks in page order, each with what its markup says.

Parsing is lxml's HTML parser with network access off, comments and processing instructions
dropped; it never loads a DTD or an external entity (the HTML parser has no such feature), and
libxml2 caps nesting depth (255 levels) and text node size without ``huge_tree``. The walk
over the tree is iterative (no recursion), visits each element once and is refused above
``MAX_ELEMENTS`` elements, so time and memory stay bounded whatever the input.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from lxml import etree

from ..errors import InputError
from ..knowledge.html_hints import (
    BLOCK_TAGS,
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
            except UnicodeDecodeError:
                pass  # a wrong declaration: fall through to UTF-8 and detection
    return decode(data)


def parse_html(text: str) -> etree._Element:
    """Parse page text into an lxml tree (never touching the network); InputError if empty."""
    parser = etree.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False,
        default_doctype=False,
    )
    # lxml refuses str input that declares an encoding in an XML declaration: drop it.
    if text.startswith("<?xml"):
        text = text[text.find("?>") + 2:] if "?>" in text[:200] else text
    try:
        root = etree.fromstring(text, parser) if text.strip() else None
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot parse this HTML ({exc})") from None
    if root is None:
        raise InputError("the HTML input is empty")
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

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0

    @property
    def words(self) -> int:
        return self.text.count(" ") + 1


@dataclass(slots=True)
class _Frame:
    el: etree._Element
    block: bool
    junk: tuple[tuple[Hint, etree._Element], ...]
    figure: etree._Element | None
    caption: bool
    credit: bool
    standfirst: bool
    byline: bool
    body_hint: bool
    skipped: bool = False


class _Run:
    """The text collected since the last block boundary."""

    __slots__ = ("dateline", "link", "parts")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.link = 0
        self.dateline: str | None = None

    def add(self, text: str, in_link: bool) -> None:
        self.parts.append(text)
        if in_link:
            self.link += len(text.strip())

    def has_text(self) -> bool:
        return any(part.strip() for part in self.parts)


def walk(root: etree._Element) -> list[TextBlock]:
    """The page's text blocks in reading order (scripts, styles, hidden elements left out)."""
    body = root.find("body")
    if body is None:
        body = root
    blocks: list[TextBlock] = []
    stack: list[_Frame] = []
    run = _Run()
    in_link = 0
    seen = 0

    def flush() -> None:
        nonlocal run
        if run.parts:
            text = _WS.sub(" ", "".join(run.parts)).strip()
            if text and any(c.isalnum() for c in text):
                top = stack[-1]
                holder = next((f.el for f in reversed(stack) if f.block), top.el)
                blocks.append(TextBlock(
                    text=text, link_chars=min(run.link, len(text)), tag=holder.tag,
                    line=holder.sourceline or 0, path=tuple(f.el for f in stack),
                    junk=top.junk, figure=top.figure, caption=top.caption, credit=top.credit,
                    standfirst=top.standfirst, byline=top.byline, body_hint=top.body_hint,
                    dateline=run.dateline,
                ))
        run = _Run()

    walker = etree.iterwalk(body, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if event == "start":
            seen += 1
            if seen > MAX_ELEMENTS:
                raise InputError(
                    f"this HTML page has over {MAX_ELEMENTS:,} elements: too large to be an article"
                )
            if not isinstance(tag, str):  # an entity or other non-element node
                stack.append(_frame_like(stack, el, skipped=True))
                walker.skip_subtree()
                continue
            if tag in SKIP_TAGS or _hidden(el):
                stack.append(_frame_like(stack, el, skipped=True))
                walker.skip_subtree()
                continue
            if tag == "br":
                stack.append(_frame_like(stack, el, skipped=True))
                holder = next((f.el.tag for f in reversed(stack) if f.block), "div")
                if holder in ("p", "li", "figcaption") or holder in HEADING_TAGS:
                    run.add(" ", False)
                else:
                    flush()
                continue
            frame = _open(stack, el, tag)
            if frame.block:
                flush()
            stack.append(frame)
            if tag == "a":
                in_link += 1
            if frame.dateline_start and not run.has_text():
                run.dateline = _WS.sub(" ", "".join(el.itertext())).strip() or None
            if el.text:
                run.add(el.text, in_link > 0)
        else:
            frame = stack[-1]
            if not frame.skipped:
                if tag == "a":
                    in_link -= 1
                if frame.block:
                    flush()
            stack.pop()
            if el.tail and stack:
                run.add(el.tail, in_link > 0)
    return blocks


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style) and _HIDDEN_STYLE.search(style) is not None


@dataclass(slots=True)
class _OpenFrame(_Frame):
    dateline_start: bool = False


def _frame_like(stack: list[_Frame], el: etree._Element, *, skipped: bool) -> _Frame:
    if stack:
        top = stack[-1]
        return _Frame(el, False, top.junk, top.figure, top.caption, top.credit, top.standfirst,
                      top.byline, top.body_hint, skipped)
    return _Frame(el, False, (), None, False, False, False, False, False, skipped)


def _open(stack: list[_Frame], el: etree._Element, tag: str) -> _OpenFrame:
    """The frame of an element: its parent's flags plus what its own tag and attributes say."""
    if stack:
        top = stack[-1]
        junk, figure, caption, credit = top.junk, top.figure, top.caption, top.credit
        standfirst, byline, body_hint = top.standfirst, top.byline, top.body_hint
    else:
        junk, figure, caption, credit = (), None, False, False
        standfirst = byline = body_hint = False
    block = tag in BLOCK_TAGS
    dateline_start = False
    if tag == "figure":
        figure = el
    elif tag == "figcaption":
        caption = True
        block = True
    if tag in JUNK_TAGS:
        junk = (*junk, (_TAG_HINTS[tag], el))
    attrs = (el.get("class") or "") + " " + (el.get("id") or "")
    role = el.get("role")
    if role and role.lower() in JUNK_ROLES:
        junk = (*junk, (_ROLE_HINT, el))
    if el.get("itemprop") == "articleBody":
        body_hint = True
    if attrs.strip() and tag not in ("body", "html"):
        # Classes on <body> describe the whole page ("single-post has-sidebar"), never a part.
        hints = hints_of(attrs)
        own_body = any(h.kind == "body" for h in hints)
        for hint in hints:
            kind = hint.kind
            if kind == "junk" and not own_body:
                if not junk or junk[-1][1] is not el:  # one junk hint per element is enough
                    junk = (*junk, (hint, el))
            elif kind == "figure" and figure is None and tag not in ("body", "article", "main"):
                figure = el
            elif kind == "caption":
                caption = block = True
            elif kind == "credit":
                credit = block = True
            elif kind == "standfirst":
                standfirst = True
            elif kind == "byline":
                byline = True
            elif kind == "body":
                body_hint = True
            elif kind == "dateline":
                dateline_start = True
    return _OpenFrame(el, block, junk, figure, caption, credit, standfirst, byline, body_hint,
                      False, dateline_start)


_TAG_HINTS = {tag: Hint(f"<{tag}>", "junk", (), f"<{tag}>") for tag in JUNK_TAGS}
_ROLE_HINT = Hint("role", "junk", (), '<div role="navigation">')
