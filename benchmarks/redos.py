"""Timed growth checks for ReDoS, kept out of the test suite because they read a clock.

``tests/test_redos.py`` checks, without timing anything, that no pattern backtracks
catastrophically (a CPU budget) and that the parser's counted work grows linearly. This script
adds what only a clock can show, on a quiet machine:

- each pattern's time on an adversarial line four times longer (linear ~4×, quadratic ~16×),
  including the work inside the regex engine that the counted checks do not see;
- the parse of each adversarial input against ordinary prose of the same size (a generous
  multiple: adversarial input may cost more, but not fifty times more).

Usage::

    python benchmarks/redos.py              # both; exit 1 if anything looks super-linear
    python benchmarks/redos.py --patterns   # only the patterns
    python benchmarks/redos.py --parser     # only the whole parser

The inputs and the pattern collector are those of ``tests/test_redos.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import wireparse

HERE = Path(__file__).resolve().parent


def _redos_tests() -> Any:
    script = HERE.parent / "tests" / "test_redos.py"
    spec = importlib.util.spec_from_file_location("wireparse_redos_tests", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


T = _redos_tests()

# why: linear work grows 4× from n to 4n, quadratic 16×; 10× leaves room for a noisy machine.
GROWTH_LIMIT = 10.0
# why: below this many baseline passes a timing is noise, whatever its growth.
NEGLIGIBLE_BASELINES = 20.0
SMALL, LARGE = 2_000, 8_000
# why: an adversarial input may cost more than prose (more blocks, more rows tried per block),
# but fifty times more means work that is not linear.
PARSE_LIMIT = 50.0
LINE_BYTES = 1_000_000
BLOCK_BYTES = 250_000


def timed(function: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def growth(run: Callable[[str], Any], small: str, large: str) -> float:
    """How many times longer ``run`` takes on ``large`` than on ``small`` (best of a few)."""
    t_large = timed(lambda: run(large), 2)
    baseline = timed(lambda: [part.split() for part in large.splitlines()], 3)
    if t_large < NEGLIGIBLE_BASELINES * baseline:
        return 0.0
    return t_large / max(timed(lambda: run(small), 3), 1e-9)


def check_patterns() -> list[str]:
    failures = []
    for name, pattern in sorted(T.collected_patterns().items()):
        for method in T._methods(name):
            run = getattr(pattern, method)
            for unit in T.UNITS:
                for suffix in T.SUFFIXES:
                    small = T.adversarial_line(unit, SMALL, suffix)
                    large = T.adversarial_line(unit, LARGE, suffix)
                    # A second measurement must confirm a first bad one.
                    if growth(run, small, large) > GROWTH_LIMIT \
                            and (g := growth(run, small, large)) > GROWTH_LIMIT:
                        failures.append(f"{name} {method} on {unit!r}×n+{suffix!r}: {g:.0f}× "
                                        "slower for 4× the input")
    return failures


def _parse(text: str, input_format: str) -> None:
    with contextlib.suppress(wireparse.WireparseError):
        wireparse.parse(text, input_format=input_format)  # type: ignore[arg-type]


def check_parser() -> list[str]:
    failures = []
    baselines: dict[tuple[int, str], float] = {}
    for case in T.parse_cases():
        size = LINE_BYTES if case.name.startswith("line ") else BLOCK_BYTES
        text = case.make(size)
        kind = "html" if case.input_format == "html" else "text"
        key = (len(text), kind)
        if key not in baselines:
            prose = T.ordinary_html(len(text)) if kind == "html" else T.ordinary_text(len(text))
            baselines[key] = timed(lambda prose=prose, kind=kind: _parse(prose, kind), 2)
        elapsed = timed(lambda text=text, case=case: _parse(text, case.input_format), 1)
        ratio = elapsed / baselines[key]
        print(f"{ratio:6.1f}×  {case.name}", flush=True)
        # Tiny blocks cost a fixed ~50× prose per character (a constant per block): reported;
        # their growth with the number of blocks is what tests/test_redos.py counts.
        if ratio > PARSE_LIMIT and not case.name.startswith("tiny blocks"):
            failures.append(f"{case.name}: {ratio:.0f}× the time of ordinary text")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patterns", action="store_true", help="only the patterns")
    parser.add_argument("--parser", action="store_true", help="only the whole parser")
    args = parser.parse_args()
    both = not (args.patterns or args.parser)
    failures = []
    if args.patterns or both:
        failures += check_patterns()
    if args.parser or both:
        failures += check_parser()
    for failure in failures:
        print(f"SUPER-LINEAR: {failure}")
    print(f"{len(failures)} super-linear")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
