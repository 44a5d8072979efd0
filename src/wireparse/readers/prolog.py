"""The prolog of an XML document (declaration, comments, document type): cut out, or looked
past to the root element for sniffing. No lxml here: sniffing must stay cheap."""

from __future__ import annotations

import re

# why: the prolog (declaration, comments, doctype) of real agency files fits in a few KB;
# the root element is looked for no further than this when sniffing.
PROLOG_MAX_CHARS = 8192

_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,300}\?>")


def strip_prolog(text: str) -> str:
    """``text`` without its XML declaration and document type declaration (and so without
    any entity it declares)."""
    text = text.lstrip("\ufeff")
    m = _DECLARATION.match(text)
    if m:
        text = text[m.end():]
    start = text.find("<!DOCTYPE", 0, PROLOG_MAX_CHARS)
    if start < 0:
        start = text.find("<!doctype", 0, PROLOG_MAX_CHARS)
    if start < 0:
        return text
    close = text.find(">", start)
    bracket = text.find("[", start, close if close >= 0 else None)
    if bracket >= 0:
        end = text.find("]", bracket)
        close = text.find(">", end) if end >= 0 else -1
    if close < 0:
        return text[:start]
    return text[:start] + text[close + 1:]


def root_name(head: str) -> tuple[str, str]:
    """(local name, namespace) of the root element in the first few KB of an XML document,
    ("", "") when the head does not reach it.

    >>> root_name('<?xml version="1.0"?><!-- x --><nitf version="3.6"><head>')
    ('nitf', '')
    """
    m = _ROOT.search(strip_prolog(head[:PROLOG_MAX_CHARS]))
    if m is None:
        return "", ""
    prefix, name = m.group("prefix"), m.group("name")
    ns_attr = f"xmlns:{prefix[:-1]}" if prefix else "xmlns"
    ns = re.search(rf"""\s{re.escape(ns_attr)}\s*=\s*["']([^"']{{0,200}})["']""",
                   head[m.end(): m.end() + 2000])
    return name, ns.group(1) if ns else ""


_ROOT = re.compile(r"^(?:\s|<!--.{0,4000}?-->|<\?.{0,300}?\?>)*"
                   r"<(?P<prefix>[A-Za-z_][\w.\-]{0,40}:)?(?P<name>[A-Za-z_][\w.\-]{0,60})",
                   re.DOTALL)
