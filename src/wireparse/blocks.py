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
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .model import Block, Dateline, Decision, Photo

if TYPE_CHECKING:
    from .model import Article
    from .options import ParseOptions

# Roles a reader may declare from its markup. "paragraph" and "subheading" still go through
# the body rules (dateline, trailers, end marks); the head roles are taken as they are.
DECLARABLE_ROLES = frozenset(
    "headline kicker standfirst byline caption credit photo paragraph subheading junk".split()
)


# Not frozen (no stage changes a chunk; a reader makes a new one to change a role): a page
# makes hundreds, and a frozen dataclass's __init__ costs five times a plain one's.
@dataclass(slots=True)
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
    reason: str = ""
    """The reader's own rule id for a declared role ("byline: byline markup above the
    article"), shown by ``inspect``; "" gives "markup: <role>"."""

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
    """The page's publication date (the HTML reader, from the page's own metadata): the year
    of a dateline that prints none, as SPEC.md allows. A page is the story as published on
    that date, so its dateline's month and day belong to the year around it."""
    envelope_date: dt.date | None = None
    """The date an agency file's envelope carries (NITF ``date.issue``, NewsML
    ``FirstCreated``/``DateId``, G2 ``firstCreated``/``versionCreated``, ninjs
    ``versioncreated``, …): transmission metadata, kept as a "metadata" decision but never
    the year of a dateline — an item re-sent, corrected or sent across a year boundary carries
    a later date than its dateline, so an agency dateline's date has a year only where it is
    printed (or the user gives ``--reference-date``)."""
    envelope_origin: str = ""
    """The element or key ``envelope_date`` came from."""
    wire: bool = False
    """The input came off an agency feed in a transmission frame (SOH/STX, ZCZC): agency
    copy, not a page, so there is no page chrome around the story to locate."""
    body_located: bool = False
    """The reader has located the story's body itself (the HTML reader, from the page's
    elements): its declared paragraphs are the body, so the dateline is looked for in the
    first of them only, and a wire end mark among them (an agency's name under a picture) is
    junk without ending the copy."""
    title_origin: str = ""
    """Where the title came from ("metadata: og:title"), the evidence of a headline taken
    from it."""
    extra: dict[str, object] = field(default_factory=dict)
    """Anything else a reader wants kept for inspection. ``extra["dateline"]`` holds the
    markup's own dateline (a ``MarkupDateline``): the dateline where the body prints none, and
    kept beside the printed one where they disagree."""


@dataclass(frozen=True, slots=True)
class MarkupDateline:
    """A dateline as the markup declares it apart from the text (NITF ``dateline``, NewsML
    ``DateLine`` / ``dateline`` / ``located``, ninjs ``located``)."""

    text: str
    """The dateline element's text ("Gaza City, May 16 (AFP) -", "Unnao")."""
    city: str | None = None
    """The place where the markup names it in its own element (NITF ``city``, G2 ``located``)."""
    country: str | None = None
    date_text: str | None = None
    """The date as the markup prints it (NITF ``story.date``)."""
    origin: str = ""
    """The element or key it came from."""


def read_chunks(chunks: list[Chunk], meta: DocumentMeta, options: ParseOptions) -> Article:
    """Run the shared stages over a reader's chunks: classify, then assemble; then the
    document's own metadata fills what the text does not print (the dateline, the headline)."""
    from .stages.assemble import assemble
    from .stages.classify import classify

    reference = meta.published or options.reference_date
    article = assemble(classify(chunks, reference, options.knowledge, meta), options.knowledge)
    if meta.envelope_date is not None:
        article = replace(article, decisions=(Decision(
            (0, 0), meta.envelope_date.isoformat(), "metadata",
            "date: the envelope's (transmission metadata: no year for the dateline)",
            meta.envelope_origin), *article.decisions))
    markup = meta.extra.get("dateline")
    if isinstance(markup, MarkupDateline):
        article = _with_markup_dateline(article, markup, reference, options)
    if article.headline is None and meta.title:
        from .stages.repair import repair

        title = " ".join(repair(meta.title).split())
        article = replace(article, headline=title or None, decisions=(
            *article.decisions,
            Decision((0, 0), title, "headline", "headline: the document's title (no headline "
                     "element or line)", meta.title_origin),
        ))
    return article


def _with_markup_dateline(article: Article, markup: MarkupDateline,
                          reference: dt.date | None, options: ParseOptions) -> Article:
    """The printed dateline wins; without one, the markup's (read by the shared dateline
    rules where it has a printed shape, else taken as the place it names)."""
    from .datelines import markup_dateline

    if article.dateline is not None:
        if " ".join(markup.text.split()) == article.dateline.text:
            return article
        return replace(article, decisions=(*article.decisions, Decision(
            (0, 0), markup.text, "junk", "dateline: the markup's own (the printed one wins)",
            markup.origin)))
    dateline = markup_dateline(markup.text, markup.city, markup.country, markup.date_text,
                               reference, options.knowledge)
    if dateline is None:
        return article
    if _names_the_byline(dateline, article.byline):
        return replace(article, decisions=(*article.decisions, Decision(
            (0, 0), markup.text, "junk", "dateline: the markup's names the byline's person, "
            "no place", markup.origin)))
    return replace(article, dateline=dateline, body=_cut_markup_dateline(article.body, markup),
                   decisions=(*article.decisions, Decision(
                       (0, 0), markup.text, "dateline", "dateline: from the markup (none printed)",
                       markup.origin)))


def _names_the_byline(dateline: Dateline, byline: str | None) -> bool:
    """A desk put the author where the place goes ("located": "Jane Roe, Michigan" over the
    byline "Jane Roe, Michigan State University"): the "city" is the byline's person."""
    if not byline or not dateline.city:
        return False
    person = byline.split(",")[0].strip().casefold()
    return dateline.city.casefold() == person


_LEADING_DASH = re.compile(r"^[\s—–\-:,.]+")


def _cut_markup_dateline(body: tuple[Block, ...], markup: MarkupDateline) -> tuple[Block, ...]:
    """The markup's dateline printed at the head of the first paragraph in no style the
    dateline rules know ("<span class=dateline>BRUSSELS</span> The EU said"): cut from it, as
    a printed one is."""
    marked = markup.text.strip()
    if not marked or not body or body[0].type != "paragraph" or not body[0].text.startswith(marked):
        return body
    rest = _LEADING_DASH.sub("", body[0].text[len(marked):]).strip()
    return (Block("paragraph", rest), *body[1:]) if rest else body[1:]
