"""The pipeline: pick a reader for the input, then run its stages in order."""

from __future__ import annotations

import re
from dataclasses import replace

from .blocks import DocumentMeta, read_chunks
from .errors import InputError, InputTooLargeError
from .knowledge.formats import (
    NEWSML12_ROOTS,
    NEWSML_G2_NAMESPACE,
    NEWSML_G2_ROOTS,
    NITF_ROOTS,
)
from .model import Article, Decision
from .options import ParseOptions
from .readers.prolog import PROLOG_MAX_CHARS, root_name
from .stages.decode import decode, has_bom, refuse_binary, xml_utf16
from .stages.envelope import strip_envelope, telegraph_headline, transmitted
from .stages.repair import repair
from .stages.segment import segment

# why: the longest real story runs to a few thousand lines; each line can become a block that
# costs ~150 bytes of bookkeeping, so a 50 MB file of one-letter lines would need gigabytes.
MAX_LINES = 200_000
_SURROGATE = re.compile("[\ud800-\udfff]")
# wireparse Markdown opens with front matter holding one of its own keys.
_FRONT_MATTER_KEY = re.compile(r"\n(?:byline|dateline|photos):")



def run(data: bytes | str, options: ParseOptions, *, source: str | None = None) -> Article:
    """Parse ``data`` with ``options``; see ``wireparse.parse``."""
    if len(data) > options.max_bytes:  # for str input, characters stand in for bytes
        raise InputTooLargeError(
            f"input over the size limit of {options.max_bytes:,} bytes "
            "(raise it with --max-bytes)"
        )
    if isinstance(data, str) and not data.isascii() and _SURROGATE.search(data):
        data = _SURROGATE.sub("\ufffd", data)  # a lone surrogate in a str is no text
    fmt: str = options.input_format
    if fmt == "auto":
        fmt = sniff(_head(data))
    if fmt in ("nitf", "newsml"):
        if isinstance(data, bytes) and data and not has_bom(data) and not xml_utf16(data):
            refuse_binary(data)
        if fmt == "nitf":
            from .readers.nitf import read_nitf

            return read_nitf(data, options)
        from .readers.newsml import read_newsml

        return read_newsml(data, options)
    if fmt == "ninjs":
        from .readers.ninjs import news_json, read_ninjs

        text = decode(data)
        doc = news_json(text)
        if doc is not None:
            return read_ninjs(doc, options)
        if options.input_format == "ninjs":
            raise InputError("not a ninjs or digitalwires JSON document (no headline, body or "
                             "description keys at the top level)")
        return parse_text(text, options)  # JSON, but no news object: read it as text
    if fmt == "html":
        from .readers.html import read_html

        if isinstance(data, bytes) and data and not has_bom(data):
            refuse_binary(data)  # the text readers check in decode(); this one decodes itself
        return read_html(data, options)  # it decodes by the page's own charset declaration
    text = decode(data)
    if fmt == "md":
        from .readers.markdown import read_markdown

        return read_markdown(text, options)
    return parse_text(text, options)


def parse_text(text: str, options: ParseOptions) -> Article:
    """The plain-text reader: repair → envelope → segment → classify → assemble."""
    lines = text.count("\n")
    if lines > MAX_LINES:
        raise InputError(
            f"the text has {lines:,} lines, over the limit of {MAX_LINES:,}: "
            "too long to be one article"
        )
    repaired = repair(text)
    inner = strip_envelope(repaired, options.knowledge)
    meta = DocumentMeta(wire=transmitted(repaired), title=telegraph_headline(repaired),
                        title_origin="envelope: the ZCZC headline field")
    article = read_chunks(segment(inner), meta, options)
    if inner is not repaired and inner != repaired:
        article = replace(article, decisions=envelope_decisions(repaired, inner,
                                                                article.decisions))
    return article


_CONTROLS = re.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f]")


