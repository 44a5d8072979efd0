"""Watching a drop folder: each story that lands in INBOX, or in a folder under it, is
converted as soon as it is complete, with the batch's guarantees — the batch's own walker
(output names, links, filters), runner (errors file, input order) and local engine (atomic
writes, the per-input watchdog) do the work.

Nothing here prints: outcomes and notices go to callbacks that ``wireparse watch`` renders.

When a file is complete, and so may be read:

- a temporary name — a leading dot, or an ending in ``TEMP_SUFFIXES`` — is never read; its
  rename into place is the writer's word that it is done;
- where the platform reports close-after-write (Linux inotify, through watchdog), a file
  someone writes is ready once its writer has closed it;
- otherwise (other platforms, ``poll``, files found by a scan) once its size and mtime have
  not changed for ``stable_for`` seconds.

A file converted (or failed) in this session is looked at again only when it changes. After
a restart every file in INBOX is looked at again, and one whose document is up to date is
skipped, as by a batch rerun: nothing is converted twice, and what arrived while the watch
was down is converted. With ``done_dir``, converted inputs are moved there (under their path
in INBOX) once their document is written; failed ones stay, listed in the errors file.
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .batch import (
    BatchConfig,
    BatchError,
    BatchReport,
    ErrorLog,
    LocalEngine,
    Outcome,
    OutdirLock,
    Runner,
    Walker,
    WorkerConfig,
)

# Names agencies' and transfer tools' writers give a file while it is being written; it is
# renamed to its real name when complete. (A leading dot is a temporary name too.)
TEMP_SUFFIXES = (
    ".tmp",        # most scripts and agencies' own feeds
    ".part",       # curl -O --part, wget, browsers, many FTP clients
    ".partial",    # Safari, some FTP clients
    ".filepart",   # WinSCP
    ".crdownload", # Chrome
    "~",           # editors' and rsync's --backup copies
)
# why: when no close-after-write event can tell that a writer is done, a pause this long
# between its writes is taken as the end; writers that pause longer use temporary names.
STABLE_FOR = 2.0  # seconds
# why: without events (--poll, or a watcher that would not start) the folder is scanned
# this often; a scan is one listing per folder, cheap next to a story's conversion.
POLL_EVERY = 1.0  # seconds
# why: events can be missed (the kernel's queue overflows under a flood); a full scan this
# often picks up what they missed.
RESCAN_EVERY = 60.0  # seconds
# why: a file opened for writing whose close never came (a missed event) is not held for
# ever: after this long without a change it is taken as complete.
WRITER_GONE_AFTER = 60.0  # seconds
# why: the loop wakes this often to see whether files became stable, or a stop was asked.
TICK = 0.2  # seconds


def is_temporary(name: str) -> bool:
    """Whether a file name is one a writer uses until the file is complete.

    >>> [is_temporary(n) for n in ("story.txt", ".story.txt", "story.txt.part", "a.TMP")]
    [False, True, True, True]
    """
    return name.startswith(".") or name.lower().endswith(TEMP_SUFFIXES)


@dataclass(slots=True)
class _Candidate:
    """A file in INBOX not converted yet in this session, and what is known of its writer."""

    seen: float
    """When its size or mtime last changed as we saw it (time.monotonic())."""
    stat: tuple[int, int] | None = None
    writing: bool = False
    """A write event came, and no close after it: a writer has it open."""
    closed: bool = False
    """Its writer closed it (or renamed it into place) after the last write."""


@dataclass
class WatchConfig:
    inbox: Path
    batch: BatchConfig
    done_dir: Path | None = None
    poll: bool = False
    """Scan every ``POLL_EVERY`` seconds instead of listening to the platform's events."""
    stable_for: float = STABLE_FOR
    once: bool = False
    """Convert what is in INBOX now, then return."""


@dataclass
class _Events:
    """Where watchdog's thread puts events for the watch loop."""

    queue: queue.Queue[tuple[str, str, str]] = field(default_factory=queue.Queue)

    def dispatch(self, event: Any) -> None:  # watchdog calls this on its own thread
        kind = ("dir_" if event.is_directory else "") + event.event_type
        src = os.fsdecode(event.src_path)
        dest = os.fsdecode(getattr(event, "dest_path", "") or "")
        self.queue.put((kind, src, dest))


