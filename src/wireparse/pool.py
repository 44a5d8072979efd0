"""Worker processes that convert chunks of inputs under a per-input watchdog.

A ``SupervisedPool`` hands chunks to a process pool and gives back each chunk's results in
the order the chunks went in. Each worker tells the parent, through shared memory, which
input it has in hand and since when; a watchdog thread in the parent kills a worker whose
input runs over the timeout. Whatever the way a worker dies — killed by the watchdog, a
crash, the OOM killer — the pool is replaced and every input of the chunks in hand is
settled exactly once: a finished chunk keeps its results, the input that overran gets a
"timed out" result without being tried again, and the others are retried one at a time so
that only the input that kills a worker is failed.

Nothing here knows what an input is: the caller gives the conversion function (run in the
workers) and the function that makes a failure result (run in the parent). The local engine
of ``wireparse batch`` and ``watch`` runs one pool of ``jobs`` workers; the Dask engine runs
a one-worker pool beside each Dask worker thread, so a hung parse there costs a child
process, not the Dask worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from typing import Any, Generic, TypeVar

T = TypeVar("T")  # an input
R = TypeVar("R")  # its result
C = TypeVar("C")  # what the conversion needs besides the input (options, OUTDIR)

# why: 10 MB inputs parse in 2-3 s on one core of a 2-core machine and the limits let
# through up to ~5x that (--max-bytes 50 MB, 200,000 lines); 120 s leaves room for a busy
# machine and still frees a hung worker within two minutes.
DEFAULT_TIMEOUT = 120.0  # seconds
# why: the watchdog only needs to notice an overrun soon after it happens; a few checks per
# timeout keep its cost (one pass over a few shared numbers) nil.
WATCHDOG_TICKS_PER_TIMEOUT = 4
WATCHDOG_MAX_TICK = 0.5  # seconds

# Each worker's slot in shared memory: its pid, the chunk and the index in it of the input
# in hand, and when the worker started on it (time.monotonic(), 0.0 when idle).
_PID, _CHUNK, _INDEX, _STARTED = range(4)
_SLOT_SIZE = 4

# why: forked workers start in milliseconds with the parser already imported; elsewhere
# (macOS, Windows) fork is unsafe or missing and the platform default is used.
FORK = sys.platform == "linux"


def timed_out_reason(timeout: float) -> str:
    return (f"timed out: still being converted after {timeout:g} s (--timeout); its worker "
            "was stopped and replaced")


DIED_REASON = "the worker process died while converting it (crash or killed)"


# --- In the worker processes -------------------------------------------------------------

_slots: Any = None
_slot_base = -1


def _init_worker(slots: Any, counter: Any, close_fd: int | None, parent_pid: int) -> None:
    global _slots, _slot_base
    # Ctrl-C is the parent's to handle: it lets the chunks in hand finish, then stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if close_fd is not None:
        # A lock held by the parent must die with it, not live on in an orphaned worker.
        os.close(close_fd)
    _die_with_parent(parent_pid)
    with counter.get_lock():
        slot = counter.value
        counter.value += 1
    if slots is not None and (slot + 1) * _SLOT_SIZE <= len(slots):
        _slots, _slot_base = slots, slot * _SLOT_SIZE
        _slots[_slot_base + _PID] = float(os.getpid())


def _die_with_parent(parent_pid: int) -> None:
    """Linux: have the kernel kill this worker when its parent dies (kill -9), so no orphan
    is still writing when the batch is rerun."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)


def _run_chunk(convert: Callable[[T, C], R], context: C, chunk_id: int,
               tasks: Sequence[T]) -> list[R]:
    results = []
    for index, task in enumerate(tasks):
        if _slots is not None:
            _slots[_slot_base + _CHUNK] = float(chunk_id)
            _slots[_slot_base + _INDEX] = float(index)
            _slots[_slot_base + _STARTED] = time.monotonic()
        results.append(convert(task, context))
    if _slots is not None:
        _slots[_slot_base + _STARTED] = 0.0
    return results


# --- In the parent -----------------------------------------------------------------------


@dataclass(slots=True)
class _Entry(Generic[T, C, R]):
    chunk_id: int
    chunk: list[T]
    context: C
    future: Future[list[R]] | None
    results: list[R] | None = None


