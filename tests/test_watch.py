"""`wireparse watch`: stories written slowly, in several writes or under temporary names
renamed into place, some while the watcher is down for a restart, are each converted exactly
once and never from a partial file; --once, --done-dir, failures and the per-input timeout."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import wireparse
import wireparse.batch
from test_batch import outputs, story, write
from wireparse.batch import ERRORS_FILE, BatchConfig
from wireparse.watch import Watch, WatchConfig, is_temporary

# why: generous bounds for a busy 2-core machine; they only stop a broken run from hanging.
WAIT_WITHIN = 60.0  # seconds
# why: the slowest pause between two writes of one story here is 0.3 s plus the time the
# first watcher takes to stop; 3 s keeps a loaded machine's scheduling delays far from it.
STABLE_FOR = "3"


def long_story(n: int) -> str:
    """A story whose every prefix parses to another document (fewer paragraphs)."""
    return story(n, paragraphs=6)


def write_slowly(path: Path, text: str, pieces: int = 4, pause: float = 0.1) -> None:
    """One writer, several writes with pauses, flushed each time: a reader that looked too
    early would see a partial story."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = len(text) // pieces + 1
    with open(path, "w", encoding="utf-8") as fh:
        for start in range(0, len(text), size):
            fh.write(text[start:start + size])
            fh.flush()
            time.sleep(pause)


def write_renamed(path: Path, text: str, temp_name: str, linger: float = 0.0) -> None:
    """Written under a temporary name, renamed into place ``linger`` seconds later."""
    temp = path.with_name(temp_name)
    write_slowly(temp, text)
    time.sleep(linger)
    os.replace(temp, path)


class Watcher:
    """``wireparse watch`` in a subprocess, its stderr collected line by line."""

    def __init__(self, inbox: Path, out: Path, *extra: str) -> None:
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "from wireparse.cli import main; main()", "watch",
             str(inbox), "-o", str(out), "-j", "1", "--stable-for", STABLE_FOR, *extra],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        wait_for(lambda: any("watching" in line for line in self.lines), self)

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=WAIT_WITHIN)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(timeout=WAIT_WITHIN)
        return code

    def converted(self) -> list[str]:
        prefix = "wireparse watch: converted "
        return [line[len(prefix):] for line in self.lines if line.startswith(prefix)]


def wait_for(condition, watcher: Watcher | None = None) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + WAIT_WITHIN
    while not condition():
        if watcher is not None and watcher.proc.poll() is not None:
            raise AssertionError("the watcher left: " + "\n".join(watcher.lines))
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


@pytest.mark.parametrize("mode", ["events", "poll"])
def test_stories_written_slowly_and_across_a_restart_are_each_converted_once(
        tmp_path: Path, mode: str) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    extra = ["--poll"] if mode == "poll" else []
    texts = {n: long_story(n) for n in range(9)}
    paths = {n: inbox / f"s{n}.txt" for n in range(9)}
    paths[2] = inbox / "2019" / "s2.txt"
    paths[6] = inbox / "late" / "s6.txt"

    first = Watcher(inbox, out, *extra)
    try:
        write_slowly(paths[0], texts[0])
        write_renamed(paths[1], texts[1], ".s1.txt.tmp")
        # Complete, closed, its size settled: still not to be read before its rename.
        write_renamed(paths[2], texts[2], "s2.part", linger=float(STABLE_FOR) * 1.5)
        write_slowly(paths[3], texts[3], pieces=8)
        wait_for(lambda: len(outputs(out)) == 4, first)
        # s4 is begun while the first watcher runs and finished after it stopped.
        with open(paths[4], "w", encoding="utf-8") as half:
            half.write(texts[4][:200])
            half.flush()
            time.sleep(0.3)
            assert first.stop() == 0
            half.write(texts[4][200:])
    finally:
        first.stop()
    # While no watcher runs: a story in place, one in a new folder, one being renamed.
    write_slowly(paths[5], texts[5])
    write_renamed(paths[6], texts[6], "s6.txt.part")
    (inbox / "s7.txt.part").write_text(texts[7][:100], encoding="utf-8")

    second = Watcher(inbox, out, *extra)
    try:
        with open(inbox / "s7.txt.part", "a", encoding="utf-8") as rest:
            rest.write(texts[7][100:])
        os.replace(inbox / "s7.txt.part", paths[7])
        write_slowly(paths[8], texts[8])
        wait_for(lambda: len(outputs(out)) == 9, second)
        time.sleep(0.5)  # time for a wrong second conversion to show
    finally:
        assert second.stop(signal.SIGINT) == 0

    converted = first.converted() + second.converted()
    assert sorted(converted) == sorted(str(p) for p in paths.values()), "\n".join(
        first.lines + second.lines)
    for n, path in paths.items():
        doc = json.loads((out / path.relative_to(inbox).with_suffix(".json")).read_text())
        assert doc == wireparse.parse(texts[n], source=str(path)).to_dict(), n  # never partial
    assert not (out / ERRORS_FILE).exists()
    assert "0 failed" in second.lines[-1]


