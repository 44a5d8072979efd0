"""Pages copied or scraped whole as text: the article located among the site's chrome, its head
chosen by evidence.

* Golden pages: each tests/fixtures/pasted/NAME.txt (an invented page, one layout each: a
  label, the site's name, a timestamp or a cookie notice above the headline, related lists,
  footers, comments, a mid-page dateline, a kicker, bylines without "By") parses to exactly
  NAME.json, written from SPEC.md and read by hand. ``pytest --update-goldens`` rewrites them:
  read that diff before committing it.
* The evaluation floor on ``../shared/corpus/pasted`` (AEB body F1, DEV and held-out by site,
  see benchmarks/aeb.py): the figures reached may not silently fall.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

import wireparse

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "pasted"
CASES = sorted(FIXTURES.glob("*.txt"))
CORPUS = ROOT.parent / "shared" / "corpus" / "pasted"

# Reached (DEV / held-out): aeb 0.934 / 0.801, l3s-gn1 0.908 / 0.908. The floors sit a
# little under them, for the noise of small rule changes elsewhere; a drop below one is a
# regression to explain, not to wave through.
FLOORS = {
    ("aeb", "dev"): 0.92,
    ("aeb", "held-out"): 0.79,
    ("l3s-gn1", "dev"): 0.89,
    ("l3s-gn1", "held-out"): 0.89,
}
# The whole text passed through, for the record: the locator must stay far above it.
PASS_THROUGH_MARGIN = 0.15


def test_there_are_fifteen_layouts_or_more() -> None:
    assert len(CASES) >= 15
    for txt in CASES:
        assert txt.with_suffix(".json").exists(), f"{txt.name} has no .json beside it"


@pytest.mark.parametrize("txt", CASES, ids=[p.stem for p in CASES])
def test_golden_page(txt: Path, update_goldens: bool) -> None:
    golden = txt.with_suffix(".json")
    got = wireparse.parse(txt.read_bytes()).to_dict()
    if update_goldens:
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        pytest.skip(f"rewrote {golden.name}")
    assert got == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("txt", CASES, ids=[p.stem for p in CASES])
def test_no_chrome_in_the_body(txt: Path) -> None:
    """Whatever the layout, the page's menus, lists, footers and comments stay out."""
    body = " ".join(block.text for block in wireparse.parse(txt.read_bytes()).body)
    for chrome in ("Privacy", "Sign in", "Related stories", "Comments (", "Posted 3 March",
                   "cookies", "Share this", "Most read", "You may also like", "Impressum",
                   "Popular now", "More news", "Advertise"):
        assert chrome not in body, f"{chrome!r} in the body of {txt.name}"


def test_head_decisions_carry_rule_ids_and_evidence() -> None:
    article = wireparse.parse((FIXTURES / "13_title_line_repeats.txt").read_bytes())
    headline = next(d for d in article.decisions if d.role == "headline")
    assert headline.reason == "headline: repeats-title"
    assert "repeats-title +4" in headline.evidence
    # The site's name over the story, the other "Headline | Site" piece of the title line.
    site = next(d for d in article.decisions if d.reason == "head: site-name")
    assert site.text == "Eastside Echo" and site.role == "junk"
    assert "site-name -6" in site.evidence


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")
@pytest.mark.parametrize("folder", sorted({name for name, _ in FLOORS}))
def test_pasted_corpus_floor(folder: str, evaluate: ModuleType) -> None:
    result = evaluate.score_pasted(CORPUS / folder, repeat=1, peers=False)
    assert not result.crashes, result.crashes[:3]
    for part in ("dev", "held-out"):
        f1, _, _, pages = result.summary("wireparse", part)
        assert pages >= 20
        assert f1 >= FLOORS[(folder, part)], f"{folder} {part}: body F1 {f1:.3f}"
        baseline, _, _, _ = result.summary("pass-through", part)
        assert f1 >= baseline + PASS_THROUGH_MARGIN
