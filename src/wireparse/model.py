"""The article document of SPEC.md as small frozen dataclasses.

Field names and order mirror ``shared/SPEC.md``; ``to_dict()`` returns exactly the SPEC keys in
SPEC order, so ``json.dumps(article.to_dict())`` is the wire contract (see ``schema.json``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

BlockType = Literal["paragraph", "subheading"]


@dataclass(frozen=True, slots=True)
class Photo:
    """One distinct photo of the article."""

    caption: str | None
    """The caption as printed, whitespace collapsed; None when only a credit is printed."""
    credit: str | None
    """The credit without its prefix word ("©", "Photo:", …); None when none is printed."""

    def to_dict(self) -> dict[str, Any]:
        return {"caption": self.caption, "credit": self.credit}


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline that opens the first paragraph."""

    text: str
    """The dateline exactly as printed ("MOSCOW, February 7. /TASS/.")."""
    city: str | None = None
    """The place in natural title case ("St. Petersburg"); None for "(Reuters) —"."""
    country: str | None = None
    """The state or country printed after the city ("Ukraine", "Calif."), as printed."""
    date: str | None = None
    """ISO 8601 "YYYY-MM-DD" when the year is known, else "--MM-DD"; None without a date."""
    date_text: str | None = None
    """The date as printed ("February 7")."""
    agency: str | None = None
    """The agency's own short name (TASS, AP, Reuters, dpa, …); None when none is printed."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "city": self.city,
            "country": self.country,
            "date": self.date,
            "date_text": self.date_text,
            "agency": self.agency,
        }


@dataclass(frozen=True, slots=True)
class Block:
    """One body block in reading order."""

    type: BlockType
    """"paragraph" or "subheading"."""
    text: str
    """The text, hard wraps re-joined and whitespace collapsed."""

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "text": self.text}


@dataclass(frozen=True, slots=True)
class Decision:
    """Why one piece of the input got the role it got (shown by ``wireparse inspect``)."""

    lines: tuple[int, int]
    """First and last input line (1-based) of the piece (for HTML: the element's source line);
    (0, 0) where the input gives none."""
    text: str
    """The piece as the classifier saw it."""
    role: str
    """headline, kicker, standfirst, byline, caption, credit, photo, dateline, paragraph,
    subheading or junk; "metadata" for a page's metadata that fed no field directly (its
    publication date)."""
    reason: str
    """The rule or table row that decided, e.g. "junk: read-also", "dateline: tass"."""
    evidence: str = ""
    """The figures or markup behind the decision ("9 words, no final stop", an element path)."""


@dataclass(frozen=True, slots=True)
class Article:
    """A parsed article: the SPEC document plus, apart from it, the parser's decisions."""

    headline: str | None = None
    standfirst: str | None = None
    byline: str | None = None
    photos: tuple[Photo, ...] = ()
    dateline: Dateline | None = None
    body: tuple[Block, ...] = ()
    source: str | None = None
    """Where the document came from (contract v2): the path as given, ``-`` for stdin,
    ``archive.zip!inner/path`` for an archive member; None when ``parse`` got no ``source=``."""
    decisions: tuple[Decision, ...] = field(default=(), compare=False, repr=False)
    """Not part of the document: the per-line roles and reasons, for inspection."""

    def to_dict(self) -> dict[str, Any]:
        """The SPEC document: every SPEC key, in SPEC order, then ``source`` (contract v2).

        >>> Article(headline="Hi").to_dict()["photos"]
        []
        """
        return {
            "headline": self.headline,
            "standfirst": self.standfirst,
            "byline": self.byline,
            "photos": [p.to_dict() for p in self.photos],
            "dateline": self.dateline.to_dict() if self.dateline else None,
            "body": [b.to_dict() for b in self.body],
            "source": self.source,
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The document as JSON (indented by default; ``indent=None`` for one line)."""
        if indent is None:
            return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_markdown(self) -> str:
        """The document as Markdown with YAML front matter; ``parse()`` reads it back."""
        from .render.markdown import render_markdown

        return render_markdown(self)

    def to_ninjs(self, version: int = 2) -> str:
        """The document as IPTC ninjs JSON (``version`` 1, 2 or 3); ``parse()`` reads it back."""
        from .render.agency import ninjs_json

        if version not in (1, 2, 3):
            raise ValueError(f"ninjs version {version!r}: 1, 2 or 3")
        return ninjs_json(self, version)  # type: ignore[arg-type]

    def to_nitf(self) -> str:
        """The document as an NITF 3.6 XML document; ``parse()`` reads it back."""
        from .render.agency import to_nitf

        return to_nitf(self)

    @property
    def is_empty(self) -> bool:
        return not (self.headline or self.standfirst or self.byline or self.photos
                    or self.dateline or self.body)

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Article:
        """Build an article from a SPEC document (as ``to_dict()`` returns it)."""
        dl = doc.get("dateline")
        return cls(
            headline=doc.get("headline"),
            standfirst=doc.get("standfirst"),
            byline=doc.get("byline"),
            photos=tuple(Photo(p.get("caption"), p.get("credit")) for p in doc.get("photos") or ()),
            dateline=Dateline(**{k: dl.get(k) for k in Dateline.__slots__}) if dl else None,
            body=tuple(Block(b["type"], b["text"]) for b in doc.get("body") or ()),
            source=doc.get("source"),
        )
