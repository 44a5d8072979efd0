"""Throughput and memory of ``wireparse batch`` on a generated archive folder.

Generates N small stories (a few templates of our own, varied: headline, city, agency, date,
paragraph count, junk lines; some as HTML) in nested ``YYYY/MM/`` folders, then runs
``wireparse batch`` over them in a fresh process for each configuration and reports:

- files/s with ``-j 1`` and ``-j 2`` on the big folder, and the speed-up;
- peak RSS of the batch process (and of its largest worker) on the small and the big folder,
  which should be flat: inputs are walked lazily and in-flight work is bounded;
- CPU seconds of the batch process and of its workers: on a machine shared with other jobs,
  a poor speed-up with unchanged CPU totals means the cores were busy elsewhere.

With ``--dask`` it also compares the engines on the big folder: the local engine ``-j 2``
against ``--engine dask`` with a local cluster of two workers (started by the batch, as a
user gets it) and against a running two-worker cluster (``--scheduler``), and reads the
cluster's task stream to give the time each chunk took on its worker: files/s per worker
core, from which the files/s a cluster gains per added worker core is estimated.

Times are wall-clock on whatever machine runs this (a shared one is noisy: rerun with
``--repeat``); they are never asserted anywhere.

Usage::

    python benchmarks/batch_bench.py                       # 20,000 and 2,000 files
    python benchmarks/batch_bench.py --files 50000 --repeat 3
    python benchmarks/batch_bench.py --workdir /dev/shm/wb  # on tmpfs: parsing, not the disk
    python benchmarks/batch_bench.py --dask --workdir /dev/shm/wb  # and the Dask engine

Creating files is part of the work, and on some disks (a VM's ext4) it costs as much as
parsing and does not get faster with more processes; the tmpfs run shows the CPU side.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

CITIES = [("MOSCOW", "TASS"), ("LONDON", "Reuters"), ("NAIROBI", "AFP"), ("SEOUL", "Yonhap"),
          ("LIMA", "EFE"), ("OSLO", "Reuters"), ("DELHI", "PTI"), ("KYIV", "Ukrinform")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

PARAGRAPHS = [
    "The council voted late on {day} to extend the night ferry service through the winter, "
    "a decision that transport officials said would cost less than the bridge repairs "
    "planned for the spring.",
    "\"We listened to the people who cross every morning,\" the deputy mayor told reporters "
    "after the vote, adding that ticket prices would stay where they are until March.",
    "Residents of the northern districts had collected more than {n} signatures asking for "
    "the service to continue, according to the organisers of the petition.",
    "Opposition members argued that the money should go to road maintenance instead, and "
    "several of them abstained when the measure came to a final reading.",
    "The ferry operator said two additional crews would be hired and trained before the "
    "first snow, and that the older of its three boats would be retired next year.",
    "Weather services expect a colder season than last year, with the river likely to "
    "freeze near the harbour by the middle of January.",
    "Local businesses along the waterfront welcomed the decision, saying that evening "
    "trade had fallen sharply when the crossings stopped during the last cold spell.",
    "A final timetable is due to be published next week on the city's transport website.",
]
HEADLINES = [
    "City keeps night ferries running through winter ({n})",
    "Council backs ferry service after petition number {n}",
    "Night crossings to continue, officials say — report {n}",
]
JUNK = ["Read also", "Advertisement", "Share this article"]


def dateline(n: int) -> str:
    city, agency = CITIES[n % len(CITIES)]
    date = f"{MONTHS[n % 12]} {n % 28 + 1}"
    if agency == "TASS":
        return f"{city}, {date}. /TASS/."
    return f"{city}, {date} ({agency}) -"


def make_story(n: int, rng: random.Random) -> tuple[str, str]:
    """(suffix, text) of story ``n``: wire text mostly, one in five as a small HTML page."""
    paras = [p.format(day=MONTHS[n % 12], n=n) for p in rng.sample(PARAGRAPHS,
                                                                      rng.randint(3, 7))]
    head = HEADLINES[n % len(HEADLINES)].format(n=n)
    if n % 5 == 4:
        body = "".join(f"<p>{p}</p>" for p in paras[1:])
        return ".html", (f"<!doctype html><html><head><title>{head}</title></head><body>"
                         f"<nav>All news</nav><article><h1>{head}</h1>"
                         f"<p>{dateline(n)} {paras[0]}</p>{body}</article>"
                         f"<footer>© 2019 News</footer></body></html>")
    lines = [head, "", f"{dateline(n)} {paras[0]}", ""]
    for i, para in enumerate(paras[1:]):
        lines += [para, ""]
        if i == 1 and n % 3 == 0:
            lines += [JUNK[n % len(JUNK)], ""]
    return ".txt", "\n".join(lines)


def generate(folder: Path, count: int) -> None:
    """``count`` stories under ``folder/YYYY/MM/``, the same ones for the same count."""
    rng = random.Random(count)
    for n in range(count):
        suffix, text = make_story(n, rng)
        path = folder / f"{2015 + n % 5}" / f"{n % 12 + 1:02}" / f"story-{n:06}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


# The batch runs in a child process that records its own peak RSS and its largest worker's.
RUNNER = """
import atexit, json, os, resource, sys
from wireparse.cli import main

