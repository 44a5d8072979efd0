"""Evaluation floors on the shared development corpus: they may not silently fall.

The floors are the issue's acceptance levels; the corpus lives beside the repository
(``../shared/corpus``), so the test is skipped where it is absent.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "wire"

FLOORS = {
    "headline": 0.95,
    "dateline.city": 0.97,
    "dateline.date": 0.97,
    "dateline.agency": 0.97,
    "body_first_words": 0.95,
}


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
def test_wire_corpus_floors(evaluate: ModuleType) -> None:
    result = evaluate.score(CORPUS)
    assert result.stories >= 400
    assert result.crashes == 0, result.failures[:5]
    low = {key: round(result.accuracy(key), 3) for key in FLOORS
           if result.accuracy(key) < FLOORS[key]}
    assert not low, f"below the floor: {low}"


FORMATS = ROOT.parent / "shared" / "corpus" / "formats"
# The agency-format folders' figures when the readers landed (docs/formats.md; DEV files, so a
# floor, not a target): a change to the shared stages that costs these fields fails here.
# Fields below 0.95 on DEV are named in the README with the reason (truth conventions, site
# boilerplate); they are held at their level.
FORMAT_FLOORS = {
    "nitf": {"headline": 1.0, "byline": 1.0, "dateline.city": 1.0, "body_first_words": 1.0},
    "newsml12": {"headline": 1.0, "byline": 1.0, "dateline.city": 1.0, "dateline.agency": 1.0,
                 "dateline.date": 1.0, "body_first_words": 1.0, "body": 1.0},
    "newsml-g2": {"headline": 1.0, "byline": 1.0, "dateline.city": 1.0, "dateline.text": 1.0,
                  "dateline.agency": 1.0, "dateline.date": 1.0, "body_first_words": 1.0,
                  "body": 1.0, "photos": 1.0},
    "ninjs": {"headline": 1.0, "standfirst": 1.0, "byline": 1.0, "body_first_words": 1.0,
              "body": 0.66},
    "digitalwires": {"headline": 1.0, "byline": 1.0, "body_first_words": 1.0, "photos": 1.0},
    # Raw wire text (IPTC 7901, ZCZC field-coded copy, a press-release wire): the text reader.
    "raw-wire": {"headline": 1.0, "byline": 1.0, "dateline.city": 1.0, "dateline.date": 1.0,
                 "body_first_words": 1.0},
}


@pytest.mark.skipif(not FORMATS.is_dir(), reason="../shared/corpus is not beside the repository")
@pytest.mark.parametrize("folder", sorted(FORMAT_FLOORS))
def test_agency_format_floors(folder: str, evaluate: ModuleType) -> None:
    result = evaluate.score(FORMATS / folder, repeat=1)
    assert result.stories >= 4
    assert result.crashes == 0, result.failures[:5]
    floors = FORMAT_FLOORS[folder]
    low = {key: round(result.accuracy(key), 3) for key in floors
           if result.accuracy(key) < floors[key]}
    assert not low, f"{folder} below the floor: {low}"