class Watch:
    """Converts what lands in ``config.inbox`` until ``stop`` is set (or, ``once``, until
    what was there is done). ``on_outcome`` is called after each input."""

    def __init__(self, config: WatchConfig,
                 on_outcome: Callable[[Outcome, BatchReport], None] | None = None,
                 on_notice: Callable[[str], None] | None = None) -> None:
        self._config = config
        self._batch = config.batch
        self._inbox = os.fspath(config.inbox)
        self._on_outcome = on_outcome
        self._on_notice = on_notice or (lambda _message: None)
        self._candidates: dict[str, _Candidate] = {}
        self._handled: dict[str, tuple[int, int]] = {}
        self._cycle: list[Outcome] = []
        self._events = _Events()
        self._close_events = False
        self._skip_roots = [os.path.realpath(p) for p in (self._batch.outdir, config.done_dir)
                            if p is not None]
        self._check_folders()

    def _check_folders(self) -> None:
        if not os.path.isdir(self._inbox):
            raise BatchError(f"INBOX {self._inbox} is not a folder")
        inbox = os.path.realpath(self._inbox)
        outdir = self._batch.outdir
        if outdir is not None and os.path.realpath(outdir) == inbox:
            raise BatchError("OUTDIR is INBOX: its documents would be read back as stories; "
                             "choose another OUTDIR")
        done = self._config.done_dir
        if done is not None and _under(os.path.realpath(done), inbox):
            raise BatchError("--done-dir is inside INBOX: moved stories would land again; "
                             "choose a folder outside it")

    def run(self, stop: threading.Event) -> BatchReport:
        config = self._batch
        with OutdirLock(config.outdir) as lock:
            self._walker = Walker(config, fold_case=lock.case_insensitive)
            worker = WorkerConfig(config.outdir, config.fmt, config.force, config.options,
                                  lock.stamp())
            engine = LocalEngine(config, worker, lock.fileno)
            observer = None
            try:
                with ErrorLog(config.outdir) as errors:
                    self._errors = errors
                    runner = Runner(engine, errors, None, self._settled)
                    if not self._config.once and not self._config.poll:
                        observer = self._start_observer()
                    if not self._config.once:
                        how = ("close-after-write events" if self._close_events else
                               "file-system events" if observer is not None else
                               f"a scan every {POLL_EVERY:g} s")
                        self._on_notice(f"watching {self._inbox} ({how}) → {config.outdir}; "
                                        "Ctrl-C or SIGTERM stops")
                    self._loop(runner, stop, observer is not None)
                    runner.report.errors_file = errors.path if errors.written else None
                    runner.report.links_passed_over = self._walker.links_passed_over
            finally:
                if observer is not None:
                    observer.stop()
                    observer.join()
                engine.close()
        runner.report.finished = time.monotonic()
        return runner.report

    # -- the loop

    def _loop(self, runner: Runner, stop: threading.Event, events: bool) -> None:
        self._scan(self._inbox)
        next_scan = time.monotonic() + (RESCAN_EVERY if events else POLL_EVERY)
        while not stop.is_set():
            self._take_events(TICK if self._candidates or not self._config.once else 0)
            ready = self._ready()
            if ready:
                self._convert(runner, ready, stop)
            if self._config.once and not self._candidates:
                return
            if time.monotonic() >= next_scan:
                self._scan(self._inbox)
                next_scan = time.monotonic() + (RESCAN_EVERY if events else POLL_EVERY)

    def _start_observer(self) -> Any:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        events = self._events

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                events.dispatch(event)

        observer = Observer()
        try:
            observer.schedule(Handler(), self._inbox, recursive=True)
            observer.start()
        except OSError as exc:  # e.g. the inotify watch limit: scan instead
            self._on_notice(f"cannot watch for events ({exc.strerror or exc}); scanning every "
                            f"{POLL_EVERY:g} s instead")
            self._config.poll = True
            return None
        # Only inotify (Linux) reports close-after-write; the others are told by stable sizes.
        self._close_events = type(observer).__name__ == "InotifyObserver"
        return observer

    def _take_events(self, wait: float) -> None:
        """Apply the events that came (waiting up to ``wait`` seconds for the first)."""
        deadline = time.monotonic() + wait
        while True:
            try:
                kind, src, dest = self._events.queue.get(
                    timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                return
            self._event(kind, src, dest)
            deadline = 0.0  # take the rest without waiting

    def _event(self, kind: str, src: str, dest: str) -> None:
        now = time.monotonic()
        if kind == "modified":  # a write: wait for the writer to close it
            candidate = self._candidate(src)
            if candidate is not None:
                candidate.writing, candidate.closed, candidate.seen = True, False, now
        elif kind == "closed":
            candidate = self._candidate(src)
            if candidate is not None:
                candidate.writing, candidate.closed = False, True
        elif kind == "moved":  # a rename into place is the writer's word that it is done
            self._candidates.pop(src, None)
            self._handled.pop(src, None)
            candidate = self._candidate(dest)
            if candidate is not None:
                candidate.writing, candidate.closed = False, True
        elif kind == "created":
            # Also sent for what a folder moved in holds, with no write to follow: until a
            # write comes, the stable-size rule decides.
            self._candidate(src)
        elif kind == "deleted":
            self._candidates.pop(src, None)
            self._handled.pop(src, None)
        elif kind in ("dir_created", "dir_moved"):
            # Files already in a folder that appears (moved in whole) send no event.
            self._scan(dest or src)

    def _candidate(self, path: str) -> _Candidate | None:
        """The candidate entry for ``path``, made if the path is one to convert."""
        if path in self._candidates:
            return self._candidates[path]
        if not self._wanted(path):
            return None
        candidate = self._candidates[path] = _Candidate(seen=time.monotonic())
        return candidate

    def _wanted(self, path: str) -> bool:
        inner = os.path.relpath(path, self._inbox).replace(os.sep, "/")
        if inner.startswith("../") or inner == "..":
            return False
        if is_temporary(inner.rpartition("/")[2]) or not self._walker.wanted(inner):
            return False
        real = os.path.realpath(os.path.dirname(path))
        return not any(_under(real, root) for root in self._skip_roots)

    def _scan(self, folder: str) -> None:
        """Every file now under ``folder``: a candidate unless handled and unchanged."""
        follow = self._batch.follow_symlinks
        for path, dirs, files in os.walk(folder, followlinks=follow):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                full = os.path.join(path, name)
                if full in self._candidates or not self._wanted(full):
                    continue
                key = _stat_key(full)
                if key is not None and self._handled.get(full) != key:
                    self._candidates[full] = _Candidate(seen=time.monotonic())

    def _ready(self) -> list[str]:
        """Candidates complete now (see the module's docstring), taken off the list."""
        now, wall = time.monotonic(), time.time()
        ready = []
        for path, candidate in list(self._candidates.items()):
            try:
                st = os.stat(path)
            except OSError:  # gone (moved away, deleted) or a broken link
                del self._candidates[path]
                continue
            key = (st.st_size, st.st_mtime_ns)
            if self._handled.get(path) == key:  # a late event for what is done
                del self._candidates[path]
                continue
            if key != candidate.stat:
                if candidate.stat is not None:  # it changed since we last looked
                    candidate.seen = now
                candidate.stat = key
            quiet = now - candidate.seen
            if candidate.closed:
                done = True
            elif candidate.writing and self._close_events:
                done = quiet >= WRITER_GONE_AFTER
            else:
                untouched = wall - st.st_mtime >= self._config.stable_for
                done = quiet >= self._config.stable_for or (untouched and not candidate.writing)
            if done:
                ready.append(path)
                del self._candidates[path]
                self._handled[path] = key
        return ready

    # -- converting

    def _convert(self, runner: Runner, ready: list[str], stop: threading.Event) -> None:
        self._cycle = []
        # A stop asked mid-way ends the feeding; what is left is picked up at the next start.
        items = self._walker.some(self._inbox, ready)
        runner.feed(item for item in items if not stop.is_set())
        runner.drain()
        if self._config.done_dir is not None:
            self._move_done(ready, self._cycle)

    def _settled(self, outcome: Outcome, report: BatchReport) -> None:
        self._cycle.append(outcome)
        if self._on_outcome is not None:
            self._on_outcome(outcome, report)

    def _move_done(self, ready: Iterable[str], outcomes: list[Outcome]) -> None:
        """Move each input all of whose outcomes went well (an archive has several)."""
        good: dict[str, bool] = {}
        for outcome in outcomes:
            source = outcome.source.split("!/", 1)[0]
            good[source] = good.get(source, True) and outcome.status != "failed"
        assert self._config.done_dir is not None
        for path in ready:
            if not good.get(path):
                continue
            target = self._config.done_dir / os.path.relpath(path, self._inbox)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, target)  # a rename on one file system, else copy + delete
            except OSError as exc:
                self._errors.record(Outcome("failed", path, "converted, but cannot be moved "
                                            f"to --done-dir: {exc.strerror or exc}"))


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _stat_key(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns
