"""Datelines: recognise the dateline that opens a story and break it into its parts.

Each printed style is one row of ``STYLES``: a name, an anchored pattern composed from the
shared fragments below (place, date, agency, dash) and an example. Rows are tried in order;
the first whose match passes ``_plausible`` wins. Patterns only ever see the first
``DATELINE_MAX_CHARS`` characters of a block, and every repetition in them is bounded, so
they run in linear time whatever the input.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import NamedTuple

from .knowledge.agencies import agency_name, bare_agency_pattern
from .knowledge.months import month_number
from .knowledge.places import PLACEHOLDERS, title_case_place
from .model import Dateline

# why: the longest real dateline ("WASHINGTON DC (USA), 13 DEC 89 (BEIJING XINHUA) --") is
# ~50 characters; 160 leaves room for long place names and bounds the regex work per block.
DATELINE_MAX_CHARS = 160
# why: two-digit years (FBIS "10 JAN 90") below this are 20YY, from it on 19YY.
TWO_DIGIT_YEAR_PIVOT = 50

_WORD = r"[^\W\d_][^\W\d_'’.\-]*(?:['’.\-/][^\W\d_]+){0,3}\.?"
# Upper-case letters of the scripts datelines are printed in (Python's re has no \p{Lu}).
_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĘĚĞĠĢĤĦĨĪĮİĴĶĹĻĽŁŃŅŇŌŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽΑ-ΩА-ЯЁЄІЇҐ"
# A place's later words are capitalised ("New York") or particles ("Rio de Janeiro"); this
# stops the pattern early on ordinary sentences ("Moscow keeps holding …").
_NEXT_WORD = (
    rf"(?:[{_UPPER}][^\W\d_'’.\-]*(?:['’.\-][^\W\d_]+){{0,3}}\.?"
    r"|(?:de|da|do|dos|das|del|della|di|du|des|la|le|el|en|am|an|der|y|upon|sur)(?=\s))"
)
# (or, rarely, typed all in lower case and followed by its comma: "des moines, april 7 -")
_CITY = rf"(?:{_WORD}(?:\s{_NEXT_WORD}){{0,4}}|[a-z]+(?:\s[a-z]+){{1,2}}(?=,))"
_CAPS_WORD = r"[^\W\d_a-z][^\W\d_a-z'’.\-]*(?:['’.\-][^\W\d_a-z]+){0,3}\.?"
_CAPS_CITY = rf"{_CAPS_WORD}(?:\s{_CAPS_WORD}){{0,3}}"
_PLACE = rf"(?!(?i:no\s+date))(?!\d){_WORD}(?:\s{_WORD}){{0,2}}"
_DAY = r"\d{1,2}(?:st|nd|rd|th|er|º|°)?"
_DASH = r"(?:\.-|-{1,3}|—|–|_|:)"
_SOURCE = r"[^()\n]{1,40}"


@functools.cache
def _date_fragment() -> str:
    # why: any word here, checked against the CLDR month table in _build: an alternation of
    # ~350 month words costs ten times more per attempt and most blocks are no dateline.
    month = r"[^\W\d_]{3,12}\.?"
    year = r"(?:(?:,?\s+\d{4}|\s+'?\d{2})(?![\d:]))"
    return (
        rf"(?:(?:{_DAY}\.?\s+(?:de\s+)?{month}|{month}\s+{_DAY}){year}?(?!\w)"
        r"|(?i:no\s+date))"
    )


class Style(NamedTuple):
    name: str
    pattern: str
    example: str


@functools.cache
def styles() -> tuple[tuple[Style, re.Pattern[str]], ...]:
    """The dateline styles, compiled (built on first use: the month table comes from CLDR)."""
    date = _date_fragment()
    bare = rf"(?i:{bare_agency_pattern()})"
    rows = (
        Style(
            "agency-first",
            rf"\((?P<src>{_SOURCE})\)\s*{_DASH}\s*(?P<city>{_CITY}),\s*(?P<date>{date})"
            rf"\s*{_DASH}",
            "(ANSA) - ROME, FEB 7 -",
        ),
        Style(
            "slash-agency",
            rf"(?P<city>{_CITY})(?:\s*/(?P<region>[^/\n]{{1,40}})/)?(?:,\s*(?P<country>{_PLACE}))?"
            rf",\s*(?P<date>{date})\.?,?\s*/(?P<src>[^/\n]{{1,30}})/\.?",
            "MOSCOW, February 7. /TASS/.",
        ),
        Style(
            "dotted",
            rf"(?P<city>{_CITY})\.\s+(?P<date>{date})\.\s+(?P<src>{bare})\s*{_DASH}",
            "Moscow. February 7. INTERFAX -",
        ),
        Style(
            "dash-agency",
            rf"(?P<city>{_CITY}),\s*(?P<date>{date})\s*[—–-]{{1,2}}\s*(?P<src>{bare})\.",
            "МОСКВА, 7 фев — РИА Новости.",
        ),
        Style(
            "parenthesised-agency",
            rf"(?:(?P<city>{_CITY})(?:\s*\[(?P<bracket>[^\]\n]{{1,40}})\])?"
            rf"(?:\s*\((?P<paren>[^()\n]{{1,30}})\))?(?:,\s*(?P<country>{_PLACE}))?(?:,\s*|\s+))?"
            rf"(?:(?P<date>{date})\s*)?\((?P<src>{_SOURCE})\)(?P<dash>\s*{_DASH})?",
            "LONDON, Feb 7 (Reuters) -",
        ),
        Style(
            "bare-agency",
            rf"(?P<city>{_CITY})(?:,\s*(?P<country>{_PLACE}))?,\s*(?P<date>{date}),?\s+"
            rf"(?P<src>{bare})\s*{_DASH}",
            "WASHINGTON, March 12, Reuter -",
        ),
        Style(
            "no-agency",
            rf"(?P<city>{_CITY})(?:\s*\((?P<paren>[^()\n]{{1,30}})\))?(?:,\s*(?P<country>{_PLACE}))?"
            rf",\s*(?P<date>{date})\s*{_DASH}",
            "WASHINGTON, Feb 26 -",
        ),
        Style(
            "city-dash",
            rf"(?P<city>{_CAPS_CITY})(?:,\s*(?P<country>{_PLACE}))?\s+(?:-{{1,2}}|—|–)(?=\s)",
            "WASHINGTON — ",
        ),
    )
    return tuple((row, re.compile(row.pattern)) for row in rows)


class DatelineMatch(NamedTuple):
    dateline: Dateline
    rest: str
    """The text after the dateline (the first paragraph proper)."""
    style: str


def find_dateline(text: str, reference_date: dt.date | None = None) -> DatelineMatch | None:
    """Recognise a dateline at the start of ``text``.

    >>> m = find_dateline("KHARKIV, Ukraine (AP) — Shelling went on.")
    >>> m.dateline.city, m.dateline.country, m.dateline.agency, m.rest
    ('Kharkiv', 'Ukraine', 'AP', 'Shelling went on.')
    """
    head = text[:DATELINE_MAX_CHARS]
    for style, regex in styles():
        m = regex.match(head)
        if m is None:
            continue
        dateline = _build(m, reference_date)
        if dateline is None:
            continue
        rest = text[m.end():].lstrip(" .")
        return DatelineMatch(dateline, rest, style.name)
    return None


def _build(m: re.Match[str], reference_date: dt.date | None) -> Dateline | None:
    """Turn a style match into a Dateline, or None when the match is implausible."""
    groups = m.groupdict()
    printed_source = groups.get("src")
    agency = agency_name(printed_source) if printed_source else None
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
    not a sentence opener that happens to precede a parenthesis."""
    words = city.split()
    first = words[0]
    if not (first[:1].isupper() or city.islower()):
        return False
    if city.isupper() and len(words) > 1:
        return True  # "THE HAGUE": a place printed in capitals may open with "The"
    return first.lower().rstrip(".,") not in _NOT_PLACES


# Words that open sentences, not place names ("The company (AP) said" is no dateline).
_NOT_PLACES = frozenset(
    "the a an this that these those he she it they we i you his her its their our in on at "
    "for from with by of and but or if when while as after before said says".split()
)

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
