"""The pipeline: pick a reader for the input, then run its stages in order."""

from __future__ import annotations

import re

from .errors import InputTooLargeError
from .model import Article
from .options import ParseOptions
from .stages.assemble import assemble
from .stages.classify import classify
from .stages.decode import decode
from .stages.envelope import strip_envelope
from .stages.repair import repair
from .stages.segment import segment

# wireparse Markdown opens with front matter holding one of its own keys.
_FRONT_MATTER_KEY = re.compile(r"\n(?:byline|dateline|photos):")

# The text stages, in order: each takes the previous one's output.
TEXT_STAGES = ("decode", "repair", "strip_envelope", "segment", "classify", "assemble")


def run(data: bytes | str, options: ParseOptions, *, source: str | None = None) -> Article:
    """Parse ``data`` with ``options``; see ``wireparse.parse``."""
    size = len(data) if isinstance(data, bytes) else len(data) * 1  # chars ≈ bytes for the limit
    if size > options.max_bytes:
        raise InputTooLargeError(
            f"input is {size:,} bytes, over the limit of {options.max_bytes:,} "
            "(raise it with --max-bytes)"
        )
    text = decode(data)
    fmt: str = options.input_format
    if fmt == "auto":
        fmt = sniff(text)
    if fmt == "md":
        from .readers.markdown import read_markdown

        return read_markdown(text, options)
    if fmt == "html":
        from .readers.html import read_html

        return read_html(data, options)
    return parse_text(text, options)


def parse_text(text: str, options: ParseOptions) -> Article:
    """The plain-text reader: repair → envelope → segment → classify → assemble."""
    text = strip_envelope(repair(text))
    return assemble(classify(segment(text), options.reference_date))


def sniff(text: str) -> str:
    """"html", "md" (wireparse's own Markdown) or "text", from the head of the input."""
    head = text[:2048].lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or (
        head.startswith("<") and any(tag in head for tag in ("<body", "<head", "<p>", "<div"))
    ):
        return "html"
    if head.startswith("---\n") and _FRONT_MATTER_KEY.search(head):
        return "md"
    return "text"
