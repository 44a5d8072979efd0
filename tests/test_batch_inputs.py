"""What `wireparse batch` reads: story files by type, never its own outputs, what it passes
over counted and listed; no inputs is a usage error; `-o X.jsonl`; documents made with other
parse options converted again; compressed inputs recognised by content, in folders and in
archives."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from wireparse import batch_inputs, manifest
from wireparse.batch import LOCK_FILE
from wireparse.cli import cli

STORY = ("Harbour reopens after storm number {n}\n\nOSLO, March 3 (Reuters) - Harbour crews "
         "worked through the night to clear the channel, officials said.\n")


def story(n: int) -> str:
    return STORY.format(n=n)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["batch", *map(str, args), "-j", "1"])


def documents(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                  if p.is_file() and not p.name.startswith("."))


def test_only_story_files_are_converted_and_the_rest_is_counted(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    write(src / "a.txt", story(1))
    write(src / "2019" / "b.html", f"<html><body><h1>Story two</h1><p>{'Words. ' * 20}</p>"
                                   "</body></html>")
    write(src / "truth.jsonl", '{"headline": "x"}\n')
    write(src / "ground-truth.json", "{}")
    write(src / "README.md", "# How this folder is laid out\n\nStories are in 2019/.\n")
    write(src / "notes.csv", "a,b\n")
    write(src / ".hidden.txt", story(3))
    result = run(src, "-o", out, "--verbose")
    assert result.exit_code == 0, result.output
    assert documents(out) == ["2019/b.json", "a.json"]
    assert ("5 passed over (3 not a story file type, 1 a README, LICENSE or the like, "
            "1 hidden)") in result.stderr
    for name, reason in (("truth.jsonl", "not a story file type"),
                         ("README.md", "a README, LICENSE or the like"),
                         (".hidden.txt", "hidden")):
        assert f"passed over: {src / name} ({reason})" in result.stderr


def test_its_own_outputs_are_never_read(tmp_path: Path) -> None:
    """An earlier OUTDIR inside SRC (recognised by wireparse's files in it) is passed over,
    even when --include would take its documents."""
    src = tmp_path / "in"
    write(src / "a.txt", story(1))
    assert run(src, "-o", src / "converted", "-f", "md").exit_code == 0
    result = run(src, "-o", tmp_path / "out2", "--include", "*.md", "--include", "*.txt")
    assert result.exit_code == 0, result.output
    assert documents(tmp_path / "out2") == ["a.json"]
    assert "1 a wireparse output folder" in result.stderr


@pytest.mark.parametrize("case", ["empty folder", "include matches nothing", "only data"])
def test_no_input_is_a_clear_usage_error(tmp_path: Path, case: str) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    extra: list[str] = []
    if case == "include matches nothing":
        write(src / "a.txt", story(1))
        extra = ["--include", "*.xml"]
    elif case == "only data":
        write(src / "truth.jsonl", "{}\n")
    result = run(src, "-o", out, *extra)
    assert result.exit_code == 2, result.output
    assert "no story files to convert under" in result.stderr
    assert "0 converted" not in result.stderr
    assert not out.exists()  # no empty OUTDIR left behind


def test_include_takes_files_whatever_their_type(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    write(src / "AP0001", story(1))  # wire feeds without a suffix
    result = run(src, "-o", out, "--include", "AP*")
    assert result.exit_code == 0, result.output
    assert documents(out) == ["AP0001.json"]


def test_output_to_a_jsonl_file(tmp_path: Path) -> None:
    src, target = tmp_path / "in", tmp_path / "all.jsonl"
    for n in range(3):
        write(src / f"s{n}.txt", story(n))
    result = run(src, "-o", target)
    assert result.exit_code == 0, result.output
    assert target.is_file()
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [Path(doc["source"]).name for doc in lines] == ["s0.txt", "s1.txt", "s2.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.jsonl", "in"]  # no temp file
    again = run(src, "-o", target)  # a file, not a folder: written again whole
    assert again.exit_code == 0 and len(target.read_text().splitlines()) == 3
    refused = run(src, "-o", tmp_path / "all.json")
    assert refused.exit_code == 2 and ".jsonl" in refused.stderr


def test_other_parse_options_convert_again(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    write(src / "a.txt", story(1))

    def date() -> str:
        return json.loads((out / "a.json").read_text(encoding="utf-8"))["dateline"]["date"]

    assert run(src, "-o", out, "--reference-date", "2019-05-01").exit_code == 0
    assert date() == "2019-03-03"
    again = run(src, "-o", out, "--reference-date", "2021-05-01")
    assert "1 converted, 0 skipped" in again.stderr
    assert "parse options differ" in again.stderr
    assert date() == "2021-03-03"
    same = run(src, "-o", out, "--reference-date", "2021-05-01")
    assert "0 converted, 1 skipped" in same.stderr
    assert "parse options differ" not in same.stderr
    # --max-bytes only decides whether an input is read at all: no reason to convert again.
    bigger = run(src, "-o", out, "--reference-date", "2021-05-01", "--max-bytes", "99999999")
    assert "0 converted, 1 skipped" in bigger.stderr


def test_options_record_and_freshness(tmp_path: Path) -> None:
    """The manifest rule: same options — documents since the manifest count; other options —
    every document before now is stale; no manifest yet — the documents there count."""
    first = manifest.options_record(_options("2019-01-01"))
    assert manifest.check_and_record(tmp_path, first) == (None, False)
    assert manifest.check_and_record(tmp_path, first) == (None, False)
    other = manifest.options_record(_options("2020-01-01"))
    since, changed = manifest.check_and_record(tmp_path, other)
    assert changed and since == (tmp_path / manifest.MANIFEST_FILE).stat().st_mtime
    assert manifest.check_and_record(tmp_path, other) == (since, False)


def _options(reference_date: str):  # type: ignore[no-untyped-def]
    from wireparse.options import ParseOptions

    return ParseOptions.build(reference_date=reference_date)


def test_compressed_files_are_recognised_by_content(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    write(src / "plain.txt", story(0))
    write(src / "a.txt.gz", gzip.compress(story(1).encode()))
    write(src / "b.txt.bz2", bz2.compress(story(2).encode()))
    write(src / "c.txt.xz", lzma.compress(story(3).encode()))
    write(src / "misnamed.txt", gzip.compress(story(4).encode()))  # gzip without the suffix
    write(src / "broken.txt.gz", gzip.compress(story(5).encode())[:25])
    result = run(src, "-o", out)
    assert result.exit_code == 1
    assert documents(out) == ["a.json", "b.json", "c.json", "errors.jsonl", "misnamed.json",
                              "plain.json"]
    for name, n in (("a", 1), ("b", 2), ("c", 3), ("misnamed", 4)):
        doc = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        assert doc["headline"] == f"Harbour reopens after storm number {n}"
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert len(errors) == 1 and errors[0]["source"].endswith("broken.txt.gz")
    assert errors[0]["error"].startswith("broken gzip file (")


def test_compressed_members_of_a_tar_gz(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    page = (f"<html><body><h1>Page story</h1><p>{'Words here. ' * 20}</p></body></html>")
    members = {"pages/one.html.gz": gzip.compress(page.encode()),
               "pages/two.txt.xz": lzma.compress(story(2).encode()),
               "pages/bad.html.gz": gzip.compress(page.encode())[:30]}
    with tarfile.open(src / "feed.tar.gz", "w:gz") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    result = run(src, "-o", out)
    assert result.exit_code == 1, result.output
    assert documents(out) == ["errors.jsonl", "feed.tar.gz/pages/one.json",
                              "feed.tar.gz/pages/two.json"]
    assert json.loads((out / "feed.tar.gz/pages/one.json").read_text())["headline"] == \
        "Page story"
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert [e["source"] for e in errors] == [f"{src / 'feed.tar.gz'}!pages/bad.html.gz"]
    assert errors[0]["error"].startswith("broken gzip file (")


def test_outdir_markers_are_the_files_batch_writes() -> None:
    assert set(batch_inputs.OUTDIR_MARKERS) == {LOCK_FILE, manifest.MANIFEST_FILE}
