"""``wireparse validate``: check ninjs or NITF files against IPTC's schemas."""

from __future__ import annotations

import sys

import click

from ..errors import WireparseError
from ..inputs import read_source, shown
from ..options import DEFAULT_MAX_BYTES
from .common import EXIT_CODES_HELP, EXIT_FAILED, report_error


@click.command("validate", epilog=EXIT_CODES_HELP + """

\b
Also exit 1 when a file does not validate (its first errors are printed).""")
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|-...")
def validate_command(inputs: tuple[str, ...]) -> None:
    """Check ninjs (1.x, 2.x, 3.x) or NITF 3.6 files against IPTC's schemas.

    Prints `NAME: valid (ninjs 2.2)` or `NAME: invalid (NITF 3.6)` with the first errors,
    each with where it is (a JSON path or an XML line).
    """
    from ..validate import validate

    failed = 0
    for name in inputs:
        try:
            report = validate(read_source(name, DEFAULT_MAX_BYTES))
        except WireparseError as exc:
            report_error(f"{shown(name)}: {exc}")
            failed += 1
            continue
        if report.valid:
            click.echo(f"{shown(name)}: valid ({report.kind})")
        else:
            failed += 1
            click.echo(f"{shown(name)}: invalid ({report.kind})")
            for error in report.errors:
                click.echo(f"  {error}")
    if failed:
        sys.exit(EXIT_FAILED)
