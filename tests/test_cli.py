"""The `wireparse` command through click's CliRunner: exit codes, stdout and stderr apart."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from wireparse.cli import cli
from wireparse.schema import schema

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "cli" / "seed.txt"
SEED_JSON = FIXTURES / "cli" / "seed.json"
STORY = "Rain stops play\n\nLONDON, June 3 (Reuters) - It rained all day at Lord's.\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_parse_seed_prints_exactly_the_spec_document(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["parse", str(SEED)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == SEED_JSON.read_text(encoding="utf-8")
    assert result.stderr == ""


def test_bare_command_with_piped_stdin_parses_it(runner: CliRunner) -> None:
    result = runner.invoke(cli, [], input=STORY)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["headline"] == "Rain stops play"
    assert doc["dateline"]["agency"] == "Reuters"


def test_dash_reads_stdin(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["parse", "-", "--format", "jsonl"], input=STORY)
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1
    jsonschema.validate(json.loads(result.stdout), schema())


def test_several_inputs_default_to_json_lines(runner: CliRunner, tmp_path: Path) -> None:
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text(STORY, encoding="utf-8")
    two.write_text("Second story\n\nBerlin (dpa) - Snow fell.\n", encoding="utf-8")
    result = runner.invoke(cli, ["parse", str(one), str(two)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [json.loads(line)["headline"] for line in lines] == ["Rain stops play", "Second story"]


def test_missing_file_is_one_error_line_and_the_others_are_still_written(
    runner: CliRunner, tmp_path: Path
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    result = runner.invoke(cli, ["parse", str(tmp_path / "nope.txt"), str(good)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nope.txt'}: no such file\n"
    assert json.loads(result.stdout)["headline"] == "Rain stops play"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "input looks binary"),
        (None, "is a directory"),
    ],
)
def test_unparseable_inputs_exit_1_with_one_line(
    runner: CliRunner, tmp_path: Path, content: bytes | None, message: str
) -> None:
    target = tmp_path / "input"
    if content is None:
        target.mkdir()
    else:
        target.write_bytes(content)
    result = runner.invoke(cli, ["parse", str(target)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert "Traceback" not in result.stderr


def test_too_large_input_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(STORY * 10, encoding="utf-8")
    result = runner.invoke(cli, ["parse", str(big), "--max-bytes", "100"])
    assert result.exit_code == 1
    assert "over the size limit of 100 bytes" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["parse", "--format", "xml"],
        ["parse", "--reference-date", "yesterday"],
        ["nosuchflag-x", "--bogus"],
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_reference_date_gives_the_year(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["parse", "-", "--reference-date", "2019-02-08"],
                           input=SEED.read_bytes())
    assert json.loads(result.stdout)["dateline"]["date"] == "2019-02-07"


def test_markdown_output_reads_back_to_the_same_document(runner: CliRunner, tmp_path: Path) -> None:
    md = runner.invoke(cli, ["parse", str(SEED), "--format", "md"])
    assert md.exit_code == 0
    assert md.stdout.startswith("---\n")
    assert "\n# Moscow still supports Maduro — Kremlin\n" in md.stdout
    assert "\n## Slow-motion coup in Venezuela\n" in md.stdout
    path = tmp_path / "seed.md"
    path.write_text(md.stdout, encoding="utf-8")
    back = runner.invoke(cli, ["parse", str(path)])
    assert back.stdout == SEED_JSON.read_text(encoding="utf-8")


def test_output_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = runner.invoke(cli, ["parse", str(SEED), "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8") == SEED_JSON.read_text(encoding="utf-8")


def test_schema_command_prints_the_shipped_schema(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == schema()
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.validate(json.loads(SEED_JSON.read_text(encoding="utf-8")), schema())


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("wireparse, version ")


def test_every_command_has_help_and_is_in_the_readme(runner: CliRunner) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help, name
        assert f"wireparse {name}" in readme, f"README does not show `wireparse {name}`"


@pytest.mark.parametrize("command", ["parse", "batch", "inspect"])
def test_readme_shows_the_true_help(runner: CliRunner, command: str) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    result = runner.invoke(cli, [command, "--help"], prog_name="wireparse", terminal_width=80)
    assert result.stdout.strip() in readme
