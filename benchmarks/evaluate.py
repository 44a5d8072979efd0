"""Score wireparse against ground truth: per-field accuracy, perfect stories, crashes, speed.

Two layouts are understood:

* a folder with ``truth.jsonl`` (the layout of ``shared/corpus/wire/*``): one JSON object per
  story, ``{"file": NAME, ...}``; only the SPEC fields present are scored, and ``null`` means
  "must be absent". ``body_first_words`` is compared with the first words of the first body
  paragraph (as many words as the truth gives).
* a folder of ``NAME.txt``/``NAME.html`` beside ``NAME.json`` (a full expected document, the
  layout of ``tests/fixtures``): every SPEC field is scored.
* a folder of pasted page text, ``<id>.txt`` beside one ``ground-truth.json`` (the layout of
  ``shared/corpus/pasted/*``, AEB truth): the body is scored with the AEB metric
  (``benchmarks/aeb.py``), the prediction being ``dateline.text`` and the body blocks joined.
  Figures are given for the DEV part and the held-out part (a third of the sites, fixed by a
  hash of the site name: see ``aeb.held_out``), beside two baselines from the same run: the
  whole text passed through, and trafilatura on the same pages' HTML where a sibling
  ``html*`` folder of the corpus holds it (``--no-peers`` skips it).

Usage::

    python benchmarks/evaluate.py ../shared/corpus/wire            # every sub-folder
    python benchmarks/evaluate.py ../shared/corpus/wire --reference-date --show dateline.city
    python benchmarks/evaluate.py ../shared/corpus/formats --per-folder     # each format
    python benchmarks/evaluate.py ../shared/corpus/pasted           # each pasted folder
    python benchmarks/evaluate.py ../shared/corpus/pasted/aeb --part dev --worst 10

Speed is stories per second over the parse calls alone, inputs already in memory, one process.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import wireparse

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling aeb module
import aeb

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
    if "body" in truth:
        fields["body"] = truth["body"]
    if "photos" in truth:  # absent = unknown (a full expected document always has the key)
        fields["photos"] = truth["photos"]
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


@dataclass
class Page:
    """One pasted page: its text, the annotated body and the part it belongs to."""

    page_id: str
    data: bytes
    truth: str
    held_out: bool
    html: bytes | None = None


@dataclass
class PastedScore:
    """AEB scores per page for wireparse and the baselines, and wireparse's speed."""

    folder: Path
    pages: list[Page]
    scores: dict[str, list[aeb.Score]]
    outputs: list[str]
    elapsed: float
    crashes: list[str] = field(default_factory=list)

    def summary(self, extractor: str, part: str) -> tuple[float, float, float, int]:
        """(F1, P, R, pages) of ``extractor`` over "dev", "held-out" or "all"."""
        picked = [s for page, s in zip(self.pages, self.scores[extractor], strict=True)
                  if part == "all" or page.held_out == (part == "held-out")]
        if not picked:
            return 0.0, 0.0, 0.0, 0
        return (*aeb.summarise(picked), len(picked))

    @property
    def rate(self) -> float:
        return len(self.pages) / self.elapsed if self.elapsed else float("inf")


def is_pasted(folder: Path) -> bool:
    return (folder / "ground-truth.json").is_file() and any(folder.glob("*.txt"))


