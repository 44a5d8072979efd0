"""Read rule fixture files (``tests/rules/*.txt``): many small cases, one readable format.

Modelled on markdown-it-py's fixture files. A case is a title line, then the input and the
expected result, each closed by a line holding a single ``.``::

    kicker above the headline is no headline          <- title (free text)
    .
    EXCLUSIVE
    Ministers agree on a grain deal                   <- input, verbatim (blank lines kept)

    MOSCOW, Feb 7 (Reuters) - Ministers agreed …
    .
    junk: kicker          | EXCLUSIVE                 <- one line per block, in input order
    headline              | Ministers agree
    dateline: parenthesised-agency
    dateline.agency = Reuters                         <- a field of the Article
    .

Expected lines are of two kinds:

* ``ROLE[: RULE] [| TEXT]`` — one per block the parser decided on, in order, all of them.
  ``ROLE`` must equal the decision's role. ``RULE`` (optional) must open the decision's
  reason after ``ROLE: `` as a whole word ("parenthesised-agency" matches the reason
  "dateline: parenthesised-agency (agency Reuters)"). ``TEXT`` (optional) must open the
  block's text.
* ``PATH = VALUE`` — a field of ``Article.to_dict()``: ``headline``, ``dateline.city``,
  ``body.0.text``, ``photos.1.credit``; ``null`` is None, ``len(PATH)`` compares a length.

Lines before the first case that start with ``#`` are comments. A title line may end with
``[reference-date: YYYY-MM-DD]`` to pass that option. In the input, ``<SOH>``, ``<STX>``,
``<ETX>`` and ``<EOT>`` stand for the wire frame's control characters (invisible in a
file). Cases are named ``FILE:LINE`` (the line of their title) so a failure points at its
text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

SEPARATOR = "."
CONTROLS = {"<SOH>": "\x01", "<STX>": "\x02", "<ETX>": "\x03", "<EOT>": "\x04"}
_OPTION = re.compile(r"\s*\[reference-date:\s*(?P<date>\d{4}-\d{2}-\d{2})\]\s*$")
_FIELD = re.compile(r"^(?P<len>len\()?(?P<path>[a-z_]+(?:\.[a-z_0-9]+)*)\)?\s+=\s*(?P<value>.*)$")
_DECISION = re.compile(r"^(?P<role>[a-z_-]+)(?::\s*(?P<rule>[^|]*?))?\s*(?:\|\s?(?P<text>.*))?$")


class Expected(NamedTuple):
    role: str
    rule: str | None
    text: str | None


class FieldCheck(NamedTuple):
    path: str
    value: str | None
    length: bool


class Case(NamedTuple):
    file: str
    line: int
    title: str
    input: str
    decisions: tuple[Expected, ...]
    fields: tuple[FieldCheck, ...]
    reference_date: str | None

    @property
    def id(self) -> str:
        return f"{self.file}:{self.line}"


def read_fixture_file(path: Path) -> list[Case]:
    """Every case of one fixture file, in file order (a malformed file fails loudly)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[Case] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or (not cases and line.startswith("#")):
            i += 1
            continue
        title_line = i + 1
        title = line.strip()
        if i + 1 >= len(lines) or lines[i + 1] != SEPARATOR:
            raise ValueError(f"{path.name}:{title_line}: a title must be followed by a '.' line")
        input_lines, i = _section(lines, i + 2, path, title_line)
        expected_lines, i = _section(lines, i, path, title_line)
        option = _OPTION.search(title)
        if option:
            title = title[: option.start()]
        decisions, fields = _expected(expected_lines, path, title_line)
        text = "\n".join(input_lines)
        for name, char in CONTROLS.items():
            text = text.replace(name, char)
        cases.append(Case(path.name, title_line, title, text, decisions,
                          fields, option.group("date") if option else None))
    return cases


def _section(lines: list[str], start: int, path: Path, title_line: int) -> tuple[list[str], int]:
    for end in range(start, len(lines)):
        if lines[end] == SEPARATOR:
            return lines[start:end], end + 1
    raise ValueError(f"{path.name}:{title_line}: a section is not closed by a '.' line")


def _expected(lines: list[str], path: Path, title_line: int
              ) -> tuple[tuple[Expected, ...], tuple[FieldCheck, ...]]:
    decisions: list[Expected] = []
    fields: list[FieldCheck] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        field = _FIELD.match(line)
        if field and "|" not in line.split("=", 1)[0]:
            value = field.group("value").strip()
            fields.append(FieldCheck(field.group("path"), None if value == "null" else value,
                                     bool(field.group("len"))))
            continue
        m = _DECISION.match(line)
        if m is None:
            raise ValueError(f"{path.name}:{title_line}: cannot read expected line {line!r}")
        decisions.append(Expected(m.group("role"), (m.group("rule") or "").strip() or None,
                                  m.group("text").strip() if m.group("text") else None))
    return tuple(decisions), tuple(fields)


def read_folder(folder: Path) -> Iterator[Case]:
    for path in sorted(folder.glob("*.txt")):
        yield from read_fixture_file(path)


def rule_of(reason: str, role: str) -> str:
    """The part of a decision's reason after its role ("junk: read-also" → "read-also")."""
    prefix = f"{role}: "
    return reason[len(prefix):] if reason.startswith(prefix) else reason


def opens_with_word(text: str, head: str) -> bool:
    """``head`` opens ``text`` and ends at a word boundary there."""
    if not text.startswith(head):
        return False
    rest = text[len(head):]
    return not rest or not (rest[0].isalnum() or rest[0] in "-_.")
