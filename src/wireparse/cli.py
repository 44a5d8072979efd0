"""The ``wireparse`` command: the group, every command registered in one place, and ``main``.

The commands live in ``wireparse.commands``; what they share (flags, exit codes, the input
reader and the error policy) is in ``wireparse.commands.common``, which imports nothing from
here, so there is no import cycle.
"""

from __future__ import annotations

import difflib
import os
import sys

import click

from . import __version__
from .commands.batch import batch
from .commands.common import (
    EXIT_CODES_HELP,
    EXIT_INTERRUPTED,
    EXIT_STDOUT_CLOSED,
    OutputError,
    report_error,
)
from .commands.inspect import inspect
from .commands.parse import parse_command
from .commands.schema import schema_command
from .commands.validate import validate_command
from .commands.watch import watch

COMMANDS: tuple[click.Command, ...] = (parse_command, batch, watch, inspect, schema_command,
                                       validate_command)

# First words people type that are options of the group, not commands.
_GROUP_WORDS = {"help": "--help", "version": "--version"}
_GROUP_OPTIONS = ("-h", "--help", "-V", "--version")


class WireparseGroup(click.Group):
    """Explicit commands, with two shortcuts to ``parse``: ``wireparse FILE…`` (the first word
    an existing file, ``-`` or an option) and ``cat x | wireparse``. Any other unknown first
    word is a usage error with a suggestion, never read as a file name."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.resilient_parsing:  # shell completion: the words as typed, no shortcut
            return super().parse_args(ctx, args)
        if not args and not _stdin_is_terminal():
            args = ["parse", "-"]
        elif args and args[0] not in self.commands and _goes_to_parse(args[0]):
            args = ["parse", *args]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # Here, not in main(): click itself would turn EPIPE into exit code 1.
            _silence_stdout()
            raise click.exceptions.Exit(EXIT_STDOUT_CLOSED) from None

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name in self.commands:
            return super().resolve_command(ctx, args)
        message = f"No such command or file {name!r}."
        suggestion = _suggest(name, [*self.commands, *_GROUP_WORDS])
        if suggestion:
            message += f" Did you mean {suggestion!r}?"
        raise click.UsageError(message, ctx)


def _goes_to_parse(word: str) -> bool:
    if word == "-":
        return True
    if word.startswith("-"):
        return word not in _GROUP_OPTIONS
    return os.path.lexists(word)


def _suggest(word: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    if not close:
        return None
    return f"wireparse {_GROUP_WORDS.get(close[0], close[0])}"


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is None or sys.stdin.isatty()
    except (AttributeError, ValueError):
        return True


@click.group(cls=WireparseGroup, epilog=EXIT_CODES_HELP,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="wireparse")
def cli() -> None:
    """Parse news wire copy into a clean article document (JSON, JSON Lines or Markdown).

    `wireparse FILE…` is short for `wireparse parse FILE…`; with no arguments and text
    piped in, wireparse parses stdin: `cat story.txt | wireparse`.
    """


for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point: the error policy of ``wireparse.commands.common``."""
    if os.environ.get("WIREPARSE_DEBUG"):
        cli()
        return
    try:
        # Not click's standalone mode: it would turn Ctrl-C into "Aborted!" and exit code 1.
        code = cli.main(prog_name="wireparse", standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        report_error("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except OSError as exc:  # writing stdout failed for another reason (a full disk)
        error = OutputError(f"cannot write stdout: {exc.strerror or exc}")
        error.show()
        sys.exit(error.exit_code)
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the last buffered documents met a closed pipe
        _silence_stdout()
        code = EXIT_STDOUT_CLOSED
    sys.exit(code if isinstance(code, int) else 0)


def _silence_stdout() -> None:
    """`wireparse x | head`: the reader left. Say nothing, like other Unix tools (the exit
    code is that of a command SIGPIPE stopped, not that of a failed input), and send what is
    still buffered nowhere, so Python's own flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (a test runner)
        pass


if __name__ == "__main__":  # pragma: no cover
    main()
