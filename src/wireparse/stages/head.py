"""Head: choose kicker, headline, standfirst and byline together among the blocks above the
body, each candidate scored on its evidence — not the first block that fits.

The rules are named lists (markdown-it's rulers are the model): each rule has an id, a weight
and a why, and looks at one candidate in the context of the page. A candidate's headline score
is the sum of the weights of the rules that fire; the best score wins (the earliest block on a
tie, so clean copy keeps its first line), and the decision records every rule that fired:

    headline: repeats-title | title-shape +2, no-final-stop +1, repeats-title +4 = 7

A section label, the site's name, a timestamp or a cookie line above the headline scores below
zero and never wins; a kicker ("EXCLUSIVE", "UPDATE 2-") right above the headline is a kicker.
Text and HTML differ only in the evidence at hand: HTML gives the page's title (og:title,
<title>) as ``DocumentMeta.title``; a page of text repeats its title as its first line, which
the "repeats-title" rule finds among the page's own blocks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..knowledge.kickers import KICKER_MAX_CHARS, kicker_of
from ..knowledge.pagetext import tools
from .thresholds import HEADLINE_MAX_WORDS, STANDFIRST_MAX_WORDS, STANDFIRST_MIN_WORDS

if TYPE_CHECKING:
    from ..blocks import DocumentMeta
    from ..knowledge.loader import Knowledge
    from .classify import Item

# --- Thresholds of the head stage, each named once with its why (shared ones: thresholds.py).

# why: one or two words over a story are a label ("Tennis", "World news"), rarely a headline.
HEADLINE_MIN_WORDS = 3
# why: a label repeated this often on a page is navigation or the site's name, not a headline
# (the headline itself appears at most twice: the title line and over the story).
REPEATED_LABEL_MIN = 3
REPEATED_LABEL_MAX_WORDS = 4
# why: a tool line is a few words ("E-mail this to a friend", "Increase text size"); a
# headline may well hold "share" or "print" among more words.
TOOL_MAX_WORDS = 8
# why: a date line is a few words around the date ("Published 09:14 March 3, 2025"); a
# headline may hold a year among more words ("Floods of 2024 cost farmers millions").
TIMESTAMP_MAX_WORDS = 8
# why: a page's title is a line; longer blocks are no title.
TITLE_MAX_CHARS = 300
# why: a byline is a short line; "Jane Roe / Site.no" has the person first.
BYLINE_MAX_CHARS = 120

_NORMAL = re.compile(r"\W+")
# Separators between a page title and the site's name: "Headline | Site", "Headline - Site".
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—:»/]|-{1,2}|::)\s+")
_TIMESTAMP = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b"
                        r"|\b(?:19|20)\d\d\b")
# A web address as copy prints it ("https://…", "www.…").
_WEB_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S", re.IGNORECASE)
_NAME = r"[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’.\-]*"
_PARTICLE = r"(?:van|von|de|da|del|der|di|du|la|le|bin|al|dos|das)"
_PERSON = rf"{_NAME}(?:\s(?:{_NAME}|{_PARTICLE})){{1,3}}"
_JOIN = r"(?:\s?,|\s(?:and|&|und|et|y|og|och|e|и))"
BYLINE_SLASH = re.compile(
    rf"(?P<name>{_PERSON}(?:{_JOIN}\s{_PERSON}){{0,3}})\s[/|]\s(?P<rest>\S.{{0,100}})"
)
"""A byline without "By": "Jane Roe and John Moe / The Daily Agency", "Jane Roe / Site.no",
"Jane Roe | 03.03.2025 - Update: 14:32"; ``name`` is the person(s)."""
BYLINE_COMMA = re.compile(
    rf"(?P<name>{_PERSON}(?:{_JOIN}\s{_PERSON}){{0,3}}),\s(?P<rest>\S.{{0,60}})"
)
""""Tom Field, Valley Herald": a byline only where the part after the comma is the site's
name (a title-case headline has commas too); kept whole, as "Jane Roe, dpa" is."""


def normal(text: str) -> str:
    """Text compared as words only: "Nadal keeps title — Site" ~ "nadal keeps title site"."""
    return _NORMAL.sub(" ", text.casefold()).strip()


@dataclass(slots=True)
class Candidate:
    """A block of the head window, as the rules see it."""

    index: int
    text: str
    words: int
    norm: str
    dated_below: bool = False
    """A byline or a timestamp follows it before the body: the head is above them, the tools
    and captions between them and the body are not."""


@dataclass(slots=True)
class Page:
    """What the rules know of the page around the candidates."""

    title_parts: dict[str, int]
    """Normalised titles of the page (whole, and the headline piece of "Headline | Site") →
    the block that holds it (-1: the meta title, no block of the page)."""
    sites: frozenset[str]
    """Normalised site names: the meta one, and the pieces after a title's separator."""
    counts: Counter[str]
    """How often each short block's text (case folded) occurs on the page."""
    sections: frozenset[str]
    knowledge: Knowledge | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """One piece of evidence about a candidate: its id, its weight and its reason."""

    id: str
    weight: int
    test: Callable[[Candidate, Page], bool]
    why: str


