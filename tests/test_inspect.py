"""`wireparse inspect`: every block with the parser's own role and reason, the dateline taken
apart, the fields; colour only on a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

import wireparse
from wireparse.cli import cli
from wireparse.model import Article, Decision
from wireparse.render.inspect import render_inspect

SEED = Path(__file__).parent / "fixtures" / "batch" / "000_tass_maduro.txt"

# The seed article's lines as the parser decides them (line, role: why), in input order.
SEED_REASONS = [
    ("1", "junk: navigation"),
    ("3", "headline: first line of the story"),
    ("5", "standfirst: line between headline and body"),
    ("7", "caption: above its credit"),
    ("8", "credit: credit line"),
    ("10", "dateline: slash-agency (agency TASS)"),
    ("12", "paragraph: body copy"),
    ("18", "subheading: short line heading a section"),
]


def recorded(article: Article, *, color: bool = False) -> str:
    """What ``render_inspect`` prints, through rich's recording console."""
    console = Console(record=True, width=220, file=open("/dev/null", "w"),  # noqa: SIM115
                      force_terminal=color, color_system="truecolor" if color else None)
    render_inspect(article, console)
    console.file.close()
    return console.export_text(styles=color)


@pytest.fixture(scope="module")
def seed() -> Article:
    return wireparse.parse(SEED.read_bytes())


def row_of(text: str, needle: str) -> str:
    return next(line for line in text.splitlines() if needle in line)


def test_every_block_is_shown_in_input_order_with_the_parsers_reason(seed: Article) -> None:
    blocks = recorded(seed).split("Dateline")[0]
    rows = [line for line in blocks.splitlines() if line.split()[:1] and line.split()[0].isdigit()]
    assert len(rows) == len(seed.decisions) == 16
    for row, decision in zip(rows, seed.decisions, strict=True):
        assert row.split()[0] == str(decision.lines[0])
        assert f" {decision.reason} " in row
        assert decision.text[:30] in row


@pytest.mark.parametrize(("line", "reason"), SEED_REASONS)
def test_seed_rows_name_line_role_and_reason(seed: Article, line: str, reason: str) -> None:
    decision = next(d for d in seed.decisions if str(d.lines[0]) == line)
    assert decision.reason == reason  # the parser's reason, not one the CLI made up
    row = row_of(recorded(seed), reason)
    assert row.split()[0] == line
    assert decision.text[:40] in row


def test_dateline_parts_and_fields_tables(seed: Article) -> None:
    text = recorded(seed)
    dateline = text[text.index("Dateline"):text.index("Fields")]
    assert row_of(dateline, "text").split(None, 1)[1].strip() == "MOSCOW, February 7. /TASS/."
    assert row_of(dateline, "city").split() == ["city", "Moscow"]
    assert row_of(dateline, "country").split() == ["country", "null"]
    assert row_of(dateline, "date ").split() == ["date", "--02-07"]
    assert row_of(dateline, "agency").split() == ["agency", "TASS"]
    fields = text[text.index("Fields"):]
    assert "Moscow still supports Maduro — Kremlin" in row_of(fields, "headline")
    assert row_of(fields, "byline").split() == ["byline", "null"]
    assert "Kremlin spokesman Dmitry Peskov — Vitaliy Nevar/TASS" in row_of(fields, "photos")
    assert row_of(fields, "body").split(None, 1)[1].strip() == "9 paragraphs, 1 subheading"


def test_roles_are_coloured_on_a_terminal(seed: Article) -> None:
    styled = recorded(seed, color=True)
    assert "\x1b[" in styled
    plain = recorded(seed)
    assert "\x1b[" not in plain


def test_a_story_without_dateline_or_blocks() -> None:
    text = recorded(Article(headline="Only a headline", decisions=(
        Decision((1, 1), "Only a headline", "headline", "headline: first line of the story"),
    )))
    dateline = text[text.index("Dateline"):text.index("Fields")]
    assert row_of(dateline, "dateline").split() == ["dateline", "null"]
    assert "no blocks" in recorded(Article())


def test_html_blocks_have_no_line_numbers() -> None:
    article = Article(decisions=(Decision((0, 0), "Sign up now", "junk", "junk: newsletter"),))
    assert row_of(recorded(article), "junk: newsletter").split()[0] == "–"


def test_cli_prints_plain_text_when_not_a_terminal() -> None:
    result = CliRunner().invoke(cli, ["inspect", str(SEED)])
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" not in result.stdout
    assert "dateline: slash-agency" in result.stdout
    assert result.stderr == ""


def test_cli_no_color_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich then treats the output as a terminal
    coloured = CliRunner().invoke(cli, ["inspect", str(SEED)])
    assert "\x1b[" in coloured.stdout
    plain = CliRunner().invoke(cli, ["inspect", "--no-color", str(SEED)])
    assert plain.exit_code == 0
    assert "\x1b[" not in plain.stdout


def test_cli_reads_stdin_and_takes_the_parse_flags() -> None:
    story = "Rain stops play\n\nLONDON, June 3 (Reuters) - It rained all day.\n"
    result = CliRunner().invoke(cli, ["inspect", "-", "--reference-date", "2019-06-10"],
                                input=story)
    assert result.exit_code == 0, result.stderr
    assert row_of(result.stdout, "date ").split() == ["date", "2019-06-03"]


