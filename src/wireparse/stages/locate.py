"""Locate: find the story's run of prose blocks inside a page, wherever it starts.

A page copied or scraped whole holds the story among site chrome (menus, section labels,
cookie notices, share bars, related lists, footers, comments). Each block gets a class from its
shallow features, as jusText does (Pomikálek 2011) and as boilerpipe's text-density features
suggest (Kohlschütter et al., WSDM 2010): its length in words, its share of stop words in the
page's language, whether it ends as a sentence, its link density where the markup gives one.
Short and middling blocks take their class from their neighbours (jusText's context
smoothing). The article is then the contiguous run of blocks with the highest score — good
prose counts for its words, chrome against them (the maximum-sum run of Finn et al.'s Body
Text Extraction) — anchored on the dateline where one opens a paragraph near its start.

On clean copy (a wire story: a head, then prose) the run is the whole story and nothing is
cut: the locator only ever marks blocks *before the head window* and *after the run* as junk.

Text and HTML differ in one input only: HTML chunks carry a link density (and class hints),
plain text has none, so a text block is never "bad" for its links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..knowledge.pagetext import is_closer, page_language, stop_density
from .head import normal

if TYPE_CHECKING:
    from .classify import Item

# --- Thresholds: each named once, with its why (measured on the DEV part of the pasted
# corpus only; the held-out sites were never looked at while choosing them). ---

# why: a story's paragraphs run 20-60 words; fewer than 20 and a line may as well be a teaser,
# a caption or a menu entry, so it is only "near-good" and needs a good neighbour.
GOOD_MIN_WORDS = 20
# why: a sentence of prose has at least ~8 words; shorter lines are "short" and take their
# class from their neighbours.
NEAR_GOOD_MIN_WORDS = 8
# why: English prose paragraphs are 30-55% stop words (DEV median 0.42, tenth percentile 0.30);
# lists of names, headline lists and footers fall below a fifth.
STOP_HIGH = 0.28
STOP_LOW = 0.18
# why: a language's list may be shorter or its prose leaner in function words (Indonesian,
# Polish): the thresholds follow the page's own prose, measured as the median density of its
# long sentence-ending blocks, at these shares of it (0.28 and 0.18 of English's 0.42).
STOP_HIGH_SHARE = 0.65
STOP_LOW_SHARE = 0.42
# why: jusText's default: a block whose text is a fifth links is navigation.
MAX_LINK_DENSITY = 0.2
# why: a menu line, a label or a timestamp between two stretches of prose costs a little (a
# subheading or an ad slot does sit inside stories), a bad block costs its words (a list of
# 40 headline words must outweigh a 40-word paragraph after it).
SHORT_COST = 3
# why: a subheading between two paragraphs is story, but ninety menu lines between a title and
# the story must not ride along for free: each still costs a word.
SHORT_GOOD_COST = 1
BAD_MIN_COST = 5
# why: a comment's signature ("Posted by: jo | Jan 10, 2008 4:49 PM") repeats down a comment
# thread; two repeats and it is a thread, not an article's own sign-off.
SIGNATURE_MIN_REPEATS = 3
SIGNATURE_MAX_WORDS = 20
# why: the head (kicker, headline, standfirst, byline, date, photo) sits in the few blocks
# right above the first paragraph; page chrome lies beyond that.
HEAD_WINDOW_BLOCKS = 10
# why: twelve words in the same order open the same paragraph, not two different ones.
COPY_KEY_WORDS = 12
# why: a head holds at most one long line that is no sentence (a deck without its full stop);
# two blocks above the story that are chrome by their own features (8+ words, no sentence, or
# few stop words; neighbours not counted) make a page.
PAGE_MIN_CHROME = 2
# why: wire copy prints no menu; three or more one- or two-word lines above a story (Home,
# World, Sport) are a page's navigation.
PAGE_MIN_LABELS = 3
LABEL_MAX_WORDS = 2
# why: a list item may be followed by a bare link or a photo line, not by a whole section.
LIST_MAX_GAP = 3
# why: a list in a story (tour dates, results) runs to a few dozen lines at most.
LIST_MAX_ITEMS = 60
# why: two numbered lines may be a date and a score; three in sequence make a list.
LIST_MIN_ITEMS = 3
# why: the first 50 words of each block tell the page's language as well as all of them do.
LANGUAGE_SAMPLE = 50
LANGUAGE_SAMPLE_TOTAL = 2000

_TOKEN = re.compile(r"\w+")
# A signature is dated: a year or an hour ("Posted by jo | Jan 10, 2008 4:49 PM").
_DATED = re.compile(r"\b\d{1,2}:\d\d\b|\b(?:19|20)\d\d\b").search
_LIST_ITEM = re.compile(r"(\d{1,2})[.)]\s")
_CHROME = ("bad", "barrier", "furniture")
_SENTENCE_END = re.compile(r"[.!?…:]['\"’”»)\]]*$")
# A copyright line closes the story ("Read also" does not: agencies print a read-also list
# inside the story); so do the closing headings of ``pagetext.toml`` and comment signatures.
_BARRIER_RULES = frozenset(("junk: copyright",))


@dataclass(frozen=True, slots=True)
class Region:
    """Where the story lies in the block stream (indices into the items)."""

    head_start: int
    """The first block that may still be head (kicker, headline, byline, …)."""
    start: int
    """The first block of the body."""
    end: int
    """One past the last block of the body."""
    page: bool
    """The input is a page, not clean copy: chrome lies around the story (so whatever trails
    the run is cut, and what wins no head role is junk)."""
    dateline: int | None = None
    """The block whose dateline anchored the start, if any."""
    blocks: tuple[_Block, ...] = ()
    """Per block, the locator's class and figures; empty when clean copy was taken whole
    without classifying."""

    def evidence(self, i: int) -> str:
        """The locator's class and figures of block ``i`` ("bad, 12 words, stop words 0.08")."""
        return _evidence(self.blocks[i]) if i < len(self.blocks) else ""


