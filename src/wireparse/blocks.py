"""The block model every reader emits: one stream of ``Chunk``s, whatever the input was.

A reader (plain text, HTML, NITF, NewsML, ninjs, …) cuts its input into chunks in reading
order and says what it knows about each: where it came from, and — where the markup itself
declares it (NITF ``<hl1>``, a ninjs ``headline``) — its role. The shared stages then decide
every role that is not declared, and run the rules that hold for a role whoever decided it
(the dateline is cut from the first paragraph, trailers are stripped, credits are parsed), so a
reader never re-implements them:

    reader → [Chunk] → classify (+ locate) → assemble → Article

>>> from wireparse.blocks import Chunk, DocumentMeta, read_chunks
>>> from wireparse.options import ParseOptions
>>> article = read_chunks([
...     Chunk("Rain stops play", origin="nitf/body.head/hedline/hl1", declared="headline"),
...     Chunk("LONDON, June 3 (Reuters) - It rained.", origin="nitf/body.content/p[1]",
...           declared="paragraph"),
... ], DocumentMeta(), ParseOptions())
>>> article.headline, article.dateline.city, article.body[0].text
('Rain stops play', 'London', 'It rained.')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import Photo

if TYPE_CHECKING:
    from .model import Article
    from .options import ParseOptions

# Roles a reader may declare from its markup. "paragraph" and "subheading" still go through
# the body rules (dateline, trailers, end marks); the head roles are taken as they are.
DECLARABLE_ROLES = frozenset(
    "headline kicker standfirst byline caption credit photo paragraph subheading junk".split()
)


@dataclass(frozen=True, slots=True)
class Chunk:
    """One block of the input as a reader sees it, before any role is decided."""

    text: str
    """The block's text, wraps re-joined and whitespace collapsed."""
    first_line: int = 0
    """First input line (1-based); 0 where the input gives none."""
    last_line: int = 0
    group: int = 0
    """Blocks of one visual group share it (a caption over its credit, a blank-line group)."""
    origin: str = ""
    """Where in a marked-up input the block came from (an element path, a JSON key path);
    "" for plain text, where the lines say it."""
    declared: str = ""
    """The role the markup declares (one of ``DECLARABLE_ROLES``), "" when it declares none."""
    link_density: float = 0.0
    """Share of the text inside links (HTML); 0 for plain text."""
    tag: str = ""
    """The holding element's tag where there is markup ("p", "li", "h2", "hl1", …)."""
    hints: tuple[str, ...] = ()
    """What the markup's class/id vocabulary says of the block ("related", "byline", …)."""
    photo: Photo | None = None
    """A photo the markup gives whole (caption and credit from their own elements)."""

    def __post_init__(self) -> None:
        if self.declared and self.declared not in DECLARABLE_ROLES:
            raise ValueError(f"unknown declared role {self.declared!r}")


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What a reader knows about the whole document, apart from its blocks."""

    title: str | None = None
    """The headline the document declares outside its visible text (og:title, <title>,
    NewsML ``HeadLine``): evidence for choosing the headline, and the fallback."""
    site_name: str | None = None
    """The publisher's or site's name: a block that only repeats it is no headline."""
    published: dt.date | None = None
    """Publication date: the year of a dateline that prints none."""
    extra: dict[str, object] = field(default_factory=dict)
    """Anything else a reader wants kept for inspection (e.g. the markup's own dateline where
    it disagrees with the printed one)."""


def read_chunks(chunks: list[Chunk], meta: DocumentMeta, options: ParseOptions) -> Article:
    """Run the shared stages over a reader's chunks: classify, then assemble."""
    from .stages.assemble import assemble
    from .stages.classify import classify

    reference = meta.published or options.reference_date
    return assemble(classify(chunks, reference, options.knowledge), options.knowledge)
