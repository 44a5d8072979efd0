"""``wireparse parse``: story files (or stdin) to documents on stdout or in one file."""

from __future__ import annotations

import datetime as dt
import sys
from typing import IO

import click

from ..options import ParseOptions
from ..outputs import AtomicFile
from ..render.formats import FORMATS, DocumentWriter, OutputOptions
from ..render.tabular import TableWriter, check_field
from .common import (
    EXIT_CODES_HELP,
    EXIT_FAILED,
    cannot_write,
    ninjs_version_option,
    options_from_flags,
    parse_options,
    parse_source,
)


def _fields(ctx: click.Context, param: click.Parameter, value: str | None
            ) -> tuple[str, ...] | None:
    if value is None:
        return None
    try:
        return tuple(check_field(f.strip()) for f in value.split(",") if f.strip())
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None


@click.command("parse", epilog=EXIT_CODES_HELP)
@click.argument("inputs", nargs=-1, metavar="[PATH|-]...")
@click.option("-f", "--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="Output format [default: json for one input, jsonl for several].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Write here instead of stdout; an existing file is replaced only when a "
                   "document was made.")
@click.option("--fields", metavar="PATH[,PATH]", callback=_fields,
              help="With --format csv|tsv: the columns, dotted paths into the document "
                   "(source,headline,dateline.city,photos.0.credit,body …) [default: source, "
                   "headline, standfirst, byline, the dateline's parts, body].")
@ninjs_version_option
@parse_options
def parse_command(inputs: tuple[str, ...], fmt: str | None, output: str,
                  fields: tuple[str, ...] | None, reference_date: dt.date | None,
                  input_format: str, max_bytes: int, ninjs_version: int) -> None:
    """Parse story files (or stdin: `-` or nothing) and print the documents.

    A file that cannot be parsed is reported on stderr as one line `Error: …`; the
    others are still written, and the exit code is then 1.
    """
    if not inputs:
        inputs = ("-",)
    options = options_from_flags(reference_date, input_format, max_bytes)
    writer_class = FORMATS[fmt or ("json" if len(inputs) == 1 else "jsonl")]
    if writer_class.single and len(inputs) > 1:
        raise click.UsageError(f"--format {writer_class.name} holds one document per file: "
                               "give one input, or use `wireparse batch`")
    if fields is not None and not issubclass(writer_class, TableWriter):
        raise click.UsageError("--fields is for --format csv or tsv")
    output_options = OutputOptions(many=len(inputs) > 1, ninjs_version=ninjs_version,
                                   fields=fields)
    if output == "-":
        failed = _write_all(writer_class(sys.stdout, output_options), inputs, options)
    else:
        failed = _write_file(output, writer_class, output_options, inputs, options)
    if failed:
        sys.exit(EXIT_FAILED)


def _write_all(writer: DocumentWriter, inputs: tuple[str, ...], options: ParseOptions) -> int:
    """Parse and write each input in order; the number that failed."""
    failed = 0
    for name in inputs:
        article = parse_source(name, options)
        if article is None:
            failed += 1
        else:
            writer.write(article)
    writer.close()
    return failed


def _write_file(output: str, writer_class: type[DocumentWriter], output_options: OutputOptions,
                inputs: tuple[str, ...], options: ParseOptions) -> int:
    """``-o FILE``: written under a temporary name and renamed over FILE at the end, so FILE
    is never half-written, and is left as it was when no input could be parsed."""
    target = AtomicFile(output)
    try:
        sink: IO[str] = target.open()
    except OSError as exc:
        raise cannot_write(output, exc) from None
    try:
        writer = writer_class(sink, output_options)
        failed = _write_all(writer, inputs, options)
    except OSError as exc:  # the inputs' errors are reported by parse_source: this is FILE's
        target.abort()
        raise cannot_write(output, exc) from None
    except BaseException:
        target.abort()
        raise
    if writer.count == 0:
        target.abort()
        return failed
    try:
        target.commit()
    except OSError as exc:
        raise cannot_write(output, exc) from None
    return failed
