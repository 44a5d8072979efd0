"""The shared block model: what a reader declares is kept, the shared rules still run."""

from __future__ import annotations

import pytest

from wireparse.blocks import Chunk, DocumentMeta, read_chunks
from wireparse.model import Photo
from wireparse.options import ParseOptions


def _read(*chunks: Chunk):  # type: ignore[no-untyped-def]
    return read_chunks(list(chunks), DocumentMeta(), ParseOptions())


def test_declared_head_is_taken_and_not_searched_again() -> None:
    article = _read(
        Chunk("Weather desk 0412", origin="p[1]"),
        Chunk("Harbour reopens after storm", origin="hl1", declared="headline"),
        Chunk("Ferries run again on Tuesday.", origin="p[2]", declared="paragraph"),
    )
    assert article.headline == "Harbour reopens after storm"
    assert article.decisions[0].role != "headline"


def test_declared_paragraph_still_loses_its_dateline() -> None:
    article = _read(
        Chunk("Harbour reopens", declared="headline"),
        Chunk("OSLO, May 2 (Reuters) - Ferries ran again on Tuesday.", declared="paragraph"),
    )
    assert article.dateline is not None
    assert (article.dateline.city, article.dateline.agency) == ("Oslo", "Reuters")
    assert article.body[0].text == "Ferries ran again on Tuesday."


def test_declared_paragraph_that_is_an_end_mark_is_junk() -> None:
    article = _read(
        Chunk("Harbour reopens", declared="headline"),
        Chunk("Ferries ran again on Tuesday after the storm had passed.", declared="paragraph"),
        Chunk("Reuter", declared="paragraph"),
    )
    assert [b.text for b in article.body] == [
        "Ferries ran again on Tuesday after the storm had passed."]


def test_declared_subheading_is_kept_even_when_it_looks_like_a_sentence() -> None:
    article = _read(
        Chunk("Harbour reopens", declared="headline"),
        Chunk("Ferries ran again on Tuesday after the storm.", declared="paragraph"),
        Chunk("What happens next.", declared="subheading"),
        Chunk("The port authority will meet on Friday.", declared="paragraph"),
    )
    assert [b.type for b in article.body] == ["paragraph", "subheading", "paragraph"]


def test_declared_photo_and_its_decision_evidence() -> None:
    photo = Photo("The harbour at dawn", "Jane Roe/Example Agency")
    article = _read(
        Chunk("Harbour reopens", declared="headline", origin="hedline/hl1"),
        Chunk("The harbour at dawn", declared="photo", photo=photo, origin="media[1]"),
        Chunk("Ferries ran again on Tuesday.", declared="paragraph"),
    )
    assert article.photos == (photo,)
    head = article.decisions[0]
    assert (head.role, head.reason, head.evidence) == ("headline", "markup: headline",
                                                       "hedline/hl1")


def test_undeclared_chunks_are_classified_as_plain_text() -> None:
    article = _read(Chunk("Harbour reopens", 1, 1, 0),
                    Chunk("OSLO, May 2 (Reuters) - Ferries ran again.", 3, 3, 1))
    assert article.headline == "Harbour reopens"
    assert article.dateline is not None and article.dateline.city == "Oslo"


def test_an_unknown_declared_role_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown declared role"):
        Chunk("x", declared="sidebar")


def test_only_the_first_declared_paragraph_can_hold_the_dateline() -> None:
    article = _read(
        Chunk("Harbour reopens", declared="headline"),
        Chunk("Ferries ran again on Tuesday after the storm.", declared="paragraph"),
        Chunk("Nairobi — Officials there said the same of its port.", declared="paragraph"),
    )
    assert article.dateline is None
    assert len(article.body) == 2


def test_a_dated_or_sourced_dateline_after_a_teaser_paragraph_still_counts() -> None:
    article = _read(
        Chunk("Harbour reopens", declared="headline"),
        Chunk("Ferries ran again on Tuesday after the storm.", declared="paragraph"),
        Chunk("PORTVILLE, May 3 (Reuters) - The harbour reopened.", declared="paragraph"),
    )
    assert article.dateline is not None and article.dateline.agency == "Reuters"
    assert article.standfirst == "Ferries ran again on Tuesday after the storm."


def test_a_bare_city_dateline_after_a_label_paragraph_counts() -> None:
    article = _read(
        Chunk("Harbour reopens", declared="headline"),
        Chunk("The Example Exchange", declared="paragraph"),
        Chunk("PORTVILLE -- The harbour reopened on Tuesday.", declared="paragraph"),
    )
    assert article.dateline is not None and article.dateline.city == "Portville"
    assert [b.text for b in article.body] == ["The harbour reopened on Tuesday."]


def test_a_wire_dateline_after_a_list_of_highlights_still_opens_the_story() -> None:
    notices = [Chunk(f"Highlight number {n} of the release is listed here", declared="paragraph")
               for n in range(6)]
    article = _read(
        Chunk("Company posts record quarter", declared="headline"),
        *notices,
        Chunk("LAKEVILLE, May 26, 2020 (GLOBE NEWSWIRE) -- The company reported record sales.",
              declared="paragraph"),
        Chunk("Its shares rose.", declared="paragraph"),
    )
    assert article.dateline is not None and article.dateline.city == "Lakeville"
    assert [b.text for b in article.body] == ["The company reported record sales.",
                                              "Its shares rose."]


def test_a_bare_city_that_far_down_is_body_copy() -> None:
    notices = [Chunk(f"Highlight number {n} of the release is listed here", declared="paragraph")
               for n in range(6)]
    article = _read(Chunk("Company posts record quarter", declared="headline"), *notices,
                    Chunk("LAKEVILLE -- The company reported record sales.", declared="paragraph"))
    assert article.dateline is None
    assert len(article.body) == 7
