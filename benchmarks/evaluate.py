"""Score wireparse against ground truth: per-field accuracy, perfect stories, crashes, speed.

Two layouts are understood:

* a folder with ``truth.jsonl`` (the layout of ``shared/corpus/wire/*``): one JSON object per
  story, ``{"file": NAME, ...}``; only the SPEC fields present are scored, and ``null`` means
  "must be absent". ``body_first_words`` is compared with the first words of the first body
  paragraph (as many words as the truth gives).
* a folder of ``NAME.txt``/``NAME.html`` beside ``NAME.json`` (a full expected document, the
  layout of ``tests/fixtures``): every SPEC field is scored.

Usage::

    python benchmarks/evaluate.py ../shared/corpus/wire            # every sub-folder
    python benchmarks/evaluate.py ../shared/corpus/wire --reference-date --show dateline.city

Speed is stories per second over the parse calls alone, inputs already in memory, one process.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import wireparse

DATELINE_KEYS = ("text", "city", "country", "date", "date_text", "agency")
TOP_KEYS = ("headline", "standfirst", "byline")


def load_cases(folder: Path) -> list[tuple[str, bytes, dict[str, Any]]]:
    """(name, input bytes, truth) for every story under ``folder`` (recursively)."""
    cases: list[tuple[str, bytes, dict[str, Any]]] = []
    for truth_file in sorted(folder.rglob("truth.jsonl")):
        for line in truth_file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                truth = json.loads(line)
                path = truth_file.parent / truth["file"]
                cases.append((str(path.relative_to(folder)), path.read_bytes(), truth))
    if not cases:
        for expected in sorted(folder.rglob("*.json")):
            for ext in (".txt", ".html"):
                src = expected.with_suffix(ext)
                if src.exists():
                    doc = json.loads(expected.read_text(encoding="utf-8"))
                    truth = dict(doc)
                    truth["file"] = src.name
                    cases.append((str(src.relative_to(folder)), src.read_bytes(), truth))
    return cases


def expected_fields(truth: dict[str, Any], use_reference: bool) -> dict[str, Any]:
    """Flatten the scored fields of one truth record: {"dateline.city": "Moscow", ...}."""
    fields: dict[str, Any] = {}
    for key in TOP_KEYS:
        if key in truth:
            fields[key] = truth[key]
    if "dateline" in truth:
        dateline = truth["dateline"]
        if dateline is None:
            fields["dateline"] = None
        else:
            for key in DATELINE_KEYS:
                if key in dateline:
                    fields[f"dateline.{key}"] = dateline[key]
            if use_reference and "date_full" in dateline:
                fields["dateline.date"] = dateline["date_full"]
    if truth.get("body_first_words"):
        fields["body_first_words"] = truth["body_first_words"]
    if "body" in truth:  # a full expected document
        fields["body"] = truth["body"]
        fields["photos"] = truth.get("photos", [])
    return fields


def actual_fields(doc: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in wanted.items():
        if key == "dateline":
            out[key] = doc["dateline"]
        elif key.startswith("dateline."):
            out[key] = doc["dateline"][key.split(".", 1)[1]] if doc["dateline"] else None
        elif key == "body_first_words":
            paragraphs = [b["text"] for b in doc["body"] if b["type"] == "paragraph"]
            n = len(value.split())
            out[key] = " ".join(paragraphs[0].split()[:n]) if paragraphs else None
        else:
            out[key] = doc.get(key)
    return out


def same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, str) and isinstance(actual, str):
        return " ".join(expected.split()) == " ".join(actual.split())
    return bool(expected == actual)


@dataclass
class Score:
    """The outcome of one evaluation run."""

    stories: int = 0
    scored: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    perfect: int = 0
    crashes: int = 0
    elapsed: float = 0.0
    failures: list[str] = field(default_factory=list)

    def accuracy(self, key: str) -> float:
        return self.correct[key] / self.scored[key] if self.scored[key] else 1.0

    @property
    def rate(self) -> float:
        return self.stories / self.elapsed if self.elapsed else float("inf")


def score(folder: Path, use_reference: bool = False, show: frozenset[str] = frozenset(),
          repeat: int = 1) -> Score:
    """Parse every story under ``folder`` and compare it with its truth.

    Speed is steady-state: one untimed warm-up parse first (imports, the CLDR month table),
    then the best of ``repeat`` timed passes over all stories.
    """
    result = Score()
    cases = load_cases(folder)
    if cases:
        with contextlib.suppress(Exception):  # the scoring pass below reports it
            wireparse.parse(cases[0][1])
    best = float("inf")
    for _ in range(max(repeat - 1, 0)):
        start = time.perf_counter()
        for _name, data, truth in cases:
            with contextlib.suppress(Exception):  # counted in the scoring pass
                wireparse.parse(data, reference_date=truth.get("reference_date")
                                if use_reference else None)
        best = min(best, time.perf_counter() - start)
    for name, data, truth in cases:
        result.stories += 1
        reference = truth.get("reference_date") if use_reference else None
        start = time.perf_counter()
        try:
            article = wireparse.parse(data, source=name, reference_date=reference)
        except Exception as exc:  # a crash is a result to count, not to raise
            result.elapsed += time.perf_counter() - start
            result.crashes += 1
            result.failures.append(f"CRASH {name}: {type(exc).__name__}: {exc}")
            continue
        result.elapsed += time.perf_counter() - start
        wanted = expected_fields(truth, use_reference)
        got = actual_fields(article.to_dict(), wanted)
        all_ok = True
        for key, value in wanted.items():
            result.scored[key] += 1
            if same(value, got[key]):
                result.correct[key] += 1
            else:
                all_ok = False
                if key in show or "all" in show:
                    result.failures.append(
                        f"{key} {name}\n    want {value!r}\n    got  {got[key]!r}"
                    )
        result.perfect += all_ok
    result.elapsed = min(result.elapsed, best)
    return result


def report(folder: Path, result: Score) -> None:
    print(f"{folder}: {result.stories} stories")
    print("| field | scored | correct | accuracy |\n|---|---|---|---|")
    for key in sorted(result.scored, key=_field_order):
        print(f"| {key} | {result.scored[key]} | {result.correct[key]} "
              f"| {result.accuracy(key):.3f} |")
    print(f"\nperfect stories: {result.perfect}/{result.stories} "
          f"({result.perfect / max(result.stories, 1):.3f}); crashes: {result.crashes}; "
          f"speed: {result.rate:,.0f} stories/s")
    for failure in result.failures:
        print(failure)


def _field_order(key: str) -> tuple[int, str]:
    order = ["headline", "standfirst", "byline", "dateline"]
    head = key.split(".")[0]
    return (order.index(head) if head in order else 9, key)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--reference-date", action="store_true",
                        help="pass each story's reference_date; score date against date_full")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed passes; the fastest counts (the machine may be shared)")
    parser.add_argument("--show", action="append", default=[],
                        help="print the failures of this field (repeatable; 'all' for every one)")
    args = parser.parse_args(argv)
    result = score(args.folder, args.reference_date, frozenset(args.show), args.repeat)
    if not result.stories:
        print(f"no cases under {args.folder}", file=sys.stderr)
        return 2
    report(args.folder, result)
    return 1 if result.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
