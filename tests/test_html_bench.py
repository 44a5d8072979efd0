"""The HTML benchmark's timing loop: extractors take turns over runs of pages, and each one's
outputs still line up with the pages."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "html_bench", ROOT / "benchmarks" / "html_bench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["html_bench"] = module  # NamedTuples look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("turn", [1, 2, 20])
def test_turns_keep_each_output_with_its_page(bench: ModuleType, turn: int,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, bytes]] = []

    def extractor(name: str):  # type: ignore[no-untyped-def]
        def extract(data: bytes) -> str:
            calls.append((name, data))
            return f"{name}:{data.decode()}"
        return extract

    monkeypatch.setattr(bench, "EXTRACTORS", {"a": extractor("a"), "b": extractor("b")})
    monkeypatch.setattr(bench, "WARM_UP_PAGES", 0)
    pages = [bench.Page(f"p{i}", str(i).encode(), "", "set", "site") for i in range(5)]
    run = bench.run_all(["a", "b"], pages, repeat=1, turn=turn)
    assert run.outputs == {name: [f"{name}:{i}" for i in range(5)] for name in "ab"}
    assert all(len(times) == 5 for times in run.seconds.values())
    # Both extractors read the same run of pages before the next run starts.
    expected = [(name, str(i).encode()) for first in range(0, 5, turn) for name in "ab"
                for i in range(first, min(first + turn, 5))]
    assert calls == expected


def test_head_view_puts_the_head_fields_before_the_body(bench: ModuleType,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    page = (b"<html><body><article><h1>Ferry service resumes on the lake</h1>"
            b"<p class='byline'>By Ann Example</p>"
            b"<p>The ferry sailed again on Monday after a week of storms kept it in port.</p>"
            b"<p>Passengers queued from dawn, the operator said in a statement.</p>"
            b"</article></body></html>")
    body = bench.wireparse_body(page)
    assert "Ferry service" not in body and body.startswith("The ferry sailed")
    monkeypatch.setattr(bench, "WITH_HEAD", True)
    head = bench.wireparse_body(page).split("\n")
    assert head[:2] == ["Ferry service resumes on the lake", "Ann Example"]
    assert head[2:] == body.split("\n")


# Reached (body F1, DEV / held-out, session of 2026-11-30): AEB 0.985 / 0.981, Big9 0.976 /
# 0.969, Chaos 0.958 / 0.951, Dragnet 0.926 / 0.910, L3S-GN1 0.979 / 0.960. The floors sit a
# little under them, for the noise of small rule changes elsewhere; a drop below one is a
# regression to explain, not to wave through. Empty outputs: 2 DEV pages (an error page and a
# photo post, neither with article text) and 1 held-out.
HTML_FLOORS = {
    "html": (0.975, 0.97),
    "big9": (0.965, 0.96),
    "chaos": (0.95, 0.94),
    "dragnet": (0.915, 0.90),
    "l3s-gn1": (0.97, 0.95),
}
HTML_MAX_EMPTY = 3
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.mark.skipif(not (CORPUS / "html2").is_dir(),
                    reason="../shared/corpus is not beside the repository")
def test_html_corpus_floor(bench: ModuleType) -> None:
    pages = [p for folder in bench.DEFAULT_FOLDERS for p in bench.load_pages(folder)]
    assert len(pages) >= 1400
    run = bench.run_all(["wireparse"], pages, repeat=1)
    rows = {(r["dataset"], r["part"]): r for r in bench.report(pages, run, ["wireparse"])}
    for dataset, (dev, held_out) in HTML_FLOORS.items():
        for part, floor in (("dev", dev), ("held-out", held_out)):
            f1 = rows[(dataset, part)]["f1"]
            assert f1 >= floor, f"{dataset} {part}: body F1 {f1:.3f} under {floor}"
    assert rows[("ALL", "all")]["empty"] <= HTML_MAX_EMPTY
