"""Markdown: YAML front matter (byline, dateline, photos), ``# headline``, the standfirst as a
quote, then the body with ``##`` subheadings. ``readers.markdown`` reads it back unchanged.

Front-matter strings are written JSON-quoted, which YAML reads as double-quoted scalars: no
value (a colon, a leading dash, "null") can change meaning.
"""

from __future__ import annotations

import json
import re

from ..model import Article

# A paragraph opening with one of these would read back as something else: escape it.
_MARKUP_STARTS = ("#", ">", "\\")


# Characters YAML does not allow in a document (C0/C1 controls, surrogates, U+FFFE/U+FFFF)
# or reads as line breaks (NEL, U+2028, U+2029): written as JSON \\u escapes, which YAML's
# double-quoted scalars read back.
_NOT_YAML_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)


def _q(value: str | None) -> str:
    if value is None:
        return "null"
    quoted = json.dumps(value, ensure_ascii=False)
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def render_markdown(article: Article) -> str:
    """The article as Markdown (ends with a newline)."""
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
    out.append("---")
    blocks: list[str] = []
    if article.headline is not None:
        blocks.append(f"# {article.headline}")
    if article.standfirst is not None:
        blocks.append(f"> {article.standfirst}")
    body = [(b.type, b.text) for b in article.body]
    if article.dateline is not None:
        # The dateline is printed where readers expect it, at the head of the first paragraph.
        if body and body[0][0] == "paragraph":
            body[0] = ("paragraph", f"{article.dateline.text} {body[0][1]}")
        else:
            body.insert(0, ("paragraph", article.dateline.text))
    for kind, text in body:
        if kind == "subheading":
            blocks.append(f"## {text}")
        elif text.startswith(_MARKUP_STARTS):
            blocks.append("\\" + text)
        else:
            blocks.append(text)
    return "\n".join(out) + "\n\n" + "\n\n".join(blocks) + "\n"
