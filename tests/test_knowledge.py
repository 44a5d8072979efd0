"""The knowledge tables (src/wireparse/knowledge/data/*.toml), row by row, and a user's own
rows added with a knowledge file (--knowledge FILE, ParseOptions(knowledge=…))."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

import wireparse
from wireparse.cli import cli
from wireparse.datelines import find_dateline, styles
from wireparse.knowledge import (
    Knowledge,
    KnowledgeError,
    bylines,
    default_knowledge,
    load_knowledge,
)
from wireparse.knowledge.agencies import AGENCIES, agency_name
from wireparse.knowledge.credits import credit_of
from wireparse.knowledge.junk import JUNK_RULES, match_junk, strip_trailers
from wireparse.knowledge.places import title_case_place
from wireparse.options import ParseOptions

HERE = Path(__file__).parent
NORDWIRE = HERE / "fixtures" / "knowledge" / "nordwire.toml"
NORDWIRE_STORY = HERE / "fixtures" / "knowledge" / "nordwire_story.txt"
BUILT_IN = default_knowledge()
WORDS = BUILT_IN.words


# --- agencies --------------------------------------------------------------------------------

@pytest.mark.parametrize("row", AGENCIES, ids=lambda row: row.name)
def test_every_printed_form_names_its_agency(row) -> None:  # type: ignore[no-untyped-def]
    for form in (row.name, *row.printed):
        assert agency_name(form.upper()) == row.name
        assert agency_name(f"  {form.lower()} ") == row.name
        m = find_dateline(f"PORTVALE, Feb 7 ({form}) - The council met.")
        assert m is not None and m.dateline.agency == row.name


def _examples(knowledge: Knowledge, kind: str) -> list[tuple[str, str]]:
    return [(row.name, text) for row in knowledge.agencies for k, text in row.examples
            if k == kind]


@pytest.mark.parametrize(("name", "example"), _examples(BUILT_IN, "dateline"))
def test_every_agency_dateline_example_names_its_agency(name: str, example: str) -> None:
    m = find_dateline(f"{example} The council met.")
    assert m is not None and m.dateline.agency == name
    assert m.rest == "The council met."


@pytest.mark.parametrize(("name", "example"), _examples(BUILT_IN, "end"))
def test_every_agency_end_mark_example_ends_the_copy(name: str, example: str) -> None:
    found = match_junk(example, ("end",))
    assert found is not None and found.name == "end-marker"


@pytest.mark.parametrize("row", [row for row in AGENCIES if row.end_marks],
                         ids=lambda row: row.name)
def test_every_end_mark_in_its_frames(row) -> None:  # type: ignore[no-untyped-def]
    for form in row.end_marks:
        for framed in (form, f"({form})", f"=={form}", f"-- {form}", f"{form} ab/cd"):
            found = match_junk(framed, ("end",))
            assert found is not None and found.name == "end-marker", framed
        if row.trails:
            assert strip_trailers(f"The talks go on, he said. {form}") == \
                "The talks go on, he said."
            assert strip_trailers(f"The talks go on, he said. =={form}") == \
                "The talks go on, he said."


def test_desk_initials_only_after_agencies_that_print_them() -> None:
    assert match_junk("PTI ABC XYZ", ("end",)) is not None
    assert match_junk("AP TOP NEWS", ("end",)) is None


@pytest.mark.parametrize(("name", "example"), _examples(BUILT_IN, "credit"))
def test_every_agency_credit_example_is_a_credit(name: str, example: str) -> None:
    assert credit_of(example) == example
    assert credit_of(f"Photo: {example}") == example


def test_an_unknown_sign_off_stays_body_copy() -> None:
    assert match_junk("Nordwire", ("any", "end")) is None
    assert strip_trailers("The talks go on. Nordwire") == "The talks go on. Nordwire"


# --- dateline styles -------------------------------------------------------------------------

def _style_rows(knowledge: Knowledge) -> list:  # type: ignore[type-arg]
    return [row for row, _ in styles(knowledge)]


@pytest.mark.parametrize("row", _style_rows(BUILT_IN), ids=lambda row: row.name)
def test_every_dateline_style_gives_its_example_parts(row) -> None:  # type: ignore[no-untyped-def]
    _check_style(row, None)


def _check_style(row, knowledge: Knowledge | None) -> None:  # type: ignore[no-untyped-def]
    m = find_dateline(row.example, knowledge=knowledge)
    assert m is not None, row.example
    assert m.style == row.name
    dl = m.dateline
    got = {"text": dl.text, "city": dl.city, "country": dl.country, "date": dl.date,
           "agency": dl.agency}
    assert got == dict(row.expect)


# --- junk rows, phrases, credits, words ------------------------------------------------------

@pytest.mark.parametrize("rule", JUNK_RULES, ids=lambda rule: f"{rule.name}:{rule.example}")
def test_every_junk_row_matches_its_example(rule) -> None:  # type: ignore[no-untyped-def]
    scopes = (rule.scope,)
    found = match_junk(rule.example, scopes)
    assert found is not None, rule.example
    assert found.scope == rule.scope


# Each phrase list, the block shape its phrases are tried in, and the row that must claim it.
PHRASE_ROWS = [
    ("read_also", "{}", ("any",), "read-also"),
    ("read_also", "{}: Talks resume in Geneva", ("any",), "read-also"),
    ("advertisement", "{}", ("any",), "advertisement"),
    ("share", "{}", ("any",), "share"),
    ("tags", "{}: Ports, Ferries", ("any",), "tags"),
    ("updated", "{} 3 hours ago", ("any",), "timestamp"),
    ("generic_end_marks", "{}", ("end",), "end-marker"),
    ("sections", "{}", ("edge",), "navigation"),
]


@pytest.mark.parametrize(
    ("phrase", "shape", "scopes", "rule"),
    [(p, shape, scopes, rule) for name, shape, scopes, rule in PHRASE_ROWS
     for p in BUILT_IN.phrase_list(name)],
)
def test_every_junk_phrase_is_claimed_by_its_row(phrase: str, shape: str,
                                                 scopes: tuple[str, ...], rule: str) -> None:
    for text in (shape.format(phrase), shape.format(phrase.title())):
        found = match_junk(text, scopes)  # type: ignore[arg-type]
        assert found is not None and found.name == rule, text


@pytest.mark.parametrize("prefix", BUILT_IN.credit_prefixes)
def test_every_credit_prefix_introduces_a_credit(prefix: str) -> None:
    assert credit_of(f"{prefix} Jane Roe/Reuters") == "Jane Roe/Reuters"


@pytest.mark.parametrize("service", BUILT_IN.photo_services)
def test_every_photo_service_signs_a_credit(service: str) -> None:
    assert credit_of(f"Jane Roe/{service}") == f"Jane Roe/{service}"


@pytest.mark.parametrize("prefix", bylines.BYLINE_PREFIXES)
def test_every_byline_prefix_introduces_a_name(prefix: str) -> None:
    m = bylines.LINE.match(f"{prefix.title()} Jane Roe")
    assert m is not None and m.group("name") == "Jane Roe"
    assert bylines.PREFIX.sub("", f"{prefix.upper()} Jane Roe") == "Jane Roe"


@pytest.mark.parametrize("particle", WORDS["place_particles"])
def test_every_place_particle_stays_small_inside_a_name(particle: str) -> None:
    assert title_case_place(f"PORT {particle.upper()} VALE") == f"Port {particle} Vale"


@pytest.mark.parametrize("abbreviation", WORDS["place_abbreviations"])
def test_every_place_abbreviation_stays_in_capitals(abbreviation: str) -> None:
    assert title_case_place(f"PORTVALE {abbreviation}") == f"Portvale {abbreviation}"


@pytest.mark.parametrize("placeholder", WORDS["place_placeholders"])
def test_every_place_placeholder_gives_no_city(placeholder: str) -> None:
    m = find_dateline(f"{placeholder}, Feb 7 (Reuters) - The council met.")
    assert m is not None and m.dateline.city is None and m.dateline.agency == "Reuters"


@pytest.mark.parametrize("word", WORDS["not_places"])
def test_no_sentence_opener_is_taken_for_a_place(word: str) -> None:
    assert find_dateline(f"{word.title()} (AP) - said the council.") is None


@pytest.mark.parametrize("table", ["kickers", "byline_prefixes", "not_places"])
def test_word_tables_are_lower_case_and_distinct(table: str) -> None:
    words = WORDS[table]
    assert words and all(w == w.lower() for w in words)
    assert len(set(words)) == len(words)


# --- a user's knowledge file -----------------------------------------------------------------

def test_a_fictional_agency_from_a_knowledge_file_needs_no_code_change() -> None:
    data = NORDWIRE_STORY.read_bytes()
    before = wireparse.parse(data)
    assert before.dateline is not None and before.dateline.agency is None
    assert before.body[-1].text == "--NWA"
    assert before.photos == ()

    after = wireparse.parse(data, options=ParseOptions(knowledge=NORDWIRE))
    assert after.dateline is not None and after.dateline.agency == "Nordwire"
    assert [block.text[:5] for block in after.body] == ["Ferry", "Crews"]  # end mark, read-also
    assert [photo.credit for photo in after.photos] == ["Jane Roe/Nordwire"]
    # The built-in knowledge is untouched by it.
    assert wireparse.parse(data).dateline.agency is None  # type: ignore[union-attr]


def test_a_knowledge_file_adds_its_rows_to_the_built_in_ones() -> None:
    knowledge = load_knowledge((str(NORDWIRE),))
    assert [row.name for row in knowledge.agencies[:-1]] == [row.name for row in AGENCIES]
    names = [row.name for row, _ in styles(knowledge)]
    assert names.index("nordwire-slash") == names.index("city-dash") - 1
    assert "les også" in knowledge.phrase_list("read_also")
    assert agency_name("NWA", knowledge) == "Nordwire" and agency_name("NWA") is None


@pytest.mark.parametrize("row", _style_rows(load_knowledge((str(NORDWIRE),))),
                         ids=lambda row: row.name)
def test_every_dateline_style_of_a_knowledge_file_gives_its_example(row) -> None:  # type: ignore[no-untyped-def]
    _check_style(row, load_knowledge((str(NORDWIRE),)))


@pytest.mark.parametrize("kind", ["dateline", "end", "credit"])
def test_the_fictional_agency_examples(kind: str) -> None:
    knowledge = load_knowledge((str(NORDWIRE),))
    ((name, example),) = [e for e in _examples(knowledge, kind) if e[0] == "Nordwire"]
    if kind == "dateline":
        m = find_dateline(example, knowledge=knowledge)
        assert m is not None and m.dateline.agency == name
    elif kind == "end":
        found = match_junk(example, ("end",), knowledge)
        assert found is not None and found.name == "end-marker"
    else:
        assert credit_of(example, knowledge) == example


def test_knowledge_loads_once_and_pickles_as_its_files() -> None:
    first = load_knowledge((str(NORDWIRE),))
    assert load_knowledge((str(NORDWIRE),)) is first
    assert pickle.loads(pickle.dumps(first)) is first  # a batch worker loads it once too
    options = ParseOptions.build(knowledge=NORDWIRE)
    assert options.knowledge is first


def test_the_cli_takes_knowledge_files(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["parse", "--knowledge", str(NORDWIRE), str(NORDWIRE_STORY)])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["dateline"]["agency"] == "Nordwire"
    result = runner.invoke(cli, ["inspect", "--no-color", "--knowledge", str(NORDWIRE),
                                 str(NORDWIRE_STORY)])
    assert result.exit_code == 0, result.stderr
    assert "agency Nordwire" in result.stdout
    result = runner.invoke(cli, ["batch", "-q", "-j", "2", "--knowledge", str(NORDWIRE),
                                 str(NORDWIRE_STORY), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    (written,) = (tmp_path / "out").glob("*.json")
    assert json.loads(written.read_text(encoding="utf-8"))["dateline"]["agency"] == "Nordwire"


@pytest.mark.parametrize(("text", "message"), [
    ("[[agency]]\nname = 'X'\n", "needs 'version = 1'"),
    ("version = 2\n", "needs 'version = 1'"),
    ("version = 1\n[[agency]]\nprinted = ['X']\n", "agency row 1: needs a name"),
    ("version = 1\n[[agency]]\nname = 'X'\nfax = 1\n", "unknown key(s) fax"),
    ("version = 1\n[[junk]]\nname = 'x'\npattern = '('\nexample = 'x'\n", "bad pattern"),
    ("version = 1\n[[junk]]\nname = 'x'\npattern = 'a?'\nexample = 'a'\n", "matches empty text"),
    ("version = 1\n[[junk]]\nname = 'x'\npattern = '{{nope}}'\nexample = 'a'\n", "{{nope}}"),
    ("version = 1\n[[dateline.style]]\nname = 'x'\npattern = 'X'\nexample = 'X'\n", "expect"),
    ("version = 1\n[[dateline.style]]\nname = 'x'\npattern = 'X'\nexample = 'X'\n"
     "expect = { text = 'X' }\nbefore = 'nope'\n", "no style 'nope'"),
    ("version = 1\n[[dateline.style]]\nname = 'x'\npattern = 'X:'\nexample = 'X:'\n"
     "expect = { text = 'X:' }\nrequires = ['//']\n", "holds none of `requires`"),
    ("version = 1\nagency = [\n", "not valid TOML"),
    ("version = 1\n[gazetteer]\n", "unknown table(s) gazetteer"),
])
def test_a_bad_knowledge_file_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        load_knowledge((str(path),))
    assert message in str(error.value) and "\n" not in str(error.value)
    result = CliRunner().invoke(cli, ["parse", "--knowledge", str(path), str(NORDWIRE_STORY)])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr


def test_the_html_reader_reads_with_the_same_knowledge() -> None:
    page = (
        b"<html><head><title>Ferry links to the islands restored</title></head><body><article>"
        b"<h1>Ferry links to the islands restored</h1>"
        b"<figure><img src='f.jpg'><figcaption>Passengers board the ferry at Havstad. "
        b"(Jane Roe/Nordwire)</figcaption></figure>"
        b"<p>HAVSTAD, March 3 (Nordwire) - Ferry links to the outer islands were restored on "
        b"Monday after a week of storms, the harbour office said.</p>"
        b"<p>Crews worked through the night to clear the piers and check the ramps.</p>"
        b"<p>--NWA</p></article></body></html>"
    )
    before = wireparse.parse(page)
    after = wireparse.parse(page, knowledge=NORDWIRE)
    assert before.dateline is not None and before.dateline.agency is None
    assert after.dateline is not None and after.dateline.agency == "Nordwire"
    assert after.body[-1].text.startswith("Crews worked")
    assert [photo.credit for photo in before.photos] == [None]
    assert [photo.credit for photo in after.photos] == ["Jane Roe/Nordwire"]


@pytest.mark.parametrize("word", WORDS["kickers"])
def test_every_kicker_word_is_a_kicker_alone_or_glued(word: str) -> None:
    from wireparse.knowledge.kickers import kicker_of

    alone = kicker_of(word.upper())
    assert alone is not None and alone.rest == ""
    glued = kicker_of(f"{word.upper()}-Harbour cranes return to the old port")
    assert glued is not None and glued.rest == "Harbour cranes return to the old port"
    assert kicker_of(f"{word.title()} of the harbour plan shows a split") is None


@pytest.mark.parametrize("label", WORDS["wire_labels"] + WORDS["kickers"])
def test_no_label_or_kicker_is_taken_for_a_city(label: str) -> None:
    for opening in (f"{label.upper()}: The council met on Monday.",
                    f"{label.title()} — The council met on Monday."):
        assert find_dateline(opening) is None, opening


@pytest.mark.parametrize("text", [
    "We use cookies to give you the best experience on our site.",
    "By continuing you agree to our cookie policy.",
    "Accept all cookies",
])
def test_cookie_notices_are_junk(text: str) -> None:
    found = match_junk(text, ("any",))
    assert found is not None and found.name == "cookie", text


@pytest.mark.parametrize("text", [
    "Put the pie on a cookie sheet and use tinfoil to cover the edges.",
    "The bakery sold out of cookies before noon, so use the back door next time.",
])
def test_prose_about_cookies_is_no_notice(text: str) -> None:
    assert match_junk(text, ("any",)) is None, text
