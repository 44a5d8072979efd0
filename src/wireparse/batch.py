"""Batch conversion: walk folders and archives, convert each story in worker processes, and
write each document atomically at its mirror path under OUTDIR, keeping a report.

Nothing here prints: documents and progress go to callbacks that ``wireparse batch`` renders.

How the guarantees are kept:

- *Flat memory*: inputs are enumerated lazily (one folder listing, or one archive's member
  list, at a time) and at most ``jobs * WINDOW_PER_JOB`` chunks are in flight.
- *Resumable*: an input whose output exists and is at least as new as the input is skipped
  (an archive member counts as new as its archive); ``force`` redoes everything.
- *Crash-safe*: a document is written to ``.NAME.tmp`` beside its target and renamed over it,
  so a kill leaves either the whole old output, the whole new one, or none; the temporary
  name is fixed per output, so the rerun that converts the input again reuses and removes it.
- *Nothing lost*: a failing input becomes one line of ``errors.jsonl``; a parser exception
  is a failure of that input; a worker process that dies is replaced and the inputs it
  had in hand are retried one by one to find the one that kills it (``pool.py``).
- *Nothing hangs*: an input still being converted after ``timeout`` seconds has its worker
  killed and replaced, and is failed with that reason; the batch goes on.
- *Nothing written twice*: a retried input whose output this run already wrote (newer than
  the run's start by OUTDIR's clock) counts as converted and is not written again.
- *Same everywhere*: the local engine and the Dask engine (``dask_engine.py``) run the same
  ``convert`` on the same tasks and settle outcomes in input order, so their outputs and
  errors files are identical.
- *No surprises from links*: a symbolic link in a SRC folder is followed only to a file
  inside that folder, unless ``follow_symlinks``; the others are counted in the report.
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import io
import json
import os
import re
import stat
import tarfile
import threading
import time
import zipfile
import zlib
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Literal, NamedTuple, Protocol

from .api import parse
from .batch_inputs import (
    EXCLUDED,
    HIDDEN,
    NOT_INCLUDED,
    NOT_REGULAR,
    OUTDIR_ITSELF,
    OUTPUT_FOLDER,
    describe_passed_over,
    is_output_folder,
    not_a_story,
    plain_name,
)
from .errors import WireparseError
from .inputs import one_line, read_input, read_limited
from .manifest import MANIFEST_FILE, check_and_record, options_record
from .options import ParseOptions
from .pool import DEFAULT_TIMEOUT, SupervisedPool
from .render.formats import OutputOptions, render_document

OutputFormat = Literal["json", "md", "ninjs", "nitf"]
EngineName = Literal["local", "dask"]
SUFFIXES: dict[str, str] = {"json": ".json", "md": ".md", "ninjs": ".ninjs.json",
                            "nitf": ".nitf.xml"}
# Tar archives are read as streams whatever their compression (tarfile's "r|*").
ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
ERRORS_FILE = "errors.jsonl"
LOCK_FILE = ".wireparse-batch.lock"


# why: one task per file costs ~0.1 ms of pickling and queueing in the parent, which also
# needs a core; 16 stories (~25 ms of parsing) make that overhead negligible while a worker
# crash still costs only one chunk's retry.
CHUNK_FILES = 16
# why: archive members travel to the workers as bytes; cap a chunk's payload so big members
# do not pile up in the queues.
CHUNK_BYTES = 4 * 1024 * 1024
# why: enough queued chunks to keep every worker busy while the parent walks, few enough that
# memory does not depend on how many inputs there are.
WINDOW_PER_JOB = 4
# why: outcomes the walk settles itself (up-to-date archive members) wait behind the chunks
# before them, to keep input order; past this many, the walk waits for those chunks, so
# memory does not grow with an archive's size.
MAX_HELD_OUTCOMES = 10_000


class BatchError(WireparseError):
    """The batch cannot start (bad arguments, OUTDIR in use); no input was touched."""


class NoInputsError(BatchError):
    """Nothing under the SRC paths is a story to convert (a usage error: exit 2)."""


class OutdirError(BatchError):
    """OUTDIR cannot be created or written, or another batch holds it."""


class EngineError(WireparseError):
    """The engine failed mid-run (a Dask cluster went away); the documents written so far
    are whole, and a rerun converts the rest."""


class Task(NamedTuple):
    """One input to convert: a file the worker reads, or an archive member's bytes."""

    source: str
    """How reports and documents name the input: its path, or ``archive.zip!member/path``."""
    output: str
    """The output path relative to OUTDIR (POSIX separators, never escaping it)."""
    path: str | None = None
    data: bytes | None = None
    mtime: float | None = None
    """An archive member's time (its archive's mtime); files are stat'ed by the worker."""


Status = Literal["converted", "skipped", "failed"]


class Outcome(NamedTuple):
    """What became of one input."""

    status: Status
    source: str
    detail: str | None = None
    """For "failed": the one-line reason; for "converted" to stdout: the JSON line."""


