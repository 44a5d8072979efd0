"""``wireparse batch``: convert folders and archives of stories, with progress on stderr."""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ..batch import (
    BatchConfig,
    BatchError,
    BatchReport,
    EngineError,
    Outcome,
    OutdirError,
    count_inputs,
    default_jobs,
    run_batch,
)
from ..inputs import shown
from ..outputs import AtomicFile
from ..pool import DEFAULT_TIMEOUT
from .common import (
    EXIT_CODES_HELP,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    OutputError,
    cannot_write,
    ninjs_version_option,
    options_from_flags,
    parse_options,
    report_error,
)

F = TypeVar("F", bound=Callable[..., Any])


def run_options(func: F) -> F:
    """The flags ``batch`` and ``watch`` share about how inputs are run."""
    func = click.option("--follow-symlinks", is_flag=True,
                        help="Follow symbolic links in SRC folders wherever they point [default: "
                             "only links to files inside the folder; the others are counted "
                             "in the summary].")(func)
    func = click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT,
                        show_default=True, metavar="SECONDS",
                        help="Stop an input still being converted after this long, record it "
                             "as failed and replace its worker (0: no limit).")(func)
    return func


def run_config(outdir: Path | None, *, fmt: str, ninjs_version: int, jobs: int | None,
               force: bool, include: tuple[str, ...], exclude: tuple[str, ...],
               timeout: float, follow_symlinks: bool, reference_date: dt.date | None,
               input_format: str, max_bytes: int, **engine: Any) -> BatchConfig:
    """The one place where the flags ``batch`` and ``watch`` share become a ``BatchConfig``."""
    return BatchConfig(
        outdir=outdir,
        fmt=fmt,  # type: ignore[arg-type]
        ninjs_version=ninjs_version,
        jobs=jobs or default_jobs(),
        force=force,
        include=include,
        exclude=exclude,
        options=options_from_flags(reference_date, input_format, max_bytes),
        timeout=timeout or None,
        follow_symlinks=follow_symlinks,
        **engine,
    )


# why: a log file or CI console wants a sign of life, not a line per story.
PLAIN_PROGRESS_EVERY = 10.0  # seconds
# why: redrawing a bar per story would cost the parent process more than it tells anyone.
BAR_REFRESH_EVERY = 0.1  # seconds


@click.command("batch", epilog=EXIT_CODES_HELP)
@click.argument("sources", nargs=-1, required=True, metavar="SRC...",
                type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", required=True, metavar="OUTDIR|FILE.jsonl|-",
              type=click.Path(allow_dash=True),
              help="Folder for the documents (mirroring the inputs' paths); or one JSON Lines "
                   "file (a name ending in .jsonl), or - for JSON Lines on stdout.")
@click.option("-f", "--format", "fmt", type=click.Choice(["json", "md", "ninjs", "nitf"]),
              default="json", show_default=True, help="Document format in OUTDIR.")
@ninjs_version_option
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: the machine's cores].")
@click.option("--force", is_flag=True, help="Convert again inputs whose output is up to date.")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Convert only files matching GLOB (repeatable). A GLOB with / matches the "
                   "path under SRC, else the file name.")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Skip files and folders matching GLOB (repeatable).")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress and no summary on stderr (failures of -o - are still told).")
@click.option("-v", "--verbose", is_flag=True,
              help="List on stderr each file and folder passed over, with the reason.")
@run_options
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True,
              help="Where the work runs: processes on this machine, or a Dask cluster "
                   "(pip install 'wireparse[dask]').")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="With --engine dask: a running Dask scheduler whose workers see SRC and "
                   "OUTDIR at the same paths [default: start a local cluster of -j workers].")
