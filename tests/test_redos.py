"""Regular expressions (and the whole parser) run in linear time on adversarial lines.

Every pattern the parser compiles is collected — module-level patterns, rows of the knowledge
tables (junk rows, dateline styles), patterns built at run time (the combined junk scopes) and
literal ``re.sub``/``re.split`` patterns — and run against lines made of a repeated prefix that
almost matches (capitals and commas, parentheses, slashes, digits, spaces, dashes …).

Nothing here reads a clock (CI runs on a busy 2-core machine): each pattern must get through
the adversarial lines within a CPU-time budget that only catastrophic backtracking exceeds, and
the parser's work — Python lines and calls, counted exactly — may grow only linearly with the
input. Each runs in a forked child stopped by the kernel when it overruns its CPU budget, so a
regression fails in bounded time instead of hanging the suite. The timed growth checks (a
pattern's time on a line four times longer; the parse of adversarial input against prose of
the same size) are ``benchmarks/redos.py``.
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
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

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


# --- patterns: no catastrophic backtracking -------------------------------------------------

# why: every adversarial line of every unit, anchored and unanchored, takes a linear pattern a
# few milliseconds of CPU in all; catastrophic (exponential) backtracking on an 8,000-character
# line would take years. The limit counts the child's own CPU time, not the clock: a busy
# machine slows the clock, not the work, so it cannot make this test fail.
PATTERN_CPU_SECONDS = 60
LARGE = 8_000


def _sweep(name: str) -> None:
    """Run the pattern over every adversarial line the growth benchmark uses."""
    pattern = collected_patterns()[name]
    for method in _methods(name):
        run = getattr(pattern, method)
        for unit in UNITS:
            for suffix in SUFFIXES:
                run(adversarial_line(unit, LARGE, suffix))


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork and CPU limits")
@pytest.mark.parametrize("name", sorted(collected_patterns()))
def test_pattern_does_not_backtrack_catastrophically(name: str) -> None:
    """Each pattern gets through the adversarial lines within a CPU budget. Whether its work
    grows linearly is measured by ``benchmarks/redos.py`` (a timing, so not in this suite)."""
    outcome = run_with_cpu_limit(_sweep, name, cpu_seconds=PATTERN_CPU_SECONDS)
    pattern = collected_patterns()[name]
    assert outcome.finished, (f"{name} /{pattern.pattern[:120]}/ used over "
                              f"{PATTERN_CPU_SECONDS} CPU-seconds on the adversarial lines")


# --- running in a child with a CPU limit ------------------------------------------------------


class ChildOutcome(NamedTuple):
    finished: bool
    value: Any = None


def _child(conn: Any, function: Callable[..., Any], args: tuple[Any, ...],
           cpu_seconds: int) -> None:
    import resource

    used = int(resource.getrusage(resource.RUSAGE_SELF).ru_utime) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (used + cpu_seconds, used + cpu_seconds + 5))
    conn.send(function(*args))
    conn.close()


def run_with_cpu_limit(function: Callable[..., Any], *args: Any,
                       cpu_seconds: int) -> ChildOutcome:
    """``function(*args)`` in a forked child that the kernel stops after ``cpu_seconds`` of its
    own CPU time (SIGXCPU): a runaway fails the test in bounded time instead of hanging it,
    and how busy the machine is does not matter."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, function, args, cpu_seconds),
                            daemon=True)
    child.start()
    sender.close()
    try:
        return ChildOutcome(True, receiver.recv())
    except EOFError:  # the child died without answering: stopped by its CPU limit
        return ChildOutcome(False)
    finally:
        child.join()
        receiver.close()


# --- the whole parser: work counted, not timed ------------------------------------------------


def counted_work(text: str, input_format: str = "auto") -> int:
    """The Python lines and calls ``wireparse.parse`` executes on ``text``: a measure of work
    that is exact and the same on any machine, however busy. (Work inside C — a regex, lxml —
    is not counted: the patterns are checked above and timed by ``benchmarks/redos.py``.)"""
    with contextlib.suppress(wireparse.WireparseError):  # warm up: caches, compiled patterns
        wireparse.parse(text[:2000], input_format=input_format)  # type: ignore[arg-type]
    events = 0

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        nonlocal events
        events += 1
        return tracer

    sys.settrace(tracer)
    try:
        with contextlib.suppress(wireparse.WireparseError):
            wireparse.parse(text, input_format=input_format)  # type: ignore[arg-type]
    finally:
        sys.settrace(None)
    return events


# why: linear work grows 4× from n to 4n, quadratic 16×; the counts are exact, so the margin is
# only for n·log n terms (sorting) and fixed costs, not for noise.
WORK_GROWTH_LIMIT = 6.0
# why: big enough that a scan over the remaining blocks for each block (the quadratic bug this
# guards against) outweighs the per-block constant many times over; small enough to trace fast.
COUNT_SMALL, COUNT_LARGE = 16_000, 64_000
PARSE_CPU_SECONDS = 120

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

