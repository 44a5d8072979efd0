"""The `wireparse` command through click's CliRunner: exit codes, stdout and stderr apart."""

from __future__ import annotations

import json
import subprocess
import sys
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


def test_parse_seed_prints_exactly_the_spec_document(runner: CliRunner,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SEED.parent)  # the document's source is the path as given
    result = runner.invoke(cli, ["parse", "seed.txt"])
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


def test_markdown_output_reads_back_to_the_same_document(runner: CliRunner, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SEED.parent)
    md = runner.invoke(cli, ["parse", "seed.txt", "--format", "md"])
    assert md.exit_code == 0
    assert md.stdout.startswith("---\n")
    assert "\n# Moscow still supports Maduro — Kremlin\n" in md.stdout
    assert "\n## Slow-motion coup in Venezuela\n" in md.stdout
    path = tmp_path / "seed.md"
    path.write_text(md.stdout, encoding="utf-8")
    back = runner.invoke(cli, ["parse", str(path)])
    assert back.stdout == SEED_JSON.read_text(encoding="utf-8")


def test_output_file(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SEED.parent)
    out = tmp_path / "out.json"
    result = runner.invoke(cli, ["parse", "seed.txt", "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8") == SEED_JSON.read_text(encoding="utf-8")


def test_schema_command_prints_the_shipped_schema(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == schema()
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.validate(json.loads(SEED_JSON.read_text(encoding="utf-8")), schema())
    jsonschema.validate({**json.loads(SEED_JSON.read_text(encoding="utf-8")), "source": None},
                        schema())


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


@pytest.mark.parametrize("command", ["parse", "batch", "watch", "inspect"])
def test_readme_shows_the_true_help(runner: CliRunner, command: str) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    result = runner.invoke(cli, [command, "--help"], prog_name="wireparse", terminal_width=80)
    assert result.stdout.strip() in readme


# --- One error policy, explicit commands, atomic -o (issue 11) ----------------------------


def _main(*args: str, stdin: bytes | None = None, cwd: Path | None = None
          ) -> subprocess.CompletedProcess[bytes]:
    """The installed entry point in a fresh process (exit codes as a shell sees them)."""
    return subprocess.run([sys.executable, "-c", "from wireparse.cli import main; main()", *args],
                          input=stdin, capture_output=True, cwd=cwd, timeout=300, check=False)


def test_a_failed_parse_leaves_the_output_file_as_it_was(runner: CliRunner,
                                                         tmp_path: Path) -> None:
    existing = tmp_path / "existing.json"
    existing.write_text('{"kept": true}\n', encoding="utf-8")
    result = runner.invoke(cli, ["parse", str(tmp_path / "missing.txt"), "-o", str(existing)])
    assert result.exit_code == 1
    assert existing.read_text(encoding="utf-8") == '{"kept": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.json"]  # no temp file left


def test_output_file_gets_the_documents_that_were_made(runner: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    result = runner.invoke(cli, ["parse", str(good), str(tmp_path / "missing.txt"), "-o",
                                 str(out)])
    assert result.exit_code == 1
    assert [json.loads(line)["headline"] for line in out.read_text().splitlines()] == [
        "Rain stops play"]


def test_an_unwritable_output_is_one_error_line(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "out.json"
    result = runner.invoke(cli, ["parse", str(SEED), "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {target}: No such file or directory\n"


@pytest.mark.parametrize(("word", "suggestion"), [
    ("bacth", "wireparse batch"), ("inpsect", "wireparse inspect"),
    ("version", "wireparse --version"), ("help", "wireparse --help"), ("prase", "wireparse parse"),
])
def test_an_unknown_first_word_is_a_usage_error_with_a_suggestion(
        runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, word: str,
        suggestion: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dir").mkdir()
    result = runner.invoke(cli, [word, "dir", "-o", "out"])
    assert result.exit_code == 2
    assert f"No such command or file '{word}'. Did you mean '{suggestion}'?" in result.stderr
    assert not (tmp_path / "out").exists()  # nothing was read as a file name, nothing made


def test_an_unknown_word_that_is_no_file_gets_no_wild_suggestion(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["nosuch-story.txt"])
    assert result.exit_code == 2
    assert "No such command or file 'nosuch-story.txt'." in result.stderr
    assert "Did you mean" not in result.stderr


def test_an_existing_file_as_first_word_is_parsed(runner: CliRunner,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SEED.parent)
    result = runner.invoke(cli, ["seed.txt"])
    assert result.exit_code == 0
    assert result.stdout == SEED_JSON.read_text(encoding="utf-8")
    flags_first = runner.invoke(cli, ["-f", "jsonl", "-"], input=STORY)
    assert json.loads(flags_first.stdout)["headline"] == "Rain stops play"


def test_short_version_flag(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["-V"])
    assert result.exit_code == 0 and result.stdout.startswith("wireparse, version ")


@pytest.mark.parametrize("command", [None, *sorted(cli.commands)])
def test_every_help_lists_the_exit_codes(runner: CliRunner, command: str | None) -> None:
    result = runner.invoke(cli, [command, "--help"] if command else ["--help"],
                           terminal_width=80)
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for code in ("0 done", "1 an input could not be parsed", "2 usage error",
                 "130 interrupted", "141 stdout closed"):
        assert code in text, (command, code)


def test_parse_and_inspect_report_a_bad_input_alike(runner: CliRunner, tmp_path: Path) -> None:
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    parsed = runner.invoke(cli, ["parse", str(binary)])
    inspected = runner.invoke(cli, ["inspect", str(binary)])
    assert parsed.exit_code == inspected.exit_code == 1
    assert parsed.stderr == inspected.stderr
    assert parsed.stderr.startswith(f"Error: {binary}: input looks binary")


def test_a_closed_stdout_is_not_an_input_failure(tmp_path: Path) -> None:
    """`wireparse parse … | head -1`: the reader leaves early; no message, and not exit 1
    (which means an input failed) but 141, as a shell reports a command SIGPIPE stopped."""
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    # ~400 bytes a document: far more than a pipe buffers, so the writer meets the closed end.
    args = [sys.executable, "-c", "from wireparse.cli import main; main()", "parse",
            *[str(story)] * 2000]
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()
        stderr = proc.stderr.read()
        code = proc.wait(timeout=300)
    assert json.loads(first)["headline"] == "Rain stops play"
    assert stderr == b""
    assert code == 141


def test_entry_point_exit_codes_match_the_help(tmp_path: Path) -> None:
    assert _main("parse", str(tmp_path / "missing.txt")).returncode == 1
    assert _main("bacth").returncode == 2
    assert _main("-V").returncode == 0


def test_several_inputs_as_json_make_one_array(runner: CliRunner, tmp_path: Path) -> None:
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text(STORY, encoding="utf-8")
    two.write_text("Second story\n\nBerlin (dpa) - Snow fell.\n", encoding="utf-8")
    result = runner.invoke(cli, ["parse", "-f", "json", str(one), str(two)])
    assert result.exit_code == 0
    docs = json.loads(result.stdout)
    assert [doc["headline"] for doc in docs] == ["Rain stops play", "Second story"]
    alone = runner.invoke(cli, ["parse", "-f", "json", str(tmp_path / "no"), str(tmp_path / "ne")])
    assert alone.exit_code == 1 and json.loads(alone.stdout) == []


@pytest.mark.parametrize("compress", ["gzip", "bz2", "lzma"])
def test_compressed_stdin_is_recognised_by_its_content(runner: CliRunner, compress: str) -> None:
    import importlib

    packed = importlib.import_module(compress).compress(STORY.encode())
    result = runner.invoke(cli, ["parse", "-"], input=packed)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["headline"] == "Rain stops play"


def test_a_corrupt_compressed_file_is_one_line_naming_it(runner: CliRunner,
                                                         tmp_path: Path) -> None:
    import gzip

    broken = tmp_path / "story.txt"  # no .gz suffix: recognised by its first bytes
    broken.write_bytes(gzip.compress(STORY.encode())[:30])
    result = runner.invoke(cli, ["parse", str(broken)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {broken}: broken gzip file (")
    assert result.stderr.count("\n") == 1


# --- Provenance (contract v2: `source`) -----------------------------------------------------


def test_every_document_says_which_input_it_came_from_in_input_order(
        runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text(STORY, encoding="utf-8")
    Path("c.txt").write_text("Second story\n\nBerlin (dpa) - Snow fell.\n", encoding="utf-8")
    for fmt in ("jsonl", "json"):
        result = runner.invoke(cli, ["parse", "-f", fmt, "a.txt", "b.txt", "c.txt", "-"],
                               input=STORY)
        assert result.exit_code == 1
        assert result.stderr == "Error: b.txt: no such file\n"
        docs = (json.loads(result.stdout) if fmt == "json"
                else [json.loads(line) for line in result.stdout.splitlines()])
        assert [doc["source"] for doc in docs] == ["a.txt", "c.txt", "-"]
        for doc in docs:
            jsonschema.validate(doc, schema())


def test_markdown_front_matter_carries_the_source(runner: CliRunner, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text(STORY, encoding="utf-8")
    result = runner.invoke(cli, ["parse", "-f", "md", "a.txt"])
    assert '\nsource: "a.txt"\n' in result.stdout.split("\n---\n", 1)[0] + "\n"