def load_pasted(folder: Path, peers: bool = True) -> list[Page]:
    """Every page of a pasted folder named in its ground truth, with its HTML where a sibling
    ``html*`` folder of the corpus has the same id (for trafilatura)."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    html_dirs = sorted(folder.resolve().parent.parent.glob("html*")) if peers else []
    pages = []
    for page_id, record in sorted(truth.items()):
        text = folder / f"{page_id}.txt"
        if not text.exists():
            continue
        html = None
        for html_dir in html_dirs:
            gz, plain = html_dir / f"{page_id}.html.gz", html_dir / f"{page_id}.html"
            if gz.exists():
                html = gzip.decompress(gz.read_bytes())
            elif plain.exists():
                html = plain.read_bytes()
            if html is not None:
                break
        pages.append(Page(page_id, text.read_bytes(), record.get("articleBody") or "",
                          aeb.held_out(record.get("url"), page_id), html))
    return pages


def wireparse_text_body(data: bytes) -> str:
    """What the pasted metric scores: the dateline as printed, then the body blocks."""
    article = wireparse.parse(data, input_format="text")
    lines = [block.text for block in article.body]
    if article.dateline is not None:
        lines.insert(0, article.dateline.text)
    return "\n".join(lines)


def score_pasted(folder: Path, repeat: int = 1, peers: bool = True) -> PastedScore:
    """Score wireparse's text mode on a pasted folder, beside the pass-through baseline and
    (with ``peers``) trafilatura on the same pages' HTML. Speed as in ``score``."""
    pages = load_pasted(folder, peers)
    outputs: list[str] = []
    crashes: list[str] = []
    for page in pages:
        try:
            outputs.append(wireparse_text_body(page.data))
        except Exception as exc:  # a crash is a result to count, not to raise
            crashes.append(f"CRASH {page.page_id}: {type(exc).__name__}: {exc}")
            outputs.append("")
    best = float("inf")
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        for page in pages:
            with contextlib.suppress(Exception):  # counted above
                wireparse_text_body(page.data)
        best = min(best, time.perf_counter() - start)
    scores: dict[str, list[aeb.Score]] = {
        "wireparse": [aeb.score(p.truth, out) for p, out in zip(pages, outputs, strict=True)],
        "pass-through": [aeb.score(p.truth, p.data.decode("utf-8", errors="replace"))
                         for p in pages],
    }
    if peers and pages and all(p.html is not None for p in pages):
        import trafilatura

        scores["trafilatura (HTML)"] = [
            aeb.score(p.truth, trafilatura.extract(
                (p.html or b"").decode("utf-8", errors="replace"), include_comments=False) or "")
            for p in pages
        ]
    return PastedScore(folder, pages, scores, outputs, best, crashes)


def report_pasted(result: PastedScore, worst: int = 0, part: str = "all") -> None:
    print(f"{result.folder}: {len(result.pages)} pages "
          f"({sum(not p.held_out for p in result.pages)} DEV, "
          f"{sum(p.held_out for p in result.pages)} held-out by site)")
    print("| extractor | part | pages | F1 | precision | recall |\n|---|---|---|---|---|---|")
    for name in result.scores:
        for which in ("dev", "held-out", "all"):
            f1, p, r, n = result.summary(name, which)
            print(f"| {name} | {which} | {n} | {f1:.3f} | {p:.3f} | {r:.3f} |")
    print(f"\ncrashes: {len(result.crashes)}; speed: {result.rate:,.0f} pages/s")
    for crash in result.crashes:
        print(crash)
    if worst:
        ranked = sorted(
            ((page, s) for page, s in zip(result.pages, result.scores["wireparse"], strict=True)
             if part == "all" or page.held_out == (part == "held-out")),
            key=lambda ps: aeb.f1(ps[1]))
        print(f"\nworst {part} pages:")
        for page, s in ranked[:worst]:
            print(f"  {page.page_id}  F1 {aeb.f1(s):.3f}  P {aeb.precision(s):.3f}  "
                  f"R {aeb.recall(s):.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--reference-date", action="store_true",
                        help="pass each story's reference_date; score date against date_full")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed passes; the fastest counts (the machine may be shared)")
    parser.add_argument("--show", action="append", default=[],
                        help="print the failures of this field (repeatable; 'all' for every one)")
    parser.add_argument("--no-peers", action="store_true",
                        help="pasted folders: skip trafilatura on the pages' HTML")
    parser.add_argument("--worst", type=int, default=0,
                        help="pasted folders: list the N pages with the lowest F1")
    parser.add_argument("--part", choices=("dev", "held-out", "all"), default="dev",
                        help="pasted folders: the part --worst lists (DEV by default: tune "
                        "on DEV only)")
    parser.add_argument("--per-folder", action="store_true",
                        help="score each folder holding a truth.jsonl on its own first (one per "
                        "agency format in ../shared/corpus/formats; formats_bench.py puts the "
                        "same stories as plain text beside them)")
    args = parser.parse_args(argv)
    if args.per_folder:
        for sub in sorted({path.parent for path in args.folder.rglob("truth.jsonl")}):
            report(sub, score(sub, args.reference_date, frozenset(args.show), args.repeat))
            print()
    pasted = [args.folder] if is_pasted(args.folder) else sorted(
        sub for sub in args.folder.iterdir() if sub.is_dir() and is_pasted(sub)
    ) if args.folder.is_dir() else []
    if pasted:
        failed = False
        for sub in pasted:
            pasted_result = score_pasted(sub, args.repeat, peers=not args.no_peers)
            report_pasted(pasted_result, args.worst, args.part)
            print()
            failed = failed or bool(pasted_result.crashes)
        return 1 if failed else 0
    result = score(args.folder, args.reference_date, frozenset(args.show), args.repeat)
    if not result.stories:
        print(f"no cases under {args.folder}", file=sys.stderr)
        return 2
    report(args.folder, result)
    return 1 if result.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
