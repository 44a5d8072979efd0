"""Fuzzing with hypothesis: text, bytes, HTML and mutated golden fixtures.

The property: any input gives an ``Article`` whose ``to_dict()`` validates against the shipped
JSON Schema (and can be written as UTF-8 JSON), or a ``WireparseError`` with a one-line message
— never another exception. Examples are bounded so the module runs in a few seconds; the long
run is ``benchmarks/fuzz.py --n 100000``.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import sys
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wireparse
from wireparse import Article, WireparseError
from wireparse.schema import schema

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
# The project's first story, if ../shared sits beside the repository.
SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "000_tass_maduro.txt"

FUZZ = settings(
    max_examples=60,
    deadline=None,  # one slow example is the ReDoS tests' business, not a flaky failure here
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
    derandomize=True,  # the same examples on every run: CI stays reproducible; breadth is
)                      # benchmarks/fuzz.py's job


@functools.cache
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def check_contract(data: bytes | str, input_format: str = "auto") -> Article | None:
    """Parse ``data``; fail on anything but a valid Article or a one-line WireparseError."""
    try:
        article = wireparse.parse(data, input_format=input_format)  # type: ignore[arg-type]
    except WireparseError as exc:
        assert str(exc) and "\n" not in str(exc), repr(exc)
        return None
    doc = article.to_dict()
    errors = sorted(validator().iter_errors(doc), key=str)
    assert not errors, f"{errors[0].message} at {list(errors[0].absolute_path)}"
    json.dumps(doc, ensure_ascii=False).encode("utf-8")
    return article


# --- strategies -----------------------------------------------------------------------------

# Fragments of wire copy and page furniture, so random text often looks like an article.
FRAGMENTS = (
    "MOSCOW, February 7. /TASS/.", "LONDON, June 3 (Reuters) -", "KHARKIV, Ukraine (AP) —",
    "(ANSA) - ROME, FEB 7 -", "WASHINGTON —", "Moscow. February 7. INTERFAX -",
    "МОСКВА, 7 фев — РИА Новости.", "PARIS, 3 mars (AFP) -", "BERLIN, Jan 5 (dpa) -",
    "By Jane Roe", "BY JOHN DOE AND ANA LIMA", "© Vitaliy Nevar/TASS", "AP Photo/Evan Vucci",
    "Photo: Reuters/Jane Roe", "Read also: Rain again", "Advertisement", "Share Tweet Email",
    "Tags: rain, cricket", "(Reporting by Jane Roe; Editing by John Doe)", "ENDITEM", "(end)",
    "Updated 3 hours ago", "7 Feb, 14:32", "All news", "Home > World > Europe",
    "Sign up for our newsletter", "© 2019 TASS", "All rights reserved.", "Reuter",
    "\x01a0123 r BC-Rain 0412", "\x02", "\x03", "^", "<", "=", "---", "# ", "## ", "> ", "\\",
    "* * *", "*", "** ", "&amp;", "&#3;", "&lt;IDBX>", "Ã©", "РІ", "\u00ad", "\u200b", "\ufeff",
    "\u2028",
    "The committee met on Tuesday to discuss the budget.", "Slow-motion coup in Venezuela",
    "\"The position remains unchanged,\" Peskov said.", "gov-", "ernment", "self-",
)
SEPARATORS = ("\n", "\n\n", "\r\n", "\r", " ", "  ", "\t", "\n   ", "\n\n\n", "")

fragment = st.sampled_from(FRAGMENTS)
noise = st.text(
    alphabet=st.characters(codec=None, exclude_categories=("Cs",)), max_size=40
)
control = st.text(alphabet=st.characters(max_codepoint=0x9F, categories=("Cc",)), max_size=4)
piece = st.one_of(fragment, fragment, fragment, noise, control)


@st.composite
def wire_texts(draw: st.DrawFn) -> str:
    """Random text made of wire fragments, noise and control characters."""
    parts = draw(st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)), max_size=30))
    return "".join(p + s for p, s in parts)


ENCODINGS = ("utf-8", "utf-8-sig", "cp1251", "cp1252", "latin-1", "utf-16", "utf-16-be",
             "koi8-r", "shift_jis", "gb18030", "iso-8859-7")


@st.composite
def encoded_texts(draw: st.DrawFn) -> bytes:
    """Wire text in some encoding, sometimes with raw bytes spliced in."""
    text = draw(wire_texts())
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=16)) + data[at:]
    return data


def _fuzz_script():  # type: ignore[no-untyped-def]
    """benchmarks/fuzz.py as a module: its vocabulary tables serve the strategies here too."""
    script = HERE.parent / "benchmarks" / "fuzz.py"
    spec = importlib.util.spec_from_file_location("wireparse_fuzz_script", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


SCRIPT = _fuzz_script()
TAGS, ATTRIBUTES = SCRIPT.TAGS, SCRIPT.ATTRIBUTES
ATTRIBUTE_VALUES, ENTITIES, RAW = SCRIPT.ATTRIBUTE_VALUES, SCRIPT.ENTITIES, SCRIPT.RAW_MARKUP


def _text_node() -> st.SearchStrategy[str]:
    return st.one_of(fragment, noise, st.sampled_from(ENTITIES), st.sampled_from(RAW))


@st.composite
def _element(draw: st.DrawFn, children: st.SearchStrategy[list[str]]) -> str:
    tag = draw(st.sampled_from(TAGS))
    attributes = "".join(
        f' {name}="{value}"' if quote else f" {name}={value.replace(' ', '')}"
        for name, value, quote in draw(st.lists(
            st.tuples(st.sampled_from(ATTRIBUTES), st.sampled_from(ATTRIBUTE_VALUES),
                      st.booleans()), max_size=3))
    )
    inner = "".join(draw(children))
    close = draw(st.sampled_from(("full", "full", "full", "none", "wrong")))
    if close == "none":
        return f"<{tag}{attributes}>{inner}"
    if close == "wrong":
        return f"<{tag}{attributes}>{inner}</{draw(st.sampled_from(TAGS))}>"
    return f"<{tag}{attributes}>{inner}</{tag}>"


html_fragment = st.recursive(
    _text_node(),
    lambda inner: _element(st.lists(inner, max_size=4)),
    max_leaves=40,
)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """A page of random, often malformed markup around wire fragments."""
    body = "".join(draw(st.lists(html_fragment, max_size=8)))
    if draw(st.booleans()):
        body = f"<!DOCTYPE html><html><head><title>T</title></head><body>{body}</body></html>"
    if draw(st.booleans()):
        body = body[: draw(st.integers(0, len(body)))]  # truncated download
    return body


# --- seeds for mutation -----------------------------------------------------------------------

OWN_SEED = (
    "All news\n\nRain stops play at Lord's\n\nGroundsmen covered the square before noon\n"
    " Covers on the square Jo Doe/Reuters\nCovers on the square\n© Jo Doe/Reuters\n\n"
    "LONDON, June 3 (Reuters) - Rain washed out the second day of the match on Saturday,\n"
    "the groundsmen said, and play will not resume be-\nfore Monday.\n\nForecast\n\n"
    "\"We hope for sun,\" the captain said.\n\n(Reporting by Jane Roe; Editing by John Doe)\n"
)


@functools.cache
def seeds() -> tuple[bytes, ...]:
    """Golden fixtures (whatever is in tests/fixtures now), the project's first story, ours."""
    found = [OWN_SEED.encode()]
    if SHARED_SEED.is_file():
        found.append(SHARED_SEED.read_bytes())
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix in (".txt", ".html", ".htm", ".md") and path.is_file():
            data = path.read_bytes()
            if len(data) <= 400_000:
                found.append(data)
    return tuple(found)


