"""Regular expressions (and the whole parser) run in linear time on adversarial lines.

Every pattern the parser compiles is collected — module-level patterns, rows of the knowledge
tables (junk rows, dateline styles), patterns built at run time (the combined junk scopes) and
literal ``re.sub``/``re.split`` patterns — and run against lines made of a repeated prefix that
almost matches (capitals and commas, parentheses, slashes, digits, spaces, dashes …).

Timings are only ever compared within one run, as ratios: a pattern's time on a line four times
longer (linear: ~4×, quadratic: ~16×), and the parser's time on an adversarial input against its
time on ordinary prose of the same size. Each parse runs in a forked child that is killed when
it overruns its budget, so a regression fails in bounded time instead of hanging the suite.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import importlib
import multiprocessing
import pkgutil
import re
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import wireparse
from wireparse.knowledge import default_knowledge

# --- collecting the patterns -----------------------------------------------------------------


def _patterns_in(value: Any, depth: int = 0) -> Iterator[re.Pattern[str]]:
    """Compiled patterns in ``value``, looking into tuples, lists, sets and dicts."""
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield value
    elif depth < 4 and isinstance(value, tuple | list | set | frozenset):
        for item in value:
            yield from _patterns_in(item, depth + 1)
    elif depth < 4 and isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item, depth + 1)


def _row_patterns(value: Any) -> Iterator[tuple[str, str]]:
    """(row name, pattern source) of a knowledge table: a tuple of rows with a str ``pattern``."""
    if not isinstance(value, tuple | list):
        return
    for index, row in enumerate(value):
        pattern = getattr(row, "pattern", None)
        if isinstance(pattern, str) and not isinstance(row, re.Pattern):
            yield f"{getattr(row, 'name', index)}", pattern


def _flags_of(node: ast.expr | None) -> int:
    """The value of a ``flags`` argument written as ``re.I | re.M`` (0 when not that shape)."""
    if node is None:
        return 0
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _flags_of(node.left) | _flags_of(node.right)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
            and node.value.id == "re":
        return int(getattr(re, node.attr, 0))
    return 0


_RE_FUNCTIONS = {"compile", "match", "fullmatch", "search", "sub", "subn", "split", "findall",
                 "finditer"}


def _literal_patterns(source: str) -> Iterator[tuple[int, str, int]]:
    """(line, pattern, flags) of every ``re.<function>("literal", …)`` call in ``source``."""
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.func.attr in _RE_FUNCTIONS and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)):
            continue
        flags_node = next((kw.value for kw in node.keywords if kw.arg == "flags"), None)
        if flags_node is None:
            position = {"compile": 1, "match": 2, "fullmatch": 2, "search": 2, "findall": 2,
                        "finditer": 2, "split": 3, "sub": 4, "subn": 4}[node.func.attr]
            if len(node.args) > position:
                flags_node = node.args[position]
        yield node.lineno, node.args[0].value, _flags_of(flags_node)


# Inputs that drive the parser through its paths, so that patterns it builds at run time
# (cached combinations of table rows) get compiled while we watch.
_WARM_UP = (
    "Rain stops play\n\nBy Jane Roe\n\nLONDON, June 3 (Reuters) - It rained all day. "
    "(Reporting by Jane Roe; Editing by John Doe)\n\nRead also: More rain\n\nShare Tweet\n",
    "All news\n\nTalks go on\n\nThe sides met again\n Mayor at the table Jo Doe/TASS\n"
    "Mayor at the table\n© Jo Doe/TASS\n\nMOSCOW, February 7. /TASS/. Talks went on.\n\n"
    "Second part\n\nIt went on.\n\n© 2019 TASS\n",
    "\x01a0123 r BC-Rain 0412\n\x02^Rain falls on city<\n^   WASHINGTON (AP) -- It rained.<\n"
    "\x03",
    "<html><head><title>T</title><meta property='og:title' content='T'></head><body>"
    "<article><h1>Head</h1><p class='lead'>Deck line here</p><figure><img alt='A'>"
    "<figcaption>A man <span class='credit'>Jo Doe/AP</span></figcaption></figure>"
    "<p>PARIS, March 3 (AFP) - Body text.</p><div class='related'>More</div></article>"
    "</body></html>",
    "---\nbyline: \"Jo\"\ndateline: null\nphotos: []\n---\n\n# Head\n\n> Deck\n\nBody.\n",
)


@functools.cache
def collected_patterns() -> dict[str, re.Pattern[str]]:
    """Every pattern the parser uses, by a name that says where it comes from."""
    found: dict[tuple[str, int], tuple[str, re.Pattern[str]]] = {}

    def add(name: str, pattern: re.Pattern[str]) -> None:
        found.setdefault((pattern.pattern, pattern.flags), (name, pattern))

    modules = []
    for info in pkgutil.walk_packages(wireparse.__path__, "wireparse."):
        modules.append(importlib.import_module(info.name))
    for module in modules:
        for attr, value in vars(module).items():
            for pattern in _patterns_in(value):
                add(f"{module.__name__}.{attr}", pattern)
            for row, source in _row_patterns(value):
                add(f"{module.__name__}.{attr}[{row}]", re.compile(source))
                add(f"{module.__name__}.{attr}[{row}]$", re.compile(rf"(?:{_strip_flags(source)})"
                                                                  r"\s*$", _flags(source)))
        if module.__file__:
            for line, source, flags in _literal_patterns(Path(module.__file__).read_text("utf-8")):
                add(f"{module.__name__}:{line}", re.compile(source, flags))
    for name, pattern in _runtime_patterns(modules):
        add(name, pattern)
    return {name: pattern for name, pattern in found.values()}


def _strip_flags(source: str) -> str:
    return source[4:] if source.startswith("(?i)") else source


def _flags(source: str) -> int:
    return re.IGNORECASE if source.startswith("(?i)") else 0


def _runtime_patterns(modules: list[Any]) -> list[tuple[str, re.Pattern[str]]]:
    """Patterns compiled by wireparse code while it parses the warm-up inputs.

    Cached builders (``functools.cache``) are cleared first so they compile again, and
    ``re._compile`` — what every ``re`` function goes through — is wrapped to note the
    patterns whose caller is a wireparse module.
    """
    compile_function = getattr(re, "_compile", None)
    if compile_function is None:  # another Python: the other sources still apply
        return []
    for module in modules:
        for value in vars(module).values():
            if callable(value) and hasattr(value, "cache_clear") \
                    and getattr(value, "__module__", "") == module.__name__:
                value.cache_clear()
    default_knowledge().forget()  # the knowledge tables' patterns are built again too
    seen: list[tuple[str, re.Pattern[str]]] = []

    def recording(pattern: Any, flags: Any) -> Any:
        compiled = compile_function(pattern, flags)
        frame = sys._getframe(1)
        while frame is not None and frame.f_globals.get("__name__") == "re":
            frame = frame.f_back
        caller = frame.f_globals.get("__name__", "") if frame is not None else ""
        if caller.startswith("wireparse") and isinstance(compiled, re.Pattern) \
                and isinstance(compiled.pattern, str):
            tag = zlib.crc32(compiled.pattern.encode("utf-8", "surrogatepass")) & 0xFFFF
            seen.append((f"{caller}:{frame.f_lineno} (runtime {tag:04x})", compiled))
        return compiled

    re._compile = recording  # type: ignore[attr-defined]
    try:
        for text in _WARM_UP:
            for input_format in ("auto", "text", "html", "md"):
                with contextlib.suppress(wireparse.WireparseError):
                    wireparse.parse(text, input_format=input_format)  # type: ignore[arg-type]
    finally:
        re._compile = compile_function  # type: ignore[attr-defined]
    return seen


def test_collector_finds_the_parsers_patterns() -> None:
    """The collector sees the tables and the stage patterns (else the ReDoS test is empty)."""
    names = " ".join(collected_patterns())
    assert len(collected_patterns()) >= 25
    for expected in ("junk", "credits", "datelines", "classify", "repair", "segment"):
        assert expected in names, expected


# --- adversarial lines ---------------------------------------------------------------------

# Units repeated to make a line: each almost matches something (a dateline, a credit, a junk
# row, a trailer, an entity, an envelope mark), so a backtracking pattern tries hard everywhere.
UNITS = (
    "A", "AB CD, ", "MOSCOW, ", "A, B, ", "NEW YORK ", "Aa ", "a", "a ", "aa-", "a.", "Aa.",
    "(", "(a", "(A) ", "(Reporting by A)", "((", ")", "/", "a/", "A/B ", "AP Photo/",
    "1", "12 ", "1:2", "12.12.", "7 Feb ", "Feb 7, ", "2019, ",
    " ", "\t", " \t", " <", "\n ", "\n\n", "\n^", " =",
    "-", "- ", "--", "—", "– ", "_", ":", ".-",
    "&", "&#", "&a", "&#x1", "\\", "#", "# ", ">", "> ", "*", "* ", "|", "» ",
    "By ", "Read also ", "© ", "Photo: ", "share ", "updated ", "cookie ", "sign up ",
    "Eds: ", "BC-", "ABC-12", "a/b", "\u00c3", "\u00c3\u00a9", "\u0420\u0452", "'", "’",
    ".)", ".'", "?”",
)
# What follows the repetition: nothing, or a character no pattern wants there.
SUFFIXES = ("", "!")


def adversarial_line(unit: str, size: int, suffix: str = "!") -> str:
    return unit * (size // len(unit)) + suffix


def _timed(function: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _baseline(line: str) -> float:
    """A plain linear pass over the line: splitlines() and split()."""
    return _timed(lambda: [part.split() for part in line.splitlines()], 3)


# why: linear work grows 4× from n to 4n, quadratic 16×; 10× leaves room for a noisy machine.
GROWTH_LIMIT = 10.0
# why: below this many baseline passes a timing is noise, whatever its growth.
NEGLIGIBLE_BASELINES = 20.0
SMALL, LARGE = 2_000, 8_000


def _growth(run: Callable[[str], Any], small: str, large: str) -> float:
    """How many times longer ``run`` takes on ``large`` than on ``small`` (best of a few)."""
    t_large = _timed(lambda: run(large), 2)
    if t_large < NEGLIGIBLE_BASELINES * _baseline(large):
        return 0.0
    return t_large / max(_timed(lambda: run(small), 3), 1e-9)


_UNANCHORED_CALL = r"\.(?:search|sub|subn|findall|finditer|split)\("


@functools.cache
def unanchored_names() -> frozenset[str]:
    """Patterns the parser runs unanchored (``search``, ``sub``, ``split`` …) over whole texts.

    Module-level patterns are looked up in their module's source (``_WS.sub(`` …); literal
    ``re.sub("…", …)`` calls are unanchored by their function. The rest — dateline styles and
    junk rows, which the parser only ever ``match``es against a bounded head of a block — are
    checked anchored only.
    """
    names = set()
    for name in collected_patterns():
        module_name, _, attr = name.partition(":")
        if attr:  # a literal call "module:line"; runtime patterns are "module:line (runtime)"
            if "(runtime" not in attr and _literal_is_unanchored(module_name, int(attr)):
                names.add(name)
            continue
        module_name, _, attr = name.rpartition(".")
        module = sys.modules.get(module_name)
        if module is None or not module.__file__ or not attr.isidentifier():
            continue
        source = Path(module.__file__).read_text("utf-8")
        if re.search(rf"\b{re.escape(attr)}{_UNANCHORED_CALL}", source):
            names.add(name)
    return frozenset(names)


def _literal_is_unanchored(module_name: str, line: int) -> bool:
    module = sys.modules[module_name]
    text = Path(module.__file__ or "").read_text("utf-8").splitlines()[line - 1]
    return re.search(r"\bre" + _UNANCHORED_CALL, text) is not None


def _methods(name: str) -> tuple[str, ...]:
    return ("match", "search") if name in unanchored_names() else ("match",)


@pytest.mark.parametrize("name", sorted(collected_patterns()))
def test_pattern_is_linear_on_adversarial_lines(name: str) -> None:
    """Anchored (and, where the parser searches with it, unanchored) time grows linearly."""
    pattern = collected_patterns()[name]
    failures = []
    for method in _methods(name):
        run = getattr(pattern, method)
        for unit in UNITS:
            for suffix in SUFFIXES:
                small = adversarial_line(unit, SMALL, suffix)
                large = adversarial_line(unit, LARGE, suffix)
                # A second measurement must confirm a first bad one: a busy machine is no bug.
                if _growth(run, small, large) > GROWTH_LIMIT \
                        and (growth := _growth(run, small, large)) > GROWTH_LIMIT:
                    failures.append(f"{method} on {unit!r}×n+{suffix!r}: {growth:.0f}× slower "
                                    f"for 4× the input")
            if len(failures) >= 2:
                break
    assert not failures, f"{name} /{pattern.pattern[:120]}/ is super-linear:\n" + "\n".join(
        failures)


# --- the whole parser on adversarial input -----------------------------------------------------

# why: the brief's "generous multiple": an adversarial input may cost more than prose (more
# blocks, more rows tried per block), but fifty times more means work that is not linear.
PARSE_LIMIT = 50.0
LINE_BYTES = 1_000_000
BLOCK_BYTES = 250_000

_PROSE = ("The committee met again on Tuesday to go over the budget, and members said the "
          "talks had gone well, though no figures were agreed before the session closed. ")


def ordinary_text(size: int) -> str:
    """Plain prose of about ``size`` characters: a headline and paragraphs of three sentences."""
    paragraph = _PROSE * 3
    return "Budget talks go on\n\n" + "\n\n".join([paragraph] * (size // (len(paragraph) + 2)))


def ordinary_html(size: int) -> str:
    paragraph = f"<p>{_PROSE * 3}</p>\n"
    return ("<!DOCTYPE html><html><head><title>Budget talks</title></head><body><article>"
            "<h1>Budget talks go on</h1>" + paragraph * (size // len(paragraph))
            + "</article></body></html>")


# Units for whole-parser inputs: the ones whose almost-matches reach the most rules.
PARSE_UNITS = ("A", "AB CD, ", "MOSCOW, ", "(a", "(Reporting by A)", "/", "A/B ", "1", "12 ",
               "7 Feb ", " ", "\t", "-", "- ", "—", "&#", "&a", "\\", "# ", "> ", "* ", "By ",
               "Read also ", "© ", "a.", ".)", "\u00c3\u00a9", "\u0420\u0452", "a")


def _parse_cases() -> list[tuple[str, str, str]]:
    """(case id, input_format, text)."""
    cases = []
    for unit in PARSE_UNITS:
        cases.append((f"line {unit!r}", "auto", adversarial_line(unit, LINE_BYTES)))
    for unit in PARSE_UNITS:
        # Blocks just under the junk rows' length cap: every row is tried on every block.
        block = adversarial_line(unit, 490, "")
        cases.append((f"blocks {unit!r}", "auto", "\n\n".join([block] * (BLOCK_BYTES // 492))))
        # Short lines of equal width: a hard-wrapped text where every line is joined.
        short = adversarial_line(unit, 60, "")
        cases.append((f"wrapped {unit!r}", "auto", "\n".join([short] * (BLOCK_BYTES // 61))))
    cases += [
        ("wire envelope, long space run", "auto", "\x01" + " " * BLOCK_BYTES + "x"),
        ("wire envelope, spaced line marks", "auto",
         "\x01\x02" + ("^word" + " " * 200 + "x\n") * (BLOCK_BYTES // 206)),
        ("many trailers in one paragraph", "auto",
         "Shares fell " + "(Reporting by A)" * (BLOCK_BYTES // 16) + " end"),
        ("many distinct photo credits", "auto",
         "\n\n".join(f"© Person{i}/TASS" for i in range(BLOCK_BYTES // 18))),
        ("many datelines", "auto",
         "\n\n".join(["MOSCOW, February 7. /TASS/. Talks went on."] * (BLOCK_BYTES // 45))),
        ("many bylines and captions", "auto",
         "\n\n".join(["By Jane Roe", "A man at a desk (AP Photo/Jo Doe)"] * (BLOCK_BYTES // 50))),
    ]
    cases += [
        # libxml2 checks each new attribute of a tag against the ones before it.
        ("html one tag with many attributes", "html",
         "<html><body><div " + " ".join(f'data-a{i}="x"' for i in range(LINE_BYTES // 16))
         + "><p>Rain fell all day.</p></div></body></html>"),
        ("html many one-word paragraphs", "html",
         "<html><body>" + "<p>Rain.</p>" * (LINE_BYTES // 12) + "</body></html>"),
        ("html many tags with a few attributes", "html",
         "<html><body>" + '<p class="a" id="b" data-c="d">Rain.</p>' * (LINE_BYTES // 40)),
    ]
    html_units = ("<div>", "<a ", "<p>", "<!--", "&amp;", "<b>x</b>", "<span class='related'>",
                  "<figure><figcaption>", "<script>", "</p>")
    for unit in html_units:
        cases.append((f"html {unit!r}", "html",
                      "<html><body>" + adversarial_line(unit, BLOCK_BYTES, "")))
    return cases


def _child(conn: Any, text: str, input_format: str) -> None:
    start = time.perf_counter()
    with contextlib.suppress(wireparse.WireparseError):
        wireparse.parse(text, input_format=input_format)  # type: ignore[arg-type]
    conn.send(time.perf_counter() - start)
    conn.close()


def _parse_time_in_child(text: str, input_format: str, kill_after: float) -> float | None:
    """The child's own parse time, or None when it had to be killed after ``kill_after`` s."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, text, input_format), daemon=True)
    child.start()
    sender.close()
    try:
        if receiver.poll(kill_after):
            return float(receiver.recv())
        return None
    finally:
        child.kill()
        child.join()
        receiver.close()


