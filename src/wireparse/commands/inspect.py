"""``wireparse inspect``: show how the parser read one story, block by block."""

from __future__ import annotations

import datetime as dt

import click
from rich.console import Console

from ..render.inspect import render_inspect
from .common import EXIT_CODES_HELP, EXIT_FAILED, options_from_flags, parse_options, parse_source


@click.command("inspect", epilog=EXIT_CODES_HELP)
@click.argument("path", metavar="PATH|-")
@click.option("--no-color", is_flag=True, help="Plain text, even on a terminal.")
@parse_options
@click.pass_context
def inspect(ctx: click.Context, path: str, no_color: bool, reference_date: dt.date | None,
            input_format: str, max_bytes: int) -> None:
    """Show each block of a story with the role it got and why, then its dateline and fields.

    The reasons are the parser's own (the rule or table row that decided). Colours only on
    a terminal; plain text when piped or with --no-color.
    """
    options = options_from_flags(reference_date, input_format, max_bytes)
    article = parse_source(path, options)
    if article is None:
        ctx.exit(EXIT_FAILED)
    console = Console(color_system=None if no_color else "auto", highlight=False)
    render_inspect(article, console)
