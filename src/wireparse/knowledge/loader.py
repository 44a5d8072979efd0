"""Load the knowledge tables from TOML: the package's own files, then the user's (``--knowledge``).

Every table is data (``wireparse/knowledge/data/*.toml``, described in docs/knowledge.md); the
modules beside this one turn the rows into patterns, once per ``Knowledge`` object (see
``Knowledge.memo``). A user's file has the same shape as the package's and adds rows to them:
a new agency, a dateline style, a junk row, section words. Files are read with ``tomllib`` and
checked on load, so a mistake in one is a one-line ``KnowledgeError``, never a traceback later.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from ..errors import WireparseError

# The data format's version; a file declares the one it is written for (``version = 1``).
FORMAT_VERSION = 1
# The package's own files, in load order.
PACKAGE_FILES = ("agencies.toml", "datelines.toml", "junk.toml", "credits.toml",
                 "vocabulary.toml", "places.toml")
_SCOPES = ("any", "edge", "end")
# {{name}} in a pattern stands for a fragment or a phrase list (regex braces never double).
_REFERENCE = re.compile(r"\{\{([a-z_][a-z0-9_]*)\}\}")

T = TypeVar("T")


class KnowledgeError(WireparseError):
    """A knowledge file that cannot be read or does not follow docs/knowledge.md."""


class Agency(NamedTuple):
    name: str
    """The agency's own short name, as the document gives it."""
    printed: tuple[str, ...] = ()
    """Other forms a dateline prints (matched ignoring case, spaces around hyphens)."""
    end_marks: tuple[str, ...] = ()
    """Sign-offs that end its copy on a line of their own ("Reuter", "==Kyodo", "(AFP)")."""
    credits: tuple[str, ...] = ()
    """Forms that sign its photo credits ("Jane Roe/Reuters", "AP Photo/John Moe")."""
    trails: bool = False
    """Its sign-off is also printed at the end of the last paragraph ("… said. Reuters")."""
    desk_initials: bool = False
    """Desk initials may follow its sign-off ("PTI ABC XYZ")."""
    examples: tuple[tuple[str, str], ...] = ()
    """(kind, text) pairs the tests check: dateline, end, credit."""


class DatelineStyle(NamedTuple):
    name: str
    pattern: str
    """The pattern as written, with {{fragment}} references."""
    example: str
    expect: tuple[tuple[str, str | None], ...]
    """The parts ``example`` must give: text, city, country, date, agency (None = null)."""
    requires: tuple[str, ...] = ()
    """Strings one of which a block's head must hold for the pattern to be tried (a cheap
    pre-test); empty: always tried."""


class JunkRule(NamedTuple):
    name: str
    scope: str
    """"any": anywhere; "edge": before the first or after the last body paragraph; "end": a
    wire end mark (what follows it is trailer too)."""
    pattern: str
    """The pattern with its {{references}} resolved."""
    example: str
    contains: tuple[str, ...] = ()
    """For rows that match anywhere in a short block rather than the whole block: lower-case
    words one of which the block must hold (a cheap pre-test)."""