def _is_kicker(c: Candidate, page: Page) -> bool:
    """A whole kicker line ("EXCLUSIVE", "UPDATE 2-"), as ``knowledge/kickers.py`` reads it."""
    if len(c.text) > KICKER_MAX_CHARS:
        return False
    kicker = kicker_of(c.text, page.knowledge)
    return kicker is not None and not kicker.rest


HEADLINE_RULES: tuple[Rule, ...] = (
    Rule("title-shape", 2,
         lambda c, p: HEADLINE_MIN_WORDS <= c.words <= HEADLINE_MAX_WORDS,
         "headlines run 3-30 words"),
    Rule("no-final-stop", 1, lambda c, p: not c.text.endswith("."),
         "a headline is no sentence: it has no final full stop"),
    Rule("repeats-title", 4,
         lambda c, p: c.words >= HEADLINE_MIN_WORDS
         and p.title_parts.get(c.norm, c.index) != c.index
         and p.counts[c.text.casefold()] < REPEATED_LABEL_MIN,
         "the page's title (og:title, <title>, its first line) repeats the headline"),
    Rule("above-byline", 2, lambda c, p: c.dated_below,
         "the headline sits above the byline and the story's time, tools and captions below"),
    Rule("page-tool", -4,
         lambda c, p: c.words <= TOOL_MAX_WORDS and any(w in tools() for w in c.norm.split()),
         "a short line naming a page tool (Print, E-mail, Text size) is no headline"),
    Rule("label-words", -4, lambda c, p: c.words < HEADLINE_MIN_WORDS,
         "one or two words are a label more often than a headline"),
    Rule("section-label", -6, lambda c, p: c.norm in p.sections,
         "a section name (World, Science) labels the page, not the story"),
    Rule("site-name", -6, lambda c, p: c.norm in p.sites,
         "the site's own name is printed above every story"),
    Rule("repeated-label", -4,
         lambda c, p: c.words <= REPEATED_LABEL_MAX_WORDS
         and p.counts[c.text.casefold()] >= REPEATED_LABEL_MIN,
         "a short line repeated down the page is navigation"),
    Rule("timestamp", -6,
         lambda c, p: c.words <= TIMESTAMP_MAX_WORDS and _TIMESTAMP.search(c.text) is not None,
         "a short line with a time or a date ('All stories 09:14 March 3, 2025') is no headline"),
    Rule("kicker", -6, _is_kicker, "a kicker (EXCLUSIVE, UPDATE 2-) labels the headline"),
    Rule("byline-shape", -6, lambda c, p: BYLINE_SLASH.fullmatch(c.text) is not None,
         "'Jane Roe / Site' is a byline"),
)
"""Evidence for and against a candidate being the headline; the best sum wins."""

# Junk between two candidates that is page chrome (not a wire envelope line): the candidates
# under it are below the chrome.
PAGE_CHROME = ("junk: navigation", "junk: timestamp", "junk: cookie", "junk: newsletter",
               "junk: share", "junk: page-furniture", "junk: advertisement")

BELOW_CHROME = Rule("below-chrome", 1, lambda c, p: False,
                    "the headline sits under the labels, site name and date line above it "
                    "(fired by ``choose_head`` on the candidates after one that scored below 0)")

KICKER_RULES: tuple[Rule, ...] = (
    Rule("kicker-word", 1, _is_kicker, "a kicker word over the headline"),
)
"""A candidate right above the chosen headline that one of these fires for is its kicker."""

