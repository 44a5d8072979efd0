"""Rule fixtures: every case of tests/rules/*.txt through ``wireparse.parse``.

The format is described in ``tests/rule_fixtures.py``; each case is named FILE:LINE. A
failing case prints what the parser did in the fixture's own format, ready to compare.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import wireparse
from rule_fixtures import Case, opens_with_word, read_folder, rule_of
from wireparse.render.tabular import lookup  # the dotted paths the CSV writer reads

RULES = Path(__file__).parent / "rules"
CASES = list(read_folder(RULES))


def test_the_fixture_folder_is_read() -> None:
    assert len(CASES) >= 10
    assert len({case.id for case in CASES}) == len(CASES)


def _shown(article: wireparse.Article) -> str:
    return "\n".join(f"{d.role}: {rule_of(d.reason, d.role)} | {' '.join(d.text.split())[:60]}"
                     for d in article.decisions)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_rule_fixture(case: Case) -> None:
    article = wireparse.parse(case.input.encode("utf-8"), reference_date=case.reference_date)
    got = article.decisions
    context = f"{case.id} {case.title}\nthe parser decided:\n{_shown(article)}"
    assert len(got) == len(case.decisions), f"block count differs\n{context}"
    for number, (want, decision) in enumerate(zip(case.decisions, got, strict=True), start=1):
        where = f"block {number}\n{context}"
        assert decision.role == want.role, where
        if want.rule is not None:
            assert opens_with_word(rule_of(decision.reason, decision.role), want.rule), where
        if want.text is not None:
            assert " ".join(decision.text.split()).startswith(want.text), where
    document = article.to_dict()
    for check in case.fields:
        value = lookup(document, check.path)
        if check.length:
            assert value is not None and len(value) == int(check.value or 0), \
                f"len({check.path}) is {len(value) if value is not None else None}\n{context}"
        else:
            assert value == check.value, f"{check.path} is {value!r}\n{context}"
