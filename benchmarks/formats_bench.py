"""Agency formats: the structured readers against the same stories as plain text.

For every story of a ``truth.jsonl`` folder in an agency format (NITF, NewsML, ninjs,
digitalwires), two inputs are scored against the same truth with ``evaluate.py``'s rules:

* the file as delivered (``wireparse.parse`` sniffs and runs the structured reader);
* the same story as plain text: the text of the parts the markup itself declares (headline,
  standfirst, byline as its element prints it, the body's paragraphs and subheadings, photo
  captions with their credits), one block per blank-line-separated paragraph, in reading order
  — what a newsroom system prints of the file. Parts the markup marks as not for publication
  are left out; a dateline the markup carries only as metadata (not printed in the body) is
  left out too, as a print-out leaves it out.

Speed: per story, the best of ``--repeat`` timed parses of each input, inputs in memory, one
process; the table gives stories per second over the folder for each.

Usage::

    python benchmarks/formats_bench.py ../shared/corpus/formats
    python benchmarks/formats_bench.py ../shared/corpus/formats --show nitf
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import wireparse
from wireparse.blocks import Chunk
from wireparse.pipeline import sniff

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate import actual_fields, expected_fields, load_cases, same


def declared_chunks(data: bytes) -> list[Chunk] | None:
    """The chunks the structured reader takes from ``data``, None if it is no agency format."""
    from wireparse.stages.decode import decode

    kind = sniff(data[:8192].decode("utf-8", errors="ignore"))
    if kind == "nitf":
        from wireparse.readers.nitf import nitf_chunks

        return nitf_chunks(data)[0]
    if kind == "newsml":
        from wireparse.readers.newsml import newsml_chunks

        return newsml_chunks(data)[0]
    if kind == "ninjs":
        from wireparse.readers.ninjs import news_json, ninjs_document

        doc = news_json(decode(data))
        return ninjs_document(doc)[0] if doc is not None else None
    return None


def as_text(data: bytes) -> str | None:
    """The story as plain text (see the module docstring); None if no agency format."""
    chunks = declared_chunks(data)
    if chunks is None:
        return None
    head: list[str] = []
    body: list[str] = []
    captions: list[str] = []
    for chunk in chunks:
        if chunk.declared in ("junk", "kicker"):
            continue
        if chunk.declared == "photo" and chunk.photo is not None:
            caption, credit = chunk.photo.caption or "", chunk.photo.credit
            captions.append(f"{caption} ({credit})" if credit else caption)
        elif chunk.declared in ("headline", "standfirst"):
            head.append(chunk.text)
        elif chunk.declared == "byline":
            head.append(chunk.text if chunk.text.lower().startswith(("by ", "von "))
                        else f"By {chunk.text}")
        else:
            body.append(chunk.text)
    return "\n\n".join([*head, *body, *captions]) + "\n"


def _best_time(data: bytes | str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        wireparse.parse(data)
        best = min(best, time.perf_counter() - start)
    return best


def run(folder: Path, repeat: int, show: bool) -> dict[str, Any]:
    cases = load_cases(folder)
    scored: Counter[str] = Counter()
    right = {"structured": Counter[str](), "text": Counter[str]()}
    perfect = Counter[str]()
    seconds = Counter[str]()
    stories = 0
    for name, data, truth in cases:
        text = as_text(data)
        if text is None:
            continue
        stories += 1
        wanted = expected_fields(truth, False)
        inputs: dict[str, bytes | str] = {"structured": data, "text": text}
        for key in wanted:
            scored[key] += 1
        for label, given in inputs.items():
            doc = wireparse.parse(given).to_dict()
            got = actual_fields(doc, wanted)
            ok = True
            for key, value in wanted.items():
                if same(value, got[key]):
                    right[label][key] += 1
                else:
                    ok = False
                    if show:
                        print(f"  {label} {key} {name}: want {value!r} got {got[key]!r}")
            perfect[label] += ok
            seconds[label] += _best_time(given, repeat)
    return {"stories": stories, "scored": scored, "right": right, "perfect": perfect,
            "seconds": seconds}


def report(folder: Path, result: dict[str, Any]) -> None:
    stories = result["stories"]
    print(f"\n{folder}: {stories} stories")
    print("| field | scored | structured | as plain text |\n|---|---|---|---|")
    for key in sorted(result["scored"]):
        n = result["scored"][key]
        s, t = result["right"]["structured"][key] / n, result["right"]["text"][key] / n
        print(f"| {key} | {n} | {s:.3f} | {t:.3f} |")
    rate = {label: stories / result["seconds"][label] if result["seconds"][label] else 0.0
            for label in ("structured", "text")}
    print(f"| perfect stories | {stories} | {result['perfect']['structured'] / stories:.3f} "
          f"| {result['perfect']['text'] / stories:.3f} |")
    print(f"| speed (stories/s) | | {rate['structured']:,.0f} | {rate['text']:,.0f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a folder of format folders with truth.jsonl")
    parser.add_argument("--repeat", type=int, default=5,
                        help="timed parses per input; the fastest counts (shared machine)")
    parser.add_argument("--show", action="append", default=[],
                        help="print the failures of this folder (repeatable)")
    args = parser.parse_args(argv)
    folders = sorted({p.parent for p in args.corpus.rglob("truth.jsonl")})
    if not folders:
        print(f"no truth.jsonl under {args.corpus}", file=sys.stderr)
        return 2
    for folder in folders:
        result = run(folder, args.repeat, folder.name in args.show)
        if result["stories"]:
            report(folder, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
