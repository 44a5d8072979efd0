"""Side by side: wireparse and trafilatura on a folder of news pages with AEB ground truth.

The folder holds ``<id>.html`` or ``<id>.html.gz`` pages and ``ground-truth.json``
(``{id: {"articleBody": str, ...}}``, the layout of the Article Extraction Benchmark). Both
extractors run over the same pages, already in memory, in one process and one run, so the
speed ratio is fair on a shared machine even when the absolute rates are not.

Scoring follows AEB: the extracted body and ``articleBody`` are split into ``\\w+`` tokens;
the multisets of token 4-grams (shingles) give true positives, false positives and false
negatives per page, normalised by their sum; precision and recall are averaged over the pages
that have them, F1 comes from those two means. wireparse's body for scoring is its dateline,
paragraphs and subheadings in page order.

Usage::

    python benchmarks/html_bench.py ../shared/corpus/html
    python benchmarks/html_bench.py ../shared/corpus/html --only wireparse --worst 10
    python benchmarks/html_bench.py ../shared/corpus/html --repeat 5   # steadier speeds

trafilatura comes with the ``bench`` extra (``pip install -e '.[bench]'``); it is never a
runtime dependency of wireparse.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import wireparse

SHINGLE_SIZE = 4  # AEB's n-gram size
_TOKEN = re.compile(r"\w+")

Extractor = Callable[[bytes], str]


class Score(NamedTuple):
    tp: float
    fp: float
    fn: float


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The multiset of token 4-grams of ``text`` (one shorter n-gram for a short text)."""
    tokens = _TOKEN.findall(text)
    count = max(1, len(tokens) - SHINGLE_SIZE + 1)
    return Counter(
        gram for gram in (tuple(tokens[i:i + SHINGLE_SIZE]) for i in range(count)) if gram
    )


def score(truth: str, extracted: str) -> Score:
    """True/false positives and false negatives of one page, normalised to sum to 1."""
    want, got = shingles(truth), shingles(extracted)
    tp = float(sum((want & got).values()))
    fp = float(sum((got - want).values()))
    fn = float(sum((want - got).values()))
    total = tp + fp + fn
    return Score(tp / total, fp / total, fn / total) if total else Score(0.0, 0.0, 0.0)


def precision(s: Score) -> float:
    if s.fp == s.fn == 0:
        return 1.0
    return s.tp / (s.tp + s.fp) if s.tp + s.fp else 0.0


def recall(s: Score) -> float:
    if s.fp == s.fn == 0:
        return 1.0
    return s.tp / (s.tp + s.fn) if s.tp + s.fn else 0.0


def summarise(scores: list[Score]) -> tuple[float, float, float]:
    """(F1, precision, recall) as AEB computes them: means over pages, F1 of the means."""
    p = statistics.mean(precision(s) for s in scores if s.tp + s.fp > 0)
    r = statistics.mean(recall(s) for s in scores if s.tp + s.fn > 0)
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def wireparse_body(data: bytes) -> str:
    """Dateline, paragraphs and subheadings in page order, one per line."""
    article = wireparse.parse(data, input_format="html")
    lines = [block.text for block in article.body]
    if article.dateline is not None:
        lines.insert(0, article.dateline.text)
    return "\n".join(lines)


def trafilatura_body(data: bytes) -> str:
    import trafilatura

    # As AEB runs it: the decoded page, comments left out.
    return trafilatura.extract(data.decode("utf-8", errors="replace"), include_comments=False) or ""


EXTRACTORS: dict[str, Extractor] = {"wireparse": wireparse_body, "trafilatura": trafilatura_body}


def load_pages(folder: Path) -> list[tuple[str, bytes, str]]:
    """(id, page bytes, articleBody) for every page of ``folder`` named in its ground truth."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, record in sorted(truth.items()):
        gz = folder / f"{page_id}.html.gz"
        plain = folder / f"{page_id}.html"
        if gz.exists():
            data = gzip.decompress(gz.read_bytes())
        elif plain.exists():
            data = plain.read_bytes()
        else:
            continue
        pages.append((page_id, data, record.get("articleBody") or ""))
    return pages


def run_all(names: list[str], pages: list[tuple[str, bytes, str]],
            repeat: int) -> dict[str, tuple[list[Score], float, list[str]]]:
    """Per extractor: scores per page, pages per second and outputs.

    The timed passes alternate between the extractors (A B A B …) and the best pass of each
    counts, so a burst of load from other processes on a shared machine hits both alike.
    """
    outputs = {name: [EXTRACTORS[name](data) for _, data, _ in pages] for name in names}
    best = dict.fromkeys(names, float("inf"))
    for _ in range(repeat):
        for name in names:
            extract = EXTRACTORS[name]
            start = time.perf_counter()
            for _, data, _ in pages:
                extract(data)
            best[name] = min(best[name], time.perf_counter() - start)
    results = {}
    for name in names:
        scores = [score(truth, out)
                  for (_, _, truth), out in zip(pages, outputs[name], strict=True)]
        results[name] = (scores, len(pages) / best[name], outputs[name])
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--only", choices=sorted(EXTRACTORS), action="append",
                        help="run only this extractor (repeatable)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed passes per extractor, alternating; the best counts")
    parser.add_argument("--worst", type=int, default=0,
                        help="list the N pages with the lowest F1 for each extractor")
    parser.add_argument("--dump", type=Path, help="write each extractor's output here")
    args = parser.parse_args(argv)
    pages = load_pages(args.folder)
    if not pages:
        print(f"no pages with ground truth under {args.folder}", file=sys.stderr)
        return 2
    names = args.only or list(EXTRACTORS)
    rates: dict[str, float] = {}
    print(f"{args.folder}: {len(pages)} pages")
    print("| extractor | F1 | precision | recall | pages/s |\n|---|---|---|---|---|")
    details: list[str] = []
    results = run_all(names, pages, args.repeat)
    for name in names:
        scores, rate, outputs = results[name]
        rates[name] = rate
        f1, p, r = summarise(scores)
        print(f"| {name} | {f1:.3f} | {p:.3f} | {r:.3f} | {rate:.1f} |")
        if args.dump:
            target = args.dump / name
            target.mkdir(parents=True, exist_ok=True)
            for (page_id, _, _), out in zip(pages, outputs, strict=True):
                (target / f"{page_id}.txt").write_text(out, encoding="utf-8")
        if args.worst:
            ranked = sorted(zip(pages, scores, strict=True), key=lambda ps: _f1(ps[1]))
            details.append(f"\nworst pages for {name}:")
            for (page_id, _, _), s in ranked[:args.worst]:
                details.append(f"  {page_id[:16]}  F1 {_f1(s):.3f}  P {precision(s):.3f}  "
                               f"R {recall(s):.3f}")
    if len(rates) == 2:
        print(f"\nspeed ratio wireparse/trafilatura: "
              f"{rates['wireparse'] / rates['trafilatura']:.2f}x")
    print("\n".join(details))
    return 0


def _f1(s: Score) -> float:
    p, r = precision(s), recall(s)
    return 2 * p * r / (p + r) if p + r else 0.0


if __name__ == "__main__":
    sys.exit(main())
