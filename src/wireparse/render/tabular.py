"""CSV and TSV: one row per document, one column per field, for spreadsheets and pandas.

Fields are dotted paths into the JSON document (``dateline.city``, ``photos.0.credit``,
``body.2.text``). A value that is a list of blocks (``body``) is their texts with a blank line
between them; other lists and objects (``photos``, ``dateline``) are compact JSON; null and an
empty list are an empty cell.
"""

from __future__ import annotations

import csv
import json
from typing import IO, Any, ClassVar

from ..model import Article, Block, Dateline, Photo
from .formats import DocumentWriter, OutputOptions, register

DEFAULT_FIELDS = ("source", "headline", "standfirst", "byline", "dateline.text", "dateline.city",
                  "dateline.country", "dateline.date", "dateline.agency", "body")
_KEYS: dict[str, tuple[str, ...]] = {
    "": tuple(Article().to_dict()),
    "dateline": tuple(Dateline("").to_dict()),
    "photos": tuple(Photo(None, None).to_dict()),
    "body": tuple(Block("paragraph", "").to_dict()),
}


def check_field(path: str) -> str:
    """``path`` if it names a field of the document; ValueError (saying which keys there are)
    if not.

    >>> check_field("dateline.city"), check_field("photos.0.credit")
    ('dateline.city', 'photos.0.credit')
    """
    parts = path.split(".")
    top = parts[0]
    if top not in _KEYS[""]:
        raise ValueError(f"{path!r}: the document has no {top!r} (fields: "
                         f"{', '.join(_KEYS[''])})")
    rest = parts[1:]
    if top in ("photos", "body") and rest:
        if not rest[0].isdigit():
            raise ValueError(f"{path!r}: {top} is a list: {top}.0, {top}.1 … (from 0)")
        rest = rest[1:]
    if rest and (top not in _KEYS or len(rest) > 1 or rest[0] not in _KEYS[top]):
        keys = ", ".join(_KEYS.get(top, ())) or "none"
        raise ValueError(f"{path!r}: no such field under {top!r} (its keys: {keys})")
    return path


def lookup(doc: dict[str, Any], path: str) -> Any:
    """The value at the dotted ``path`` ("dateline.city", "photos.0.credit"); None where the
    document has nothing there.

    >>> lookup({"photos": [{"credit": "TASS"}]}, "photos.0.credit")
    'TASS'
    """
    value: Any = doc
    for part in path.split("."):
        if isinstance(value, list):
            index = int(part)
            value = value[index] if index < len(value) else None
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def value_at(doc: dict[str, Any], path: str) -> str:
    """The cell for ``path`` in the document ``doc``."""
    value = lookup(doc, path)
    if value is None or value == []:
        return ""
    if isinstance(value, list) and all(isinstance(v, dict) and "text" in v for v in value):
        return "\n\n".join(v["text"] for v in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


class TableWriter(DocumentWriter):
    dialect: ClassVar[type[csv.Dialect]]

    def __init__(self, out: IO[str], options: OutputOptions) -> None:
        super().__init__(out, options)
        self.fields = options.fields or DEFAULT_FIELDS
        self._rows = csv.writer(out, dialect=self.dialect)
        self._header = False

    def write(self, article: Article) -> None:
        self._write_header()
        doc = article.to_dict()
        self._rows.writerow([value_at(doc, field) for field in self.fields])
        self.count += 1

    def _write_header(self) -> None:
        if not self._header:
            self._rows.writerow(self.fields)
            self._header = True

    def close(self) -> None:
        self._write_header()  # no document: still a table with its columns


class _Csv(csv.excel):
    lineterminator = "\n"


class _Tsv(csv.excel_tab):
    lineterminator = "\n"


@register
class CsvWriter(TableWriter):
    """Comma-separated values with a header row (RFC 4180 quoting)."""

    name = "csv"
    suffix = ".csv"
    help = "CSV, one row per document (--fields)"
    dialect = _Csv


@register
class TsvWriter(TableWriter):
    """Tab-separated values with a header row (a tab or line break in a value is quoted)."""

    name = "tsv"
    suffix = ".tsv"
    help = "TSV, one row per document (--fields)"
    dialect = _Tsv
