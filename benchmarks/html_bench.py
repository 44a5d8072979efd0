"""Side by side: wireparse, trafilatura and readability-lxml on news pages with AEB truth.

Each folder holds ``<id>.html`` or ``<id>.html.gz`` pages and ``ground-truth.json``
(``{id: {"articleBody": str, "url": str | None}}``, the layout of the Article Extraction
Benchmark). Pages are grouped by **dataset**: the id prefix in ``html2`` (``l3s-gn1``,
``dragnet``, ``big9``, ``chaos``), the folder's name otherwise (``html``, the AEB pages). All
extractors run over the same pages, already in memory, in one process and one run; they take
turns over short runs of pages (``TURN_PAGES``: A×20, B×20, C×20, A×20, …), so a burst of load
from other processes on a shared machine hits all of them alike and the speed ratio stays
fair, while each reads its pages as a batch job would. Rates are
given in wall-clock time and in CPU time of the process (steadier on a busy machine).

**DEV and held-out.** Every page belongs to a site: the host of its ``url`` where the truth
gives one, else the page's own canonical/``og:url`` link, else the host most of its absolute
links point to (Wayback archive links unwrapped). A site is held out when a hash of its name
falls in the held-out third (``HELD_OUT_SHARE``), so no site is in both parts and the split
does not move when pages are added. Rules are tuned on DEV pages only; the held-out figure is
reported beside it. ``--split dev`` restricts listings (``--worst``) to DEV pages.

Scoring follows AEB: the extracted body and ``articleBody`` are split into ``\\w+`` tokens;
the multisets of token 4-grams (shingles) give true positives, false positives and false
negatives per page, normalised by their sum; precision and recall are averaged over the pages
that have them, F1 comes from those two means. wireparse's body for scoring is its dateline,
paragraphs and subheadings in page order. An **empty** output has no word at all.

Usage::

    python benchmarks/html_bench.py                      # ../shared/corpus/html and html2
    python benchmarks/html_bench.py ../shared/corpus/html2 --dataset dragnet
    python benchmarks/html_bench.py --only wireparse --split dev --worst 20
    python benchmarks/html_bench.py --dump out/ ; python benchmarks/html_bench.py \\
        --only wireparse --peers-from out/ --split dev --worst 20   # peers from a dump

trafilatura and readability-lxml come with the ``bench`` extra (``pip install -e
'.[bench]'``); neither is ever a runtime dependency of wireparse.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import wireparse

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling aeb module
from aeb import f1 as page_f1
from aeb import score, summarise

# why: a third of the sites held out leaves two thirds to tune on and enough pages per
# dataset (dozens at least) to read a held-out figure.
HELD_OUT_SHARE = 1 / 3
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
DEFAULT_FOLDERS = (CORPUS / "html", CORPUS / "html2")
DATASET_PREFIXES = ("l3s-gn1", "dragnet", "big9", "chaos")

_TOKEN = re.compile(r"\w+")
_CANONICAL = re.compile(
    rb"<(?:link|meta)\b[^>]{0,300}?(?:rel=[\"']?canonical|property=[\"']?og:url)[^>]{0,300}>",
    re.IGNORECASE)
_LINK_URL = re.compile(
    rb"""(?:href|content)\s*=\s*["']?((?:https?:)?//[^"'\s>]{1,300}|/web/[^"'\s>]{1,300})""",
    re.IGNORECASE)
_WAYBACK = re.compile(r"/web/\d+[a-z_]*/((?:https?://)?[^/\s]+)")
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu"})

Extractor = Callable[[bytes], str]


class Page(NamedTuple):
    id: str
    data: bytes
    truth: str
    dataset: str
    site: str

    @property
    def held_out(self) -> bool:
        return _held_out(self.site)


def empty(text: str) -> bool:
    return _TOKEN.search(text) is None


# -- the extractors ---------------------------------------------------------------------------

def wireparse_body(data: bytes) -> str:
    """Dateline, paragraphs and subheadings in page order, one per line (with ``--head``, the
    headline, standfirst and byline first)."""
    article = wireparse.parse(data, input_format="html")
    lines = [block.text for block in article.body]
    if article.dateline is not None:
        lines.insert(0, article.dateline.text)
    if WITH_HEAD:
        lines[:0] = [t for t in (article.headline, article.standfirst, article.byline) if t]
    return "\n".join(lines)


# Set by ``--head``: the truth of Dragnet, Big9 and Chaos usually holds the title (Dragnet's
# the date and byline too; see html2/README.md), which wireparse gives as fields of its own,
# not as body text. The figures of record score the body only, as AEB and L3S-GN1 mark it;
# this view shows how much of a gap on those sets is the head.
WITH_HEAD = False


def trafilatura_body(data: bytes) -> str:
    import trafilatura

    # As AEB runs it: the decoded page, comments left out.
    return trafilatura.extract(data.decode("utf-8", errors="replace"), include_comments=False) or ""


def readability_body(data: bytes) -> str:
    import lxml.html
    from readability import Document

    # readability-lxml's own use: the article's HTML, then its text, one line per element.
    html = Document(data.decode("utf-8", errors="replace")).summary(html_partial=True)
    if not html.strip():
        return ""
    return "\n".join(t.strip() for t in lxml.html.fromstring(html).itertext() if t.strip())


EXTRACTORS: dict[str, Extractor] = {
    "wireparse": wireparse_body,
    "trafilatura": trafilatura_body,
    "readability": readability_body,
}


def _safely(extract: Extractor, data: bytes) -> str:
    """A page an extractor refuses (or a peer crashes on) is an empty output; a crash of
    wireparse itself is a bug and is raised."""
    try:
        return extract(data)
    except wireparse.WireparseError:
        return ""
    except Exception:
        if extract is wireparse_body:
            raise
        return ""


# -- pages, datasets, sites -------------------------------------------------------------------

def _host(url: str) -> str:
    """The site of a URL: its registered domain ("news.bbc.co.uk" → "bbc.co.uk"), Wayback
    archive links unwrapped; "" for none."""
    m = _WAYBACK.search(url)
    if m:
        url = m.group(1) if "//" in m.group(1) else "http://" + m.group(1)
    if url.startswith("//"):
        url = "http:" + url
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    if "archive.org" in host:
        return ""
    parts = host.removeprefix("www.").split(".")
    keep = 3 if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL and len(parts[-1]) == 2 else 2
    return ".".join(parts[-keep:])


def site_of(data: bytes, url: str | None) -> str:
    """The page's site: its truth URL, else its canonical link, else its most linked host."""
    if url and (host := _host(url)):
        return host
    head = data[:200_000]
    m = _CANONICAL.search(head)
    if m:
        link = _LINK_URL.search(m.group())
        if link and (host := _host(link.group(1).decode("latin-1"))):
            return host
    hosts = Counter(h for h in (_host(u.decode("latin-1")) for u in _LINK_URL.findall(head)) if h)
    return hosts.most_common(1)[0][0] if hosts else ""


