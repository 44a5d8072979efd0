"""Agency XML (NITF, NewsML) → a safe lxml tree, read leniently.

Safety: the document type declaration is cut out before parsing, so no entity is ever declared
(no "billion laughs", no external entity, no DTD fetch); named HTML entities that agency files
use without their DTD (``&nbsp;``, ``&mdash;``) become the characters they name, unknown ones
are dropped. lxml then parses with network access, DTD loading and entity resolution off and
libxml2's own limits on (nesting depth 256, no ``huge_tree``); trees over ``MAX_ELEMENTS`` are
refused, so time and memory stay bounded whatever the input.

Leniency: agency files often do not validate. The parser recovers from broken markup, the
declared charset is believed only when the bytes agree with it, and nothing is checked
against a schema: the readers take what is there.
"""

from __future__ import annotations

import codecs
import html.entities
import re

from lxml import etree

from ..errors import InputError
from ..stages.decode import decode, xml_utf16
from ..stages.repair import repair
from .prolog import strip_prolog

# why: a long NewsML message with a few stories and their metadata has a few thousand
# elements; a million is a generated dump or an attack and would take seconds to walk.
MAX_ELEMENTS = 250_000
MIN_ELEMENT_CHARS = 4  # "<a/>"
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:\-]{1,40})""")
_ENTITY_REF = re.compile(r"&([A-Za-z][A-Za-z0-9._\-]{0,31});")
_XML_ENTITIES = frozenset(("amp", "lt", "gt", "quot", "apos"))
_WS = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PARSER = etree.XMLParser(
    recover=True,
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
    collect_ids=False,
)


def decode_xml(data: bytes | str) -> str:
    """The text of an XML document: BOM (or UTF-16 without one, known by its opening "<?"),
    then UTF-8 when the bytes are valid UTF-8 (a file that declares latin-1 but holds UTF-8 is
    common), then the declared charset, then detection.

    >>> decode_xml(b'<?xml version="1.0" encoding="iso-8859-1"?><p>caf\\xc3\\xa9</p>')[-11:]
    '<p>café</p>'
    """
    if isinstance(data, str):
        return data
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data)
    utf16 = xml_utf16(data)
    if utf16 is not None:
        return data.decode(utf16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _DECLARED.match(data[:300])
    if m:
        try:
            codec = codecs.lookup(m.group(1).decode("ascii")).name
            if not codec.startswith("utf-"):
                return data.decode("cp1252" if codec in ("latin-1", "iso8859-1") else codec)
        except (LookupError, UnicodeError):
            pass  # a wrong or unknown declaration: detection below
    return decode(data)


def parse_xml(data: bytes | str) -> etree._Element:
    """Decode and parse an agency XML document; raise ``InputError`` when nothing is left."""
    text = strip_prolog(decode_xml(data))
    if "&" in text:
        text = _ENTITY_REF.sub(_entity, text)
    try:
        root = etree.fromstring(text.encode("utf-8"), _PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"not readable as XML: {_one_line(str(exc))}") from None
    if root is None:
        raise InputError("not readable as XML: no root element")
    if len(text) > MAX_ELEMENTS * MIN_ELEMENT_CHARS:  # smaller texts cannot hold that many
        for count, _ in enumerate(root.iter(), 1):
            if count > MAX_ELEMENTS:
                raise InputError(
                    f"XML with over {MAX_ELEMENTS:,} elements: too large to be one story")
    return root


def _entity(m: re.Match[str]) -> str:
    name = m.group(1)
    if name in _XML_ENTITIES:
        return m.group(0)
    char = html.entities.html5.get(name + ";")
    if char is None:
        return ""  # declared in a DTD we do not load: no text to give
    return "".join(f"&#{ord(c)};" for c in char)


def _one_line(text: str) -> str:
    return _WS.sub(" ", text).strip()[:200]


def local(el: etree._Element) -> str:
    """The element's name without namespace or prefix ("" for comments and the like)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    name = _LOCAL.get(tag)
    if name is None:
        name = tag.rpartition("}")[2].rpartition(":")[2]
        if len(_LOCAL) < LOCAL_CACHE_MAX:
            _LOCAL[tag] = name
    return name


def lname(el: etree._Element) -> str:
    """``local(el)`` in lower case (XHTML and NITF names are lower case; some dialects shout)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    name = _LOWER.get(tag)
    if name is None:
        name = tag.rpartition("}")[2].rpartition(":")[2].lower()
        if len(_LOWER) < LOCAL_CACHE_MAX:
            _LOWER[tag] = name
    return name


# why: a format has a few hundred element names; the bound keeps hostile input from growing it.
LOCAL_CACHE_MAX = 4096
_LOCAL: dict[str, str] = {}
_LOWER: dict[str, str] = {}


def text_of(el: etree._Element, skip: frozenset[str] = frozenset()) -> str:
    """The element's text, whitespace collapsed, leaving out the subtrees named in ``skip``
    and the text of line breaks turned into spaces."""
    parts: list[str] = []
    _collect(el, skip, parts, top=True)
    return clean("".join(parts))


def _collect(el: etree._Element, skip: frozenset[str], parts: list[str], top: bool) -> None:
    if not top and local(el) in skip:
        if el.tail:
            parts.append(el.tail)
        return
    if el.text:
        parts.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            if local(child) == "br":
                parts.append(" ")
            _collect(child, skip, parts, top=False)
        elif child.tail:
            parts.append(child.tail)
    if not top and el.tail:
        parts.append(el.tail)


def clean(text: str) -> str:
    """Text pulled out of markup, repaired (mojibake, NFC, invisible characters; its entities
    were the parser's) and whitespace collapsed. Only the text a reader keeps pays for this,
    never the envelope's metadata."""
    if not text:
        return ""
    if text.isascii() and _CONTROL.search(text) is None:
        return " ".join(text.split())
    return " ".join(repair(text, entities=False).split())


def children(el: etree._Element, name: str) -> list[etree._Element]:
    """The children named ``name`` in any namespace or none (lxml looks, in C)."""
    return el.findall(f"{{*}}{name}")


def child(el: etree._Element | None, *path: str) -> etree._Element | None:
    """The first descendant along ``path`` of names (any namespace or none), or None."""
    node = el
    for name in path:
        if node is None:
            return None
        node = node.find(f"{{*}}{name}")
    return node


def descendants(el: etree._Element, name: str) -> list[etree._Element]:
    """Every element named ``name`` (any namespace or none) below and including ``el``."""
    return list(el.iter(f"{{*}}{name}"))
