"""`wireparse batch`: output layout, archives, refused names, collisions, the errors file, exit
codes, JSON Lines on stdout, failing parsers and workers, and a rerun after kill -9."""

from __future__ import annotations

import fcntl
import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import wireparse
import wireparse.batch
from wireparse.batch import ERRORS_FILE, LOCK_FILE, output_names, safe_member_parts
from wireparse.cli import cli

SPEC_KEYS = ["headline", "standfirst", "byline", "photos", "dateline", "body", "source"]
CITIES = ["OSLO", "LIMA", "CAIRO", "HANOI", "QUITO"]


def story(n: int, paragraphs: int = 2) -> str:
    """A small wire story whose headline names ``n``."""
    city = CITIES[n % len(CITIES)]
    body = "\n\n".join(
        f"Paragraph {p} of story {n}: harbour crews worked through the night to clear "
        f"the channel, officials said." for p in range(paragraphs)
    )
    return (f"Harbour reopens after storm number {n}\n\n"
            f"{city}, March {n % 28 + 1} (Reuters) - The port reopened on Tuesday.\n\n"
            f"{body}\n")


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, ["batch", *map(str, args)])


def outputs(outdir: Path) -> list[str]:
    """The documents under ``outdir``, as sorted relative POSIX paths."""
    return sorted(p.relative_to(outdir).as_posix() for p in outdir.rglob("*.json"))


def errors(outdir: Path) -> list[dict[str, str]]:
    path = outdir / ERRORS_FILE
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def headline(path: Path) -> str:
    return json.loads(path.read_text(encoding="utf-8"))["headline"]


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    # WIREPARSE_DEBUG re-raises parser errors, which would defeat the failure tests.
    monkeypatch.delenv("WIREPARSE_DEBUG", raising=False)


# --- Output names ---------------------------------------------------------------------------


@pytest.mark.parametrize(("names", "taken", "expected"), [
    (["story.txt"], [], {"story.txt": "story.json"}),
    (["a.txt", "a.html", "b.txt"], [], {"a.txt": "a.txt.json", "a.html": "a.html.json",
                                         "b.txt": "b.json"}),
    (["README"], [], {"README": "README.json"}),
    (["page.html.gz"], [], {"page.html.gz": "page.json"}),
    (["a.txt"], ["a.json"], {"a.txt": "a.txt.json"}),  # a sibling folder named a.json
    (["a.txt", "a.json"], [], {"a.txt": "a.txt.json", "a.json": "a.json.json"}),
    # a.txt goes long and meets the file a.txt.json's own name: both keep long names
    (["a.txt", "a.html", "a.txt.json"], [], {"a.txt": "a.txt.json", "a.html": "a.html.json",
                                             "a.txt.json": "a.txt.json.json"}),
])
def test_output_names(names: list[str], taken: list[str], expected: dict[str, str]) -> None:
    assert output_names(names, ".json", taken) == expected


def test_output_names_on_a_case_folding_file_system_refuse_what_still_clashes() -> None:
    assert output_names(["A.txt", "a.txt"], ".json", fold_case=False) == {
        "A.txt": "A.json", "a.txt": "a.json"}
    assert output_names(["A.txt", "a.txt"], ".json", fold_case=True) == {
        "A.txt": None, "a.txt": None}


@pytest.mark.parametrize(("name", "parts"), [
    ("2019/02/a.txt", ["2019", "02", "a.txt"]),
    ("./a.txt", ["a.txt"]),
    ("win\\dir\\a.txt", ["win", "dir", "a.txt"]),
    ("../a.txt", None),
    ("ok/../../a.txt", None),
    ("/etc/passwd", None),
    ("\\server\\a.txt", None),
    ("C:/a.txt", None),
    ("a\x00.txt", None),
    ("", None),
])
def test_safe_member_parts(name: str, parts: list[str] | None) -> None:
    assert safe_member_parts(name) == parts


# --- Folders --------------------------------------------------------------------------------