def test_cli_unparseable_input_is_one_error_line(tmp_path: Path) -> None:
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)))
    result = CliRunner().invoke(cli, ["inspect", str(binary)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {binary}: ")
    assert result.stderr.count("\n") == 1


def test_missing_file_is_the_same_error_as_in_parse(tmp_path: Path) -> None:
    """One error policy: `inspect` says what `parse` says, with the same exit code (it was a
    three-line click usage error with exit 2)."""
    missing = str(tmp_path / "missing.txt")
    inspected = CliRunner().invoke(cli, ["inspect", missing])
    parsed = CliRunner().invoke(cli, ["parse", missing])
    assert (inspected.exit_code, inspected.stderr) == (parsed.exit_code, parsed.stderr)
    assert inspected.exit_code == 1
    assert inspected.stderr == f"Error: {missing}: no such file\n"


# --- inspect for real work (issue 11) ------------------------------------------------------

ENVELOPED = ("\x01a0412 r f BC-Ports-Cranes 03-03 0412\n\x02Harbour cranes return\n\n"
             "PORTVALE, March 3 (Reuters) - The council voted to bring the cranes back. "
             "(Reporting by Jane Roe; Editing by John Doe)\n\x03 031245 Mar 25\n")
PAGE = ("<html><head><title>Cranes return | Harbour Times</title>"
        '<meta property="og:title" content="Harbour cranes return to the old port">'
        '<meta property="article:published_time" content="2024-03-03T10:00:00Z">'
        '<meta name="author" content="Jane Roe"></head><body><div class="wrap"><article>'
        '<div class="story-body"><p>PORTVALE, March 3 (Reuters) - The council voted on '
        "Monday to bring the cranes back to the old port after ten years away.</p>"
        "<p>Work starts in June, officials said, and should take about a year.</p>"
        "</div></article></div></body></html>")


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["inspect", *args], env={"COLUMNS": "80", **(env or {})})
    return result.exit_code, result.stdout, result.stderr


def test_at_80_columns_each_block_is_one_line(tmp_path: Path) -> None:
    code, out, _ = invoke(str(SEED))
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    rows = [line for line in out.split("Dateline")[0].splitlines()
            if line.split()[:1] and line.split()[0].isdigit()]
    assert len(rows) == 16 and any(row.rstrip().endswith("…") for row in rows)
    _, full, _ = invoke(str(SEED), "--full")
    assert len(full.splitlines()) > len(out.splitlines())
    assert "Maduro, Kremlin Spokesman Dmitry Peskov said on Thursday." in " ".join(full.split())


def test_only_some_roles(tmp_path: Path) -> None:
    code, out, _ = invoke(str(SEED), "--only", "head,junk")
    assert code == 0
    rows = [line.split()[1].rstrip(":") for line in out.splitlines()
            if line.split()[:1] and line.split()[0].isdigit()]
    assert rows == ["junk", "headline", "standfirst", "dateline"]
    assert "Fields" not in out and "Dateline\n" not in out
    code, _, err = invoke(str(SEED), "--only", "headlines")
    assert code == 2 and "'headlines' is no role" in err


def test_envelope_and_trailer_cuts_have_rows(tmp_path: Path) -> None:
    story = tmp_path / "wire.txt"
    story.write_text(ENVELOPED, encoding="utf-8")
    _, out, _ = invoke(str(story), "--full", env={"COLUMNS": "200"})
    assert "junk: envelope header" in out and "r f BC-Ports-Cranes" in out
    assert "junk: envelope trailer" in out and "031245 Mar 25" in out
    assert "junk: trailer" in out and "(Reporting by Jane Roe; Editing by John Doe)" in out


def test_html_rows_show_the_element_path_and_the_metadata_fields(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    article = wireparse.parse(PAGE)
    paragraph = next(d for d in article.decisions if d.role == "paragraph")
    assert paragraph.evidence.endswith("div.story-body > p")
    dateline = next(d for d in article.decisions if d.role == "dateline")
    assert dateline.evidence.endswith("div.story-body > p")  # the shared rule, the page's path
    from_meta = {d.role: d for d in article.decisions if d.evidence.startswith("metadata:")}
    assert set(from_meta) == {"headline", "byline", "metadata"}
    assert from_meta["headline"].text == "Harbour cranes return to the old port"
    assert from_meta["metadata"].text == "2024-03-03"
    _, out, _ = invoke(str(page), env={"COLUMNS": "120"})
    assert "· metadata: headline" in out and "div.story-body > p" in out


@pytest.mark.parametrize(("flag", "ansi"), [("always", True), ("never", False), ("auto", False)])
def test_color_flag(flag: str, ansi: bool) -> None:
    _, out, _ = invoke(str(SEED), "--color", flag)
    assert ("\x1b[" in out) is ansi


def test_a_long_inspection_is_paged_on_a_terminal(tmp_path: Path) -> None:
    """On a terminal of 20 lines the seed's inspection (longer) goes through $PAGER; with
    --no-pager, or when it fits, it does not."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    def on_terminal(*args: str) -> str:
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 20, 100, 0, 0))
        env = {**os.environ, "PAGER": "sed s/^/PAGED:/", "TERM": "xterm"}
        env.pop("COLUMNS", None)
        env.pop("LINES", None)
        proc = subprocess.Popen([sys.executable, "-c", "from wireparse.cli import main; main()",
                                 "inspect", *args], stdin=follower, stdout=follower,
                                stderr=subprocess.PIPE, env=env)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=120)
        os.close(leader)
        return b"".join(chunks).decode("utf-8", "replace")

    assert "PAGED:" in on_terminal(str(SEED))
    assert "PAGED:" not in on_terminal(str(SEED), "--no-pager")
    assert "PAGED:" not in on_terminal(str(SEED), "--only", "headline")