STANDFIRST_RULES: tuple[Rule, ...] = (
    Rule("deck-length", 1,
         lambda c, p: STANDFIRST_MIN_WORDS <= c.words <= STANDFIRST_MAX_WORDS,
         "a deck is a sentence or two"),
    Rule("not-a-label", 0,
         lambda c, p: c.norm not in p.sections and c.norm not in p.sites
         and p.counts[c.text.casefold()] < REPEATED_LABEL_MIN,
         "a label or the site's name is no deck"),
)
"""Every rule must fire for the first candidate under the headline to be its standfirst."""

def prints_web_address(text: str) -> bool:
    """A deck is prose: a line with a web address in it is an entry of a listing or a
    reference ("Q&A «…» of 24.9. https://…"), no standfirst (text mode asks this too)."""
    return _WEB_ADDRESS.search(text) is not None


STANDFIRST_VETOES: tuple[Rule, ...] = (
    Rule("web-address", 0, lambda c, p: prints_web_address(c.text),
         "a deck is prose: a line with a web address is an entry of a listing or a reference"),
)
"""A candidate one of these fires for is never the standfirst (in text mode too, where a
short line under the headline otherwise is one without the rules above)."""


@dataclass(frozen=True, slots=True)
class Choice:
    """The head as chosen: candidate index → (role, reason, evidence); every candidate has
    one ("junk" for those that won no role, with the rules that spoke against them)."""

    roles: dict[int, tuple[str, str, str]]


def page_context(items: list[Item], meta: DocumentMeta | None, sections: frozenset[str],
                 knowledge: Knowledge | None = None) -> Page:
    """The page-wide evidence: its title's pieces, its site names, its repeated lines."""
    # Only lines as short as a title can repeat one or be a repeated label.
    counts: Counter[str] = Counter(item.seg.text.casefold() for item in items
                                   if len(item.seg.text) <= TITLE_MAX_CHARS
                                   and item.seg.text.count(" ") < HEADLINE_MAX_WORDS)
    parts: dict[str, int] = {}
    sites: set[str] = set()
    # Titles: the meta title, the page's first line (a page copied whole opens with its
    # <title>), and any line that splits as "Headline | Site".
    titles: list[tuple[int, str]] = [(-1, meta.title)] if meta is not None and meta.title else []
    titles += [(i, item.seg.text) for i, item in enumerate(items)
               if len(item.seg.text) <= TITLE_MAX_CHARS
               and (i == 0 or _TITLE_SEPARATORS.search(item.seg.text))]
    if meta is not None and meta.site_name:
        sites.add(normal(meta.site_name))
    for item in items:
        # "Photo: Jane Roe/Coastal News": the site's own photographers sign with its name.
        if item.photo is not None and item.photo.credit and "/" in item.photo.credit:
            sites.add(normal(item.photo.credit.rsplit("/", 1)[1]))
    for i, text in titles:
        pieces = _TITLE_SEPARATORS.split(text)
        longest = max(pieces, key=len)
        parts.setdefault(normal(longest), i)
        parts.setdefault(normal(text), i)
        # "Headline | Site": the longest piece is the headline, the others name the site.
        sites.update(normal(p) for p in pieces if p is not longest and p.strip())
    sites.discard("")
    return Page(parts, frozenset(sites), counts, sections, knowledge)


