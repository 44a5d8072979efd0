"""Properties of the document: the Markdown round trip is stable.

``parse(a.to_markdown(), input_format="md").to_dict() == a.to_dict()`` for an article ``a``
parsed from any input (wire text, HTML, mutated fixtures) and for any document the schema
allows (generated directly), since SPEC.md promises that wireparse reads its own Markdown back
to the same document. Sniffing (``input_format="auto"``) must recognise it too.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import wireparse
from wireparse import Article, Block, Dateline, Photo, WireparseError
from wireparse.schema import schema

HERE = Path(__file__).parent
SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "000_tass_maduro.txt"

PROPERTY = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
    derandomize=True,  # reproducible in CI; benchmarks/fuzz.py checks the same property widely
)


def assert_round_trip(article: Article, input_format: str = "md") -> None:
    markdown = article.to_markdown()
    again = wireparse.parse(markdown, input_format=input_format)  # type: ignore[arg-type]
    assert again.to_dict() == article.to_dict(), markdown


def parsed_or_none(data: bytes | str, input_format: str = "auto") -> Article | None:
    try:
        return wireparse.parse(data, input_format=input_format)  # type: ignore[arg-type]
    except WireparseError:
        return None


# --- from parsed input ----------------------------------------------------------------------

FRAGMENTS = (
    "MOSCOW, February 7. /TASS/.", "LONDON, June 3 (Reuters) -", "KHARKIV, Ukraine (AP) —",
    "WASHINGTON —", "By Jane Roe", "© Vitaliy Nevar/TASS", "A man at a desk (AP Photo/Jo Doe)",
    "Read also: Rain again", "Advertisement", "(Reporting by Jane Roe; Editing by John Doe)",
    "Rain stops play at Lord's", "Groundsmen covered the square before noon on Saturday",
    "The committee met on Tuesday to discuss the budget.", "Slow-motion coup",
    "# not a heading", "## nor this", "> nor a quote", "\\ backslash", "---", "- item",
    "* * *", "1. first", "\"quoted,\" she said.", "a: b", "null", "~", "true", "'single'",
    "key: [1, 2]", "&amp; &lt;", "\u00e9\u0301", "Ελληνικά", "中文", "😀", "\u00a0", "\u2028",
)
SEPARATORS = ("\n", "\n\n", "\r\n", " ", "\n   ", "")


@st.composite
def wire_texts(draw: st.DrawFn) -> str:
    pieces = st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(FRAGMENTS),
                       st.text(max_size=30))
    parts = draw(st.lists(st.tuples(pieces, st.sampled_from(SEPARATORS)), max_size=25))
    return "".join(p + s for p, s in parts)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    tags = st.sampled_from(("p", "h1", "h2", "div", "figure", "figcaption", "span", "b",
                            "article", "time", "blockquote"))
    blocks = draw(st.lists(st.tuples(tags, st.sampled_from(FRAGMENTS)), min_size=1,
                           max_size=12))
    body = "".join(f"<{tag}>{text}</{tag}>" for tag, text in blocks)
    return f"<!DOCTYPE html><html><head><title>T</title></head><body>{body}</body></html>"


@PROPERTY
@given(text=wire_texts())
def test_round_trip_of_parsed_wire_text(text: str) -> None:
    article = parsed_or_none(text)
    if article is not None:
        assert_round_trip(article)


@PROPERTY
@given(page=html_pages())
def test_round_trip_of_parsed_html(page: str) -> None:
    article = parsed_or_none(page, "html")
    if article is not None:
        assert_round_trip(article)


@functools.cache
def fixture_inputs() -> tuple[Path, ...]:
    paths = [p for p in sorted((HERE / "fixtures").rglob("*"))
             if p.suffix in (".txt", ".html") and p.is_file()]
    if SHARED_SEED.is_file():
        paths.append(SHARED_SEED)
    return tuple(paths)


@pytest.mark.parametrize("path", fixture_inputs(), ids=lambda p: p.name)
def test_round_trip_of_every_fixture(path: Path) -> None:
    article = parsed_or_none(path.read_bytes())
    if article is not None:
        assert_round_trip(article)
        assert_round_trip(article, "auto")


# --- from any document the schema allows -----------------------------------------------------

# One line, whitespace collapsed: what the schema's "line" and body text allow.
line_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\n\r\t"),
    min_size=1, max_size=40,
).map(lambda s: " ".join(s.split())).filter(bool)
marky_text = st.one_of(line_text, st.sampled_from(FRAGMENTS).map(lambda s: " ".join(s.split()))
                       .filter(bool))
optional = st.one_of(st.none(), marky_text)
iso_date = st.one_of(st.none(), st.sampled_from(("--02-07", "2019-02-07", "1990-12-31")))

datelines = st.builds(Dateline, text=marky_text, city=optional, country=optional, date=iso_date,
                      date_text=optional, agency=optional)
blocks = st.builds(Block, type=st.sampled_from(("paragraph", "subheading")), text=marky_text)
articles = st.builds(
    Article,
    headline=optional, standfirst=optional, byline=optional,
    photos=st.lists(st.builds(Photo, caption=optional, credit=optional), max_size=3).map(tuple),
    dateline=st.one_of(st.none(), datelines),
    body=st.lists(blocks, max_size=6).map(tuple),
)


# why: shrinking a failing generated document takes minutes (every field varies); the
# unshrunk example is small enough to read.
NO_SHRINK = settings(PROPERTY, phases=[Phase.explicit, Phase.reuse, Phase.generate])


@NO_SHRINK
@given(article=articles)
def test_round_trip_of_any_valid_document(article: Article) -> None:
    jsonschema.validate(article.to_dict(), schema())
    assert_round_trip(article)


@NO_SHRINK
@given(article=articles)
def test_rendered_markdown_is_sniffed_as_markdown(article: Article) -> None:
    assert_round_trip(article, "auto")


def test_round_trip_of_an_empty_document() -> None:
    assert_round_trip(Article())
    assert_round_trip(Article(), "auto")


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\x7f", "\x85", "\x9a"], ids=repr)
def test_round_trip_with_characters_yaml_refuses_in_the_front_matter(char: str) -> None:
    """Noncharacters pass the text repair into the byline; the front matter must still read."""
    article = parsed_or_none(f"Rain stops play\n\nBy Jo{char} Roe\n\n"
                             "LONDON, June 3 (Reuters) - It rained.\n")
    assert article is not None
    assert_round_trip(article)
    assert_round_trip(Article(byline=f"Jo{char} Roe", photos=(Photo(f"A{char}", None),)))


def test_round_trip_of_an_article_with_thousands_of_photos() -> None:
    """A 50 KB gallery page's text gives ~3,000 photos; their front matter must still read
    back (a cap on front matter size must not refuse wireparse's own output)."""
    names = [f"{a}{b}{c}" for a in "BCDFGHJKLM" for b in "aeiou" for c in "bdgklmnprstvxz"]
    credits = [f"© {first} {last}/TASS" for first in names[:5] for last in names[:600]]
    text = "Gallery\n\n" + "\n\n".join(credits)
    article = parsed_or_none(text)
    assert article is not None and len(article.photos) == 3000
    assert_round_trip(article)
