"""`wireparse batch --engine dask` on a real cluster: a `dask scheduler` and two `dask worker`
processes on 127.0.0.1, started and stopped here. The same folder through the local engine
and through the cluster gives identical output trees and errors files; killing a worker
mid-run still gives every output exactly once, none of them written twice."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from test_batch import outputs, story, write
from wireparse.batch import ERRORS_FILE, LOCK_FILE
from wireparse.cli import cli
from wireparse.manifest import MANIFEST_FILE

distributed = pytest.importorskip("distributed")

# why: generous bounds for a busy 2-core machine; they only stop a broken run from hanging.
START_WITHIN = 60.0  # seconds, for the scheduler and the workers to come up
RUN_WITHIN = 180.0  # seconds, for a batch on the cluster to finish
STOP_WITHIN = 15.0  # seconds, for a process to leave after SIGTERM


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def dask_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "dask", *args]


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def stop(self) -> None:
        # Workers first: a worker whose scheduler left first waits for it to come back.
        for group in (self.workers, [self.scheduler]):
            for proc in group:
                if proc.poll() is None:
                    proc.terminate()
            for proc in group:
                try:
                    proc.wait(timeout=STOP_WITHIN)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def wait_for_workers(address: str, count: int) -> None:
    client = distributed.Client(address, timeout=START_WITHIN)
    try:
        client.wait_for_workers(count, timeout=START_WITHIN)
    finally:
        client.close()


# Test-only: the workers (and the children they convert in) start with this on their path,
# so that a story holding the marker makes their parse hang, as a pathological input would.
# Only these worker processes have it; no input can make the real parser do so.
HANG_MARKER = "HANG-FOR-TEST"
HANG_HOOK = f"""
import time
import wireparse.batch

_parse = wireparse.batch.parse

def _hang_on_marker(data, **kwargs):
    if b"{HANG_MARKER}" in data:
        while True:
            time.sleep(1)
    return _parse(data, **kwargs)

wireparse.batch.parse = _hang_on_marker
"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with start_cluster(tmp_path_factory.mktemp("dask"), workers=2) as started:
        yield started


@contextlib.contextmanager
def start_cluster(folder: Path, workers: int) -> Iterator[Cluster]:
    """A scheduler and ``workers`` workers on 127.0.0.1, stopped on leaving, whatever
    happened; their logs in ``folder``."""
    logs = folder
    hook = folder / "hook"
    hook.mkdir(parents=True)
    (hook / "sitecustomize.py").write_text(HANG_HOOK, encoding="utf-8")
    worker_env = {**os.environ,
                  "PYTHONPATH": os.pathsep.join(filter(None, [str(hook),
                                                              os.environ.get("PYTHONPATH")]))}
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = open(logs / "scheduler.log", "wb")  # noqa: SIM115
    cluster = Cluster(address, subprocess.Popen(
        dask_command("scheduler", "--host", "127.0.0.1", "--port", str(port),
                     "--no-dashboard"), stdout=log, stderr=subprocess.STDOUT))
    try:
        for n in range(workers):
            # No nanny: killing the worker process loses the worker, as a crashed machine
            # would. --death-timeout: a worker whose scheduler is gone leaves by itself.
            wlog = open(logs / f"worker{n}.log", "wb")  # noqa: SIM115
            cluster.workers.append(subprocess.Popen(
                dask_command("worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                             "--no-nanny", "--no-dashboard", "--name", f"w{n}",
                             "--death-timeout", "60"),
                stdout=wlog, stderr=subprocess.STDOUT, env=worker_env))
        wait_for_workers(address, workers)
        yield cluster
    finally:
        cluster.stop()


