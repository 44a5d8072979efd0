"""One options object for a parse, built in one place (``ParseOptions.build``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .knowledge.loader import Knowledge, knowledge_from

InputFormat = Literal["auto", "text", "html", "md", "nitf", "newsml", "ninjs"]

# why: large enough for any real story or news page (the biggest AEB page is ~1.5 MB), small
# enough that a mislabelled video or database dump is refused before it is read into memory.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """How to parse one input. Make variants with ``dataclasses.replace``."""

    reference_date: dt.date | None = None
    """Supplies the year of a dateline that prints none (e.g. the story's archive date)."""
    input_format: InputFormat = "auto"
    """"auto" sniffs the input's kind from its content (HTML, wireparse Markdown, NITF,
    NewsML 1.2 / G2, ninjs or digitalwires JSON, else text); any other value forces one
    reader."""
    max_bytes: int = DEFAULT_MAX_BYTES
    """Inputs larger than this are refused with ``InputTooLargeError``."""
    knowledge: Knowledge | None = None
    """The knowledge tables (agencies, dateline styles, junk rows…): None for the built-in
    ones. A path (or paths) of the user's TOML files is loaded on top of them (see
    docs/knowledge.md); ``KnowledgeError`` if one cannot be read."""

    def __post_init__(self) -> None:
        if self.knowledge is not None and not isinstance(self.knowledge, Knowledge):
            object.__setattr__(self, "knowledge", knowledge_from(self.knowledge))

    @classmethod
    def build(
        cls,
        *,
        reference_date: dt.date | str | None = None,
        input_format: InputFormat = "auto",
        max_bytes: int | None = None,
        knowledge: Knowledge | str | Path | Iterable[str | Path] | None = None,
    ) -> ParseOptions:
        """Build options from loose values (as the CLI and ``wireparse.parse`` get them)."""
        return cls(
            reference_date=coerce_date(reference_date),
            input_format=input_format,
            max_bytes=DEFAULT_MAX_BYTES if max_bytes is None else max_bytes,
            knowledge=None if knowledge is None or knowledge == () else knowledge_from(knowledge),
        )


def coerce_date(value: dt.date | str | None) -> dt.date | None:
    """A date from a ``date``/``datetime`` or an ISO ``YYYY-MM-DD`` string (ValueError if not)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip()[:10])