def choose_head(items: list[Item], window: list[int], page: Page, *, body_start: int,
                page_mode: bool, has_headline: bool, has_standfirst: bool) -> Choice:
    """Choose the head among the blocks ``window`` (indices into ``items``, in order).

    ``page_mode``: the input is a page (chrome was found around the story), so a block that
    wins no role is junk; on clean copy the first candidate is the headline when no evidence
    speaks for another, as it always was.
    """
    roles: dict[int, tuple[str, str, str]] = {}
    candidates = [Candidate(i, items[i].text, items[i].words, normal(items[i].text),
                            _dated_below(items, i, body_start)) for i in window]
    has_byline = any(item.role == "byline" for item in items[window[0]:body_start])
    for c in candidates:
        if has_byline or len(c.text) > BYLINE_MAX_CHARS:
            continue
        if BYLINE_SLASH.fullmatch(c.text):
            roles[c.index] = ("byline", "byline: name / agency or date",
                              "byline-slash: person(s), then '/' or '|'")
            break
        m = BYLINE_COMMA.fullmatch(c.text)
        if m is not None and normal(m.group("rest")) in page.sites:
            roles[c.index] = ("byline", "byline: name, site",
                              f"byline-comma: person(s), then the site's name ({m.group('rest')})")
            break
    pool = [c for c in candidates if c.index not in roles]
    scores = {c.index: _score(HEADLINE_RULES, c, page) for c in pool}
    # Below the page's chrome: the headline is under the labels, the site's name and the date
    # line, not above them (one pass: every candidate after a candidate that scored below 0).
    chrome_above = False
    previous = pool[0].index if pool else 0
    for c in pool:
        total, fired = scores[c.index]
        chrome_above = chrome_above or any(
            item.reason.startswith(PAGE_CHROME) for item in items[previous + 1:c.index])
        previous = c.index
        if chrome_above and total > 0:
            scores[c.index] = (total + BELOW_CHROME.weight, [*fired, (BELOW_CHROME.id,
                                                                     BELOW_CHROME.weight)])
        chrome_above = chrome_above or total < 0
    headline: Candidate | None = None
    if not has_headline and pool:
        best = max(total for total, _ in scores.values())
        if best > 0:
            headline = next(c for c in pool if scores[c.index][0] == best)
        elif not page_mode:
            headline = pool[0]  # clean copy: no evidence for another than its first line
        if headline is not None and headline.words > HEADLINE_MAX_WORDS:
            headline = None
        if headline is not None:
            total, fired = scores[headline.index]
            if headline is pool[0]:
                reason = "headline: first line of the story"
            else:
                reason = f"headline: {max(fired, key=lambda rule: rule[1])[0]}"
            roles[headline.index] = ("headline", reason, _evidence(fired, total))
    if headline is not None:
        above = [c for c in pool if c.index < headline.index]
        kicker_total, kicker_fired = _score(KICKER_RULES, above[-1], page) if above else (0, [])
        if kicker_fired:
            roles[above[-1].index] = ("kicker", "kicker: label over the headline",
                                      _evidence(kicker_fired, kicker_total))
    if not has_standfirst:
        after = [c for c in pool if c.index not in roles
                 and (headline is None or c.index > headline.index)]
        if after and (headline is not None or has_headline or not page_mode):
            c = after[0]
            total, fired = _score(STANDFIRST_RULES, c, page)
            vetoed = any(rule.test(c, page) for rule in STANDFIRST_VETOES)
            if not vetoed and (len(fired) == len(STANDFIRST_RULES)
                               or (not page_mode and c.words <= STANDFIRST_MAX_WORDS)):
                roles[c.index] = ("standfirst", "standfirst: line between headline and body",
                                  _evidence(fired, total))
    for c in pool:
        if c.index not in roles:
            total, fired = scores[c.index]
            against = [rule for rule in fired if rule[1] < 0]
            rule_id = min(against, key=lambda rule: rule[1])[0] if against else "not chosen"
            roles[c.index] = ("junk", f"head: {rule_id}", _evidence(fired, total))
    return Choice(roles)


def _dated_below(items: list[Item], i: int, end: int) -> bool:
    """Does a byline or a timestamp sit below block ``i``, before the body (``end``)?"""
    return any(item.role == "byline" or item.reason == "junk: timestamp"
               or BYLINE_SLASH.fullmatch(item.text) is not None
               for item in items[i + 1:end])


def _score(rules: tuple[Rule, ...], c: Candidate, page: Page) -> tuple[int, list[tuple[str, int]]]:
    fired = [(rule.id, rule.weight) for rule in rules if rule.test(c, page)]
    return sum(weight for _, weight in fired), fired


def _evidence(fired: list[tuple[str, int]], total: int) -> str:
    if not fired:
        return "no rule fired"
    return ", ".join(f"{rule_id} {weight:+d}" for rule_id, weight in fired) + f" = {total}"


def byline_name(text: str) -> str | None:
    """The person(s) of a byline without "By" ("Jane Roe / Site.no" → "Jane Roe").

    >>> byline_name("Jane Roe and John Moe / The Daily Agency")
    'Jane Roe and John Moe'
    >>> byline_name("Jane Roe | 03.03.2025 - Update: 14:32")
    'Jane Roe'
    >>> byline_name("Prices rise / fall") is None
    True
    """
    m = BYLINE_SLASH.fullmatch(text)
    return m.group("name") if m else None
