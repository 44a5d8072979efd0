"""Long fuzz run: throw many random and mutated inputs at ``wireparse.parse`` and report.

Usage::

    nice python benchmarks/fuzz.py --n 100000 [--seed S] [--timeout-factor F] [--out DIR]

Inputs come from seeded generators: wire-like text (fragments of datelines, credits, junk
rows, noise and control characters), arbitrary bytes, text in many encodings, random and
malformed HTML (tags, attributes, entities, nesting, doctypes, truncation), Markdown with odd
front matter, adversarial repetitions (a unit that almost matches, repeated), and mutations of
the golden fixtures, agency-format ones (NITF, NewsML, ninjs) included, read with every reader
(byte flips, truncation, splicing, duplication, insertion, deletion).

Each input is parsed in a worker process. What counts:

- **crash**: an exception other than ``WireparseError`` (the first inputs of each distinct
  crash — exception type and innermost wireparse frame — are saved as reproducers);
- **violation**: an Article whose ``to_dict()`` fails the JSON Schema or cannot be written as
  UTF-8, or whose Markdown does not read back to the same document (saved the same way);
- **hang**: a worker that takes longer than ``--timeout-factor`` times the median parse time
  of ordinary copy (measured first, on this machine; never less than ``MIN_TIMEOUT``), and
  again ``RETRY_FACTOR`` times longer in a fresh worker: it is killed, the input saved, and
  a fresh worker goes on. An input that finishes on the retry is counted as "stalled".

The report (stdout, and ``OUT/report.json``) gives inputs tried, outcome counts, crashes and
hangs, and the slowest input's parse time relative to the median. Exit code 1 when anything
crashed, hung or violated the contract, else 0.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import multiprocessing
import random
import statistics
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED_SEED = ROOT.parent / "shared" / "000_tass_maduro.txt"  # the first story, if present
DEFAULT_OUT = ROOT / "bench-out" / "fuzz"

# why: a parse that takes this many times the median of ordinary copy is stuck, not slow;
# an ordinary parse is ~1 ms, so the default is about a second.
DEFAULT_TIMEOUT_FACTOR = 1000.0
# why: below this a "hang" is more likely the machine (shared, two cores) pausing the worker.
MIN_TIMEOUT = 2.0  # seconds
# why: an input that times out is retried once in a fresh worker with this much more time;
# only one that overruns both is a hang (a busy machine stalls a worker now and then).
RETRY_FACTOR = 5
# why: enough reproducers of one crash to see its range, few enough to read.
KEEP_PER_SIGNATURE = 3
# why: inputs stay small so that a slow one is slow per byte, not merely big; adversarial
# repeats and mutated fixtures go up to this size.
MAX_INPUT = 64 * 1024

# --- generators -----------------------------------------------------------------------------

FRAGMENTS = (
    "MOSCOW, February 7. /TASS/.", "LONDON, June 3 (Reuters) -", "KHARKIV, Ukraine (AP) —",
    "(ANSA) - ROME, FEB 7 -", "WASHINGTON —", "Moscow. February 7. INTERFAX -",
    "МОСКВА, 7 фев — РИА Новости.", "PARIS, 3 mars (AFP) -", "BERLIN, Jan 5 (dpa) -",
    "WASHINGTON, March 12, Reuter -", "NEW DELHI, Feb 7 (PTI)", "10 JAN 90 (BEIJING XINHUA) --",
    "By Jane Roe", "BY JOHN DOE AND ANA LIMA", "© Vitaliy Nevar/TASS", "AP Photo/Evan Vucci",
    "Photo: Reuters/Jane Roe", "A man at a desk (AP Photo/Jo Doe)", "Read also: Rain again",
    "Advertisement", "Share Tweet Email", "Tags: rain, cricket", "Updated 3 hours ago",
    "(Reporting by Jane Roe; Editing by John Doe)", "ENDITEM", "(end)", "==Kyodo", "Reuter",
    "7 Feb, 14:32", "All news", "Home > World > Europe", "Sign up for our newsletter",
    "© 2019 TASS", "All rights reserved.", "Eds: With AP Photos.", "BC-LT--Rain,466",
    "\x01a0123 r BC-Rain 0412", "\x02", "\x03", "\x16\x16", "^", "<", "=", "---", "# ", "## ",
    "> ", "\\", "* * *", "*", "**", "&amp;", "&#3;", "&lt;IDBX>", "Ã©", "РІ", "\u00ad",
    "\u200b", "\ufeff", "\u2028", "\ufffe", "\x85", "\x7f",
    "The committee met on Tuesday to discuss the budget.", "Slow-motion coup in Venezuela",
    "\"The position remains unchanged,\" Peskov said.", "gov-", "ernment", "self-", "1990-",
)
SEPARATORS = ("\n", "\n\n", "\r\n", "\r", " ", "  ", "\t", "\n   ", "\n\n\n", "")
ENCODINGS = ("utf-8", "utf-8-sig", "cp1251", "cp1252", "latin-1", "utf-16", "utf-16-be",
             "utf-32", "koi8-r", "shift_jis", "gb18030", "iso-8859-7", "mac-roman")
TAGS = ("html", "head", "body", "article", "main", "section", "div", "p", "span", "h1", "h2",
        "h3", "figure", "figcaption", "img", "a", "b", "i", "em", "strong", "ul", "ol", "li",
        "table", "tr", "td", "br", "hr", "time", "aside", "nav", "footer", "header", "script",
        "style", "noscript", "iframe", "meta", "base", "link", "title", "blockquote", "cite",
        "template", "svg", "math", "textarea", "pre", "frameset", "object", "xmp", "plaintext")
ATTRIBUTES = ("class", "id", "role", "style", "href", "src", "alt", "title", "datetime",
              "content", "property", "name", "itemprop", "http-equiv", "rel", "hidden",
              "aria-hidden", "data-x", "lang", "charset", "type", "onerror")
ATTRIBUTE_VALUES = ("related", "caption", "credit", "byline", "dateline", "lead", "article-body",
                    "share-bar", "ad-slot", "display:none", "visibility: hidden", "refresh",
                    "0;url=file:///etc/passwd", "file:///etc/passwd", "http://127.0.0.1:9/x",
                    "og:title", "og:image", "author", "description", "2019-02-07T10:00:00Z",
                    "application/ld+json", "javascript:alert(1)", "", "\"'<>&", "x" * 300)
ENTITIES = ("&amp;", "&lt;", "&nbsp;", "&mdash;", "&#8212;", "&#x2014;", "&#0;", "&#xD800;",
            "&#x110000;", "&#99999999999;", "&bogus;", "&amp", "&", "&#", "&#x;", "&e;")
RAW_MARKUP = ("<!-- comment -->", "<!--", "-->", "<![CDATA[ x ]]>", "<!DOCTYPE html>",
              '<?xml version="1.0" encoding="utf-8"?>', '<!DOCTYPE x [<!ENTITY e "lol">]>',
              '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', '<meta charset="koi8-r">',
              '<meta charset="undefined">', '<meta charset="rot13">', '<meta charset="utf-7">',
              '<meta charset="punycode">', '<meta charset="x-bogus">',
              "</", "<", ">", "<p", "<<p>>", "</div></div></div>",
              '<script type="application/ld+json">{"@type":"NewsArticle","headline":"H",'
              '"image":{"caption":"C"},"author":[{"name":"A"}],"@graph":[[[[]]]]}</script>')
YAML_KEYS = ("byline", "dateline", "photos", "text", "city", "date", "agency", "caption",
             "credit", "headline", "body")
YAML_VALUES = ("5", "-1.5", "null", "~", "true", '"x"', "'y'", "2019-02-07", "[]", "{}",
               "[1, 2]", "{a: 1}", '"\\u00e9"', "|\n  block", "&a x", "*a", "!!str 5",
               "!!binary AAAA", "!!python/name:os.system", "? k", "- - x", '"unterminated',
               "[{caption: x, credit: y}]", "{text: MOSCOW, city: Moscow}")
UNITS = ("A", "AB CD, ", "MOSCOW, ", "(a", "(Reporting by A)", "/", "A/B ", "1", "12 ",
         "7 Feb ", " ", "\t", "-", "- ", "—", "&#", "&a", "\\", "# ", "> ", "* ", "By ",
         "Read also ", "© ", "a.", ".)", "\u00c3\u00a9", "\u0420\u0452", "a", "<div>", "<a ",
         "\n", "\n ", " <", "^", "=\n", "© A{i}/TASS\n\n", "---\n")


class Generator:
    """Seeded input generators; ``next()`` gives (kind, input_format, data)."""

    def __init__(self, rng: random.Random, seeds: list[bytes]) -> None:
        self.rng = rng
        self.seeds = seeds
        self.kinds: list[tuple[str, Callable[[], tuple[str, bytes | str]], int]] = [
            ("text", self.text, 20),
            ("unicode", self.unicode, 8),
            ("bytes", self.binary, 8),
            ("encoded", self.encoded, 10),
            ("html", self.html, 18),
            ("markdown", self.markdown, 8),
            ("adversarial", self.adversarial, 8),
            ("envelope", self.envelope, 6),
            ("mutated", self.mutated, 20),
        ]
        self._weights = [weight for _, _, weight in self.kinds]

    def next(self) -> tuple[str, str, bytes | str]:
        kind, make, _ = self.rng.choices(self.kinds, self._weights)[0]
        input_format, data = make()
        return kind, input_format, data

    def _noise(self, size: int) -> str:
        rng = self.rng
        pools = ((0x20, 0x7E), (0x00, 0x1F), (0x80, 0x2FF), (0x400, 0x4FF), (0x2000, 0x206F),
                 (0x3000, 0x30FF), (0xFFF0, 0xFFFF), (0x1F600, 0x1F64F))
        out = []
        for _ in range(size):
            low, high = rng.choice(pools)
            out.append(chr(rng.randint(low, high)))
        return "".join(out)

    def _wire(self, pieces: int) -> str:
        rng = self.rng
        out = []
        for _ in range(pieces):
            roll = rng.random()
            if roll < 0.7:
                out.append(rng.choice(FRAGMENTS))
            elif roll < 0.9:
                out.append(self._noise(rng.randint(0, 30)))
            else:
                out.append("".join(chr(rng.randint(0, 0x9F)) for _ in range(rng.randint(1, 4))))
            out.append(rng.choice(SEPARATORS))
        return "".join(out)

    def text(self) -> tuple[str, bytes | str]:
        text = self._wire(self.rng.randint(0, 60))
        return self.rng.choice(("auto", "auto", "text")), self._as_input(text)

    def unicode(self) -> tuple[str, bytes | str]:
        rng = self.rng
        text = "".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(0, 400)))
        return rng.choice(("auto", "text", "md", "html")), text  # lone surrogates included

    def binary(self) -> tuple[str, bytes | str]:
        rng = self.rng
        return rng.choice(("auto", "text", "html", "md")), rng.randbytes(rng.randint(0, 2000))

    def encoded(self) -> tuple[str, bytes | str]:
        rng = self.rng
        data = self._wire(rng.randint(1, 40)).encode(rng.choice(ENCODINGS), errors="replace")
        if rng.random() < 0.5:
            at = rng.randint(0, len(data))
            data = data[:at] + rng.randbytes(rng.randint(1, 16)) + data[at:]
        if rng.random() < 0.3:  # mixed encodings in one file
            data += self._wire(rng.randint(1, 10)).encode(rng.choice(ENCODINGS), "replace")
        return "auto", data

    def _element(self, depth: int) -> str:
        rng = self.rng
        roll = rng.random()
        if depth > 6 or roll < 0.35:
            choice = rng.random()
            if choice < 0.6:
                return rng.choice(FRAGMENTS)
            if choice < 0.75:
                return rng.choice(ENTITIES)
            if choice < 0.9:
                return rng.choice(RAW_MARKUP)
            return self._noise(rng.randint(0, 20))
        tag = rng.choice(TAGS)
        attrs = "".join(f' {rng.choice(ATTRIBUTES)}="{rng.choice(ATTRIBUTE_VALUES)}"'
                        for _ in range(rng.randint(0, 3)))
        inner = "".join(self._element(depth + 1) for _ in range(rng.randint(0, 4)))
        close = rng.random()
        if close < 0.15:
            return f"<{tag}{attrs}>{inner}"
        if close < 0.25:
            return f"<{tag}{attrs}>{inner}</{rng.choice(TAGS)}>"
        return f"<{tag}{attrs}>{inner}</{tag}>"

    def html(self) -> tuple[str, bytes | str]:
        rng = self.rng
        body = "".join(self._element(0) for _ in range(rng.randint(1, 10)))
        if rng.random() < 0.6:
            body = ("<!DOCTYPE html><html><head><title>T</title></head><body>" + body
                    + "</body></html>")
        if rng.random() < 0.2:
            depth = rng.randint(100, 5000)
            body = body.replace("<body>", "<body>" + "<div>" * depth, 1)
        if rng.random() < 0.2:
            body = body[: rng.randint(0, len(body))]
        return rng.choice(("auto", "html", "html")), self._as_input(body)

    def markdown(self) -> tuple[str, bytes | str]:
        rng = self.rng
        rows = [f"{rng.choice(YAML_KEYS)}: {rng.choice(YAML_VALUES)}"
                for _ in range(rng.randint(0, 6))]
        front = "---\n" + "\n".join(rows) + "\n---\n" if rng.random() < 0.9 else ""
        body = "\n\n".join(rng.choice(("# ", "## ", "> ", "\\", "", "")) + rng.choice(FRAGMENTS)
                           for _ in range(rng.randint(0, 8)))
        return rng.choice(("md", "md", "auto")), self._as_input(front + "\n" + body)

    def adversarial(self) -> tuple[str, bytes | str]:
        rng = self.rng
        unit = rng.choice(UNITS)
        size = rng.choice((1_000, 8_000, 32_000, MAX_INPUT))
        count = max(1, size // len(unit))
        if "{i}" in unit:
            text = "".join(unit.replace("{i}", str(i)) for i in range(count))
        else:
            text = unit * count
        text = rng.choice(("", "\x01", "\x01\x02", "Title\n\n", "<html><body>")) + text
        return rng.choice(("auto", "auto", "html")), self._as_input(text + rng.choice(("", "!")))

    def envelope(self) -> tuple[str, bytes | str]:
        """A wire transmission (ANPA-1312 / IPTC 7901 shape) with marks in odd places."""
        rng = self.rng
        pad = lambda: rng.choice(("", " ", "  ", "\t", " " * rng.randint(0, 300)))  # noqa: E731
        lines = []
        for _ in range(rng.randint(0, 30)):
            line = rng.choice(("^", "", "^^")) + pad() + self._wire(rng.randint(0, 4)) + pad()
            lines.append(line + rng.choice(("<", "=", "", "<<", " < ", "=\r")))
        head = rng.choice(("\x01", "", "\x16\x16\x01")) + rng.choice(
            ("a0123 r BC-Rain-Cricket 0412", "ZCZC", "", "\x1f" * 3)) + "\n"
        body = "\n".join(lines)
        text = (head + rng.choice(("\x02", "", "\x02\x02")) + body
                + rng.choice(("\x03", "", "\x03\x04")) + self._wire(rng.randint(0, 3)))
        return rng.choice(("auto", "auto", "text")), self._as_input(text)

    def mutated(self) -> tuple[str, bytes | str]:
        rng = self.rng
        data = bytearray(rng.choice(self.seeds))
        for _ in range(rng.randint(1, 4)):
            kind = rng.choice(("flip", "truncate", "splice", "duplicate", "insert", "delete"))
            at = rng.randint(0, len(data))
            if kind == "flip" and data:
                data[min(at, len(data) - 1)] ^= 1 << rng.randint(0, 7)
            elif kind == "truncate":
                del data[at:]
            elif kind == "splice":
                other = rng.choice(self.seeds)
                data[at:] = other[rng.randint(0, len(other)):]
            elif kind == "duplicate":
                end = rng.randint(at, min(len(data), at + 2000))
                data[at:at] = data[at:end] * rng.randint(1, 20)
            elif kind == "insert":
                data[at:at] = (rng.randbytes(rng.randint(1, 8)) if rng.random() < 0.5
                               else rng.choice(FRAGMENTS).encode())
            else:
                del data[at:at + rng.randint(1, 64)]
        return (rng.choice(("auto", "auto", "text", "html", "md", "nitf", "newsml", "ninjs")),
                bytes(data[:MAX_INPUT * 2]))

    def _as_input(self, text: str) -> bytes | str:
        return text.encode("utf-8", "surrogatepass") if self.rng.random() < 0.5 else text


def load_seeds() -> list[bytes]:
    """Golden fixtures (what tests/fixtures holds now), the project's first story, and ours."""
    seeds = [("Rain stops play at Lord's\n\nBy Jane Roe\n\nCovers on the square\n© Jo Doe/"
              "Reuters\n\nLONDON, June 3 (Reuters) - Rain washed out the second day,\nthe "
              "groundsmen said, and play will not re-\nsume before Monday.\n\nForecast\n\n"
              "\"We hope for sun,\" the captain said.\n\n(Reporting by Jane Roe)\n").encode()]
    if SHARED_SEED.is_file():
        seeds.append(SHARED_SEED.read_bytes())
    if FIXTURES.is_dir():
        for path in sorted(FIXTURES.rglob("*")):
            if path.suffix in (".txt", ".html", ".htm", ".md", ".xml", ".json") and path.is_file():
                data = path.read_bytes()
                if len(data) <= 400_000:
                    seeds.append(data)
    return seeds