class Knowledge:
    """Every table wireparse reads news copy with, and the patterns built from them.

    Immutable once loaded; the patterns are built on first use and kept (``memo``). Pickles
    as the list of files it was loaded from, so batch workers load it once each.
    """

    def __init__(self, tables: Mapping[str, Any], sources: tuple[str, ...] = ()) -> None:
        self.sources = sources
        self.agencies: tuple[Agency, ...] = tables["agencies"]
        self.fragments: dict[str, str] = tables["fragments"]
        self.phrases: dict[str, tuple[str, ...]] = tables["phrases"]
        self.dateline_styles: tuple[DatelineStyle, ...] = tables["dateline_styles"]
        self.junk_rules: tuple[JunkRule, ...] = tables["junk_rules"]
        self.credit_prefixes: tuple[str, ...] = tables["credit_prefixes"]
        self.photo_services: tuple[str, ...] = tables["photo_services"]
        self.words: dict[str, tuple[str, ...]] = tables["words"]
        self._memo: dict[Any, Any] = {}

    def memo(self, key: Any, build: Callable[[], T]) -> T:
        """``build()`` once per key for this knowledge: patterns are compiled once."""
        try:
            return self._memo[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._memo[key] = build()
            return value

    def forget(self) -> None:
        """Drop the patterns built so far (for tests that watch them being compiled)."""
        self._memo.clear()

    def phrase_list(self, name: str) -> tuple[str, ...]:
        """Every phrase of a list, all languages (e.g. "sections", "read_also")."""
        return self.phrases.get(name, ())

    @property
    def photo_credit_forms(self) -> tuple[str, ...]:
        """The agencies' credit forms, then the photo services'."""
        return self.memo("photo-credit-forms", lambda: tuple(dict.fromkeys(
            [form for row in self.agencies for form in row.credits] + list(self.photo_services)
        )))

    def expand(self, pattern: str) -> str:
        """``pattern`` with its {{fragment}} and {{phrase-list}} references resolved.

        A phrase list becomes an alternation of its escaped phrases, longest first (spaces
        match any run of spaces); an empty one matches nothing, never the empty string.
        """
        return expand(pattern, self.fragments, self.phrases)

    def __reduce__(self) -> tuple[Any, ...]:
        return (load_knowledge, (tuple(self.sources),))

    def __repr__(self) -> str:
        extra = ", ".join(self.sources) or "built-in only"
        return f"<Knowledge {len(self.agencies)} agencies, {len(self.dateline_styles)} " \
               f"dateline styles, {len(self.junk_rules)} junk rows ({extra})>"


def phrase_alternation(phrases: Iterable[str]) -> str:
    """An alternation of literal phrases, longest first, any run of spaces between words.

    >>> phrase_alternation(["read also", "read more", "read"])
    '(?:read\\\\s+also|read\\\\s+more|read)'
    >>> re.fullmatch(phrase_alternation([]), "")  is None
    True
    """
    forms = sorted(set(phrases), key=lambda p: (-len(p), p))
    if not forms:
        return "(?!)"  # an empty list matches nothing
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in forms) + ")"


def expand(pattern: str, fragments: Mapping[str, str],
           phrases: Mapping[str, tuple[str, ...]], _depth: int = 0) -> str:
    if _depth > 8:
        raise KnowledgeError(f"pattern fragments refer to each other in a loop: {pattern[:60]}")

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in fragments:
            return "(?:" + expand(fragments[name], fragments, phrases, _depth + 1) + ")"
        if name in phrases:
            return phrase_alternation(phrases[name])
        raise KnowledgeError(f"unknown fragment or phrase list {{{{{name}}}}} in a pattern")

    return _REFERENCE.sub(one, pattern)


# --- loading ---------------------------------------------------------------------------------


_built_in: list[Knowledge] = []


def default_knowledge() -> Knowledge:
    """The package's own tables (loaded once).

    why: called for every block of every story; a list lookup costs less than the lru_cache
    round trip of ``load_knowledge(())``.
    """
    if not _built_in:
        _built_in.append(load_knowledge(()))
    return _built_in[0]


@functools.lru_cache(maxsize=16)  # one entry per set of user files: loaded once per process
def load_knowledge(files: tuple[str, ...] = ()) -> Knowledge:
    """The package's tables plus the rows of ``files`` (paths of the user's TOML files)."""
    docs: list[tuple[str, dict[str, Any]]] = []
    data = resources.files(__package__).joinpath("data")
    for name in PACKAGE_FILES:
        docs.append((f"wireparse/knowledge/data/{name}",
                     _parse(data.joinpath(name).read_text(encoding="utf-8"), name)))
    for file in files:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or "not UTF-8 text"
            raise KnowledgeError(f"knowledge file {file}: {reason}") from None
        docs.append((file, _parse(text, file)))
    return Knowledge(_merge(docs), tuple(str(f) for f in files))


def knowledge_from(value: Knowledge | str | Path | Iterable[str | Path] | None) -> Knowledge:
    """A Knowledge from what a caller gives: None (built-in), a file, files, or a Knowledge."""
    if value is None:
        return default_knowledge()
    if isinstance(value, Knowledge):
        return value
    if isinstance(value, str | Path):
        return load_knowledge((str(value),))
    return load_knowledge(tuple(str(v) for v in value))


