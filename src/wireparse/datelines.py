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

Style = DatelineStyle  # the name this row type had before the rows moved to TOML


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
        if style.requires and not any(r in head for r in style.requires):
            continue
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


# A place printed with its source after it and no dash: "هونغ كونغ (أ ف ب)", "Paris (AFP)".
_TRAILING_SOURCE = re.compile(r"^(?P<place>.{1,80}?)\s*\((?P<src>[^()\n]{1,40})\)\s*[-–—:.]*\s*$")
_PLACE_IN_PARENS = re.compile(r"^(?P<place>[^()]{1,60}?)\s*\((?P<region>[^()]{1,40})\)$")
# Dates printed in digits, day first (the order of every dateline style that prints them so):
# "26-11-2023", "26.11.2023"; and ISO "2023-11-26".
_DMY = re.compile(r"^(\d{1,2})[-.](\d{1,2})[-.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _numeric_date(text: str) -> str | None:
    """ISO for a date printed in digits, None for anything else.

    >>> _numeric_date("26-11-2023"), _numeric_date("2023-11-26"), _numeric_date("11/26/2023")
    ('2023-11-26', '2023-11-26', None)
    """
    text = text.strip()
    m = _DMY.match(text)
    if m is not None:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _YMD.match(text)
        if m is None:
            return None
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# why: a place name is a few words; a longer "dateline" element holds a sentence.
MARKUP_PLACE_MAX_WORDS = 8


def markup_dateline(text: str, city: str | None = None, country: str | None = None,
                    date_text: str | None = None, reference_date: dt.date | None = None,
                    knowledge: Knowledge | None = None) -> Dateline | None:
    """A Dateline from a format's own dateline element (NITF ``dateline``, NewsML ``DateLine``,
    ninjs ``located``), where the story's text prints none.

    Text with a printed dateline's shape goes through the styles above; otherwise it is the
    place ("Unnao"), a region or country after a comma ("GREENWICH, Conn."), maybe a date.

    >>> markup_dateline("Gaza City, May 16, 2021 (AFP) -").city
    'Gaza City'
    >>> d = markup_dateline("GREENWICH, Conn.")
    >>> d.text, d.city, d.country, d.date
    ('GREENWICH, Conn.', 'Greenwich', 'Conn.', None)
    """
    text = " ".join(text.split())
    if not text and city:
        text = " ".join(city.split())
    if not text:
        return None
    m = find_dateline(text + " ", reference_date, knowledge)
    if m is not None and not m.rest.strip(" -–—.:"):
        dateline = m.dateline
        return Dateline(text, dateline.city or _place(city), dateline.country or country,
                        dateline.date, dateline.date_text, dateline.agency)
    agency = None
    body = text
    sm = _TRAILING_SOURCE.match(text)
    if sm is not None:
        body, agency = sm.group("place"), agency_name(sm.group("src"), knowledge)
    parts = [part.strip() for part in body.strip(" -–—:").split(",") if part.strip()]
    if not parts and not city:
        return None
    place = parts[0] if parts else ""
    regions: list[str] = []
    pm = _PLACE_IN_PARENS.match(place)
    if pm is not None:  # "نانتوكت (الولايات المتحدة)", "Kharkiv (Ukraine)"
        place = pm.group("place")
        regions.append(pm.group("region"))
    date = None
    for part in parts[1:]:
        if part == date_text:
            continue  # the date the markup gives in its own element, printed here too
        numeric = _numeric_date(part)
        if date is None and numeric is not None:
            date, date_text = numeric, part
        elif date_text is None and _has_month(part) and any(c.isdigit() for c in part):
            date_text = part
        else:
            regions.append(part)
    if city is None and (not place or len(place.split()) > MARKUP_PLACE_MAX_WORDS):
        return None  # a sentence, not a place
    if date is None and date_text:
        date = _numeric_date(date_text) or iso_date(date_text, reference_date)
    return Dateline(
        text=text,
        city=_place(city) or _place(place),
        country=country or (", ".join(regions) if regions else None),
        date=date,
        date_text=_clean_date_text(date_text) if date and date_text else None,
        agency=agency,
    )


def _place(place: str | None) -> str | None:
    if not place or not place.strip() or place.strip().upper() in PLACEHOLDERS:
        return None
    return title_case_place(" ".join(place.split()))
