"""Markdown that renders as the document: YAML front matter (wireparse's keys, then ``title``,
``author`` and ``date`` for pandoc and static-site tools), ``# headline``, the standfirst as a
quote, the byline and the photo captions as emphasised lines, then the body with ``##``
subheadings. ``readers.markdown`` reads it back to the same document.

Every text is escaped (``escape``) so that a Markdown renderer — CommonMark (markdown-it) or
pandoc — shows exactly its words: no ``*word*`` turned italic, no AP ````` ``quote'' ````` turned
into code, no ``1.`` or ``-`` at a line's start turned into a list, no ``<script>`` from wire
text turned into a live tag. Front-matter strings are written JSON-quoted, which YAML reads as
double-quoted scalars: no value (a colon, a leading dash, "null") can change meaning.
"""

from __future__ import annotations

import json
import re

from ..model import Article

# Escaped wherever they stand: emphasis, code, links and images, raw HTML and autolinks,
# ATX heading marks, pandoc's strikeout/sub/superscript, TeX math and attribute braces.
_ALWAYS = re.compile(r"[\\`*_\[\]<>#~^${}]")
# An entity reference would be decoded ("&amp;" shown as "&"); a bare "&" is left alone.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# pandoc's smart typography turns "--" into a dash and "..." into an ellipsis.
_SMART = re.compile(r"(?<=-)-|(?<=\.)\.")
# Markup that only counts at the start of a line: a list item ("-", "+", "1.", "1)", "a)",
# "(iv)"), a thematic break or setext underline ("---", "==="), a pandoc line block ("|"),
# definition (":") or title block ("%").
_LIST_MARK = re.compile(r"\(?(?:[0-9]{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]+)[.)](?=\s|$)")
_LINE_START = frozenset("-+=|:%(")


def escape(text: str) -> str:
    """``text`` as Markdown that renders to exactly ``text`` (``readers.markdown.unescape``
    reverses it).

    >>> escape("*Rain* <b>falls</b> on 3 fields -- 1. first")
    '\\\\*Rain\\\\* \\\\<b\\\\>falls\\\\</b\\\\> on 3 fields -\\\\- 1. first'
    >>> escape("1. first"), escape("- item"), escape("(a) one")
    ('1\\\\. first', '\\\\- item', '\\\\(a\\\\) one')
    """
    text = _ALWAYS.sub(r"\\\g<0>", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _SMART.sub(r"\\\g<0>", text)
    mark = _LIST_MARK.match(text)
    if mark:
        marker = mark.group()
        opened = marker.startswith("(")
        text = ("\\(" if opened else "") + marker[opened:-1] + "\\" + marker[-1] + text[mark.end():]
    elif text[:1] in _LINE_START:
        text = "\\" + text
    return text


# Characters YAML does not allow in a document (C0/C1 controls, surrogates, U+FFFE/U+FFFF)
# or reads as line breaks (NEL, U+2028, U+2029): written as JSON \\u escapes, which YAML's
# double-quoted scalars read back.
_NOT_YAML_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _q(value: str | None) -> str:
    if value is None:
        return "null"
    quoted = json.dumps(value, ensure_ascii=False)
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def render_markdown(article: Article) -> str:
    """The article as Markdown (ends with a newline)."""
    return _front_matter(article) + "\n\n" + "\n\n".join(_blocks(article)) + "\n"


def _front_matter(article: Article) -> str:
    # wireparse's own keys first: the reader (and sniffing) look for them at the top.
    out = ["---", f"byline: {_q(article.byline)}"]
    if article.dateline is None:
        out.append("dateline: null")
    else:
        out.append("dateline:")
        for key, value in article.dateline.to_dict().items():
            out.append(f"  {key}: {_q(value)}")
    if not article.photos:
        out.append("photos: []")
    else:
        out.append("photos:")
        for photo in article.photos:
            out.append(f"  - caption: {_q(photo.caption)}")
            out.append(f"    credit: {_q(photo.credit)}")
    out.append(f"source: {_q(article.source)}")
    # For pandoc and static-site tools, which render these values as Markdown: escaped.
    if article.headline is not None:
        out.append(f"title: {_q(escape(article.headline))}")
    if article.byline is not None:
        out.append(f"author: {_q(escape(article.byline))}")
    date = article.dateline.date if article.dateline else None
    if date and _FULL_DATE.fullmatch(date):  # "--02-07" is no date such tools can read
        out.append(f"date: {_q(date)}")
    out.append("---")
    return "\n".join(out)


def _blocks(article: Article) -> list[str]:
    blocks: list[str] = []
    if article.headline is not None:
        blocks.append(f"# {escape(article.headline)}")
    if article.standfirst is not None:
        blocks.append(f"> {escape(article.standfirst)}")
    # Shown as in print; the reader takes them from the front matter and passes these over
    # (a block opening with an unescaped "*" is never text: text's "*" are escaped).
    if article.byline is not None:
        blocks.append(f"*By {escape(article.byline)}*")
    for photo in article.photos:
        words = [escape(p) for p in (photo.caption, photo.credit) if p is not None]
        if not words:
            continue
        shown = f"{words[0]} ({words[1]})" if len(words) == 2 else words[0]
        blocks.append(f"*Photo: {shown}*")
    body = [(b.type, b.text) for b in article.body]
    if article.dateline is not None:
        # The dateline is printed where readers expect it, at the head of the first paragraph.
        if body and body[0][0] == "paragraph":
            body[0] = ("paragraph", f"{article.dateline.text} {body[0][1]}")
        else:
            body.insert(0, ("paragraph", article.dateline.text))
    for kind, text in body:
        blocks.append(f"## {escape(text)}" if kind == "subheading" else escape(text))
    return blocks
