"""`wireparse batch` guards: the per-input watchdog (--timeout) and symbolic links that
would lead out of a SRC folder (--follow-symlinks)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

import wireparse
import wireparse.batch
from test_batch import outputs, story, write
from wireparse.batch import ERRORS_FILE, BatchConfig, run_batch


def errors(outdir: Path) -> dict[str, str]:
    path = outdir / ERRORS_FILE
    if not path.exists():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    return {Path(e["source"]).name: e["error"] for e in map(json.loads, lines)}


def hang_on_marker(data: bytes | str, **kwargs: object) -> wireparse.Article:
    """A parse that never returns on a marker: stands for a pathological input. Only this
    test module installs it (by monkeypatching), so no input can make the real parser hang."""
    if b"HANG" in data:  # type: ignore[operator]
        while True:
            time.sleep(1)
    if b"CRASH" in data:  # type: ignore[operator]
        os._exit(3)
    return wireparse.parse(data, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def hanging_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    # Workers are forked (Linux), so they inherit the patched parse.
    monkeypatch.setattr(wireparse.batch, "parse", hang_on_marker)
    monkeypatch.delenv("WIREPARSE_DEBUG", raising=False)


# why: a generous limit for the stories that do not hang (a few ms each, but a forked
# worker's first parse loads the knowledge tables, slow on a loaded CI machine); the hanging
# ones would run forever, so the limit only sets how long the test waits for them.
TEST_TIMEOUT = 10.0


@pytest.mark.usefixtures("hanging_parser")
def test_an_input_over_the_timeout_is_stopped_recorded_and_the_batch_goes_on(
        tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    for n in range(50):
        write(src / f"s{n:02}.txt", story(n))
    write(src / "s07.txt", story(7) + "HANG\n")
    write(src / "s31.txt", story(31) + "HANG\n")
    write(src / "s40.txt", story(40) + "CRASH\n")
    config = BatchConfig(outdir=out, jobs=2, timeout=TEST_TIMEOUT)
    report = run_batch([src], config)
    assert (report.converted, report.skipped, report.failed) == (47, 0, 3)
    assert len(outputs(out)) == 47
    failed = errors(out)
    assert set(failed) == {"s07.txt", "s31.txt", "s40.txt"}
    assert failed["s07.txt"].startswith(
        f"timed out: still being converted after {TEST_TIMEOUT:g} s")
    assert failed["s31.txt"].startswith("timed out")
    assert "worker process died" in failed["s40.txt"]
    # The rerun retries only the failures (they have no output) and finds them unchanged.
    report = run_batch([src], config)
    assert (report.converted, report.skipped, report.failed) == (0, 47, 3)


@pytest.mark.usefixtures("hanging_parser")
def test_a_hang_with_one_worker_and_stdout_output(tmp_path: Path) -> None:
    src = tmp_path / "in"
    for n in range(5):
        write(src / f"s{n}.txt", story(n) + ("HANG\n" if n == 2 else ""))
    lines: list[str] = []
    report = run_batch([src], BatchConfig(outdir=None, jobs=1, timeout=TEST_TIMEOUT),
                       on_document=lines.append)
    assert (report.converted, report.failed) == (4, 1)
    assert [Path(json.loads(line)["source"]).name for line in lines] == [
        "s0.txt", "s1.txt", "s3.txt", "s4.txt"]


def test_no_timeout_means_no_watchdog(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", story(1))
    report = run_batch([tmp_path / "in"], BatchConfig(outdir=tmp_path / "out", timeout=None))
    assert report.converted == 1


# --- Symbolic links --------------------------------------------------------------------------


@pytest.fixture
def linked_tree(tmp_path: Path) -> Path:
    """in/ with a story, a link to it, links out of in/ (to a file and a folder), a broken
    link and a link back to in/ itself (a loop when followed)."""
    src = tmp_path / "in"
    write(src / "a.txt", story(1))
    write(tmp_path / "elsewhere" / "secret.txt", story(2))
    (src / "again.txt").symlink_to(src / "a.txt")
    (src / "secret.txt").symlink_to(tmp_path / "elsewhere" / "secret.txt")
    (src / "far").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (src / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (src / "loop").symlink_to(src, target_is_directory=True)
    return src


def test_links_out_of_the_source_folder_are_passed_over_and_counted(
        linked_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = run_batch([linked_tree], BatchConfig(outdir=out))
    assert outputs(out) == ["a.json", "again.json"]  # a link inside the folder is followed
    assert (report.converted, report.failed) == (2, 0)
    assert report.links_passed_over == 4  # secret.txt, far/, gone.txt, loop/
    assert "4 symbolic links passed over (--follow-symlinks" in str(report)


def test_follow_symlinks_converts_what_links_point_to_without_looping(
        linked_tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = run_batch([linked_tree], BatchConfig(outdir=out, follow_symlinks=True))
    assert outputs(out) == ["a.json", "again.json", "far/secret.json", "secret.json"]
    assert report.links_passed_over == 0
    doc = json.loads((out / "far" / "secret.json").read_text(encoding="utf-8"))
    assert doc["headline"] == "Harbour reopens after storm number 2"


def test_the_dask_engine_without_dask_installed_says_how_to_get_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from click.testing import CliRunner

    from wireparse.cli import cli

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    write(tmp_path / "in" / "a.txt", story(1))
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "in"), "-o",
                                      str(tmp_path / "out"), "--engine", "dask"])
    assert result.exit_code == 2
    assert "pip install 'wireparse[dask]'" in result.stderr
    assert outputs(tmp_path / "out") == []
