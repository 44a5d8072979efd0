"""The knowledge tables, row by row."""

from __future__ import annotations

import pytest

from wireparse.knowledge import bylines
from wireparse.knowledge.agencies import AGENCIES, agency_name
from wireparse.knowledge.junk import JUNK_RULES, match_junk


@pytest.mark.parametrize("prefix", bylines.BYLINE_PREFIXES)
def test_every_byline_prefix_introduces_a_name(prefix: str) -> None:
    m = bylines.LINE.match(f"{prefix.title()} Jane Roe")
    assert m is not None and m.group("name") == "Jane Roe"
    assert bylines.PREFIX.sub("", f"{prefix.upper()} Jane Roe") == "Jane Roe"


@pytest.mark.parametrize("row", AGENCIES, ids=lambda row: row.name)
def test_every_printed_form_names_its_agency(row) -> None:  # type: ignore[no-untyped-def]
    for form in (row.name, *row.printed):
        assert agency_name(form.upper()) == row.name
        assert agency_name(f"  {form.lower()} ") == row.name


@pytest.mark.parametrize("rule", JUNK_RULES, ids=lambda rule: f"{rule.name}:{rule.example}")
def test_every_junk_row_matches_its_example(rule) -> None:  # type: ignore[no-untyped-def]
    scopes = (rule.scope,)
    found = match_junk(rule.example, scopes)
    assert found is not None, rule.example
    assert found.scope == rule.scope
