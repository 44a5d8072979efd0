"""`--format csv|tsv` with `--fields`: one row per document, dotted paths as columns, read back
by the csv module as a spreadsheet or pandas would."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from wireparse.cli import cli
from wireparse.render.tabular import DEFAULT_FIELDS, check_field

STORIES = {
    "a.txt": ("Rain stops play\n\nBy Jane Roe\n\nLONDON, June 3, 2024 (Reuters) - It rained "
              'all day, "and then, again," a steward said.\n\nPlay resumes\n\nNot before '
              "Tuesday.\n"),
    "b.txt": "Snow in Berlin\n\nBERLIN, Jan 5 (dpa) - Snow fell\tall night.\n",
}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name, text in STORIES.items():
        Path(name).write_text(text, encoding="utf-8")
    return tmp_path


def rows(text: str, delimiter: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_one_row_per_document_with_the_chosen_fields(folder: Path, fmt: str,
                                                     delimiter: str) -> None:
    result = CliRunner().invoke(cli, ["parse", "a.txt", "missing.txt", "b.txt", "-f", fmt,
                                      "--fields", "source,headline,dateline.city,"
                                      "dateline.agency,byline,body,body.1.text,photos"])
    assert result.exit_code == 1  # missing.txt: one Error line, the others written
    table = rows(result.stdout, delimiter)
    assert [r["source"] for r in table] == ["a.txt", "b.txt"]
    first, second = table
    assert first["headline"] == "Rain stops play" and first["byline"] == "Jane Roe"
    assert (first["dateline.city"], first["dateline.agency"]) == ("London", "Reuters")
    assert first["body"].split("\n\n")[0].startswith('It rained all day, "and then, again,"')
    assert first["body.1.text"] == "Play resumes"
    assert first["photos"] == ""  # an empty list is an empty cell
    assert second["byline"] == "" and second["body"] == "Snow fell all night."
    assert second["body.1.text"] == ""


def test_default_fields_and_header_without_documents(folder: Path) -> None:
    result = CliRunner().invoke(cli, ["parse", "a.txt", "-f", "csv"])
    assert next(csv.reader(io.StringIO(result.stdout))) == list(DEFAULT_FIELDS)
    empty = CliRunner().invoke(cli, ["parse", "missing.txt", "-f", "csv"])
    assert empty.stdout == ",".join(DEFAULT_FIELDS) + "\n"


@pytest.mark.parametrize(("fields", "message"), [
    ("headlines", "the document has no 'headlines'"),
    ("dateline.town", "no such field under 'dateline'"),
    ("body.text", "body is a list"),
])
def test_unknown_fields_are_usage_errors(folder: Path, fields: str, message: str) -> None:
    result = CliRunner().invoke(cli, ["parse", "a.txt", "-f", "csv", "--fields", fields])
    assert result.exit_code == 2 and message in result.stderr
    with pytest.raises(ValueError):
        check_field(fields)


def test_fields_need_a_table_format(folder: Path) -> None:
    result = CliRunner().invoke(cli, ["parse", "a.txt", "--fields", "headline"])
    assert result.exit_code == 2 and "--fields is for --format csv or tsv" in result.stderr
