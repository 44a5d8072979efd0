"""What every command shares: the parse flags, the exit codes and the one error policy.

A leaf module: it imports the library, never ``wireparse.cli`` or another command.

The error policy, the same for every command:

- a usage mistake (unknown command or option, bad value) is click's usage message, exit 2;
- an input that cannot be read or parsed is one line ``Error: NAME: reason`` on stderr, the
  other inputs still go on, exit 1;
- an output that cannot be written is one line ``Error: …``, exit 1, nothing half-written;
- Ctrl-C is one line, exit 130; a reader that closes stdout (``| head``) is silence, exit 141.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..api import parse
from ..errors import WireparseError
from ..inputs import one_line, read_source, shown
from ..knowledge.loader import Knowledge, KnowledgeError, load_knowledge
from ..model import Article
from ..options import DEFAULT_MAX_BYTES, ParseOptions, coerce_date

EXIT_OK = 0
EXIT_FAILED = 1
"""An input could not be parsed or an output could not be written (each told in one line)."""
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
"""128 + SIGINT, as a shell reports a Ctrl-C'd command."""
EXIT_STDOUT_CLOSED = 141
"""128 + SIGPIPE, as a shell reports a command whose reader left (`| head`): not a failure."""

# Shown at the end of every command's --help ("\b" keeps click from re-wrapping it).
EXIT_CODES_HELP = """\b
Exit codes: 0 done; 1 an input could not be parsed or an output not written
(one "Error:" line each on stderr; the other inputs are still done); 2 usage
error; 130 interrupted (Ctrl-C); 141 stdout closed early (e.g. | head)."""

F = TypeVar("F", bound=Callable[..., Any])


class ReferenceDate(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> dt.date | None:
        if value is None or isinstance(value, dt.date):
            return value
        try:
            return coerce_date(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date of the form YYYY-MM-DD", param, ctx)


def options_from_flags(reference_date: dt.date | None, input_format: str,
                       max_bytes: int | None) -> ParseOptions:
    """The one place where CLI flags become ``ParseOptions`` (``--knowledge`` is read by its
    own callback, which leaves the loaded tables in the click context)."""
    ctx = click.get_current_context(silent=True)
    knowledge = ctx.meta.get(_KNOWLEDGE_KEY) if ctx is not None else None
    return ParseOptions.build(
        reference_date=reference_date,
        input_format=input_format,  # type: ignore[arg-type]
        max_bytes=max_bytes,
        knowledge=knowledge,
    )


_KNOWLEDGE_KEY = "wireparse.knowledge"


def _load_knowledge(ctx: click.Context, param: click.Parameter,
                    value: tuple[str, ...]) -> Knowledge | None:
    """Load ``--knowledge`` files once, here: a bad file is a usage error (exit 2)."""
    if not value:
        return None
    try:
        knowledge = load_knowledge(tuple(value))
    except KnowledgeError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    ctx.meta[_KNOWLEDGE_KEY] = knowledge
    return knowledge


def parse_options(func: F) -> F:
    """The flags every parsing command shares."""
    func = click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES,
                        show_default=True, help="Refuse inputs larger than this.")(func)
    func = click.option("--input-format",
                        type=click.Choice(["auto", "text", "html", "md", "nitf", "newsml",
                                           "ninjs"]),
                        default="auto", show_default=True,
                        help="Force the reader instead of sniffing the input.")(func)
    func = click.option("--knowledge", type=click.Path(exists=True, dir_okay=False),
                        multiple=True, expose_value=False, callback=_load_knowledge,
                        is_eager=True,
                        help="A TOML file of your own agencies, dateline styles, junk "
                             "rows… on top of the built-in ones (docs/knowledge.md); "
                             "repeatable.")(func)
    func = click.option("--reference-date", type=ReferenceDate(), default=None,
                        help="Year source for datelines that print none (e.g. the archive "
                             "date).")(func)
    return func


def ninjs_version_option(func: F) -> F:
    """``--ninjs-version``: the ninjs branch ``--format ninjs`` writes."""
    return click.option("--ninjs-version", type=click.Choice(["1", "2", "3"]), default="2",
                        show_default=True, callback=lambda _ctx, _param, value: int(value),
                        help="ninjs branch for --format ninjs (schemas 1.6, 2.2, 3.1).")(func)


def report_error(message: str) -> None:
    """One line ``Error: …`` on stderr."""
    click.echo(f"Error: {message}", err=True)


def parse_source(name: str, options: ParseOptions) -> Article | None:
    """Read and parse one input (a path or ``-``); a failure is reported as one line
    ``Error: NAME: reason`` and gives None, so the caller goes on with the other inputs."""
    try:
        data = read_source(name, options.max_bytes)
        return parse(data, source=name, options=options)
    except WireparseError as exc:
        report_error(f"{shown(name)}: {exc}")
    except Exception as exc:  # a parser bug must not cost the other inputs their output
        if os.environ.get("WIREPARSE_DEBUG"):
            raise
        report_error(f"{shown(name)}: internal error ({type(exc).__name__}: {one_line(exc)}); "
                     "please report it")
    return None


class OutputError(click.ClickException):
    """An output that cannot be written: ``Error: …``, exit 1 (not a usage error)."""

    exit_code = EXIT_FAILED


def cannot_write(name: str, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {shown(name)}: {exc.strerror or one_line(exc)}")
