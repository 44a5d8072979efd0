"""HTML reader (issue 3): placeholder until the page extractor lands."""

from __future__ import annotations

from ..model import Article
from ..options import ParseOptions


def read_html(data: bytes | str, options: ParseOptions) -> Article:
    from ..pipeline import parse_text
    from ..stages.decode import decode

    import lxml.html

    text = decode(data) if isinstance(data, bytes) else data
    root = lxml.html.fromstring(text)
    return parse_text(root.text_content(), options)