# --- the worker -----------------------------------------------------------------------------


def _innermost_frame(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "wireparse" in f.filename] or frames
    if not ours:
        return "?"
    frame = ours[-1]
    path = frame.filename
    if "wireparse" in path:
        path = path[path.rindex("wireparse"):]
    return f"{path}:{frame.lineno}"


def _encodable(value: Any) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_one(data: bytes | str, input_format: str, validator: Any,
              roundtrip: bool) -> tuple[str, float, str, str]:
    """(outcome, parse seconds, signature, detail) for one input."""
    import wireparse

    start = time.perf_counter()
    try:
        article = wireparse.parse(data, input_format=input_format)  # type: ignore[arg-type]
    except wireparse.WireparseError as exc:
        elapsed = time.perf_counter() - start
        if "\n" in str(exc) or not str(exc):
            return "violation", elapsed, "multi-line error message", repr(exc)
        return "error", elapsed, type(exc).__name__, str(exc)
    except Exception as exc:  # what we are looking for
        elapsed = time.perf_counter() - start
        signature = f"{type(exc).__name__} at {_innermost_frame(exc)}"
        return "crash", elapsed, signature, "".join(traceback.format_exception(exc))
    elapsed = time.perf_counter() - start
    try:
        doc = article.to_dict()
        problems = sorted(validator.iter_errors(doc), key=str)
        if problems:
            first = problems[0]
            where = "/".join(str(p) for p in first.absolute_path)
            return "violation", elapsed, f"schema: {first.validator} at {where}", first.message
        json.dumps(doc, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        fields = [key for key, value in doc.items() if not _encodable(value)]
        return ("violation", elapsed, f"document not writable as UTF-8 ({exc.reason}) in "
                f"{','.join(fields)} [{input_format}]", str(exc))
    except Exception as exc:
        return ("violation", elapsed, f"document: {type(exc).__name__} at "
                f"{_innermost_frame(exc)}", "".join(traceback.format_exception(exc)))
    if roundtrip:
        try:
            again = wireparse.parse(article.to_markdown(), input_format="md").to_dict()
        except Exception as exc:
            return ("violation", elapsed, f"markdown round trip: {type(exc).__name__} at "
                    f"{_innermost_frame(exc)}", "".join(traceback.format_exception(exc)))
        if again != doc:
            keys = [k for k in doc if doc[k] != again.get(k)]
            return ("violation", elapsed, f"markdown round trip changes {','.join(keys)}",
                    json.dumps({"parsed": doc, "read back": again}, ensure_ascii=False)[:4000])
    return "ok", elapsed, "", ""


def worker(conn: Any, roundtrip: bool) -> None:
    """Parse what the parent sends, answer with the outcome; stop on None."""
    import jsonschema

    from wireparse.schema import schema

    validator = jsonschema.Draft202012Validator(schema())
    while True:
        task = conn.recv()
        if task is None:
            return
        data, input_format = task
        conn.send(check_one(data, input_format, validator, roundtrip))


class Worker:
    """A worker process that can be killed and replaced when an input hangs it."""

    def __init__(self, roundtrip: bool) -> None:
        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self._roundtrip = roundtrip
        self._start()

    def _start(self) -> None:
        self._conn, child_conn = self._context.Pipe()
        self._process = self._context.Process(target=worker, args=(child_conn,
                                                                   self._roundtrip),
                                              daemon=True)
        self._process.start()
        child_conn.close()
        # Warm up (imports, schema) before any timing counts: a fresh worker is not a slow one.
        self._conn.send(("Warm up\n\nLONDON, June 3 (Reuters) - Warm.", "auto"))
        if self._conn.poll(120):
            self._conn.recv()

    def run(self, data: bytes | str, input_format: str, timeout: float
            ) -> tuple[str, float, str, str] | None:
        """The outcome, or None when the worker did not answer within ``timeout`` (killed)."""
        try:
            self._conn.send((data, input_format))
            if self._conn.poll(timeout):
                return self._conn.recv()  # type: ignore[no-any-return]
        except (EOFError, BrokenPipeError, ConnectionResetError):
            self.restart()
            return ("crash", 0.0, "worker process died", "the worker exited (segfault, "
                    "out of memory or os._exit) while parsing this input")
        self.restart()
        return None

    def restart(self) -> None:
        self._process.kill()
        self._process.join()
        self._conn.close()
        self._start()

    def close(self) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            self._conn.send(None)
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
        self._conn.close()


# --- the run --------------------------------------------------------------------------------


@dataclass
class Findings:
    out: Path
    counts: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    signatures: dict[str, dict[str, Any]] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)
    slowest: list[dict[str, Any]] = field(default_factory=list)
    stalled: int = 0
    """Inputs that overran the timeout once but finished when retried."""

    def record(self, index: int, kind: str, input_format: str, data: bytes | str,
               outcome: str, signature: str, detail: str) -> None:
        self.counts[outcome] += 1
        self.by_kind[kind] += 1
        if outcome not in ("crash", "violation", "hang"):
            return
        key = f"{outcome}: {signature}"
        entry = self.signatures.setdefault(key, {"outcome": outcome, "signature": signature,
                                                 "count": 0, "reproducers": []})
        entry["count"] += 1
        if len(entry["reproducers"]) < KEEP_PER_SIGNATURE:
            entry["reproducers"].append(self.save(index, kind, input_format, data, outcome,
                                                  signature, detail))

    def save(self, index: int, kind: str, input_format: str, data: bytes | str, outcome: str,
             signature: str, detail: str) -> str:
        """Write the input (raw bytes, or a str as UTF-8 with surrogates kept) and its story."""
        raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
        digest = hashlib.sha1(raw).hexdigest()[:10]
        name = f"{outcome}-{index:06d}-{digest}"
        (self.out / f"{name}.bin").write_bytes(raw)
        if isinstance(data, bytes):
            how = f"data = Path({name + '.bin'!r}).read_bytes()"
        else:
            how = (f"data = Path({name + '.bin'!r}).read_bytes().decode('utf-8', "
                   "'surrogatepass')")
        (self.out / f"{name}.txt").write_text(
            f"outcome: {outcome}\nsignature: {signature}\nkind: {kind}\n"
            f"input: {'str' if isinstance(data, str) else 'bytes'} ({len(raw):,} bytes)\n"
            f"reproduce: {how}; wireparse.parse(data, input_format={input_format!r})\n\n"
            f"{detail}\n", encoding="utf-8")
        return f"{name}.bin"

    def note_time(self, index: int, kind: str, input_format: str, data: bytes | str,
                  elapsed: float) -> None:
        self.times.append(elapsed)
        size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "replace"))
        self.slowest.append({"index": index, "kind": kind, "input_format": input_format,
                             "bytes": size, "seconds": elapsed, "_data": data})
        self.slowest.sort(key=lambda e: e["seconds"], reverse=True)
        del self.slowest[5:]


