"""Datelines: recognise the dateline that opens a story and break it into its parts.

Each printed style is one row of ``knowledge/data/datelines.toml``: a name, an anchored
pattern composed from shared fragments (place, date, agency, dash), an example and the parts
the example must give. Rows are tried in order; the first whose match passes ``_build``'s
plausibility checks wins. Patterns only ever see the first ``DATELINE_MAX_CHARS`` characters
of a block, and every repetition in them is bounded, so they run in linear time whatever the
input.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from .knowledge.agencies import agency_name
from .knowledge.loader import DatelineStyle, Knowledge, KnowledgeError, default_knowledge
from .knowledge.months import month_number
from .knowledge.places import PLACEHOLDERS, title_case_place
from .model import Dateline

# why: the longest real dateline ("WASHINGTON DC (USA), 13 DEC 89 (BEIJING XINHUA) --") is
# ~50 characters; 160 leaves room for long place names and bounds the regex work per block.
DATELINE_MAX_CHARS = 160
# why: two-digit years (FBIS "10 JAN 90") below this are 20YY, from it on 19YY.
TWO_DIGIT_YEAR_PIVOT = 50

Style = DatelineStyle


def styles(knowledge: Knowledge | None = None) -> tuple[tuple[DatelineStyle, re.Pattern[str]], ...]:
    """The dateline styles of ``knowledge``, compiled (once per knowledge)."""
    k = knowledge or default_knowledge()
    return k.memo("dateline-styles", lambda: tuple(_compile(k, row) for row in k.dateline_styles))


def _compile(k: Knowledge, row: DatelineStyle) -> tuple[DatelineStyle, re.Pattern[str]]:
    try:
        regex = re.compile(k.expand(row.pattern))
    except re.error as exc:
        raise KnowledgeError(f"dateline style {row.name!r}: bad pattern: {exc}") from None
    if regex.match("") is not None:
        raise KnowledgeError(f"dateline style {row.name!r}: the pattern matches empty text")
    return row, regex


class DatelineMatch(NamedTuple):
    dateline: Dateline
    rest: str
    """The text after the dateline (the first paragraph proper)."""
    style: str


def find_dateline(text: str, reference_date: dt.date | None = None,
                  knowledge: Knowledge | None = None) -> DatelineMatch | None:
    """Recognise a dateline at the start of ``text``.

    >>> m = find_dateline("KHARKIV, Ukraine (AP) — Shelling went on.")
    >>> m.dateline.city, m.dateline.country, m.dateline.agency, m.rest
    ('Kharkiv', 'Ukraine', 'AP', 'Shelling went on.')
    """
    head = text[:DATELINE_MAX_CHARS]
    for style, regex in styles(knowledge):
        m = regex.match(head)
        if m is None:
            continue
        dateline = _build(m, reference_date, knowledge)
        if dateline is None:
            continue
        rest = text[m.end():].lstrip(" .")
        return DatelineMatch(dateline, rest, style.name)
    return None


def _build(m: re.Match[str], reference_date: dt.date | None,
           knowledge: Knowledge | None = None) -> Dateline | None:
    """Turn a style match into a Dateline, or None when the match is implausible."""
    groups = m.groupdict()
    printed_source = groups.get("src")
    agency = agency_name(printed_source, knowledge) if printed_source else None
    city_text = groups.get("city")
    date_text = groups.get("date")
    if printed_source is not None and agency is None:
        # An unknown parenthesised source ("(RADIO VENCEREMOS)", "(tca/dpa)") is a dateline
        # only with a dash after it and a date or a place before it.
        if not groups.get("dash") or not (city_text or date_text):
            return None
        if not (date_text or (city_text and _looks_like_place(city_text))):
            return None
    if city_text and not _looks_like_place(city_text):
        return None
    city = None
    if city_text and city_text.upper() not in PLACEHOLDERS:
        city = title_case_place(city_text.rstrip(","))
    country = (groups.get("bracket") or groups.get("paren") or groups.get("country")
               or groups.get("region"))
    date = None
    if date_text and not _NO_DATE.match(date_text):
        if not _has_month(date_text):
            return None
        date = iso_date(date_text, reference_date)
    else:
        date_text = None
    text = " ".join(m.group(0).split())
    return Dateline(
        text=text,
        city=city,
        country=country.strip() if country else None,
        date=date,
        date_text=_clean_date_text(date_text) if date_text else None,
        agency=agency,
    )


def _looks_like_place(city: str) -> bool:
    """A place starts with a capital (or is all lower case: "des moines, april 7 -") and is
    neither a label ("NOTE:", "EXCLUSIVE —") nor a sentence opener that happens to precede a
    parenthesis."""
    words = city.split()
    first = words[0]
    if not (first[:1].isupper() or city.islower()):
        return False
    lower = city.lower().rstrip(".,")
    if lower in _LABELS or first.lower().rstrip(".,") in _LABELS:
        return False
    if city.isupper() and len(words) > 1:
        return True  # "THE HAGUE": a place printed in capitals may open with "The"
    return first.lower().rstrip(".,") not in _NOT_PLACES


_WORDS = default_knowledge().words
# Words that open sentences, not place names ("The company (AP) said" is no dateline).
_NOT_PLACES = frozenset(_WORDS["not_places"])
# Labels and kickers that open a line the way a city does ("NOTE:", "ANALYSIS —").
_LABELS = frozenset(_WORDS["wire_labels"]) | frozenset(_WORDS["kickers"])

_NO_DATE = re.compile(r"no\s+date", re.IGNORECASE)


def _has_month(date_text: str) -> bool:
    return any(month_number(word) for word in _MONTH_WORD.findall(date_text))


def _clean_date_text(date_text: str) -> str:
    """Drop the separator dot a full month name carries in "7 февраля. /ТАСС/."; keep the dot
    of an abbreviation ("Feb.", "févr.")."""
    date_text = " ".join(date_text.split())
    if date_text.endswith("."):
        words = _MONTH_WORD.findall(date_text)
        if words and len(words[-1]) > 4 and date_text[:-1].endswith(words[-1]):
            return date_text[:-1]
    return date_text


_DATE_TOKEN = re.compile(r"\d+|[^\W\d_]+")
_MONTH_WORD = re.compile(r"[^\W\d_]+")


def iso_date(date_text: str, reference_date: dt.date | None = None) -> str | None:
    """ISO 8601 for a printed date: "YYYY-MM-DD" when the year is printed or inferred from
    ``reference_date``, else "--MM-DD"; None when it is no valid calendar date.

    >>> iso_date("February 7"), iso_date("10 JAN 90"), iso_date("Dec 31", dt.date(2025, 1, 2))
    ('--02-07', '1990-01-10', '2024-12-31')
    """
    month = None
    numbers: list[str] = []
    for token in _DATE_TOKEN.findall(date_text):
        if token.isdigit():
            numbers.append(token)
        elif month is None:
            month = month_number(token)
    if month is None or not numbers or len(numbers[0]) > 2:
        return None
    day = int(numbers[0])
    year: int | None = None
    if len(numbers) > 1 and len(numbers[1]) == 4:
        year = int(numbers[1])
    elif len(numbers) > 1 and len(numbers[1]) == 2:
        yy = int(numbers[1])
        if reference_date is not None:
            century = reference_date.year - reference_date.year % 100
            candidates = (century - 100 + yy, century + yy, century + 100 + yy)
            year = min(candidates, key=lambda y: abs(y - reference_date.year))
        else:
            year = (2000 if yy < TWO_DIGIT_YEAR_PIVOT else 1900) + yy
    elif reference_date is not None:
        year = _nearest_year(month, day, reference_date)
    try:
        dt.date(year if year is not None else 2000, month, day)  # 2000: Feb 29 is valid
    except ValueError:
        return None
    if year is None:
        return f"--{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _nearest_year(month: int, day: int, reference: dt.date) -> int | None:
    """The year that puts month/day closest to the reference date (a story filed Dec 31 and
    archived Jan 2 belongs to the year before)."""
    best: tuple[int, int] | None = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            distance = abs((dt.date(year, month, day) - reference).days)
        except ValueError:
            continue
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None
