"""``wireparse inspect``: show how the parser read one story, block by block."""

from __future__ import annotations

import datetime as dt
import os

import click
from rich.console import Console

from ..render.inspect import InspectOptions, inspect_view, roles_named
from .common import EXIT_CODES_HELP, EXIT_FAILED, options_from_flags, parse_options, parse_source


def _only(ctx: click.Context, param: click.Parameter, value: str | None
          ) -> frozenset[str] | None:
    if value is None:
        return None
    try:
        return roles_named(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None


@click.command("inspect", epilog=EXIT_CODES_HELP)
@click.argument("path", metavar="PATH|-")
@click.option("--only", metavar="ROLE[,ROLE]", callback=_only,
              help="Only blocks with these roles: headline, byline, dateline, paragraph, "
                   "junk, photo, … or the groups head, body, photo, junk, metadata.")
@click.option("--full", is_flag=True,
              help="Each block's text whole [default: one line, shortened to the width].")
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]),
              default="auto", show_default=True,
              help="Colours: on a terminal only (auto), always, or never.")
@click.option("--no-color", "no_color", is_flag=True, hidden=True,
              help="The same as --color never.")
@click.option("--pager/--no-pager", default=True, show_default=True,
              help="On a terminal, page output longer than the screen ($PAGER, else less).")
@parse_options
@click.pass_context
def inspect(ctx: click.Context, path: str, only: frozenset[str] | None, full: bool, color: str,
            no_color: bool, pager: bool, reference_date: dt.date | None, input_format: str,
            max_bytes: int) -> None:
    """Show each block of a story with the role it got, the rule that gave it and the
    evidence, then its dateline and fields.

    The reasons are the parser's own (the rule id or table row that decided), with the
    evidence it kept: figures, an HTML element's path, the page metadata a field came from.
    Rows for what the envelope and trailer rules cut are shown too.
    """
    options = options_from_flags(reference_date, input_format, max_bytes)
    article = parse_source(path, options)
    if article is None:
        ctx.exit(EXIT_FAILED)
    if no_color:
        color = "never"
    console = Console(highlight=False, force_terminal=True if color == "always" else None,
                      no_color=color == "never", color_system=None if color == "never" else "auto")
    view = inspect_view(article, console.width, InspectOptions(only=only, full=full))
    if pager and console.is_terminal and not console.is_dumb_terminal:
        height = len(console.render_lines(view, pad=False))
        if height > console.height:
            # As git does: less shows colours (R), quits when the text fits (F), and leaves
            # it on the screen (X) — unless the user set LESS already.
            os.environ.setdefault("LESS", "FRX")
            with console.pager(styles=color != "never"):
                console.print(view)
            return
    console.print(view)