@dataclass(frozen=True, slots=True)
class BatchConfig:
    """How to run a batch (built by ``wireparse batch`` from its flags)."""

    outdir: Path | None
    """Where documents go; None writes JSON Lines through ``on_document`` instead."""
    fmt: OutputFormat = "json"
    ninjs_version: int = 2
    """``fmt="ninjs"``: the ninjs branch written (1, 2 or 3)."""
    jobs: int = 1
    force: bool = False
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    options: ParseOptions = field(default_factory=ParseOptions)
    timeout: float | None = DEFAULT_TIMEOUT
    """Seconds one input may take before its worker is stopped; None: no limit."""
    follow_symlinks: bool = False
    """Follow links out of a SRC folder (by default only links to files inside it)."""
    engine: EngineName = "local"
    scheduler: str | None = None
    """``--engine dask``: the address of a running scheduler; None starts a local cluster."""


@dataclass(slots=True)
class BatchReport:
    """Counts of a batch run; ``return_code`` is the CLI's exit code."""

    converted: int = 0
    skipped: int = 0
    failed: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    errors_file: Path | None = None
    """``OUTDIR/errors.jsonl`` when some input failed."""
    links_passed_over: int = 0
    """Symbolic links in SRC folders not followed (see ``BatchConfig.follow_symlinks``)."""
    interrupted: bool = False
    """``stop`` was set: the inputs in hand were finished and no other was started."""
    passed_over: Counter[str] = field(default_factory=Counter)
    """Files and folders under SRC not taken as stories, by reason (``batch_inputs``)."""
    options_changed: bool = False
    """OUTDIR's documents were made with other parse options: all are converted again."""

    @property
    def done(self) -> int:
        return self.converted + self.skipped + self.failed

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def rate(self) -> float:
        """Stories converted per second."""
        return self.converted / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def return_code(self) -> int:
        return 1 if self.failed else 0

    def count(self, status: Status) -> None:
        if status == "converted":
            self.converted += 1
        elif status == "skipped":
            self.skipped += 1
        else:
            self.failed += 1

    def __str__(self) -> str:
        text = (f"{self.converted:,} converted, {self.skipped:,} skipped, {self.failed:,} "
                f"failed in {self.elapsed:.1f} s ({self.rate:,.0f} stories/s)")
        if self.links_passed_over:
            text += (f"; {self.links_passed_over:,} symbolic link"
                     f"{'s' if self.links_passed_over != 1 else ''} passed over "
                     "(--follow-symlinks to convert what they point to)")
        if self.passed_over:
            text += f"; {describe_passed_over(self.passed_over)}"
        if self.errors_file is not None:
            text += f"; failures listed in {self.errors_file}"
        return text