@st.composite
def mutated_fixtures(draw: st.DrawFn) -> bytes:
    """A golden fixture with byte flips, truncation, splicing, duplication or insertions."""
    data = bytearray(draw(st.sampled_from(seeds())))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(("flip", "truncate", "splice", "duplicate", "insert",
                                     "delete")))
        at = draw(st.integers(0, len(data)))
        if kind == "flip" and data:
            index = min(at, len(data) - 1)
            data[index] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del data[at:]
        elif kind == "splice":
            other = draw(st.sampled_from(seeds()))
            data[at:] = other[draw(st.integers(0, len(other))):]
        elif kind == "duplicate":
            end = draw(st.integers(at, min(len(data), at + 2000)))
            data[at:at] = data[at:end] * draw(st.integers(1, 20))
        elif kind == "insert":
            data[at:at] = draw(st.one_of(st.binary(max_size=8),
                                         st.sampled_from(FRAGMENTS).map(str.encode)))
        else:
            del data[at:at + draw(st.integers(1, 64))]
    return bytes(data)


# --- the properties -------------------------------------------------------------------------


@FUZZ
@given(text=wire_texts())
def test_random_wire_text(text: str) -> None:
    check_contract(text)


any_character = st.characters(exclude_categories=())  # lone surrogates too


@FUZZ
@given(text=st.one_of(st.text(max_size=300), st.text(any_character, max_size=100)))
def test_arbitrary_unicode_text(text: str) -> None:
    """Any str at all, lone surrogates included."""
    check_contract(text)


@FUZZ
@given(data=st.binary(max_size=600))
def test_arbitrary_bytes(data: bytes) -> None:
    check_contract(data)