def calibrate(worker_: Worker, rounds: int = 30) -> float:
    """Median parse time of ordinary copy (the seed story) on this machine, in the worker."""
    story = ("Rain stops play\n\nLONDON, June 3 (Reuters) - Rain washed out the day.\n\n"
             "Play resumes on Monday, the groundsmen said.\n")
    times = []
    for _ in range(rounds):
        result = worker_.run(story, "auto", 60.0)
        if result is not None:
            times.append(result[1])
    return statistics.median(times) if times else 0.001


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="inputs to try")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random)")
    parser.add_argument("--timeout-factor", type=float, default=DEFAULT_TIMEOUT_FACTOR,
                        help="an input is a hang past this many times the median parse time "
                             f"of ordinary copy (never below {MIN_TIMEOUT:g} s) "
                             f"[default: {DEFAULT_TIMEOUT_FACTOR:g}]")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"folder for reproducers and report.json [default: {DEFAULT_OUT}]")
    parser.add_argument("--no-roundtrip", action="store_true",
                        help="skip the Markdown round-trip check (faster)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*-*.bin"):
        old.unlink()
        old.with_suffix(".txt").unlink(missing_ok=True)
    generator = Generator(random.Random(seed), load_seeds())
    findings = Findings(args.out)
    worker_ = Worker(roundtrip=not args.no_roundtrip)
    reference = calibrate(worker_)
    timeout = max(MIN_TIMEOUT, args.timeout_factor * reference)
    started = time.monotonic()
    last_progress = started
    try:
        for index in range(args.n):
            kind, input_format, data = generator.next()
            result = worker_.run(data, input_format, timeout)
            if result is None:
                # A shared machine can stall a worker: a hang counts only when a fresh worker,
                # given RETRY_FACTOR times longer, does not finish the input either.
                result = worker_.run(data, input_format, RETRY_FACTOR * timeout)
                if result is None:
                    # Hangs have no traceback: group them by kind and the input's head.
                    head = data[:6]
                    findings.record(index, kind, input_format, data, "hang",
                                    f"no answer within {RETRY_FACTOR * timeout:.1f} s ({kind}, "
                                    f"starts {head!r})", "killed twice")
                    continue
                findings.stalled += 1  # finished on the retry: not a hang
            outcome, elapsed, signature, detail = result
            findings.note_time(index, kind, input_format, data, elapsed)
            findings.record(index, kind, input_format, data, outcome, signature, detail)
            now = time.monotonic()
            if not args.quiet and now - last_progress > 10:
                last_progress = now
                print(f"fuzz: {index + 1:,}/{args.n:,} inputs, {findings.counts['crash']} "
                      f"crashes, {findings.counts['hang']} hangs, "
                      f"{findings.counts['violation']} violations", file=sys.stderr, flush=True)
    finally:
        worker_.close()
    report = build_report(args, seed, findings, reference, timeout,
                          time.monotonic() - started)
    (args.out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False)
                                          + "\n", encoding="utf-8")
    print(format_report(report))
    bad = report["crashes"] + report["hangs"] + report["violations"]
    return 1 if bad else 0


