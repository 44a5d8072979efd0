"""The repository finds its neighbours relative to itself, never by an absolute path."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A quoted path that starts at a machine's root folder (/work, /home, /tmp and the like).
_ABSOLUTE = re.compile(r"""["'](?:/work|/home|/Users|/tmp|/mnt|/data)/""")


def test_tests_and_benchmarks_hold_no_absolute_paths() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("tests", "benchmarks", "src")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if _ABSOLUTE.search(line) and "noqa: absolute-path" not in line
    ]
    assert offenders == []
