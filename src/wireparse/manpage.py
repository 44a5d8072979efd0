"""The man page, made from the commands' own help: ``python -m wireparse.manpage >
docs/wireparse.1`` (``tests/test_readme.py`` checks that the shipped page is this output)."""

from __future__ import annotations

import click

from . import __version__

# why: the width the help is laid out for in the page's no-fill sections; man shows them as
# they are, and 80 columns is the terminal every reader has.
HELP_WIDTH = 78


def _roff(text: str) -> str:
    """Text as troff shows it: backslashes escaped, no line taken for a request."""
    lines = []
    for line in text.replace("\\", "\\e").splitlines():
        lines.append("\\&" + line if line.startswith((".", "'")) else line)
    return "\n".join(lines)


def _help(command: click.Command, name: str, parent: click.Context | None = None) -> str:
    ctx = click.Context(command, info_name=name, parent=parent, terminal_width=HELP_WIDTH,
                        max_content_width=HELP_WIDTH, help_option_names=["-h", "--help"])
    return command.get_help(ctx)


def render_manpage(group: click.Group) -> str:
    """The wireparse(1) page in troff (man macros)."""
    root = click.Context(group, info_name="wireparse", terminal_width=HELP_WIDTH,
                         max_content_width=HELP_WIDTH, help_option_names=["-h", "--help"])
    summary = (group.help or "").strip().splitlines()[0].rstrip(".")
    out = [
        f'.TH WIREPARSE 1 "" "wireparse {__version__}" "User Commands"',
        ".SH NAME",
        f"wireparse \\- {_roff(summary[0].lower() + summary[1:])}",
        ".SH SYNOPSIS",
        ".B wireparse",
        "[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]...",
        ".br",
        ".B wireparse",
        "\\fIFILE\\fR... (short for \\fBwireparse parse\\fR \\fIFILE\\fR...)",
        ".SH DESCRIPTION",
        ".nf",
        _roff(_help(group, "wireparse")),
        ".fi",
        ".SH COMMANDS",
    ]
    for name in sorted(group.commands):
        out += [f".SS wireparse {name}", ".nf",
                _roff(_help(group.commands[name], name, root)), ".fi"]
    out += [
        ".SH ENVIRONMENT",
        ".TP",
        ".B WIREPARSE_DEBUG",
        "Set: an internal error shows its traceback instead of one line.",
        ".TP",
        ".B PAGER, LESS",
        "The pager of \\fBwireparse inspect\\fR on a terminal (default less, with LESS=FRX).",
        ".SH SEE ALSO",
        "README.md and docs/ in the source distribution: docs/SPEC.md (the document), "
        "docs/errors.md, docs/formats.md, docs/knowledge.md.",
        "",
    ]
    return "\n".join(out)


def main() -> None:
    from .cli import cli

    click.echo(render_manpage(cli), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()