@FUZZ
@given(data=encoded_texts())
def test_wire_text_in_any_encoding(data: bytes) -> None:
    check_contract(data)


@FUZZ
@given(page=html_pages(), as_bytes=st.booleans())
def test_random_html(page: str, as_bytes: bool) -> None:
    check_contract(page.encode("utf-8", "surrogatepass") if as_bytes else page,
                   input_format="html")


@FUZZ
@given(page=html_pages())
def test_random_html_sniffed(page: str) -> None:
    check_contract(page)


@FUZZ
@given(data=mutated_fixtures(), input_format=st.sampled_from(("auto", "text", "html", "md")))
def test_mutated_fixtures(data: bytes, input_format: str) -> None:
    check_contract(data, input_format)


YAML_KEYS = ("byline", "dateline", "photos", "text", "city", "date", "agency", "caption",
             "credit", "headline", "body")
YAML_SCALARS = ("5", "-1.5", "null", "~", "true", '"x"', "'y'", "2019-02-07", "[]", "{}",
                "[1, 2]", "{a: 1}", '"\\u00e9"', "|\n  block", "&a x", "*a", "!!str 5",
                "!!binary AAAA", "!!python/name:os.system", "? k", "- - x", "\"unterminated")


@st.composite
def front_matters(draw: st.DrawFn) -> str:
    """YAML front matter in wireparse's shape, with values of any type and nesting."""
    value = st.recursive(
        st.sampled_from(YAML_SCALARS),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
            st.lists(st.tuples(st.sampled_from(YAML_KEYS), inner), max_size=3).map(
                lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
        ),
        max_leaves=8,
    )
    rows = draw(st.lists(st.tuples(st.sampled_from(YAML_KEYS), value), max_size=5))
    return "---\n" + "\n".join(f"{k}: {v}" for k, v in rows) + "\n---\n"


@FUZZ
@given(front=front_matters(), text=st.one_of(wire_texts(), st.text(max_size=200)))
def test_random_markdown(front: str, text: str) -> None:
    """Text forced through the Markdown reader, with and without (odd) front matter."""
    check_contract(text, "md")
    check_contract(front + "\n" + text, "md")
    check_contract(front + "\n" + text)


# Every key the ninjs reader looks at (1.x, 2.x, 3.x and digitalwires), at the top level and
# in an association, with values of any JSON type: the reader must never trust a type.
NINJS_KEYS = ("uri", "type", "headline", "headline_main", "headline_subhead", "headlines",
              "description_text", "description_html", "description_richtext",
              "description_creditline", "descriptions", "body_html", "body_text", "body_richtext",
              "body_nitf", "bodies", "by", "byline", "bylines", "authors", "people", "located",
              "datelinelocation", "associations", "caption", "creditline", "versioncreated")
NINJS_INNER_KEYS = (*NINJS_KEYS, "role", "value", "contenttype", "contentType", "name", "rel")
NINJS_STRINGS = ("", " ", "picture", "text", "Rain stops play", "By Jane Roe",
                 "LONDON, June 3 (Reuters) - It rained.", "<p>It rained.</p><p>All day.</p>",
                 "<nitf><body><body.content><p>It rained.</p></body.content></body></nitf>",
                 "caption", "subhead", "writer", "http://cv.iptc.org/newscodes/x/summary")


@st.composite
def ninjs_objects(draw: st.DrawFn) -> object:
    """A JSON value shaped like ninjs: its keys, with any values, nested a few levels."""
    scalar = st.one_of(st.sampled_from(NINJS_STRINGS), st.none(), st.booleans(),
                       st.integers(-2, 2), st.floats(allow_nan=False))
    value = st.recursive(
        scalar,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(st.sampled_from(NINJS_INNER_KEYS), inner, max_size=4),
        ),
        max_leaves=12,
    )
    doc = draw(st.dictionaries(st.sampled_from(NINJS_KEYS), value, min_size=1, max_size=8))
    return draw(st.sampled_from((doc, [doc], [doc, doc])))


@FUZZ
@given(doc=ninjs_objects())
def test_random_ninjs(doc: object) -> None:
    data = json.dumps(doc)
    check_contract(data)
    check_contract(data, "ninjs")


def test_seeds_are_found() -> None:
    assert len(seeds()) >= 2


# The long-run script must keep working: a short run of it, in-process.
def test_fuzz_script_short_run(tmp_path: Path) -> None:
    code = SCRIPT.main(["--n", "150", "--seed", "7", "--out", str(tmp_path), "--quiet"])
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["inputs"] == 150
    assert code == (1 if report["crashes"] or report["hangs"] or report["violations"] else 0)