@dataclass(slots=True)
class _Block:
    words: int
    stops: float
    klass: str
    """"good", "near-good", "short", "bad" (jusText's classes), "furniture" (junk a rule
    named) or "barrier" (junk that closes a story)."""


def locate(items: list[Item], anchor: int | None = None,
           sections: frozenset[str] = frozenset()) -> Region | None:
    """Find the article's run; None when the input has no prose block at all.

    ``anchor`` is the block holding a dateline among the first blocks of the input (as clean
    copy prints it): the story starts there and nothing before it is cut. ``sections`` are the
    site and section names (normalised, ``head.normal``): a line that is only one of them is
    navigation.
    """
    if anchor is not None and not _barrier_after(items, anchor):
        # Clean copy (the common case, and the fast one): a dateline among the first blocks and
        # nothing closing the story after it: the story is all of it.
        return Region(0, anchor, len(items), page=False, dateline=anchor)
    tokens = [_TOKEN.findall(item.text.lower()) for item in items]
    language = page_language(_sample(tokens))
    # Stop-word densities only where a class depends on them (short blocks are short anyway).
    stops = [stop_density(toks, language) if len(toks) >= NEAR_GOOD_MIN_WORDS else 0.0
             for toks in tokens]
    sentences = [bool(_SENTENCE_END.search(item.text)) for item in items]
    high, low = _stop_thresholds(tokens, stops, sentences, language)
    blocks = [_classify(item, len(toks), density, sentence, language, high, low)
              for item, toks, density, sentence in zip(items, tokens, stops, sentences,
                                                       strict=True)]
    labels = [_is_label(item, toks, sentence)
              for item, toks, sentence in zip(items, tokens, sentences, strict=True)]
    for block, item, label in zip(blocks, items, labels, strict=True):
        if label and block.klass == "short" and normal(item.text) in sections:
            block.klass = "bad"  # "Home", "World", "Search": navigation
    _mark_signatures(blocks, tokens, items)
    _mark_copies(blocks, tokens)
    own_bad = [block.klass == "bad" for block in blocks]  # by its own features, not neighbours'
    _smooth(blocks)
    run = _best_run(blocks)
    if run is None:
        return None
    start, end = run
    start = _announced_start(items, blocks, start)
    evidence = tuple(blocks)
    # The story goes on over short sentences after its last long paragraph ("He plays again on
    # Tuesday."), up to the first block that is no sentence (a menu entry, a heading).
    while end < len(blocks) and blocks[end].klass not in _CHROME and sentences[end]:
        end += 1
    end = _announced_list_after(items, blocks, _numbered_list_after(items, end))
    cut_after = any(block.klass == "barrier" for block in blocks[end:])
    if anchor is not None:
        # Clean copy: a dateline among the first blocks opens the story, whatever the run says
        # (an earnings table reads as chrome, but it is the story).
        return Region(0, anchor, end if cut_after else len(items), page=False,
                      dateline=anchor, blocks=evidence)
    head_start = start
    seen = 0
    while head_start > 0 and seen < HEAD_WINDOW_BLOCKS:
        head_start -= 1
        if items[head_start].role != "junk":
            seen += 1
    # A page, not clean copy: chrome was left above the head window, or chrome lies among the
    # blocks above the story (menus, labels) even where the window reaches the top.
    page = (head_start > 0 or sum(own_bad[:start]) >= PAGE_MIN_CHROME
            or sum(labels[:start]) >= PAGE_MIN_LABELS)
    return Region(head_start, start, end if page or cut_after else len(items),
                  page=page, blocks=evidence)