def envelope_decisions(text: str, inner: str, decisions: tuple[Decision, ...]
                       ) -> tuple[Decision, ...]:
    """The copy's decisions with their lines counted in the input again (the envelope's
    header lines come first), and rows for what the envelope stage cut before and after the
    copy (header fields, routing, end marks), so that ``inspect`` shows them."""
    kept = [line.strip() for line in inner.splitlines() if line.strip()]
    last_line = text.count("\n") + 1
    if not kept:
        return (Decision((1, last_line), _shown(text), "junk",
                         "junk: envelope (the whole input was its transmission envelope)"),
                *decisions)
    start, end = text.find(kept[0]), text.rfind(kept[-1]) + len(kept[-1])
    # The copy's first line is line 1 of what the segmenter saw: shift to the input's.
    shift = text.count("\n", 0, start) - inner.count("\n", 0, inner.find(kept[0]))
    rows = []
    head, tail = text[:start], text[end:]
    if _shown(head):
        rows.append(Decision((1, text.count("\n", 0, len(head.rstrip())) + 1), _shown(head),
                             "junk", "junk: envelope header (cut before the copy)"))
    if shift:
        rows += [replace(d, lines=(d.lines[0] + shift, d.lines[1] + shift)) if d.lines[0]
                 else d for d in decisions]
    else:  # most envelopes only trim the copy's ends: the lines already count right
        rows += decisions
    if _shown(tail):
        first = text.count("\n", 0, end + len(tail) - len(tail.lstrip())) + 1
        rows.append(Decision((first, last_line), _shown(tail), "junk",
                             "junk: envelope trailer (cut after the copy)"))
    return tuple(rows)


def _shown(text: str) -> str:
    return " ".join(_CONTROLS.sub(" ", text).split())


# Tags that only an HTML page (or fragment) opens with.
_HTML_OPENERS = ("<!doctype html", "<html", "<?xml", "<!--", "<head", "<body", "<meta", "<title",
                 "<script", "<style", "<link", "<article", "<section", "<main", "<div", "<p>",
                 "<p ", "<h1", "<header", "<nav", "<table", "<figure", "<span", "<a ", "<ul")


_XML_ROOTS = {
    **{name: "nitf" for name in NITF_ROOTS},
    **{name: "newsml" for name in NEWSML12_ROOTS | NEWSML_G2_ROOTS},
}
# A JSON object opens with a quoted key.
_JSON_KEY = re.compile(r'\{\s*"[^"\n]{1,100}"\s*:')
# A JSON array of objects (wireparse's own ninjs output for several inputs is one).
_JSON_ARRAY = re.compile(r'\[\s*\{\s*"[^"\n]{1,100}"\s*:')


def _head(data: bytes | str) -> str:
    """The first 8 KB as text, for sniffing only (bytes read leniently: markup is ASCII)."""
    if isinstance(data, str):
        return data[:PROLOG_MAX_CHARS]
    head = data[:PROLOG_MAX_CHARS]
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head.decode(codec, errors="ignore")
    return head.decode(xml_utf16(head) or "utf-8", errors="ignore")


def sniff(text: str) -> str:
    """The reader for an input, from its head: "nitf", "newsml" (1.2 or G2) or "html" by the
    root element of markup (and its namespace), "ninjs" for a JSON object, "md" for
    wireparse's own Markdown, else "text".

    >>> sniff('<?xml version="1.0"?><nitf><head/>'), sniff('{"headline": "Hi"}')
    ('nitf', 'ninjs')
    """
    stripped = text[:PROLOG_MAX_CHARS].lstrip("\ufeff \t\r\n")
    if stripped.startswith("<"):
        name, namespace = root_name(stripped)
        kind = _XML_ROOTS.get(name.lower())
        if kind is not None and (kind != "newsml" or name.lower() in NEWSML12_ROOTS
                                 or not namespace or namespace == NEWSML_G2_NAMESPACE):
            return kind
    elif _JSON_KEY.match(stripped) or _JSON_ARRAY.match(stripped):
        return "ninjs"
    head = stripped[:2048].lower()
    if head.startswith(_HTML_OPENERS):
        return "html"
    if head.startswith("---\n") and _FRONT_MATTER_KEY.search(head):
        return "md"
    return "text"