@parse_options
@click.pass_context
def batch(ctx: click.Context, sources: tuple[Path, ...], output: str, fmt: str,
          jobs: int | None, force: bool, include: tuple[str, ...], exclude: tuple[str, ...],
          quiet: bool, verbose: bool, timeout: float, follow_symlinks: bool, engine: str,
          scheduler: str | None, reference_date: dt.date | None, input_format: str,
          max_bytes: int, ninjs_version: int) -> None:
    """Convert story files, folders and .zip/.tar/.tar.gz archives into OUTDIR.

    Each input becomes one document at its path under OUTDIR (2019/02/story.txt →
    OUTDIR/2019/02/story.json; archive members under a folder named after the archive).
    A rerun converts only what is new or changed, or made with other parse options. Inputs
    that fail are listed in OUTDIR/errors.jsonl. In folders and archives only story files are
    read (.txt .html .xml .md …, compressed or not; see the README), never wireparse's own
    outputs; what is passed over is counted in the summary.
    """
    lines_file = _lines_file(ctx, output)
    if (output == "-" or lines_file) and fmt != "json":
        raise click.UsageError(f"-o {output} writes JSON Lines; --format {fmt} needs an "
                               "OUTDIR", ctx=ctx)
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler is for --engine dask", ctx=ctx)
    config = run_config(
        None if output == "-" or lines_file else Path(output), fmt=fmt,
        ninjs_version=ninjs_version, jobs=jobs, force=force, include=include, exclude=exclude,
        timeout=timeout, follow_symlinks=follow_symlinks, reference_date=reference_date,
        input_format=input_format, max_bytes=max_bytes, engine=engine, scheduler=scheduler)
    console = Console(stderr=True)
    display = _display_for(console, quiet, to_stdout=config.outdir is None)
    sink = _LinesSink(output if lines_file else None)
    try:
        with display, sink, _CtrlC(sink.tmp) as ctrl_c:
            display.start_count(sources, config)
            report = run_batch(sources, config, on_outcome=display.update,
                               on_document=sink.write, stop=ctrl_c.stop,
                               on_passed_over=_lister(console) if verbose else None)
    except OutdirError as exc:  # not a usage mistake: OUTDIR is in use or cannot be written
        raise OutputError(str(exc)) from None
    except BatchError as exc:
        raise click.UsageError(str(exc), ctx=ctx) from None
    except EngineError as exc:  # the cluster went away mid-run
        report_error(str(exc))
        ctx.exit(EXIT_FAILED)
    except OSError as exc:  # the JSON Lines file
        raise cannot_write(output, exc) from None
    except KeyboardInterrupt:  # before or after the run, where _CtrlC is not listening
        console.print(f"wireparse batch: interrupted; {_RERUN}", soft_wrap=True)
        ctx.exit(EXIT_INTERRUPTED)
    sys.stdout.flush()
    if report.interrupted:
        console.print(f"wireparse batch: interrupted ({report}); {_RERUN}", markup=False,
                      highlight=False, soft_wrap=True)
        ctx.exit(EXIT_INTERRUPTED)
    if not quiet:
        if report.options_changed:
            console.print("wireparse batch: the parse options differ from those OUTDIR's "
                          "documents were made with, so every input was converted again",
                          markup=False, highlight=False, soft_wrap=True)
        _print_summary(console, report)
    ctx.exit(report.return_code)


def _lines_file(ctx: click.Context, output: str) -> bool:
    """Whether ``-o`` names one JSON Lines file rather than an OUTDIR (a usage error for a
    name that can be neither)."""
    if output == "-" or Path(output).is_dir():
        return False
    lower = output.lower()
    if lower.endswith(".jsonl"):
        return True
    if lower.endswith(".json"):
        raise click.UsageError(f"-o {output}: a batch writes one document a line (JSON Lines): "
                               "name the file .jsonl, or give a folder", ctx=ctx)
    if Path(output).exists():
        raise click.UsageError(f"-o {output} is a file: give a folder for the documents, a "
                               ".jsonl file or -", ctx=ctx)
    return False


class _LinesSink:
    """Where the JSON lines go: stdout, or ``-o FILE.jsonl`` written under a temporary name and
    renamed over FILE when the batch ends (also after one Ctrl-C: its lines are whole), so
    FILE is never half-written."""

    def __init__(self, path: str | None) -> None:
        self._file = AtomicFile(path) if path else None
        self._out: IO[str] = sys.stdout
        self.tmp: Path | None = self._file.tmp if self._file else None

    def __enter__(self) -> _LinesSink:
        if self._file is not None:
            self._out = self._file.open()
        return self

    def write(self, line: str) -> None:
        self._out.write(line + "\n")

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if self._file is None:
            return
        if exc_type is None:
            self._file.commit()
        else:
            self._file.abort()


def _lister(console: Console) -> Callable[[str, str], None]:
    def passed_over(path: str, reason: str) -> None:
        console.print(f"passed over: {shown(path)} ({reason})", markup=False, highlight=False,
                      soft_wrap=True)
    return passed_over


# Every document written is whole (atomic writes), and a rerun skips what is up to date.
_RERUN = "the documents written are kept — run the same command again to convert the rest"