def build_report(args: argparse.Namespace, seed: int, findings: Findings, reference: float,
                 timeout: float, wall: float) -> dict[str, Any]:
    times = findings.times
    median = statistics.median(times) if times else 0.0
    slowest = []
    for entry in findings.slowest:
        data = entry.pop("_data")
        if not slowest:  # keep the slowest input itself, to look at
            raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
            (args.out / "slowest.bin").write_bytes(raw)
        entry["times_median"] = round(entry["seconds"] / median, 1) if median else None
        entry["seconds"] = round(entry["seconds"], 4)
        slowest.append(entry)
    return {
        "inputs": sum(findings.by_kind.values()),
        "seed": seed,
        "wall_seconds": round(wall, 1),
        "outcomes": dict(findings.counts),
        "inputs_by_kind": dict(findings.by_kind),
        "crashes": findings.counts["crash"],
        "hangs": findings.counts["hang"],
        "stalled_then_finished": findings.stalled,
        "violations": findings.counts["violation"],
        "distinct_problems": sorted(findings.signatures.values(),
                                    key=lambda e: (e["outcome"], -e["count"])),
        "median_parse_seconds": round(median, 6),
        "p99_parse_seconds": round(sorted(times)[int(len(times) * 0.99)] if times else 0.0, 6),
        "slowest_over_median": slowest[0]["times_median"] if slowest else None,
        "slowest": slowest,
        "ordinary_copy_seconds": round(reference, 6),
        "hang_timeout_seconds": round(timeout, 2),
        "timeout_factor": args.timeout_factor,
        "out": str(args.out),
    }


