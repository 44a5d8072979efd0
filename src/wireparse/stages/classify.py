"""Classify: give every block one role (headline, standfirst, byline, caption, credit, photo,
dateline, paragraph, subheading, junk) and the reason for it.

The rules run in passes, strongest evidence first, over a list of ``Item``s:

0. roles the reader's markup declares (``Chunk.declared``): taken as they are, but for
   paragraphs and subheadings, which still meet the dateline, end-mark and trailer rules (and
   before a printed dateline are head lines, as in text); a printed byline wins over a
   declared one;
1. junk rows that are safe anywhere, and photo credits (their own strong shapes);
2. the caption over each credit, and alt-text lines that repeat caption + credit;
3. a byline among the first blocks;
4. the dateline: the first of the first few content blocks that opens with one;
5. the head (before the dateline, or before the first paragraph-like block): page furniture,
   then headline, then standfirst;
6. the body: subheadings, "Read also" lists, end marks and what trails them, paragraphs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import islice

from ..blocks import Chunk, DocumentMeta
from ..datelines import DatelineMatch, find_dateline
from ..knowledge.bylines import line_pattern
from ..knowledge.credits import credit_of
from ..knowledge.credits import patterns as credit_patterns
from ..knowledge.junk import JunkRule, match_junk
from ..knowledge.kickers import KICKER_MAX_CHARS, kicker_of
from ..knowledge.loader import Knowledge, default_knowledge
from ..model import Photo
from . import head
from .locate import Region, locate
from .thresholds import (
    BYLINE_MAX_WORDS,
    HEADLINE_MAX_WORDS,
    STANDFIRST_MAX_WORDS,
    STANDFIRST_MIN_WORDS,
    SUBHEADING_MAX_WORDS,
)

# why: captions are a sentence or two; longer text over a credit is body copy.
CAPTION_MAX_WORDS = 60
# why: datelines open the first paragraph; after a headline, a standfirst, a byline and a
# stray line, a dateline-looking block deeper in is a quotation, not the story's dateline.
DATELINE_SEARCH_BLOCKS = 5
# why: where markup delimits the paragraphs, press releases put a notice, a title repeat and a
# list of highlights before the dateline; a dateline naming its wire and place that far down
# still opens the story (a bare "CITY —" there is body copy).
DECLARED_DATELINE_SEARCH_BLOCKS = 10
# why: the located run may leave out a short first paragraph (the dateline's) just above it;
# further up the head window is headline, byline and chrome, where a "CITY —" is a teaser's.
DATELINE_ABOVE_RUN = 2
# why: a story's opening sentence has a subject, a verb and an object at least; shorter lines
# above the located story are labels, captions or tools.
OPENING_MIN_WORDS = 8
# why: a line of a dozen words or more under the headline that won no head role is a sentence
# even where a sloppy page dropped its full stop.
OPENING_LONG_WORDS = 12
# why: bylines sit right under the headline; "By contrast, …" deeper in is body copy.
BYLINE_SEARCH_BLOCKS = 8
# why: "Read also", "Related stories", "More on this story": a heading, not a link line.
READ_ALSO_HEAD_WORDS = 4

_SENTENCE_END = re.compile(r"[.!?…:;,]['\"’”»)\]]*$")
_FLASH = re.compile(r"^\*+\s*")
# Words a heading does not end on, because a sentence goes on after them.
_GOES_ON = frozenset(
    "a an the of in on at to for from with by and or but as than that which who whose vs "
    "de del la le les des du et und der die das von zu".split()
)
_LIST_NUMBER = re.compile(r"\d{1,2}[.)]$")
_WORDLIKE = re.compile(r"[^\W_]")


@dataclass(slots=True)
class Item:
    """A block on its way through classification."""

    seg: Chunk
    text: str
    role: str = ""
    reason: str = ""
    evidence: str = ""
    """The figures behind the decision ("12 words, no final stop"), for ``inspect``."""
    dateline: DatelineMatch | None = None
    photo: Photo | None = None
    end_mark: JunkRule | None = None
    """A wire end mark ("Reuter", "Enditem"): junk, and in the body the end of the copy."""

    @property
    def words(self) -> int:
        return self.text.count(" ") + 1

    def set(self, role: str, reason: str, evidence: str = "") -> None:
        self.role, self.reason, self.evidence = role, reason, evidence


def classify(chunks: list[Chunk], reference_date: dt.date | None = None,
             knowledge: Knowledge | None = None, meta: DocumentMeta | None = None) -> list[Item]:
    """Give each chunk a role; see the module docstring for the order of the rules.

    ``knowledge`` holds the tables the rules look up (None: the built-in ones); ``meta`` what
    the reader knows of the document (its title is evidence for the headline).
    """
    items = [Item(chunk, chunk.text) for chunk in chunks]
    _mark_declared(items, knowledge)
    _mark_strong(items, knowledge)
    _mark_photos(items, knowledge)
    located = meta is not None and meta.body_located
    early = (_first_paragraph_dateline(items, reference_date, knowledge) if located
             else _find_dateline(items, reference_date, knowledge, DATELINE_SEARCH_BLOCKS))
    # A reader whose markup declares roles has already delimited the article: nothing of it is
    # page chrome to locate.
    declared = any(item.seg.declared for item in items)
    # Nor has copy that came in an agency's transmission frame: a day's schedule or a list of
    # briefs is short lines by nature, and no site wrapped it in chrome.
    framed = meta is not None and meta.wire
    region = None if declared or framed else locate(items, early[0] if early else None,
                                                    _sections(knowledge))
    if region is not None:
        _cut_outside(items, region)
    _mark_byline(items, knowledge, region)
    _mark_kickers(items, knowledge)
    if region is None or not region.page:
        first_body = _mark_dateline(items, early)  # the same search: nothing was cut above
    else:
        first = _dateline_from(items, region)
        first_body = _mark_dateline(items, _find_dateline(
            items, reference_date, knowledge, DATELINE_SEARCH_BLOCKS, first))
    if first_body is None and region is not None and region.page:
        first_body = region.start  # a page: the located run is the body
    if first_body is None:
        first_body = _mark_head(items, first_body, knowledge)
    else:
        _choose_head(items, first_body, knowledge, meta,
                     page_mode=region is not None and region.page)
        if region is not None and region.page and items[first_body].role != "dateline":
            first_body = _sentences_above(items, first_body)
    _mark_body(items, first_body, knowledge, end_marks_end=not located)
    return items


# Declared roles the body rules still see: a paragraph may open with the dateline or be an
# agency's end mark; the head roles and photos are final as the markup gives them.
_BODY_ROLES = frozenset(("paragraph", "subheading"))


def _mark_declared(items: list[Item], knowledge: Knowledge | None) -> None:
    for item in items:
        declared = item.seg.declared
        if not declared:
            continue
        photo = item.seg.photo
        if photo is not None:
            if photo.credit:
                # The credit element as printed: its prefix word ("Photo:", "©") goes, as
                # for a credit line in text.
                photo = Photo(photo.caption, credit_of(photo.credit, knowledge) or photo.credit)
            item.photo = photo
        if declared not in _BODY_ROLES:
            item.set(declared, item.seg.reason or f"markup: {declared}",
                     item.seg.origin or item.seg.tag)


def _mark_strong(items: list[Item], knowledge: Knowledge | None) -> None:
    for item in items:
        if item.role:
            continue
        if not _WORDLIKE.search(item.text):
            item.set("junk", "junk: no words")
            continue
        rule = match_junk(item.text, ("any", "end"), knowledge)
        if rule is not None and rule.scope == "end":
            item.end_mark = rule  # decided where it stands: head or body
            continue
        if rule is not None:
            item.set("junk", f"junk: {rule.name}")
            continue
        credit = credit_of(item.text, knowledge)
        if credit is not None:
            item.photo = Photo(None, credit)
            item.set("credit", "credit: credit line")


def _mark_photos(items: list[Item], knowledge: Knowledge | None) -> None:
    """Attach captions to credits; mark alt text that repeats caption and credit."""
    credits = credit_patterns(knowledge)
    for i, item in enumerate(items):
        if item.role != "credit" or item.photo is None:
            continue
        credit = item.photo.credit or ""
        prev = _neighbour(items, i, -1)
        if (prev is not None and not prev.role and prev.seg.group == item.seg.group
                and prev.words <= CAPTION_MAX_WORDS and not prev.text.endswith(credit)):
            prev.set("caption", "caption: above its credit")
            item.photo = Photo(prev.text, credit)
        # Alt text: "<caption> <credit>" in the same group, the scraped copy of the same photo.
        for other in items[max(0, i - 3): i + 3]:
            if other.role or other.seg.group != item.seg.group:
                continue
            if other.text.endswith(credit) and len(other.text) > len(credit):
                caption = other.text[: -len(credit)].rstrip(" ,;|-–—")
                if caption:
                    other.photo = Photo(caption, credit)
                    other.set("photo", "photo: alt text repeating caption and credit")
    for item in items:
        if item.role:
            continue
        text = item.text
        # The cheap tests of the last characters first: most blocks end in neither.
        if text[-1] in ")]":
            pattern = credits.trailing
        elif "/" in text[-40:]:
            pattern = credits.glued
        else:
            continue
        if item.words > CAPTION_MAX_WORDS:
            continue
        m = pattern.match(text)
        if m is not None:
            caption = m.group("caption").strip()
            item.photo = Photo(caption, m.group("credit").strip())
            item.set("photo", "photo: caption ending in its credit")


def _neighbour(items: list[Item], i: int, step: int) -> Item | None:
    j = i + step
    while 0 <= j < len(items):
        if items[j].role != "junk":
            return items[j]
        j += step
    return None


def _mark_kickers(items: list[Item], knowledge: Knowledge | None) -> None:
    """A label on a line of its own among the first blocks ("EXCLUSIVE", "UPDATE 2-"): a
    kicker, never the headline."""
    for item in _first_content(items, BYLINE_SEARCH_BLOCKS):
        if len(item.text) <= KICKER_MAX_CHARS:
            kicker = kicker_of(item.text, knowledge)
            if kicker is not None and not kicker.rest:
                item.set("kicker", f"kicker: {kicker.kicker}")


def _mark_byline(items: list[Item], knowledge: Knowledge | None,
                 region: Region | None = None) -> None:
    """The 'By' line among the first content blocks (on a page, among those right above the
    located story and its first lines)."""
    byline_line = line_pattern(knowledge)
    if region is not None and region.page:
        near = [item for item in items[region.head_start:region.start + 2] if not item.role]
        candidates = near[-BYLINE_SEARCH_BLOCKS:]
    else:
        candidates = _first_content(items, BYLINE_SEARCH_BLOCKS)
    for item in candidates:
        if item.seg.declared == "paragraph" and _paragraph_like(item):
            return  # the markup's body copy has begun: a "By …" line below it is body text
        m = byline_line.match(item.text)
        if m and item.words <= BYLINE_MAX_WORDS and not _SENTENCE_END.search(item.text[-1:]):
            item.set("byline", "byline: 'By' line under the headline")
            # The byline printed in the story wins over the one the markup declares (which
            # often holds a desk name or "Staff Reporter").
            for other in items:
                if other.seg.declared == "byline":
                    other.set("junk", "byline: the markup's own (the printed one wins)",
                              other.seg.origin)
            return


def _content(items: list[Item]) -> list[Item]:
    return [item for item in items if not item.role]


def _first_content(items: list[Item], count: int) -> list[Item]:
    """The first ``count`` blocks without a role (without listing all of a long page's)."""
    return list(islice((item for item in items if not item.role), count))


def _sections(knowledge: Knowledge | None) -> frozenset[str]:
    """The site and section names of the knowledge, normalised as the head rules compare."""
    know = knowledge if knowledge is not None else default_knowledge()
    return know.memo("head-sections", lambda: frozenset(
        head.normal(p) for p in know.phrase_list("sections")))


def _cut_outside(items: list[Item], region: Region) -> None:
    """Page chrome before the head window and whatever trails the located run is junk."""
    if region.page:
        for i, item in enumerate(items[:region.head_start]):
            if item.role != "junk":
                item.photo = None
                item.set("junk", "locate: page chrome before the article", region.evidence(i))
    for i, item in enumerate(items[region.end:], region.end):
        if item.role != "junk" and not item.end_mark:
            item.photo = None
            item.set("junk", "locate: after the article", region.evidence(i))


def _dateline_from(items: list[Item], region: Region) -> int:
    """On a page, where the dateline is looked for: from a block or two above the located run
    (a short first paragraph the run left out), not among the head window's chrome."""
    first, seen = region.start, 0
    while first > region.head_start and seen < DATELINE_ABOVE_RUN:
        first -= 1
        if not items[first].role:
            seen += 1
    return first


def _mark_dateline(items: list[Item], found: tuple[int, DatelineMatch] | None) -> int | None:
    """Mark the dateline block found; return its index (the body starts there) or None."""
    if found is None or items[found[0]].role:
        return None
    index, m = found
    item = items[index]
    item.dateline = m
    agency = m.dateline.agency or "none"
    item.set("dateline", f"dateline: {m.style} (agency {agency})", item.seg.origin)
    return index


def _find_dateline(items: list[Item], reference_date: dt.date | None,
                   knowledge: Knowledge | None, search: int,
                   first: int = 0) -> tuple[int, DatelineMatch] | None:
    """The first of the first ``search`` content blocks from ``first`` on that opens with a
    dateline."""
    content = [(i, item) for i, item in enumerate(items[first:], first) if not item.role]
    past_first_paragraph = False
    declared = any(item.seg.declared == "paragraph" for _, item in content)
    limit = max(search, DECLARED_DATELINE_SEARCH_BLOCKS) if declared else search
    for position, (index, item) in enumerate(content[:limit]):
        m = find_dateline(item.text, reference_date, knowledge)
        if m is not None and position >= search and not _sourced_and_placed(m):
            m = None  # past the usual window only a dateline naming agency and place counts
        if (m is not None and _city_only(m) and position == 0 and len(content) > 1
                and not item.seg.declared and _headline_after(m.rest)):
            # "ECONOMIC SPOTLIGHT - FOREIGN BANKS IN GERMANY" over the story: a headline that
            # happens to look like "CITY - …" (or "CITY: …"); a dateline opens a paragraph,
            # not a title.
            continue
        if m is not None and past_first_paragraph and _city_only(m):
            # The markup says where the body opens: after a paragraph of body copy, a bare
            # "Nairobi — …" is body copy too. A dateline with its agency or date still counts
            # there (a teaser or a distribution notice often comes first), and a bare one
            # after labels ("The Sports Xchange", "By Jane Roe").
            m = None
        if m is not None:
            return index, m
        if item.seg.declared == "paragraph" and _paragraph_like(item):
            past_first_paragraph = True
    return None


def _first_paragraph_dateline(items: list[Item], reference_date: dt.date | None,
                              knowledge: Knowledge | None) -> tuple[int, DatelineMatch] | None:
    """Where the reader located the body: the dateline opens its first paragraph or none."""
    for index, item in enumerate(items):
        if not item.role and item.seg.declared == "paragraph":
            m = find_dateline(item.text, reference_date, knowledge)
            return None if m is None else (index, m)
    return None


def _sourced_and_placed(m: DatelineMatch) -> bool:
    """An agency (or wire) and a place or date: "TORONTO, May 26, 2020 (GLOBE NEWSWIRE) --"."""
    return m.dateline.agency is not None and (m.dateline.city is not None
                                              or m.dateline.date is not None)


def _city_only(m: DatelineMatch) -> bool:
    """A place and nothing else ("CITY —", "CITY:"): the weakest kind of dateline."""
    return (m.dateline.agency is None and m.dateline.date is None
            and m.dateline.city is not None)


def _headline_after(rest: str) -> bool:
    return bool(rest) and rest.count(" ") < SUBHEADING_MAX_WORDS and not _SENTENCE_END.search(rest)


def _choose_head(items: list[Item], first_body: int, knowledge: Knowledge | None,
                 meta: DocumentMeta | None, *, page_mode: bool) -> None:
    """The head above a known body start (a dateline, or the located story of a page): page
    furniture by the edge junk rows, then kicker, headline, standfirst and byline chosen
    together by evidence (``stages/head.py``); what wins no role is junk."""
    declared = {item.seg.declared for item in items}
    window: list[int] = []
    for i in range(first_body):
        item = items[i]
        if item.role:
            continue
        # "Jane Roe / The Daily Agency" reads like a breadcrumb to the junk rows: a byline first.
        rule = None if head.BYLINE_SLASH.fullmatch(item.text) else (
            item.end_mark or match_junk(item.text, ("edge",), knowledge))
        if rule is not None:
            item.set("junk", f"junk: {rule.name}")
            continue
        window.append(i)
    if not window:
        return
    page = head.page_context(items if len(window) > 1 else [], meta, _sections(knowledge),
                             knowledge)
    choice = head.choose_head(items, window, page, body_start=first_body, page_mode=page_mode,
                              has_headline="headline" in declared,
                              has_standfirst="standfirst" in declared)
    for i in window:
        item = items[i]
        role, reason, evidence = choice.roles[i]
        if role == "headline":
            item.text = _FLASH.sub("", item.text)
        elif role == "junk" and not page_mode and reason == "head: not chosen":
            reason = "junk: extra line before the dateline"
        item.set(role, reason, evidence)


def _sentences_above(items: list[Item], first_body: int) -> int:
    """On a page, the located run may leave out the story's first short paragraphs: the
    sentences right above it that won no head role open the body (a caption or a credit
    between them and the run stops the walk)."""
    i = first_body - 1
    while i >= 0:
        item = items[i]
        if item.role == "junk" and item.reason == "head: not chosen" and (
                item.words >= OPENING_LONG_WORDS
                or (item.words >= OPENING_MIN_WORDS and _SENTENCE_END.search(item.text))):
            item.set("", "")
            first_body = i
        elif item.role != "junk" or item.reason.startswith(("head:", "locate:")):
            break
        i -= 1
    return first_body


def _mark_head(items: list[Item], first_body: int | None, knowledge: Knowledge | None) -> int:
    """Classify what precedes the body; return the index where the body starts."""
    end = len(items) if first_body is None else first_body
    has_dateline = first_body is not None
    declared = {item.seg.declared for item in items}
    # A head field the markup declares is not looked for again among the other blocks.
    headline_done, standfirst_done = "headline" in declared, "standfirst" in declared
    last_open = max((j for j, item in enumerate(items) if not item.role), default=-1)
    for i in range(end):
        item = items[i]
        if item.role:
            continue
        if item.seg.declared in _BODY_ROLES:
            if not has_dateline:
                return i  # the markup says the body starts here
            # A paragraph the markup puts before the printed dateline: a teaser (the
            # standfirst) or a desk's note, as in plain text.
            if (not standfirst_done and item.seg.declared == "paragraph"
                    and _teaser_like(item)):
                standfirst_done = True
                item.set("standfirst", "standfirst: paragraph before the dateline")
            else:
                item.set("junk", "junk: block before the dateline", item.seg.origin)
            continue
        rule = item.end_mark or match_junk(item.text, ("edge",), knowledge)
        if rule is not None:
            item.set("junk", f"junk: {rule.name}")
            continue
        later = i < last_open or has_dateline
        if not headline_done:
            headline_done = True
            if _headline_like(item, has_dateline) and later:
                item.text = _FLASH.sub("", item.text)
                item.set("headline", "headline: first line of the story")
                continue
            if not has_dateline:
                return i
        if not standfirst_done:
            standfirst_done = True
            if _standfirst_like(item, has_dateline) and later and (
                has_dateline or _followed_by_paragraph(items, i, knowledge)
            ):
                item.set("standfirst", "standfirst: line between headline and body")
                continue
            if not has_dateline:
                return i
        if not has_dateline:
            return i
        item.set("junk", "junk: extra line before the dateline")
    return end


def _followed_by_paragraph(items: list[Item], i: int, knowledge: Knowledge | None) -> bool:
    """Without a dateline, a deck is followed by body copy, not by more short lines (a list of
    headlines is no headline + standfirst)."""
    for other in items[i + 1:]:
        if (not other.role and not other.end_mark
                and match_junk(other.text, ("edge",), knowledge) is None):
            return _paragraph_like(other)
    return False


def _headline_like(item: Item, has_dateline: bool) -> bool:
    if item.words > HEADLINE_MAX_WORDS:
        return False
    if has_dateline:
        return True
    # Without a dateline to anchor the story, a headline is short and no full sentence.
    return not item.text.endswith(".") or item.text.isupper()


def _teaser_like(item: Item) -> bool:
    """A paragraph before the dateline that is a teaser: sentences, not a short label or a
    notice in capitals ("NOT FOR DISSEMINATION …", "The Sports Xchange")."""
    return (STANDFIRST_MIN_WORDS <= item.words <= STANDFIRST_MAX_WORDS
            and not item.text.isupper())


def _standfirst_like(item: Item, has_dateline: bool) -> bool:
    if item.words > STANDFIRST_MAX_WORDS or head.prints_web_address(item.text):
        return False
    if has_dateline:
        return True
    return item.words >= STANDFIRST_MIN_WORDS and not _SENTENCE_END.search(item.text)


def _mark_body(items: list[Item], start: int, knowledge: Knowledge | None,
               end_marks_end: bool = True) -> None:
    in_read_also = False
    ended = False
    body = [item for item in items[start:] if not item.role or item.role == "junk"]
    following = _next_contents(body)
    for index, item in enumerate(body):
        if item.role == "junk":
            # Only a bare "Read also" / "Related" heading has a list of headlines under it;
            # "Read also: <headline>" carries its own.
            in_read_also = item.reason == "junk: read-also" and item.words <= READ_ALSO_HEAD_WORDS
            continue
        if ended:
            item.set("junk", "junk: after the end mark")
            continue
        if item.end_mark is not None:
            item.set("junk", f"junk: {item.end_mark.name}")
            ended = end_marks_end
            continue
        if in_read_also and _title_like(item):
            item.set("junk", "junk: read-also list")
            continue
        in_read_also = False
        nxt = following[index]
        if item.seg.declared:
            item.set(item.seg.declared, item.seg.reason or f"markup: {item.seg.declared}",
                     item.seg.origin or item.seg.tag)
        elif _subheading_like(item):
            if nxt is not None and _paragraph_like(nxt) and index > 0:
                item.set("subheading", "subheading: short line heading a section",
                         f"{item.words} words, no sentence end; body copy follows")
            else:
                item.set("paragraph", "paragraph: short line heading nothing",
                         f"{item.words} words; no body copy follows it")
        else:
            item.set("paragraph", "paragraph: body copy",
                     f"{item.words} words" + (", ends a sentence"
                                              if _SENTENCE_END.search(item.text) else ""))
    # Page furniture after the last paragraph (section lists, agency lines) is junk.
    for item in reversed(body):
        if item.role == "junk":
            continue
        rule = match_junk(item.text, ("edge",), knowledge)
        if rule is None:
            break
        item.set("junk", f"junk: {rule.name}")


def _next_contents(body: list[Item]) -> list[Item | None]:
    """For each block, the next block that is not junk (one pass, from the end)."""
    following: list[Item | None] = [None] * len(body)
    nxt: Item | None = None
    for index in range(len(body) - 1, -1, -1):
        following[index] = nxt
        if body[index].role != "junk":
            nxt = body[index]
    return following


def _title_like(item: Item) -> bool:
    return item.words <= 25 and not item.text.endswith(".")


def _subheading_like(item: Item) -> bool:
    text = item.text
    if item.words > SUBHEADING_MAX_WORDS or (_SENTENCE_END.search(text) and not text.endswith("?")):
        return False
    words = text.split()
    if _LIST_NUMBER.match(words[0]):
        words = words[1:]  # "1. BAHAMIANS BEGIN RESCUES …": a numbered heading
    if any(any(c.isdigit() for c in word) for word in words):
        return False  # a table row ("Shr 25 cts vs 20 cts", "Record May 29"), not a heading
    # Not a bracketed transcript cue ("[REPORTER] HOW MANY?"), nor a wrapped line's tail, nor a
    # line cut mid-sentence ("NOTE: Net excludes discontinued operations of").
    return (any(c.isalpha() for c in text) and text[:1] not in "([\"“«'‘-–—"
            and not text[:1].islower() and words[-1].lower() not in _GOES_ON)


def _paragraph_like(item: Item) -> bool:
    return item.words > SUBHEADING_MAX_WORDS or bool(_SENTENCE_END.search(item.text))
