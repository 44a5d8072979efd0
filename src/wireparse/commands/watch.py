"""``wireparse watch``: convert stories as they land in a drop folder, until stopped."""

from __future__ import annotations

import datetime as dt
import signal
import threading
from pathlib import Path
from types import FrameType

import click
from rich.console import Console
from rich.text import Text

from ..batch import BatchError, BatchReport, Outcome, OutdirError
from ..inputs import shown
from ..watch import POLL_EVERY, STABLE_FOR, Watch, WatchConfig
from .batch import run_config, run_options
from .common import (
    EXIT_CODES_HELP,
    EXIT_OK,
    OutputError,
    ninjs_version_option,
    parse_options,
)


@click.command("watch", epilog=EXIT_CODES_HELP)
@click.argument("inbox", metavar="INBOX",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, metavar="OUTDIR",
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the documents (mirroring the stories' paths in INBOX).")
@click.option("-f", "--format", "fmt", type=click.Choice(["json", "md", "ninjs", "nitf"]),
              default="json", show_default=True, help="Document format in OUTDIR.")
@ninjs_version_option
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: the machine's cores].")
@click.option("--force", is_flag=True,
              help="At the start, convert again stories whose output is up to date.")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Convert only files matching GLOB (repeatable), as in batch.")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Leave files and folders matching GLOB alone (repeatable).")
@click.option("--done-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Move each converted story here (under its path in INBOX) once its "
                   "document is written [default: leave it in INBOX].")
@click.option("--once", is_flag=True,
              help="Convert what is in INBOX now (waiting for files still being written), "
                   "then exit.")
@click.option("--poll", is_flag=True,
              help=f"Scan INBOX every {POLL_EVERY:g} s instead of listening to file-system "
                   "events (for network shares that send none).")
@click.option("--stable-for", type=click.FloatRange(min=0), default=STABLE_FOR,
              show_default=True, metavar="SECONDS",
              help="Without close-after-write events, a file is complete when its size "
                   "and time have not changed for this long.")
@click.option("-q", "--quiet", is_flag=True, help="No line per story and no summary.")
@run_options
@parse_options
@click.pass_context
def watch(ctx: click.Context, inbox: Path, output: Path, fmt: str, jobs: int | None,
          force: bool, include: tuple[str, ...], exclude: tuple[str, ...],
          done_dir: Path | None, once: bool, poll: bool, stable_for: float, quiet: bool,
          timeout: float, follow_symlinks: bool, reference_date: dt.date | None,
          input_format: str, max_bytes: int, ninjs_version: int) -> None:
    """Convert each story that lands in INBOX (or a folder under it) into OUTDIR.

    A story is read only once complete: temporary names (a leading dot, .tmp, .part, …)
    are ignored until renamed, and a file being written waits for its writer to close it
    (or, without such events, for its size to stay put). Runs until Ctrl-C or SIGTERM,
    then exits 0; after a restart it converts what arrived meanwhile, and nothing twice.
    Failures are listed in OUTDIR/errors.jsonl; --once exits 1 if there were any.
    """
    config = WatchConfig(
        inbox=inbox,
        batch=run_config(
            output, fmt=fmt, ninjs_version=ninjs_version, jobs=jobs, force=force,
            include=include, exclude=exclude, timeout=timeout, follow_symlinks=follow_symlinks,
            reference_date=reference_date, input_format=input_format, max_bytes=max_bytes),
        done_dir=done_dir,
        poll=poll,
        stable_for=stable_for,
        once=once,
    )
    console = Console(stderr=True)
    stop = threading.Event()
    log = _Log(console, quiet)
    try:
        watcher = Watch(config, on_outcome=log.outcome, on_notice=log.notice)
    except BatchError as exc:
        raise click.UsageError(str(exc), ctx=ctx) from None
    with _StopOnSignals(stop):
        try:
            report = watcher.run(stop)
        except OutdirError as exc:
            raise OutputError(str(exc)) from None
        except BatchError as exc:
            raise click.UsageError(str(exc), ctx=ctx) from None
    log.summary(report)
    ctx.exit(report.return_code if once else EXIT_OK)


class _Log:
    """A line on stderr per story converted or failed (skipped ones, done before a restart,
    say nothing), and the summary at the end."""

    def __init__(self, console: Console, quiet: bool) -> None:
        self._console = console
        self._quiet = quiet

    def _line(self, text: str, style: str = "") -> None:
        if not self._quiet:
            self._console.print(Text.assemble(("wireparse watch: ", "bold"), (text, style)),
                                soft_wrap=True, highlight=False)

    def notice(self, message: str) -> None:
        self._line(shown(message))

    def outcome(self, outcome: Outcome, report: BatchReport) -> None:
        if outcome.status == "converted":
            self._line(f"converted {shown(outcome.source)}")
        elif outcome.status == "failed":
            self._line(f"failed {shown(outcome.source)}: {outcome.detail}", "red")

    def summary(self, report: BatchReport) -> None:
        self._line(str(report), "red" if report.failed else "green")


class _StopOnSignals:
    """SIGINT and SIGTERM ask the watch to stop once the stories in hand are done; a second
    one stops it at once (Ctrl-C's usual exit, 130)."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self, stop: threading.Event) -> None:
        self._stop = stop
        self._saved: dict[int, object] = {}

    def __enter__(self) -> _StopOnSignals:
        if threading.current_thread() is threading.main_thread():
            for sig in self.SIGNALS:
                self._saved[sig] = signal.signal(sig, self._handle)
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._stop.is_set():
            raise KeyboardInterrupt
        self._stop.set()

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._saved.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
