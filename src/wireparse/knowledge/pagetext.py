"""What the locator knows of page text (data: ``data/pagetext.toml``, one row per language): stop
words, and the page's language told from them; headings that close a story.

>>> page_language("the minister said that it was in the interest of all".split())
'en'
>>> stop_density("the minister met farmers".split(), "en")
0.25
>>> is_closer("Comments (33)"), is_closer("Leave a Reply"), is_closer("Comments on the plan")
(True, True, False)
>>> is_closer("More from The Daily Example"), is_closer("12 thoughts on “Rain stops play”")
(True, True)
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from importlib import resources

DATA_VERSION = 1
# why: a page whose words are under 8% the stop words of any language we know (Korean, Chinese,
# a table of figures) is read by length and punctuation only; a wrong list would call its
# prose chrome.
LANGUAGE_MIN_SHARE = 0.08


@functools.cache
def _data() -> dict[str, dict[str, str]]:
    raw = resources.files(__package__).joinpath("data", "pagetext.toml").read_text(encoding="utf-8")
    data = tomllib.loads(raw)
    if data.get("version") != DATA_VERSION:
        raise ValueError(f"pagetext.toml: version {data.get('version')!r}, "
                         f"expected {DATA_VERSION}")
    return data


@functools.cache
def stopwords() -> dict[str, frozenset[str]]:
    """{language: stop words}, read once from the package's data file."""
    return {lang: frozenset(words.split()) for lang, words in _data()["stopwords"].items()}


@functools.cache
def closers() -> frozenset[str]:
    """Every language's story-closing headings, lower case (prefixes without their " *")."""
    return frozenset(line.strip() for phrases in _data()["closers"].values()
                     for line in phrases.splitlines() if line.strip() and not line.endswith("*"))


@functools.cache
def closer_prefixes() -> tuple[str, ...]:
    """The closing headings that open a block ("more from …"), lower case."""
    return tuple(line.strip()[:-1] for phrases in _data()["closers"].values()
                 for line in phrases.splitlines() if line.strip().endswith(" *"))


@functools.cache
def tools() -> frozenset[str]:
    """Every language's page-tool words, lower case."""
    return frozenset(word for words in _data()["tools"].values() for word in words.split())


# "Comments (33)", "12 comments", "Comments: 4" -> "comments"
# A count ("Comments (33)") or a link arrow ("Comments »") around the heading's words.
_COUNT_CHARS = "0123456789()[]:. »›→↓"
# why: a closing heading is a few words; a longer block only mentions one.
CLOSER_MAX_CHARS = 40


# The story's title quoted after a comment heading ("12 thoughts on “Rain stops play”"), as
# blog engines print it: cut before the heading is looked up.
# why: a story's title is a line; a longer quote closing a block is no heading's.
QUOTED_TITLE_MAX_CHARS = 200
_CLOSING_QUOTES = frozenset("”\"»“’'")
_QUOTED_TITLE = re.compile(
    r"\s[“\"«„‘'][^“”\"«»„]{1," + str(QUOTED_TITLE_MAX_CHARS) + r"}[”\"»“’']$")


def is_closer(text: str) -> bool:
    """Is ``text`` a heading that closes a story (comments, a reply form)?"""
    if text[-1:] in _CLOSING_QUOTES and len(text) <= CLOSER_MAX_CHARS + QUOTED_TITLE_MAX_CHARS:
        text = _QUOTED_TITLE.sub("", text)
    if len(text) > CLOSER_MAX_CHARS:
        return False
    text = text.lower().strip(_COUNT_CHARS)
    return text in closers() or text.startswith(closer_prefixes())


@functools.cache
def _languages_of() -> dict[str, tuple[str, ...]]:
    """{word: the languages that list it}: one dict lookup per token when telling the language."""
    index: dict[str, list[str]] = {}
    for lang, words in stopwords().items():
        for word in words:
            index.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in index.items()}


def page_language(tokens: Iterable[str]) -> str | None:
    """The language whose stop words make up most of ``tokens`` (lower-case words), or None
    when none reaches ``LANGUAGE_MIN_SHARE``."""
    index = _languages_of()
    words = Counter(tokens)
    total = sum(words.values())
    counts: Counter[str] = Counter()
    for word, n in words.items():
        for lang in index.get(word, ()):
            counts[lang] += n
    if not counts:
        return None
    best, hits = counts.most_common(1)[0]
    return best if hits >= LANGUAGE_MIN_SHARE * total else None


def stop_density(tokens: list[str], language: str | None) -> float:
    """The share of ``tokens`` (lower-case words) that are stop words of ``language``."""
    if not tokens or language is None:
        return 0.0
    words = stopwords()[language]
    return sum(1 for token in tokens if token in words) / len(tokens)