def _is_label(item: Item, tokens: list[str], sentence: bool) -> bool:
    """A one- or two-word line that is no sentence and holds no figure: a menu entry or a
    section label ("Home", "Local news")."""
    return (not item.role and 0 < len(tokens) <= LABEL_MAX_WORDS and not sentence
            and not any(t.isdigit() for t in tokens))


def _announced_start(items: list[Item], blocks: list[_Block], start: int) -> int:
    """A story that opens on a list ("Your daily look at the news:", "1. RESCUES BEGIN") starts
    at the line that announces it: the run of prose begins only under the list's first item."""
    if start > 0 and (m := _LIST_ITEM.match(items[start - 1].text)) and m.group(1) == "1":
        start -= 1
        if (start > 0 and items[start - 1].text.endswith(":")
                and blocks[start - 1].klass not in ("barrier", "furniture")):
            start -= 1
    return start


def _announced_list_after(items: list[Item], blocks: list[_Block], end: int) -> int:
    """A list the story announces with a colon ("Tour dates:") is the story's: the lines of the
    group under the colon line (no blank line between them) end the story."""
    if end < len(items) and items[end].text.endswith(":") \
            and blocks[end].klass not in ("barrier", "furniture"):
        end += 1  # the announcing line itself, a block after the last paragraph
    elif not (0 < end < len(items) and items[end - 1].text.endswith(":")):
        return end
    group = items[end].seg.group if end < len(items) else -1
    limit = min(len(items), end + LIST_MAX_ITEMS)
    while end < limit and items[end].seg.group == group and blocks[end].klass != "barrier":
        end += 1
    return end


def _numbered_list_after(items: list[Item], end: int) -> int:
    """A numbered list right after the last paragraph ("1) …", "2) …") is the story's own
    (a listicle, the steps of a plan): the story ends after its last item."""
    expected, last, i = 1, None, end
    while i < len(items) and i - (last if last is not None else end - 1) <= LIST_MAX_GAP:
        m = _LIST_ITEM.match(items[i].text)
        if m is not None and int(m.group(1)) == expected:
            expected, last = expected + 1, i
        i += 1
    return end if last is None or expected <= LIST_MIN_ITEMS else last + 1


def _barrier_after(items: list[Item], start: int) -> bool:
    """Is there a closing heading, a copyright line or a comment thread after ``start``?"""
    rest = items[start:]
    if any(item.reason in _BARRIER_RULES or is_closer(item.text) for item in rest):
        return True
    # Signatures repeat their first two words: count those cheaply before tokenizing any.
    openings: dict[str, int] = {}
    for item in rest:
        if item.text.count(" ") < SIGNATURE_MAX_WORDS:
            key = " ".join(item.text.lower().split(None, 2)[:2])
            openings[key] = openings.get(key, 0) + 1
    if max(openings.values(), default=0) < SIGNATURE_MIN_REPEATS:
        return False
    short = [_TOKEN.findall(item.text.lower()) if item.text.count(" ") < SIGNATURE_MAX_WORDS
             else [] for item in rest]
    blocks = [_Block(0, 0.0, "") for _ in rest]
    _mark_signatures(blocks, short, rest)
    return any(block.klass == "barrier" for block in blocks)


def _sample(tokens: list[list[str]]) -> list[str]:
    """The words the page's language is told from: the first of each block, up to a total."""
    sample: list[str] = []
    for block in tokens:
        sample.extend(block[:LANGUAGE_SAMPLE])
        if len(sample) >= LANGUAGE_SAMPLE_TOTAL:
            break
    return sample