def make_folder(src: Path, count: int, paragraphs: int = 2) -> None:
    """Stories in sub-folders, and what makes the batch's bookkeeping work: a clash of
    names, a failing input, an archive with a refused member."""
    for n in range(count):
        write(src / f"d{n % 4}" / f"s{n:04}.txt", story(n, paragraphs))
    write(src / "d0" / "s0000.html", f"<html><body><p>{story(9000)}</p></body></html>")
    # A picture under a story's name (a .jpg would be passed over, not tried).
    write(src / "d1" / "photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(300))
    with zipfile.ZipFile(src / "d2" / "wire.zip", "w") as zf:
        zf.writestr("2019/a.txt", story(9001))
        zf.writestr("../escape.txt", story(9002))


def tree(outdir: Path) -> dict[str, bytes]:
    """Every file under ``outdir`` but the lock and the manifest, by relative path, with its
    bytes."""
    return {p.relative_to(outdir).as_posix(): p.read_bytes()
            for p in sorted(outdir.rglob("*"))
            if p.is_file() and p.name not in (LOCK_FILE, MANIFEST_FILE)}


def run_cli(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["batch", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def test_the_cluster_and_the_local_engine_give_identical_outputs_and_errors(
        cluster: Cluster, tmp_path: Path) -> None:
    src = tmp_path / "in"
    make_folder(src, 300)
    code, _, err = run_cli(src, "-o", tmp_path / "local", "-j", "2")
    assert code == 1, err
    code, _, err = run_cli(src, "-o", tmp_path / "dask", "--engine", "dask",
                           "--scheduler", cluster.address)
    assert code == 1, err
    assert "302 converted, 0 skipped, 2 failed" in err
    local, dask = tree(tmp_path / "local"), tree(tmp_path / "dask")
    assert len(local) == 303  # 302 documents and errors.jsonl
    assert local == dask
    assert [json.loads(line)["source"].rsplit("/", 1)[1]
            for line in dask[ERRORS_FILE].decode().splitlines()] == ["photo.txt",
                                                                      "escape.txt"]
    # The rerun on the cluster skips what is done, as the local engine does.
    code, _, err = run_cli(src, "-o", tmp_path / "dask", "--engine", "dask",
                           "--scheduler", cluster.address)
    assert "0 converted, 302 skipped, 2 failed" in err  # the archive member: skipped unsent
    # JSON Lines on stdout: the same lines in the same (input) order.
    _, local_lines, _ = run_cli(src, "-o", "-", "-j", "2")
    _, dask_lines, _ = run_cli(src, "-o", "-", "--engine", "dask", "--scheduler",
                               cluster.address)
    assert dask_lines == local_lines
    assert local_lines.count("\n") == 302


def test_progress_tells_each_input_once_as_chunks_finish(cluster: Cluster,
                                                          tmp_path: Path) -> None:
    from wireparse.batch import BatchConfig, run_batch

    src = tmp_path / "in"
    make_folder(src, 500)
    told: list[str] = []
    config = BatchConfig(outdir=tmp_path / "out", engine="dask", scheduler=cluster.address)
    report = run_batch([src], config, on_outcome=lambda outcome, _: told.append(outcome.source))
    assert (report.converted, report.failed) == (502, 2)
    assert len(told) == len(set(told)) == 504
    assert report.done == 504


def test_without_a_scheduler_a_local_cluster_does_the_same(tmp_path: Path) -> None:
    # Nanny-run workers (daemonic processes) start their watched children all the same.
    src = tmp_path / "in"
    make_folder(src, 40)
    run_cli(src, "-o", tmp_path / "local", "-j", "1")
    code, _, err = run_cli(src, "-o", tmp_path / "dask", "--engine", "dask", "-j", "2")
    assert code == 1, err
    assert "42 converted, 0 skipped, 2 failed" in err
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")


def test_a_story_over_the_timeout_on_a_worker_is_recorded_and_the_batch_goes_on(
        cluster: Cluster, tmp_path: Path) -> None:
    # why 10 s: the stories that do not hang must never meet the limit, even on a loaded
    # machine where a worker's first parse (knowledge tables) is slow; the hanging one sets
    # only how long the test waits.
    src, out = tmp_path / "in", tmp_path / "out"
    for n in range(30):
        write(src / f"s{n:02}.txt", story(n) + (HANG_MARKER + "\n" if n == 12 else ""))
    code, _, err = run_cli(src, "-o", out, "--engine", "dask", "--scheduler",
                           cluster.address, "--timeout", "10")
    assert code == 1, err
    assert "29 converted, 0 skipped, 1 failed" in err
    [failure] = [json.loads(line) for line in (out / ERRORS_FILE).read_text().splitlines()]
    assert failure["source"] == str(src / "s12.txt")
    assert failure["error"].startswith("timed out: still being converted after 10 s")
    # The worker's child was replaced: the cluster converts on.
    code, _, err = run_cli(src, "-o", tmp_path / "again", "--engine", "dask", "--scheduler",
                           cluster.address, "--exclude", "s12.txt")
    assert code == 0, err


def test_a_scheduler_that_is_not_there_is_a_usage_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import wireparse.dask_engine

    monkeypatch.setattr(wireparse.dask_engine, "CONNECT_TIMEOUT", 2.0)
    write(tmp_path / "in" / "a.txt", story(1))
    code, _, err = run_cli(tmp_path / "in", "-o", tmp_path / "out", "--engine", "dask",
                           "--scheduler", f"tcp://127.0.0.1:{free_port()}")
    assert code == 2
    assert "cannot reach the Dask scheduler" in err
    assert outputs(tmp_path / "out") == []


def batch_on(cluster: Cluster, src: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", "from wireparse.cli import main; main()", "batch", str(src),
         "-o", str(out), "--engine", "dask", "--scheduler", cluster.address],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_worker_killed_mid_run_costs_nothing_but_time(cluster: Cluster,
                                                        tmp_path: Path) -> None:
    # Last in this module: it leaves the cluster with one worker.
    src, out = tmp_path / "in", tmp_path / "out"
    total = 1200
    for n in range(total):
        write(src / f"d{n % 6}" / f"s{n:04}.txt", story(n, paragraphs=10))
    proc = batch_on(cluster, src, out)
    try:
        deadline = time.monotonic() + RUN_WITHIN
        while len(outputs(out)) < 150 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        # Which inode each document has now: a document written again gets a new one.
        before = {name: (out / name).stat().st_ino for name in outputs(out)}
        os.kill(cluster.workers[0].pid, signal.SIGKILL)
        cluster.workers[0].wait()
        _, err = proc.communicate(timeout=RUN_WITHIN)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert 0 < len(before) < total, "the worker was not killed mid-run"
    assert proc.returncode == 0, err
    assert f"{total:,} converted, 0 skipped, 0 failed" in err
    expected = sorted(f"d{n % 6}/s{n:04}.json" for n in range(total))
    assert outputs(out) == expected
    for n in range(total):
        doc = json.loads((out / f"d{n % 6}" / f"s{n:04}.json").read_text(encoding="utf-8"))
        assert doc["headline"] == f"Harbour reopens after storm number {n}"
    rewritten = [name for name, ino in before.items() if (out / name).stat().st_ino != ino]
    assert rewritten == []
    assert [p.name for p in out.rglob("*.tmp")] == []
    assert not (out / ERRORS_FILE).exists()


def test_a_scheduler_lost_mid_run_is_one_error_line_and_exit_1(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    for n in range(1500):
        write(src / f"d{n % 6}" / f"s{n:04}.txt", story(n, paragraphs=10))
    with start_cluster(tmp_path / "dask", workers=1) as cluster:
        proc = batch_on(cluster, src, out)
        try:
            deadline = time.monotonic() + RUN_WITHIN
            while (len(outputs(out)) < 100 and proc.poll() is None
                   and time.monotonic() < deadline):
                time.sleep(0.01)
            cluster.scheduler.kill()
            _, err = proc.communicate(timeout=RUN_WITHIN)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    assert "Error: lost the Dask cluster" in err
    assert "run the same command again to convert the rest" in err
    for name in outputs(out):  # what was written is whole
        assert json.loads((out / name).read_text(encoding="utf-8"))["headline"]
