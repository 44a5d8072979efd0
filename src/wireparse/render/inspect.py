"""The inspection view: every input block with the role the parser gave it and the parser's
own reason (``Article.decisions``), then the dateline taken apart and the final fields.

Reads only the Article, like every renderer; nothing here second-guesses the parser.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..model import Article, Dateline, Decision

ROLE_STYLES: dict[str, str] = {
    "headline": "bold magenta",
    "standfirst": "magenta",
    "kicker": "dim magenta",
    "byline": "cyan",
    "dateline": "bold green",
    "paragraph": "",
    "subheading": "bold blue",
    "caption": "yellow",
    "credit": "yellow",
    "photo": "yellow",
    "junk": "dim red",
}
NULL = Text("null", style="dim italic")


def render_inspect(article: Article, console: Console) -> None:
    """Print the inspection view of ``article`` on ``console``."""
    console.print(inspect_view(article, console.width))


def inspect_view(article: Article, width: int = 80) -> RenderableType:
    """The blocks table, the dateline breakdown and the fields table, as one renderable."""
    return Group(
        decisions_table(article, width),
        Text(),
        dateline_table(article.dateline),
        Text(),
        fields_table(article),
    )


def decisions_table(article: Article, width: int = 80) -> Table:
    """One row per input block, in input order: its lines, the parser's reason, its text."""
    table = Table(title="Blocks as the parser saw them", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
    table.add_column("lines", justify="right", style="dim", no_wrap=True)
    # why: a third of the width shows most reasons whole (they run to ~45 characters); a
    # longer one wraps rather than starve the text of room.
    table.add_column("role: why", max_width=max(36, width // 3))
    table.add_column("text", overflow="fold")
    dateline = article.dateline.text if article.dateline else None
    for decision in article.decisions:
        table.add_row(_lines(decision), _reason(decision), _text(decision, dateline))
    if not article.decisions:
        table.add_row("", NULL, Text("(no blocks: the input is empty)", style="dim"))
    return table


def _lines(decision: Decision) -> str:
    first, last = decision.lines
    if first == 0:  # HTML blocks have no input line
        return "–"
    return str(first) if first == last else f"{first}–{last}"


def _reason(decision: Decision) -> Text:
    """The reason as the parser wrote it, its role part in the role's colour."""
    style = ROLE_STYLES.get(decision.role, "")
    head, sep, rest = decision.reason.partition(":")
    if not sep:
        return Text(decision.reason, style=style)
    return Text.assemble((head + sep, style), (rest, "dim"))


def _text(decision: Decision, dateline: str | None) -> Text:
    style = ROLE_STYLES.get(decision.role, "")
    if decision.role == "dateline" and dateline and decision.text.startswith(dateline):
        # Show where the dateline ends and the first paragraph begins.
        return Text.assemble((dateline, "bold green reverse"),
                             (decision.text[len(dateline):], ""))
    return Text(decision.text, style=style)


def dateline_table(dateline: Dateline | None) -> Table:
    """The dateline's parts, one per row (null where the dateline prints none)."""
    table = Table(title="Dateline", title_justify="left", box=box.SIMPLE_HEAD,
                  pad_edge=False, show_header=False)
    table.add_column("part", style="bold green", no_wrap=True)
    table.add_column("value", overflow="fold")
    if dateline is None:
        table.add_row("dateline", NULL)
        return table
    for key, value in dateline.to_dict().items():
        table.add_row(key, _value(value))
    return table


def fields_table(article: Article) -> Table:
    """The document's fields as the parse ended (the JSON output, summarised for the body)."""
    table = Table(title="Fields", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
                  show_header=False)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    table.add_row("headline", _value(article.headline, "headline"))
    table.add_row("standfirst", _value(article.standfirst, "standfirst"))
    table.add_row("byline", _value(article.byline, "byline"))
    table.add_row("photos", _photos(article))
    table.add_row("dateline", _value(article.dateline.text if article.dateline else None,
                                     "dateline"))
    table.add_row("body", _body(article))
    return table


def _value(value: str | None, role: str = "") -> Text:
    return NULL if value is None else Text(value, style=ROLE_STYLES.get(role, ""))


def _photos(article: Article) -> Text:
    if not article.photos:
        return Text("[]", style="dim")
    lines = [f"{p.caption or '(no caption)'} — {p.credit or '(no credit)'}"
             for p in article.photos]
    return Text("\n".join(lines), style=ROLE_STYLES["photo"])


def _body(article: Article) -> Text:
    if not article.body:
        return Text("[]", style="dim")
    paragraphs = sum(1 for b in article.body if b.type == "paragraph")
    subheadings = len(article.body) - paragraphs
    return Text(f"{paragraphs} paragraph{'s' * (paragraphs != 1)}, "
                f"{subheadings} subheading{'s' * (subheadings != 1)}")
