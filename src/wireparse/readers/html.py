"""HTML reader: a news page → the same article document as the text pipeline gives.

How the article body is found (boilerplate removal):

1. **Safe parse** (``html_dom``): lxml, no network, no DTD, scripts/styles/hidden elements
   never become text; bounded depth and element count.
2. **Text blocks**: one walk cuts the page into runs of text between block boundaries
   (``<p>``, ``<li>``, ``<h2>``, ``<div>``, ``<br>`` in a ``<div>``, …); each run keeps its
   link share and what its ancestors' tags and ``class``/``id`` words say (related, share,
   ads, navigation, figure, caption, credit, dateline, dek, byline; ``knowledge.html_hints``).
3. **Paragraph weight**: a block counts as article prose when it has the shape of a paragraph
   (``PARA_MIN_CHARS`` or more, at most ``GOOD_LINK_DENSITY`` of it in links, not a heading or
   a caption); its length is added to each of its ancestors.
4. **Hints that lie are overruled**: a junk hint on an element that holds the headline or
   half of the page's prose (``<div class="content-with-sidebar">``) is ignored — unless the
   element ends above the headline (an "about me" sidebar) or its prose sits in list items
   (a gallery, teasers): those keep their hint.
5. **The container**: step down into the child that holds at least ``DESCEND_SHARE`` of
   the prose weight; stop where the prose spreads over several children, and never hand a
   box with paragraphs of its own over to a child whose prose is in list items (a gallery or
   a thread set into the article). That element holds the article, whatever the site's class
   names. The descent starts at the headline's nearest ancestor with a few paragraphs of
   prose (the article sits next to its headline, teaser feeds do not), else at ``<body>``.
   A post too short for that, in a box the page marks as the article body
   (``post-content``), beats a container elsewhere that holds no marked prose (a sidebar's
   long text widget).
   The whole article is gathered again where the page split it: sibling boxes around a
   video or an ad (paragraphs near the container with the class of its own paragraphs), the
   opening paragraphs between the headline and a "continue reading" box (over a photo set
   between the two parts). A closing heading or label ("Comments", "Most popular") below
   the article's prose ends it, unless the article's own paragraphs go on below (a box of
   links set into the story; comments laid out flat in the article's box, each with its
   author/date line, are no such paragraphs). So does a comments box too small to be read
   (its heading) with such a thread below it, and a list of other stories below the
   article: list items that each open with a heading.
6. **Block roles inside it**, in page order: junk by hint, link density or the junk phrase
   table; figures and captions to ``photos``; ``<h2>``–``<h6>`` that head prose to
   ``subheading``; a dek or byline before the first paragraph to the head fields; the rest
   are paragraphs. At the edges: labels before the first paragraph, text after the last
   paragraph's home element (teasers, citation boxes) and short furniture are dropped (not
   the last lines of a numbered list written as paragraphs). A post with no sentence in its
   body but long captions (a photo post) has the captions as its text.

Every block gets a ``Decision`` (role, reason, source line) for ``wireparse inspect``; junk
boxes too small to hold the article are not read at all and get one decision each.

When the reading keeps too little (empty, short or mostly links), other readings are tried
and the one with clearly more sentence-like prose wins, its reason recorded: the page with
damaged markup mended (a ``<title>`` left open, an inline ad's own ``</body></html>``), the
page with every junk box read, and the page's JSON-LD ``articleBody``.

7. **Head fields**: the visible ``<h1>`` (the one matching the page's metadata headline), a
   visible dek, a visible byline, then the page's metadata as fallback; the dateline is cut
   from the first paragraph exactly as in text mode, its year from the page's publication date.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from lxml import etree

from ..blocks import Chunk, DocumentMeta, MarkupDateline, read_chunks
from ..datelines import find_dateline
from ..knowledge.bylines import BYLINE_PREFIXES, prefix_pattern, without_date
from ..knowledge.credits import credit_of
from ..knowledge.credits import patterns as credit_patterns
from ..knowledge.html_hints import (
    CAPTION_LABEL,
    COMMENT_MARK,
    FIGURE_CONTROLS,
    HEADING_TAGS,
    PROMPT,
    may_be_comment_mark,
    split_caption_credit,
)
from ..knowledge.junk import match_junk
from ..knowledge.loader import Knowledge, default_knowledge
from ..knowledge.pagetext import is_closer
from ..model import Article, Decision, Photo
from ..options import ParseOptions
from ..stages.repair import repair
from ..stages.thresholds import BYLINE_MAX_WORDS, STANDFIRST_MAX_WORDS
from .html_dom import TextBlock, Walk, load_page, repaired, walk
from .html_meta import PageMeta, read_meta

# why: a real paragraph is a sentence or more; 25 characters ("He declined to comment.")
# keeps short quotes in, while single links, labels and dates stay out of the weight.
PARA_MIN_CHARS = 25
# why: prose has few links; a teaser list or a menu is mostly link text.
GOOD_LINK_DENSITY = 0.25
# why: the article's element holds most of the prose; related teasers and comments rarely
# outweigh a third of it, so 0.7 steps past them without stepping into one paragraph.
DESCEND_SHARE = 0.7
# why: a hint on the element that holds half of the page's prose marks a layout class
# ("content-with-sidebar", "ArticlePage-content paywall"), not a sidebar; teasers and comments
# seldom outweigh the article (on AEB pages the values 0.5-0.75 choose alike; the lower one
# is the safer against misleading class names on unseen sites).
HINT_OVERRULE_SHARE = 0.5
# why: inside the article, a "Read more: <a>title</a>" line or a related link is 80-100%
# link text; a sentence built around links to named reports still has a third of its own
# words (AEB pages: 0.5-0.8 score within 0.003 of each other).
LINK_DENSITY_MAX = 0.7
# why it differs from the shared bound (12): an <h2>-<h6> over prose is the evidence a
# subheading has on a page; the bound only keeps a paragraph styled as a heading out, where
# plain text has nothing but the line's shape to go on.
SUBHEADING_MAX_WORDS = 16
# why: prompts and buttons are a line; the bound keeps the pattern off long paragraphs.
PROMPT_MAX_CHARS = 300
# why it differs from the shared bound (6): on a page the dek sits in its own element between
# the <h1> and the body, which already tells it from a first paragraph; a dek-marked element
# needs even less (MARKED_...).
STANDFIRST_MIN_WORDS = 5
MARKED_STANDFIRST_MIN_WORDS = 2
# why: past the last real paragraph, short blocks are sign-offs, tags and share prompts.
TAIL_MIN_CHARS = 60
# why: an element holding this share of the article's paragraph text is where the body lives;
# body text split around an ad or a video gives two such homes, a lone quote box none.
BODY_HOME_SHARE = 0.15
# why: the homes must hold most of the paragraph text for the rule to have a footing.
HOMES_MIN_SHARE = 0.6
# why: two words in common out of three is a headline and its metadata twin.
HEADLINE_MATCH = 0.6
# why: "AP News" and "AP" name one site; a headline shares a word with it at most by chance.
SITE_NAME_MATCH = 0.5
# why: a block that is not an <h1> must repeat the metadata headline nearly word for word.
HEADLINE_SAME = 0.85
# why it differs from the shared bound (30): a page's headline is an <h1> or repeats the
# page's metadata title, so the bound only refuses a paragraph marked up as a heading;
# magazine headlines in an <h1> run past 30 words.
HEADLINE_MAX_WORDS = 40
# why: as for comments, two headed items can be a story's own list (two options, each with
# its heading); three below the story's prose are a list of other stories.
TEASER_MIN_ITEMS = 3
# why: a split body's boxes are siblings or cousins of each other; further out, paragraphs
# that share the class are teasers or comments.
SPLIT_SCOPE_LEVELS = 2
# why: a sentence has a few words; "Read more." or "Photos." end with a stop and say nothing.
SENTENCE_MIN_WORDS = 5
# why: a short news item runs to two or three sentences (~300 characters); less than that kept
# as body, or a body that is mostly link text, means the first reading may have missed.
DOUBT_MIN_SENTENCE_CHARS = 300
DOUBT_LINK_SHARE = 0.5
# why: the second opinion trusts class names less, so it must find clearly more prose (twice
# as much) before it replaces the first reading.
SECOND_OPINION_GAIN = 2.0
# why: with no sentence in the body at all, a caption of two sentences or so (a photo page's
# only text) is the post; less is a label under a picture.
PHOTO_POST_MIN_CHARS = 150
# why: two replies can be a quote and its answer inside an article; three boxes that each
# open with a name-and-date line are a thread.
COMMENT_MIN_UNITS = 3
# why: an author/date/reply line is short; a paragraph that mentions a date is not one.
COMMENT_MARK_MAX_CHARS = 100
# why: a comment's text sits two to five levels under its box (box > body > p > span);
# looking further up would take the page's columns for units.
COMMENT_UNIT_DEPTH = 6
# why: the units must hold most of their parent's prose, or the parent is a page column that
# happens to contain a few dated boxes.
COMMENT_THREAD_SHARE = 0.6
# why: the headline opens its article; with half of the article's prose above it, a candidate
# is the site's name or a widget that repeats the title (a page footer's masthead <h1>).
HEADLINE_BELOW_SHARE = 0.5
# why: between an article's headline and its first paragraph sit a dek, a byline, a date, a
# photo: a handful of blocks.
HEADLINE_LOOKBACK = 6
# why: a child with most of its prose in list items (captions of a gallery, a thread's
# replies, teasers) is not the article's box while its parent has paragraphs of its own.
LISTED_MAX_SHARE = 0.5
# why: a few paragraphs' worth: the headline's own header box (dek, byline, date) holds less.
ANCHOR_MIN_PROSE = 400
# why: near the headline there must be a real share of the page's prose, else the headline
# match was wrong and the page-wide choice is safer.
ANCHOR_MIN_SHARE = 0.3

_TITLE_SEPARATORS = re.compile(r"(?<!\s)\s+(?:\||-|–|—|::|·|•|»)\s+")
_WORD = re.compile(r"\w+")
# A numbered line's number ("7. Curs in the weeds", "12) Slowness").
_LIST_NUMBER = re.compile(r"(\d{1,3})[.)]\s")
# The characters a sentence (or a quoted or bracketed one) ends with; a test of the last
# character, not a regex search: it runs on every block of every page.
_SENTENCE_END_CHARS = frozenset(".!?…:;\"”’»)。．！？」』）؟।۔")


def _ends_sentence(text: str) -> bool:
    return text[-1:] in _SENTENCE_END_CHARS


def read_html(data: bytes | str, options: ParseOptions) -> Article:
    """Parse a news page's HTML into an Article (see the module docstring for the method).

    >>> page = b'''<html><head><title>Rain stops play - Example News</title></head><body>
    ... <nav><a href="/">Home</a></nav><article><h1>Rain stops play</h1>
    ... <p>LONDON, June 3 (Reuters) - It rained all day at the ground on Monday.</p>
    ... <p>Play will resume on Tuesday if the forecast holds, officials said.</p>
    ... </article></body></html>'''
    >>> from wireparse.options import ParseOptions
    >>> a = read_html(page, ParseOptions())
    >>> a.headline, a.dateline.city, a.body[0].text
    ('Rain stops play', 'London', 'It rained all day at the ground on Monday.')
    """
    root = load_page(data)
    meta = read_meta(root)
    page = walk(root)
    article, evidence = _read(page.blocks, meta, options, _comment_boxes(page))
    notes: list[Decision] = []
    if evidence.doubtful():
        fixed = repaired(data, meta.title)
        if fixed is not None:
            # Damaged markup (a title left open, an inline ad's own "</body></html>") may
            # have cost the page its article in the parser: read it again, mended.
            mended_root = load_page(fixed)
            mended_meta = read_meta(mended_root)
            mended_page = walk(mended_root)
            other, other_evidence = _read(mended_page.blocks, mended_meta, options,
                                          _comment_boxes(mended_page))
            verdict = other_evidence.beats(evidence)
            if verdict:
                notes.append(Decision((0, 0), "(the article region)", "junk",
                                      "region: the page read again with its markup mended won: "
                                      + verdict))
                root, page, meta = mended_root, mended_page, mended_meta
                article, evidence = other, other_evidence
    if evidence.doubtful() and page.unread_chars >= DOUBT_MIN_SENTENCE_CHARS:
        # A second opinion: the page read again with every junk box (a "subscriber-premium"
        # article box too small to be read the first time); the reading with clearly more
        # sentence-like prose wins. Where the unread boxes hold too little text to make the
        # difference, the page is not read twice.
        blocks = walk(root, read_all=True).blocks
        other, other_evidence = _read(blocks, meta, options)
        verdict = other_evidence.beats(evidence)
        if verdict:
            notes.append(Decision((0, 0), "(the article region)", "junk",
                                  f"region: second opinion (every junk box read) won: {verdict}"))
            article, evidence, page = other, other_evidence, Walk(blocks, [])
    if meta.article_body:
        article, note = _cross_check(article, evidence, meta, options)
        notes.append(note)
    if page.skipped:
        unread = tuple(
            Decision((el.sourceline or 0, el.sourceline or 0), _describe(el), "junk",
                     f"junk: inside a '{hint.name}' element (not read)")
            for el, hint in page.skipped
        )
        article = dataclasses.replace(article, decisions=_merge(article.decisions, unread))
    if notes:
        article = dataclasses.replace(article, decisions=(*notes, *article.decisions))
    return article


def _read(blocks: list[TextBlock], meta: PageMeta, options: ParseOptions,
          comment_boxes: frozenset[int] = frozenset()) -> tuple[Article, _Evidence]:
    """One reading of a page's blocks: its article and the evidence it rests on."""
    page = _Page(blocks, meta, options, comment_boxes)
    return page.article(), page.evidence()


