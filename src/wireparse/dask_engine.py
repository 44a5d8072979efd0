"""``wireparse batch --engine dask``: the batch's chunks as tasks on a Dask cluster.

The parent process walks the inputs, keeps the window of chunks in flight and settles the
outcomes exactly as with the local engine (``batch.Runner``); only where a chunk runs
changes. Each Dask task converts one chunk with ``batch.convert`` — the local engine's own
function — in a child process of the Dask worker, under the same watchdog (``pool.py``): a
hung parse costs that child, which is replaced, never the Dask worker.

A Dask worker lost mid-run (killed, its machine gone) has its tasks rerun by the scheduler on
another worker; the outputs it had already written are newer than the run's start and are
counted as converted without being written again (``batch._done_before``). Workers need
the same wireparse version as the client (checked at the start) and the same paths: SRC
and OUTDIR must be visible to every worker under the names the client uses (checked for
OUTDIR at the start).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from . import __version__
from .batch import (
    CHUNK_BYTES,
    LOCK_FILE,
    WINDOW_PER_JOB,
    BatchConfig,
    BatchError,
    EngineError,
    Outcome,
    Task,
    WorkerConfig,
    convert,
    failed,
)
from .inputs import one_line
from .pool import SupervisedPool

# why: a Dask task costs about a millisecond of scheduler work and a network round trip;
# 64 stories (~100 ms of parsing) make that a few percent, while a lost worker still costs
# only seconds of work done again.
DASK_CHUNK_FILES = 64
# why: a scheduler that does not answer within this is not coming; say so instead of hanging.
CONNECT_TIMEOUT = 30.0  # seconds
MISSING = "--engine dask needs Dask: pip install 'wireparse[dask]'"
KILLED_REASON = ("the Dask workers running it died, {n} times; not converted (crash or "
                 "out of memory?)")


@dataclass(slots=True)
class _Chunk:
    future: Any
    tasks: list[Task]
    outcomes: list[Outcome] | None = None
    """Set when it finished before an older chunk (and was counted then)."""


class DaskEngine:
    """Chunks of tasks as Dask futures on a local cluster or on the one at ``scheduler``."""

    chunk_files = DASK_CHUNK_FILES
    chunk_bytes = CHUNK_BYTES

    def __init__(self, config: BatchConfig, worker: WorkerConfig) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise BatchError(MISSING) from None
        self._cluster: Any = None
        self._timeout = config.timeout
        self._pending: deque[_Chunk] = deque()
        self.on_finished: Callable[[list[Outcome]], None] | None = None
        # What goes wrong with the cluster is told as one line (EngineError, BatchError);
        # Dask's own logs of it are tracebacks on stderr.
        self._quiet = _QuietLogs("distributed")
        if config.scheduler:
            try:
                self._client = Client(config.scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                self._quiet.restore()
                raise BatchError(f"cannot reach the Dask scheduler at {config.scheduler}: "
                                 f"{one_line(exc)}") from None
        else:
            # One single-threaded worker process per job: the parse is pure Python and
            # would share one core between the threads of a worker. The dashboard (no one
            # looks at it) on a free local port: a fixed one may be taken.
            self._cluster = LocalCluster(n_workers=config.jobs, threads_per_worker=1,
                                         processes=True, dashboard_address="127.0.0.1:0",
                                         silence_logs=logging.ERROR)
            self._client = Client(self._cluster)
        try:
            self._worker = self._checked(worker)
        except BaseException:
            self.close()
            raise
        self.window = max(1, sum(self._client.nthreads().values())) * WINDOW_PER_JOB

    def _checked(self, worker: WorkerConfig) -> WorkerConfig:
        """The worker config with absolute paths, once every worker can use it."""
        try:
            self._client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError):
            raise BatchError("the Dask cluster has no worker: start some with "
                             "`dask worker SCHEDULER`") from None
        outdir = worker.outdir.resolve() if worker.outdir is not None else None
        lock = str(outdir / LOCK_FILE) if outdir is not None else None
        facts = self._client.run(_worker_facts, lock)
        for address, (version, sees_outdir) in sorted(facts.items()):
            if version != __version__:
                raise BatchError(f"the Dask worker at {address} runs wireparse {version}, "
                                 f"this is {__version__}: install the same version on every "
                                 "worker")
            if not sees_outdir:
                raise BatchError(f"the Dask worker at {address} does not see OUTDIR at "
                                 f"{outdir}: workers need SRC and OUTDIR under the same paths")
        return replace(worker, outdir=outdir)

    def __len__(self) -> int:
        return len(self._pending)

    def submit(self, chunk: list[Task]) -> None:
        # Workers resolve relative paths against their own working folder: send absolute ones.
        shipped = [t._replace(path=os.path.abspath(t.path)) if t.path else t for t in chunk]
        future = self._client.submit(_convert_chunk, self._worker, self._timeout, shipped,
                                     pure=False)
        self._pending.append(_Chunk(future, chunk))

    def collect_oldest(self) -> tuple[list[Outcome], bool]:
        """The oldest chunk's outcomes; while it runs, chunks that finish before it are
        passed to ``on_finished`` as they finish (progress driven by the futures)."""
        from distributed import wait

        oldest = self._pending[0]
        while self.on_finished is not None and not oldest.future.done():
            try:
                wait([c.future for c in self._pending if c.outcomes is None],
                     return_when="FIRST_COMPLETED")
            except Exception:  # futures cancelled (the scheduler is gone): told below
                break
            for chunk in self._pending:
                if chunk is not oldest and chunk.outcomes is None and chunk.future.done():
                    chunk.outcomes = self._outcomes(chunk)
                    self.on_finished(chunk.outcomes)
        self._pending.popleft()
        if oldest.outcomes is not None:
            return oldest.outcomes, True
        return self._outcomes(oldest), False

    def _outcomes(self, chunk: _Chunk) -> list[Outcome]:
        from distributed import KilledWorker

        future, tasks = chunk.future, chunk.tasks
        try:
            outcomes: list[Outcome] = future.result()
        except KilledWorker as exc:
            # The scheduler gave up after the task's workers died one after another.
            tries = getattr(exc, "allowed_failures", None) or "several"
            return [failed(task, KILLED_REASON.format(n=tries)) for task in tasks]
        except Exception as exc:
            if self._client.status != "running" or future.cancelled():
                raise EngineError(f"lost the Dask cluster ({one_line(exc)}); the documents "
                                  "written are kept — run the same command again to convert "
                                  "the rest") from None
            reason = f"internal error ({type(exc).__name__}: {one_line(exc)}); please report it"
            return [failed(task, reason) for task in tasks]
        return outcomes

    def close(self, cancel: bool = False) -> None:
        try:
            if cancel and self._pending:
                self._client.cancel([chunk.future for chunk in self._pending])
            self._client.close()
            if self._cluster is not None:
                self._cluster.close()
        finally:
            self._quiet.restore()


class _QuietLogs:
    """Silence a library's loggers (its configuration gives some their own level) until
    ``restore``."""

    def __init__(self, prefix: str) -> None:
        names = [prefix, *(n for n in logging.root.manager.loggerDict
                           if n.startswith(prefix + "."))]
        self._levels = {name: logging.getLogger(name).level for name in names}
        for name in names:
            logging.getLogger(name).setLevel(logging.CRITICAL)

    def restore(self) -> None:
        for name, level in self._levels.items():
            logging.getLogger(name).setLevel(level)


# --- On the Dask workers ------------------------------------------------------------------


def _worker_facts(lock_path: str | None) -> tuple[str, bool]:
    return __version__, lock_path is None or os.path.exists(lock_path)


_local = threading.local()


def _convert_chunk(worker: WorkerConfig, timeout: float | None,
                   tasks: list[Task]) -> list[Outcome]:
    """Runs in a Dask worker thread: the chunk goes to this thread's child process."""
    if not timeout:
        return [convert(task, worker) for task in tasks]
    pool = _thread_pool(worker, timeout)
    pool.submit(tasks, worker)
    return pool.collect_oldest()


def _thread_pool(worker: WorkerConfig, timeout: float
                 ) -> SupervisedPool[Task, WorkerConfig, Outcome]:
    """This thread's child process, kept from one run to the next (starting one costs
    seconds: a fresh interpreter imports wireparse); a new timeout gets a new one."""
    if getattr(_local, "timeout", None) != timeout:
        old = getattr(_local, "pool", None)
        if old is not None:
            old.close()
        _allow_children()
        # Spawned, not forked: a Dask worker runs threads, and a fork copies their locks.
        _local.pool = SupervisedPool(1, convert, worker, failed, timeout=timeout,
                                     mp_context=multiprocessing.get_context("spawn"))
        _local.timeout = timeout
    pool: SupervisedPool[Task, WorkerConfig, Outcome] = _local.pool
    return pool


def _allow_children() -> None:
    """Dask starts its workers as daemonic processes, which multiprocessing forbids to have
    children, lest they outlive it. Ours cannot: it dies with its parent (PR_SET_PDEATHSIG,
    see ``pool._die_with_parent``) and the pool stops it at exit."""
    process = multiprocessing.current_process()
    if process.daemon:
        process._config["daemon"] = False  # type: ignore[attr-defined]
