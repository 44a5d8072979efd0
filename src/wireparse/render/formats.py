"""Output formats, one registry: a format is a name, a file suffix and a writer class.

A writer turns a stream of ``Article``s into text on an open text stream; it reads only the
documents, never the parser. Adding a format is one class and one ``register`` call; the
commands take their ``--format`` choices from ``FORMATS``.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from typing import IO, ClassVar

from ..model import Article
from .agency import ninjs_json, to_nitf


@dataclass(frozen=True, slots=True)
class OutputOptions:
    """How to write documents (built by the commands from their flags)."""

    many: bool = False
    """Several inputs: formats that hold one document (JSON) write a list of them."""
    ninjs_version: int = 2
    """The ninjs branch ``--format ninjs`` writes: 1, 2 or 3 (schemas 1.6, 2.2, 3.1)."""
    fields: tuple[str, ...] | None = None
    """``--format csv|tsv``: the columns, as dotted paths into the document."""


class DocumentWriter:
    """Writes documents one by one to ``out``; ``close()`` ends the output (not ``out``)."""

    name: ClassVar[str]
    suffix: ClassVar[str]
    """The file suffix of one document in this format (``batch`` OUTDIR files)."""
    help: ClassVar[str]

    def __init__(self, out: IO[str], options: OutputOptions) -> None:
        self.out = out
        self.options = options
        self.count = 0

    def write(self, article: Article) -> None:
        self.out.write(self.render(article))
        self.count += 1

    def render(self, article: Article) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    single: ClassVar[bool] = False
    """The format holds one document per file (NITF): several inputs go through ``batch``."""

    def close(self) -> None:
        """Write whatever ends the output (a closing bracket, nothing by default)."""


FORMATS: dict[str, type[DocumentWriter]] = {}


def register(writer: type[DocumentWriter]) -> type[DocumentWriter]:
    """Class decorator: make ``writer`` a ``--format`` choice under its ``name``."""
    FORMATS[writer.name] = writer
    return writer


def render_document(fmt: str, article: Article, options: OutputOptions | None = None) -> str:
    """One document in format ``fmt``, as a file of its own holds it."""
    buffer = io.StringIO()
    writer = FORMATS[fmt](buffer, options or OutputOptions())
    writer.write(article)
    writer.close()
    return buffer.getvalue()


class JsonArrayWriter(DocumentWriter):
    """A JSON format whose file holds one document: several inputs make one JSON array."""

    def document(self, article: Article) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def render(self, article: Article) -> str:
        doc = self.document(article)
        if not self.options.many:
            return doc + "\n"
        return ("[\n" if self.count == 0 else ",\n") + textwrap.indent(doc, "  ")

    def close(self) -> None:
        if self.options.many:
            self.out.write("\n]\n" if self.count else "[]\n")


@register
class JsonWriter(JsonArrayWriter):
    """One indented JSON document; with several inputs, one JSON array of them."""

    name = "json"
    suffix = ".json"
    help = "indented JSON (an array for several inputs)"

    def document(self, article: Article) -> str:
        return article.to_json()


@register
class JsonLinesWriter(DocumentWriter):
    """One document per line."""

    name = "jsonl"
    suffix = ".jsonl"
    help = "JSON Lines, one document a line"

    def render(self, article: Article) -> str:
        return article.to_json(indent=None) + "\n"


@register
class MarkdownWriter(DocumentWriter):
    """Markdown with YAML front matter; several documents are separated by a blank line."""

    name = "md"
    suffix = ".md"
    help = "Markdown with YAML front matter"

    def render(self, article: Article) -> str:
        return ("\n" if self.count else "") + article.to_markdown()


@register
class NinjsWriter(JsonArrayWriter):
    """IPTC ninjs (2.x by default; ``--ninjs-version``); several documents: a JSON array."""

    name = "ninjs"
    suffix = ".ninjs.json"
    help = "IPTC ninjs JSON (2.x; --ninjs-version 1|2|3)"

    def document(self, article: Article) -> str:
        version = self.options.ninjs_version
        return ninjs_json(article, version if version in (1, 3) else 2)  # type: ignore[arg-type]


@register
class NitfWriter(DocumentWriter):
    """NITF 3.6 XML; an XML file holds one document, so several inputs need ``batch``."""

    name = "nitf"
    suffix = ".nitf.xml"
    help = "IPTC NITF 3.6 XML (one document per file)"
    single = True

    def render(self, article: Article) -> str:
        return to_nitf(article)


# CSV and TSV live in their own module; importing it registers them.
from . import tabular  # noqa: E402,F401