def default_jobs() -> int:
    """The cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def run_batch(
    sources: Sequence[str | Path],
    config: BatchConfig,
    *,
    on_document: Callable[[str], None] | None = None,
    on_outcome: Callable[[Outcome, BatchReport], None] | None = None,
    stop: threading.Event | None = None,
    on_passed_over: Callable[[str, str], None] | None = None,
) -> BatchReport:
    """Convert every story under ``sources`` as ``config`` says; return the counts.

    ``on_document`` gets each JSON line (with its ``"source"``) when ``config.outdir`` is None;
    ``on_outcome`` is called in the parent process after each input, for progress. Setting
    ``stop`` (Ctrl-C in ``wireparse batch``) ends the run early: the inputs already handed to
    the workers are finished and settled, no other is started (``BatchReport.interrupted``).
    ``on_passed_over(path, reason)`` is told of each file or folder not taken as a story.
    Raises ``BatchError`` before converting anything when the arguments cannot work, and
    ``NoInputsError`` when nothing under ``sources`` is a story to convert.
    """
    created = config.outdir is not None and not config.outdir.exists()
    with OutdirLock(config.outdir) as lock:
        fresh_since, changed = None, False
        if config.outdir is not None:
            fresh_since, changed = check_and_record(
                config.outdir, options_record(config.options, ninjs_version=config.ninjs_version))
        walker = Walker(config, fold_case=lock.case_insensitive, fresh_since=fresh_since,
                        on_passed_over=on_passed_over)
        items = walker.walk(sources)
        worker = WorkerConfig(config.outdir, config.fmt, config.force, config.options,
                              lock.stamp(), config.ninjs_version, fresh_since)
        engine = make_engine(config, worker, lock.fileno)
        with ErrorLog(config.outdir) as errors:
            report = Runner(engine, errors, on_document, on_outcome, stop).run(items)
            report.errors_file = errors.path if errors.written else None
            report.links_passed_over = walker.links_passed_over
            report.passed_over = walker.passed_over
            report.options_changed = changed
    if report.done == 0 and not report.interrupted:
        if created and config.outdir is not None:
            _remove_empty_outdir(config.outdir)
        found = (f": {describe_passed_over(report.passed_over)}" if report.passed_over
                 else ": no files")
        raise NoInputsError(f"no story files to convert under {', '.join(map(str, sources))}"
                            f"{found} (--include GLOB takes files by name)")
    return report


def _remove_empty_outdir(outdir: Path) -> None:
    """An OUTDIR this run created and wrote no document to is not left behind."""
    for name in (LOCK_FILE, MANIFEST_FILE):
        (outdir / name).unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # something else is there now: leave it
        outdir.rmdir()


def count_inputs(sources: Sequence[str | Path], config: BatchConfig) -> int:
    """How many inputs ``run_batch`` will meet (for a progress bar's total)."""
    walker = Walker(config, fold_case=False, read_members=False)
    return sum(1 for _ in walker.walk(sources))


# --- Output names -------------------------------------------------------------------------


def output_names(names: Iterable[str], suffix: str, taken: Iterable[str] = (),
                 fold_case: bool = False) -> dict[str, str | None]:
    """The output name of each input file of one folder; None where no name is safe.

    A file's output is its stem plus ``suffix`` (``story.txt`` → ``story.json``). Files whose
    short names clash — ``a.txt`` and ``a.html``, or ``a.txt`` beside a folder ``a.json`` —
    keep their whole name instead (``a.txt.json``, ``a.html.json``); whatever still clashes
    after that gets None and is reported, never overwritten.

    >>> output_names(["a.txt", "a.html", "b.txt"], ".json")
    {'a.txt': 'a.txt.json', 'a.html': 'a.html.json', 'b.txt': 'b.json'}
    """
    key: Callable[[str], str] = str.casefold if fold_case else str
    chosen = {name: _stem(name) + suffix for name in names}
    reserved = Counter(key(name) for name in taken)
    long_names: set[str] = set()
    while True:
        claims = Counter(key(out) for out in chosen.values()) + reserved
        clashing = [n for n, out in chosen.items() if claims[key(out)] > 1 and n not in long_names]
        if not clashing:
            break
        for name in clashing:
            chosen[name] = name + suffix
            long_names.add(name)
    claims = Counter(key(out) for out in chosen.values()) + reserved
    return {n: (out if claims[key(out)] == 1 else None) for n, out in chosen.items()}


def _stem(name: str) -> str:
    name = plain_name(name)  # story.html.gz → story
    dot = name.rfind(".")
    return name[:dot] if dot > 0 else name


def is_archive(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


def _join(*parts: str) -> str:
    return "/".join(p for p in parts if p)


_DRIVE = re.compile(r"^[A-Za-z]:")


def safe_member_parts(name: str) -> list[str] | None:
    """An archive member's path as safe parts, or None if it could leave its folder.

    Absolute names, drive letters, ``..`` anywhere and control characters are refused rather
    than "repaired": a name that tries to climb out is not a story worth guessing at.

    >>> safe_member_parts("2019/./02/a.txt"), safe_member_parts("../etc/passwd")
    (['2019', '02', 'a.txt'], None)
    """
    if not name or name.startswith(("/", "\\")) or _DRIVE.match(name):
        return None
    if any(ord(ch) < 32 for ch in name):
        return None
    parts = [p for p in re.split(r"[/\\]", name) if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return parts


# --- Walking inputs ----------------------------------------------------------------------


class _Filters:
    """--include/--exclude: a pattern with "/" matches the path under SRC, else the name."""

    def __init__(self, include: Sequence[str], exclude: Sequence[str]) -> None:
        self._include = [self._compile(p) for p in include]
        self._exclude = [self._compile(p) for p in exclude]

    @staticmethod
    def _compile(pattern: str) -> tuple[bool, re.Pattern[str]]:
        return "/" in pattern, re.compile(fnmatch.translate(pattern.strip("/")))

    @staticmethod
    def _hit(patterns: list[tuple[bool, re.Pattern[str]]], inner: str) -> bool:
        name = inner.rpartition("/")[2]
        return any(rx.match(inner if whole else name) for whole, rx in patterns)

    def excluded(self, inner: str) -> bool:
        return self._hit(self._exclude, inner)

    def wanted_file(self, inner: str) -> bool:
        return self.file_reason(inner) is None

    def file_reason(self, inner: str) -> str | None:
        """Why the file at ``inner`` is passed over, or None to convert it. --include takes
        files by name whatever their type; without it, only story files are taken."""
        if self._include:
            if not self._hit(self._include, inner):
                return NOT_INCLUDED
        elif (reason := not_a_story(inner.rpartition("/")[2])) is not None:
            return reason
        return EXCLUDED if self.excluded(inner) else None


class Walker:
    """Enumerates the inputs under SRC paths lazily, with their output paths.

    Yields ``Task``s, and ``Outcome``s for inputs settled without a worker (unsafe or
    clashing names, unreadable archives, members whose output is up to date).
    """

    def __init__(self, config: BatchConfig, *, fold_case: bool = False,
                 read_members: bool = True, fresh_since: float | None = None,
                 on_passed_over: Callable[[str, str], None] | None = None) -> None:
        self._suffix = SUFFIXES[config.fmt]
        self._filters = _Filters(config.include, config.exclude)
        self._fold_case = fold_case
        self._read = read_members
        self._max_bytes = config.options.max_bytes
        self._outdir = config.outdir
        self._force = config.force
        self._outdir_id = _file_id(config.outdir) if config.outdir else None
        self._follow_links = config.follow_symlinks
        self.links_passed_over = 0
        """Links met so far and not followed (they point out of their SRC folder)."""
        self.passed_over: Counter[str] = Counter()
        """Files and folders not taken as stories, by reason."""
        self._on_passed_over = on_passed_over
        self._fresh_since = fresh_since

    def _pass_over(self, path: str, reason: str) -> None:
        self.passed_over[reason] += 1
        if self._on_passed_over is not None:
            self._on_passed_over(path, reason)

    def walk(self, sources: Sequence[str | Path]) -> Iterator[Task | Outcome]:
        """One folder SRC lands directly in OUTDIR; several each land under their own name."""
        paths = [os.fspath(s) for s in sources]
        if self._outdir_id is not None and any(_file_id(p) == self._outdir_id for p in paths):
            raise BatchError("OUTDIR is also a SRC: its documents would be read back as "
                             "stories; choose another OUTDIR")
        if len(paths) == 1 and os.path.isdir(paths[0]):
            return self._folder(paths[0], prefix="")
        names = [os.path.basename(os.path.normpath(p)) for p in paths]
        twice = sorted(n for n, c in Counter(names).items() if c > 1)
        if twice:
            raise BatchError(f"several SRC paths are named {twice[0]!r}; their outputs would "
                             "mix in OUTDIR — convert them in separate batches")
        return self._top_level(paths, names)

    def _top_level(self, paths: list[str], names: list[str]) -> Iterator[Task | Outcome]:
        plain = [n for p, n in zip(paths, names, strict=True)
                 if not os.path.isdir(p) and not is_archive(n)]
        folders = [n for n in names if n not in plain]
        outs = output_names(plain, self._suffix, folders, self._fold_case)
        for path, name in zip(paths, names, strict=True):
            if os.path.isdir(path):
                yield from self._folder(path, prefix=name)
            elif is_archive(name):
                yield from self._archive(path, out_dir=name, inner_dir="")
            else:
                yield self._file_task(path, outs[name], prefix="")

    def some(self, root: str, paths: Iterable[str]) -> Iterator[Task | Outcome]:
        """The inputs among ``paths`` (files and archives in the folder ``root``), with the
        output names a walk of the whole folder would give them: ``watch`` converts files
        as they land. Paths ``wanted`` refuses, and those gone, are left out."""
        inside = _Inside(root)
        by_folder: dict[str, set[str]] = defaultdict(set)
        for path in paths:
            by_folder[os.path.dirname(path)].add(os.path.basename(path))
        for folder in sorted(by_folder):
            inner = os.path.relpath(folder, root).replace(os.sep, "/")
            inner = "" if inner == "." else inner
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError:  # the folder went away: so did its files
                continue
            files, archives, dirs = self._sort_entries(entries, inner, inside)
            outs = output_names([f.name for f in files], self._suffix,
                                [e.name for e in archives + dirs], self._fold_case)
            names = by_folder[folder]
            for entry in files:
                if entry.name in names:
                    yield self._file_task(entry.path, outs[entry.name], inner)
            for entry in archives:
                if entry.name in names:
                    yield from self._archive(entry.path, _join(inner, entry.name),
                                             _join(inner, entry.name))

    def wanted(self, inner: str) -> bool:
        """Whether a walk would reach the file at ``inner`` (its path under SRC): no hidden
        part, no excluded folder on the way, and the file itself wanted."""
        parts = inner.split("/")
        if any(p.startswith(".") for p in parts):
            return False
        folders = ("/".join(parts[:depth]) for depth in range(1, len(parts)))
        if any(self._filters.excluded(f) for f in folders):
            return False
        if is_archive(parts[-1]):
            return not self._filters.excluded(inner)
        return self._filters.wanted_file(inner)

    def _file_task(self, path: str, out_name: str | None, prefix: str) -> Task | Outcome:
        if out_name is None:
            return Outcome("failed", path, _CLASH)
        return Task(path, _join(prefix, out_name), path=path)

    def _folder(self, root: str, prefix: str) -> Iterator[Task | Outcome]:
        inside = _Inside(root)
        seen: set[tuple[int, int] | None] = set()  # folders listed: links may make loops
        stack = [(root, "")]
        while stack:
            path, inner = stack.pop()
            folder_id = _file_id(path)
            if folder_id in seen and folder_id is not None:
                continue
            seen.add(folder_id)
            try:
                with os.scandir(path) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                yield Outcome("failed", path, f"cannot list folder: {exc.strerror or exc}")
                continue
            files, archives, dirs = self._sort_entries(entries, inner, inside)
            outs = output_names([f.name for f in files], self._suffix,
                                [e.name for e in archives + dirs], self._fold_case)
            out_dir = _join(prefix, inner)
            for entry in files:
                yield self._file_task(entry.path, outs[entry.name], out_dir)
            for entry in archives:
                yield from self._archive(entry.path, _join(out_dir, entry.name),
                                         _join(inner, entry.name))
            stack.extend((d.path, _join(inner, d.name)) for d in reversed(dirs))

    def _sort_entries(self, entries: list[os.DirEntry[str]], inner: str, inside: _Inside
                      ) -> tuple[list[os.DirEntry[str]], ...]:
        """Files, archives and sub-folders to visit; hidden names are passed over, and
        OUTDIR itself when it lies inside SRC. Links are followed with ``follow_symlinks``;
        else only a link to a file inside SRC is (and the others counted)."""
        files, archives, dirs = [], [], []
        for entry in entries:
            if entry.name.startswith("."):
                self._pass_over(entry.path, HIDDEN)
                continue
            entry_inner = _join(inner, entry.name)
            if entry.is_symlink() and not self._follow_links:
                if self._filters.excluded(entry_inner):
                    continue
                if not (entry.is_file() and inside.holds(entry.path)):
                    self.links_passed_over += 1
                    continue
            if entry.is_dir():
                if self._filters.excluded(entry_inner):
                    self._pass_over(entry.path, EXCLUDED)
                elif self._is_outdir(entry):
                    self._pass_over(entry.path, OUTDIR_ITSELF)
                elif is_output_folder(entry.path):
                    self._pass_over(entry.path, OUTPUT_FOLDER)
                else:
                    dirs.append(entry)
            elif not entry.is_file():
                self._pass_over(entry.path, NOT_REGULAR)
            elif is_archive(entry.name):
                if self._filters.excluded(entry_inner):
                    self._pass_over(entry.path, EXCLUDED)
                else:
                    archives.append(entry)
            elif (reason := self._filters.file_reason(entry_inner)) is not None:
                self._pass_over(entry.path, reason)
            else:
                files.append(entry)
        return files, archives, dirs

    def _is_outdir(self, entry: os.DirEntry[str]) -> bool:
        if self._outdir_id is None:
            return False
        st = entry.stat()
        return (st.st_dev, st.st_ino) == self._outdir_id

    # -- archives

    def _archive(self, path: str, out_dir: str, inner_dir: str) -> Iterator[Task | Outcome]:
        """An archive's members, streamed; its contents land in a folder named after it."""
        try:
            mtime = os.stat(path).st_mtime
            if path.lower().endswith(".zip"):
                yield from self._zip(path, out_dir, inner_dir, mtime)
            else:
                yield from self._tar(path, out_dir, inner_dir, mtime)
        except (OSError, EOFError, zlib.error, zipfile.BadZipFile, tarfile.TarError) as exc:
            yield Outcome("failed", path, f"cannot read archive: {one_line(exc)}")

    def _zip(self, path: str, out_dir: str, inner_dir: str, mtime: float
             ) -> Iterator[Task | Outcome]:
        with zipfile.ZipFile(path) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            plan = self._plan(path, [i.filename for i in infos if not _zip_is_link(i)],
                              out_dir, inner_dir)
            for info in infos:
                source = f"{path}!{info.filename}"
                if _zip_is_link(info):
                    yield Outcome("failed", source, _LINK_REFUSED)
                elif info.filename in plan:
                    yield self._member(source, plan[info.filename], mtime,
                                       partial(zf.open, info))

    def _tar(self, path: str, out_dir: str, inner_dir: str, mtime: float
             ) -> Iterator[Task | Outcome]:
        # Two streaming passes: the first reads only the headers, to name outputs (a clash
        # needs the whole folder's names); the second reads the members in archive order.
        with tarfile.open(path, "r|*") as tf:
            headers = [(m.name, m.isreg()) for m in _tar_members(tf) if not m.isdir()]
        plan = self._plan(path, [name for name, regular in headers if regular], out_dir,
                          inner_dir)
        if not self._read:  # counting inputs: the headers tell enough
            for name, regular in headers:
                if not regular or name in plan:
                    yield Task(f"{path}!{name}", "")
            return
        with tarfile.open(path, "r|*") as tf:
            for member in _tar_members(tf):
                source = f"{path}!{member.name}"
                if member.isdir():
                    continue
                if member.issym() or member.islnk():
                    yield Outcome("failed", source, _LINK_REFUSED)
                elif not member.isreg():
                    yield Outcome("failed", source, "not a regular file; not converted")
                elif member.name in plan:
                    yield self._member(source, plan[member.name], mtime,
                                       partial(tf.extractfile, member))

    def _member(self, source: str, output: str | _Refused, mtime: float,
                open_member: Callable[[], IO[bytes] | None]) -> Task | Outcome:
        if isinstance(output, _Refused):
            return Outcome("failed", source, output.reason)
        if not self._read:
            return Task(source, output)
        if self._is_current(output, mtime):
            return Outcome("skipped", source)
        try:
            data = _read_limited(open_member(), self._max_bytes)
        except (OSError, EOFError, RuntimeError, NotImplementedError, zlib.error,
                zipfile.BadZipFile, tarfile.TarError) as exc:
            # RuntimeError: an encrypted zip member; NotImplementedError: unknown compression.
            return Outcome("failed", source, f"cannot read member: {one_line(exc)}")
        return Task(source, output, data=data, mtime=mtime)

    def _is_current(self, output: str, mtime: float) -> bool:
        if self._outdir is None or self._force:
            return False
        return is_up_to_date(self._outdir / output, mtime, self._fresh_since)

    def _plan(self, archive: str, names: list[str], out_dir: str, inner_dir: str
              ) -> dict[str, str | _Refused]:
        """Member name → its output path, or why it is refused, for the wanted members."""
        files_in: dict[str, list[tuple[str, str]]] = defaultdict(list)
        dirs_in: dict[str, set[str]] = defaultdict(set)
        plan: dict[str, str | _Refused] = {}
        repeated = {name for name, n in Counter(names).items() if n > 1}
        for name in names:
            parts = safe_member_parts(name)
            if parts is None:
                plan[name] = _Refused(_UNSAFE_NAME)
            elif name in repeated:
                plan[name] = _Refused("the archive holds several members of this name")
            elif any(p.startswith(".") for p in parts):
                self._pass_over(f"{archive}!{name}", HIDDEN)
            elif (reason := self._member_reason(parts, inner_dir)) is not None:
                self._pass_over(f"{archive}!{name}", reason)
            else:
                for depth in range(len(parts) - 1):
                    dirs_in["/".join(parts[:depth])].add(parts[depth])
                files_in["/".join(parts[:-1])].append((name, parts[-1]))
        for folder, members in files_in.items():
            outs = output_names([base for _, base in members], self._suffix, dirs_in[folder],
                                self._fold_case)
            for name, base in members:
                out = outs[base]
                plan[name] = _join(out_dir, folder, out) if out else _Refused(_CLASH)
        return plan

    def _member_reason(self, parts: list[str], inner_dir: str) -> str | None:
        folders = (_join(inner_dir, *parts[:depth]) for depth in range(1, len(parts)))
        if any(self._filters.excluded(f) for f in folders):
            return EXCLUDED
        return self._filters.file_reason(_join(inner_dir, *parts))


class _Inside:
    """Whether a link's target lies inside a SRC folder."""

    def __init__(self, root: str) -> None:
        self._root = os.path.realpath(root)

    def holds(self, path: str) -> bool:
        target = os.path.realpath(path)
        return os.path.commonpath([self._root, target]) == self._root


class _Refused(NamedTuple):
    reason: str


_UNSAFE_NAME = "unsafe member name (absolute or with '..'); not extracted"
_LINK_REFUSED = "a link member; links are not followed"
_CLASH = "its output name clashes with another input's; not converted"


def _zip_is_link(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _tar_members(tf: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    for member in tf:
        yield member
        # why: TarFile keeps every header it has read in .members, even when streaming;
        # dropping them keeps memory flat on archives of millions of stories.
        tf.members = []  # type: ignore[attr-defined]


def _read_limited(fh: IO[bytes] | None, max_bytes: int) -> bytes:
    """At most max_bytes + 1 bytes: enough for the parser to refuse an oversized input."""
    if fh is None:
        raise OSError("member has no data")
    with fh:
        return fh.read(max_bytes + 1)


def _file_id(path: str | Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def is_up_to_date(target: Path, mtime: float, fresh_since: float | None = None) -> bool:
    """Whether ``target`` exists, is at least as new as its input and was made with this
    run's options (not older than ``fresh_since``: see ``wireparse.manifest``)."""
    try:
        written = os.stat(target).st_mtime
    except OSError:
        return False
    return written >= mtime and (fresh_since is None or written >= fresh_since)


# --- Converting one input (in a worker process) --------------------------------------------


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """What a worker needs to convert an input (the same for every input of a run)."""

    outdir: Path | None
    fmt: OutputFormat
    force: bool
    options: ParseOptions
    run_stamp: float | None = None
    """OUTDIR's clock when this run began: an output newer than it was written by this run."""
    ninjs_version: int = 2
    fresh_since: float | None = None
    """An output older than this was made with other parse options (``wireparse.manifest``)."""


def convert(task: Task, config: WorkerConfig) -> Outcome:
    """Parse one input and write its document; every error becomes the input's Outcome.

    The one conversion both engines run, in their workers.
    """
    target = config.outdir / task.output if config.outdir else None
    try:
        mtime = task.mtime
        if target is not None:
            mtime = mtime if mtime is not None else os.stat(task.path or "").st_mtime
            done = _done_before(target, mtime, config.run_stamp, config.fresh_since)
            if done == "this run":
                # A retry (a worker died after writing it): never write a document twice.
                return Outcome("converted", task.source)
            if done == "earlier" and not config.force:
                return Outcome("skipped", task.source)
        if task.data is not None:  # an archive member: compressed or not, by its first bytes
            data = read_limited(io.BytesIO(task.data), config.options.max_bytes)
        else:
            data = read_input(task.path or "", config.options.max_bytes)
        article = parse(data, source=task.source, options=config.options)
        if target is None:
            return Outcome("converted", task.source, article.to_json(indent=None))
        text = render_document(config.fmt, article,
                               OutputOptions(ninjs_version=config.ninjs_version))
        write_atomic(target, text, mtime)
        return Outcome("converted", task.source)
    except WireparseError as exc:
        return Outcome("failed", task.source, one_line(exc))
    except OSError as exc:
        return Outcome("failed", task.source, f"{exc.strerror or one_line(exc)}: "
                                              f"{exc.filename or task.source}")
    except Exception as exc:  # a parser bug must cost only this input, and is recorded
        if os.environ.get("WIREPARSE_DEBUG"):
            raise
        return Outcome("failed", task.source,
                       f"internal error ({type(exc).__name__}: {one_line(exc)}); please report it")


def _done_before(target: Path, mtime: float, run_stamp: float | None,
                 fresh_since: float | None = None) -> Literal["this run", "earlier"] | None:
    """Whether ``target`` is up to date, and if so whether this run wrote it."""
    try:
        written = os.stat(target).st_mtime
    except OSError:
        return None
    if written < mtime or (fresh_since is not None and written < fresh_since):
        return None
    # An output dated like its input was dated by write_atomic (a future mtime): by whom
    # cannot be told, and it is then taken as earlier.
    if run_stamp is not None and written > run_stamp and written != mtime:
        return "this run"
    return "earlier"


def failed(task: Task, reason: str) -> Outcome:
    return Outcome("failed", task.source, reason)


def write_atomic(target: Path, text: str, mtime: float | None = None) -> None:
    """Write ``text`` to ``target`` so that no reader, and no kill, sees it half-written.

    ``mtime`` is the input's: an input dated in the future dates its output alike, so that a
    rerun does not see it as stale forever.
    """
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        fh = open(tmp, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
    except FileNotFoundError:  # first output in this folder: create it only now
        target.parent.mkdir(parents=True, exist_ok=True)
        fh = open(tmp, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
    with fh:
        fh.write(text)
    os.replace(tmp, target)
    if mtime is not None and mtime > time.time():
        os.utime(target, (mtime, mtime))


# --- The parent process ------------------------------------------------------------------


class Engine(Protocol):
    """Runs chunks of tasks and gives back their outcomes, oldest chunk first; ``submit``
    and ``collect_oldest`` settle every task exactly once, also when a worker dies.

    ``collect_oldest`` also says whether it already passed that chunk's outcomes to
    ``on_finished`` (an engine that sees chunks finish out of order tells them as they
    finish, for progress; they are still settled in input order)."""

    window: int
    """How many chunks to keep in flight."""
    chunk_files: int
    chunk_bytes: int
    on_finished: Callable[[list[Outcome]], None] | None

    def __len__(self) -> int: ...
    def submit(self, chunk: list[Task]) -> None: ...
    def collect_oldest(self) -> tuple[list[Outcome], bool]: ...
    def close(self, cancel: bool = False) -> None: ...


class LocalEngine:
    """``jobs`` worker processes on this machine, each input under the watchdog."""

    chunk_files = CHUNK_FILES
    chunk_bytes = CHUNK_BYTES

    def __init__(self, config: BatchConfig, worker: WorkerConfig, lock_fd: int | None) -> None:
        self.window = config.jobs * WINDOW_PER_JOB
        self.on_finished: Callable[[list[Outcome]], None] | None = None  # in order anyway
        self._pool: SupervisedPool[Task, WorkerConfig, Outcome] = SupervisedPool(
            config.jobs, convert, worker, failed, timeout=config.timeout, close_fd=lock_fd)

    def __len__(self) -> int:
        return len(self._pool)

    def submit(self, chunk: list[Task]) -> None:
        self._pool.submit(chunk)

    def collect_oldest(self) -> tuple[list[Outcome], bool]:
        return self._pool.collect_oldest(), False

    def close(self, cancel: bool = False) -> None:
        self._pool.close(cancel)


def make_engine(config: BatchConfig, worker: WorkerConfig, lock_fd: int | None) -> Engine:
    if config.engine == "dask":
        from .dask_engine import DaskEngine

        return DaskEngine(config, worker)
    return LocalEngine(config, worker, lock_fd)


class Runner:
    """Feeds chunks of tasks to an engine, a bounded window at a time, and settles every
    input exactly once, in input order — also those the walk settles itself — so that
    stdout and the errors file are the same whatever the engine, jobs and chunk sizes."""

    def __init__(self, engine: Engine, errors: ErrorLog,
                 on_document: Callable[[str], None] | None,
                 on_outcome: Callable[[Outcome, BatchReport], None] | None,
                 stop: threading.Event | None = None) -> None:
        self._engine = engine
        self._errors = errors
        self._on_document = on_document
        self._on_outcome = on_outcome
        self._stop = stop
        self._report = BatchReport()
        engine.on_finished = self._count_finished
        # Items in input order, a batch at a time; a batch with tasks waits for the engine.
        self._queue: deque[tuple[list[Task | Outcome], bool]] = deque()
        self._held = 0  # walk outcomes in the queue

    @property
    def report(self) -> BatchReport:
        return self._report

    def _stopped(self) -> bool:
        if self._stop is not None and self._stop.is_set():
            self._report.interrupted = True
        return self._report.interrupted

    def run(self, items: Iterator[Task | Outcome]) -> BatchReport:
        finished = False
        try:
            self.feed(items)
            # The chunks in hand are finished and settled, also after a stop: a window's worth.
            self.drain()
            finished = True
        finally:
            self._engine.close(cancel=not finished)
        self._report.finished = time.monotonic()
        return self._report

    def feed(self, items: Iterator[Task | Outcome]) -> None:
        """Send ``items`` to the engine, settling earlier ones as the window asks."""
        engine = self._engine
        for batch, tasks in self._batches(items):
            if tasks:
                while len(engine) >= engine.window and not self._stopped():
                    self._collect_oldest()
                if self._stopped():
                    break
                engine.submit(tasks)
            self._queue.append((batch, bool(tasks)))
            self._held += len(batch) - len(tasks)
            self._settle_ready()
            while self._held > MAX_HELD_OUTCOMES:
                self._collect_oldest()

    def drain(self) -> None:
        """Settle everything fed so far."""
        while self._queue:
            self._collect_oldest()

    def _batches(self, items: Iterator[Task | Outcome]
                 ) -> Iterator[tuple[list[Task | Outcome], list[Task]]]:
        """Items in input order, cut after each full chunk of tasks (and after an outcome
        with no task before it, which needs no worker)."""
        batch: list[Task | Outcome] = []
        tasks: list[Task] = []
        size = 0
        for item in items:
            if self._stopped():
                return
            batch.append(item)
            if isinstance(item, Task):
                tasks.append(item)
                size += len(item.data or b"")
            if (not tasks or len(tasks) >= self._engine.chunk_files
                    or size >= self._engine.chunk_bytes
                    or len(batch) - len(tasks) >= MAX_HELD_OUTCOMES):
                yield batch, tasks
                batch, tasks, size = [], [], 0
        if batch:
            yield batch, tasks

    def _collect_oldest(self) -> None:
        batch, _ = self._queue.popleft()
        outcomes, counted = self._engine.collect_oldest()
        done = iter(outcomes)
        for item in batch:
            if isinstance(item, Task):
                self._settle(next(done), counted)
            else:
                self._held -= 1
                self._settle(item)
        self._settle_ready()

    def _settle_ready(self) -> None:
        """Settle the walk's outcomes now at the head of the queue."""
        while self._queue and not self._queue[0][1]:
            batch, _ = self._queue.popleft()
            self._held -= len(batch)
            for item in batch:
                assert isinstance(item, Outcome)
                self._settle(item)

    def _count_finished(self, outcomes: list[Outcome]) -> None:
        """A chunk finished ahead of older ones: count it now, for progress."""
        for outcome in outcomes:
            self._count(outcome)

    def _count(self, outcome: Outcome) -> None:
        self._report.count(outcome.status)
        if self._on_outcome is not None:
            self._on_outcome(outcome, self._report)

    def _settle(self, outcome: Outcome, counted: bool = False) -> None:
        if outcome.status == "failed":
            self._errors.record(outcome)
        elif outcome.detail is not None and self._on_document is not None:
            self._on_document(outcome.detail)
        if not counted:
            self._count(outcome)


class ErrorLog:
    """``OUTDIR/errors.jsonl``: one line per failed input of the latest run, written as the
    failures happen. It exists only when something failed."""

    def __init__(self, outdir: Path | None) -> None:
        self.path = outdir / ERRORS_FILE if outdir else None
        self.written = False
        self._fh: IO[str] | None = None

    def __enter__(self) -> ErrorLog:
        if self.path is not None:
            # Failures of an earlier run are retried in this one (they have no output), so
            # the old list would only mislead.
            self.path.unlink(missing_ok=True)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            self._fh.close()

    def record(self, outcome: Outcome) -> None:
        self.written = True
        if self.path is None:
            return
        if self._fh is None:
            self._fh = open(self.path, "w", encoding="utf-8")  # noqa: SIM115
        line = {"source": outcome.source, "error": outcome.detail}
        self._fh.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._fh.flush()


class OutdirLock:
    """Creates OUTDIR and holds ``OUTDIR/.wireparse-batch.lock``: two batches writing one
    OUTDIR would race on its files. The lock file also tells whether the file system folds
    case (then ``A.txt`` and ``a.txt`` would share an output)."""

    def __init__(self, outdir: Path | None) -> None:
        self._outdir = outdir
        self.fileno: int | None = None
        self.case_insensitive = False

    def __enter__(self) -> OutdirLock:
        if self._outdir is None:
            return self
        try:
            self._outdir.mkdir(parents=True, exist_ok=True)
            lock_path = self._outdir / LOCK_FILE
            self.fileno = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutdirError(f"cannot use {self._outdir} as OUTDIR: "
                             f"{exc.strerror or exc}") from None
        self._acquire()
        self.case_insensitive = (self._outdir / LOCK_FILE.upper()).exists()
        return self

    def _acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; one batch per OUTDIR is on you
            return
        try:
            fcntl.flock(self.fileno, fcntl.LOCK_EX | fcntl.LOCK_NB)  # type: ignore[arg-type]
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                return  # a file system without locks (some NFS): go on unguarded
            os.close(self.fileno)  # type: ignore[arg-type]
            self.fileno = None
            raise OutdirError(f"another wireparse batch is writing to {self._outdir}") from None

    def stamp(self) -> float | None:
        """Touch the lock file and return its new mtime: OUTDIR's clock (a file server's, on
        a network share) at the start of this run."""
        if self.fileno is None:
            return None
        try:
            os.utime(self.fileno)
            return os.fstat(self.fileno).st_mtime
        except (OSError, NotImplementedError):  # no futimens: retries will count as skipped
            return None

    def __exit__(self, *exc: object) -> None:
        if self.fileno is not None:
            os.close(self.fileno)