def _comment_boxes(page: Walk) -> frozenset[int]:
    """Where the unread boxes hinted as comments stood among the blocks (the index of the
    block after each): a comment heading too small to be read is still a closing heading."""
    return frozenset(at for (_, hint), at in zip(page.skipped, page.skipped_at, strict=True)
                     if hint.name == "comments")


def _cross_check(article: Article, evidence: _Evidence, meta: PageMeta,
                 options: ParseOptions) -> tuple[Article, Decision]:
    """The page's JSON-LD ``articleBody`` against the body read from the page: the declared
    text replaces the visible one only when the page gave (almost) nothing or a small part of
    it; either way the decision says how much of it the body holds."""
    declared = meta.article_body or ""
    wanted = _words(declared)
    found = _words(" ".join(b.text for b in article.body))
    coverage = len(wanted & found) / len(wanted) if wanted else 1.0
    figures = (f"{coverage:.0%} of the JSON-LD articleBody's words are in the body "
               f"({evidence.sentence_chars:,} characters of sentences read)")
    if (len(declared) >= DOUBT_MIN_SENTENCE_CHARS
            and (evidence.sentence_chars < DOUBT_MIN_SENTENCE_CHARS
                 or (coverage < JSONLD_MIN_COVERAGE
                     and len(declared) >= JSONLD_GAIN * evidence.chars))):
        chunks = [Chunk(text, origin="json-ld/articleBody", declared="paragraph")
                  for text in (" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(declared))
                  if text]
        body = read_chunks(chunks, DocumentMeta(published=meta.published), options)
        return (dataclasses.replace(article, body=body.body, dateline=body.dateline),
                Decision((0, 0), "(the article region)", "junk",
                         f"region: JSON-LD articleBody won: {figures}"))
    return article, Decision((0, 0), "(the article region)", "junk",
                             f"region: cross-check: {figures}")


# why: a page whose body holds under half of its own declared text has read the wrong region
# (or a teaser of it); the declared text must then be clearly longer too, so a declared text
# that is a summary never replaces a full article.
JSONLD_MIN_COVERAGE = 0.5
JSONLD_GAIN = 2.0
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")


def _merge(read: tuple[Decision, ...], unread: tuple[Decision, ...]) -> tuple[Decision, ...]:
    """The decisions in page order: each unread box before the first block read below it."""
    merged: list[Decision] = []
    pending = sorted(unread, key=lambda d: d.lines[0])
    for decision in read:
        while pending and pending[0].lines[0] < decision.lines[0]:
            merged.append(pending.pop(0))
        merged.append(decision)
    return (*merged, *pending)


def _meta_row(text: str, role: str, reason: str, field: str) -> Decision:
    """A field taken from the page's metadata (JSON-LD, OpenGraph, <meta>, <title>): it has
    no place in the page's text, so no line."""
    return Decision((0, 0), text, role, reason, f"metadata: {field}")


_OUTSIDE = "junk: outside the article"
_LIST_ITEMS = frozenset(("li", "dd", "dt"))
# why: enough levels to tell an article's paragraph from a sidebar's; deeper paths only
# repeat wrapper divs.
ELEMENT_PATH_LEVELS = 4


def _element_path(block: TextBlock, labels: dict[etree._Element, str] | None = None) -> str:
    """Where a block sits in the page, innermost last: ``article > div.body > p``.

    ``labels`` caches each element's label across the blocks of a page (they share their
    ancestors)."""
    labels = {} if labels is None else labels
    parts = []
    for el in block.path[-ELEMENT_PATH_LEVELS:]:
        label = labels.get(el)
        if label is None:
            name = el.tag if isinstance(el.tag, str) else "?"
            cls = el.get("class")
            first = cls.split(None, 1)[0] if cls and not cls.isspace() else ""
            label = labels[el] = name + (f".{first}" if first else "")
        parts.append(label)
    return " > ".join(parts)


def _describe(el: etree._Element) -> str:
    attrs = " ".join(f'{k}="{el.get(k)}"' for k in ("id", "class") if el.get(k))
    return f"<{el.tag} {attrs}>" if attrs else f"<{el.tag}>"


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What a reading of the page kept as its body, measured."""

    chars: int
    link_chars: int
    sentence_chars: int
    """Characters in paragraphs that end as sentences do."""
    paragraphs: int

    def doubtful(self) -> bool:
        """Empty, short or mostly links: worth a second opinion."""
        return (self.sentence_chars < DOUBT_MIN_SENTENCE_CHARS
                or self.link_chars > DOUBT_LINK_SHARE * self.chars)

    def beats(self, other: _Evidence) -> str:
        """Why this reading is the better one ("" when it is not)."""
        if self.link_chars > DOUBT_LINK_SHARE * self.chars:
            return ""
        if self.sentence_chars >= max(SECOND_OPINION_GAIN * other.sentence_chars,
                                      other.sentence_chars + DOUBT_MIN_SENTENCE_CHARS):
            return (f"{self.sentence_chars:,} characters of sentences against "
                    f"{other.sentence_chars:,}")
        return ""


@dataclass(slots=True)
class _Role:
    role: str
    reason: str


class _Page:
    """One page's blocks on their way to an Article."""

    def __init__(self, blocks: list[TextBlock], meta: PageMeta, options: ParseOptions,
                 comment_boxes: frozenset[int] = frozenset()) -> None:
        self.blocks = blocks
        self.comment_boxes = comment_boxes
        """Block indexes that an unread comments box stood just before (``_comment_boxes``)."""
        self.prose = [self._prose(block) for block in blocks]
        """Per block, whether it has the shape of a paragraph (``_prose``), read once."""
        self.meta = meta
        self.options = options
        self.knowledge = options.knowledge
        self.roles: list[_Role] = [_Role("", "") for _ in blocks]
        self._byline_prefix = prefix_pattern(self.knowledge)
        self._marks: list[int] | None = None
        """Blocks that read as a comment's header line (outside junk boxes, or in one whose
        hint was overruled the first time they were looked for)."""
        self._options: list[str] | None = None
        """The metadata's headline options, read once."""
        self._weight: dict[etree._Element, int] = {}
        self._post_title = False
        """The headline is the post's heading that the page's title names after the blog's
        name: no widget repeating the title, wherever the prose lies."""
        """Prose characters per element, as the last container search counted them."""

    def evidence(self) -> _Evidence:
        """Measured features of the body this reading kept (call after ``article``)."""
        chars = links = sentences = paragraphs = 0
        for block, role in zip(self.blocks, self.roles, strict=True):
            if role.role in ("paragraph", "dateline"):
                paragraphs += 1
                chars += len(block.text)
                links += block.link_chars
                if _ends_sentence(block.text) and block.words >= SENTENCE_MIN_WORDS:
                    sentences += len(block.text)
        return _Evidence(chars, links, sentences, paragraphs)

    # -- the container ---------------------------------------------------------------------

    def _prose(self, block: TextBlock) -> bool:
        return (len(block.text) >= PARA_MIN_CHARS and block.tag not in HEADING_TAGS
                and block.figure is None and not block.caption and not block.credit
                and block.link_density <= GOOD_LINK_DENSITY)

    def _active_junk(self, anchor: int | None) -> list[str | None]:
        """Per block, the name of the junk hint that applies to it (None for none).

        A hint is overruled on an element that holds the headline or half of the prose.
        """
        weight: dict[etree._Element, int] = defaultdict(int)
        listed: dict[etree._Element, int] = defaultdict(int)  # the part in list items
        after: set[etree._Element] = set()  # hinted elements with prose below the headline
        total = 0
        for i, block in enumerate(self.blocks):
            if self.prose[i]:
                total += len(block.text)
                in_list = bool(block.junk) and any(el.tag in _LIST_ITEMS for el in block.path)
                for _, el in block.junk:
                    weight[el] += len(block.text)
                    if in_list:
                        listed[el] += len(block.text)
                    if anchor is None or i > anchor:
                        after.add(el)
        # A box that ends above the headline is no article's box, however much prose it holds
        # (a blog's "about me" sidebar over a post of links): its hint stands. So does the
        # hint of a box whose prose sits in list items (a gallery's captions, teasers).
        overruled = {el for el, w in weight.items()
                     if total and w >= HINT_OVERRULE_SHARE * total and el in after
                     and listed[el] <= LISTED_MAX_SHARE * w}
        # A body cut into sibling sections that share one misleading class ("section-and-ad")
        # holds the prose together, not each section alone.
        siblings: dict[tuple[object, str, str], list[etree._Element]] = defaultdict(list)
        for el in weight:
            siblings[el.getparent(), el.tag, el.get("class") or ""].append(el)
        for group in siblings.values():
            if len(group) > 1 and sum(weight[el] for el in group) >= HINT_OVERRULE_SHARE * total:
                overruled.update(group)
        if anchor is not None:
            overruled.update(el for _, el in self.blocks[anchor].junk)
        active: list[str | None] = []
        for block in self.blocks:
            name = None
            for hint, el in reversed(block.junk):
                if el not in overruled:
                    name = hint.name
                    break
            active.append(name)
        for i in self._comment_threads(active, anchor):
            active[i] = "comments (repeated author/date units)"
        return active

    def _comment_threads(self, active: list[str | None], anchor: int | None) -> list[int]:
        """Blocks inside a comment thread found by its structure, whatever its class names:
        an element with ``COMMENT_MIN_UNITS`` or more children of one tag that each hold a
        short author/date/reply line (``COMMENT_MARK``) and some prose, together most of the
        element's prose. The article's own box holds one such line (its byline) at most."""
        # Pass 1, the header lines: "Lou | 10/29/2012 5:14 PM", "Reply" (no sentence; a short
        # sentence with a date in it is prose). Most pages have too few to make a thread.
        if self._marks is None:  # the same for every call: found once per page
            self._marks = [i for i, block in enumerate(self.blocks)
                           if len(block.text) <= COMMENT_MARK_MAX_CHARS
                           and (not block.junk or active[i] is None)
                           and not _ends_sentence(block.text)
                           and may_be_comment_mark(block.text)
                           and COMMENT_MARK.search(block.text) is not None]
        marks = [i for i in self._marks if active[i] is None]
        if len(marks) < COMMENT_MIN_UNITS:
            return []
        marked: dict[etree._Element, set[etree._Element]] = defaultdict(set)
        for i in marks:
            path = self.blocks[i].path
            for k in range(max(0, len(path) - COMMENT_UNIT_DEPTH), len(path) - 1):
                marked[path[k]].add(path[k + 1])
        candidates = {parent for parent, units in marked.items()
                      if len(units) >= COMMENT_MIN_UNITS}
        if not candidates:
            return []
        # Pass 2, the prose under each candidate, by child.
        members: dict[etree._Element, dict[etree._Element, list[int]]] = defaultdict(dict)
        prose: dict[etree._Element, int] = defaultdict(int)
        mark_set = set(marks)
        for i, block in enumerate(self.blocks):
            if active[i] is not None:
                continue
            is_mark = i in mark_set
            if not is_mark and not self.prose[i]:
                continue
            path = block.path
            for k in range(max(0, len(path) - COMMENT_UNIT_DEPTH), len(path) - 1):
                if path[k] in candidates:
                    members[path[k]].setdefault(path[k + 1], []).append(i)
                    if not is_mark:
                        prose[path[k + 1]] += len(block.text)
        found: list[int] = []
        for parent, children in members.items():
            threads = [u for u in children if u in marked[parent] and prose[u] > 0]
            if len(threads) < COMMENT_MIN_UNITS:
                continue
            tag, count = Counter(u.tag for u in threads).most_common(1)[0]
            if count < COMMENT_MIN_UNITS:
                continue
            threads = [u for u in threads if u.tag == tag]
            if sum(prose[u] for u in threads) < COMMENT_THREAD_SHARE * sum(
                    prose[u] for u in children):
                continue
            inside = [i for u in threads for i in children[u]]
            if anchor is not None and anchor in inside:
                continue
            # Comments follow the story they answer: a run of dated units with no prose
            # above it is the story itself (a timeline, a diary, a live report).
            first = min(inside)
            thread = set(inside)
            above = sum(len(b.text) for i, b in enumerate(self.blocks[:first])
                        if i not in thread and active[i] is None and self.prose[i])
            if above:  # at least one paragraph of a story above the thread
                found.extend(inside)
        return found

    def _container(self, junk: list[str | None], anchor: int | None) -> etree._Element | None:
        weight: dict[etree._Element, int] = defaultdict(int)
        # The same, without the prose that sits in list items: an article's box is never a
        # list; a list that outweighs its surroundings is a gallery, a thread or teasers.
        unlisted: dict[etree._Element, int] = defaultdict(int)
        children: dict[etree._Element, set[etree._Element]] = defaultdict(set)
        runs: dict[etree._Element, int] = defaultdict(int)  # prose blocks per holder element
        root = None
        # The paragraphs of one box share all of their path but its last step (a path runs
        # ~10 elements deep): their prose is summed per parent and carried up once.
        above: dict[etree._Element, tuple[tuple[etree._Element, ...], bool]] = {}
        carried: dict[etree._Element, list[int]] = {}  # parent → [prose, prose not in lists]
        for block, hint, prose in zip(self.blocks, junk, self.prose, strict=True):
            if hint is not None or not prose:
                continue
            runs[block.holder] += 1
            path = block.path
            root = path[0]
            size = len(block.text)
            last = path[-1]
            listed = last.tag in _LIST_ITEMS
            if len(path) > 1:
                parent = path[-2]
                if parent not in above:
                    up = path[:-1]
                    above[parent] = up, any(el.tag in _LIST_ITEMS for el in up)
                    carried[parent] = [0, 0]
                    for depth in range(len(up) - 1):
                        children[up[depth]].add(up[depth + 1])
                children[parent].add(last)
                listed = listed or above[parent][1]
                sums = carried[parent]
                sums[0] += size
                if not listed:
                    sums[1] += size
            weight[last] += size
            if not listed:
                unlisted[last] += size
        for parent, (up, _) in above.items():
            size, unlisted_size = carried[parent]
            for el in up:
                weight[el] += size
                unlisted[el] += unlisted_size
        self._weight = weight
        if root is None:
            return None

        def descend(node: etree._Element) -> etree._Element:
            while children[node]:
                best = max(children[node], key=weight.__getitem__)
                if weight[best] < DESCEND_SHARE * weight[node]:
                    break
                if (unlisted[node] >= ANCHOR_MIN_PROSE
                        and unlisted[best] < LISTED_MAX_SHARE * weight[best]):
                    # A box with paragraphs of its own does not hand over to a child whose
                    # prose sits in list items: a gallery or a thread embedded in the article
                    # (a list-shaped article has no such paragraphs around its list).
                    break
                if runs[best] <= 1 and not children[best]:
                    break  # one long paragraph outweighs short ones: the article is around it
                node = best
            return node

        found = descend(root)
        if anchor is not None:
            # The article is next to its headline: start from the headline's nearest ancestor
            # that holds a few paragraphs, unless that finds far less prose than the page has.
            start = next((el for el in reversed(self.blocks[anchor].path)
                          if weight[el] >= ANCHOR_MIN_PROSE), None)
            if start is not None:
                near = descend(start)
                if weight[near] >= ANCHOR_MIN_SHARE * weight[found]:
                    found = near
            marked = self._marked_post(anchor, weight, found)
            if marked is not None:
                found = marked
        return found

    def _marked_post(self, anchor: int, weight: dict[etree._Element, int],
                     chosen: etree._Element) -> etree._Element | None:
        """A short post under its headline, in a box the page marks as the article body
        (``post-content``), against a container chosen elsewhere that holds no marked prose
        (a sidebar's long text widget): the marked box, as the post is too short to outweigh
        the other by itself."""
        if not self.blocks[anchor].body_hint:
            return None
        own = next((el for el in reversed(self.blocks[anchor].path) if weight[el] > 0), None)
        if own is None or own is chosen or weight[own] >= weight[chosen]:
            return None
        marked = False  # the prose under the headline is itself in the marked box
        for block, prose in zip(self.blocks, self.prose, strict=True):
            if prose and block.body_hint:
                if chosen in block.path:
                    return None  # the chosen container is (in) the marked body itself
                marked = marked or own in block.path
        return own if marked else None

    def _prose_share_before(self, container: etree._Element, junk: list[str | None],
                            index: int) -> float:
        """The share of the container's prose that comes before block ``index``."""
        total = self._weight.get(container, 0)  # the container's prose, from _container
        before = sum(len(block.text) for block, hint, prose
                     in zip(self.blocks[:index], junk, self.prose, strict=False)
                     if hint is None and prose and container in block.path)
        return before / total if total else 0.0

    def _heading_above(self, container: etree._Element | None,
                       junk: list[str | None]) -> int | None:
        """The headline when the first pick was wrong: the last heading before the first
        prose block of the container, a few blocks up at most."""
        if container is None:
            return None
        first = next((i for i, b in enumerate(self.blocks)
                      if junk[i] is None and self.prose[i] and container in b.path), None)
        if first is None:
            return None
        for i in range(first - 1, max(-1, first - 1 - HEADLINE_LOOKBACK), -1):
            block = self.blocks[i]
            if (block.tag in HEADING_TAGS and junk[i] is None and not self.roles[i].role
                    and block.words <= HEADLINE_MAX_WORDS):
                self.roles[i] = _Role("headline", "headline: the heading over the article")
                return i
        return None

    def _closing_heading(self, inside: list[bool], junk: list[str | None],
                         first_in: int) -> int | None:
        """A heading (or a label line) inside the article's box, below its prose, that names
        what follows as comments or the site's lists ("Comments »", "Leave a reply", "Most
        popular"): the article ends there, whatever the box holds below it."""
        last: dict[etree._Element | None, int] = {}  # each element's last paragraph inside
        for i in range(first_in, len(self.blocks)):
            if inside[i] and junk[i] is None and self.prose[i]:
                last[self.blocks[i].holder.getparent()] = i
        reach = -1  # the last paragraph held where the paragraphs seen so far are held
        above = 0  # characters of sentences above it
        for i in range(first_in, len(self.blocks)):
            if not inside[i] or junk[i] is not None:
                continue
            block = self.blocks[i]
            # A box of links set into the article ("More from …" between two paragraphs) is
            # no end: the article's own paragraphs go on below it. Nor is a comment count over
            # the story ("13 Comments" beside its byline): a sentence of the story comes first.
            # Unless it is a comment thread laid out flat in the article's own box: each
            # comment's paragraphs beside the story's, and an author/date line under each.
            if (reach >= 0 and above > 0 and is_closer(block.text)
                    and (reach < i or self._thread_below(i, inside, junk))):
                return i
            if 0 <= reach < i and above > 0 and _opens_teaser_list(block):
                return i
            if (i in self.comment_boxes and reach >= 0 and above > 0
                    and self._thread_below(i - 1, inside, junk)):
                return i  # an unread comments box (its heading) with a thread below it
            if self.prose[i]:
                reach = max(reach, last[block.holder.getparent()])
                if _ends_sentence(block.text):
                    above += len(block.text)
        return None

    def _thread_below(self, i: int, inside: list[bool], junk: list[str | None]) -> bool:
        """Whether ``COMMENT_MIN_UNITS`` comment header lines (``COMMENT_MARK``) follow
        block ``i`` in the article's box."""
        below = [m for m in self._marks or () if m > i and inside[m] and junk[m] is None]
        return len(below) >= COMMENT_MIN_UNITS

    def _add_lead_in(self, container: etree._Element, inside: list[bool],
                     junk: list[str | None], headline: int) -> None:
        """A body split into an opening box and a "continue reading" box (or a lead box and
        the rest) has the container in its second part: the paragraphs between the headline
        and the container, in a sibling or cousin box of it, are the article's opening."""
        first_in = next((i for i, flag in enumerate(inside) if flag), len(self.blocks))
        scope = _split_scope(container)
        if scope is container:
            return
        start = None
        for i in range(first_in - 1, headline, -1):
            block = self.blocks[i]
            if (junk[i] is None and scope in block.path
                    and (block.figure is not None or block.caption or block.credit
                         or FIGURE_CONTROLS.match(block.text))):
                continue  # a photo set between the opening and the rest of the story
            if (junk[i] is not None or scope not in block.path or block.tag in HEADING_TAGS
                    or block.byline or self._standfirst_like(block)
                    or self._by_line(block)):
                break  # the head above the opening: dek, byline, a heading
            if not _ends_sentence(block.text) or CAPTION_LABEL.match(block.text):
                break  # a date, a label: the run of the opening's paragraphs ends above it
            if not self.prose[i] and (
                    start is None or block.link_density > LINK_DENSITY_MAX
                    or (len(block.text) < PARA_MIN_CHARS and block.holder.getparent()
                        is not self.blocks[start].holder.getparent())):
                # Above a paragraph of the run, a sentence built around links is the story's
                # as in the body; a short one only inside its paragraphs' box.
                break
            start = i
        if start is not None:
            inside[start:first_in] = [True] * (first_in - start)

    def _add_split_parts(self, container: etree._Element, inside: list[bool],
                         junk: list[str | None]) -> None:
        """Pages split the body around videos and ads into sibling boxes: paragraphs near the
        container whose element has the class of the container's own paragraphs join it."""
        classes = {name for b, flag, prose in zip(self.blocks, inside, self.prose, strict=True)
                   if flag and b.holder_class and prose
                   for name in b.holder_class.split()}
        if not classes:
            return
        scope = _split_scope(container)
        if scope is container:
            return
        for i, block in enumerate(self.blocks):
            if (not inside[i] and junk[i] is None and block.holder_class
                    and not classes.isdisjoint(block.holder_class.split())
                    and scope in block.path):
                inside[i] = True

    # -- roles -------------------------------------------------------------------------------

    def article(self) -> Article:
        headline_index = self._headline_index()
        junk = self._active_junk(headline_index)
        if headline_index is not None and junk[headline_index] is not None:
            self.roles[headline_index] = _Role("", "")
            headline_index = None
        container = self._container(junk, headline_index)
        if (headline_index is not None and container is not None and not self._post_title
                and self._prose_share_before(container, junk, headline_index)
                >= HEADLINE_BELOW_SHARE):
            # The headline opens its article: a candidate with most of the article's prose
            # above it is the site's name, a masthead or a widget repeating the title.
            self.roles[headline_index] = _Role(
                "junk", "junk: headline candidate below the article's prose (site name or widget)")
            junk = self._active_junk(None)
            container = self._container(junk, None)
            headline_index = self._heading_above(container, junk)
        if container is None and self.blocks:
            # No block has the shape of prose (a page of one-line paragraphs): read the whole
            # page and let the block rules sort it.
            container = self.blocks[0].path[0]
        inside = self._held_by(container) if container is not None else []
        if container is not None:
            self._add_split_parts(container, inside, junk)
            if headline_index is not None:
                self._add_lead_in(container, inside, junk, headline_index)
        first_in = next((i for i, flag in enumerate(inside) if flag), len(self.blocks))
        closer = self._closing_heading(inside, junk, first_in)
        if closer is not None:
            if closer in self.comment_boxes:
                # The box itself was not read: the comments after it are outside the article.
                self.roles[closer] = _Role("junk", "junk: after an unread comments box that "
                                                   "closes the article")
            else:
                self.roles[closer] = _Role("junk", "junk: heading that closes the article "
                                                   "(comments, the site's lists)")
            inside[closer:] = [False] * (len(inside) - closer)
        head_start = headline_index if headline_index is not None else first_in
        for i, block in enumerate(self.blocks):
            role = self.roles[i]
            if role.role:
                continue
            if i < head_start or not (inside[i] or i < first_in):
                role.role, role.reason = "junk", _OUTSIDE
                continue
            if junk[i] is not None:
                role.role, role.reason = "junk", f"junk: inside a '{junk[i]}' element"
            elif block.figure is not None or block.caption or block.credit:
                role.role, role.reason = "photo", "photo: figure or caption markup"
            elif not inside[i]:
                self._head_role(i, block)
            else:
                self._body_role(i, block)
        self._settle_head(first_in)
        self._settle_subheadings()
        self._trim_edges()
        self._settle_tail()
        self._captions_as_text()
        return self._assemble(headline_index)

    def _held_by(self, el: etree._Element) -> list[bool]:
        """Per block, whether ``el`` is on its path. Every path runs down from the element the
        walk started at, so ``el`` can only stand at its own depth below that one."""
        if not self.blocks:
            return []
        depth = _depth(el) - _depth(self.blocks[0].path[0])
        return [len(block.path) > depth and block.path[depth] is el for block in self.blocks]

    def _headline_index(self) -> int | None:
        """The visible headline: the <h1> that matches the page's metadata headline (or a part
        of its <title>), else a short block that repeats it, else the first <h1> outside page
        furniture."""
        blocks = self.blocks
        h1s = [i for i, b in enumerate(blocks) if b.tag == "h1"]
        best = None
        for option in self._headline_options():
            wanted = _words(option)
            if not wanted:
                continue
            scored = [(_overlap(_words(blocks[i].text), wanted), -n, i) for n, i in enumerate(h1s)]
            if scored and max(scored)[0] >= HEADLINE_MATCH:
                best = max(scored)[2]
                break
            # A block of n characters holds at most (n + 1) // 2 words: shorter ones cannot
            # repeat the headline, and their word sets are not built. Nor are those of blocks
            # that miss the headline's longest few words (too many missing to reach the share).
            least = HEADLINE_SAME * len(wanted)
            keys = sorted(wanted, key=len, reverse=True)[:_too_many_missing(len(wanted))]
            best = next((i for i, b in enumerate(blocks)
                         if b.words <= HEADLINE_MAX_WORDS and (len(b.text) + 1) // 2 >= least
                         and b.figure is None and _may_hold_one(b.text, keys)
                         and _overlap(_words(b.text), wanted) >= HEADLINE_SAME), None)
            if best is not None:
                break
        if best is None or blocks[best].tag != "h1":
            # The blog's own heading for the post beats a line that only repeats the title
            # (an entry of the sidebar's list of recent posts).
            post = self._post_heading(h1s)
            if post is not None and (best is None or best == post
                                     or blocks[best].tag not in HEADING_TAGS):
                best, self._post_title = post, True
        if best is None:
            best = next((i for i in h1s if not blocks[i].junk), h1s[0] if h1s else None)
        if best is not None:
            self.roles[best] = _Role("headline", "headline: the page's headline")
        return best

    def _post_heading(self, h1s: list[int]) -> int | None:
        """A blog's title is "Blog name: Post title" with the blog's name in the page's <h1>
        and the post's in a lower heading: that heading is the headline."""
        title = self.meta.title or ""
        if self.meta.headline or ": " not in title:
            return None
        blog, _, post = _clean(title).partition(": ")
        if not any(_words(self.blocks[i].text) == _words(blog) for i in h1s):
            return None
        wanted = _words(post)
        return next((i for i, b in enumerate(self.blocks)
                     if b.tag in HEADING_TAGS and b.tag != "h1"
                     and _overlap(_words(b.text), wanted) >= HEADLINE_SAME), None)

    def _headline_options(self) -> list[str]:
        if self._options is None:
            self._options = self._read_headline_options()
        return self._options

    def _read_headline_options(self) -> list[str]:
        """What the page's metadata says the headline is: its headline field, else the parts of
        its <title> ("Ferry news | Harbour Blog"): the first (titles put the headline before
        the site's name), then the others, longest first."""
        if self.meta.headline:
            return [_strip_site(_clean(self.meta.headline), self.meta.site_name)]
        if self.meta.title:
            first, *rest = _TITLE_SEPARATORS.split(
                _strip_site(_clean(self.meta.title), self.meta.site_name))
            return [first, *sorted(rest, key=len, reverse=True)]
        return []

    def _head_role(self, i: int, block: TextBlock) -> None:
        """A block between the headline and the article container."""
        role = self.roles[i]
        rule = match_junk(block.text, ("any",), self.knowledge)
        if rule is not None:
            role.role, role.reason = "junk", f"junk: {rule.name}"
        elif block.byline or self._by_line(block):
            role.role, role.reason = "byline", "byline: byline markup above the article"
        elif (self.prose[i] and _ends_sentence(block.text)
              and find_dateline(block.text, None, self.knowledge) is not None):
            # "LYON, France — The river …" in a lead box of its own over the body box: the
            # opening paragraph, whatever its markup says (the dateline is cut from it).
            role.role, role.reason = "paragraph", "paragraph: the lead, with its dateline"
        elif self._standfirst_like(block):
            role.role, role.reason = "standfirst", "standfirst: dek markup above the article"
        else:
            role.role, role.reason = "junk", "junk: page furniture above the article"

    def _by_line(self, block: TextBlock) -> bool:
        """A short line that opens with a byline prefix ("By …", "Von …")."""
        return (block.words <= BYLINE_MAX_WORDS
                and self._byline_prefix.match(block.text) is not None)

    def _standfirst_like(self, block: TextBlock) -> bool:
        # Dek markup vouches for a short line; an unmarked one must be a phrase at least.
        least = MARKED_STANDFIRST_MIN_WORDS if block.standfirst else STANDFIRST_MIN_WORDS
        if not (least <= block.words <= STANDFIRST_MAX_WORDS):
            return False
        if block.link_density > LINK_DENSITY_MAX:
            return False
        if block.standfirst or block.tag in ("h2", "h3"):
            return True
        # A visible line that repeats the page's description is its dek.
        description = self.meta.description
        return description is not None and _same_text(block.text, description)

    def _body_role(self, i: int, block: TextBlock) -> None:
        role = self.roles[i]
        text = block.text
        if block.link_density > LINK_DENSITY_MAX:
            role.role, role.reason = "junk", "junk: mostly links"
            return
        # The junk phrase table ("Read also: …", "Sign up for …") is the shared classifier's:
        # it reads every paragraph and subheading handed to it.
        if len(text) <= PROMPT_MAX_CHARS and (PROMPT.match(text) or FIGURE_CONTROLS.match(text)):
            role.role, role.reason = "junk", "junk: page prompt or player control"
            return
        if block.tag in HEADING_TAGS:
            if block.tag == "h1":
                role.role, role.reason = "junk", "junk: a second <h1>"
            else:
                role.role, role.reason = "subheading", f"subheading: <{block.tag}>"
            return
        if block.byline and block.words <= BYLINE_MAX_WORDS:
            role.role, role.reason = "byline", "byline: byline markup"
            return
        if self._by_line(block) and not _ends_sentence(text):
            role.role, role.reason = "byline", "byline: 'By' line"
            return
        if block.standfirst and not (block.tag == "p" and _ends_sentence(text)):
            # Inside the body, a <p class="lead"> written as a sentence is the intro paragraph;
            # a dek is a line of its own kind (a <div>, an <h2>, no full stop).
            role.role, role.reason = "standfirst", "standfirst: dek markup"
            return
        role.role, role.reason = "paragraph", "paragraph"

    def _settle_head(self, first_in: int) -> None:
        """Before the first paragraph: one standfirst at most, short lines are furniture."""
        for i, role in enumerate(self.roles):
            if role.role != "paragraph":
                continue
            block = self.blocks[i]
            if (len(block.text) >= PARA_MIN_CHARS or _ends_sentence(block.text)
                    or block.tag == "li"
                    or find_dateline(block.text, knowledge=self.knowledge) is not None):
                break
            role.role, role.reason = "junk", "junk: label before the first paragraph"
        first_para = next((i for i, r in enumerate(self.roles) if r.role == "paragraph"), None)
        seen_standfirst = False
        for i, role in enumerate(self.roles):
            if role.role == "standfirst":
                block = self.blocks[i]
                if (seen_standfirst or (first_para is not None and i > first_para)
                        or (not self._standfirst_like(block) and not block.standfirst)
                        or find_dateline(block.text, knowledge=self.knowledge) is not None):
                    role.role = "paragraph" if i >= first_in else "junk"
                    role.reason = "paragraph" if i >= first_in else "junk: extra head line"
                else:
                    seen_standfirst = True
            elif role.role == "subheading" and (first_para is None or i < first_para):
                if not seen_standfirst and self._standfirst_like(self.blocks[i]):
                    role.role, role.reason = "standfirst", "standfirst: heading over the body"
                    seen_standfirst = True
                else:
                    role.role, role.reason = "junk", "junk: heading before the body"
        bylines = []
        for i, role in enumerate(self.roles):
            if role.role == "byline":
                if _byline_name(self.blocks[i].text, self.knowledge):
                    bylines.append(i)
                else:  # "By" in a box of its own, the name in the next one
                    role.role, role.reason = "junk", "junk: 'By' without a name"
        for i in bylines[1:]:
            if first_para is not None and i > first_para and self.prose[i]:
                # Author markup inside the story ("Prof. Carlos: …" in an interview) is text.
                self.roles[i].role, self.roles[i].reason = "paragraph", "paragraph"
            else:
                self.roles[i].role, self.roles[i].reason = "junk", "junk: repeated byline"

    def _settle_subheadings(self) -> None:
        """A subheading must head prose: one followed by another heading or nothing is junk."""
        kept = [i for i, r in enumerate(self.roles) if r.role in ("paragraph", "subheading")]
        for n, i in enumerate(kept):
            if self.roles[i].role != "subheading":
                continue
            nxt = kept[n + 1] if n + 1 < len(kept) else None
            block = self.blocks[i]
            if nxt is None or self.roles[nxt].role != "paragraph":
                self.roles[i].role, self.roles[i].reason = "junk", "junk: heading over no text"
            elif block.words > SUBHEADING_MAX_WORDS:
                self.roles[i].role, self.roles[i].reason = "paragraph", "paragraph: long heading"

    def _trim_edges(self) -> None:
        """The article's paragraphs sit side by side in one or two elements; text blocks after
        the last of them, elsewhere in the container, are teasers, forms and citation boxes."""
        weight: dict[etree._Element, int] = defaultdict(int)
        kept = [i for i, r in enumerate(self.roles) if r.role in ("paragraph", "subheading")]
        for i in kept:
            parent = self.blocks[i].holder.getparent()
            if parent is not None and self.roles[i].role == "paragraph":
                weight[parent] += len(self.blocks[i].text)
        total = sum(weight.values())
        homes = {el for el, w in weight.items() if w >= BODY_HOME_SHARE * total}
        if sum(weight[el] for el in homes) < HOMES_MIN_SHARE * total:
            return  # one wrapper per paragraph: no home to measure against

        def at_home(i: int) -> bool:
            holder = self.blocks[i].holder
            parent = holder.getparent()
            if parent in homes:
                return True
            # A list item or a quoted paragraph sits one level further down.
            return (parent is not None and (holder.tag in ("li", "dd", "dt")
                                            or parent.tag == "blockquote")
                    and parent.getparent() in homes)

        # Only at the end: the lead paragraph often has a box of its own (with the dateline).
        for i in reversed(kept):
            if at_home(i):
                break
            self.roles[i].role = "junk"
            self.roles[i].reason = "junk: after the article's paragraphs"

    def _settle_tail(self) -> None:
        """After the last real paragraph, short lines are sign-offs and furniture."""
        for i in range(len(self.roles) - 1, -1, -1):
            role = self.roles[i]
            if role.role not in ("paragraph", "subheading"):
                continue
            block = self.blocks[i]
            text = block.text
            if len(text) >= TAIL_MIN_CHARS or block.tag == "li" or self._numbered_on(i):
                break  # lists are content: the last items of a list are no sign-off
            if (match_junk(text, ("edge", "end"), self.knowledge) is not None
                    or not _ends_sentence(text)):
                role.role, role.reason = "junk", "junk: furniture after the last paragraph"
            else:
                break

    def _numbered_on(self, i: int) -> bool:
        """Block ``i`` goes on a numbered list written as paragraphs ("7. …" under "6. …")."""
        here = _LIST_NUMBER.match(self.blocks[i].text)
        above = _LIST_NUMBER.match(self.blocks[i - 1].text) if i > 0 else None
        return here is not None and above is not None and int(above[1]) + 1 == int(here[1])

    def _captions_as_text(self) -> None:
        """A post told in its photos' captions ("a day at the show", a photo page) has no
        other prose: where the body holds no sentences to speak of and the captions in the
        article's region do, those captions are its paragraphs."""
        def sentences(role: str) -> list[int]:
            return [i for i, (b, r) in enumerate(zip(self.blocks, self.roles, strict=True))
                    if r.role == role and r.reason != _OUTSIDE and _ends_sentence(b.text)
                    and b.words >= SENTENCE_MIN_WORDS]

        paragraphs = sentences("paragraph")
        if sum(len(self.blocks[i].text) for i in paragraphs) >= DOUBT_MIN_SENTENCE_CHARS:
            return
        # A site's notice under every page ("… is not responsible for external sites") is no
        # sentence of the post: the shared junk table says so later, and is asked here.
        body = sum(len(self.blocks[i].text) for i in paragraphs
                   if match_junk(self.blocks[i].text, ("any", "edge"), self.knowledge) is None)
        captions = sentences("photo")
        least = (max(DOUBT_MIN_SENTENCE_CHARS, SECOND_OPINION_GAIN * body) if body
                 else PHOTO_POST_MIN_CHARS)
        if sum(len(self.blocks[i].text) for i in captions) < least:
            return
        for i in captions:
            self.roles[i] = _Role("paragraph", "paragraph: a caption in a post told in its "
                                               "photos (no other prose)")

    # -- the document ------------------------------------------------------------------------

    def _assemble(self, headline_index: int | None) -> Article:
        """Hand every block, with the role decided above and that decision's rule id, to the
        shared stages (``blocks.read_chunks``): they cut the dateline from the first paragraph,
        strip trailers and end marks, parse credits and keep one entry per photo, as for every
        other reader. The page's metadata gives the headline where no block does, and the
        dateline's year."""
        meta = self.meta
        reference = meta.published or self.options.reference_date
        from_meta: list[Decision] = []  # a row for each field the page's metadata gave
        if meta.published is not None:
            from_meta.append(_meta_row(meta.published.isoformat(), "metadata",
                                       "date: the page's publication date gives datelines "
                                       "their year", "datePublished or published_time"))
        figures, meta_photos = self._photos()
        chunks = [Chunk(f"{p.caption or '(no caption)'} — {p.credit or '(no credit)'}",
                        origin="metadata: image", declared="photo", photo=p,
                        reason="photo: the page's metadata (no figure shown)")
                  for p in meta_photos]
        extra: dict[str, object] = {}
        has_head = {"headline": headline_index is not None, "byline": False}
        first_paragraph = True
        # The page chrome before and after the article region (menus, teasers: most of a
        # page) is no part of the story: it keeps its decision row and goes no further.
        blocks, roles = self.blocks, self.roles
        lead = next((i for i, r in enumerate(roles) if r.reason != _OUTSIDE), len(roles))
        end = next((i + 1 for i in range(len(roles) - 1, lead - 1, -1)
                    if roles[i].reason != _OUTSIDE), lead)
        outside = [Decision((b.line, b.line), b.text, "junk", _OUTSIDE)
                   for b in blocks[:lead]], [Decision((b.line, b.line), b.text, "junk", _OUTSIDE)
                                             for b in blocks[end:]]
        # The element path of every block the article region was chosen among; the blocks
        # outside it say so in their reason, and their paths would cost a twentieth of the
        # parse.
        labels: dict[etree._Element, str] = {}
        junk: list[tuple[int, Decision]] = []  # (chunks before it, its row)
        for i in range(lead, end):
            block, r = blocks[i], roles[i]
            role, reason = r.role or "junk", r.reason or "junk"
            origin = "" if reason == _OUTSIDE else _element_path(block, labels)
            if role == "paragraph" and block.raw is not None and _looks_like_copy(block.raw):
                copy = _read_wire_copy(block.raw, dataclasses.replace(
                    self.options, reference_date=reference or self.options.reference_date))
                if first_paragraph and copy.dateline is not None:
                    d = copy.dateline
                    extra["dateline"] = MarkupDateline(d.text, d.city, d.country, d.date_text,
                                                       origin)
                first_paragraph = first_paragraph and not copy.body
                chunks.extend(_copy_chunks(block, copy, origin, has_head))
                continue
            text = block.text if role in ("junk", "photo") else _clean_block(block.text)
            if not text:
                role = "junk"
            if role == "paragraph" and first_paragraph:
                first_paragraph = False
                if block.dateline and block.text.startswith(block.dateline):
                    # Marked up as a dateline ("<span class=dateline>BRUSSELS</span> The EU
                    # said"): the dateline where the text prints none in a known style.
                    extra["dateline"] = MarkupDateline(block.dateline.strip(), origin=origin)
            photo = figures.get(i)
            if role == "junk" or (role == "photo" and photo is None):
                # Junk by the page's own evidence (hints, links, position), and the further
                # pieces of a figure whose photo its first piece carries, need no shared rule:
                # their decision rows join the shared stages' rows in page order.
                junk.append((len(chunks), Decision((block.line, block.line), block.text,
                                                   role, reason, origin)))
                continue
            has_head["byline"] = has_head["byline"] or role == "byline"
            chunks.append(Chunk(text, block.line, block.line, i + 1, origin, role,
                                block.link_density, block.tag, (), photo, reason))
        title = self._meta_headline()
        article = read_chunks(chunks, DocumentMeta(
            title=title, site_name=meta.site_name, published=meta.published, body_located=True,
            title_origin="metadata: " + ("headline" if meta.headline else "<title>"),
            extra=extra), self.options)
        byline = article.byline
        if byline is None:
            byline = self._meta_byline()
            if byline:
                from_meta.append(_meta_row(byline, "byline",
                                           "byline: the page's metadata (none printed)",
                                           "author"))
        return dataclasses.replace(article, byline=byline or None, decisions=(
            *from_meta, *outside[0], *_interleave(article.decisions, chunks, junk),
            *outside[1]))

    def _meta_headline(self) -> str | None:
        options = self._headline_options()
        return options[0] if options else None

    def _meta_byline(self) -> str | None:
        names = [n for n in self.meta.authors if _person_like(n, self.meta.site_name)]
        if not names:
            return None
        return _clean(" and ".join(names[:4]))

    def _photos(self) -> tuple[dict[int, Photo], list[Photo]]:
        """One photo per figure (or caption/credit outside a figure) that has a role 'photo',
        keyed by the figure's first block; the page's metadata photos where there is none."""
        groups: dict[int, list[int]] = {}
        for i, (block, role) in enumerate(zip(self.blocks, self.roles, strict=True)):
            if role.role != "photo":
                continue
            # A caption and its credit outside any figure markup are siblings in one box.
            if block.figure is not None:
                key = id(block.figure)
            else:
                key = id(block.path[-2] if len(block.path) > 1 else block.path[-1])
            groups.setdefault(key, []).append(i)
        photos: dict[int, Photo] = {}
        for members in groups.values():
            photo = _photo_of([self.blocks[i] for i in members], self.knowledge)
            if photo is not None:
                photos[members[0]] = _credit_from_meta(photo, self.meta.photos)
        return photos, [] if photos else list(self.meta.photos)


def _opens_teaser_list(block: TextBlock) -> bool:
    """Whether ``block`` is the heading of the first of ``TEASER_MIN_ITEMS`` or more list
    items that each hold a heading: a list of other stories, one heading and summary each."""
    if block.tag not in HEADING_TAGS or block.tag == "h1":
        return False
    item = next((el for el in reversed(block.path) if el.tag == "li"), None)
    if item is None or item.getprevious() is not None:
        return False
    parent = item.getparent()
    if parent is None:
        return False
    headed = sum(1 for el in parent if el.tag == "li"
                 and next(el.iter(*HEADING_TAGS), None) is not None)
    return headed >= TEASER_MIN_ITEMS


def _split_scope(container: etree._Element) -> etree._Element:
    """Where the other parts of a split body may sit: the container's ancestor
    ``SPLIT_SCOPE_LEVELS`` up, never ``<body>`` (the container itself when it has none)."""
    scope = container
    for _ in range(SPLIT_SCOPE_LEVELS):
        parent = scope.getparent()
        if parent is None or parent.tag == "body":
            break
        scope = parent
    return scope


def _depth(el: etree._Element) -> int:
    return sum(1 for _ in el.iterancestors())


def _interleave(decisions: tuple[Decision, ...], chunks: list[Chunk],
                junk: list[tuple[int, Decision]]) -> list[Decision]:
    """The shared stages' rows (one per chunk, in order, plus rows of their own such as a cut
    trailer) with the reader's junk rows put back where their blocks stood."""
    out: list[Decision] = []
    pending = iter(junk)
    nxt = next(pending, None)
    seen = 0  # chunks whose row has been put out
    for decision in decisions:
        if seen < len(chunks) and decision.text == chunks[seen].text and (
                decision.lines == (chunks[seen].first_line, chunks[seen].last_line)):
            while nxt is not None and nxt[0] <= seen:
                out.append(nxt[1])
                nxt = next(pending, None)
            seen += 1
        out.append(decision)
    if nxt is not None:
        out.append(nxt[1])
    out.extend(row for _, row in pending)
    return out


def _copy_chunks(block: TextBlock, copy: Article, origin: str,
                 has_head: dict[str, bool]) -> list[Chunk]:
    """Wire copy in a ``<pre>``, read by the text pipeline (hard wraps re-joined, dateline,
    trailers and end marks), as chunks: the page has its headline, so the text rules' head
    lines of the copy are its opening lines, kept as text."""
    reason = "paragraph: wire copy in <pre>, read by the text rules"

    def chunk(text: str, declared: str) -> Chunk:
        return Chunk(text, block.line, block.line, 0, origin, declared, 0.0, block.tag,
                     reason=reason)

    chunks: list[Chunk] = []
    for field, text in (("headline", copy.headline), ("byline", copy.byline)):
        if text and not has_head[field]:
            has_head[field] = True
            chunks.append(chunk(text, field))
        elif field == "headline" and text:
            chunks.append(chunk(text, "paragraph"))
    if copy.standfirst:
        chunks.append(chunk(copy.standfirst, "paragraph"))
    chunks.extend(chunk(b.text, b.type) for b in copy.body)
    return chunks


def _photo_of(blocks: list[TextBlock], knowledge: Knowledge | None = None) -> Photo | None:
    """The caption and credit of one figure (or of a caption box outside figure markup)."""
    pieces = [b for b in blocks if not FIGURE_CONTROLS.match(b.text)]
    # Inside a figure, marked captions win over other text (player buttons, alt labels).
    captions = [b.text for b in pieces if b.caption and not b.credit] or [
        b.text for b in pieces if not b.credit and b.figure is not None]
    credits = [c for c in (_credit_text(b.text, knowledge) for b in pieces if b.credit) if c]
    caption = _clean(" ".join(captions)) or None
    credit = credits[0] if credits else None
    if caption:
        caption = CAPTION_LABEL.sub("", caption)  # "Image caption, Crowds at the pier"
        # "Peskov in Moscow. (AP Photo/Evan Vucci)" or a credit line glued to the caption.
        m = (credit_patterns(knowledge).trailing.match(caption)
             or _agency_credit(knowledge).match(caption))
        if m is not None:
            credit = credit or m.group("credit").strip()
            caption = m.group("caption").strip()
        elif credit and caption.endswith(credit):
            caption = caption[: -len(credit)].rstrip(" ,;|-–—©(") or None
        elif credit_of(caption, knowledge) is not None:
            credit, caption = credit or credit_of(caption, knowledge), None
        else:
            # "… (Photo by Jane Roe via Getty Images)", "… Image source, Getty Images"
            caption, found = split_caption_credit(caption)
            credit = credit or found
    if caption and match_junk(caption, ("any",), knowledge) is not None:
        caption = None  # "Enlarge this image", "Toggle caption"
    if caption is None and credit is None:
        return None
    return Photo(caption, credit)


def _looks_like_copy(raw: str) -> bool:
    """Prose, not code or a table: few of the symbols that code and ASCII art are made of."""
    symbols = sum(raw.count(c) for c in _CODE_SYMBOLS)
    return symbols <= CODE_SYMBOL_SHARE * len(raw) and _SENTENCE_PUNCT.search(raw) is not None


# why: wire copy has a bracket or a slash per sentence at most (~1 %); code has one in every
# few characters; 3 % keeps copy with lists and prices in and code out.
CODE_SYMBOL_SHARE = 0.03
_CODE_SYMBOLS = "{}[]();=<>$#*\\|_"
_SENTENCE_PUNCT = re.compile(r"\w[.!?][\"”’]?\s")


def _read_wire_copy(raw: str, options: ParseOptions) -> Article:
    """A ``<pre>`` of wire copy through the plain-text pipeline (the same stages a .txt goes
    through), so its wraps, dateline and trailers follow the text rules."""
    from ..pipeline import parse_text

    return parse_text(raw, options)


def _agency_credit(knowledge: Knowledge | None) -> re.Pattern[str]:
    """A caption whose last sentence is followed by an agency-signed credit:
    "Firefighters at the mill on Monday. REUTERS/Jane Roe" (any case, "/File" allowed)."""
    k = knowledge or default_knowledge()

    def build() -> re.Pattern[str]:
        forms = sorted(k.photo_credit_forms, key=len, reverse=True)
        agencies = "|".join(re.escape(f) for f in forms) or "(?!)"
        return re.compile(
            rf"(?P<caption>.{{3,600}}?[.!?”\"])\s(?P<credit>(?i:{agencies})(?:\s(?i:photos?|"
            rf"pictures))?\s?/\s?{_CREDIT_NAME}(?:\s?/\s?(?i:file))?)$")

    return k.memo("html-agency-caption-credit", build)


_CREDIT_NAME = r"[^\W\d_][\w.'’\-]*(?:\s[^\W\d_][\w.'’\-]*){0,3}"


def _credit_text(text: str, knowledge: Knowledge | None = None) -> str | None:
    """A credit as the document gives it: "(Image credit: Blue Origin)" → "Blue Origin"."""
    text = _clean(text)
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    text = credit_of(text, knowledge) or split_caption_credit(text)[1] or text
    if not text or match_junk(text, ("any",), knowledge) is not None:
        return None  # a page date or a "Get short URL" button in the credit box
    return text


def _credit_from_meta(photo: Photo, meta_photos: tuple[Photo, ...]) -> Photo:
    if photo.credit is not None or photo.caption is None:
        return photo
    for other in meta_photos:
        if other.caption and other.credit and _same_text(other.caption, photo.caption):
            return Photo(photo.caption, other.credit)
    return photo


def _byline_name(text: str, knowledge: Knowledge | None = None) -> str | None:
    """The person(s) of a byline: "By Jane Roe - Nov 19, 2019, 1:04 pm" → "Jane Roe"."""
    text = _clean(prefix_pattern(knowledge).sub("", text))
    if not text or text.lower() in BYLINE_PREFIXES:  # the word "By" and no name
        return None
    return without_date(text) or None


def _clean(text: str) -> str:
    return " ".join(repair(text).split())


def _clean_block(text: str) -> str:
    """``_clean`` for a block's text, whose whitespace the walk has collapsed already: only
    text that repair changed is collapsed again."""
    repaired = repair(text)
    return text if repaired is text else " ".join(repaired.split())


def _words(text: str) -> set[str]:
    if text.isascii():  # lower-casing ASCII moves no word boundary: one call, not one a word
        return set(_WORD.findall(text.lower()))
    return {w.lower() for w in _WORD.findall(text)}


def _too_many_missing(count: int) -> int:
    """How many of a headline's ``count`` words a block may not miss: with that many gone, its
    ``_overlap`` with the headline is under HEADLINE_SAME whatever else it holds.

    >>> _too_many_missing(6), _too_many_missing(20)
    (1, 4)
    """
    return next(k for k in range(1, count + 1) if (count - k) / count < HEADLINE_SAME)


def _may_hold_one(text: str, keys: list[str]) -> bool:
    """Whether ``text`` may hold one of the lower-case words ``keys``. A test for ASCII text
    only, where every word of ``_words`` is a piece of the lower-cased text; other text (whose
    case mapping can hang on the next word) is never ruled out."""
    if not text.isascii():
        return True
    lower = text.lower()
    for key in keys:  # noqa: SIM110 - a plain loop: any() over a generator is slower here
        if key in lower:
            return True
    return False


def _overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / max(len(a), len(b))


def _same_text(a: str, b: str) -> bool:
    return _overlap(_words(a), _words(b)) >= 0.9


def _strip_site(title: str, site_name: str | None) -> str:
    """"Rain stops play - Example News" → "Rain stops play": a first or last part of a title
    that names the site is cut off; the rest stays as printed."""
    seps = list(_TITLE_SEPARATORS.finditer(title))
    if not seps or not site_name:
        return title
    site = _words(site_name)
    if _overlap(_words(title[seps[-1].end():]), site) >= SITE_NAME_MATCH:
        return title[:seps[-1].start()]
    if _overlap(_words(title[:seps[0].start()]), site) >= SITE_NAME_MATCH:
        return title[seps[0].end():]
    return title


def _person_like(name: str, site_name: str | None) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 5 or name.startswith(("http", "www.")):
        return False
    if site_name and _overlap(_words(name), _words(site_name)) >= 0.5:
        return False
    return all(w[:1].isupper() for w in words if w.lower() not in ("de", "van", "von", "da", "al"))