class _CtrlC:
    """Ctrl-C during a batch. The first sets ``stop``: the inputs in hand are finished, no
    other is started, and the batch ends with exit code 130. A second stops at once: the
    workers are killed and the process exits 130 without waiting for anything (a write in
    progress leaves only its temporary file, which the rerun replaces).

    Both are told on stderr with ``os.write``: a signal handler must not re-enter the console
    or a buffered stream the interrupted code may be writing to.
    """

    def __init__(self, leftover: Path | None = None) -> None:
        self.stop = threading.Event()
        self._previous: Any = None
        self._leftover = leftover

    def __enter__(self) -> _CtrlC:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _handle(self, signum: int, frame: object) -> None:
        if not self.stop.is_set():
            self.stop.set()
            _say("\nwireparse batch: stopping once the stories in hand are done "
                 "(Ctrl-C again to stop at once)")
            return
        _say(f"\nwireparse batch: stopped; {_RERUN}")
        if self._leftover is not None:
            with contextlib.suppress(OSError):
                self._leftover.unlink()
        with contextlib.suppress(Exception):  # Linux kills them with us anyway (PDEATHSIG)
            for child in multiprocessing.active_children():
                os.kill(child.pid or 0, signal.SIGKILL)
        os._exit(EXIT_INTERRUPTED)


def _say(line: str) -> None:
    with contextlib.suppress(OSError):
        os.write(2, (line + "\n").encode("utf-8", "replace"))


def _print_summary(console: Console, report: BatchReport) -> None:
    style = "red" if report.failed else "green"
    console.print(Text.assemble(("wireparse batch: ", "bold"), (str(report), style)),
                  soft_wrap=True)


def _display_for(console: Console, quiet: bool, to_stdout: bool) -> _Quiet:
    if quiet:
        return _Quiet(console, to_stdout)
    if console.is_terminal:
        return _Bar(console, to_stdout)
    return _PlainLines(console, to_stdout)


class _Quiet:
    """--quiet: no progress. Failures of a ``-o -`` run (which has no errors file) are still
    told on stderr, one line ``Error: SOURCE: reason`` each: nothing is lost silently."""

    def __init__(self, console: Console, to_stdout: bool) -> None:
        self._console = console
        self._to_stdout = to_stdout

    def __enter__(self) -> _Quiet:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def start_count(self, sources: tuple[Path, ...], config: BatchConfig) -> None:
        pass

    def update(self, outcome: Outcome, report: BatchReport) -> None:
        if outcome.status == "failed" and self._to_stdout:
            self._console.print(f"Error: {shown(outcome.source)}: {outcome.detail}", markup=False,
                                highlight=False, soft_wrap=True)
        self.tick(report)

    def tick(self, report: BatchReport) -> None:
        pass


class _PlainLines(_Quiet):
    """Not a terminal: a progress line every PLAIN_PROGRESS_EVERY seconds."""

    def __init__(self, console: Console, to_stdout: bool) -> None:
        super().__init__(console, to_stdout)
        self._next = time.monotonic() + PLAIN_PROGRESS_EVERY

    def tick(self, report: BatchReport) -> None:
        now = time.monotonic()
        if now >= self._next:
            self._next = now + PLAIN_PROGRESS_EVERY
            self._console.print(f"wireparse batch: {report.done:,} done ({report.converted:,} "
                                f"converted, {report.skipped:,} skipped, {report.failed:,} "
                                f"failed), {report.rate:,.0f} stories/s",
                                markup=False, highlight=False, soft_wrap=True)


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} files/s" if speed else "– files/s", style="cyan")


class _Bar(_Quiet):
    """A terminal: a rich progress bar (files done, rate, ETA once the inputs are counted)."""

    def __init__(self, console: Console, to_stdout: bool) -> None:
        super().__init__(console, to_stdout)
        self._report: BatchReport | None = None
        self._progress = Progress(
            TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), _RateColumn(),
            TextColumn("[red]{task.fields[failed]} failed"), TimeElapsedColumn(),
            TextColumn("ETA"), TimeRemainingColumn(), console=console,
        )
        self._task = self._progress.add_task("batch", total=None, failed=0)
        self._last = 0.0

    def __enter__(self) -> _Bar:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._report is not None:  # the last updates may have been throttled away
            self._show(self._report)
        self._progress.stop()

    def start_count(self, sources: tuple[Path, ...], config: BatchConfig) -> None:
        """Count the inputs beside the batch: the walk is cheap next to parsing, and an ETA
        is worth it; until then the bar has no total."""
        def count() -> None:
            try:
                total = count_inputs(sources, config)
            except (BatchError, OSError):
                return  # the batch itself reports the problem; the bar just has no total
            self._progress.update(self._task, total=total)

        threading.Thread(target=count, name="wireparse-count", daemon=True).start()

    def tick(self, report: BatchReport) -> None:
        self._report = report
        now = time.monotonic()
        if now - self._last >= BAR_REFRESH_EVERY:
            self._last = now
            self._show(report)

    def _show(self, report: BatchReport) -> None:
        self._progress.update(self._task, completed=report.done, failed=report.failed)