def test_folder_outputs_mirror_input_paths(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    write(src / "2019" / "02" / "story.txt", story(1))
    write(src / "2019" / "03" / "other.txt", story(2))
    write(src / ".hidden.txt", story(3))
    result = run(src, "-o", out, "-j", "2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "2 converted, 0 skipped, 0 failed" in result.stderr
    assert outputs(out) == ["2019/02/story.json", "2019/03/other.json"]
    doc = json.loads((out / "2019/02/story.json").read_text(encoding="utf-8"))
    assert doc == wireparse.parse(story(1), source=str(src / "2019/02/story.txt")).to_dict()


def test_markdown_format(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", story(1))
    assert run(tmp_path / "in", "-o", tmp_path / "out", "-f", "md").exit_code == 0
    text = (tmp_path / "out" / "a.md").read_text(encoding="utf-8")
    source = str(tmp_path / "in" / "a.txt")
    assert wireparse.parse(text).to_dict() == wireparse.parse(story(1), source=source).to_dict()


def test_several_sources_each_land_under_their_own_name(tmp_path: Path) -> None:
    write(tmp_path / "x" / "one" / "a.txt", story(1))
    write(tmp_path / "y" / "two" / "a.txt", story(2))
    single = write(tmp_path / "z.txt", story(3))
    out = tmp_path / "out"
    result = run(tmp_path / "x" / "one", tmp_path / "y" / "two", single, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert outputs(out) == ["one/a.json", "two/a.json", "z.json"]


def test_same_stem_in_one_folder_keeps_the_extension(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    write(src / "a.txt", story(1))
    write(src / "a.html", f"<html><body><p>{story(2)}</p></body></html>")
    write(src / "b.txt", story(3))
    result = run(src, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert outputs(out) == ["a.html.json", "a.txt.json", "b.json"]
    assert headline(out / "a.txt.json") == "Harbour reopens after storm number 1"


def test_gzipped_stories_are_read_gunzipped(tmp_path: Path) -> None:
    import gzip

    src, out = tmp_path / "in", tmp_path / "out"
    write(src / "story.txt.gz", gzip.compress(story(1).encode()))
    write(src / "cut.txt.gz", gzip.compress(story(2).encode())[:40])
    result = run(src, "-o", out)
    assert result.exit_code == 1
    assert headline(out / "story.json") == "Harbour reopens after storm number 1"
    assert [e["error"].split(" (")[0] for e in errors(out)] == ["broken gzip file"]


def test_rerun_skips_what_is_up_to_date_and_force_redoes_it(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    for n in range(5):
        write(src / f"s{n}.txt", story(n))
    assert "5 converted, 0 skipped" in run(src, "-o", out).stderr
    assert "0 converted, 5 skipped" in run(src, "-o", out).stderr
    changed = write(src / "s2.txt", story(42))
    future = time.time() + 60
    os.utime(changed, (future, future))  # newer than its output, whatever the clock's grain
    assert "1 converted, 4 skipped" in run(src, "-o", out).stderr
    assert headline(out / "s2.json") == "Harbour reopens after storm number 42"
    assert "0 converted, 5 skipped" in run(src, "-o", out).stderr  # future mtime carried over
    assert "5 converted, 0 skipped" in run(src, "-o", out, "--force").stderr


def test_outdir_inside_the_source_is_not_read_back(tmp_path: Path) -> None:
    src = tmp_path / "in"
    write(src / "a.txt", story(1))
    run(src, "-o", src / "out")
    result = run(src, "-o", src / "out")
    assert result.exit_code == 0
    assert "0 converted, 1 skipped, 0 failed" in result.stderr


def test_include_and_exclude(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    write(src / "keep" / "a.txt", story(1))
    write(src / "keep" / "notes.md", "not a story")
    write(src / "drafts" / "b.txt", story(2))
    write(src / "keep" / "drafts.txt", story(3))
    result = run(src, "-o", out, "--include", "*.txt", "--exclude", "drafts")
    assert result.exit_code == 0, result.stderr
    assert outputs(out) == ["keep/a.json", "keep/drafts.json"]
    result = run(src, "-o", tmp_path / "out2", "--exclude", "keep/*")
    assert outputs(tmp_path / "out2") == ["drafts/b.json"]


# --- Archives -------------------------------------------------------------------------------


def make_zip(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return path


def make_tar(path: Path, members: dict[str, str | bytes], mode: str = "w") -> Path:
    with tarfile.open(path, mode) as tf:
        for name, text in members.items():
            data = text.encode() if isinstance(text, str) else text
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def add_tar_link(path: Path, name: str, target: str, kind: bytes) -> None:
    with tarfile.open(path, "a") as tf:
        info = tarfile.TarInfo(name)
        info.type, info.linkname = kind, target
        tf.addfile(info)


@pytest.mark.parametrize(("name", "mode"), [
    ("news.zip", None), ("news.tar", "w"), ("news.tar.gz", "w:gz"), ("news.tgz", "w:gz"),
])
def test_archive_members_land_in_a_folder_named_after_it(tmp_path: Path, name: str,
                                                         mode: str | None) -> None:
    members = {"2019/02/a.txt": story(1), "2019/02/a.html": story(2), "b.txt": story(3),
               "2019/": ""}
    members.pop("2019/")
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    if mode is None:
        make_zip(src / name, members)
    else:
        make_tar(src / name, members, mode)
    result = run(src, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert outputs(out) == [f"{name}/2019/02/a.html.json", f"{name}/2019/02/a.txt.json",
                            f"{name}/b.json"]
    assert headline(out / name / "b.json") == "Harbour reopens after storm number 3"
    lines = run(src / name, "-o", "-").stdout.splitlines()
    assert [json.loads(line)["source"] for line in lines] == [
        f"{src / name}!{member}" for member in members]


def test_archive_reruns_skip_members_and_redo_them_when_the_archive_changes(
        tmp_path: Path) -> None:
    archive, out = make_zip(tmp_path / "a.zip", {"x.txt": story(1)}), tmp_path / "out"
    assert "1 converted" in run(archive, "-o", out).stderr
    assert "0 converted, 1 skipped" in run(archive, "-o", out).stderr
    future = time.time() + 60
    os.utime(archive, (future, future))
    assert "1 converted, 0 skipped" in run(archive, "-o", out).stderr


def test_zip_names_that_escape_outdir_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    archive = make_zip(tmp_path / "evil.zip", {
        "../escape.txt": story(1), "/abs.txt": story(2), "ok/../../../up.txt": story(3),
        "C:/drive.txt": story(4), "fine.txt": story(5),
    })
    with zipfile.ZipFile(archive, "a") as zf:  # a symbolic link member
        info = zipfile.ZipInfo("link.txt")
        info.external_attr = 0o120777 << 16
        zf.writestr(info, "/etc/passwd")
    result = run(archive, "-o", out)
    assert result.exit_code == 1
    assert outputs(tmp_path) == ["deep/out/evil.zip/fine.json"]
    failed = {e["source"].split("!", 1)[1]: e["error"] for e in errors(out)}
    assert sorted(failed) == ["../escape.txt", "/abs.txt", "C:/drive.txt", "link.txt",
                              "ok/../../../up.txt"]
    assert "unsafe member name" in failed["../escape.txt"]
    assert "link" in failed["link.txt"]


def test_tar_links_and_escaping_names_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    archive = make_tar(tmp_path / "evil.tar", {"../escape.txt": story(1), "fine.txt": story(2)})
    add_tar_link(archive, "sym.txt", "/etc/passwd", tarfile.SYMTYPE)
    add_tar_link(archive, "hard.txt", "fine.txt", tarfile.LNKTYPE)
    result = run(archive, "-o", out)
    assert result.exit_code == 1
    assert outputs(tmp_path) == ["out/evil.tar/fine.json"]
    assert sorted(e["source"].split("!", 1)[1] for e in errors(out)) == [
        "../escape.txt", "hard.txt", "sym.txt"]


def test_the_progress_total_counts_what_the_batch_meets(tmp_path: Path) -> None:
    from wireparse.batch import BatchConfig, count_inputs, run_batch

    src = tmp_path / "in"
    write(src / "a.txt", story(1))
    write(src / "sub" / "b.txt", story(2))
    write(src / "sub" / ".c.txt", story(3))
    make_zip(src / "z.zip", {"x.txt": story(4), "../up.txt": story(5), ".h.txt": story(6)})
    tar = make_tar(src / "t.tar", {"y.txt": story(7), "/abs.txt": story(8)})
    add_tar_link(tar, "l.txt", "y.txt", tarfile.SYMTYPE)
    config = BatchConfig(outdir=tmp_path / "out", include=("*.txt",))
    report = run_batch([src], config)
    assert (report.converted, report.failed) == (4, 3)
    assert count_inputs([src], config) == report.done


def test_a_broken_archive_is_one_failure_and_the_rest_goes_on(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    write(src / "bad.zip", b"PK\x03\x04 this is not really a zip")
    write(src / "bad.tgz", b"\x1f\x8b\x08 truncated")
    write(src / "good.txt", story(1))
    result = run(src, "-o", out)
    assert result.exit_code == 1
    assert outputs(out) == ["good.json"]
    assert sorted(Path(e["source"]).name for e in errors(out)) == ["bad.tgz", "bad.zip"]
    assert all(e["error"].startswith("cannot read archive") for e in errors(out))


# --- Failures, exit codes, stdout ------------------------------------------------------------


def test_failures_go_to_errors_jsonl_and_exit_1(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    write(src / "good.txt", story(1))  # photo.txt: a picture under a story's name
    write(src / "photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(200))
    write(src / "big.txt", story(2) * 50)
    result = run(src, "-o", out, "--max-bytes", "2000")
    assert result.exit_code == 1
    assert "1 converted, 0 skipped, 2 failed" in result.stderr
    assert ERRORS_FILE in result.stderr
    assert result.stdout == ""
    failed = {Path(e["source"]).name: e["error"] for e in errors(out)}
    assert set(failed) == {"photo.txt", "big.txt"}
    assert "binary" in failed["photo.txt"]
    assert "--max-bytes" in failed["big.txt"]
    assert all("\n" not in reason for reason in failed.values())
    # Fixed: the rerun retries the failures (they have no output) and clears the list.
    (src / "photo.txt").unlink()
    result = run(src, "-o", out)
    assert result.exit_code == 0
    assert "1 converted, 1 skipped, 0 failed" in result.stderr
    assert not (out / ERRORS_FILE).exists()


@pytest.mark.parametrize("args", [
    ["missing-dir", "-o", "OUT"],
    ["IN", "-o", "-", "--format", "md"],
    ["IN", "-o", "IN/a.txt"],
    ["IN", "-o", "OUT", "-j", "0"],
    ["IN", "IN/../IN", "-o", "OUT"],  # two sources with one name would mix their outputs
    ["IN"],
    ["IN", "-o", "IN"],
])
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    write(tmp_path / "IN" / "a.txt", story(1))
    args = [str(tmp_path / a) if a in ("IN", "OUT", "IN/a.txt", "IN/../IN") else a
            for a in args]
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Error" in result.stderr
    assert not (tmp_path / "OUT").exists() or not any((tmp_path / "OUT").rglob("*.json"))


def test_a_second_batch_into_the_same_outdir_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", story(1))
    out = tmp_path / "out"
    out.mkdir()
    with open(out / LOCK_FILE, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = run(tmp_path / "in", "-o", out)
    # A held lock is not a usage mistake: one line, no "Usage:" block, exit 1.
    assert result.exit_code == 1
    assert result.stderr == f"Error: another wireparse batch is writing to {out}\n"
    assert run(tmp_path / "in", "-o", out).exit_code == 0


def test_dash_writes_json_lines_with_their_source(tmp_path: Path) -> None:
    src = tmp_path / "in"
    for n in range(40):
        write(src / f"{n // 10}" / f"s{n:02}.txt", story(n))
    write(src / "0" / "zz.txt", bytes(range(256)))  # binary under a story's name
    result = run(src, "-o", "-", "-j", "2")
    assert result.exit_code == 1
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    # Input order, whatever order the workers finish in.
    assert [d["source"] for d in docs] == [str(src / f"{n // 10}" / f"s{n:02}.txt")
                                           for n in range(40)]
    assert list(docs[0]) == SPEC_KEYS
    assert docs[7]["headline"] == "Harbour reopens after storm number 7"
    assert f"Error: {src / '0' / 'zz.txt'}: " in result.stderr
    assert "40 converted, 0 skipped, 1 failed" in result.stderr


def test_quiet_says_nothing_but_the_failures_that_have_no_errors_file(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", story(1))
    result = run(tmp_path / "in", "-o", tmp_path / "out", "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    bad = write(tmp_path / "in" / "b.txt", bytes(range(256)))
    result = run(tmp_path / "in", "-o", "-", "--quiet")
    assert result.exit_code == 1
    assert result.stdout.count("\n") == 1
    assert result.stderr.startswith(f"Error: {bad}: ")
    assert result.stderr.count("\n") == 1


def test_progress_lines_when_stderr_is_not_a_terminal(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import wireparse.commands.batch as command

    monkeypatch.setattr(command, "PLAIN_PROGRESS_EVERY", 0.0)
    for n in range(3):
        write(tmp_path / "in" / f"s{n}.txt", story(n))
    result = run(tmp_path / "in", "-o", tmp_path / "out", "-j", "1")
    lines = result.stderr.splitlines()
    assert [line.split(" (")[0] for line in lines[:3]] == [
        "wireparse batch: 1 done", "wireparse batch: 2 done", "wireparse batch: 3 done"]
    assert lines[3].startswith("wireparse batch: 3 converted, 0 skipped, 0 failed")
    assert "\x1b[" not in result.stderr


def boom_on_marker(data: bytes | str, **kwargs: object) -> wireparse.Article:
    if b"BOOM" in data:  # type: ignore[operator]
        raise RecursionError("the parser went too deep")
    if b"CRASH" in data:  # type: ignore[operator]
        os._exit(3)  # a worker dying outright, as on a segfault or the OOM killer
    return wireparse.parse(data, **kwargs)  # type: ignore[arg-type]


def test_a_parser_exception_or_a_dead_worker_costs_only_that_input(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Workers are forked (Linux), so they inherit the patched parse.
    monkeypatch.setattr(wireparse.batch, "parse", boom_on_marker)
    src, out = tmp_path / "in", tmp_path / "out"
    for n in range(60):
        write(src / f"s{n:02}.txt", story(n))
    write(src / "s10.txt", story(10) + "BOOM\n")
    write(src / "s33.txt", story(33) + "CRASH\n")
    result = run(src, "-o", out, "-j", "2")
    assert result.exit_code == 1, result.stderr
    assert "58 converted, 0 skipped, 2 failed" in result.stderr
    assert len(outputs(out)) == 58
    failed = {Path(e["source"]).name: e["error"] for e in errors(out)}
    assert failed["s10.txt"].startswith("internal error (RecursionError: the parser went")
    assert "worker process died" in failed["s33.txt"]


# --- Kill -9 and rerun -------------------------------------------------------------------------


def batch_process(src: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-c", "from wireparse.cli import main; main()",
            "batch", str(src), "-o", str(out), *extra]


def test_sigkill_mid_batch_then_rerun_converts_each_input_exactly_once(tmp_path: Path) -> None:
    """The batch is killed while a worker holds a story that waits for a flag never set (a
    patched parse, see test_batch_interrupt): mid-way for sure, whatever the machine's load."""
    from test_batch_interrupt import SCRIPT

    src, out, flags = tmp_path / "in", tmp_path / "out", tmp_path / "flags"
    flags.mkdir()
    total = 400
    for n in range(total):
        write(src / f"d{n % 8}" / f"s{n:03}.txt",
              story(n, paragraphs=12) + ("WAIT\n" if n == 204 else ""))
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(flags), str(flags / "never"),
                             "batch", str(src), "-o", str(out), "-j", "2", "-q"])
    deadline = time.monotonic() + 120  # a hang guard only
    while not (any(flags.glob("waiting-*")) and len(outputs(out)) >= 30):
        assert proc.poll() is None and time.monotonic() < deadline, "the batch never got there"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)  # the batch process only: its workers must follow it
    proc.wait()
    at_kill = outputs(out)
    assert 0 < len(at_kill) < total, "the batch was not caught mid-way"
    for name in at_kill:  # every output there is whole
        assert json.loads((out / name).read_text(encoding="utf-8"))["headline"]

    rerun = subprocess.run(batch_process(src, out, "-j", "2"), capture_output=True, text=True,
                           timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    converted, skipped = total - len(at_kill), len(at_kill)
    assert f"{converted:,} converted, {skipped:,} skipped, 0 failed" in rerun.stderr
    expected = sorted(f"d{n % 8}/s{n:03}.json" for n in range(total))
    assert outputs(out) == expected
    for n in range(total):
        doc = json.loads((out / f"d{n % 8}" / f"s{n:03}.json").read_text(encoding="utf-8"))
        assert doc["headline"] == f"Harbour reopens after storm number {n}"
    leftovers = [p.name for p in out.rglob("*") if p.is_file() and p.name.endswith(".tmp")]
    assert leftovers == []
    assert not (out / ERRORS_FILE).exists()
