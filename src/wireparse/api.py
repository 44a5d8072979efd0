"""The library entry point: ``parse(data) -> Article``. No I/O, no printing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from .knowledge.loader import Knowledge
from .model import Article
from .options import InputFormat, ParseOptions


def parse(
    data: bytes | str,
    *,
    source: str | None = None,
    reference_date: dt.date | str | None = None,
    input_format: InputFormat = "auto",
    options: ParseOptions | None = None,
    knowledge: Knowledge | str | Path | Iterable[str | Path] | None = None,
) -> Article:
    """Parse one story (bytes or str: wire text, a news page's HTML, or wireparse Markdown).

    ``source`` says where the input came from and becomes ``Article.source`` (wireparse
    Markdown that records its own ``source`` keeps that one: the document's provenance is the
    story it was made from); ``reference_date`` gives the year of a dateline that prints none.
    ``knowledge`` adds the rows of the user's TOML files (or a loaded ``Knowledge``) to the
    built-in tables (docs/knowledge.md). Raises ``WireparseError`` subclasses for input that
    is not an article at all (binary, undecodable, too large); junk-only text gives an
    empty Article.
    """
    if options is None:
        options = ParseOptions.build(reference_date=reference_date, input_format=input_format,
                                     knowledge=knowledge)
    from .pipeline import run

    article = run(data, options, source=source)
    if source is not None and article.source is None:
        article = replace(article, source=source)
    return article