def test_once_with_done_dir_moves_what_it_converted_and_keeps_failures(
        tmp_path: Path) -> None:
    inbox, out, done = tmp_path / "inbox", tmp_path / "out", tmp_path / "done"
    write(inbox / "a.txt", story(1))
    write(inbox / "sub" / "b.txt", story(2))
    write(inbox / "bad.txt", bytes(range(256)))  # binary under a story's name
    write(inbox / "c.txt.part", story(3)[:50])  # still arriving: left alone
    result = subprocess.run(
        [sys.executable, "-c", "from wireparse.cli import main; main()", "watch",
         str(inbox), "-o", str(out), "--once", "--done-dir", str(done), "-j", "1",
         "--stable-for", STABLE_FOR],
        capture_output=True, text=True, timeout=WAIT_WITHIN)
    assert result.returncode == 1, result.stderr
    assert outputs(out) == ["a.json", "sub/b.json"]
    assert sorted(p.relative_to(done).as_posix() for p in done.rglob("*") if p.is_file()) == [
        "a.txt", "sub/b.txt"]
    assert sorted(p.name for p in inbox.rglob("*") if p.is_file()) == ["bad.txt",
                                                                       "c.txt.part"]
    failed = [json.loads(line) for line in (out / ERRORS_FILE).read_text().splitlines()]
    assert [Path(e["source"]).name for e in failed] == ["bad.txt"]
    assert "2 converted, 0 skipped, 1 failed" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "INBOX"], "OUTDIR is INBOX"),
    (["-o", "OUT", "--done-dir", "INBOX/done"], "--done-dir is inside INBOX"),
])
def test_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    from click.testing import CliRunner

    from wireparse.cli import cli

    (tmp_path / "INBOX").mkdir()
    args = [str(tmp_path / a) if a.split("/")[0] in ("INBOX", "OUT") else a for a in args]
    result = CliRunner().invoke(cli, ["watch", str(tmp_path / "INBOX"), *args, "--once"])
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize(("name", "temporary"), [
    ("story.txt", False), (".story.txt", True), ("story.txt.tmp", True),
    ("story.part", True), ("STORY.TXT.PART", True), ("story.txt~", True),
    ("partial-report.txt", False), ("tmp.txt", False),
])
def test_temporary_names(name: str, temporary: bool) -> None:
    assert is_temporary(name) is temporary


def hang_on_marker(data: bytes | str, **kwargs: object) -> wireparse.Article:
    """Stands for a parse that never returns; only this test installs it."""
    if b"HANG" in data:  # type: ignore[operator]
        while True:
            time.sleep(1)
    return wireparse.parse(data, **kwargs)  # type: ignore[arg-type]


def test_a_story_over_the_timeout_is_recorded_and_the_watch_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wireparse.batch, "parse", hang_on_marker)  # forked workers inherit it
    # A 10 s limit: the stories that do not hang never meet it, even on a loaded machine.
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    for n in range(4):
        write(inbox / f"s{n}.txt", story(n) + ("HANG\n" if n == 1 else ""))
    config = WatchConfig(inbox, BatchConfig(outdir=out, jobs=1, timeout=10.0), once=True,
                         stable_for=0.0)
    report = Watch(config).run(threading.Event())
    assert (report.converted, report.failed) == (3, 1)
    assert outputs(out) == ["s0.json", "s2.json", "s3.json"]
    [failure] = [json.loads(line) for line in (out / ERRORS_FILE).read_text().splitlines()]
    assert failure["source"].endswith("s1.txt") and failure["error"].startswith("timed out")