def format_report(report: dict[str, Any]) -> str:
    lines = [
        f"inputs tried: {report['inputs']:,} (seed {report['seed']}, "
        f"{report['wall_seconds']:,.0f} s)",
        "by kind: " + ", ".join(f"{k} {v:,}" for k, v in sorted(report["inputs_by_kind"].items())),
        "outcomes: " + ", ".join(f"{k} {v:,}" for k, v in sorted(report["outcomes"].items())),
        f"crashes: {report['crashes']:,}  hangs: {report['hangs']:,}  "
        f"contract violations: {report['violations']:,}  (stalled once, then finished: "
        f"{report['stalled_then_finished']:,})",
        f"parse time: median {report['median_parse_seconds'] * 1000:.2f} ms, "
        f"p99 {report['p99_parse_seconds'] * 1000:.1f} ms; slowest input "
        f"{report['slowest_over_median']}× the median "
        f"(hang timeout {report['hang_timeout_seconds']} s)",
    ]
    for entry in report["slowest"][:3]:
        lines.append(f"  slow: #{entry['index']} {entry['kind']} ({entry['input_format']}, "
                     f"{entry['bytes']:,} bytes): {entry['seconds'] * 1000:.0f} ms, "
                     f"{entry['times_median']}× median")
    for problem in report["distinct_problems"]:
        lines.append(f"  {problem['outcome']} ×{problem['count']}: {problem['signature']} "
                     f"→ {', '.join(problem['reproducers'])}")
    lines.append(f"reproducers and report.json in {report['out']}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