def _stop_thresholds(tokens: list[list[str]], stops: list[float], sentences: list[bool],
                     language: str | None) -> tuple[float, float]:
    """(high, low) stop-word densities for this page: the named ones, lowered where the page's
    own prose is leaner in stop words than English."""
    if language is None:
        return STOP_HIGH, STOP_LOW
    densities = sorted(density for toks, density, sentence in zip(tokens, stops, sentences,
                                                                   strict=True)
                       if sentence and len(toks) >= GOOD_MIN_WORDS)
    if not densities:
        return STOP_HIGH, STOP_LOW
    level = densities[len(densities) // 2]
    return min(STOP_HIGH, STOP_HIGH_SHARE * level), min(STOP_LOW, STOP_LOW_SHARE * level)


def _classify(item: Item, words: int, stops: float, sentence: bool, language: str | None,
              stop_high: float, stop_low: float) -> _Block:
    role = item.role
    if is_closer(item.text) or item.reason in _BARRIER_RULES:
        return _Block(words, stops, "barrier")
    if role == "junk":
        # A share bar, an ad slot or "Read also: …" sits inside stories as often as around
        # them: known furniture costs its words but says nothing about its neighbours.
        return _Block(words, stops, "furniture")
    if role in ("caption", "credit", "photo", "byline"):
        return _Block(words, stops, "short")
    if item.seg.link_density > MAX_LINK_DENSITY:
        return _Block(words, stops, "bad")
    prose_words = language is None or stops >= stop_high
    if words >= GOOD_MIN_WORDS and prose_words and (sentence or words >= 2 * GOOD_MIN_WORDS):
        return _Block(words, stops, "good")
    if words >= NEAR_GOOD_MIN_WORDS:
        if language is not None and stops < stop_low:
            return _Block(words, stops, "bad")
        if sentence or words >= GOOD_MIN_WORDS:
            return _Block(words, stops, "near-good")
        return _Block(words, stops, "bad")
    return _Block(words, stops, "short")


def _mark_signatures(blocks: list[_Block], tokens: list[list[str]], items: list[Item]) -> None:
    """Short dated blocks that open with the same two words, again and again, sign the comments
    of a thread: each is a barrier."""
    seen: dict[tuple[str, ...], list[int]] = {}
    for i, toks in enumerate(tokens):
        if (2 < len(toks) <= SIGNATURE_MAX_WORDS and toks[0].isalpha() and toks[1].isalpha()
                and _DATED(items[i].text)):
            seen.setdefault(tuple(toks[:2]), []).append(i)
    for indices in seen.values():
        if len(indices) >= SIGNATURE_MIN_REPEATS:
            for i in indices:
                blocks[i].klass = "barrier"


def _mark_copies(blocks: list[_Block], tokens: list[list[str]]) -> None:
    """A long block that opens like an earlier one is a copy of it (a page's metadata or its
    print version repeats the story): chrome, or the run would take the story twice."""
    seen: set[tuple[str, ...]] = set()
    for block, toks in zip(blocks, tokens, strict=True):
        if block.klass not in ("good", "near-good"):
            continue
        key = tuple(toks[:COPY_KEY_WORDS])
        if key in seen:
            block.klass = "bad"
        seen.add(key)


def _smooth(blocks: list[_Block]) -> None:
    """jusText's context step: a near-good block next to good prose is good, else bad; a short
    block between two good ones is good, between two bad ones bad."""
    skip = frozenset(("short", "near-good", "furniture"))
    before, after = _nearest(blocks, skip)
    for block, prev, nxt in zip(blocks, before, after, strict=True):
        if block.klass == "near-good":
            block.klass = "good" if "good" in (prev, nxt) else "bad"
    before, after = _nearest(blocks, frozenset(("short", "furniture")))
    for block, prev, nxt in zip(blocks, before, after, strict=True):
        if block.klass != "short":
            continue
        if prev == nxt == "good":
            block.klass = "short-good"
        elif prev in _CHROME and nxt in _CHROME:
            block.klass = "bad"


def _nearest(blocks: list[_Block], skip: frozenset[str]) -> tuple[list[str], list[str]]:
    """For each block, the class of the nearest block before and after it whose class is not in
    ``skip`` (one pass each way; the edge of the page counts as chrome)."""
    before: list[str] = []
    last = "bad"
    for block in blocks:
        before.append(last)
        if block.klass not in skip:
            last = block.klass
    after: list[str] = [""] * len(blocks)
    last = "bad"
    for i in range(len(blocks) - 1, -1, -1):
        after[i] = last
        if blocks[i].klass not in skip:
            last = blocks[i].klass
    return before, after


def _weight(block: _Block) -> int:
    klass = block.klass
    if klass == "good":
        return block.words
    if klass == "short-good":
        return -SHORT_GOOD_COST
    if klass == "short":
        return -SHORT_COST
    return -max(BAD_MIN_COST, block.words)


def _best_run(blocks: list[_Block]) -> tuple[int, int] | None:
    """The contiguous run of blocks with the highest total weight (Kadane), as (start, end);
    no run crosses a barrier."""
    best, best_run = 0, None
    total, start = 0, 0
    for i, block in enumerate(blocks):
        if block.klass == "barrier":
            total = 0
            continue
        weight = _weight(block)
        if total <= 0:
            total, start = weight, i
        else:
            total += weight
        if total > best:
            best, best_run = total, (start, i + 1)
    return best_run


def _evidence(block: _Block) -> str:
    return f"{block.klass}, {block.words} words, stop words {block.stops:.2f}"
