"""``wireparse inspect``: show how the parser read one story, block by block."""

from __future__ import annotations

import datetime as dt

import click
from rich.console import Console

from ..api import parse
from ..cli import options_from_flags, parse_options
from ..errors import WireparseError
from ..inputs import read_input, shown
from ..render.inspect import render_inspect


@click.command("inspect")
@click.argument("path", metavar="PATH|-",
                type=click.Path(exists=True, dir_okay=False, allow_dash=True))
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
    try:
        if path == "-":
            with click.open_file("-", "rb") as stdin:
                data = stdin.read(max_bytes + 1)
        else:
            data = read_input(path, max_bytes)
        article = parse(data, source=path, options=options)
    except WireparseError as exc:
        click.echo(f"Error: {shown(path)}: {exc}", err=True)
        ctx.exit(1)
    except OSError as exc:
        click.echo(f"Error: {shown(path)}: {exc.strerror or exc}", err=True)
        ctx.exit(1)
    console = Console(color_system=None if no_color else "auto", highlight=False)
    render_inspect(article, console)