# Inputs made of many tiny blocks: their cost per character is dominated by a fixed cost per
# block, ~50× that of prose (a constant, timed by the benchmark). What matters is that the work
# per block does not grow with the number of blocks (it did: a scan over the remaining blocks
# for each one).
TINY_BLOCKS = {
    "one-word paragraphs": "Rain.\n\n",
    "one-letter blocks": "x\n\n",
    "short lines": "Rain fell.\n",
    "credit lines": "© Jo Doe/TASS\n\n",
    "datelines": "MOSCOW, February 7. /TASS/. Talks.\n\n",
}


class ParseCase(NamedTuple):
    name: str
    input_format: str
    make: Callable[[int], str]
    """The input at about ``size`` characters."""


def _repeat(block: str, separator: str) -> Callable[[int], str]:
    return lambda size: separator.join([block] * max(1, size // (len(block) + len(separator))))


def parse_cases() -> list[ParseCase]:
    cases = [ParseCase(f"line {u!r}", "auto", functools.partial(adversarial_line, u))
             for u in PARSE_UNITS]
    for unit in PARSE_UNITS:
        # Blocks just under the junk rows' length cap: every row is tried on every block.
        cases.append(ParseCase(f"blocks {unit!r}", "auto",
                               _repeat(adversarial_line(unit, 490, ""), "\n\n")))
        # Short lines of equal width: a hard-wrapped text where every line is joined.
        cases.append(ParseCase(f"wrapped {unit!r}", "auto",
                               _repeat(adversarial_line(unit, 60, ""), "\n")))
    cases += [ParseCase(f"tiny blocks: {shape}", "auto", _repeat(unit, ""))
              for shape, unit in TINY_BLOCKS.items()]
    cases += [
        ParseCase("wire envelope, long space run", "auto", lambda n: "\x01" + " " * n + "x"),
        ParseCase("wire envelope, spaced line marks", "auto",
                  lambda n: "\x01\x02" + ("^word" + " " * 200 + "x\n") * (n // 206)),
        ParseCase("many trailers in one paragraph", "auto",
                  lambda n: "Shares fell " + "(Reporting by A)" * (n // 16) + " end"),
        ParseCase("many distinct photo credits", "auto",
                  lambda n: "\n\n".join(f"© Person{i}/TASS" for i in range(n // 18))),
        ParseCase("many bylines and captions", "auto",
                  lambda n: "\n\n".join(["By Jane Roe", "A man at a desk (AP Photo/Jo Doe)"]
                                        * (n // 50))),
        # libxml2 checks each new attribute of a tag against the ones before it.
        ParseCase("html one tag with many attributes", "html",
                  lambda n: "<html><body><div " + " ".join(f'data-a{i}="x"'
                                                           for i in range(n // 16))
                  + "><p>Rain fell all day.</p></div></body></html>"),
        ParseCase("html many one-word paragraphs", "html",
                  lambda n: "<html><body>" + "<p>Rain.</p>" * (n // 12) + "</body></html>"),
        ParseCase("html many tags with a few attributes", "html",
                  lambda n: "<html><body>"
                  + '<p class="a" id="b" data-c="d">Rain.</p>' * (n // 40)),
    ]
    html_units = ("<div>", "<a ", "<p>", "<!--", "&amp;", "<b>x</b>", "<span class='related'>",
                  "<figure><figcaption>", "<script>", "</p>")
    cases += [ParseCase(f"html {u!r}", "html",
                        lambda n, u=u: "<html><body>" + adversarial_line(u, n, ""))  # type: ignore[misc]
              for u in html_units]
    return cases


PARSE_CASES = {case.name: case for case in parse_cases()}


def _work_growth(name: str) -> tuple[int, int]:
    case = PARSE_CASES[name]
    return (counted_work(case.make(COUNT_SMALL), case.input_format),
            counted_work(case.make(COUNT_LARGE), case.input_format))


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork and CPU limits")
@pytest.mark.parametrize("name", sorted(PARSE_CASES))
def test_parser_work_grows_linearly_on_adversarial_input(name: str) -> None:
    """Four times the adversarial input costs the parser at most WORK_GROWTH_LIMIT times the
    counted work (a quadratic step would cost 16×)."""
    outcome = run_with_cpu_limit(_work_growth, name, cpu_seconds=PARSE_CPU_SECONDS)
    assert outcome.finished, f"{name}: the parse used over {PARSE_CPU_SECONDS} CPU-seconds"
    small, large = outcome.value
    assert large <= WORK_GROWTH_LIMIT * max(small, 1), (
        f"{name}: four times the input took {large / max(small, 1):.1f}× the work "
        f"({small:,} → {large:,} traced events)")


def test_counted_work_sees_a_quadratic_step() -> None:
    """The measure itself: a scan over the remaining blocks for each block shows as ~16×."""
    def quadratic(blocks: list[str]) -> int:
        return sum(1 for i in range(len(blocks)) for _ in blocks[i:])

    def events(n: int) -> int:
        count = 0

        def tracer(frame: Any, event: str, arg: Any) -> Any:
            nonlocal count
            count += 1
            return tracer

        sys.settrace(tracer)
        try:
            quadratic(["x"] * n)
        finally:
            sys.settrace(None)
        return count

    assert events(400) > WORK_GROWTH_LIMIT * events(100)