def _report():
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(os.environ["BATCH_BENCH_RSS"], "w") as fh:
        json.dump({"parent_kb": me.ru_maxrss, "worker_kb": kids.ru_maxrss,
                   "parent_cpu": me.ru_utime + me.ru_stime,
                   "worker_cpu": kids.ru_utime + kids.ru_stime}, fh)

atexit.register(_report)
sys.argv[0] = "wireparse"
main()
"""


class Run(NamedTuple):
    files: int
    jobs: int
    seconds: float
    parent_mb: float
    worker_mb: float
    parent_cpu: float
    worker_cpu: float

    @property
    def rate(self) -> float:
        return self.files / self.seconds

    @property
    def cores(self) -> float:
        """Cores the run actually had: CPU seconds over wall seconds. Below the -j value,
        other processes (or waiting on the disk) held the rest."""
        return (self.parent_cpu + self.worker_cpu) / self.seconds


def run_batch(src: Path, out: Path, files: int, jobs: int, *extra: str) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    rss_file = out.with_suffix(".rss.json")
    env = {**os.environ, "BATCH_BENCH_RSS": str(rss_file)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUNNER, "batch", str(src), "-o", str(out),
                           "-j", str(jobs), "-q", *extra], env=env, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"batch exited {done.returncode} on {src}")
    converted = sum(1 for _ in out.rglob("*.json"))
    if converted != files:
        sys.exit(f"expected {files} outputs, found {converted}")
    rss = json.loads(rss_file.read_text())
    return Run(files, jobs, seconds, rss["parent_kb"] / 1024, rss["worker_kb"] / 1024,
               rss["parent_cpu"], rss["worker_cpu"])


def best_of(repeat: int, src: Path, out: Path, files: int, jobs: tuple[int, ...]
            ) -> list[Run]:
    """The fastest of ``repeat`` runs for each of ``jobs``, interleaved so that a burst of
    load from other processes does not fall on one setting only."""
    runs = [[run_batch(src, out, files, j) for j in jobs] for _ in range(repeat)]
    return [min((r[i] for r in runs), key=lambda run: run.seconds) for i in range(len(jobs))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=20_000, help="the big folder's size")
    parser.add_argument("--small", type=int, default=2_000, help="the small folder's size")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where to generate (default: a temporary folder, removed after)")
    parser.add_argument("--dask", action="store_true",
                        help="also compare --engine dask (needs pip install 'wireparse[dask]')")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="wireparse-bench-"))
    try:
        report(work, args.files, args.small, args.repeat)
        if args.dask:
            report_dask(work, args.files, args.small, args.repeat)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


def _spin(seconds: float) -> float:
    started, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        pass
    return time.process_time() - cpu


def cores_free(processes: int = 2, seconds: float = 1.0) -> float:
    """How many cores this benchmark really gets now: busy loops in ``processes`` processes,
    CPU seconds over wall seconds. On a shared machine (other sessions get their fair share
    first) this is what caps the -j 2 speed-up, whatever the batch does."""
    import multiprocessing

    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        cpu = sum(pool.map(_spin, [seconds] * processes))
    return cpu / (time.perf_counter() - started)


def report(work: Path, big: int, small: int, repeat: int) -> None:
    print(f"cores: {len(os.sched_getaffinity(0))}, of which free now: {cores_free():.2f}; "
          f"python {sys.version.split()[0]}")
    for count in (small, big):
        started = time.perf_counter()
        generate(work / f"in-{count}", count)
        print(f"generated {count:,} files in {time.perf_counter() - started:.1f} s")
    one, two = best_of(repeat, work / f"in-{big}", work / "out", big, (1, 2))
    (mem_small,) = best_of(1, work / f"in-{small}", work / "out", small, (2,))
    print()
    print(f"{'files':>8} {'-j':>3} {'seconds':>8} {'files/s':>8} {'parent MB':>10} "
          f"{'worker MB':>10} {'parent CPU s':>13} {'workers CPU s':>14} {'cores used':>11}")
    for run in (one, two, mem_small):
        print(f"{run.files:>8,} {run.jobs:>3} {run.seconds:>8.1f} {run.rate:>8,.0f} "
              f"{run.parent_mb:>10.1f} {run.worker_mb:>10.1f} {run.parent_cpu:>13.1f} "
              f"{run.worker_cpu:>14.1f} {run.cores:>11.2f}")
    print()
    print(f"speed-up -j 2 / -j 1: {two.rate / one.rate:.2f}x")
    print(f"CPU per file: batch process {1000 * two.parent_cpu / big:.2f} ms, workers "
          f"{1000 * two.worker_cpu / big:.2f} ms (-j 2)")
    print(f"peak RSS of the batch process: {mem_small.parent_mb:.1f} MB at {small:,} files, "
          f"{two.parent_mb:.1f} MB at {big:,} files (-j 2)")
    print(f"cores free after the runs: {cores_free():.2f}")



# --- The Dask engine ---------------------------------------------------------------------------


def chunk_times(address: str, since: float) -> list[float]:
    """Seconds of compute on its worker of each chunk run since ``since``."""
    from distributed import Client

    with Client(address) as client:
        stream = client.get_task_stream(start=since)
    chunks = []
    for task in stream:
        if not task["key"].startswith("_convert_chunk"):
            continue
        compute = sum(s["stop"] - s["start"] for s in task["startstops"]
                      if s["action"] == "compute")
        chunks.append(compute)
    return chunks


def report_dask(work: Path, big: int, small: int, repeat: int) -> None:
    """Local -j 2 against Dask with two workers, and an estimate per added worker core;
    the best of ``repeat`` interleaved runs of each (a shared machine's load comes and
    goes), the chunk figures from the best run on the running cluster."""
    import logging

    from distributed import Client, LocalCluster

    from wireparse.dask_engine import DASK_CHUNK_FILES

    src, out = work / f"in-{big}", work / "out"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as cluster:
        address = cluster.scheduler_address
        with Client(address) as client:
            client.get_task_stream(count=0)  # installs the scheduler's task-stream plugin
        # Warm the workers (their watched child processes start on the first chunk).
        run_batch(work / f"in-{small}", out, small, 2, "--engine", "dask", "--scheduler",
                  address)
        locals_, starts, runs = [], [], []
        for _ in range(repeat):
            locals_.append(run_batch(src, out, big, 2))
            starts.append(run_batch(src, out, big, 2, "--engine", "dask"))
            since = time.time()
            run = run_batch(src, out, big, 2, "--engine", "dask", "--scheduler", address)
            runs.append((run, chunk_times(address, since)))
    local = min(locals_, key=lambda r: r.seconds)
    started = min(starts, key=lambda r: r.seconds)
    running, chunks = min(runs, key=lambda rc: rc[0].seconds)
    computed = sum(chunks)
    files_per_chunk = big / len(chunks) if chunks else DASK_CHUNK_FILES
    per_core = big / computed if computed else 0.0
    client_cpu = running.parent_cpu / big  # the batch process: walk, submit, settle
    print()
    print(f"best of {repeat}; cores free now: {cores_free():.2f}")
    print(f"{'engine':<44} {'seconds':>8} {'files/s':>8} {'batch process CPU s':>20}")
    for name, run in (("local, -j 2", local),
                      ("dask, local cluster of 2 started by the batch", started),
                      ("dask, running cluster of 2 (--scheduler)", running)):
        print(f"{name:<44} {run.seconds:>8.1f} {run.rate:>8,.0f} {run.parent_cpu:>20.1f}")
    print()
    print(f"Dask overhead against local -j 2: {local.rate - started.rate:,.0f} files/s with "
          f"the cluster's start ({started.rate / local.rate:.2f}x), "
          f"{local.rate - running.rate:,.0f} files/s on a running cluster "
          f"({running.rate / local.rate:.2f}x)")
    print(f"chunks: {len(chunks):,} of {files_per_chunk:.0f} files; compute on the workers "
          f"{computed:.1f} s in all, {1000 * computed / max(1, len(chunks)):.0f} ms a chunk")
    print(f"per worker core: {per_core:,.0f} files/s (files over the chunks' compute time)")
    if client_cpu > 0:
        ceiling = 1 / client_cpu
        print(f"batch process: {1000 * client_cpu:.3f} ms CPU per file, so it can feed at most "
              f"~{ceiling:,.0f} files/s")
        print(f"estimate: each added worker core adds ~{per_core:,.0f} files/s, up to "
              f"~{ceiling:,.0f} files/s ({ceiling / per_core if per_core else 0:.0f} cores) "
              "while the scheduler and the file server keep up")


if __name__ == "__main__":
    main()
