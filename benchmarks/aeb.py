"""The Article Extraction Benchmark (AEB) body metric and the DEV/held-out split by site.

Shared by ``html_bench.py`` (HTML pages) and ``evaluate.py`` (pasted page text), so both score
the body the same way:

* both texts are split into ``\\w+`` tokens, then into multisets of token 4-grams (shingles);
* per page, true positives, false positives and false negatives are divided by their sum;
* precision and recall are means over the pages that have them; F1 comes from those two means.

The split: a page's site is the host of its ``url`` without a leading ``www.``; a third of the
sites (chosen by a hash of the site name, fixed before any tuning) are held out. Rules are tuned
on DEV only; the held-out figure says what they do on sites they were not written for.
"""

from __future__ import annotations

import hashlib
import re
import statistics
from collections import Counter
from typing import NamedTuple
from urllib.parse import urlparse

SHINGLE_SIZE = 4  # AEB's n-gram size
# why: a third held out leaves two thirds to learn from and enough held-out pages (~30 and ~100
# of the two pasted folders) for a figure that means something.
HELD_OUT_SHARE = 3
_TOKEN = re.compile(r"\w+")


class Score(NamedTuple):
    tp: float
    fp: float
    fn: float


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The multiset of token 4-grams of ``text`` (one shorter n-gram for a short text).

    >>> sorted(shingles("a b c d e"))
    [('a', 'b', 'c', 'd'), ('b', 'c', 'd', 'e')]
    """
    tokens = _TOKEN.findall(text)
    count = max(1, len(tokens) - SHINGLE_SIZE + 1)
    return Counter(
        gram for gram in (tuple(tokens[i:i + SHINGLE_SIZE]) for i in range(count)) if gram
    )


def score(truth: str, extracted: str) -> Score:
    """True/false positives and false negatives of one page, normalised to sum to 1."""
    want, got = shingles(truth), shingles(extracted)
    tp = float(sum((want & got).values()))
    fp = float(sum((got - want).values()))
    fn = float(sum((want - got).values()))
    total = tp + fp + fn
    return Score(tp / total, fp / total, fn / total) if total else Score(0.0, 0.0, 0.0)


def precision(s: Score) -> float:
    if s.fp == s.fn == 0:
        return 1.0
    return s.tp / (s.tp + s.fp) if s.tp + s.fp else 0.0


def recall(s: Score) -> float:
    if s.fp == s.fn == 0:
        return 1.0
    return s.tp / (s.tp + s.fn) if s.tp + s.fn else 0.0


def f1(s: Score) -> float:
    """One page's F1 (for ranking the worst pages; the summary uses ``summarise``)."""
    p, r = precision(s), recall(s)
    return 2 * p * r / (p + r) if p + r else 0.0


def summarise(scores: list[Score]) -> tuple[float, float, float]:
    """(F1, precision, recall) as AEB computes them: means over pages, F1 of the means."""
    ps = [precision(s) for s in scores if s.tp + s.fp > 0]
    rs = [recall(s) for s in scores if s.tp + s.fn > 0]
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def site_of(url: str | None) -> str:
    """The site a page comes from: its host without "www." ("" when the URL is unknown).

    >>> site_of("https://www.example.com/news/1.html")
    'example.com'
    """
    host = urlparse(url or "").netloc.lower()
    return host.removeprefix("www.")


def held_out(url: str | None, page_id: str = "") -> bool:
    """Is this page in the held-out part? One site in ``HELD_OUT_SHARE``, by a hash of its name
    (a page without a URL is its own site).

    >>> held_out("https://www.example.com/a") == held_out("http://example.com/b")
    True
    """
    site = site_of(url) or page_id
    return hashlib.sha256(site.encode("utf-8")).digest()[0] % HELD_OUT_SHARE == 0