class SupervisedPool(Generic[T, C, R]):
    """``jobs`` worker processes running ``convert(task, context)`` on chunks of tasks.

    ``failed(task, reason)`` makes the result of a task whose worker overran ``timeout``
    (None or 0: no watchdog) or died. ``close_fd`` is a descriptor that forked workers must
    close (the parent's OUTDIR lock).
    """

    def __init__(self, jobs: int, convert: Callable[[T, C], R], context: C,
                 failed: Callable[[T, str], R], *, timeout: float | None = DEFAULT_TIMEOUT,
                 mp_context: BaseContext | None = None, close_fd: int | None = None) -> None:
        self._jobs = jobs
        self._convert = convert
        self._context = context
        self._failed = failed
        self._timeout = timeout or None
        if mp_context is None and FORK:
            mp_context = multiprocessing.get_context("fork")
        self._mp = mp_context or multiprocessing.get_context()
        self._close_fd = close_fd if self._mp.get_start_method() == "fork" else None
        self._pending: deque[_Entry[T, C, R]] = deque()
        self._next_chunk = 0
        self._lock = threading.Lock()
        self._timed_out: set[tuple[int, int]] = set()
        self._executor, self._slots = self._new_executor()
        self._stop = threading.Event()
        self._watchdog: threading.Thread | None = None
        if self._timeout:
            tick = min(WATCHDOG_MAX_TICK, self._timeout / WATCHDOG_TICKS_PER_TIMEOUT)
            self._watchdog = threading.Thread(target=self._watch, args=(tick,),
                                              name="wireparse-watchdog", daemon=True)
            self._watchdog.start()

    def __len__(self) -> int:
        """Chunks submitted whose results have not been collected yet."""
        return len(self._pending)

    def submit(self, chunk: list[T], context: C | None = None) -> None:
        """Convert ``chunk``, with ``context`` instead of the pool's own if given (a pool
        kept from one run to the next, as beside a Dask worker)."""
        entry: _Entry[T, C, R] = _Entry(self._new_chunk_id(), chunk,
                                        self._context if context is None else context, None)
        self._pending.append(entry)
        try:
            entry.future = self._executor.submit(_run_chunk, self._convert, entry.context,
                                                 entry.chunk_id, chunk)
        except BrokenProcessPool:
            self._recover()

    def collect_oldest(self) -> list[R]:
        """The results of the oldest chunk, in its order, once it is done."""
        entry = self._pending[0]
        if entry.results is None:
            assert entry.future is not None
            try:
                entry.results = entry.future.result()
            except BrokenProcessPool:
                self._recover()
        self._pending.popleft()
        assert entry.results is not None
        return entry.results

    def close(self, cancel: bool = False) -> None:
        """Stop the workers; with ``cancel``, chunks not started are dropped."""
        try:
            self._executor.shutdown(wait=True, cancel_futures=cancel)
        finally:
            self._stop.set()
            if self._watchdog is not None:
                self._watchdog.join()

    def __enter__(self) -> SupervisedPool[T, C, R]:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(cancel=exc_type is not None)

    # -- internals

    def _new_chunk_id(self) -> int:
        self._next_chunk += 1
        return self._next_chunk

    def _new_executor(self) -> tuple[ProcessPoolExecutor, Any]:
        slots = self._mp.Array("d", self._jobs * _SLOT_SIZE, lock=False)
        counter = self._mp.Value("i", 0)
        executor = ProcessPoolExecutor(
            max_workers=self._jobs, mp_context=self._mp, initializer=_init_worker,
            initargs=(slots, counter, self._close_fd, os.getpid()))
        return executor, slots

    def _watch(self, tick: float) -> None:
        while not self._stop.wait(tick):
            with self._lock:
                self._kill_overruns()

    def _kill_overruns(self) -> None:
        assert self._timeout is not None
        slots, now = self._slots, time.monotonic()
        # Only pids of this pool's live workers: a stale slot must not kill a reused pid.
        live = set(getattr(self._executor, "_processes", None) or ())
        for base in range(0, len(slots), _SLOT_SIZE):
            started = slots[base + _STARTED]
            if not started or now - started <= self._timeout:
                continue
            pid = int(slots[base + _PID])
            key = (int(slots[base + _CHUNK]), int(slots[base + _INDEX]))
            if pid not in live:
                continue
            self._timed_out.add(key)
            slots[base + _STARTED] = 0.0
            with contextlib.suppress(ProcessLookupError):  # it may have left meanwhile
                os.kill(pid, signal.SIGKILL)

    def _recover(self) -> None:
        """A worker died: keep what finished, then retry the rest one input at a time in a
        fresh pool, so that only the input that kills a worker is failed."""
        # Shut the broken pool first: then every future is settled one way or the other.
        self._executor.shutdown(wait=True, cancel_futures=True)
        suspects = []
        for entry in self._pending:
            future = entry.future
            if entry.results is not None:
                continue
            if (future is not None and future.done() and not future.cancelled()
                    and future.exception() is None):
                entry.results = future.result()
            else:
                suspects.append(entry)
        with self._lock:
            self._executor, self._slots = self._new_executor()
        for entry in suspects:
            entry.results = [self._run_alone(entry.chunk_id, index, task, entry.context)
                             for index, task in enumerate(entry.chunk)]

    def _run_alone(self, chunk_id: int, index: int, task: T, context: C) -> R:
        if (chunk_id, index) in self._timed_out:
            return self._failed(task, timed_out_reason(self._timeout or 0))
        alone = self._new_chunk_id()
        try:
            return self._executor.submit(_run_chunk, self._convert, context, alone,
                                         [task]).result()[0]
        except BrokenProcessPool:
            self._executor.shutdown(wait=True)
            with self._lock:
                self._executor, self._slots = self._new_executor()
            if (alone, 0) in self._timed_out:
                return self._failed(task, timed_out_reason(self._timeout or 0))
            return self._failed(task, DIED_REASON)
