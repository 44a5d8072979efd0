"""A story body given as a string (a ninjs ``body_html``, a NewsML ``inlineData``, an escaped
HTML ``DataContent``) → chunks, by its content type: NITF, (X)HTML or plain text.

Plain text goes through the text reader's own stages (repair, envelope, segment), so wrapped
agency copy is re-joined exactly as in text mode; its blocks are left undeclared for the
classifier. Markup goes through the same body walk as NITF and XHTML elements.
"""

from __future__ import annotations

import re

from lxml import etree

from ..blocks import Chunk
from ..errors import InputError
from .markup_body import body_chunks, text_chunks
from .xml_safe import child, local

_MARKUP = re.compile(r"<(?:p|br|div|h[1-6]|ul|ol|li|section|article|body|html|figure|table)\b",
                     re.IGNORECASE)


def string_body_chunks(value: str, content_type: str, origin: str) -> list[Chunk]:
    """The chunks of one body string; ``content_type`` as the format declares it (may be "")."""
    kind = content_type.lower()
    head = value.lstrip()[:200].lower()
    if "nitf" in kind or (head.startswith(("<nitf", "<?xml")) and "<nitf" in value[:4000]):
        from .nitf import nitf_document
        from .xml_safe import parse_xml

        try:
            root = parse_xml(value)
        except InputError:
            return text_chunks(value)
        nitf = root if local(root).lower() == "nitf" else next(
            (el for el in root.iter() if local(el).lower() == "nitf"), None)
        if nitf is None:
            return element_body_chunks(root, origin)
        chunks, _meta = nitf_document(nitf, origin)
        return chunks
    if "html" in kind or looks_like_markup(value):
        return html_body_chunks(value, origin)
    return text_chunks(value)


def looks_like_markup(value: str) -> bool:
    """A string that holds HTML block markup (a body or description sent without its type)."""
    return _MARKUP.search(value[:4000]) is not None


def html_body_chunks(value: str, origin: str) -> list[Chunk]:
    """The chunks of an HTML fragment or document (parsed by the safe HTML parser)."""
    from .html_dom import parse_html

    if not value.strip():
        return []
    try:
        root = parse_html(value)
    except InputError:
        return []
    return element_body_chunks(root, origin)


def element_body_chunks(root: etree._Element, origin: str) -> list[Chunk]:
    """The chunks of a parsed (X)HTML document or fragment: its ``body`` if it has one."""
    body = child(root, "body") if local(root).lower() == "html" else None
    if body is None and local(root).lower() == "body":
        body = root
    return body_chunks(body if body is not None else root, origin)


__all__ = ["element_body_chunks", "html_body_chunks", "looks_like_markup", "string_body_chunks",
           "text_chunks"]
