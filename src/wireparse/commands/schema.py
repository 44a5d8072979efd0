"""``wireparse schema``: the JSON Schema of the document."""

from __future__ import annotations

import click

from .common import EXIT_CODES_HELP


@click.command("schema", epilog=EXIT_CODES_HELP)
def schema_command() -> None:
    """Print the JSON Schema of the article document."""
    from ..schema import schema_text

    click.echo(schema_text(), nl=False)