def _baseline_parse_time(size: int, input_format: str) -> float:
    """Parse time of ordinary copy of ``size`` characters, measured now."""
    text = ordinary_html(size) if input_format == "html" else ordinary_text(size)
    return _timed(lambda: wireparse.parse(text, input_format=input_format), 2)  # type: ignore


# why: measuring the baseline for every case would double the module's time; a session
# baseline is re-measured in the test whenever a case fails against it (the machine may have
# been busier since), so no case fails on a stale measurement.
_session_baselines: dict[tuple[int, str], float] = {}


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork to bound a runaway parse")
@pytest.mark.parametrize(("case", "input_format", "text"), _parse_cases(),
                         ids=[case for case, _, _ in _parse_cases()])
def test_parser_stays_linear_on_adversarial_input(case: str, input_format: str,
                                                  text: str) -> None:
    """The parse of an adversarial input costs at most PARSE_LIMIT × that of ordinary text
    of the same size (measured in this run, on this machine)."""
    key = (len(text), "html" if input_format == "html" else "text")
    if key not in _session_baselines:
        _session_baselines[key] = _baseline_parse_time(*key)
    baseline = _session_baselines[key]
    for attempt in range(2):
        budget = PARSE_LIMIT * baseline
        elapsed = _parse_time_in_child(text, input_format, kill_after=1.5 * budget)
        if elapsed is not None and elapsed <= budget:
            return
        if attempt == 0:
            baseline = max(baseline, _baseline_parse_time(*key))
    assert elapsed is not None, f"{case}: parse killed after {1.5 * PARSE_LIMIT:.0f}× the " \
                                f"time of ordinary text of the same size"
    assert elapsed <= budget, f"{case}: {elapsed / baseline:.0f}× the time of ordinary text"


