"""Dateline cases: every row of tests/cases/datelines.txt against find_dateline().

The file is documented in its own comment header; rows were written by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from wireparse.datelines import find_dateline

CASES_FILE = Path(__file__).parent / "cases" / "datelines.txt"


class Row(NamedTuple):
    line: int
    opening: str
    city: str | None
    country: str | None
    date: str | None
    agency: str | None
    text: str | None


def _null(value: str) -> str | None:
    return None if value == "-" else value


def read_rows(path: Path = CASES_FILE) -> list[Row]:
    rows = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        assert len(cols) == 6, f"{path.name}:{number}: expected 6 TAB-separated columns"
        opening, *expected = cols
        rows.append(Row(number, opening, *(_null(c) for c in expected)))
    return rows


ROWS = read_rows()


def test_there_are_enough_rows() -> None:
    assert len(ROWS) >= 100
    assert any(r.text is None for r in ROWS), "negative rows are part of the contract"


@pytest.mark.parametrize("row", ROWS, ids=[f"line{r.line}" for r in ROWS])
def test_dateline(row: Row) -> None:
    match = find_dateline(row.opening)
    if row.text is None:
        assert match is None, f"not a dateline, but found {match}"
        return
    assert match is not None, "no dateline found"
    dl = match.dateline
    got = (dl.text, dl.city, dl.country, dl.date, dl.agency)
    assert got == (row.text, row.city, row.country, row.date, row.agency)
    # The dateline is cut out of the paragraph; the words after it stay.
    assert match.rest.strip() == row.opening[len(row.text):].strip()