def _parse(text: str, name: str) -> dict[str, Any]:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"knowledge file {name}: not valid TOML ({exc})") from None
    version = doc.get("version")
    if version != FORMAT_VERSION:
        raise KnowledgeError(
            f"knowledge file {name}: needs 'version = {FORMAT_VERSION}' "
            f"(found {version!r}); see docs/knowledge.md"
        )
    unknown = set(doc) - {"version", "agency", "fragments", "phrases", "dateline", "junk",
                          "credits", "words"}
    if unknown:
        raise KnowledgeError(f"knowledge file {name}: unknown table(s) {', '.join(sorted(unknown))}")
    return doc


def _merge(docs: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    agencies: dict[str, Agency] = {}
    fragments: dict[str, str] = {}
    phrases: dict[str, list[str]] = {}
    styles: list[DatelineStyle] = []
    junk: list[tuple[str, dict[str, Any]]] = []
    prefixes: list[str] = []
    services: list[str] = []
    words: dict[str, list[str]] = {}
    for name, doc in docs:
        for index, row in enumerate(doc.get("agency", []), start=1):
            agency = _agency(row, f"{name}: agency row {index}")
            old = agencies.get(agency.name)
            agencies[agency.name] = agency if old is None else _join_agencies(old, agency)
        for key, value in doc.get("fragments", {}).items():
            fragments[key] = _string(value, f"{name}: fragment {key}")
        for key, value in doc.get("phrases", {}).items():
            phrases.setdefault(key, []).extend(_phrases(value, f"{name}: phrases.{key}"))
        for index, row in enumerate(doc.get("dateline", {}).get("style", []), start=1):
            style = _style(row, f"{name}: dateline style {index}")
            before = row.get("before")
            names = [s.name for s in styles]
            if before is not None and before not in names:
                raise KnowledgeError(f"{name}: dateline style {style.name!r}: no style "
                                     f"{before!r} to go before")
            styles.insert(names.index(before) if before else len(styles), style)
        for index, row in enumerate(doc.get("junk", []), start=1):
            junk.append((f"{name}: junk row {index}", row))
        credits = doc.get("credits", {})
        prefixes += _phrases(credits.get("prefixes", []), f"{name}: credits.prefixes")
        services += _strings(credits.get("services", []), f"{name}: credits.services")
        for key, value in doc.get("words", {}).items():
            words.setdefault(key, []).extend(_phrases(value, f"{name}: words.{key}"))
    frozen_phrases = {k: tuple(dict.fromkeys(v)) for k, v in phrases.items()}
    # The agencies' names and forms, as a phrase list patterns may refer to, and their end
    # marks as a fragment: one agency row drives its datelines, end marks and credits.
    frozen_phrases["agency_names"] = tuple(
        dict.fromkeys(f for row in agencies.values() for f in (row.name, *row.printed)))
    fragments["agency_end_marks"] = _end_mark_pattern(tuple(agencies.values()))
    junk_rules = tuple(_junk(row, where, fragments, frozen_phrases) for where, row in junk)
    return {
        "agencies": tuple(agencies.values()),
        "fragments": fragments,
        "phrases": frozen_phrases,
        "dateline_styles": tuple(styles),
        "junk_rules": junk_rules,
        "credit_prefixes": tuple(dict.fromkeys(prefixes)),
        "photo_services": tuple(dict.fromkeys(services)),
        "words": {k: tuple(dict.fromkeys(v)) for k, v in words.items()},
    }


def _end_mark_pattern(agencies: tuple[Agency, ...]) -> str:
    """Every agency's sign-off on a line of its own: framed by "==" or "--" or brackets
    ("==Kyodo", "(AFP)"), with a desk's initials after it ("AFP jm/ab"), or for agencies whose
    row says so, a run of short desk codes ("PTI ABC XYZ", "dpa xy yyzz n1 kr")."""
    forms = phrase_alternation(f for row in agencies for f in row.end_marks)
    desk = phrase_alternation(f for row in agencies if row.desk_initials for f in row.end_marks)
    frame = r"(?:==\s?|--?\s?)?"
    return (rf"{frame}\(?{forms}\)?\.?(?:\s+[a-z]{{2,4}}(?:/[a-z]{{2,4}}){{1,3}})?"
            rf"|{frame}{desk}(?:\s[A-Za-z0-9]{{1,4}}){{1,6}}")


def _agency(row: Any, where: str) -> Agency:
    if not isinstance(row, dict) or not isinstance(row.get("name"), str) or not row["name"]:
        raise KnowledgeError(f"{where}: needs a name")
    _known_keys(row, {"name", "printed", "end_marks", "credits", "trails", "desk_initials",
                      "example"}, where)
    examples = row.get("example", {})
    if not isinstance(examples, dict):
        raise KnowledgeError(f"{where}: example must be a table (dateline, end, credit)")
    _known_keys(examples, {"dateline", "end", "credit"}, f"{where} example")
    return Agency(
        name=row["name"],
        printed=tuple(_strings(row.get("printed", []), f"{where} printed")),
        end_marks=tuple(_strings(row.get("end_marks", []), f"{where} end_marks")),
        credits=tuple(_strings(row.get("credits", []), f"{where} credits")),
        trails=bool(row.get("trails", False)),
        desk_initials=bool(row.get("desk_initials", False)),
        examples=tuple((k, _string(v, f"{where} example.{k}")) for k, v in examples.items()),
    )


def _join_agencies(old: Agency, new: Agency) -> Agency:
    """A user's row for a known agency adds forms to it."""
    return old._replace(
        printed=tuple(dict.fromkeys(old.printed + new.printed)),
        end_marks=tuple(dict.fromkeys(old.end_marks + new.end_marks)),
        credits=tuple(dict.fromkeys(old.credits + new.credits)),
        trails=old.trails or new.trails,
        desk_initials=old.desk_initials or new.desk_initials,
        examples=old.examples + new.examples,
    )


_PARTS = ("text", "city", "country", "date", "agency")


def _style(row: Any, where: str) -> DatelineStyle:
    if not isinstance(row, dict):
        raise KnowledgeError(f"{where}: must be a table")
    _known_keys(row, {"name", "pattern", "example", "expect", "before", "requires"}, where)
    for key in ("name", "pattern", "example"):
        _string(row.get(key), f"{where} {key}")
    expect = row.get("expect")
    if not isinstance(expect, dict) or "text" not in expect:
        raise KnowledgeError(f"{where} ({row['name']}): needs expect = {{ text = …, city = … }}")
    _known_keys(expect, set(_PARTS), f"{where} expect")
    parts = tuple((part, _nullable(expect.get(part), f"{where} expect.{part}")) for part in _PARTS)
    requires = tuple(_strings(row.get("requires", []), f"{where} requires"))
    if requires and not any(r in row["example"] for r in requires):
        raise KnowledgeError(f"{where} ({row['name']}): the example holds none of `requires`")
    return DatelineStyle(row["name"], row["pattern"], row["example"], parts, requires)


def _junk(row: Any, where: str, fragments: Mapping[str, str],
          phrases: Mapping[str, tuple[str, ...]]) -> JunkRule:
    if not isinstance(row, dict):
        raise KnowledgeError(f"{where}: must be a table")
    _known_keys(row, {"name", "scope", "pattern", "example", "contains"}, where)
    for key in ("name", "pattern", "example"):
        _string(row.get(key), f"{where} {key}")
    scope = row.get("scope", "any")
    if scope not in _SCOPES:
        raise KnowledgeError(f"{where}: scope must be one of {', '.join(_SCOPES)}")
    pattern = expand(row["pattern"], fragments, phrases)
    try:
        re.compile(pattern)
    except re.error as exc:
        raise KnowledgeError(f"{where} ({row['name']}): bad pattern: {exc}") from None
    if re.fullmatch(pattern, ""):
        raise KnowledgeError(f"{where} ({row['name']}): the pattern matches empty text")
    contains = tuple(w.lower() for w in _strings(row.get("contains", []), f"{where} contains"))
    return JunkRule(row["name"], scope, pattern, row["example"], contains)


def _known_keys(row: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(row) - allowed
    if unknown:
        raise KnowledgeError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise KnowledgeError(f"{where}: must be a non-empty string")
    return value


def _nullable(value: Any, where: str) -> str | None:
    if value is None or value == "":
        return None  # TOML has no null: an empty string (or no key) stands for it
    return _string(value, where)


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list):
        raise KnowledgeError(f"{where}: must be a list of strings")
    return [_string(v, where) for v in value]


def _phrases(value: Any, where: str) -> list[str]:
    """A phrase list: a plain list, or a table of lists by language ({ en = […], fr = […] })."""
    if isinstance(value, dict):
        return [p for lang, forms in value.items() for p in _strings(forms, f"{where}.{lang}")]
    return _strings(value, where)
