"""wireparse: news wire copy (raw agency text or a news page's HTML) → one clean article.

>>> import wireparse
>>> article = wireparse.parse("Rain stops play\\n\\nLONDON, June 3 (Reuters) - It rained.")
>>> article.headline, article.dateline.agency, article.body[0].text
('Rain stops play', 'Reuters', 'It rained.')
"""

from __future__ import annotations

from .api import parse
from .errors import (
    BinaryInputError,
    DecodeError,
    InputError,
    InputTooLargeError,
    InputUnreadableError,
    WireparseError,
)
from .model import Article, Block, Dateline, Decision, Photo
from .options import ParseOptions

__version__ = "0.1.0"

__all__ = [
    "Article",
    "BinaryInputError",
    "Block",
    "Dateline",
    "Decision",
    "DecodeError",
    "InputError",
    "InputTooLargeError",
    "InputUnreadableError",
    "ParseOptions",
    "Photo",
    "WireparseError",
    "__version__",
    "parse",
]
