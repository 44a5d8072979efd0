"""Golden articles: each tests/fixtures/text/NAME.txt parses to exactly NAME.json.

The .json files were written by hand from SPEC.md, independently of the parser. Adding a
case is adding a pair of files. ``pytest --update-goldens`` (or WIREPARSE_UPDATE_GOLDENS=1)
rewrites the .json files from the parser's output instead of comparing: review that diff,
never commit it blindly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import wireparse
from wireparse.schema import schema

FIXTURES = Path(__file__).parent / "fixtures" / "text"
CASES = sorted(FIXTURES.glob("*.txt"))
SPEC_KEYS = ["headline", "standfirst", "byline", "photos", "dateline", "body", "source"]


def _dump(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    article_schema = schema()
    cls = jsonschema.validators.validator_for(article_schema)
    cls.check_schema(article_schema)
    return cls(article_schema)


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 33
    for txt in CASES:
        assert txt.with_suffix(".json").exists(), f"{txt.name} has no .json beside it"


@pytest.mark.parametrize("txt", CASES, ids=[p.stem for p in CASES])
def test_golden(txt: Path, update_goldens: bool) -> None:
    golden = txt.with_suffix(".json")
    got = wireparse.parse(txt.read_bytes()).to_dict()
    if update_goldens:
        golden.write_text(_dump(got), encoding="utf-8")
        pytest.skip(f"rewrote {golden.name}")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert list(got) == SPEC_KEYS
    assert got == expected


@pytest.mark.parametrize("txt", CASES, ids=[p.stem for p in CASES])
def test_expected_document_is_valid(txt: Path, validator: jsonschema.protocols.Validator) -> None:
    """The hand-written expectation itself obeys the shipped schema and SPEC key order."""
    expected = json.loads(txt.with_suffix(".json").read_text(encoding="utf-8"))
    assert list(expected) == SPEC_KEYS
    validator.validate(expected)


@pytest.mark.parametrize("txt", CASES, ids=[p.stem for p in CASES])
def test_parsed_document_is_valid(txt: Path, validator: jsonschema.protocols.Validator) -> None:
    """Whatever the parser makes of the file, its document obeys the shipped schema."""
    validator.validate(wireparse.parse(txt.read_bytes()).to_dict())