def _held_out(site: str) -> bool:
    digest = hashlib.sha256(site.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < HELD_OUT_SHARE


def dataset_of(page_id: str, folder: Path) -> str:
    return next((p for p in DATASET_PREFIXES if page_id.startswith(p + "-")), folder.name)


def load_pages(folder: Path) -> list[Page]:
    """Every page of ``folder`` named in its ground truth, with its dataset and site."""
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
        site = site_of(data, record.get("url")) or f"unknown:{page_id}"
        pages.append(Page(page_id, data, record.get("articleBody") or "",
                          dataset_of(page_id, folder), site))
    return pages


# -- running and reporting --------------------------------------------------------------------

class Run(NamedTuple):
    outputs: dict[str, list[str]]
    seconds: dict[str, list[float]]
    """Per extractor, the best wall-clock time of each page over the repeats."""
    cpu_seconds: dict[str, list[float]]
    """The same in CPU time of the process: on a shared machine, time spent waiting for a
    core is nobody's work, so this rate moves less with the load than the wall-clock one."""


# why: enough pages to touch every extractor's lazily built parts (a dateline, a caption,
# a junk line); a twentieth of a second of wireparse, a few tenths for the peers.
WARM_UP_PAGES = 5
# why: the extractors take turns over runs of this many pages (A×20, B×20, C×20, A×20, …).
# A burst of load on a shared machine still falls on all of them alike (a turn lasts a
# fraction of a second), while each reads its pages as a batch job does: alternating on every
# page made each extractor start cold from the others' CPU caches, and billed a garbage
# collection to whichever one was running when another's allocations set it off. Measured
# both ways in one session, per-page alternation cost wireparse an eighth of its rate and
# trafilatura a fortieth; ``--turn 1`` gives the old alternation.
TURN_PAGES = 20


def run_all(names: list[str], pages: list[Page], repeat: int,
            turn: int = TURN_PAGES) -> Run:
    outputs: dict[str, list[str]] = {name: [] for name in names}
    seconds: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    # Each extractor reads a few pages untimed first: its imports, compiled patterns and
    # tables are built once per process, and a batch of thousands of pages pays them once.
    for page in pages[:WARM_UP_PAGES]:
        for name in names:
            _safely(EXTRACTORS[name], page.data)
    for first in range(0, len(pages), max(1, turn)):
        for name in names:
            extract = EXTRACTORS[name]
            for page in pages[first:first + max(1, turn)]:
                best = best_cpu = float("inf")
                out = ""
                for _ in range(max(1, repeat)):
                    start, start_cpu = time.perf_counter(), time.process_time()
                    out = _safely(extract, page.data)
                    best = min(best, time.perf_counter() - start)
                    best_cpu = min(best_cpu, time.process_time() - start_cpu)
                outputs[name].append(out)
                seconds[name].append(best)
                cpu[name].append(best_cpu)
    return Run(outputs, seconds, cpu)


def load_dump(folder: Path, name: str, pages: list[Page]) -> list[str] | None:
    target = folder / name
    if not target.is_dir():
        return None
    return [(target / f"{p.id}.txt").read_text(encoding="utf-8")
            if (target / f"{p.id}.txt").exists() else "" for p in pages]


def report(pages: list[Page], run: Run, names: list[str]) -> list[dict[str, object]]:
    """One row per dataset × part (all, DEV, held-out) × extractor."""
    rows: list[dict[str, object]] = []
    datasets = list(dict.fromkeys(p.dataset for p in pages))
    groups: list[tuple[str, str, list[int]]] = []
    for dataset in [*datasets, "ALL"]:
        idx = [i for i, p in enumerate(pages) if dataset in ("ALL", p.dataset)]
        dev = [i for i in idx if not pages[i].held_out]
        held = [i for i in idx if pages[i].held_out]
        groups += [(dataset, "all", idx), (dataset, "dev", dev), (dataset, "held-out", held)]
    for dataset, part, idx in groups:
        if not idx:
            continue
        sites = len({pages[i].site for i in idx})
        for name in names:
            outs = run.outputs[name]
            scores = [score(pages[i].truth, outs[i]) for i in idx]
            f1, p, r = summarise(scores)
            secs = [run.seconds[name][i] for i in idx] if run.seconds.get(name) else []
            timed = sum(secs) if secs else 0.0
            cpu = sum(run.cpu_seconds[name][i] for i in idx) if run.cpu_seconds.get(name) else 0.0
            rows.append({"dataset": dataset, "part": part, "pages": len(idx), "sites": sites,
                         "extractor": name, "f1": round(f1, 4), "precision": round(p, 4),
                         "recall": round(r, 4),
                         "empty": sum(empty(outs[i]) for i in idx),
                         "pages_per_s": round(len(idx) / timed, 1) if timed else None,
                         "pages_per_cpu_s": round(len(idx) / cpu, 1) if cpu else None})
    return rows


def print_table(rows: list[dict[str, object]], names: list[str]) -> None:
    head = "| dataset | part | pages (sites) |" + "".join(
        f" {n} F1 | {n} empty |" for n in names)
    print(head + "\n|" + "---|" * (3 + 2 * len(names)))
    by_key: dict[tuple[object, object], dict[object, dict[str, object]]] = (
        collections.defaultdict(dict))
    for row in rows:
        by_key[row["dataset"], row["part"]][row["extractor"]] = row
    for (dataset, part), per in by_key.items():
        first = next(iter(per.values()))
        cells = "".join(f" {per[n]['f1']:.3f} | {per[n]['empty']} |" for n in names)
        print(f"| {dataset} | {part} | {first['pages']} ({first['sites']}) |{cells}")
    for key, label in (("pages_per_s", "pages/s"), ("pages_per_cpu_s", "pages per CPU second")):
        rates = {r["extractor"]: r[key] for r in rows
                 if r["dataset"] == "ALL" and r["part"] == "all"}
        if not any(rates.values()):
            continue
        print(f"\n{label} (all pages): " + ", ".join(
            f"{n} {rates[n]}" for n in names if rates.get(n)))
        if rates.get("wireparse") and rates.get("trafilatura"):
            ratio = float(rates["wireparse"]) / float(rates["trafilatura"])  # type: ignore[arg-type]
            print(f"speed ratio wireparse/trafilatura ({label}): {ratio:.2f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", type=Path, nargs="*", default=list(DEFAULT_FOLDERS))
    parser.add_argument("--only", choices=sorted(EXTRACTORS), action="append",
                        help="run only this extractor (repeatable)")
    parser.add_argument("--dataset", action="append", help="only pages of this dataset")
    parser.add_argument("--split", choices=("all", "dev", "held-out"), default="all",
                        help="only pages of this part (listings and figures)")
    parser.add_argument("--turn", type=int, default=TURN_PAGES,
                        help="pages each extractor reads before the next one's turn"
                             f" (default {TURN_PAGES}; 1 alternates on every page)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="timed calls per page and extractor; the best counts")
    parser.add_argument("--worst", type=int, default=0,
                        help="list the N pages where wireparse loses most to the best peer")
    parser.add_argument("--dump", type=Path, help="write each extractor's output here")
    parser.add_argument("--peers-from", type=Path,
                        help="read the outputs of extractors not run from a --dump folder")
    parser.add_argument("--json", type=Path, help="write the table rows here as JSON")
    parser.add_argument("--head", action="store_true",
                        help="score wireparse's headline, standfirst and byline with its body")
    args = parser.parse_args(argv)
    global WITH_HEAD
    WITH_HEAD = args.head
    pages = [p for folder in args.folders for p in load_pages(folder)]
    if args.dataset:
        pages = [p for p in pages if p.dataset in args.dataset]
    if args.split != "all":
        pages = [p for p in pages if p.held_out == (args.split == "held-out")]
    if not pages:
        print(f"no pages with ground truth under {args.folders}", file=sys.stderr)
        return 2
    names = args.only or list(EXTRACTORS)
    run = run_all(names, pages, args.repeat, args.turn)
    if args.peers_from:
        for name in EXTRACTORS:
            if name not in names and (outs := load_dump(args.peers_from, name, pages)):
                run.outputs[name] = outs
                names.append(name)
    print(f"{len(pages)} pages from {', '.join(str(f) for f in args.folders)}")
    rows = report(pages, run, names)
    print_table(rows, names)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    if args.dump:
        for name in names:
            target = args.dump / name
            target.mkdir(parents=True, exist_ok=True)
            for page, out in zip(pages, run.outputs[name], strict=True):
                (target / f"{page.id}.txt").write_text(out, encoding="utf-8")
    if args.worst and "wireparse" in names:
        peers = [n for n in names if n != "wireparse"]
        ranked = []
        for i, page in enumerate(pages):
            own = page_f1(score(page.truth, run.outputs["wireparse"][i]))
            best = max((page_f1(score(page.truth, run.outputs[n][i])) for n in peers),
                       default=1.0)
            ranked.append((own - best, own, best, page))
        ranked.sort(key=lambda r: r[0])
        print(f"\npages where wireparse loses most to {'/'.join(peers) or 'F1 1.0'}:")
        for gap, own, best, page in ranked[:args.worst]:
            print(f"  {page.id[:48]:48}  {page.site[:24]:24}  wireparse {own:.3f}  "
                  f"peer {best:.3f}  ({gap:+.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
