"""Ctrl-C during ``wireparse batch``, in a real process: one stops it cleanly (exit 130, the
documents written kept whole, a rerun does the rest), a second stops it at once. Never a hang,
never a traceback.

The batch runs with a parser that, on an input marked WAIT, tells the test it is there and
then waits for a flag file the test controls: the test knows the batch is mid-way without
watching a clock, and the interrupted batch cannot finish on its own first.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

STORY = ("Harbour reopens after storm number {n}\n\nLONDON, June 3 (Reuters) - Harbour crews "
         "worked through the night to clear the channel, officials said.\n")

# The batch process: wireparse's entry point with parse() patched in the (forked) workers.
SCRIPT = """
import os, sys, time
from pathlib import Path
import wireparse.batch as batch

real_parse = batch.parse
here, release = Path(sys.argv[1]), Path(sys.argv[2])

def parse(data, **kwargs):
    if b"WAIT" in data:
        (here / f"waiting-{os.getpid()}").touch()
        while not release.exists():
            time.sleep(0.01)
    return real_parse(data, **kwargs)

batch.parse = parse
sys.argv = ["wireparse", *sys.argv[3:]]
from wireparse.cli import main
main()
"""

# why: a hang guard only — the batch stops within a second; a hang would otherwise stall CI.
HANG_GUARD = 120  # seconds


def _start(tmp_path: Path, total: int, wait_at: int, *extra: str) -> tuple[
        subprocess.Popen[str], Path, Path]:
    src, out, flags = tmp_path / "in", tmp_path / "out", tmp_path / "flags"
    src.mkdir()
    flags.mkdir()
    for n in range(total):
        text = STORY.format(n=n) + ("WAIT\n" if n == wait_at else "")
        (src / f"s{n:03}.txt").write_text(text, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(flags), str(flags / "release"), "batch", str(src),
         "-o", str(out), "-j", "2", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc, out, flags


def _wait_for(flags: Path, proc: subprocess.Popen[str]) -> None:
    """Until a worker has the WAIT input in hand (polling a file, not timing anything)."""
    import time

    deadline = time.monotonic() + HANG_GUARD
    while not any(flags.glob("waiting-*")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the batch never reached the WAIT input"
        time.sleep(0.01)


def _read_until(proc: subprocess.Popen[str], needle: str) -> str:
    """stderr lines until one contains ``needle`` (the batch's acknowledgement)."""
    assert proc.stderr is not None
    seen = ""
    for line in proc.stderr:
        seen += line
        if needle in line:
            return seen
    raise AssertionError(f"stderr ended without {needle!r}:\n{seen}")


def _documents(out: Path) -> list[str]:
    names = sorted(p.name for p in out.glob("*.json"))
    for name in names:  # every document there is whole
        assert json.loads((out / name).read_text(encoding="utf-8"))["headline"]
    return names


def test_one_ctrl_c_stops_cleanly_and_a_rerun_does_the_rest(tmp_path: Path) -> None:
    total = 300
    proc, out, flags = _start(tmp_path, total, wait_at=40)
    _wait_for(flags, proc)
    proc.send_signal(signal.SIGINT)
    acknowledged = _read_until(proc, "Ctrl-C again")
    (flags / "release").touch()  # the input in hand may now finish
    _, rest = proc.communicate(timeout=HANG_GUARD)
    stderr = acknowledged + rest
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "interrupted" in stderr and "run the same command again" in stderr
    kept = _documents(out)
    assert 40 < len(kept) < total  # what was in hand finished; nothing new was started

    rerun = _rerun(tmp_path / "in", out)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{total - len(kept):,} converted, {len(kept):,} skipped, 0 failed" in rerun.stderr
    assert len(_documents(out)) == total


@pytest.mark.parametrize("to_stdout", [False, True], ids=["outdir", "stdout"])
def test_a_second_ctrl_c_stops_at_once(tmp_path: Path, to_stdout: bool) -> None:
    """The WAIT input is never released: only stopping at once can end this batch."""
    proc, out, flags = _start(tmp_path, 200, 20, *(["-o", "-"] if to_stdout else []))
    _wait_for(flags, proc)
    proc.send_signal(signal.SIGINT)
    acknowledged = _read_until(proc, "Ctrl-C again")
    proc.send_signal(signal.SIGINT)
    _, rest = proc.communicate(timeout=HANG_GUARD)
    stderr = acknowledged + rest
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "stopped" in stderr
    if not to_stdout:
        _documents(out)
        # A write cut short leaves only its temporary file, which the rerun replaces.
        assert _rerun(tmp_path / "in", out).returncode == 0
        assert len(_documents(out)) == 200
        assert not list(out.glob(".*.tmp"))


def _rerun(src: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from wireparse.cli import main; main()", "batch", str(src),
         "-o", str(out), "-j", "2"],
        capture_output=True, text=True, timeout=HANG_GUARD, check=False)
