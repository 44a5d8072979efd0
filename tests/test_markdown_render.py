"""wireparse's Markdown rendered by a real Markdown renderer (markdown-it-py, CommonMark and
its default GFM-like preset) shows exactly the document's words — escaping holds against text
that looks like markup — with the byline and photo captions visible, and front matter that
pandoc and static-site tools read (title, author, date). The round trip stays exact."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

import wireparse
from wireparse import Article, Block, Dateline, Photo

# Text that is markup somewhere: emphasis, AP's ``quote marks'', code, list starts, a rule,
# raw HTML (a live <script> when rendered unescaped), entities, links, images, headings,
# quotes, pandoc's math, strikeout, super/subscript, attributes, smart dashes and ellipses.
NASTY = [
    "*Rain* falls on _three_ fields", "``It will rain,'' the forecaster said.",
    "`code` and ``double``", "1. first", "2) second", "- item", "+ plus", "* star",
    "---", "***", "___", "=== underline", "<script>alert(1)</script> stays text",
    "&amp; and &#169; and &copy; stay as written, AT&T too", "[a link](http://x.invalid)",
    "![an image](x.png)", "# not a heading", "## nor this", "> nor a quote",
    "\\ a backslash \\* and \\\\ two", "$5 and $6 billion", "~~struck~~ ~sub~ ^sup^",
    "Title {#id .class}", "well -- known --- dashes...", "(a) lettered", "(1) numbered",
    "iv) roman", "A. Smith said", "| a line block", ": a definition", "% a title block",
    "<http://autolink.invalid>", "trailing backslash \\", "hash tags #news #2024",
    "emoji :smile: stays", "a_b_c snake_case",
]


def visible_blocks(markdown: str, preset: str = "commonmark") -> list[tuple[str, str]]:
    """(element, text) of each block of the rendered body, inline markup dropped."""
    body = markdown.split("\n---\n", 1)[1]
    rendered = MarkdownIt(preset).render(body)
    blocks = []
    for tag, inner in re.findall(r"<(h1|h2|p)>(.*?)</\1>", rendered, flags=re.S):
        blocks.append((tag, html.unescape(re.sub(r"<[^>]+>", "", inner))))
    return blocks


def expected_blocks(article: Article) -> list[tuple[str, str]]:
    blocks = []
    if article.headline:
        blocks.append(("h1", article.headline))
    if article.standfirst:
        blocks.append(("p", article.standfirst))
    if article.byline:
        blocks.append(("p", f"By {article.byline}"))
    for photo in article.photos:
        parts = [p for p in (photo.caption, photo.credit) if p]
        blocks.append(("p", f"Photo: {parts[0]} ({parts[1]})" if len(parts) == 2
                       else f"Photo: {parts[0]}"))
    body = [(b.type, b.text) for b in article.body]
    if article.dateline:
        body[0] = ("paragraph", f"{article.dateline.text} {body[0][1]}")
    blocks += [("h2" if kind == "subheading" else "p", text) for kind, text in body]
    return blocks


def nasty_article(texts: list[str]) -> Article:
    return Article(
        headline=texts[0], standfirst=texts[1], byline=texts[2],
        photos=(Photo(texts[3], texts[4]), Photo(None, texts[5])),
        dateline=Dateline(text="LONDON, June 3 (Reuters) -", city="London", date="2024-06-03",
                          date_text="June 3", agency="Reuters"),
        body=tuple(Block("subheading" if i % 5 == 4 else "paragraph", t)
                   for i, t in enumerate(texts[6:])),
        source="wire/*odd* name.txt",
    )


@pytest.mark.parametrize("preset", ["commonmark", "default"])
@pytest.mark.parametrize("shift", range(0, len(NASTY), 7))
def test_rendered_markdown_shows_exactly_the_words(preset: str, shift: int) -> None:
    texts = NASTY[shift:] + NASTY[:shift]  # every nasty text in every position
    article = nasty_article(texts)
    markdown = article.to_markdown()
    assert visible_blocks(markdown, preset) == expected_blocks(article)
    rendered = MarkdownIt(preset).render(markdown.split("\n---\n", 1)[1])
    assert "<script>" not in rendered
    assert wireparse.parse(markdown).to_dict() == article.to_dict()  # the round trip


def test_a_parsed_story_renders_with_byline_and_captions_visible() -> None:
    story = ("Rain stops play\n\nGroundsmen covered the square before noon\n\nBy Jane Roe\n\n"
             "A groundsman at Lord's\n© Jo Doe/Reuters\n\nLONDON, June 3, 2024 (Reuters) - It "
             "rained all day at Lord's, and *nobody* played. ``It's over,'' a steward said.\n")
    article = wireparse.parse(story, source="rain.txt")
    assert article.byline == "Jane Roe" and article.photos
    markdown = article.to_markdown()
    blocks = visible_blocks(markdown)
    assert blocks == expected_blocks(article)
    assert ("p", "By Jane Roe") in blocks
    assert any(text.startswith("Photo: ") and "Jo Doe/Reuters" in text for _, text in blocks)
    assert wireparse.parse(markdown) == article


def test_front_matter_gives_title_author_and_date_and_keeps_wireparse_keys() -> None:
    article = nasty_article(NASTY)
    front = yaml.safe_load(article.to_markdown().split("---\n")[1])
    assert list(front)[:4] == ["byline", "dateline", "photos", "source"]
    assert front["byline"] == article.byline  # exact, for the round trip
    assert front["source"] == "wire/*odd* name.txt"
    # For pandoc and static-site tools, which render these as Markdown: escaped.
    assert visible_inline(front["title"]) == article.headline
    assert visible_inline(front["author"]) == article.byline
    assert front["date"] == "2024-06-03"


def visible_inline(markdown: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", MarkdownIt("commonmark").renderInline(markdown)))


def test_no_date_for_tools_when_the_year_is_unknown() -> None:
    article = Article(headline="Hi", dateline=Dateline(text="MOSCOW, February 7. /TASS/.",
                                                       date="--02-07"))
    front = yaml.safe_load(article.to_markdown().split("---\n")[1])
    assert "date" not in front and front["title"] == "Hi" and "author" not in front


def test_the_cli_markdown_renders_the_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from wireparse.cli import cli

    seed = Path(__file__).parent / "fixtures" / "cli"
    monkeypatch.chdir(seed)
    markdown = CliRunner().invoke(cli, ["parse", "seed.txt", "-f", "md"]).stdout
    article = wireparse.parse((seed / "seed.txt").read_bytes(), source="seed.txt")
    assert visible_blocks(markdown) == expected_blocks(article)


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed here")
@pytest.mark.parametrize("shift", range(0, len(NASTY), 7))
def test_pandoc_shows_exactly_the_words(shift: int) -> None:
    """pandoc's Markdown has more live syntax than CommonMark (math, strikeout, sub- and
    superscript, attributes, fancy lists, smart dashes): all escaped. Its smart quotes only
    curl straight quote marks (`-f markdown-smart` keeps them straight), so they are off."""
    texts = NASTY[shift:] + NASTY[:shift]
    article = nasty_article(texts)
    rendered = subprocess.run(["pandoc", "-f", "markdown-smart", "-t", "html"],
                              input=article.to_markdown(), capture_output=True, text=True,
                              timeout=120, check=True).stdout
    blocks = [(tag, html.unescape(re.sub(r"<[^>]+>", "", inner)).replace("\n", " "))
              for tag, inner in re.findall(r"<(h1|h2|p)[^>]*>(.*?)</\1>", rendered, flags=re.S)]
    assert blocks == expected_blocks(article)
    assert "<script" not in rendered