# Inputs made of many tiny blocks. Their cost per character is dominated by a fixed cost per
# block, ~50× that of prose per character (and ~40× the memory): a constant, reported, not
# asserted. What is asserted is that the work per block does not grow with the number of
# blocks (it did: a scan over the remaining blocks for each one).
TINY_BLOCKS = {
    "one-word paragraphs": "Rain.\n\n",
    "one-letter blocks": "x\n\n",
    "short lines": "Rain fell.\n",
    "credit lines": "© Jo Doe/TASS\n\n",
    "datelines": "MOSCOW, February 7. /TASS/. Talks.\n\n",
}
# why: linear work grows 4× from n to 4n blocks, quadratic 16×; 8× leaves room for noise.
BLOCK_GROWTH_LIMIT = 8.0


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork to bound a runaway parse")
@pytest.mark.parametrize("shape", sorted(TINY_BLOCKS))
def test_work_per_block_does_not_grow_with_the_number_of_blocks(shape: str) -> None:
    unit = TINY_BLOCKS[shape]
    small, large = unit * (BLOCK_BYTES // 4 // len(unit)), unit * (BLOCK_BYTES // len(unit))
    growth = 0.0
    for _ in range(2):  # a second measurement must confirm a bad first one
        t_small = min(_parse_time_in_child(small, "auto", kill_after=600) or 600 for _ in "ab")
        t_large = _parse_time_in_child(large, "auto",
                                       kill_after=2 * BLOCK_GROWTH_LIMIT * t_small + 1)
        growth = (t_large if t_large is not None else float("inf")) / t_small
        if growth <= BLOCK_GROWTH_LIMIT:
            return
    pytest.fail(f"{shape}: four times the blocks took {growth:.0f}× the time")
