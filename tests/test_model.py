"""The document model: SPEC keys in SPEC order, and a document read back into an Article."""

from __future__ import annotations

import json
from pathlib import Path

import wireparse
from wireparse.model import Article

SEED = Path(__file__).parent / "fixtures" / "cli"


def test_to_dict_has_the_spec_keys_in_spec_order() -> None:
    assert list(Article().to_dict()) == [
        "headline", "standfirst", "byline", "photos", "dateline", "body", "source"]
    assert Article().to_dict() == {
        "headline": None, "standfirst": None, "byline": None, "photos": [], "dateline": None,
        "body": [], "source": None}
    assert Article().is_empty


def test_from_dict_reads_a_document_back() -> None:
    doc = json.loads((SEED / "seed.json").read_text(encoding="utf-8"))
    article = Article.from_dict(doc)
    assert article.to_dict() == doc
    assert article == wireparse.parse((SEED / "seed.txt").read_bytes(), source="seed.txt")
    assert not article.is_empty


def test_json_lines_form_is_one_line() -> None:
    article = wireparse.parse((SEED / "seed.txt").read_bytes())
    line = article.to_json(indent=None)
    assert "\n" not in line and json.loads(line) == article.to_dict()


def test_source_is_what_the_caller_gave_and_null_without_it() -> None:
    story = b"Rain stops play\n\nLONDON, June 3 (Reuters) - It rained.\n"
    assert wireparse.parse(story).source is None
    assert wireparse.parse(story).to_dict()["source"] is None
    assert wireparse.parse(story, source="in/a.txt").to_dict()["source"] == "in/a.txt"


def test_markdown_keeps_the_source_it_was_made_from() -> None:
    story = b"Rain stops play\n\nLONDON, June 3 (Reuters) - It rained.\n"
    markdown = wireparse.parse(story, source="wire/a.txt").to_markdown()
    assert '\nsource: "wire/a.txt"\n' in markdown
    back = wireparse.parse(markdown, source="a.md")
    assert back.source == "wire/a.txt"
    assert back == wireparse.parse(story, source="wire/a.txt")
