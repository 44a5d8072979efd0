"""The ``wireparse`` command: reads input, calls the library, writes output. Nothing more.

Exit codes: 0 all inputs parsed; 1 some input could not be parsed (each told on stderr as
one line ``Error: …``, the others still written); 2 usage errors.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import click

from . import __version__
from .api import parse
from .errors import InputUnreadableError, WireparseError
from .inputs import one_line, read_input, shown
from .model import Article
from .options import DEFAULT_MAX_BYTES, ParseOptions, coerce_date

FORMATS = ("json", "jsonl", "md")


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
    """The one place where CLI flags become ``ParseOptions``."""
    return ParseOptions.build(
        reference_date=reference_date,
        input_format=input_format,  # type: ignore[arg-type]
        max_bytes=max_bytes,
    )


def parse_options(func):  # type: ignore[no-untyped-def]
    """The flags every parsing command shares."""
    func = click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES,
                        show_default=True, help="Refuse inputs larger than this.")(func)
    func = click.option("--input-format", type=click.Choice(["auto", "text", "html", "md"]),
                        default="auto", show_default=True,
                        help="Force the reader instead of sniffing the input.")(func)
    func = click.option("--reference-date", type=ReferenceDate(), default=None,
                        help="Year source for datelines that print none (e.g. the archive "
                             "date).")(func)
    return func


class DefaultToParse(click.Group):
    """``wireparse`` alone with piped stdin parses stdin, like ``wireparse parse -``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args and not _stdin_is_terminal():
            args = ["parse", "-"]
        elif args and args[0] not in self.commands and args[0] not in ("--help", "-h",
                                                                       "--version"):
            args = ["parse", *args]
        return super().parse_args(ctx, args)


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is None or sys.stdin.isatty()
    except (AttributeError, ValueError):
        return True


@click.group(cls=DefaultToParse, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wireparse")
def cli() -> None:
    """Parse news wire copy into a clean article document (JSON, JSON Lines or Markdown).

    With no command, arguments go to `parse`; with none at all and text piped in,
    wireparse parses stdin: `cat story.txt | wireparse`.
    """


@cli.command("parse")
@click.argument("inputs", nargs=-1, metavar="[PATH|-]...")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format [default: json for one input, jsonl for several].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write here instead of stdout.")
@parse_options
def parse_command(inputs: tuple[str, ...], fmt: str | None, output: str,
                  reference_date: dt.date | None, input_format: str, max_bytes: int) -> None:
    """Parse story files (or stdin: `-` or nothing) and print the documents.

    A file that cannot be parsed is reported on stderr as one line `Error: …`; the
    others are still written, and the exit code is then 1.
    """
    if not inputs:
        inputs = ("-",)
    options = options_from_flags(reference_date, input_format, max_bytes)
    fmt = fmt or ("json" if len(inputs) == 1 else "jsonl")
    failed = 0
    try:
        out_file = click.open_file(output, "w", encoding="utf-8")
    except OSError as exc:
        raise click.FileError(shown(output), hint=exc.strerror or one_line(exc)) from None
    with out_file as out:
        for _name, article in _parse_all(inputs, options):
            if article is None:
                failed += 1
                continue
            _write(out, article, fmt)
    if failed:
        sys.exit(1)


def _parse_all(inputs: tuple[str, ...], options: ParseOptions
               ) -> Iterator[tuple[str, Article | None]]:
    for name in inputs:
        try:
            data = _read(name, options.max_bytes)
            yield name, parse(data, source=name, options=options)
        except WireparseError as exc:
            _error(f"{shown(name)}: {exc}")
            yield name, None
        except Exception as exc:  # a parser bug must not cost the other inputs their output
            if os.environ.get("WIREPARSE_DEBUG"):
                raise
            _error(f"{shown(name)}: internal error ({type(exc).__name__}: {exc}); please report it")
            yield name, None


def _read(name: str, max_bytes: int) -> bytes:
    """The bytes of a path (gunzipped for .gz) or of stdin ("-"), at most ``max_bytes`` + 1."""
    if name == "-":
        stream = getattr(sys.stdin, "buffer", sys.stdin)
        data = stream.read(max_bytes + 1)
        return data.encode("utf-8") if isinstance(data, str) else data
    try:
        if Path(name).is_dir():
            raise InputUnreadableError("is a directory (use `wireparse batch` for folders)")
        return read_input(name, max_bytes)
    except FileNotFoundError:
        raise InputUnreadableError("no such file") from None
    except PermissionError:
        raise InputUnreadableError("permission denied") from None
    except OSError as exc:
        raise InputUnreadableError(exc.strerror or one_line(exc)) from None


def _write(out: IO[str], article: Article, fmt: str) -> None:
    if fmt == "json":
        out.write(article.to_json() + "\n")
    elif fmt == "jsonl":
        out.write(article.to_json(indent=None) + "\n")
    else:
        out.write(article.to_markdown())
        out.write("\n")


def _error(message: str) -> None:
    click.echo(f"Error: {message}", err=True)


@cli.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the article document."""
    from .schema import schema_text

    click.echo(schema_text(), nl=False)


def _register_optional_commands() -> None:
    """Commands that live in their own modules (batch, inspect)."""
    from importlib import import_module

    for module, name in (("commands.batch", "batch"), ("commands.inspect", "inspect")):
        try:
            mod = import_module(f"{__package__}.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{module}":
                raise
            continue
        cli.add_command(getattr(mod, name))


_register_optional_commands()


def main() -> None:
    """Console-script entry point: usage errors exit 2, never a traceback for bad input."""
    if os.environ.get("WIREPARSE_DEBUG"):
        cli()
        return
    try:
        # Not click's standalone mode: it would turn Ctrl-C into "Aborted!" and exit code 1.
        code = cli.main(standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        _error("interrupted")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        # `wireparse x | head`: the reader left; say nothing, like other Unix tools.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
